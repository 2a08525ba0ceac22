"""Seedbed in Welsh and Urdu, in a real browser on a small phone (320 px) and a common one
(375 px): the public pages and an applicant's own pages read without sideways scrolling, with 0
accessibility violations, and Urdu reads right to left; every page a group's member, a panel
member and an officer find fits 320 px; the header's language links work without JavaScript."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from grants.services import applications as rules
from tests.browser.test_small_screens import signed_in_as, walk
from tests.conftest import mark_recently_authenticated
from tests.support.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 375)
LANGUAGES = {"cy": "ltr", "ur": "rtl"}
WORDS_LEFT = {
    "cy": re.compile(r"^Mae gennych \d+ gair ar ôl$"),
    "ur": re.compile(r"^آپ کے پاس \d+ الفاظ باقی ہیں$"),
}


def sideways_scroll(page):
    """How many pixels of the page are off-screen to the side (0 when it fits)."""
    return page.evaluate(
        """() => {
          const page = document.documentElement.scrollWidth - window.innerWidth;
          const boxes = [...document.querySelectorAll("main *, header *")]
            .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
            .filter((el) => el.tagName !== "TEXTAREA")
            .map((el) => el.scrollWidth - el.clientWidth);
          return Math.max(page, 0, ...boxes);
        }"""
    )


def in_language(context, live_server, code):
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}]
    )


def signed_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def check_page(page, url, code, width):
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    html = page.locator("html")
    expect(html).to_have_attribute("lang", code)
    expect(html).to_have_attribute("dir", LANGUAGES[code])
    assert sideways_scroll(page) == 0, f"{url} in {code} scrolls sideways at {width} px"
    assert_accessible(page)


@pytest.mark.parametrize("code", LANGUAGES)
def test_public_pages_in_welsh_and_urdu_fit_a_small_phone(page, live_server, open_round, code):
    in_language(page.context, live_server, code)
    urls = ["/", "/about/", "/accessibility/", f"/rounds/{open_round.slug}/"]
    urls += ["/accounts/login/code/", "/no-such-page/"]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 640})
        for url in urls:
            if url == "/no-such-page/":
                assert page.goto(url).status == 404
                expect(page.locator("html")).to_have_attribute("dir", LANGUAGES[code])
                assert sideways_scroll(page) == 0
                assert_accessible(page)
                continue
            check_page(page, url, code, width)


@pytest.mark.parametrize("code", LANGUAGES)
def test_an_applicants_pages_in_welsh_and_urdu_fit_a_small_phone(
    page, live_server, open_round, group_a, applicant, code
):
    app = rules.application_start(open_round, group_a, by=applicant)
    in_language(page.context, live_server, code)
    signed_in(page.context, live_server, applicant)
    pages = f"/applications/{app.reference}/"
    urls = ["/me/", f"{pages}question-1/", f"{pages}budget/", f"{pages}check/"]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 640})
        for url in urls:
            check_page(page, url, code, width)
        # A form sent with a problem: the error summary and the field's error fit too.
        page.goto(f"{pages}budget/")
        with page.expect_navigation():
            page.locator("main .govuk-button").first.click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert sideways_scroll(page) == 0, f"the budget's problems scroll sideways at {width} px"
        assert_accessible(page)
    page.goto(f"{pages}question-1/")
    # The word count is in the page's language too (the script takes its words from the page).
    page.locator("textarea").first.fill("un dau tri")
    expect(page.locator(".seedbed-word-count").first).to_have_text(WORDS_LEFT[code])
    # Leave the question page now, while the test's data stands (its save-as-you-type timers
    # and the words kept as typed are dealt with before the data is wiped).
    page.goto("/me/")
    page.wait_for_load_state("networkidle")


def test_choosing_a_language_in_the_header_without_javascript(
    _playwright_browser, live_server, open_round
):
    context = _playwright_browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 640}, base_url=live_server.url
    )
    try:
        page = context.new_page()
        page.goto("/about/")
        expect(page.locator("html")).to_have_attribute("lang", "en-GB")
        with page.expect_navigation():
            page.locator("header").get_by_role("link", name="Cymraeg").click()
        assert page.url.endswith("/about/")
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        expect(page.locator("header")).to_contain_text("Mewngofnodi")  # "Sign in"
        with page.expect_navigation():
            page.locator("header").get_by_role("link", name="اردو").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert sideways_scroll(page) == 0
        with page.expect_navigation():
            page.locator("header").get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en-GB")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
    finally:
        context.close()


WALKS = {
    "applicant@seedbed.example": ["/me/", "/applications/", "/reports/", "/groups/new/"],
    "panel@seedbed.example": ["/me/", "/panel/"],
    "officer@seedbed.example": ["/staff/", "/reports/staff/", "/reports/outcomes/"],
}


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("email", WALKS)
def test_every_page_a_person_finds_fits_320_px_in_welsh_and_urdu(page, live_server, email, code):
    """With the demo's data, a group's member, a panel member and an officer follow the links
    they see (as tests/browser/test_small_screens.py does in English): longer Welsh words and
    right-to-left Urdu push nothing off the side of a 320 px phone."""
    call_command("seed_demo")
    page.set_viewport_size({"width": 320, "height": 640})
    signed_in_as(page.context, live_server, email)
    in_language(page.context, live_server, code)
    seen, too_wide = walk(page, live_server.url, WALKS[email])
    assert len(seen) >= 5, f"{email} saw only {sorted(seen)}"
    assert not too_wide, f"In {code} at 320 px these pages scroll sideways (extra px): {too_wide}"
