"""A funder's choice to publish its grants as open data (360Giving), and under which licence.

Only the funder's officers (the rule "manage_funder") make the choice; each change is kept in
the audit trail (`open_data_published` or `open_data_withdrawn`, with the licence). The file
itself is made by `awards.open_data` on every request, so it is always current.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_event
from core.permissions import can
from core.refusals import Refused

from ..models import Funder, OpenDataLicence


class PublishingRefused(Refused):
    """The publishing choice cannot be made (not allowed, or no licence chosen)."""


def open_data_publishing_set(funder, *, by, published, licence):
    """Publish (or stop publishing) the funder's grants as open data under `licence` (one of
    `OpenDataLicence`; needed only to publish). Returns the funder, fresh from the database."""
    if not can(by, "manage_funder", funder):
        raise PublishingRefused(_("Only the funder's officers can choose to publish open data."))
    if published and licence not in OpenDataLicence.values:
        raise PublishingRefused(_("Choose a licence from the list."))
    with transaction.atomic():
        funder = Funder.objects.select_for_update().get(pk=funder.pk)
        was_published = funder.open_data_published
        funder.open_data_published = bool(published)
        if licence in OpenDataLicence.values:
            funder.open_data_licence = licence
        if published and funder.open_data_published_at is None:
            funder.open_data_published_at = timezone.now()
        funder.save(
            update_fields=["open_data_published", "open_data_licence", "open_data_published_at"]
        )
        if published:
            event = "open_data_published"
            reason = f"Grants published as open data under {licence}."
        else:
            event = "open_data_withdrawn"
            reason = "Grants no longer published as open data."
        if published or was_published:
            record_event(funder, event, reason, by=by)
    return funder
