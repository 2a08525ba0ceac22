"""Demo listings: Millbrook Walkers (a funded demo group) listed, checked by the demo officer;
the Tuesday Lunch Club left to ask ("List us") so the whole journey can be shown. Registered
from `DirectoryConfig.ready()`; idempotent (a group with a listing is left alone)."""

from datetime import time

from awards.selectors import live_awards_for_funder
from grants.selectors import user_by_email

from .models import Access, Listing, PostcodePoint, Session
from .services import listing_approve, listing_save, listing_send_for_check, listing_start

DEMO_LISTINGS = {
    "Millbrook Walkers": {
        "values": {
            "description": "A gentle walk by the river, then tea and a chat. "
            "We go at the pace of the slowest walker.",
            "who_for": "Anyone who wants to walk and meet people. Many of us are over 60.",
            "theme": "sport",
            "venue": "Millbrook Community Centre",
            "street": "2 Mill Lane",
            "town": "Riverside",
            "turn_up": True,
            "cost": "Free",
            "accessibility": [Access.SEATING, Access.BUS],
            "languages": "English, Polish",
            "contact_name": "Millbrook Walkers",
            "contact_email": "walkers@millbrook.example",
        },
        "sessions": [
            {"day": Session.Day.TUESDAY, "often": "weekly", "starts": time(10), "ends": time(12)},
            {"day": Session.Day.SATURDAY, "often": "first", "starts": time(9), "ends": time(13)},
        ],
    },
}


# Made-up centres for the demo's made-up postcodes (a real install loads the ONS lookup with
# `manage.py load_postcode_points`).
DEMO_POINTS = {"RV12AB": (52.000, -1.000), "RV34CD": (52.027, -1.000), "RV56EF": (52.010, -1.040)}


def add_demo_listings(funder, rnd):
    for key, (lat, lng) in DEMO_POINTS.items():
        PostcodePoint.objects.get_or_create(
            postcode_key=key, defaults={"latitude": lat, "longitude": lng}
        )
    officer = user_by_email("officer@seedbed.example")
    listed = set(Listing.objects.values_list("group_id", flat=True))
    for award in live_awards_for_funder(funder.pk):
        plan = DEMO_LISTINGS.get(award.group.name)
        if plan is None or award.group_id in listed:
            continue
        member = award.group.members.first()
        listing = listing_start(award.group, by=member)
        listing = listing_save(listing, plan["values"], plan["sessions"], by=member)
        listing = listing_send_for_check(listing, by=member)
        listing_approve(listing, by=officer, note="Demo data: checked")
        listed.add(award.group_id)
