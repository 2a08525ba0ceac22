"""Issue 13, findings 6 and 7: the funder's officers set the named contact, phone, reply address
and the funder's own standard terms that letters and emails use, on a staff page (not only
through the platform admin)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from awards.services import offers as award_service
from core.models import AuditEvent
from grants.models import Funder
from tests.grants.test_award_pages import HOSTILE
from tests.grants.test_awards import offer
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db

GOOD = {
    "contact_name": "Priya Shah",
    "contact_phone": "0161 496 0123",
    "contact_email": "grants@testshire-icb.example",
    "standard_terms": "Keep receipts for six years.\n\nTell us about any safeguarding worry.",
}


def url(funder):
    return reverse("funder_contact", args=[funder.slug])


def picture(funder):
    return Funder.objects.filter(pk=funder.pk).values(*GOOD).get()


def test_an_officer_sets_the_contact_and_terms_and_the_next_letter_uses_them(
    funder, officer, client_for, open_round, group_a, applicant
):
    client = client_for(officer)
    assert url(funder) in client.get(reverse("staff_home")).text
    page = client.get(url(funder))
    assert page.status_code == 200 and "Contact and letter terms" in page.text
    response = client.post(url(funder), GOOD)
    assert response.status_code == 302
    assert picture(funder) == GOOD
    event = AuditEvent.objects.get(transition="funder_contact_changed")
    assert event.actor == officer
    text = " ".join(
        award_service.offer_letter_text(offer(open_round, group_a, applicant, officer)).split()
    )
    assert "Priya Shah" in text and "Keep receipts for six years." in text


def test_a_funder_viewer_and_another_funders_officer_cannot_change_it(
    funder, funder_viewer, other_officer, client_for
):
    before = picture(funder)
    assert client_for(funder_viewer).post(url(funder), GOOD).status_code == 403
    assert client_for(other_officer).post(url(funder), GOOD).status_code == 404
    assert picture(funder) == before


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("contact_name", "", "Enter the contact's name"),
        ("contact_email", "", "Enter the email address for replies"),
        ("contact_name", "A" * 121, "must be 120 characters or fewer"),
        ("standard_terms", "x" * 10_001, "must be 10,000 characters or fewer"),
        ("contact_email", "not an email", "Enter an email address, like grants@example.org"),
        ("contact_phone", "call me maybe", "Enter a phone number, like 0161 496 0123"),
        ("contact_name", HOSTILE, "Write plain words"),
        ("standard_terms", HOSTILE, "Write plain words"),
    ],
)
def test_bad_values_are_refused_beside_the_field_and_change_nothing(
    funder, officer, client_for, field, value, error
):
    before = picture(funder)
    response = client_for(officer).post(url(funder), {**GOOD, field: value})
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.text
    assert escape(error) in response.text
    assert HOSTILE not in response.text
    assert picture(funder) == before


def test_the_page_reads_a_fixed_number_of_queries(funder, officer, client_for):
    client = client_for(officer)
    client.get(url(funder))
    with count_queries() as queries:
        assert client.get(url(funder)).status_code == 200
    assert len(queries) <= 6, [q["sql"][:90] for q in queries.captured_queries]
