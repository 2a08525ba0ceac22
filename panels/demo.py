"""Demo panels: the demo panel member and four more residents on the demo round's panel, and on
any other round of the funder with applications going to the panel, declarations and scores.

Registered into `core.demo.register_demo` from `PanelsConfig.ready()`. Idempotent.
"""

import random

from allauth.account.models import EmailAddress
from django.utils import timezone

from grants.accounts import ensure_account
from grants.models import ApplicationState
from grants.selectors import rounds_with_eligible_applications
from grants.services.roles import role_grant

from .models import CriterionScore, Declaration, MemberState, PanelMember, ScoreSheet
from .services import panel_for

DEMO_RESIDENTS = [
    ("panel@seedbed.example", "Rose Clarke"),
    ("panel2@seedbed.example", "Kofi Mensah"),
    ("panel3@seedbed.example", "Beth Jones"),
    ("panel4@seedbed.example", "Harun Ali"),
    ("panel5@seedbed.example", "Maggie Doyle"),
]
# How each demo resident tends to score: some are harsh, some lenient.
LEANING = [0, -1, 1, 0, 1]


def _resident(email, name):
    user = ensure_account(email)
    if not user.name:
        user.name = name
        user.save(update_fields=["name"])
    EmailAddress.objects.filter(user=user, email=email).update(verified=True)
    return user


def _active_member(panel, user, name):
    now = timezone.now()
    member, _ = PanelMember.objects.get_or_create(
        panel=panel,
        user=user,
        defaults={"name": name, "read_guide_at": now, "agreed_conduct_at": now, "joined_at": now},
    )
    if member.state == MemberState.INVITED:
        # Demo set-up only: skip the invitation steps a real resident takes.
        PanelMember.objects.filter(pk=member.pk).update(
            state=MemberState.ACTIVE,
            read_guide_at=member.read_guide_at or now,
            agreed_conduct_at=member.agreed_conduct_at or now,
            joined_at=member.joined_at or now,
        )
        member.refresh_from_db()
    if member.state == MemberState.ACTIVE:
        role_grant(user, "panel_member", round=panel.round)
    return member


def add_demo_panels(funder, rnd):
    users = [(_resident(email, name), name) for email, name in DEMO_RESIDENTS]
    rounds = [rnd] + list(rounds_with_eligible_applications(funder, excluding=rnd))
    for each in rounds:
        panel = panel_for(each)
        members = [_active_member(panel, user, name) for user, name in users]
        if panel.chair_id is None:
            type(panel).objects.filter(pk=panel.pk).update(chair=members[0])
        _declare_and_score(each, members)


def _declare_and_score(rnd, members):
    criteria = list(rnd.criteria.all())
    applications = list(rnd.applications.filter(state=ApplicationState.ELIGIBLE))
    for a_index, app in enumerate(applications):
        for m_index, member in enumerate(members):
            # One resident knows the first group well, to show a recusal.
            link = (
                Declaration.Link.WORKS_WITH
                if (a_index, m_index) == (0, 1)
                else Declaration.Link.NONE
            )
            declaration, _ = Declaration.objects.get_or_create(
                member=member,
                application=app,
                defaults={
                    "link": link,
                    "details": "I volunteer at their Tuesday session." if link != "none" else "",
                },
            )
            if declaration.is_conflict or not criteria:
                continue
            sheet, made = ScoreSheet.objects.get_or_create(member=member, application=app)
            if not made:
                continue
            chance = random.Random(f"{app.pk}-{m_index}")  # noqa: S311  (demo numbers)
            for criterion in criteria:
                value = chance.randint(1, rnd.score_max) + LEANING[m_index % len(LEANING)]
                CriterionScore.objects.create(
                    sheet=sheet, criterion=criterion, value=min(max(value, 1), rnd.score_max)
                )
            sheet.is_complete = True
            sheet.comment = "Clear and well thought through." if m_index == 2 else ""
            sheet.save()
