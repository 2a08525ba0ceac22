"""An officer publishes the funder's grants as open data, in a real browser at phone width,
with 0 accessibility violations on the way (the choice, a mistake, the saved page); then
anyone can read the file at its public address."""

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import make_group, make_user, sign_in_staff_in_browser
from tests.grants.test_awards import accept, offer
from tests.support.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_publishes_open_data(page, officer, funder, open_round, live_server):
    member = make_user("walker@example.com", "Wendy Walker")
    accept(offer(open_round, make_group("Millbrook Walkers", member), member, officer), member)
    sign_in_staff_in_browser(page, officer)
    page.goto(f"/staff/funders/{funder.slug}/awards/")
    with page.expect_navigation():
        page.get_by_role("link", name="Publish your grants as open data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    assert_accessible(page)

    # Publishing without a licence: the message beside the field, and nothing published.
    page.get_by_label("Yes, publish them").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_licence-error")).to_contain_text("Choose a licence")
    assert_accessible(page)
    assert (
        page.context.request.get(f"{live_server.url}/open-data/{funder.slug}/grants.json").status
        == 404
    )

    page.get_by_label("Yes, publish them").check()
    page.get_by_label("Open Government Licence", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your grants are now published as open data.")).to_be_visible()
    assert_accessible(page)
    # The address shown is the site's own (SEEDBED_BASE_URL), the one to give 360Giving.
    path = f"/open-data/{funder.slug}/grants.json"
    expect(page.get_by_role("link", name=path).first).to_be_visible()
    address = live_server.url + path

    anyone = page.context.browser.new_context()
    response = anyone.request.get(address)
    assert response.status == 200
    data = json.loads(response.body())
    assert [g["recipientOrganization"][0]["name"] for g in data["grants"]] == ["Millbrook Walkers"]
    assert "Wendy" not in response.text()
    anyone.close()
