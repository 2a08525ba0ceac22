"""Keeping the directory true: a listing nobody has confirmed for 6 months is hidden, after a
reminder; when a group's grant is cancelled, the officer decides whether to keep its listing.

`listings_run_daily()` is run by `manage.py directory_daily` or the `directory_daily_task` task.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import notify
from core.audit import record_event
from core.transitions import perform

from ..models import Listing, ListingState

STALE_AFTER = timedelta(days=182)  # about 6 months
GRACE = timedelta(days=14)  # the reminder comes this long before hiding


def listing_confirm(listing, *, by):
    """The group says its listing is still right."""
    Listing.objects.filter(pk=listing.pk).update(confirmed_at=timezone.now(), reminded_at=None)
    record_event(listing, "confirmed", "The group says the listing is still right", by=by)
    return Listing.objects.get(pk=listing.pk)


def _group_emails(listing):
    group = listing.group
    return [e for e in (group.contact_email, group.second_contact_email) if e]


def listings_remind_and_hide(now=None):
    """Remind groups whose listing is nearly 6 months unconfirmed; hide those reminded at
    least 2 weeks ago that still have not confirmed. Returns (reminded, hidden)."""
    now = now or timezone.now()
    listed = Listing.objects.filter(state=ListingState.LISTED).select_related("group")
    unconfirmed = Q(confirmed_at__lt=now - STALE_AFTER + GRACE) | Q(confirmed_at__isnull=True)
    reminded = 0
    for listing in listed.filter(unconfirmed, reminded_at__isnull=True):
        url = settings.SEEDBED["BASE_URL"] + reverse("directory_listing", args=[listing.pk])
        notify.email(_group_emails(listing), "directory_confirm", {"listing": listing, "url": url})
        Listing.objects.filter(pk=listing.pk).update(reminded_at=now)
        record_event(listing, "reminded", "Asked the group to confirm the listing")
        reminded += 1
    hidden = 0
    for listing in listed.filter(unconfirmed, reminded_at__lte=now - GRACE):
        perform(listing, "hide", by=None, reason="Not confirmed for 6 months")
        hidden += 1
    return reminded, hidden


def listings_run_daily(now=None):
    reminded, hidden = listings_remind_and_hide(now)
    return {"reminded": reminded, "hidden": hidden}


def listing_on_grant_cancelled(group_id):
    """The group's grant was cancelled: flag its listing for the officer to decide."""
    for listing in Listing.objects.filter(group_id=group_id).exclude(state=ListingState.WITHDRAWN):
        Listing.objects.filter(pk=listing.pk).update(grant_cancelled_at=timezone.now())
        record_event(listing, "grant_cancelled", "The group's grant was cancelled: keep it?")


def listing_keep_after_cancelled_grant(listing, *, by):
    """The officer keeps the listing although the grant was cancelled."""
    Listing.objects.filter(pk=listing.pk).update(grant_cancelled_at=None)
    record_event(listing, "kept", "Kept although the grant was cancelled", by=by)
    return Listing.objects.get(pk=listing.pk)


def listing_take_down_after_cancelled_grant(listing, *, by):
    Listing.objects.filter(pk=listing.pk).update(grant_cancelled_at=None)
    return perform(listing, "withdraw", by=by, reason="The group's grant was cancelled")
