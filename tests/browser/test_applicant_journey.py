"""A new applicant on a phone (375 px): from the public round page, through the eligibility check,
sign-in by emailed code, the group's profile, the form, check answers, to a sent application.
Every page has 0 accessibility violations and reads at grade 4 or below (tests.support.pages: PLAIN_GRADE; a few pages are pinned
above it in ABOVE_THE_GOAL until their wording is fixed).
A second walk does the same with JavaScript switched off."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from grants.models import Application, ApplicationState
from tests.conftest import code_from_outbox
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ANSWERS = [
    "We cook a hot lunch for older people every Tuesday in the church hall.",
    "Older people who live alone. They eat well and make friends.",
    "Twenty people come each week. More want to join.",
]


class Grades:
    """Check a page and note its reading grade, by name."""

    def __init__(self, page):
        self.page = page
        self.seen = {}

    def check(self, name):
        assert_accessible(self.page)
        grade = reading_grade_of_page(self.page)
        self.seen[name] = grade
        assert_plain(grade, name)
        return grade

    def report(self):
        for name, grade in self.seen.items():
            print(f"READING GRADE {grade:5.1f}  {name}")


def expect_heading(page, text):
    """Wait (auto-retrying) until the page's h1 says `text`: just after a click, a busy machine
    can still be showing the old page."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def click_and_wait(locator):
    """Click a link or button that loads a page, and return once that page has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def save_and_continue(page):
    click_and_wait(page.get_by_role("button", name="Save and continue"))


def sign_in_here(page, email):
    """Sign in from the page we were sent to, so the ?next= takes us back."""
    mail.outbox = []
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    expect_heading(page, "Check your email")
    page.get_by_label("Code").fill(code_from_outbox(email))
    page.get_by_role("button", name="Sign in").click()


def answer_eligibility(page):
    for number in (1, 2, 3):
        page.check(f"#id_q{number}_0")  # yes
    page.check("#id_q4_1")  # no
    click_and_wait(page.get_by_role("button", name="Continue"))


def fill_the_form(page, grades=None, *, recheck_errors=True):
    """From the 'Your project' page to check answers."""
    expect_heading(page, "Your project")
    if grades:
        grades.check("Form page 1: your project")
    page.get_by_label("What is your project called?").fill("Tuesday lunch")
    page.get_by_label("How much money do you need?").fill("ten pounds")
    save_and_continue(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("How much money do you need?")).to_have_value("ten pounds")
    if grades and recheck_errors:
        grades.check("Form page 1 with an error")
    page.get_by_label("How much money do you need?").fill("500")
    save_and_continue(page)

    for number, text in enumerate(ANSWERS, start=1):
        # Each question page looks alike (one box), so make sure it is the next one.
        expect(page).to_have_url(re.compile(rf"/question-{number}/$"))
        expect(page.locator("textarea")).to_have_count(1)
        if grades:
            grades.check(f"Form page {number + 1}: question {number}")
        page.locator("textarea").fill(text)
        save_and_continue(page)
    # The last question is optional: leave it.
    expect(page).to_have_url(re.compile(rf"/question-{len(ANSWERS) + 1}/$"))
    expect(page.locator("textarea")).to_have_count(1)
    if grades:
        grades.check("Form page 5: optional question")
    save_and_continue(page)

    expect_heading(page, "How you will spend it")
    if grades:
        grades.check("Form page 6: budget")
    page.locator("#id_item_1").fill("Food")
    page.locator("#id_amount_1").fill("400")
    page.locator("#id_item_2").fill("Hall hire")
    page.locator("#id_amount_2").fill("50")
    save_and_continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("These must be the same")
    if grades and recheck_errors:
        grades.check("Form page 6 with an error")
    page.locator("#id_amount_2").fill("100")
    save_and_continue(page)
    expect_heading(page, "Check your answers")


def test_a_new_applicant_goes_from_the_round_page_to_a_sent_form(page, open_round):
    grades = Grades(page)
    page.goto(f"/rounds/{open_round.slug}/")
    expect_heading(page, open_round.title)
    grades.check("Public round page")

    click_and_wait(page.get_by_role("button", name="Start now"))
    expect_heading(page, "Can you ask for this money?")
    grades.check("Eligibility check")
    click_and_wait(page.get_by_role("button", name="Continue"))  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    grades.check("Eligibility check with errors")
    page.check("#id_q2_1")  # "no" to a needed question
    for number in (1, 3):
        page.check(f"#id_q{number}_0")
    page.check("#id_q4_1")
    click_and_wait(page.get_by_role("button", name="Continue"))
    expect_heading(page, "You cannot ask for this money")
    grades.check("Not eligible")
    click_and_wait(page.get_by_role("link", name="Answer the questions again"))
    expect_heading(page, "Can you ask for this money?")
    answer_eligibility(page)

    page.wait_for_url(re.compile(r"/accounts/login/code/\?next="))
    expect_heading(page, "Sign in")
    grades.check("Sign in")
    email = "new.applicant@example.com"
    mail.outbox = []
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    expect_heading(page, "Check your email")
    grades.check("Type your code")
    page.get_by_label("Code").fill(code_from_outbox(email))
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/groups/new/**")
    expect_heading(page, "Tell us about your group")
    grades.check("Group profile")
    page.get_by_label("Group name").fill("Tuesday Lunch Friends")
    page.get_by_label("Informal group (not registered)").check()
    page.get_by_label("Where do you meet or work?").fill("Northfield")
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_label("Under £1,000 a year").check()
    page.locator("#id_contact_name").fill("Ada Lovelace")
    page.locator("#id_contact_email").fill("ada@example.com")
    page.locator("#id_second_contact_name").fill("Ben Okri")
    page.locator("#id_second_contact_phone").fill("07700 900123")
    page.get_by_label("These two people are not related and do not live together").check()
    page.get_by_label("A bank account in the group's name").check()
    page.get_by_label("Name on the bank account").fill("Tuesday Lunch Friends")
    save_and_continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real UK postcode")
    expect(page.locator("#id_contact_name")).to_have_value("Ada Lovelace")
    grades.check("Group profile with an error")
    page.get_by_label("Postcode").fill("rv1 2ab")
    save_and_continue(page)

    fill_the_form(page, grades)  # starts by waiting for the "Your project" page
    grades.check("Check your answers")
    click_and_wait(page.get_by_role("link", name="Change answer 2"))
    expect(page).to_have_url(re.compile(r"/question-2/"))
    page.locator("textarea").fill(ANSWERS[1] + " They laugh a lot.")
    save_and_continue(page)
    expect_heading(page, "Check your answers")
    expect(page.locator("main")).to_contain_text("They laugh a lot.")

    click_and_wait(page.get_by_role("button", name="Send it"))
    expect_heading(page, "We got your form")
    app = Application.objects.get(group__name="Tuesday Lunch Friends")
    assert app.state == ApplicationState.SUBMITTED
    expect(page.locator(".govuk-panel")).to_contain_text(app.reference)
    grades.check("Confirmation")
    assert any(app.reference in m.subject for m in mail.outbox)

    click_and_wait(page.get_by_role("link", name="See your form"))
    expect_heading(page, "Tuesday lunch")
    expect(page.locator("main")).to_contain_text("Sent — we are checking it")
    grades.check("Your form (sent)")
    click_and_wait(page.get_by_role("link", name="Take this form back"))
    expect_heading(page, "Take your form back?")
    grades.check("Take your form back?")
    click_and_wait(page.get_by_role("link", name="No, keep it"))
    expect_heading(page, "Tuesday lunch")
    click_and_wait(page.get_by_role("link", name="All your forms"))
    expect_heading(page, "Your forms")
    grades.check("Your forms")
    grades.report()


def test_the_journey_works_without_javascript(
    _playwright_browser, live_server, open_round, group_a, applicant
):
    context = _playwright_browser.new_context(
        viewport={"width": 375, "height": 812},
        base_url=live_server.url,
        java_script_enabled=False,
    )
    # CI machines are busy (the same waits as the `browser_context` fixture).
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    page = context.new_page()
    try:
        page.goto(f"/rounds/{open_round.slug}/")
        click_and_wait(page.get_by_role("button", name="Start now"))
        expect_heading(page, "Can you ask for this money?")
        answer_eligibility(page)
        page.wait_for_url(re.compile(r"/accounts/login/code/\?next="))
        expect_heading(page, "Sign in")
        sign_in_here(page, applicant.email)
        page.wait_for_url("**/apply/")
        expect_heading(page, "Who is asking?")
        expect(page.locator("#id_group_0")).to_be_checked()
        # (axe needs JavaScript to run, so the accessibility checks are in the test above.)
        click_and_wait(page.get_by_role("button", name="Continue"))
        # No live word count without JavaScript: the hint says the limit instead.
        fill_the_form(page, recheck_errors=False)
        click_and_wait(page.get_by_role("button", name="Send it"))
        expect_heading(page, "We got your form")
        assert Application.objects.get(group=group_a).state == ApplicationState.SUBMITTED
    finally:
        context.close()


def test_the_word_count_updates_as_you_type(page, open_round, group_a, applicant):
    from grants.services import applications as rules
    from tests.conftest import sign_in_in_browser

    app = rules.application_start(open_round, group_a, by=applicant)
    sign_in_in_browser(page, applicant.email)
    page.wait_for_url("**/")
    page.goto(f"/applications/{app.reference}/question-3/")
    counter = page.locator(".seedbed-word-count")
    # The counter is written by JavaScript as you type: wait for each change.
    expect(counter).to_have_text("You have 100 words left", use_inner_text=True)
    page.locator("textarea").fill("one two three")
    expect(counter).to_have_text("You have 97 words left", use_inner_text=True)
    page.locator("textarea").fill("word " * 103)
    expect(counter).to_have_text("You have 3 words too many", use_inner_text=True)
    assert_accessible(page)
