"""What a 360Giving file says about each grant, beyond being valid (issue 19): geographic codes
from the loaded area data (ward, never a postcode), where the recipient is, the host's charity
or company number, classifications from the theme, `dataSource`, and the rule for cancelled
and lapsed awards. Ends with the schema and Seedbed's own checks (`quality_notes`) on the demo
export."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from awards import open_data
from awards.services.offers import award_cancel, offers_lapse_overdue
from awards.services.payments import payment_record
from awards.services.recoveries import recovery_record_received
from grants.models import Application, Funder, Group
from grants.services.publishing import open_data_publishing_set
from tests.conftest import make_group, make_user
from tests.grants.test_awards import accept, offer
from tests.support.shared import shared_folder

pytestmark = pytest.mark.django_db

AREA = Path(__file__).resolve().parents[1] / "fixtures" / "area"
NORTHFIELD_WARD = "E05990001"  # RV1 2AB in tests/fixtures/area/postcodes.csv


@pytest.fixture(scope="module")
def schema_folder():
    return shared_folder(open_data.schema_dir(), "the 360Giving schema (SEEDBED_360GIVING_SCHEMA)")


def load_area_data():
    call_command(
        "load_area_data",
        postcodes=str(AREA / "postcodes.csv"),
        imd=str(AREA / "imd.csv"),
        stdout=io.StringIO(),
    )


def grants_by_id(funder):
    return {g["id"]: g for g in open_data.package(funder)["grants"]}


def a_grant(open_round, officer, name, *, theme="", amount=800, route="bank", **group_values):
    member = make_user(f"{name.split()[0].lower()}@example.com", f"{name} Person")
    group = make_group(name, member, **group_values)
    award = offer(open_round, group, member, officer, amount=amount)
    if theme:
        Application.objects.filter(pk=award.application_id).update(theme=theme)
    return accept(award, member, route=route)


# --------------------------------------------------------------------------------------------
# Geographic codes
# --------------------------------------------------------------------------------------------
def test_a_grant_whose_postcode_is_in_the_area_data_gets_its_ward_code(
    funder, open_round, officer, schema_folder
):
    load_area_data()
    known = a_grant(open_round, officer, "Knit Club", postcode="rv1 2ab", area="Northfield")
    unknown = a_grant(open_round, officer, "Chess Club", postcode="RV9 9ZZ", area="Hillside")
    grants = grants_by_id(funder)

    located = grants[open_data.grant_id(known)]
    assert located["beneficiaryLocation"] == [
        {
            "countryCode": "GB",
            "name": "Northfield Ward",
            "geoCode": NORTHFIELD_WARD,
            "geoCodeType": "WD",
        }
    ]
    # An unregistered group's own place: its ward, never its postcode.
    assert located["recipientOrganization"][0]["location"] == [
        {
            "countryCode": "GB",
            "name": "Northfield Ward",
            "geoCode": NORTHFIELD_WARD,
            "geoCodeType": "WD",
        }
    ]
    # Not in the area data: the place name only.
    assert grants[open_data.grant_id(unknown)]["beneficiaryLocation"] == [
        {"countryCode": "GB", "name": "Hillside"}
    ]
    assert "location" not in grants[open_data.grant_id(unknown)]["recipientOrganization"][0]
    assert open_data.validation_errors(open_data.package(funder), schema_folder) == []


def test_no_postcode_is_published_for_any_group(funder, open_round, officer):
    load_area_data()
    a_grant(open_round, officer, "Fridge", kind=Group.Kind.CHARITY, charity_number="1198765")
    a_grant(open_round, officer, "Walkers", postcode="RV3 4CD")
    data = open_data.package(funder)
    everything = json.dumps(data) + open_data.to_csv(data)
    assert "RV1" not in everything and "RV3" not in everything
    assert "postalCode" not in everything


def test_the_officers_area_code_comes_before_the_postcodes_ward(funder, open_round, officer):
    load_area_data()
    member = make_user("m@example.com", "Mo Khan")
    award = accept(
        offer(
            open_round,
            make_group("Friday Chat", member),
            member,
            officer,
            geo_code="E06999999",
            geo_code_type="UA",
        ),
        member,
    )
    [location] = grants_by_id(funder)[open_data.grant_id(award)]["beneficiaryLocation"]
    assert (location["geoCode"], location["geoCodeType"]) == ("E06999999", "UA")


# --------------------------------------------------------------------------------------------
# The host, classifications, dataSource
# --------------------------------------------------------------------------------------------
def test_a_host_charity_is_published_with_its_charity_number(funder, open_round, officer):
    hosted = a_grant(
        open_round,
        officer,
        "Lunch Club",
        route="host",
        payment_route=Group.PaymentRoute.HOST,
        host_name="Riverside Community Hub",
        host_org_id="1123456",
    )
    company_host = a_grant(
        open_round,
        officer,
        "Dance Club",
        route="host",
        payment_route=Group.PaymentRoute.HOST,
        host_name="Hall Trust Ltd",
        host_org_id="09876543",
    )
    grants = grants_by_id(funder)
    assert grants[open_data.grant_id(hosted)]["recipientOrganization"] == [
        {"id": "GB-CHC-1123456", "name": "Riverside Community Hub", "charityNumber": "1123456"}
    ]
    assert grants[open_data.grant_id(company_host)]["recipientOrganization"] == [
        {"id": "GB-COH-09876543", "name": "Hall Trust Ltd", "companyNumber": "09876543"}
    ]


def test_a_grants_theme_is_published_as_a_classification(funder, open_round, officer):
    themed = a_grant(open_round, officer, "Walkers", theme="Health and wellbeing")
    plain = a_grant(open_round, officer, "Chess Club")
    grants = grants_by_id(funder)
    assert grants[open_data.grant_id(themed)]["classifications"] == [
        {
            "vocabulary": "360G-test-themes",
            "code": "health-and-wellbeing",
            "title": "Health and wellbeing",
        }
    ]
    assert "classifications" not in grants[open_data.grant_id(plain)]
    headers, rows = open_data.rows(open_data.package(funder))
    assert "Classifications:Title" in headers
    assert "Health and wellbeing" in [row[headers.index("Classifications:Title")] for row in rows]


def test_data_source_is_the_published_file(funder, open_round, officer, schema_folder):
    a_grant(open_round, officer, "Walkers")
    [unpublished] = open_data.package(funder)["grants"]
    assert "dataSource" not in unpublished  # nowhere public to point at yet
    funder.website = "https://testshire-icb.example/"
    funder.save()
    [grant] = open_data.package(funder)["grants"]
    assert grant["dataSource"] == "https://testshire-icb.example/"
    funder = open_data_publishing_set(funder, by=officer, published=True, licence="OGL-UK-3.0")
    data = open_data.package(funder)
    public = settings.SEEDBED["BASE_URL"].rstrip("/") + reverse(
        "open_data_public", args=[funder.slug, "json"]
    )
    assert data["grants"][0]["dataSource"] == public
    assert data["downloadURL"] == public
    assert data["license"] == (
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )
    assert open_data.validation_errors(data, schema_folder) == []


# --------------------------------------------------------------------------------------------
# Cancelled and lapsed awards
# --------------------------------------------------------------------------------------------
def test_a_cancelled_grant_that_paid_money_is_published_with_what_was_kept(
    funder, open_round, officer, schema_folder
):
    award = a_grant(open_round, officer, "Walkers", amount=800)
    payment_record(award, by=officer, amount=400, payee="group")
    award = award_cancel(award, by=officer, reason="The group closed.", amount_to_recover=100)
    grant = grants_by_id(funder)[open_data.grant_id(award)]
    assert (grant["amountAwarded"], grant["amountDisbursed"]) == (400, 400)
    assert "stopped early" in grant["description"]

    recovery_record_received(award.recoveries.get(), by=officer)
    grant = grants_by_id(funder)[open_data.grant_id(award)]
    assert (grant["amountAwarded"], grant["amountDisbursed"]) == (300, 300)
    assert "£300 of the £800" in grant["description"]
    assert open_data.validation_errors(open_data.package(funder), schema_folder) == []


def test_cancelled_grants_that_kept_nothing_and_lapsed_offers_are_not_published(
    funder, open_round, officer
):
    unpaid = a_grant(open_round, officer, "Walkers")
    award_cancel(unpaid, by=officer, reason="Not needed.")
    repaid = a_grant(open_round, officer, "Knitters", amount=500)
    payment_record(repaid, by=officer, amount=500, payee="group")
    repaid = award_cancel(repaid, by=officer, reason="Closed.", amount_to_recover=500)
    recovery_record_received(repaid.recoveries.get(), by=officer)
    member = make_user("late@example.com", "Late Person")
    late = offer(open_round, make_group("Late Club", member), member, officer)
    late.accept_by = late.offered_at.date()
    late.save(update_fields=["accept_by"])
    offers_lapse_overdue(now=late.offered_at + timedelta(days=2))
    kept = a_grant(open_round, officer, "Chess Club")

    assert set(grants_by_id(funder)) == {open_data.grant_id(kept)}


# --------------------------------------------------------------------------------------------
# The demo export, checked as a whole
# --------------------------------------------------------------------------------------------
def test_the_demo_export_is_valid_and_passes_seedbeds_own_checks(schema_folder, client):
    call_command("seed_demo", stdout=io.StringIO())
    load_area_data()
    demo = Funder.objects.get(slug="riverside-icb")
    officer = demo.roles.get(kind="officer").user
    open_data_publishing_set(demo, by=officer, published=True, licence="CC-BY-4.0")

    response = client.get(reverse("open_data_public", args=[demo.slug, "json"]))
    data = json.loads(response.content)
    assert open_data.validation_errors(data, schema_folder) == []
    assert data["grants"]
    # Every demo group's postcode is in the area data, every grant has a theme, and so on.
    assert open_data.quality_notes(data) == []
    out = io.StringIO()
    call_command("export_360giving", "--funder", demo.slug, "--output", "-", stdout=out)
    assert json.loads(out.getvalue())["grants"] == data["grants"]


def test_seedbeds_own_checks_say_what_is_missing(funder, open_round, officer):
    hosted = a_grant(
        open_round, officer, "Lunch Club", route="host",
        payment_route=Group.PaymentRoute.HOST, host_org_id="1123456", postcode="RV9 9ZZ",
    )  # fmt: skip
    data = open_data.package(funder)
    gid = open_data.grant_id(hosted)
    assert open_data.quality_notes(data) == [
        f"{gid}: no geographic code (the group's postcode is not in the area data; load it with "
        "manage.py load_area_data).",
        f"{gid}: no theme, so no classification.",
        f"{gid}: no data source (publish the file, or give the funder a website).",
    ]
    del data["grants"][0]["recipientOrganization"][0]["charityNumber"]
    data["grants"][0]["amountDisbursed"] = 10**6
    assert len(open_data.quality_notes(data)) == 5


def test_the_command_lists_the_notes_when_validating(funder, open_round, officer, schema_folder):
    a_grant(open_round, officer, "Walkers", theme="Walking")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_360giving", "--funder", funder.slug, "--output", "-", "--validate",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert json.loads(out.getvalue())["grants"]
    assert "Valid, but it could say more" in err.getvalue()
    assert "no data source" in err.getvalue()
