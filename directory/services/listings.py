"""Writing listings: starting one (offering what Seedbed already knows), saving the group's
words, and every change of state through `core.transitions.perform` (locked, permission-checked,
audited)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from awards.selectors import live_awards_for_groups
from core.audit import record_event
from core.refusals import Refused
from core.transitions import TransitionRefused, perform

from ..models import Listing, ListingState, Session
from ..themes import theme_from_words
from .locations import place

CONTENT_FIELDS = [
    "name", "description", "who_for", "theme", "venue", "street", "town", "area", "postcode",
    "turn_up", "cost", "accessibility", "access_notes", "languages", "contact_name",
    "contact_email", "contact_phone", "website",
]  # fmt: skip


class NotFundedYet(Refused):
    """A group without an accepted grant cannot be listed (yet)."""


def offered_values(group, award):
    """What Seedbed already knows, offered as a start: nothing private (no contact's phone or
    email unless the group types it in; a host organisation's name is offered as the contact)."""
    return {
        "name": group.name,
        "description": (group.what_you_do or "")[:600],
        "theme": theme_from_words(award.application.theme),
        "area": group.area,
        "postcode": group.postcode,
        "contact_name": group.host_name if group.payment_route == "host" else "",
    }


def listing_start(group, *, by):
    """The group asks to be listed: a draft, or its existing listing (never a second one)."""
    existing = Listing.objects.filter(group=group).first()
    if existing is not None:
        return existing
    awards = live_awards_for_groups([group.pk])
    if not awards:
        raise NotFundedYet(gettext("A group can be listed once it has accepted a grant."))
    with transaction.atomic():
        listing = Listing(group=group, funder_id=awards[0].funder_id)
        for field, value in offered_values(group, awards[0]).items():
            setattr(listing, field, value)
        place(listing)
        listing.save()
        record_event(
            listing, "started", "The group asked to be listed", by=by, source="", state="draft"
        )
    return listing


def listing_save(listing, values, sessions, *, by):
    """Save the group's words and meeting times. A listing that was public goes back for a
    check (and off the public pages) until an officer has seen the change."""
    with transaction.atomic():
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        if listing.state == ListingState.WITHDRAWN:
            raise TransitionRefused(gettext("This listing was taken down. Start it again first."))
        for field in CONTENT_FIELDS:
            if field in values:
                setattr(listing, field, values[field])
        place(listing)
        listing.content_changed_at = timezone.now()
        listing.save()
        listing.sessions.all().delete()
        Session.objects.bulk_create(Session(listing=listing, **s) for s in sessions)
        record_event(listing, "edited", "The listing's words or times were changed", by=by)
        if listing.state == ListingState.LISTED:
            listing = perform(listing, "submit", by=by, reason="Changed while listed")
    return listing


def listing_send_for_check(listing, *, by):
    return perform(listing, "submit", by=by, reason="Sent for a check")


def listing_approve(listing, *, by, note=""):
    return perform(listing, "approve", by=by, reason=(note or "Checked and listed").strip())


def listing_ask_for_changes(listing, *, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(gettext("Say what the group needs to change."))
    return perform(listing, "request_changes", by=by, reason=reason)


def listing_hide(listing, *, by, reason=""):
    return perform(listing, "hide", by=by, reason=(reason or "Hidden").strip())


def listing_show_again(listing, *, by):
    return perform(listing, "show_again", by=by, reason="Shown again")


def listing_withdraw(listing, *, by, reason=""):
    return perform(listing, "withdraw", by=by, reason=(reason or "Taken down").strip())


def listing_start_again(listing, *, by):
    return perform(listing, "start_again", by=by, reason="Started again")


def listing_count_view(listing):
    """One more view (a count only: nothing about who looked)."""
    Listing.objects.filter(pk=listing.pk).update(views=F("views") + 1)
