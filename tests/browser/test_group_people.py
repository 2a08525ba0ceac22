"""A group's member, on a phone, adds one more person to the group and tries to remove a main
contact: the page is accessible, plain (grade 4) and fits 320 px."""

import pytest
from playwright.sync_api import expect

from grants.models import GroupContact
from tests.conftest import sign_in_in_browser
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_adds_a_person_on_a_small_phone(page, applicant, group_a):
    group_a.second_contact_name, group_a.second_contact_email = "Pat Lee", "pat@example.com"
    group_a.save()
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_in_browser(page, applicant.email)
    page.goto("/me/")
    page.get_by_role("link", name=f"People in {group_a.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your group's people")
    assert_accessible(page)
    assert_plain(reading_grade_of_page(page), "Your group's people")

    page.get_by_label("Their name").fill("Jo Rivers")
    page.get_by_label("Their email address").fill(
        "a.very.long.email.address.for.jo@riverside-community.example"
    )
    page.get_by_role("button", name="Add this person").click()
    expect(page.get_by_role("region", name="Done")).to_contain_text("We added Jo Rivers")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    assert GroupContact.objects.get(group=group_a).name == "Jo Rivers"

    page.get_by_role("button", name="Remove Jo Rivers").click()
    expect(page.get_by_role("region", name="Done")).to_contain_text("We removed Jo Rivers")
    assert not GroupContact.objects.exists()
