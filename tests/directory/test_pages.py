"""The group's, the officers' and the public pages, through the test client."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import services
from directory.models import Listing, ListingState, Session

from .conftest import FILLED, TUESDAYS


def _form_data(**extra):
    data = {k: v for k, v in FILLED.items() if k not in ("turn_up", "accessibility")}
    data.update({"turn_up": "yes", "accessibility": ["step_free"]})
    data.update(
        {
            "times-TOTAL_FORMS": "4",
            "times-INITIAL_FORMS": "0",
            "times-0-day": "1",
            "times-0-often": "weekly",
            "times-0-starts": "11:00",
            "times-0-ends": "13:00",
        }
    )
    for i in (1, 2, 3):
        data.update({f"times-{i}-day": "", f"times-{i}-often": "weekly"})
        data.update({f"times-{i}-starts": "", f"times-{i}-ends": ""})
    data.update(extra)
    return data


def test_your_page_offers_list_us_only_once_funded(client_for, applicant, group_a, award_a):
    page = client_for(applicant).get(reverse("my_home")).content.decode()
    assert "List us" in page


def test_your_page_without_a_grant_says_when(client_for, applicant, group_a):
    page = client_for(applicant).get(reverse("directory_mine")).content.decode()
    assert "List us" not in page
    assert "once you have accepted a grant" in page


def test_list_us_then_fill_in_and_send(client_for, applicant, group_a, award_a):
    client = client_for(applicant)
    response = client.post(reverse("directory_list_us", args=[group_a.pk]))
    listing = Listing.objects.get(group=group_a)
    assert response.url == reverse("directory_edit", args=[listing.pk])
    form = client.get(response.url).content.decode()
    assert 'value="RV1 2AB"' in form  # offered, not re-asked
    response = client.post(response.url, _form_data(action="send"))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.state == ListingState.AWAITING_CHECK
    assert listing.sessions.get().plain() == "Every Tuesday, 11am to 1pm"


def test_bad_input_is_shown_beside_the_field_and_kept(client_for, applicant, draft):
    data = _form_data(postcode="RV1", **{"times-0-ends": "10:00"})
    page = client_for(applicant).post(reverse("directory_edit", args=[draft.pk]), data)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Enter a full postcode" in text
    assert "The finish time must be after the start time." in text
    assert 'value="RV1"' in text
    assert "A hot lunch and a chat every week." in text


def test_someone_elses_listing_is_not_found(client_for, applicant_b, draft):
    client = client_for(applicant_b)
    assert client.get(reverse("directory_listing", args=[draft.pk])).status_code == 404
    assert client.get(reverse("directory_edit", args=[draft.pk])).status_code == 404


def test_group_hides_its_listing_from_its_page(client_for, applicant, listed):
    client = client_for(applicant)
    client.post(reverse("directory_action", args=[listed.pk, "hide"]))
    listed.refresh_from_db()
    assert listed.state == ListingState.HIDDEN
    public = client.get(reverse("whats_on_listing", args=[listed.public_id]))
    assert public.status_code == 404


def test_a_refused_action_is_a_message_not_an_error(client_for, applicant, draft):
    client = client_for(applicant)
    response = client.post(reverse("directory_action", args=[draft.pk, "submit"]), follow=True)
    assert response.status_code == 200
    assert "Add when you meet." in response.content.decode()


def test_officer_checks_and_lists(client_for, officer, applicant, filled):
    services.listing_send_for_check(filled, by=applicant)
    client = client_for(officer)
    assert "Tuesday Lunch Club" in client.get(reverse("directory_staff")).content.decode()
    client.post(reverse("directory_staff_approve", args=[filled.pk]))
    filled.refresh_from_db()
    assert filled.state == ListingState.LISTED


def test_officer_asks_for_changes_with_a_reason(client_for, officer, applicant, filled):
    services.listing_send_for_check(filled, by=applicant)
    client = client_for(officer)
    empty = client.post(reverse("directory_staff_changes", args=[filled.pk]), {"reason": ""})
    assert "Say what the group needs to change." in empty.content.decode()
    client.post(reverse("directory_staff_changes", args=[filled.pk]), {"reason": "Add the hall."})
    filled.refresh_from_db()
    assert filled.state == ListingState.CHANGES_REQUESTED
    page = client_for(applicant).get(reverse("directory_listing", args=[filled.pk]))
    assert "Add the hall." in page.content.decode()


def test_another_funders_officer_cannot_see_it(client_for, other_officer, filled):
    page = client_for(other_officer).get(reverse("directory_staff_listing", args=[filled.pk]))
    assert page.status_code == 404


def test_whats_on_needs_no_sign_in_and_counts_views(client, listed):
    page = client.get(reverse("whats_on")).content.decode()
    assert "Tuesday Lunch Club" in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]
    client.get(reverse("whats_on_listing", args=[listed.public_id]))
    listed.refresh_from_db()
    assert listed.views == 1
    printable = client.get(reverse("whats_on_print", args=[listed.public_id])).content.decode()
    assert "Every Tuesday, 11am to 1pm" in printable


def test_search_by_distance_theme_day_and_turn_up(client, points, listed):
    def names(**params):
        page = client.get(reverse("whats_on"), params).content.decode()
        return "Tuesday Lunch Club" in page

    assert names(postcode="rv3 4cd")  # about 3 km away
    assert "km away" in client.get(reverse("whats_on"), {"postcode": "RV3 4CD"}).content.decode()
    assert not names(postcode="RV9 8ZZ")  # far away
    assert names(theme="food") and not names(theme="sport")
    assert names(day=str(Session.Day.TUESDAY)) and not names(day=str(Session.Day.FRIDAY))
    Listing.objects.filter(pk=listed.pk).update(turn_up=False)
    assert not names(turn_up="on")


def test_search_falls_back_to_the_postcode_district(client, listed):
    page = client.get(reverse("whats_on"), {"postcode": "RV1 9XX"}).content.decode()
    assert "Tuesday Lunch Club" in page and "same postcode area" in page
    assert (
        "Tuesday Lunch Club"
        not in client.get(reverse("whats_on"), {"postcode": "RV7 1AA"}).content.decode()
    )


def test_only_listed_listings_are_public(client, filled):
    assert "Tuesday Lunch Club" not in client.get(reverse("whats_on")).content.decode()
    assert client.get(reverse("whats_on_listing", args=[filled.public_id])).status_code == 404


def test_whats_on_uses_a_bounded_number_of_queries(client, listed, applicant, group_b):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("whats_on"), {"postcode": "RV1 2AB"})
        return len(queries)

    before = count()
    for n in range(5):
        copy = Listing.objects.get(pk=listed.pk)
        copy.pk, copy.public_id = None, uuid.uuid4()
        copy.group = type(group_b).objects.create(name=f"Group {n}", kind="informal")
        copy.save()
        Session.objects.create(listing=copy, **TUESDAYS[0])
    Listing.objects.update(state=ListingState.LISTED)
    assert count() == before
