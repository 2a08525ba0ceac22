"""Reads of the directory: public searches ("What's on near you", the Open Referral feed), a
person's listings, and the officers' list to check. Each read is a fixed number of queries."""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext

from awards.selectors import live_awards_for_groups
from grants.permissions import funder_ids, group_ids, supported_group_ids
from grants.selectors import groups_by_pks
from reports.areas import postcode_key

from .models import Listing, ListingState, district_of
from .services.locations import point_of

EARTH_RADIUS_KM = 6371.0
DEFAULT_RADIUS_KM = 8.0  # about 5 miles


def public_listings():
    """Listed listings only (hidden, waiting, withdrawn never show), with their times."""
    return Listing.objects.filter(state=ListingState.LISTED).prefetch_related("sessions")


def public_listing(public_id):
    return public_listings().filter(public_id=public_id).first()


def distance_km(a, b):
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass
class Found:
    results: list = field(default_factory=list)  # [(listing, distance in km or None)]
    how: str = ""  # "distance", "district" or ""
    postcode_known: bool = True


def filtered(queryset, *, theme="", day=None, turn_up=False, text=""):
    if theme:
        queryset = queryset.filter(theme=theme)
    if day is not None:
        queryset = queryset.filter(sessions__day=day).distinct()
    if turn_up:
        queryset = queryset.filter(turn_up=True)
    if text:
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(who_for__icontains=text)
        )
    return queryset


def _outward_only(value):
    """A postcode district typed alone (RV1), or ""."""
    key = postcode_key(value)
    return key if 2 <= len(key) <= 4 and key[0].isalpha() and key[-1].isdigit() else ""


def near(queryset, postcode, radius_km=DEFAULT_RADIUS_KM):
    """Listings near a postcode: by distance where both points are known (nearest first),
    else those in the same postcode district."""
    point = point_of(postcode)
    district = district_of(postcode) or _outward_only(postcode)
    if point is None:
        results = [(listing, None) for listing in queryset if listing.postcode_district == district]
        return Found(results, "district", postcode_known=bool(district))
    # A box around the point first (cheap, in the database), then the real distance.
    dlat = radius_km / 111.0
    dlng = radius_km / (111.0 * max(math.cos(math.radians(point[0])), 0.01))
    boxed = queryset.filter(
        Q(latitude__range=(point[0] - dlat, point[0] + dlat),
          longitude__range=(point[1] - dlng, point[1] + dlng))
        | Q(latitude__isnull=True)
    )  # fmt: skip
    results = []
    for listing in boxed:
        if listing.latitude is None:
            if listing.postcode_district == district:
                results.append((listing, None))
            continue
        distance = distance_km(point, (listing.latitude, listing.longitude))
        if distance <= radius_km:
            results.append((listing, distance))
    results.sort(key=lambda pair: (pair[1] is None, pair[1] or 0, pair[0].name))
    return Found(results, "distance")


def search(*, postcode="", theme="", day=None, turn_up=False, text=""):
    queryset = filtered(public_listings(), theme=theme, day=day, turn_up=turn_up, text=text)
    if postcode:
        return near(queryset, postcode)
    return Found([(listing, None) for listing in queryset], "")


def listings_for_person(user):
    """The groups a person belongs to or supports: (group, its listing or None, whether it has
    a real grant, so may ask to be listed)."""
    ids = group_ids(user) | supported_group_ids(user)
    if not ids:
        return []
    listings = {listing.group_id: listing for listing in Listing.objects.filter(group_id__in=ids)}
    funded = {award.group_id for award in live_awards_for_groups(ids)}
    return [(group, listings.get(group.pk), group.pk in funded) for group in groups_by_pks(ids)]


def listings_for_staff(user):
    """Listings for the funders this person works for, waiting ones first."""
    queryset = Listing.objects.select_related("group").order_by("submitted_at", "name")
    if not user.is_superuser:
        queryset = queryset.filter(funder_id__in=funder_ids(user, "officer", "funder_viewer"))
    return queryset


def counts_for_funder(funder_id):
    """Listed groups and listing views for a funder's dashboard (counts only)."""
    listed = Listing.objects.filter(funder_id=funder_id, state=ListingState.LISTED)
    totals = listed.aggregate(groups=Count("pk"))
    views = sum(listed.values_list("views", flat=True))
    return {"listed_groups": totals["groups"], "listing_views": views}


def headline_figures(funder):
    """The funder's dashboard and board PDF: how many funded groups social prescribers and
    residents can now find, and how often their listings were read (counts only)."""
    counts = counts_for_funder(funder.pk)
    return [
        (
            "listed_groups",
            gettext("Funded groups people can find in What's on near you"),
            counts["listed_groups"],
        ),
        ("listing_views", gettext("Times those listings were read"), counts["listing_views"]),
    ]
