"""The pages every user meets first, in a real browser at phone width: signing in by emailed
code, the second step for staff, and 0 accessibility violations on each page."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import code_from_outbox, sign_in_in_browser
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page
from tests.support.second_factor import authenticator_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect_h1(page, text):
    """Wait (auto-retrying) until the page's h1 says `text`: just after a click, a busy machine
    can still be showing the old page."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def click_and_wait(locator):
    """Click a link or button that loads a page, and return once that page has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def test_public_pages_are_accessible_and_plain(page, open_round):
    for url, heading in [
        ("/", "Money for your community group"),
        ("/about/", "About Seedbed"),
        ("/accessibility/", "Accessibility"),
        (f"/rounds/{open_round.slug}/", open_round.title),
        ("/accounts/login/code/", "Sign in"),
    ]:
        page.goto(url)
        expect_h1(page, heading)
        assert_accessible(page)
        assert_plain(reading_grade_of_page(page), url)


def test_a_new_person_signs_in_with_an_emailed_code(page, open_round):
    page.goto("/")
    expect_h1(page, "Money for your community group")
    click_and_wait(page.get_by_role("link", name="Sign in").first)
    expect_h1(page, "Sign in")
    page.get_by_label("Your email address").fill("new.person@example.com")
    assert_accessible(page)
    click_and_wait(page.get_by_role("button", name="Send me a code"))
    expect_h1(page, "Check your email")
    assert_accessible(page)
    page.get_by_label("Code").fill("WRONG1")
    click_and_wait(page.get_by_role("button", name="Sign in"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(code_from_outbox("new.person@example.com"))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login/code" not in url)
    page.goto("/me/")
    expect_h1(page, "Your page")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_an_officer_signs_in_with_a_code_and_an_authenticator(page, officer, open_round):
    sign_in_in_browser(page, officer.email)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    assert_accessible(page)
    page.get_by_label("Code").fill(authenticator_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/2fa/" not in url)
    page.goto("/staff/")
    expect_h1(page, "Staff pages")
    assert_accessible(page)
    click_and_wait(page.get_by_role("link", name=open_round.title))
    expect_h1(page, open_round.title)
    assert_accessible(page)


def test_a_new_officer_must_set_up_a_second_factor_first(page, officer_without_second_factor):
    sign_in_in_browser(page, officer_without_second_factor.email)
    page.goto("/staff/")
    expect_h1(page, "Set up a second step for signing in")
    assert_accessible(page)
    click_and_wait(page.get_by_role("button", name="Set up an authenticator app"))
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
