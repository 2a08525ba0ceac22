"""The listing's life: asked for by the group once funded, checked by an officer, hidden,
shown again, taken down — every change audited, every refusal in plain words."""

import pytest

from awards.models import AwardState
from core.audit import timeline
from core.transitions import TransitionRefused
from directory import services
from directory.models import Listing, ListingState
from tests.reports.factories import make_award

from .conftest import FILLED, TUESDAYS


def test_a_group_is_never_listed_by_default(award_a):
    assert Listing.objects.count() == 0


def test_a_group_without_an_accepted_grant_cannot_ask(funded_round, group_a, applicant):
    make_award(funded_round, group_a, 800, state=AwardState.OFFERED)
    with pytest.raises(services.NotFundedYet):
        services.listing_start(group_a, by=applicant)


def test_starting_offers_what_seedbed_knows_and_nothing_private(draft, group_a, funder):
    assert draft.state == ListingState.DRAFT
    assert draft.funder == funder
    assert draft.name == group_a.name
    assert draft.postcode == "RV1 2AB"
    assert draft.area == "Northfield"
    assert draft.theme == "food"  # from the application's "Lunch and company"
    assert draft.contact_phone == "" and draft.contact_email == ""
    assert [e.transition for e in timeline(draft)] == ["started"]


def test_asking_twice_gives_the_same_listing(draft, group_a, applicant):
    assert services.listing_start(group_a, by=applicant).pk == draft.pk


def test_an_incomplete_listing_cannot_be_sent(draft, applicant):
    draft.description = ""
    draft.save()
    with pytest.raises(TransitionRefused) as refused:
        services.listing_send_for_check(draft, by=applicant)
    assert "Add what happens." in refused.value.problems
    assert "Add when you meet." in refused.value.problems


def test_sent_then_listed_by_the_funders_officer(filled, applicant, officer):
    listing = services.listing_send_for_check(filled, by=applicant)
    assert listing.state == ListingState.AWAITING_CHECK
    listing = services.listing_approve(listing, by=officer)
    assert listing.state == ListingState.LISTED
    assert listing.checked_by == officer
    assert [e.transition for e in timeline(listing)][-2:] == ["submit", "approve"]


def test_only_the_funders_officers_check(filled, applicant, other_officer):
    listing = services.listing_send_for_check(filled, by=applicant)
    for who in (applicant, other_officer):
        with pytest.raises(TransitionRefused, match="not allowed"):
            services.listing_approve(listing, by=who)


def test_asking_for_changes_needs_a_plain_reason(filled, applicant, officer):
    listing = services.listing_send_for_check(filled, by=applicant)
    with pytest.raises(TransitionRefused, match="Say what"):
        services.listing_ask_for_changes(listing, by=officer, reason="  ")
    listing = services.listing_ask_for_changes(listing, by=officer, reason="Say where the hall is.")
    assert listing.state == ListingState.CHANGES_REQUESTED
    assert listing.feedback == "Say where the hall is."
    assert timeline(listing).last().reason == "Say where the hall is."
    listing = services.listing_send_for_check(listing, by=applicant)
    assert listing.state == ListingState.AWAITING_CHECK


def test_hide_and_show_again_unchanged(listed, applicant):
    hidden = services.listing_hide(listed, by=applicant)
    assert hidden.state == ListingState.HIDDEN
    shown = services.listing_show_again(hidden, by=applicant)
    assert shown.state == ListingState.LISTED


def test_a_changed_hidden_listing_must_be_checked_again(listed, applicant):
    hidden = services.listing_hide(listed, by=applicant)
    hidden = services.listing_save(hidden, {"cost": "£2"}, TUESDAYS, by=applicant)
    with pytest.raises(TransitionRefused, match="changed your listing"):
        services.listing_show_again(hidden, by=applicant)


def test_changing_a_listed_listing_sends_it_back_for_a_check(listed, applicant):
    changed = services.listing_save(listed, {**FILLED, "cost": "£1"}, TUESDAYS, by=applicant)
    assert changed.state == ListingState.AWAITING_CHECK
    assert changed.cost == "£1"


def test_an_officer_may_hide_and_take_down(listed, officer):
    hidden = services.listing_hide(listed, by=officer)
    assert services.listing_withdraw(hidden, by=officer).state == ListingState.WITHDRAWN


def test_taken_down_then_started_again(listed, applicant):
    gone = services.listing_withdraw(listed, by=applicant)
    with pytest.raises(TransitionRefused):
        services.listing_save(gone, FILLED, TUESDAYS, by=applicant)
    assert services.listing_start_again(gone, by=applicant).state == ListingState.DRAFT


def test_a_stranger_cannot_change_it(listed, applicant_b):
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.listing_hide(listed, by=applicant_b)


def test_plain_meeting_times(filled):
    session = filled.sessions.get()
    assert session.plain() == "Every Tuesday, 11am to 1pm"
    session.often, session.day = "first", 0
    assert session.plain() == "First Monday of the month, 11am to 1pm"
