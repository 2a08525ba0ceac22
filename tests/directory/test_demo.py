"""The demo data includes a listed group (public, in the feed) and a funded group still free to
ask; seeding twice changes nothing."""

from django.urls import reverse

from directory.models import Listing, ListingState
from grants.demo import seed


def test_demo_has_listed_groups_and_is_idempotent(client, db):
    seed()
    listed = Listing.objects.filter(state=ListingState.LISTED)
    assert [item.group.name for item in listed] == ["Millbrook Walkers"]
    assert listed.get().latitude is not None
    seed()
    assert Listing.objects.count() == 1
    feed = client.get(reverse("openreferral_services")).json()
    assert feed["total_items"] == 1
    page = client.get(reverse("whats_on"), {"postcode": "RV1 2AB"}).content.decode()
    assert "Millbrook Walkers" in page
