"""The directory in a real browser: a funded demo group (the Tuesday Lunch Club) asks to be
listed from its page, fills in its listing on a phone, sends it; the demo officer checks it and
lists it; then anyone finds it on "What's on near you" with JavaScript turned off, at 320 px,
opens its page and the printable version; and it is in the Open Referral UK feed. Every page
has 0 accessibility violations."""

import pytest
from playwright.sync_api import expect

from directory.models import Listing, ListingState
from grants.demo import seed
from grants.models import User
from tests.conftest import sign_in_in_browser, sign_in_staff_in_browser
from tests.directory.oruk_schemas import problems
from tests.support.pages import assert_accessible, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _group_lists_itself(page):
    sign_in_in_browser(page, "applicant@seedbed.example")
    page.goto("/me/")
    assert_accessible(page)
    page.get_by_role("button", name="List us").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your listing")
    expect(page.get_by_label("Postcode")).to_have_value("RV1 2AB")  # offered, not re-asked
    assert_accessible(page)
    page.get_by_label("What happens").fill("A hot lunch and a chat. Come and eat with us.")
    page.get_by_label("Who it is for").fill("Anyone over 60 who would like company.")
    page.get_by_label("Theme").select_option(label="Food and money worries")
    times = page.get_by_role("group", name="Time 1")
    times.get_by_label("Day").select_option(label="Tuesday")
    times.get_by_label("Starts").fill("11:00")
    times.get_by_label("Ends").fill("13:00")
    page.get_by_label("Where you meet").fill("St Mark's Hall")
    page.get_by_label("Yes, just turn up").check()
    page.get_by_label("Step-free way in").check()
    page.get_by_label("Contact email").fill("lunch@tuesday.example")
    page.get_by_role("button", name="Save and send for a check").click()
    expect(page.get_by_text("An officer will check it soon.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()


def _officer_checks(page):
    officer = User.objects.get(email="officer@seedbed.example")
    sign_in_staff_in_browser(page, officer)
    page.goto("/staff/")
    page.get_by_role("link", name="Directory listings to check").click()
    assert_accessible(page)
    page.get_by_role("link", name="Tuesday Lunch Club").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a listing")
    assert_accessible(page)
    page.get_by_role("button", name="List it").click()
    expect(page.get_by_text("The listing is now public.")).to_be_visible()
    assert_accessible(page)


def _anyone_finds_it_without_javascript(browser, base_url):
    """Search, open the listing and its printable version with JavaScript off. Returns the
    addresses seen and the feed's answer."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 700}, base_url=base_url
    )
    page = context.new_page()
    try:
        page.goto("/whats-on/")
        page.get_by_label("Your postcode").fill("RV3 4CD")
        page.get_by_label("Only places I can just turn up to").check()
        page.get_by_role("button", name="Search").click()
        urls = [page.url]
        page.get_by_role("link", name="Tuesday Lunch Club").click()
        expect(page.get_by_text("Every Tuesday, 11am to 1pm")).to_be_visible()
        urls.append(page.url)
        page.get_by_role("link", name="Printable version").click()
        expect(page.get_by_text("St Mark's Hall")).to_be_visible()
        urls.append(page.url)
        feed = page.request.get("/openreferral/services?text=lunch").json()
    finally:
        page.close()
        context.close()
    return urls, feed


def _pages_meet_the_bars(page, urls):
    """Each public page: axe clean and no sideways scrolling at 320 px (axe needs JavaScript,
    so this runs in the ordinary browser). Returns the reading grades."""
    page.set_viewport_size({"width": 320, "height": 700})
    grades = {}
    for name, url in zip(["search", "listing", "printable"], urls, strict=True):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
        assert_accessible(page)
        grades[name] = reading_grade_of_page(page)
    return grades


def test_a_funded_demo_group_is_listed_checked_found_and_fed(
    page, _playwright_browser, live_server
):
    seed()
    _group_lists_itself(page)
    _officer_checks(page)
    listing = Listing.objects.get(group__name="Tuesday Lunch Club")
    assert listing.state == ListingState.LISTED
    urls, feed = _anyone_finds_it_without_javascript(_playwright_browser, live_server.url)
    assert [s["name"] for s in feed["contents"]] == ["Tuesday Lunch Club"]
    assert problems("/services", feed) == []
    grades = _pages_meet_the_bars(page, urls)
    print("Reading grades of the public directory pages:", grades)
    # Our own words read at grade 4; a listing's pages also carry the group's words and the
    # funder's full name ("Integrated Care Board"), so they are allowed a little more.
    assert grades["search"] <= 4, grades
    assert grades["listing"] <= 5 and grades["printable"] <= 5, grades
