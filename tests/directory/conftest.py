from datetime import time

import pytest

from directory import services
from directory.models import PostcodePoint, Session
from tests.conftest import make_round
from tests.reports.factories import make_award

FILLED = {
    "name": "Tuesday Lunch Club",
    "description": "A hot lunch and a chat every week.",
    "who_for": "Anyone over 60 who would like company.",
    "theme": "food",
    "venue": "St Mark's Hall",
    "street": "1 Church Street",
    "town": "Riverside",
    "postcode": "RV1 2AB",
    "turn_up": True,
    "cost": "Free",
    "accessibility": ["step_free", "hearing_loop"],
    "languages": "English, Urdu",
    "contact_name": "Riverside Community Trust",
    "contact_email": "hello@lunchclub.example",
}
TUESDAYS = [{"day": Session.Day.TUESDAY, "often": "weekly", "starts": time(11), "ends": time(13)}]


@pytest.fixture
def points(db):
    """Made-up centres for the made-up RV postcodes (RV1 and RV3 about 3 km apart; RV9 far)."""
    for key, lat, lng in [
        ("RV12AB", 52.0000, -1.0000),
        ("RV34CD", 52.0270, -1.0000),
        ("RV98ZZ", 52.5000, -1.0000),
    ]:
        PostcodePoint.objects.create(postcode_key=key, latitude=lat, longitude=lng)


@pytest.fixture
def funded_round(funder):
    return make_round(funder, state="monitoring", max_grant=20000, budget=100000)


@pytest.fixture
def award_a(funded_round, group_a):
    return make_award(funded_round, group_a, 800, theme="Lunch and company")


@pytest.fixture
def draft(award_a, group_a, applicant):
    return services.listing_start(group_a, by=applicant)


@pytest.fixture
def filled(draft, applicant):
    return services.listing_save(draft, FILLED, TUESDAYS, by=applicant)


@pytest.fixture
def listed(filled, applicant, officer):
    listing = services.listing_send_for_check(filled, by=applicant)
    return services.listing_approve(listing, by=officer)
