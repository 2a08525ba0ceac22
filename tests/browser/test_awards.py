"""From a funded application to an offer, the group accepting it, and the money recorded: in a
real browser at phone width, with 0 accessibility violations on every page on the way."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Award, AwardState
from tests.conftest import sign_in_in_browser, sign_in_staff_in_browser
from tests.grants.test_awards import awarded_application
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page
from tests.support.pages import pdf_text as text_of_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect_h1(page, text):
    """Wait (auto-retrying) until the page's h1 says `text` (a string, or a pattern): just after a
    click, a busy machine can still be showing the old page."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def click_and_wait(locator):
    """Click a link or button that loads a page, and return once that page has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def download_text(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    download = info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    return download.suggested_filename, " ".join(text_of_pdf(pdf).split())


@pytest.fixture
def group_page(_playwright_browser, live_server):
    """A second browser, for the group, so the officer stays signed in in the first."""
    context = _playwright_browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url, accept_downloads=True
    )
    context.set_default_timeout(20_000)  # as the `browser_context` fixture: CI is busy
    page = context.new_page()
    yield page
    context.close()


def test_offer_acceptance_and_payment(page, group_page, officer, open_round, applicant, group_a):
    application = awarded_application(open_round, group_a, applicant, officer, asked=800)

    # The officer finds the funded application in the award register and makes the offer.
    sign_in_staff_in_browser(page, officer)
    page.goto("/staff/")
    click_and_wait(page.get_by_role("link", name="Awards, payments and open data").first)
    expect_h1(page, "Awards")
    assert_accessible(page)
    click_and_wait(page.get_by_role("link", name="Make an offer to Tuesday Lunch Club"))
    expect_h1(page, "Make an offer")
    assert_accessible(page)
    page.get_by_label("Amount to offer (£)").fill("seven hundred")
    click_and_wait(page.get_by_role("button", name="Make the offer and email the group"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_amount-error")).to_be_visible()
    expect(page.get_by_label("Amount to offer (£)")).to_have_value("seven hundred")
    assert_accessible(page)
    page.get_by_label("Amount to offer (£)").fill("750")
    page.get_by_label("Extra conditions").fill("Please say the ICB paid for the lunches.")
    page.get_by_label("Project start date").fill("2027-04-01")
    page.get_by_label("Project end date").fill("2028-03-31")
    click_and_wait(page.get_by_role("button", name="Make the offer and email the group"))
    expect_h1(page, re.compile(r"^Award "))
    expect(page.get_by_text("Offer made")).to_be_visible()
    assert_accessible(page)
    award = Award.objects.get(application=application)
    assert award.state == AwardState.OFFERED

    # The offer letter downloads as a PDF that says what it should.
    filename, text = download_text(page, "Download the offer letter (PDF)")
    assert filename == f"offer-letter-{application.reference}.pdf"
    for words in (
        "NHS Testshire Integrated Care Board",
        "Your grant offer",
        "Tuesday Lunch Club",
        "£750",
        "you asked for £800",
        "Please say the ICB paid for the lunches.",
        "Page 1 of",
    ):
        assert words in text, words

    # The group signs in, finds the offer, reads the letter and accepts.
    sign_in_in_browser(group_page, applicant.email)
    group_page.goto("/me/")
    expect_h1(group_page, "Your page")
    assert_accessible(group_page)
    click_and_wait(group_page.get_by_role("link", name="£750 for Tuesday Lunch Club"))
    expect_h1(group_page, "Your grant offer")
    assert_accessible(group_page)
    assert_plain(reading_grade_of_page(group_page), "Your grant offer")
    _, group_text = download_text(group_page, "Download the offer letter (PDF)")
    assert "£750" in group_text
    click_and_wait(group_page.get_by_role("button", name="Accept the grant"))
    expect_h1(group_page, "Accept your grant")
    assert_accessible(group_page)
    assert_plain(reading_grade_of_page(group_page), "Accept your grant")
    group_page.get_by_label("Your full name").fill("Amina Yusuf")
    click_and_wait(group_page.get_by_role("button", name="Accept the grant"))
    expect(group_page.locator(".govuk-error-summary")).to_be_visible()
    expect(group_page.get_by_label("Your full name")).to_have_value("Amina Yusuf")
    assert_accessible(group_page)
    group_page.get_by_label("The group's own bank account").check()
    group_page.get_by_label("Name on the bank account, or of the host group").fill(
        "Tuesday Lunch Club"
    )
    group_page.get_by_label("Two people in our group agree").check()
    click_and_wait(group_page.get_by_role("button", name="Accept the grant"))
    expect_h1(group_page, "Your grant")
    expect(group_page.get_by_text("You accepted the grant")).to_be_visible()
    assert_accessible(group_page)
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED and award.accepted_name == "Amina Yusuf"

    # The officer records the payment; the award is then paid in full.
    page.reload()
    expect_h1(page, re.compile(r"^Award "))
    click_and_wait(page.get_by_role("button", name="Record a payment"))
    expect_h1(page, "Record a payment")
    assert_accessible(page)
    page.get_by_label("Amount (£)").fill("900")
    click_and_wait(page.get_by_role("button", name="Record the payment"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_text("at most £750 can be added").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Amount (£)").fill("750")
    page.get_by_label("Payment reference").fill("BACS 0427")
    click_and_wait(page.get_by_role("button", name="Record the payment"))
    expect(page.get_by_text("Payment of £750 recorded as sent")).to_be_visible()
    expect(page.get_by_text("Paid in full").first).to_be_visible()
    assert_accessible(page)
    award.refresh_from_db()
    assert award.state == AwardState.PAID

    # The payments-due list and the register show where things stand.
    click_and_wait(page.get_by_role("link", name="Award register"))
    expect_h1(page, "Awards")
    assert_accessible(page)
    click_and_wait(page.get_by_role("link", name="Payments due"))
    expect_h1(page, "Payments due")
    assert_accessible(page)

    # The group sees the money is on its way.
    group_page.reload()
    expect(group_page.get_by_text("We have sent all the money")).to_be_visible()
    assert_accessible(group_page)

    # The group needs more time: it asks for a later end date, and the officer sees it.
    click_and_wait(group_page.get_by_role("link", name="Ask for a change"))
    expect_h1(group_page, "Ask for a change")
    assert_accessible(group_page)
    assert_plain(reading_grade_of_page(group_page), "Ask for a change")
    later = timezone.localdate() + timedelta(days=400)
    group_page.get_by_label("New end date").fill(later.isoformat())
    group_page.get_by_label("Why does it need to change?").fill("The hall is shut in May.")
    click_and_wait(group_page.get_by_role("button", name="Send my request"))
    expect(group_page.get_by_text("Your change is waiting for").first).to_be_visible()
    assert_accessible(group_page)
    page.goto(f"/staff/awards/{award.pk}/")
    expect(page.get_by_text("The group asked for this change")).to_be_visible()
    assert_accessible(page)
    # Turning it down needs a reason (the error page keeps the form), then the group is told.
    click_and_wait(page.get_by_role("button", name="Turn it down"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why are you turning it down?").fill("We need the report first.")
    click_and_wait(page.get_by_role("button", name="Turn it down"))
    award.refresh_from_db()
    assert award.state == AwardState.PAID
    group_page.reload()
    expect(group_page.get_by_text("We need the report first.")).to_be_visible()
    assert_accessible(group_page)
