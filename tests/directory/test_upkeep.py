"""Keeping the directory true: a reminder, then hiding a listing unconfirmed for 6 months; the
officer decides about a listing whose grant was cancelled."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from awards.services.offers import award_cancel
from core.audit import timeline
from directory import services
from directory.models import Listing, ListingState
from directory.services.upkeep import GRACE, STALE_AFTER


def _age(listing, days):
    Listing.objects.filter(pk=listing.pk).update(confirmed_at=timezone.now() - timedelta(days=days))


def test_reminded_then_hidden_if_nobody_confirms(listed, outbox):
    _age(listed, STALE_AFTER.days - GRACE.days + 1)
    assert services.listings_run_daily() == {"reminded": 1, "hidden": 0}
    assert "Is your listing still right?" in mail.outbox[-1].subject
    assert services.listings_run_daily() == {"reminded": 0, "hidden": 0}  # one reminder only
    later = timezone.now() + GRACE + timedelta(days=1)
    assert services.listings_run_daily(now=later) == {"reminded": 0, "hidden": 1}
    listing = Listing.objects.get(pk=listed.pk)
    assert listing.state == ListingState.HIDDEN
    assert timeline(listing).last().reason == "Not confirmed for 6 months"


def test_confirming_keeps_it_up(client_for, applicant, listed, outbox):
    _age(listed, STALE_AFTER.days)
    services.listings_run_daily()
    client_for(applicant).post(reverse("directory_action", args=[listed.pk, "confirm"]))
    later = timezone.now() + GRACE + timedelta(days=1)
    assert services.listings_run_daily(now=later)["hidden"] == 0
    assert Listing.objects.get(pk=listed.pk).state == ListingState.LISTED


def test_a_fresh_listing_is_left_alone(listed):
    assert services.listings_run_daily() == {"reminded": 0, "hidden": 0}


def test_a_cancelled_grant_asks_the_officer(client_for, listed, award_a, officer):
    award_cancel(award_a, by=officer, reason="The group stopped meeting.")
    listing = Listing.objects.get(pk=listed.pk)
    assert listing.grant_cancelled_at is not None
    assert listing.state == ListingState.LISTED  # the officer decides
    client = client_for(officer)
    assert "keep the listing?" in client.get(reverse("directory_staff")).content.decode()
    client.post(reverse("directory_staff_take_down", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.state == ListingState.WITHDRAWN and listing.grant_cancelled_at is None


def test_the_officer_may_keep_it(client_for, listed, award_a, officer, applicant):
    award_cancel(award_a, by=officer, reason="Moved to another funder.")
    client_for(applicant).post(reverse("directory_staff_keep", args=[listed.pk]))
    assert Listing.objects.get(pk=listed.pk).grant_cancelled_at is not None  # not theirs
    client_for(officer).post(reverse("directory_staff_keep", args=[listed.pk]))
    listing = Listing.objects.get(pk=listed.pk)
    assert listing.grant_cancelled_at is None and listing.state == ListingState.LISTED
