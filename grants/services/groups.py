"""Groups: the profile a group makes once and reuses for every application.

The format checks here return plain words a person can act on; forms call them so the message
appears beside the field.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_event

from ..models import Group, GroupMember, User
from ..permissions import forget, group_ids, supported_group_ids

# UK postcodes: outward code (A9, A9A, A99, AA9, AA9A, AA99), then inward code (9AA).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_CHARITY = re.compile(r"^(?:\d{6,7}(?:-\d{1,2})?|SC0\d{5}|NIC1\d{5})$")
_COMPANY = re.compile(r"^(?:\d{8}|(?:SC|NI|OC|SO|NC|R0|IP|SP|RS|CE|CS|GE|LP|SL|NL|FC)\d{6})$")
_PHONE_ALLOWED = re.compile(r"^[0-9 +()\-]+$")


def postcode_normalise(value):
    """'rv12ab' → 'RV1 2AB'. Raises ValidationError when it is not a UK postcode."""
    squashed = re.sub(r"\s+", "", value or "").upper()
    if not squashed:
        return ""
    match = _POSTCODE.match(squashed)
    if not match and squashed != "GIR0AA":
        raise ValidationError(_("Enter a real UK postcode, like LS1 4AP"), code="postcode")
    return f"{squashed[:-3]} {squashed[-3:]}"


def charity_number_normalise(value):
    cleaned = re.sub(r"\s+", "", value or "").upper()
    if not cleaned:
        return ""
    if not _CHARITY.match(cleaned):
        raise ValidationError(
            _(
                "Enter a charity number like 1234567, SC012345 or NIC100001. "
                "Leave it blank if you are not a charity."
            ),
            code="charity_number",
        )
    return cleaned


def company_number_normalise(value):
    cleaned = re.sub(r"\s+", "", value or "").upper()
    if not cleaned:
        return ""
    if cleaned.isdigit() and len(cleaned) < 8:
        cleaned = cleaned.zfill(8)
    if not _COMPANY.match(cleaned):
        raise ValidationError(
            _(
                "Enter a company number like 01234567 or SC123456. "
                "Leave it blank if you are not a company."
            ),
            code="company_number",
        )
    return cleaned


def phone_normalise(value):
    cleaned = (value or "").strip()
    if not cleaned:
        return ""
    digits = re.sub(r"\D", "", cleaned)
    if not _PHONE_ALLOWED.match(cleaned) or not 10 <= len(digits) <= 15:
        raise ValidationError(_("Enter a phone number, like 07700 900123"), code="phone")
    return re.sub(r"\s+", " ", cleaned)


def groups_for(user):
    """The groups `user` belongs to, by name."""
    return Group.objects.filter(pk__in=group_ids(user)).order_by("name")


def groups_helped_by(user):
    """The groups `user` supports (as a community worker or an officer)."""
    return Group.objects.filter(pk__in=supported_group_ids(user)).order_by("name")


CONTACTS = (
    ("contact_email", "contact_named_by"),
    ("second_contact_email", "second_contact_named_by"),
)


@transaction.atomic
def group_create(values, *, by, as_helper=False):
    """Make a group from a profile form's values.

    The person who fills it in becomes a member, or (a supporter or officer making it *with*
    the group) one of the group's supporters, so they can apply with it. Either way the contacts
    it names are the group's people: each joins when they sign in with that email.
    """
    group = Group.objects.create(
        **values, **{named_by: by for email, named_by in CONTACTS if values.get(email)}
    )
    if as_helper:
        group.supporters.add(by)
    else:
        GroupMember.objects.create(group=group, user=by, welcomed_at=timezone.now())
    record_event(group, "group_made", by=by, label=group.name)
    forget(by)
    contacts_join_confirmed(group)
    return group


@transaction.atomic
def group_update(group, values, *, by=None):
    """Save a group's profile. A contact whose email changed was named by `by`."""
    before = Group.objects.get(pk=group.pk)  # a model form has already changed `group`
    for email, named_by in CONTACTS:
        if (
            email in values
            and (values[email] or "").lower() != (getattr(before, email) or "").lower()
        ):
            setattr(group, named_by, by if values[email] else None)
    for name, value in values.items():
        setattr(group, name, value)
    group.save()
    contacts_join_confirmed(group)
    return group


# --------------------------------------------------------------------------------------------
# A group's people: everyone named as a contact, once their email is confirmed
# --------------------------------------------------------------------------------------------
def main_contact_emails(group):
    """The two main contacts' emails, in lower case, first contact first."""
    return [e.lower() for e in (group.contact_email, group.second_contact_email) if e]


def contact_emails(group):
    """Every contact's email, in lower case: the two main contacts first, then the people the
    group added (`GroupContact`)."""
    more = [c.email.lower() for c in group.more_contacts.all()]
    return [*main_contact_emails(group), *(e for e in more if e not in main_contact_emails(group))]


