"""Award pages: who sees what, the forms (missing, too long, wrong type, hostile values: the
message beside the field and what was typed kept), the register's filters, totals and bounded
queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from awards.models import Award, AwardState
from awards.services.payments import payment_record
from grants.models import Group
from tests.conftest import make_group, make_user
from tests.grants.test_awards import accept, awarded_application, offer
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def assert_field_error(response, field, message):
    assert response.status_code == 200
    html = response.text
    assert f'id="id_{field}-error"' in html, f"no error beside {field}"
    assert escape(message) in html, html[html.find("govuk-error-summary") :][:1500]
    assert "govuk-error-summary" in html
    assert HOSTILE not in html


@pytest.fixture
def award(open_round, group_a, applicant, officer):
    return offer(open_round, group_a, applicant, officer)


# --------------------------------------------------------------------------------------------
# The group's pages
# --------------------------------------------------------------------------------------------
def test_the_group_sees_its_offer_and_others_do_not(
    award, client_for, applicant, applicant_b, group_b, funder_viewer, other_officer
):
    url = reverse("award_detail", args=[award.pk])
    page = client_for(applicant).get(url)
    assert page.status_code == 200
    assert "Your grant offer" in page.text and "£750" in page.text
    assert reverse("award_accept", args=[award.pk]) in page.text
    assert reverse("award_letter", args=[award.pk]) in page.text
    viewer_page = client_for(funder_viewer).get(url)
    assert viewer_page.status_code == 200
    assert reverse("award_accept", args=[award.pk]) not in viewer_page.text
    assert client_for(applicant_b).get(url).status_code == 404
    assert client_for(other_officer).get(url).status_code == 404
    assert (
        client_for(funder_viewer).get(reverse("award_accept", args=[award.pk])).status_code == 404
    )


def test_my_page_lists_the_groups_grants(award, client_for, applicant):
    page = client_for(applicant).get(reverse("my_home"))
    assert "Your grants" in page.text
    assert reverse("award_detail", args=[award.pk]) in page.text


ACCEPT_OK = {
    "payment_route": "bank",
    "payee_name": "Tuesday Lunch Club",
    "accepted_name": "Amina Yusuf",
    "two_people_agree": "on",
}


def test_accepting_through_the_page(award, client_for, applicant):
    client = client_for(applicant)
    form = client.get(reverse("award_accept", args=[award.pk]))
    assert 'value="Tuesday Lunch Club"' in form.text  # the group's bank account, to confirm
    response = client.post(reverse("award_accept", args=[award.pk]), ACCEPT_OK)
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED and award.accepted_name == "Amina Yusuf"
    again = client.get(reverse("award_accept", args=[award.pk]), follow=True)
    assert "already been answered" in again.text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"accepted_name": ""}, "accepted_name", "Enter your full name."),
        ({"accepted_name": "A" * 121}, "accepted_name", "Use 120 characters or fewer."),
        ({"accepted_name": HOSTILE}, "accepted_name", "simple punctuation"),
        ({"payee_name": ""}, "payee_name", "Enter name on the bank account"),
        ({"payee_name": "B" * 151}, "payee_name", "Use 150 characters or fewer."),
        ({"payee_name": "Hub\x00Ltd"}, "payee_name", "Remove the hidden control characters"),
        ({"payment_route": "cash"}, "payment_route", "Choose one of the two answers."),
        ({"payment_route": ""}, "payment_route", "Choose where we should send the money."),
        ({"two_people_agree": ""}, "two_people_agree", "Tick the box to say two unrelated"),
    ],
)
def test_accept_form_problems(award, client_for, applicant, change, field, message):
    data = {**ACCEPT_OK, **change}
    response = client_for(applicant).post(reverse("award_accept", args=[award.pk]), data)
    assert_field_error(response, field, message)
    for name in ("accepted_name", "payee_name"):
        if name != field and data[name]:
            assert f'value="{escape(data[name])}"' in response.text
    if field == "accepted_name" and change[field]:
        assert f'value="{escape(change[field])}"' in response.text
    award.refresh_from_db()
    assert award.state == AwardState.OFFERED


def test_accepting_after_the_deadline_is_explained(award, client_for, applicant):
    Award.objects.filter(pk=award.pk).update(accept_by=timezone.localdate() - timedelta(days=1))
    response = client_for(applicant).post(reverse("award_accept", args=[award.pk]), ACCEPT_OK)
    assert response.status_code == 200
    assert "The time to accept this offer ended" in response.text
    assert 'value="Amina Yusuf"' in response.text


def test_declining_through_the_page(award, client_for, applicant):
    url = reverse("award_decline", args=[award.pk])
    too_long = client_for(applicant).post(url, {"reason": "x" * 2001})
    assert_field_error(too_long, "reason", "Use 2,000 characters or fewer.")
    assert "x" * 2001 in too_long.text
    response = client_for(applicant).post(url, {"reason": HOSTILE})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.state == AwardState.DECLINED and award.decline_reason == HOSTILE
    page = client_for(applicant).get(reverse("award_detail", args=[award.pk]))
    assert HOSTILE not in page.text


# --------------------------------------------------------------------------------------------
# The officer's offer form
# --------------------------------------------------------------------------------------------
OFFER_OK = {
    "amount": "700",
    "conditions": "",
    "start_date": "2027-04-01",
    "end_date": "2028-03-31",
    "accept_by": (timezone.localdate() + timedelta(days=20)).isoformat(),
    "geo_code": "",
    "geo_code_type": "",
}


@pytest.fixture
def awarded(open_round, group_a, applicant, officer):
    return awarded_application(open_round, group_a, applicant, officer)


def test_making_an_offer_through_the_page(awarded, client_for, officer, outbox):
    client = client_for(officer)
    url = reverse("staff_make_offer", args=[awarded.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="800"' in form.text
    response = client.post(url, {**OFFER_OK, "geo_code": "e05011234", "geo_code_type": "WD"})
    award = Award.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staff_award", args=[award.pk]
    )
    assert (award.amount, award.geo_code, award.geo_code_type) == (700, "E05011234", "WD")
    assert (award.start_date, award.end_date, award.accept_by) == (
        date.fromisoformat(OFFER_OK["start_date"]),
        date.fromisoformat(OFFER_OK["end_date"]),
        date.fromisoformat(OFFER_OK["accept_by"]),
    )
    assert len(outbox) == 1
    # A second visit goes to the award, not a second offer.
    assert client.get(url)["Location"] == reverse("staff_award", args=[award.pk])


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": ""}, "amount", "Enter the amount to offer."),
        ({"amount": "seven hundred"}, "amount", "Enter a whole number of pounds, like 750."),
        ({"amount": "0"}, "amount", "Enter an amount of at least £1."),
        ({"amount": HOSTILE}, "amount", "Enter a whole number of pounds"),
        ({"conditions": "c" * 3001}, "conditions", "Use 3,000 characters or fewer."),
        ({"end_date": "2027-03-01"}, "end_date", "on or after the start date"),
        ({"start_date": "next week"}, "start_date", "Enter a real date"),
        ({"accept_by": ""}, "accept_by", "Enter the accept by."),
        ({"accept_by": "2020-01-01"}, "accept_by", "today or later"),
        ({"geo_code": "NOTACODE"}, "geo_code", "a letter and 8 numbers"),
        ({"geo_code": "E05011234"}, "geo_code_type", "Choose what kind of area"),
        ({"geo_code_type": "XX"}, "geo_code_type", "Choose a kind of area from the list."),
    ],
)
def test_offer_form_problems(awarded, client_for, officer, change, field, message):
    data = {**OFFER_OK, **change}
    response = client_for(officer).post(reverse("staff_make_offer", args=[awarded.pk]), data)
    assert_field_error(response, field, message)
    typed = change.get(field)
    if typed and field != "geo_code_type" and field != "conditions":
        assert f'value="{escape(typed)}"' in response.text
    if field == "conditions":
        assert "c" * 3001 in response.text
    assert not Award.objects.exists()


def test_conditions_with_markup_are_kept_as_text(awarded, client_for, officer, applicant):
    client_for(officer).post(
        reverse("staff_make_offer", args=[awarded.pk]), {**OFFER_OK, "conditions": HOSTILE}
    )
    award = Award.objects.get()
    assert award.conditions == HOSTILE
    page = client_for(applicant).get(reverse("award_detail", args=[award.pk]))
    assert escape(HOSTILE) in page.text and HOSTILE not in page.text


def test_only_the_funders_officers_make_offers(
    awarded, client_for, funder_viewer, other_officer, applicant
):
    url = reverse("staff_make_offer", args=[awarded.pk])
    assert client_for(funder_viewer).get(url).status_code == 404
    assert client_for(other_officer).get(url).status_code == 404
    assert client_for(applicant).get(url).status_code == 403


# --------------------------------------------------------------------------------------------
# Changes and cancelling through the pages
# --------------------------------------------------------------------------------------------
def test_changing_an_award_through_the_pages(award, applicant, officer, client_for):
    accept(award, applicant)
    client = client_for(officer)
    url = reverse("staff_award_vary", args=[award.pk])
    nothing = client.post(url, {"reason": "Because"})
    assert_field_error(nothing, "amount", "Change the amount or a date.")
    assert "Because" in nothing.text
    no_reason = client.post(url, {"amount": "900", "reason": ""})
    assert_field_error(no_reason, "reason", "Enter why is it changing?")
    assert 'value="900"' in no_reason.text
    assert client.post(url, {"amount": "900", "reason": "More sessions"}).status_code == 302
    page = client.get(reverse("staff_award", args=[award.pk]))
    assert "Change waiting to be agreed" in page.text
    # The officer's own proposal applies only once the group agrees (here, by phone).
    client.post(reverse("staff_award_variation_agreed", args=[award.pk]), {"reason": ""})
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.VARIED, 750)
    client.post(
        reverse("staff_award_variation_agreed", args=[award.pk]),
        {"reason": "Agreed by phone with Amina"},
    )
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.ACCEPTED, 900)


def test_cancelling_through_the_page(award, applicant, officer, client_for):
    accept(award, applicant)
    payment_record(award, by=officer, amount=200, payee="group")
    client = client_for(officer)
    url = reverse("staff_award_cancel", args=[award.pk])
    assert_field_error(
        client.post(url, {"reason": "", "amount_to_recover": "50"}), "reason", "Enter why"
    )
    wrong = client.post(url, {"reason": "Closed", "amount_to_recover": "lots"})
    assert_field_error(wrong, "amount_to_recover", "Enter a whole number of pounds")
    assert 'value="lots"' in wrong.text
    too_much = client.post(url, {"reason": "Closed", "amount_to_recover": "500"})
    assert "You cannot get back more than was paid (£200)." in too_much.text
    assert client.post(url, {"reason": "Closed", "amount_to_recover": "200"}).status_code == 302
    award.refresh_from_db()
    assert (award.state, award.amount_to_recover) == (AwardState.CANCELLED, 200)


def test_a_funder_viewer_reads_the_award_but_cannot_change_it(award, funder_viewer, client_for):
    client = client_for(funder_viewer)
    page = client.get(reverse("staff_award", args=[award.pk]))
    assert page.status_code == 200
    assert reverse("staff_award_cancel", args=[award.pk]) not in page.text
    assert client.get(reverse("staff_award_cancel", args=[award.pk])).status_code == 404


# --------------------------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------------------------
def _many_awards(rnd, officer, n, start=0):
    for i in range(start, start + n):
        member = make_user(f"member{i}@example.com", f"Member {i}")
        kind = Group.Kind.CHARITY if i % 2 else Group.Kind.INFORMAL
        group = make_group(
            f"Group {i}", member, kind=kind, area="Eastside" if i % 3 else "Northfield"
        )
        award = offer(rnd, group, member, officer, amount=100 + i)
        if i % 2:
            award = accept(award, member)
            payment_record(award, by=officer, amount=50, payee="group")


def test_the_register_filters_and_totals(open_round, officer, client_for, funder):
    _many_awards(open_round, officer, 6)
    client = client_for(officer)
    url = reverse("award_register", args=[funder.slug])
    everything = client.get(url)
    assert everything.status_code == 200
    assert everything.context["count"] == 6
    assert everything.context["totals"].paid == 150
    charities = client.get(url, {"kind": "charity"})
    assert charities.context["count"] == 3
    assert {a.group.kind for a in charities.context["page"]} == {"charity"}
    accepted = client.get(url, {"state": "accepted", "area": "eastside", "round": open_round.pk})
    assert {a.state for a in accepted.context["page"]} == {"accepted"}
    assert {a.group.area for a in accepted.context["page"]} == {"Eastside"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"round": "abc"}, "round", "Choose a round from the list."),
        ({"state": "stolen"}, "state", "Choose from the list."),
        ({"kind": "x"}, "kind", "Choose from the list."),
        ({"area": "a" * 121}, "area", "Use 120 characters or fewer."),
        ({"area": HOSTILE}, "area", "simple punctuation"),
    ],
)
def test_register_filter_problems(open_round, officer, client_for, funder, params, field, message):
    response = client_for(officer).get(reverse("award_register", args=[funder.slug]), params)
    assert_field_error(response, field, message)
    if field == "area":
        assert escape(params["area"]) in response.text


def test_the_register_uses_the_same_number_of_queries_for_ten_times_the_awards(
    open_round, officer, client_for, funder
):
    client = client_for(officer)
    url = reverse("award_register", args=[funder.slug])
    _many_awards(open_round, officer, 3)
    client.get(url)
    with count_queries() as few:
        client.get(url)
    _many_awards(open_round, officer, 27, start=3)
    with count_queries() as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_register_is_for_the_funders_staff(
    funder, client_for, funder_viewer, other_officer, applicant
):
    url = reverse("award_register", args=[funder.slug])
    assert client_for(funder_viewer).get(url).status_code == 200
    assert client_for(other_officer).get(url).status_code == 404
    assert client_for(applicant).get(url).status_code == 403


def test_the_register_lists_funded_applications_waiting_for_an_offer(
    open_round, group_a, applicant, officer, client_for, funder
):
    app = awarded_application(open_round, group_a, applicant, officer)
    page = client_for(officer).get(reverse("award_register", args=[funder.slug]))
    assert reverse("staff_make_offer", args=[app.pk]) in page.text


def test_the_staff_home_links_to_the_register(funder, officer, client_for):
    page = client_for(officer).get(reverse("staff_home"))
    assert reverse("award_register", args=[funder.slug]) in page.text


def test_dates_in_the_past_are_fine_for_project_dates(awarded, client_for, officer):
    data = {**OFFER_OK, "start_date": "1/4/2026", "end_date": str(date(2026, 12, 31))}
    response = client_for(officer).post(reverse("staff_make_offer", args=[awarded.pk]), data)
    award = Award.objects.get(application=awarded)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_award", args=[award.pk])
    # "1/4/2026" is the first of April (day first, as people in the UK write it).
    assert (award.start_date, award.end_date) == (date(2026, 4, 1), date(2026, 12, 31))
