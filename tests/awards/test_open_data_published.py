"""A funder publishes its 360Giving file at a stable public address (issue 19): chosen by its
officers on a staff page (second factor, audited), under an open licence from a short list;
`/open-data/<funder>/grants.json` (and .csv, .xlsx) made from the ledger on each request, so a
change to an award shows in the next download; 404 when the funder has not chosen to publish."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards import open_data
from awards.services.payments import payment_record
from core.models import AuditEvent
from grants.models import Funder, Group
from grants.services.publishing import open_data_publishing_set
from tests.conftest import make_group, make_user
from tests.grants.test_awards import accept, offer
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db


def public_url(funder, fmt="json"):
    return reverse("open_data_public", args=[funder.slug, fmt])


def settings_url(funder):
    return reverse("open_data_settings", args=[funder.slug])


def publishing(funder):
    funder = Funder.objects.get(pk=funder.pk)
    return funder.open_data_published, funder.open_data_licence


def grant_for(open_round, officer, name, *, amount=800, **group_values):
    member = make_user(f"{name.split()[0].lower()}@example.com", "Amina Yusuf")
    group = make_group(
        name, member, contact_name="Amina Yusuf", contact_phone="07700 900123", **group_values
    )
    return accept(offer(open_round, group, member, officer, amount=amount), member)


@pytest.fixture
def published(funder, officer):
    open_data_publishing_set(funder, by=officer, published=True, licence="CC-BY-4.0")
    return funder


# --------------------------------------------------------------------------------------------
# The public address
# --------------------------------------------------------------------------------------------
def test_not_published_means_not_found(funder, open_round, officer, client):
    grant_for(open_round, officer, "Walkers")
    for fmt in ("json", "csv", "xlsx"):
        assert client.get(public_url(funder, fmt)).status_code == 404


def test_published_files_for_anyone(published, open_round, officer, client):
    grant_for(open_round, officer, "Walkers", postcode="RV1 2AB")
    response = client.get(public_url(published))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert len(data["grants"]) == 1
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"

    text = client.get(public_url(published, "csv"))
    assert text["Content-Type"] == "text/csv; charset=utf-8"
    assert text["Cache-Control"] == "public, max-age=300"
    [header, row] = list(csv.reader(io.StringIO(text.content.decode())))
    assert header[0] == "Identifier" and row[0] == data["grants"][0]["id"]

    sheet = client.get(public_url(published, "xlsx"))
    assert load_workbook(io.BytesIO(sheet.content)).active.max_row == 2

    assert client.head(public_url(published)).status_code == 200  # a registry checking the link
    assert client.post(public_url(published)).status_code == 405
    assert client.get(public_url(published, "pdf")).status_code == 404
    assert client.get(reverse("open_data_public", args=["nobody", "json"])).status_code == 404


def test_the_public_file_holds_no_personal_data(published, open_round, officer, client):
    grant_for(
        open_round,
        officer,
        "Lunch Club",
        payment_route=Group.PaymentRoute.HOST,
        host_name="Riverside Community Hub",
        host_contact_name="Jo Bennett",
        host_contact_email="jo@hub.example",
        host_org_id="1123456",
    )
    everything = b"".join(
        client.get(public_url(published, fmt)).content for fmt in ("json", "csv")
    ).decode()
    for private in ("Amina", "Yusuf", "Jo Bennett", "@", "07700", "RV1"):
        assert private not in everything, private


def test_a_change_to_an_award_shows_in_the_next_download(published, open_round, officer, client):
    award = grant_for(open_round, officer, "Walkers", amount=800)
    [before] = json.loads(client.get(public_url(published)).content)["grants"]
    assert before["amountDisbursed"] == 0
    payment_record(award, by=officer, amount=300, payee="group")
    grant_for(open_round, officer, "Knitters")
    after = json.loads(client.get(public_url(published)).content)["grants"]
    assert len(after) == 2
    assert {g["id"]: g for g in after}[before["id"]]["amountDisbursed"] == 300


def test_published_with_no_grants_yet_says_so(published, client):
    response = client.get(public_url(published))
    assert response.status_code == 404
    assert b"no grants" in response.content.lower()


def test_the_public_file_takes_the_same_queries_for_more_grants(
    published, open_round, officer, client
):
    grant_for(open_round, officer, "Walkers")
    with count_queries() as few:
        client.get(public_url(published))
    for n in range(9):
        grant_for(open_round, officer, f"Club{n} Group", postcode="RV3 4CD")
    with count_queries() as many:
        response = client.get(public_url(published))
    assert len(json.loads(response.content)["grants"]) == 10
    assert len(many) == len(few) <= 8


# --------------------------------------------------------------------------------------------
# The officers' page
# --------------------------------------------------------------------------------------------
def test_an_officer_publishes_under_a_licence_and_it_is_audited(funder, officer, client_for):
    client = client_for(officer)
    with count_queries() as queries:
        page = client.get(settings_url(funder))
    assert page.status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries.captured_queries]
    assert "Open Government Licence" in page.text
    assert reverse("open_data_export", args=[funder.slug, "xlsx"]) in page.text  # look first
    response = client.post(settings_url(funder), {"published": "yes", "licence": "OGL-UK-3.0"})
    assert response.status_code == 302
    assert publishing(funder) == (True, "OGL-UK-3.0")
    event = AuditEvent.objects.get(transition="open_data_published")
    assert event.actor == officer and "OGL-UK-3.0" in event.reason
    shown = client.get(settings_url(funder)).text
    assert "/open-data/testshire-icb/grants.json" in shown

    client.post(settings_url(funder), {"published": "no", "licence": "OGL-UK-3.0"})
    assert publishing(funder)[0] is False
    assert AuditEvent.objects.filter(transition="open_data_withdrawn").count() == 1


@pytest.mark.parametrize(
    "values,field,message",
    [
        ({}, "published", "Say whether to publish"),
        ({"published": "yes"}, "licence", "Choose a licence"),
        ({"published": "maybe", "licence": "CC0-1.0"}, "published", "Say whether to publish"),
        ({"published": "yes", "licence": "x" * 5000}, "licence", "Choose a licence"),
        ({"published": "yes", "licence": "<script>alert(1)</script>"}, "licence", "Choose"),
    ],
)
def test_bad_answers_are_refused_beside_the_field(
    funder, officer, client_for, values, field, message
):
    response = client_for(officer).post(settings_url(funder), values)
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.text
    assert message in response.text
    assert "<script>alert" not in response.text
    assert publishing(funder) == (False, "")
    assert not AuditEvent.objects.filter(transition__startswith="open_data_").exists()


def test_viewers_and_other_funders_officers_cannot_publish(
    funder, funder_viewer, other_officer, client_for
):
    values = {"published": "yes", "licence": "CC0-1.0"}
    assert client_for(funder_viewer).post(settings_url(funder), values).status_code == 403
    assert client_for(other_officer).post(settings_url(funder), values).status_code == 404
    assert publishing(funder) == (False, "")


def test_the_licence_list_is_open_licences_only():
    assert set(open_data.LICENCES) == {"CC-BY-4.0", "CC0-1.0", "OGL-UK-3.0"}
    assert all(url.startswith("https://") for url in open_data.LICENCES.values())


def test_the_admin_site_cannot_publish_round_the_audit_trail(funder, admin_user, client_for):
    """Publishing is chosen on the officers' page, where it is audited: the admin site shows the
    choice but cannot change it."""
    url = reverse("admin:grants_funder_change", args=[funder.pk])
    client = client_for(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and "Grants published as open data" in page.text
    assert 'name="open_data_published"' not in page.text
    client.post(
        url,
        {"name": funder.name, "slug": funder.slug, "open_data_published": "on",
         "open_data_licence": "CC0-1.0"},
    )  # fmt: skip
    assert publishing(funder) == (False, "")