def _named(group, email):
    """(who named `email` as a contact, the name given for them), or (None, "")."""
    names = ("contact_name", "second_contact_name")
    for (field, named_by), name_field in zip(CONTACTS, names, strict=True):
        if (getattr(group, field) or "").lower() == email:
            return getattr(group, f"{named_by}_id"), getattr(group, name_field)
    contact = group.more_contacts.filter(email=email).first()
    return (contact.named_by_id, contact.name) if contact else (None, "")


def _join(group, user, email):
    """Make `user` (who confirmed `email`) one of the group's people. None if they already are."""
    if GroupMember.objects.filter(group=group, user=user).exists():
        return None
    named_by, name = _named(group, email)
    try:
        with transaction.atomic():
            member = GroupMember.objects.create(group=group, user=user, added_by_id=named_by)
    except IntegrityError:  # two sign-ins at once: the other one made it
        return None
    record_event(
        group,
        "contact_joined",
        f"{email} is named as a contact of the group and confirmed it by signing in.",
        by=user,
        label=group.name,
    )
    if not user.name and name:
        User.objects.filter(pk=user.pk).update(name=name)
        user.name = name
    forget(user)
    return member


def _confirmed_emails(user):
    from allauth.account.models import EmailAddress

    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def groups_join_named(user):
    """Every group naming one of `user`'s confirmed emails as a contact takes them as one of its
    people. Called when they sign in (the emailed code confirms the email)."""
    emails = _confirmed_emails(user)
    if not emails:
        return []
    named = Q()
    for email in emails:
        named |= (
            Q(contact_email__iexact=email)
            | Q(second_contact_email__iexact=email)
            | Q(more_contacts__email=email)
        )
    joined = []
    for group in Group.objects.filter(named).exclude(memberships__user=user).distinct():
        email = next(e for e in contact_emails(group) if e in emails)
        member = _join(group, user, email)
        if member is not None:
            joined.append(member)
    return joined


def contacts_join_confirmed(group):
    """The group's contacts who have already confirmed their email (by signing in before)
    join now; the others join at their next sign-in."""
    emails = contact_emails(group)
    if not emails:
        return []
    named = Q()
    for email in emails:
        named |= Q(emailaddress__email__iexact=email, emailaddress__verified=True)
    joined = []
    for user in User.objects.filter(named).distinct():
        confirmed = _confirmed_emails(user)
        email = next(e for e in emails if e in confirmed)
        member = _join(group, user, email)
        if member is not None:
            joined.append(member)
    return joined


def welcome_words(member):
    """What a new member is told: which group they belong to and who added them."""
    group = member.group
    adder = member.added_by
    words = {"group": group.name}
    if adder is None:
        return (
            _(
                "You are one of the people of %(group)s on Seedbed. You are named as one of "
                "its contacts, so you can see its forms and grants, and accept an offer for it."
            )
            % words
        )
    words["name"] = adder.display_name
    if adder.pk in set(group.supporters.values_list("pk", flat=True)):
        return (
            _(
                "You are one of the people of %(group)s on Seedbed. %(name)s, who helps the "
                "group, named you as one of its contacts, so you can see its forms and grants, "
                "and accept an offer for it."
            )
            % words
        )
    return (
        _(
            "You are one of the people of %(group)s on Seedbed. %(name)s named you as one of "
            "its contacts, so you can see its forms and grants, and accept an offer for it."
        )
        % words
    )


def group_welcome(user):
    """The words for each group `user` joined and has not been told about yet (marked told)."""
    members = list(
        GroupMember.objects.filter(user=user, welcomed_at__isnull=True)
        .select_related("group", "added_by")
        .order_by("joined_at")
    )
    GroupMember.objects.filter(pk__in=[m.pk for m in members]).update(welcomed_at=timezone.now())
    return [welcome_words(m) for m in members]


def who_can_accept(group):
    """Who may accept an offer for the group, in plain words: its contacts (each joins when
    they sign in with their email), then its other members."""
    names = []
    contacts = set()
    for field, name_field in (
        ("contact_email", "contact_name"),
        ("second_contact_email", "second_contact_name"),
    ):
        email = (getattr(group, field) or "").lower()
        if email:
            contacts.add(email)
            names.append(f"{getattr(group, name_field) or email} ({email})")
    for contact in group.more_contacts.all():
        if contact.email not in contacts:
            contacts.add(contact.email)
            names.append(f"{contact.name} ({contact.email})")
    for member in GroupMember.objects.filter(group=group).select_related("user"):
        if member.user.email.lower() not in contacts:
            names.append(f"{member.user.display_name} ({member.user.email})")
    return names
