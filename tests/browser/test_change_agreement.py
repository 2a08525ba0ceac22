"""Issue 13, finding 5, in a real browser at phone width: the officer proposes a change, the
group agrees to it on its page and downloads the change letter; the officer's staff home shows
what needs looking at. 0 accessibility violations on every page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import AwardState
from tests.browser.test_awards import click_and_wait, download_text, expect_h1
from tests.conftest import sign_in_in_browser, sign_in_staff_in_browser
from tests.grants.test_awards import accept, offer
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def group_page(_playwright_browser, live_server):
    """A second browser, for the group, so the officer stays signed in in the first."""
    context = _playwright_browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


def test_the_group_agrees_a_change_the_officer_proposed(
    page, group_page, officer, open_round, applicant, group_a
):
    award = accept(offer(open_round, group_a, applicant, officer), applicant)

    sign_in_staff_in_browser(page, officer)
    page.goto(f"/staff/awards/{award.pk}/change/")
    page.get_by_label("New amount (£)").fill("900")
    page.get_by_label("Why is it changing?").fill("More people come than we planned for.")
    click_and_wait(page.get_by_role("button", name="Propose the change and email the group"))
    expect(page.get_by_text("We emailed the group to agree it").first).to_be_visible()
    assert_accessible(page)

    sign_in_in_browser(group_page, applicant.email)
    group_page.goto(f"/awards/{award.pk}/")
    expect(group_page.get_by_text("Please agree a change to your grant")).to_be_visible()
    assert_accessible(group_page)
    click_and_wait(group_page.get_by_role("button", name="We agree to this change"))
    expect_h1(group_page, "Agree the change to your grant")
    assert_accessible(group_page)
    assert_plain(reading_grade_of_page(group_page), "Agree the change to your grant")
    click_and_wait(group_page.get_by_role("button", name="We agree to this change"))
    expect(group_page.locator("#id_agreed_name-error")).to_be_visible()
    assert_accessible(group_page)
    group_page.get_by_label("Your full name").fill("Amina Yusuf")
    click_and_wait(group_page.get_by_role("button", name="We agree to this change"))
    expect_h1(group_page, "Your grant")
    expect(group_page.get_by_text("You agreed the change")).to_be_visible()
    assert_accessible(group_page)
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.ACCEPTED, 900)
    _, text = download_text(group_page, re.compile("letter for the change agreed"))
    assert "The change to your grant" in text and "£900" in text

    # Another offer lapses in three days: the staff home says so.
    offer(open_round, group_a, applicant, officer, accept_by=timezone.localdate() + timedelta(3))
    page.goto("/staff/")
    expect_h1(page, "Staff pages")
    expect(page.get_by_text("Offers that lapse in the next 7 days: 1")).to_be_visible()
    assert_accessible(page)
    click_and_wait(page.get_by_role("link", name=re.compile("^Contact and letter terms")))
    expect_h1(page, "Contact and letter terms")
    assert_accessible(page)
