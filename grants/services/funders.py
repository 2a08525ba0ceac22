"""Changing a funder's own details: its contact for groups and its standard terms of grant."""

from django.db import transaction

from core.audit import record_event

from ..models import Funder

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "standard_terms")


def funder_contact_update(funder, *, by, data):
    """Save the funder's contact (name, phone, reply address) and standard terms from `data`
    (cleaned form data), with an audit record naming what changed. Letters already made keep
    the contact and terms of their day; new letters and emails use these."""
    changed = [name for name in CONTACT_FIELDS if getattr(funder, name) != data[name]]
    if not changed:
        return funder
    with transaction.atomic():
        for name in changed:
            setattr(funder, name, data[name])
        Funder.objects.filter(pk=funder.pk).update(**{name: data[name] for name in changed})
        words = ", ".join(Funder._meta.get_field(name).verbose_name for name in changed)
        record_event(funder, "funder_contact_changed", f"Changed: {words}", by=by)
    return funder
