"""The Open Referral UK feed: every endpoint's answer validates against the profile's schemas;
it is public (CORS, no key), paged, filterable and throttled; hidden listings leave at once."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards.open_data import grant_id
from directory import services
from directory.themes import TAXONOMY_ID, term_id

from .oruk_schemas import problems


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _get(client, name, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_every_endpoint_validates_against_the_profile(client, points, listed, award_a):
    listed.accessibility = ["step_free"]
    listed.contact_phone = "01632 960000"
    listed.save()
    uid = str(listed.public_id)
    answers = {
        "/": _get(client, "openreferral").json(),
        "/services": _get(client, "openreferral_services").json(),
        "/services/{id}": _get(client, "openreferral_service", uid).json(),
        "/taxonomies": _get(client, "openreferral_taxonomies").json(),
        "/taxonomies/{id}": _get(client, "openreferral_taxonomy", TAXONOMY_ID).json(),
        "/taxonomy_terms": _get(client, "openreferral_terms").json(),
        "/taxonomy_terms/{id}": _get(client, "openreferral_term", term_id("food")).json(),
        "/service_at_locations": _get(client, "openreferral_service_at_locations").json(),
    }
    for path, answer in answers.items():
        assert problems(path, answer) == [], path
    service = answers["/services/{id}"]
    assert service["id"] == uid
    assert service["schedules"][0]["byday"] == "TU"
    assert service["service_at_locations"][0]["location"]["latitude"] == 52.0
    assert answers["/services"]["total_items"] == 1
    assert answers["/taxonomy_terms"]["total_items"] == 11


def test_funding_links_to_the_360giving_grant_ids(client, listed, award_a):
    service = _get(client, "openreferral_service", str(listed.public_id)).json()
    assert any(f["source"].startswith(grant_id(award_a)) for f in service["funding"])
    assert service["attributes"][0]["taxonomy_term"]["term"] == "105"


def test_the_schemas_catch_a_broken_answer(client, listed):
    service = _get(client, "openreferral_service", str(listed.public_id)).json()
    service["id"] = "not-a-uuid"
    service["url"] = "/relative"
    found = problems("/services/{id}", service)
    assert any("uuid" in p for p in found) and any("is not a 'uri'" in p for p in found)


def test_hidden_listings_leave_the_feed_at_once(client, listed, applicant):
    services.listing_hide(listed, by=applicant)
    assert _get(client, "openreferral_services").json()["total_items"] == 0
    response = _get(client, "openreferral_service", str(listed.public_id))
    assert response.status_code == 404


def test_unlisted_listings_are_never_in_the_feed(client, filled):
    assert _get(client, "openreferral_services").json()["empty"] is True


def test_filters(client, points, listed):
    def total(**params):
        return _get(client, "openreferral_services", **params).json()["total_items"]

    assert total(text="lunch") == 1 and total(text="knitting") == 0
    assert total(taxonomy_term_id=term_id("food")) == 1
    assert total(taxonomy_term_id=term_id("sport")) == 0
    assert total(postcode="RV3 4CD", proximity="5000") == 1
    assert total(postcode="RV3 4CD", proximity="1000") == 0
    assert total(modified_after="2000-01-01") == 1
    assert total(modified_after="2999-01-01T00:00:00Z") == 0
    assert total(day="tuesday") == 1 and total(day="FR") == 0


def test_bad_parameters_get_a_plain_400(client, db):
    response = _get(client, "openreferral_services", page="two")
    assert response.status_code == 400
    assert "page must be a whole number" in response.json()["error"]
    for bad in ("soon", "2026-13-45"):
        assert _get(client, "openreferral_services", modified_after=bad).status_code == 400


def test_paging(client, listed):
    page = _get(client, "openreferral_services", per_page="1", page="2").json()
    assert page["page_number"] == 2 and page["size"] == 0 and page["total_pages"] == 1


def test_throttled_per_address(client, settings, listed):
    settings.SEEDBED_OPENREFERRAL_RATE = 3
    codes = [_get(client, "openreferral_services").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert _get(client, "openreferral_services")["Retry-After"] == "60"
