"""Fuzzing the directory's forms: the group's listing (with its meeting times, a formset of
SessionForms on the same page), the officer's "ask for changes" note, and the public search.

The objects come from the hardening world (tests/hardening/world.py): group A's listing, listed
and checked by funder X; group A's applicant writes it, X's officer checks it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.models import AuditEvent
from directory.forms import MAX_SESSIONS, ListingForm, SessionFormSet
from directory.models import Listing, ListingState, Session
from tests.hardening.fuzz_support import FUZZ_SETTINGS, Case, covers, fuzz, post_case, rows
from tests.hardening.world import build_world, signed_in_client

pytestmark = pytest.mark.django_db

LISTING_COLUMNS = [
    "pk", "state", "name", "description", "who_for", "theme", "venue", "street", "town", "area",
    "postcode", "turn_up", "cost", "accessibility", "access_notes", "languages", "contact_name",
    "contact_email", "contact_phone", "website", "feedback", "content_changed_at",
]  # fmt: skip


@pytest.fixture
def world(db):
    return build_world()


def listing_picture():
    return (
        rows(Listing.objects.all(), *LISTING_COLUMNS),
        rows(Session.objects.all(), "pk", "listing_id", "day", "often", "starts", "ends"),
    )


# --------------------------------------------------------------------------------------------
# The group's listing, and its meeting times
# --------------------------------------------------------------------------------------------
LISTING_FIELDS = {
    "name": "text",
    "description": "text",
    "who_for": "text",
    "theme": "choice",
    "venue": "text",
    "street": "text",
    "town": "text",
    "area": "text",
    "postcode": "text",
    "turn_up": "choice",
    "cost": "text",
    "accessibility": "multi",
    "access_notes": "text",
    "languages": "text",
    "contact_name": "text",
    "contact_email": "email",
    "contact_phone": "text",
    "website": "text",
    "action": "choice",
}
TIMES_FIELDS = {
    f"times-{n}-{name}": kind
    for n in range(MAX_SESSIONS)
    for name, kind in [("day", "choice"), ("often", "choice"), ("starts", "time"),
                       ("ends", "time")]
}  # fmt: skip

LISTING_BASE = {
    "name": "Tuesday Lunch Club",
    "description": "Lunch and a chat.",
    "who_for": "Anyone.",
    "theme": "food",
    "venue": "St Mark's Hall",
    "postcode": "RV1 2AB",
    "turn_up": "yes",
    "cost": "Free",
    "languages": "English",
    "contact_email": "lunch@example.com",
    "action": "save",
    # The meeting times: the management form as the page draws it, one time filled in.
    "times-TOTAL_FORMS": str(MAX_SESSIONS),
    "times-INITIAL_FORMS": str(MAX_SESSIONS),
    "times-MIN_NUM_FORMS": "0",
    "times-MAX_NUM_FORMS": str(MAX_SESSIONS),
    "times-0-day": "1",
    "times-0-often": "weekly",
    "times-0-starts": "11:00",
    "times-0-ends": "13:00",
    **{f"times-{n}-often": "weekly" for n in range(1, MAX_SESSIONS)},
}


def saved_as_cleaned(response, overrides):
    """Accepted: the listing and its times are exactly what the forms cleaned (times kept in
    their order, empty rows left out). Refused: the harness checks nothing changed."""
    posted = {**LISTING_BASE, **overrides}
    data = {k: v for k, v in posted.items() if not isinstance(v, list)}
    form = ListingForm(data | {"accessibility": posted.get("accessibility", [])})
    times = SessionFormSet(posted, prefix="times")
    if not (form.is_valid() and times.is_valid()):
        return
    assert response.status_code == 302, f"valid values, but {response.status_code}"
    (listing,) = Listing.objects.all()
    for name in ("name", "description", "venue", "postcode", "contact_email", "turn_up"):
        assert getattr(listing, name) == form.cleaned_data[name], name
    wanted = [
        (s["day"], s["often"], s["starts"], s["ends"]) for s in (f.session() for f in times) if s
    ]
    got = list(listing.sessions.order_by("pk").values_list("day", "often", "starts", "ends"))
    assert got == wanted


def listing_case(world, form, fields):
    return Case(
        form=form,
        client=signed_in_client(world.users["applicant_a"]),
        url=reverse("directory_edit", args=[world.listing.pk]),
        fields=fields,
        base=LISTING_BASE,
        snapshot=listing_picture,
        after=saved_as_cleaned,
        max_fields=4,
    )


@covers("directory.forms.ListingForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_listing(world, data):
    fuzz(listing_case(world, "directory.forms.ListingForm", LISTING_FIELDS), data)


def test_a_bad_access_value_is_refused_with_its_message_beside_the_field(world):
    case = listing_case(world, "directory.forms.ListingForm", LISTING_FIELDS)
    post_case(case, {"accessibility": ["not-a-choice"]})


@covers("directory.forms.SessionForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_listing_times(world, data):
    """The meeting times are a formset of SessionForms on the listing page: fuzzed there."""
    fuzz(listing_case(world, "directory.forms.SessionForm", TIMES_FIELDS), data)


# --------------------------------------------------------------------------------------------
# The officer asks for changes
# --------------------------------------------------------------------------------------------
@pytest.fixture
def awaiting_check(world):
    Listing.objects.filter(pk=world.listing.pk).update(
        state=ListingState.AWAITING_CHECK, submitted_at=timezone.now() - timedelta(hours=1)
    )
    return world


def changes_asked_as_cleaned(response, overrides):
    from directory.forms import ReasonForm

    form = ReasonForm({"reason": overrides.get("reason", "Add when you meet.")})
    listing = Listing.objects.get()
    asked = AuditEvent.objects.filter(transition="request_changes").order_by("-pk").first()
    if form.is_valid() and form.cleaned_data["reason"].strip():
        assert listing.state == ListingState.CHANGES_REQUESTED
        assert listing.feedback == form.cleaned_data["reason"].strip()
        assert asked is not None
    else:
        assert listing.state == ListingState.AWAITING_CHECK
        assert asked is None


@covers("directory.forms.ReasonForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_ask_for_changes(awaiting_check, data):
    world = awaiting_check
    case = Case(
        form="directory.forms.ReasonForm",
        client=signed_in_client(world.users["officer_x"]),
        url=reverse("directory_staff_changes", args=[world.listing.pk]),
        fields={"reason": "text"},
        base={"reason": "Add when you meet."},
        snapshot=listing_picture,
        after=changes_asked_as_cleaned,
    )
    fuzz(case, data)


# --------------------------------------------------------------------------------------------
# The public search
# --------------------------------------------------------------------------------------------
@covers("directory.forms.SearchForm")
@FUZZ_SETTINGS
@given(data=st.data(), signed_in=st.booleans())
def test_fuzz_search(world, data, signed_in):
    case = Case(
        form="directory.forms.SearchForm",
        client=signed_in_client(world.users["applicant_b"] if signed_in else None),
        url=reverse("whats_on"),
        method="get",
        fields={"postcode": "text", "theme": "choice", "day": "choice", "turn_up": "bool"},
        base={"postcode": "RV1 2AB", "theme": "food"},
        snapshot=listing_picture,
        always_snapshot=True,  # searching changes nothing
    )
    fuzz(case, data)
