"""Demo data: a funder, a round in plain language, groups of different kinds, one user per role.

Idempotent: running it again changes nothing that is already there. Later features add to it
through hooks registered with `core.demo.register_demo` by other apps.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from core.demo import demo_hooks

from ..models import Funder, Group, GroupMember, Role, User
from .applications import seed_demo_applications
from .rounds import demo_round, finished_round

# Staff demo accounts use this authenticator-app secret, so the second step can be shown.
# It is only ever set on the demo accounts made here.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPSEEDBEDDEMO23456"  # noqa: S105  (demo only)

DEMO_USERS = [
    ("applicant@seedbed.example", "Amina Yusuf", "applicant", "Member of the Tuesday Lunch Club"),
    ("applicant2@seedbed.example", "Dave Okafor", "applicant", "Member of Millbrook Walkers"),
    ("supporter@seedbed.example", "Sam Patel", "supporter", "Social prescribing link worker"),
    ("panel@seedbed.example", "Rose Clarke", "panel_member", "Resident on the panel"),
    ("officer@seedbed.example", "Olu Ade", "officer", "Grants officer at the ICB"),
    ("viewer@seedbed.example", "Fran Moss", "funder_viewer", "Commissioning lead (reads only)"),
    ("admin@seedbed.example", "Alex Admin", "admin", "Platform operator"),
]


# The host group that holds money for the Tuesday Lunch Club.
DEMO_HOST = {
    "payment_route": Group.PaymentRoute.HOST,
    "host_name": "Riverside Community Hub",
    "host_contact_name": "Jo Bennett",
    "host_contact_email": "jo@riversidehub.example",
    "host_org_id": "1123456",
}


def _user(email, name, **extra):
    user, _ = User.objects.get_or_create(email=email, defaults={"name": name, **extra})
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def _second_factor(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


@transaction.atomic
def seed():
    funder = _demo_funder()
    rnd = _open_round(funder)
    users = _demo_people(funder, rnd)
    _first_groups(users)
    finished_round(funder, users["officer"])
    seed_demo_applications(funder, rnd, users, rounds=("open", "winter", "last"))
    for hook in demo_hooks():
        hook(funder, rnd)
    return funder, rnd, users


def _demo_funder():
    funder, _ = Funder.objects.get_or_create(
        slug="riverside-icb",
        defaults={
            "name": "NHS Riverside Integrated Care Board",
            "short_name": "Riverside ICB",
            "org_id": "GB-NHS-QXX",
            "prefix_360": "360G-riverside",
            "contact_email": "grants@riverside-icb.example",
            "contact_name": "Priya Shah, grants officer",
            # A number set aside for drama and examples: it rings nobody.
            "contact_phone": "0161 496 0123",
        },
    )
    return funder


def _open_round(funder):
    """The round open for applications now."""
    return demo_round(
        funder,
        "healthy-neighbours-2027",
        "Healthy Neighbours Fund 2027",
        summary=(
            "Money for local groups that help people feel well and less alone. "
            "Things like lunch clubs, walks, food shares and chat groups."
        ),
        who_can_apply=(
            "Any group of local people doing good things for others in Riverside. "
            "You do not need to be a charity. You need two people who are not related "
            "and do not live together."
        ),
        what_happens_next=(
            "We check your answers. Then a panel of local people reads them and votes. "
            "We will tell you by email."
        ),
        area="Riverside",
        budget=25000,
        opened_days_ago=14,
        closes_in_days=28,
        decision_in_days=70,
        state="open",
    )


def _demo_people(funder, rnd):
    """One person for each role (two applicants), staff with their second factor."""
    users = {}
    for email, name, role, _about in DEMO_USERS:
        users[role if role not in users else email] = _user(
            email, name, **({"is_staff": True, "is_superuser": True} if role == "admin" else {})
        )
    for role in ("officer", "funder_viewer", "supporter"):
        Role.objects.get_or_create(user=users[role], kind=role, funder=funder, round=None)
    Role.objects.get_or_create(
        user=users["panel_member"], kind="panel_member", round=rnd, funder=None
    )
    for role in ("officer", "funder_viewer", "admin"):
        _second_factor(users[role])

    return users


def _first_groups(users):
    """The three groups the demo people belong to or support."""
    groups = [
        (
            "Tuesday Lunch Club",
            Group.Kind.INFORMAL,
            {"area": "Northfield", "postcode": "RV1 2AB", "income_band": "under_1k", **DEMO_HOST},
            users["applicant"],
        ),
        (
            "Millbrook Walkers",
            Group.Kind.CONSTITUTED,
            {
                "area": "Millbrook",
                "postcode": "RV3 4CD",
                "income_band": "under_10k",
                "payment_route": Group.PaymentRoute.BANK,
                "bank_account_name": "Millbrook Walkers",
            },
            users["applicant2@seedbed.example"],
        ),
        (
            "Eastside Community Fridge",
            Group.Kind.CHARITY,
            {
                "area": "Eastside",
                "postcode": "RV5 6EF",
                "income_band": "under_100k",
                "charity_number": "1198765",
                "payment_route": Group.PaymentRoute.BANK,
                "bank_account_name": "Eastside Community Fridge CIO",
            },
            None,
        ),
    ]
    made = {}
    for name, kind, extra, member in groups:
        group, _ = Group.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "contact_name": member.name if member else "Priya Shah",
                "contact_email": member.email if member else "hello@eastsidefridge.example",
                "second_contact_name": "Second Contact",
                "second_contact_email": f"second@{name.split()[0].lower()}.example",
                "contacts_unrelated": True,
                "what_you_do": f"{name} brings local people together every week.",
                **extra,
            },
        )
        if member:
            GroupMember.objects.get_or_create(group=group, user=member)
        made[name] = group
    made["Eastside Community Fridge"].supporters.add(users["supporter"])
