"""A group's people: its two main contacts (who are not related and do not live together), the
people it added by name and email, and everyone who signed in as one of them.

A group adds people and removes them here ("Your group's people"). The two main contacts always
stay: to change one, the group names someone else in its details first. Every change is kept in
the audit trail.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record_event
from core.refusals import Refused

from ..models import Group, GroupContact, GroupMember
from ..permissions import forget
from .groups import contact_emails, contacts_join_confirmed, main_contact_emails

KEEP_TWO_CONTACTS = gettext_lazy(
    "A group needs two main contacts who are not related and do not live together. To change "
    "one, first name someone else in the group's details."
)


@dataclass
class Person:
    """One line of "Your group's people"."""

    key: str  # what the page sends to remove them: "contact-<pk>" or "member-<pk>"
    name: str
    email: str
    main_contact: bool
    signed_in: bool
    added_by: str = ""

    @property
    def removable(self):
        return not self.main_contact


def people_of(group):
    """Everyone in the group, main contacts first. A bounded number of queries."""
    main = main_contact_emails(group)
    members = {
        m.user.email.lower(): m
        for m in GroupMember.objects.filter(group=group).select_related("user", "added_by")
    }
    more = list(GroupContact.objects.filter(group=group).select_related("named_by"))
    people = []
    for email, name in zip(
        (group.contact_email, group.second_contact_email),
        (group.contact_name, group.second_contact_name),
        strict=True,
    ):
        if email:
            people.append(Person("", name, email.lower(), True, email.lower() in members))
    for contact in more:
        if contact.email not in main:
            member = members.get(contact.email)
            adder = contact.named_by.display_name if contact.named_by else ""
            key = f"contact-{contact.pk}"
            people.append(Person(key, contact.name, contact.email, False, bool(member), adder))
    named = {p.email for p in people}
    for email, member in members.items():
        if email not in named:
            adder = member.added_by.display_name if member.added_by else ""
            name = member.user.display_name
            people.append(Person(f"member-{member.pk}", name, email, False, True, adder))
    return people


@transaction.atomic
def person_add(group, *, name, email, by):
    """Name one more of the group's people. They join when they sign in with that email (now,
    if they have signed in with it before)."""
    email = email.strip().lower()
    if email in contact_emails(group):
        raise Refused(_("%(email)s is already one of the group's people.") % {"email": email})
    try:
        with transaction.atomic():
            contact = GroupContact.objects.create(group=group, name=name, email=email, named_by=by)
    except IntegrityError:  # two taps at once: the other one added them
        raise Refused(
            _("%(email)s is already one of the group's people.") % {"email": email}
        ) from None
    record_event(
        group,
        "person_added",
        f"{name} ({email}) was named as one of the group's people.",
        by=by,
        label=group.name,
    )
    contacts_join_confirmed(group)
    return contact


@transaction.atomic
def person_remove(group, key, *, by):
    """Remove one of the group's people (`Person.key`): their name and email, and their place in
    the group if they signed in. Refused for the two main contacts."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    kind, _dash, pk = (key or "").partition("-")
    if not pk.isdigit() or kind not in ("contact", "member"):
        raise Refused(_("Choose someone to remove."))
    if kind == "contact":
        contact = GroupContact.objects.filter(group=group, pk=int(pk)).first()
        if contact is None:
            raise Refused(_("They are not one of the group's people now."))
        email, name = contact.email, contact.name
    else:
        member = GroupMember.objects.filter(group=group, pk=int(pk)).select_related("user").first()
        if member is None:
            raise Refused(_("They are not one of the group's people now."))
        email, name = member.user.email.lower(), member.user.display_name
    if email in main_contact_emails(group):
        raise Refused(str(KEEP_TWO_CONTACTS))
    GroupContact.objects.filter(group=group, email=email).delete()
    for member in GroupMember.objects.filter(group=group, user__email__iexact=email).select_related(
        "user"
    ):
        member.delete()
        forget(member.user)
    if kind == "member":
        GroupMember.objects.filter(group=group, pk=int(pk)).delete()
    record_event(
        group,
        "person_removed",
        f"{name} ({email}) was removed from the group's people.",
        by=by,
        label=group.name,
    )
    return name
