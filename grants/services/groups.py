"""Groups: the profile a group makes once and reuses for every application.

The format checks here return plain words a person can act on; forms call them so the message
appears beside the field.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Group, GroupMember
from ..permissions import forget, group_ids, supported_group_ids

# UK postcodes: outward code (A9, A9A, A99, AA9, AA9A, AA99), then inward code (9AA).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_CHARITY = re.compile(r"^(?:\d{6,7}(?:-\d{1,2})?|SC0\d{5}|NIC1\d{5})$")
_COMPANY = re.compile(r"^(?:\d{8}|(?:SC|NI|OC|SO|NC|R0|IP|SP|RS|CE|CS|GE|LP|SL|NL|FC)\d{6})$")
_PHONE_ALLOWED = re.compile(r"^[0-9 +()\-]+$")


def normalise_postcode(value):
    """'rv12ab' → 'RV1 2AB'. Raises ValidationError when it is not a UK postcode."""
    squashed = re.sub(r"\s+", "", value or "").upper()
    if not squashed:
        return ""
    match = _POSTCODE.match(squashed)
    if not match and squashed != "GIR0AA":
        raise ValidationError("Enter a real UK postcode, like LS1 4AP", code="postcode")
    return f"{squashed[:-3]} {squashed[-3:]}"


def normalise_charity_number(value):
    cleaned = re.sub(r"\s+", "", value or "").upper()
    if not cleaned:
        return ""
    if not _CHARITY.match(cleaned):
        raise ValidationError(
            "Enter a charity number like 1234567, SC012345 or NIC100001. "
            "Leave it blank if you are not a charity.",
            code="charity_number",
        )
    return cleaned


def normalise_company_number(value):
    cleaned = re.sub(r"\s+", "", value or "").upper()
    if not cleaned:
        return ""
    if cleaned.isdigit() and len(cleaned) < 8:
        cleaned = cleaned.zfill(8)
    if not _COMPANY.match(cleaned):
        raise ValidationError(
            "Enter a company number like 01234567 or SC123456. "
            "Leave it blank if you are not a company.",
            code="company_number",
        )
    return cleaned


def normalise_phone(value):
    cleaned = (value or "").strip()
    if not cleaned:
        return ""
    digits = re.sub(r"\D", "", cleaned)
    if not _PHONE_ALLOWED.match(cleaned) or not 10 <= len(digits) <= 15:
        raise ValidationError("Enter a phone number, like 07700 900123", code="phone")
    return re.sub(r"\s+", " ", cleaned)


def groups_for(user):
    """The groups `user` belongs to, by name."""
    return Group.objects.filter(pk__in=group_ids(user)).order_by("name")


def groups_helped_by(user):
    """The groups `user` supports (as a community worker or an officer)."""
    return Group.objects.filter(pk__in=supported_group_ids(user)).order_by("name")


@transaction.atomic
def create_group(values, *, by, as_helper=False):
    """Make a group from a profile form's values.

    The person who fills it in becomes a member, or (a supporter or officer making it *with*
    the group) one of the group's supporters, so they can apply with it.
    """
    group = Group.objects.create(**values)
    if as_helper:
        group.supporters.add(by)
    else:
        GroupMember.objects.create(group=group, user=by)
    forget(by)
    return group


@transaction.atomic
def update_group(group, values):
    for name, value in values.items():
        setattr(group, name, value)
    group.save()
    return group
