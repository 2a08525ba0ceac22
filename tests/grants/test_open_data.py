"""360Giving open data: valid against the shared 1.4.3 schema, the right identifiers, no personal
names, CSV/XLSX with 360Giving's column titles, the command and the download pages."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards import open_data
from awards.services.offers import offer_decline
from awards.services.payments import payment_record
from grants.models import Funder, Group
from tests.conftest import make_group, make_round, make_user
from tests.grants.test_awards import accept, offer
from tests.support.shared import shared_folder

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema_folder():
    return shared_folder(open_data.schema_dir(), "the 360Giving schema (SEEDBED_360GIVING_SCHEMA)")


def schema_titles(folder):
    """Every flat column title 360Giving's schema allows: "Title", "Parent:Child" and
    "Parent:Child:Grandchild" (such as "Recipient Org:Location:Geographic Code")."""
    schema = json.loads((folder / "360-giving-schema.json").read_text())
    defs = schema["$defs"]

    def walk(properties, prefix, depth):
        titles = set()
        for prop in properties.values():
            ref = prop.get("$ref") or prop.get("items", {}).get("$ref", "")
            title = prop.get("title") or (defs[ref.split("/")[-1]].get("title") if ref else None)
            if not title:
                continue
            titles.add(prefix + title)
            if ref.startswith("#/$defs/") and depth < 3:
                children = defs[ref.split("/")[-1]].get("properties", {})
                titles |= walk(children, f"{prefix}{title}:", depth + 1)
        return titles

    return walk(schema["properties"], "", 1)


@pytest.fixture
def world(funder, open_round, officer):
    """Three live awards: an informal group paid through a host, a charity, a constituted group;
    plus an offer and a declined offer that must not be published."""
    funder.org_id = "GB-NHS-QTS"
    funder.save()
    amina = make_user("amina.y@example.com", "Amina Yusuf")
    hosted = make_group(
        "Tuesday Lunch Club",
        amina,
        contact_name="Amina Yusuf",
        second_contact_name="Joe Bloggs",
        payment_route=Group.PaymentRoute.HOST,
        host_name="Riverside Community Hub",
        host_contact_name="Jo Bennett",
        host_org_id="1123456",
    )
    app_title_with_a_name = offer(open_round, hosted, amina, officer, amount=800)
    app = app_title_with_a_name.application
    app.title = "Lunches run by Amina Yusuf and Joe Bloggs"
    app.save()
    first = accept(app_title_with_a_name, amina, route="host", payee="Riverside Community Hub")
    payment_record(first, by=officer, amount=400, payee="host")

    priya = make_user("priya@example.com", "Priya Shah")
    charity = make_group(
        "Eastside Community Fridge", priya, kind=Group.Kind.CHARITY, charity_number="1198765"
    )
    second = accept(
        offer(
            open_round,
            charity,
            priya,
            officer,
            amount=2000,
            geo_code="E05011234",
            geo_code_type="WD",
        ),
        priya,
    )

    dave = make_user("dave@example.com", "Dave Okafor")
    walkers = make_group(
        "Millbrook Walkers", dave, kind=Group.Kind.CONSTITUTED, company_number="1234567"
    )
    third = accept(offer(open_round, walkers, dave, officer, amount=1500), dave)

    eve = make_user("eve@example.com", "Eve Adams")
    waiting = offer(open_round, make_group("Knit Club", eve), eve, officer)
    fred = make_user("fred@example.com", "Fred Nolan")
    declined = offer_decline(
        offer(open_round, make_group("Chess Club", fred), fred, officer), by=fred
    )
    return {
        "hosted": first,
        "charity": second,
        "company": third,
        "waiting": waiting,
        "declined": declined,
    }


def test_the_export_is_valid_360giving(world, funder, schema_folder):
    data = open_data.package(funder)
    assert open_data.validation_errors(data, schema_folder) == []
    assert len(data["grants"]) == 3


def test_the_validator_does_catch_mistakes(world, funder, schema_folder):
    data = open_data.package(funder)
    del data["grants"][0]["awardDate"]
    data["grants"][1]["currency"] = "pounds"
    assert len(open_data.validation_errors(data, schema_folder)) >= 2


def test_identifiers(world, funder):
    grants = {g["id"]: g for g in open_data.package(funder)["grants"]}
    hosted, charity, company = world["hosted"], world["charity"], world["company"]
    assert set(grants) == {f"360G-test-{a.pk}" for a in (hosted, charity, company)}

    h = grants[f"360G-test-{hosted.pk}"]
    assert h["recipientOrganization"] == [
        {"id": "GB-CHC-1123456", "name": "Riverside Community Hub", "charityNumber": "1123456"}
    ]
    assert h["regrantType"] == "FRG050"
    assert "Tuesday Lunch Club" in h["description"]
    assert h["amountDisbursed"] == 400 and h["amountAppliedFor"] == 800
    assert h["fundingOrganization"] == [{"id": "GB-NHS-QTS", "name": funder.name}]
    assert h["plannedDates"] == [
        {"startDate": "2027-04-01", "endDate": "2028-03-31", "duration": 12.0}
    ]
    assert h["fromOpenCall"] == "Yes"

    c = grants[f"360G-test-{charity.pk}"]
    assert c["recipientOrganization"][0]["id"] == "GB-CHC-1198765"
    assert c["beneficiaryLocation"] == [
        {"countryCode": "GB", "name": "Northfield", "geoCode": "E05011234", "geoCodeType": "WD"}
    ]
    assert "regrantType" not in c

    assert grants[f"360G-test-{company.pk}"]["recipientOrganization"][0]["id"] == "GB-COH-01234567"


def test_an_unregistered_group_paid_directly_gets_a_funder_namespaced_identifier(
    funder, open_round, officer
):
    member = make_user("m@example.com", "Mo Khan")
    group = make_group("Friday Chat", member, contact_name="Mo Khan")
    award = accept(offer(open_round, group, member, officer), member)
    [grant] = open_data.package(funder)["grants"]
    assert grant["recipientOrganization"][0]["id"] == f"360G-test-group-{group.pk}"
    assert grant["id"] == f"360G-test-{award.pk}"


def test_no_personal_names_are_published(world, funder):
    data = open_data.package(funder)
    everything = json.dumps(data) + open_data.to_csv(data)
    for name in ("Amina", "Yusuf", "Joe Bloggs", "Jo Bennett", "Priya", "Dave Okafor"):
        assert name not in everything, name
    assert "@" not in json.dumps(data["grants"])  # no email addresses
    assert "RV1" not in everything  # no postcodes


def test_offers_and_declined_offers_are_not_published(world, funder):
    ids = {g["id"] for g in open_data.package(funder)["grants"]}
    assert f"360G-test-{world['waiting'].pk}" not in ids
    assert f"360G-test-{world['declined'].pk}" not in ids


def test_one_round_only(world, funder, officer, open_round):
    other = make_round(funder, title="Winter Warmth")
    member = make_user("w@example.com", "Wyn")
    accept(offer(other, make_group("Warm Space", member), member, officer), member)
    assert len(open_data.package(funder)["grants"]) == 4
    only = open_data.package(funder, other)
    assert [g["grantProgramme"][0]["title"] for g in only["grants"]] == ["Winter Warmth"]


def test_csv_and_xlsx_use_360giving_column_titles(world, funder, schema_folder):
    data = open_data.package(funder)
    allowed = schema_titles(schema_folder)
    headers, _ = open_data.rows(data)
    assert set(headers) <= allowed, set(headers) - allowed
    reader = list(csv.reader(io.StringIO(open_data.to_csv(data))))
    assert reader[0] == headers and len(reader) == 4
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(open_data.to_xlsx(data))).active
    assert [c.value for c in sheet[1]] == headers
    assert sheet.max_row == 4


def test_the_demo_data_exports_valid_360giving_with_the_command(tmp_path, schema_folder):
    call_command("seed_demo", stdout=io.StringIO())
    output = tmp_path / "grants.json"
    out = io.StringIO()
    call_command(
        "export_360giving", "--funder", "riverside-icb", "--output", str(output), stdout=out
    )
    assert "Wrote" in out.getvalue()
    data = json.loads(output.read_text())
    assert data["grants"], "the demo should have accepted grants"
    assert open_data.validation_errors(data, schema_folder) == []
    demo = Funder.objects.get(slug="riverside-icb")
    assert all(g["id"].startswith("360G-riverside-") for g in data["grants"])
    assert "Amina" not in output.read_text()
    call_command(
        "export_360giving",
        "--funder",
        demo.slug,
        "--round",
        "healthy-neighbours-2026",
        "--output",
        str(tmp_path / "g.xlsx"),
        "--validate",
        stdout=io.StringIO(),
    )
    assert (tmp_path / "g.xlsx").read_bytes()[:2] == b"PK"
    call_command(
        "export_360giving",
        "--funder",
        demo.slug,
        "--output",
        str(tmp_path / "g.csv"),
        stdout=io.StringIO(),
    )
    assert (tmp_path / "g.csv").read_text().startswith("Identifier,Title,Description")


def test_the_command_explains_what_is_wrong(funder, tmp_path):
    with pytest.raises(CommandError, match="No funder"):
        call_command("export_360giving", "--funder", "nobody", "--output", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="no round"):
        call_command(
            "export_360giving", "--funder", funder.slug, "--round", "x", "--output", "x.json"
        )
    with pytest.raises(CommandError, match="no accepted grants"):
        call_command(
            "export_360giving", "--funder", funder.slug, "--output", str(tmp_path / "x.json")
        )


def test_the_download_pages(
    world, funder, client_for, officer, funder_viewer, other_officer, open_round
):
    url = reverse("open_data_export", args=[funder.slug, "json"])
    response = client_for(funder_viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert len(json.loads(response.content)["grants"]) == 3
    csv_response = client_for(officer).get(reverse("open_data_export", args=[funder.slug, "csv"]))
    assert csv_response.content.decode().startswith("Identifier,")
    xlsx = client_for(officer).get(
        reverse("open_data_export", args=[funder.slug, "xlsx"]), {"round": open_round.pk}
    )
    assert xlsx.content[:2] == b"PK"
    bad_round = client_for(officer).get(url, {"round": "abc"}, follow=True)
    assert "Choose a round from the list." in bad_round.text
    assert client_for(other_officer).get(url).status_code == 404


def test_scrub_and_org_ids():
    assert open_data.scrub("Run by amina yusuf", ["Amina Yusuf"]) == "Run by a group member"
    assert open_data.number_org_id("SC012345") == "GB-SC-SC012345"
    assert open_data.number_org_id("09876543") == "GB-COH-09876543"
    assert open_data.number_org_id("1123456") == "GB-CHC-1123456"
    assert open_data.number_org_id("") == ""
    assert open_data.charity_org_id("NIC100001") == "GB-NIC-100001"
