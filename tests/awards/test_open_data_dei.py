"""360Giving's DEI extension in the open data (issue 19): each grant to a group that answered
the optional equity questions carries `deiDetails`, validated against the 1.4.3 grant schema
merged with the extension's schema, with every code from the extension's codelists. The
extension's files are read from ../shared, never copied into the project."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command

from awards import open_data
from grants.models import Funder, GroupEquityAnswers, Reply
from tests.conftest import make_group, make_user
from tests.grants.test_awards import accept, offer
from tests.support.shared import shared_folder

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema_folder():
    return shared_folder(open_data.schema_dir(), "the 360Giving schema (SEEDBED_360GIVING_SCHEMA)")


@pytest.fixture(scope="module")
def dei_folder(schema_folder):
    return shared_folder(schema_folder / "dei-extension", "360Giving's DEI extension")


def codelist(dei_folder, name):
    with (dei_folder / "codelists" / f"{name}.csv").open(newline="", encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f, skipinitialspace=True)}


def a_grant(open_round, officer, name, answers=None, *, answered_after=False):
    member = make_user(f"{name.split()[0].lower()}@example.com", f"{name} Person")
    group = make_group(name, member)
    award = offer(open_round, group, member, officer, amount=700)
    if answers is not None:
        when = award.offered_at + (timedelta(days=2) if answered_after else -timedelta(days=2))
        GroupEquityAnswers.objects.create(
            group=group, questions_version="2026-12", answered_at=when, **answers
        )
    accept(award, member)
    return open_data.grant_id(award)


def grants(funder):
    return {g["id"]: g for g in open_data.package(funder)["grants"]}


CHOSE_BOTH = {
    "led_by_reply": Reply.CHOSE,
    "led_by": ["DEI020000", "DEI060000"],
    "works_with_reply": Reply.CHOSE,
    "works_with": ["DEI060000"],
    "may_publish": True,
}


def test_a_group_that_answered_and_agreed_is_published_with_its_codes(
    funder, open_round, officer, schema_folder, dei_folder
):
    gid = a_grant(open_round, officer, "Silver Walkers", CHOSE_BOTH)
    dei = grants(funder)[gid]["deiDetails"]
    assert dei["leadership"]["askedStatus"] == "AS200"  # asked before the offer was made
    assert dei["leadership"]["replyStatus"] == "RS200"
    assert dei["leadership"]["response"]["taxonomyCodes"] == ["DEI020000", "DEI060000"]
    assert dei["mission"]["response"]["taxonomyCodes"] == ["DEI060000"]
    assert set(dei["leadership"]["availableOptions"]) == {"AO100", "AO300", "AO301"}
    assert "Are most of the people who run your group" in dei["leadership"]["additionalDetails"]
    assert dei["project"]["askedStatus"] == "AS100"  # Seedbed asks about the group only
    assert "response" not in dei["project"]
    data = open_data.package(funder)
    assert open_data.validation_errors(data, schema_folder) == []


def test_prefer_not_to_say_none_of_these_and_no_reply_use_the_standards_own_codes(
    funder, open_round, officer, schema_folder
):
    gid = a_grant(
        open_round,
        officer,
        "Quiet Knitters",
        {"led_by_reply": Reply.PREFER_NOT, "works_with_reply": Reply.NONE_OF_THESE,
         "may_publish": True},
    )  # fmt: skip
    other = a_grant(
        open_round,
        officer,
        "Half Answered",
        {"works_with_reply": Reply.PREFER_NOT, "may_publish": True},
    )
    published = grants(funder)
    dei = published[gid]["deiDetails"]
    assert dei["leadership"]["replyStatus"] == "RS202"
    assert "response" not in dei["leadership"]  # "prefer not to say" is never a taxonomy code
    assert dei["mission"]["replyStatus"] == "RS201"
    assert "response" not in dei["mission"]
    assert published[other]["deiDetails"]["leadership"]["replyStatus"] == "RS100"
    assert open_data.validation_errors(open_data.package(funder), schema_folder) == []


def test_answers_the_group_did_not_agree_to_publish_say_only_that_a_reply_came(
    funder, open_round, officer
):
    gid = a_grant(open_round, officer, "Private Group", {**CHOSE_BOTH, "may_publish": False})
    dei = grants(funder)[gid]["deiDetails"]
    assert dei["leadership"]["replyStatus"] == "RS203"
    assert dei["mission"]["replyStatus"] == "RS203"
    text = json.dumps(dei)
    assert "DEI0" not in text


def test_answered_after_the_offer_is_said_so(funder, open_round, officer):
    gid = a_grant(open_round, officer, "Late Answer", CHOSE_BOTH, answered_after=True)
    assert grants(funder)[gid]["deiDetails"]["mission"]["askedStatus"] == "AS201"


def test_a_group_that_never_answered_has_no_dei_details(funder, open_round, officer):
    gid = a_grant(open_round, officer, "Never Asked")
    assert "deiDetails" not in grants(funder)[gid]


def test_every_code_published_is_in_the_extensions_codelists(
    funder, open_round, officer, dei_folder
):
    a_grant(open_round, officer, "Silver Walkers", CHOSE_BOTH)
    a_grant(open_round, officer, "Quiet Knitters", {"led_by_reply": Reply.PREFER_NOT})
    a_grant(open_round, officer, "Private Group", {**CHOSE_BOTH, "may_publish": False})
    lists = {name: codelist(dei_folder, name)
             for name in ("askedStatus", "replyStatus", "availableOptions", "taxonomyCodes")}  # fmt: skip
    for grant in open_data.package(funder)["grants"]:
        for area in grant["deiDetails"].values():
            if not isinstance(area, dict):
                continue
            assert area["askedStatus"] in lists["askedStatus"]
            assert area.get("replyStatus", "RS100") in lists["replyStatus"]
            assert set(area.get("availableOptions", [])) <= lists["availableOptions"]
            codes = area.get("response", {}).get("taxonomyCodes", [])
            assert set(codes) <= lists["taxonomyCodes"]
    assert open_data.dei_code_errors(open_data.package(funder), dei_folder) == []


def test_a_code_outside_the_codelists_is_caught(dei_folder, schema_folder):
    bad = {"grants": [{"id": "x", "deiDetails": {
        "leadership": {"askedStatus": "AS999", "response": {"taxonomyCodes": ["DEI123456"]}},
        "mission": {"askedStatus": "AS200", "replyStatus": "RS200"},
        "project": {"askedStatus": "AS100"},
    }}]}  # fmt: skip
    errors = open_data.dei_code_errors(bad, dei_folder)
    assert any("AS999" in e for e in errors) and any("DEI123456" in e for e in errors)


def test_the_merged_schema_refuses_dei_details_missing_an_area(
    funder, open_round, officer, schema_folder
):
    a_grant(open_round, officer, "Silver Walkers", CHOSE_BOTH)
    data = open_data.package(funder)
    del data["grants"][0]["deiDetails"]["project"]
    errors = open_data.validation_errors(data, schema_folder)
    assert any("project" in e for e in errors), errors


def test_the_csv_leaves_dei_details_out_rather_than_breaking(funder, open_round, officer):
    a_grant(open_round, officer, "Silver Walkers", CHOSE_BOTH)
    assert "Silver Walkers" in open_data.to_csv(open_data.package(funder))


def test_the_demo_export_carries_the_dei_extension_and_is_valid(schema_folder, dei_folder):
    call_command("seed_demo", stdout=io.StringIO())
    demo = Funder.objects.get(slug="riverside-icb")
    data = open_data.package(demo)
    with_dei = [g for g in data["grants"] if "deiDetails" in g]
    assert with_dei, "some demo groups answered the equity questions"
    codes = {
        code
        for g in with_dei
        for area in ("leadership", "mission")
        for code in g["deiDetails"][area].get("response", {}).get("taxonomyCodes", [])
    }
    assert codes
    assert open_data.validation_errors(data, schema_folder) == []
    assert open_data.dei_code_errors(data, dei_folder) == []
