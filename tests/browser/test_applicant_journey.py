"""A new applicant on a phone (375 px): from the public round page, through the eligibility check,
sign-in by emailed code, the group's profile, the form, check answers, to a sent application.
Every page has 0 accessibility violations and reads at grade 6 or below (the goal is 4).
A second walk does the same with JavaScript switched off."""

import re

import pytest
from django.core import mail

from grants.models import Application, ApplicationState
from tests.conftest import code_from_outbox
from tests.support.pages import assert_accessible, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GRADE_LIMIT = 6

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
        assert grade <= GRADE_LIMIT, f"{name} reads at grade {grade}"
        return grade

    def report(self):
        for name, grade in self.seen.items():
            print(f"READING GRADE {grade:5.1f}  {name}")


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def sign_in_here(page, email):
    """Sign in from the page we were sent to, so the ?next= takes us back."""
    mail.outbox = []
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    page.get_by_label("Code").fill(code_from_outbox(email))
    page.get_by_role("button", name="Sign in").click()


def answer_eligibility(page):
    for number in (1, 2, 3):
        page.check(f"#id_q{number}_0")  # yes
    page.check("#id_q4_1")  # no
    page.get_by_role("button", name="Continue").click()


def fill_the_form(page, grades=None, *, recheck_errors=True):
    """From the 'Your project' page to check answers."""
    if grades:
        grades.check("Form page 1: your project")
    page.get_by_label("What is your project called?").fill("Tuesday lunch")
    page.get_by_label("How much money do you need?").fill("ten pounds")
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_label("How much money do you need?").input_value() == "ten pounds"
    if grades and recheck_errors:
        grades.check("Form page 1 with an error")
    page.get_by_label("How much money do you need?").fill("500")
    page.get_by_role("button", name="Save and continue").click()

    for number, text in enumerate(ANSWERS, start=1):
        assert page.locator("textarea").count() == 1
        if grades:
            grades.check(f"Form page {number + 1}: question {number}")
        page.locator("textarea").fill(text)
        page.get_by_role("button", name="Save and continue").click()
    # The last question is optional: leave it.
    if grades:
        grades.check("Form page 5: optional question")
    page.get_by_role("button", name="Save and continue").click()

    assert heading(page) == "How you will spend it"
    if grades:
        grades.check("Form page 6: budget")
    page.locator("#id_item_1").fill("Food")
    page.locator("#id_amount_1").fill("400")
    page.locator("#id_item_2").fill("Hall hire")
    page.locator("#id_amount_2").fill("50")
    page.get_by_role("button", name="Save and continue").click()
    assert "These must be the same" in page.locator(".govuk-error-summary").inner_text()
    if grades and recheck_errors:
        grades.check("Form page 6 with an error")
    page.locator("#id_amount_2").fill("100")
    page.get_by_role("button", name="Save and continue").click()
    assert heading(page) == "Check your answers"


def test_a_new_applicant_goes_from_the_round_page_to_a_sent_form(page, open_round):
    grades = Grades(page)
    page.goto(f"/rounds/{open_round.slug}/")
    assert heading(page) == open_round.title
    grades.check("Public round page")

    page.get_by_role("button", name="Start now").click()
    assert heading(page) == "Can you ask for this money?"
    grades.check("Eligibility check")
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    assert page.locator(".govuk-error-summary").is_visible()
    grades.check("Eligibility check with errors")
    page.check("#id_q2_1")  # "no" to a needed question
    for number in (1, 3):
        page.check(f"#id_q{number}_0")
    page.check("#id_q4_1")
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "You cannot ask for this money"
    grades.check("Not eligible")
    page.get_by_role("link", name="Answer the questions again").click()
    answer_eligibility(page)

    page.wait_for_url(re.compile(r"/accounts/login/code/\?next="))
    assert heading(page) == "Sign in"
    grades.check("Sign in")
    email = "new.applicant@example.com"
    mail.outbox = []
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    grades.check("Type your code")
    page.get_by_label("Code").fill(code_from_outbox(email))
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/groups/new/**")
    assert heading(page) == "Tell us about your group"
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
    page.get_by_role("button", name="Save and continue").click()
    assert "Enter a real UK postcode" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("#id_contact_name").input_value() == "Ada Lovelace"
    grades.check("Group profile with an error")
    page.get_by_label("Postcode").fill("rv1 2ab")
    page.get_by_role("button", name="Save and continue").click()

    assert heading(page) == "Your project"
    fill_the_form(page, grades)
    grades.check("Check your answers")
    page.get_by_role("link", name="Change answer 2").click()
    page.locator("textarea").fill(ANSWERS[1] + " They laugh a lot.")
    page.get_by_role("button", name="Save and continue").click()
    assert heading(page) == "Check your answers"
    assert "They laugh a lot." in page.locator("main").inner_text()

    page.get_by_role("button", name="Send it").click()
    assert heading(page) == "We got your form"
    app = Application.objects.get(group__name="Tuesday Lunch Friends")
    assert app.state == ApplicationState.SUBMITTED
    assert app.reference in page.locator(".govuk-panel").inner_text()
    grades.check("Confirmation")
    assert any(app.reference in m.subject for m in mail.outbox)

    page.get_by_role("link", name="See your form").click()
    assert "Sent — we are checking it" in page.locator("main").inner_text()
    grades.check("Your form (sent)")
    page.get_by_role("link", name="Take this form back").click()
    grades.check("Take your form back?")
    page.get_by_role("link", name="No, keep it").click()
    page.get_by_role("link", name="All your forms").click()
    assert heading(page) == "Your forms"
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
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"/rounds/{open_round.slug}/")
        page.get_by_role("button", name="Start now").click()
        answer_eligibility(page)
        page.wait_for_url(re.compile(r"/accounts/login/code/\?next="))
        sign_in_here(page, applicant.email)
        page.wait_for_url("**/apply/")
        assert heading(page) == "Who is asking?"
        assert page.locator("#id_group_0").is_checked()
        # (axe needs JavaScript to run, so the accessibility checks are in the test above.)
        page.get_by_role("button", name="Continue").click()
        # No live word count without JavaScript: the hint says the limit instead.
        fill_the_form(page, recheck_errors=False)
        page.get_by_role("button", name="Send it").click()
        assert heading(page) == "We got your form"
        assert Application.objects.get(group=group_a).state == ApplicationState.SUBMITTED
    finally:
        context.close()


def test_the_word_count_updates_as_you_type(page, open_round, group_a, applicant):
    from grants.services import applications as rules
    from tests.conftest import sign_in_in_browser

    app = rules.start_application(open_round, group_a, by=applicant)
    sign_in_in_browser(page, applicant.email)
    page.wait_for_url("**/")
    page.goto(f"/applications/{app.reference}/question-3/")
    counter = page.locator(".seedbed-word-count")
    assert counter.inner_text() == "You have 100 words left"
    page.locator("textarea").fill("one two three")
    assert counter.inner_text() == "You have 97 words left"
    page.locator("textarea").fill("word " * 103)
    assert counter.inner_text() == "You have 3 words too many"
    assert_accessible(page)
