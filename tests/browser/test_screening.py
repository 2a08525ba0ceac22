"""An officer screens applications in a real browser at phone width, and sets up a round: every
staff page here has 0 accessibility violations."""

import re

import pytest
from playwright.sync_api import expect

from core.transitions import perform
from grants.models import Answer, Application, ApplicationState, BudgetLine, RoundState
from tests.conftest import make_group, make_round, sign_in_staff_in_browser
from tests.support.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sent(rnd, group, title, amount, by):
    app = Application.objects.create(
        round=rnd, group=group, title=title, amount_requested=amount, created_by=by
    )
    question = rnd.questions.first()
    Answer.objects.create(application=app, question=question, text=f"We will run {title}.")
    BudgetLine.objects.create(application=app, item="Hall hire", amount=amount)
    return perform(app, "submit", by=by)


def expect_h1(page, text):
    """Wait (auto-retrying) until the page's h1 says `text`: just after a click, a busy machine
    can still be showing the old page."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def click_and_wait(locator):
    """Click a link or button that loads a page, and return once that page has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def test_an_officer_screens_applications(page, officer, open_round, applicant, group_a):
    walkers = make_group("Millbrook Walkers", kind="constituted", area="Millbrook")
    fridge = make_group("Eastside Fridge", kind="charity", area="Eastside")
    lunch = sent(open_round, group_a, "Tuesday lunches", 800, applicant)
    walks = sent(open_round, walkers, "Walks for all", 2500, officer)
    food = sent(open_round, fridge, "A second fridge", 1500, officer)

    sign_in_staff_in_browser(page, officer)
    page.goto(f"/staff/rounds/{open_round.pk}/")
    click_and_wait(page.get_by_role("link", name="Check applications"))
    expect_h1(page, "Check applications")
    assert_accessible(page)

    # Filter: only constituted groups.
    page.locator("summary", has_text="Filter and sort").click()
    page.get_by_label("Kind of group").select_option("constituted")
    click_and_wait(page.get_by_role("button", name="Show applications"))
    expect(page).to_have_url(re.compile(r"[?&]kind=constituted"))
    expect(page.get_by_role("link", name="Walks for all")).to_be_visible()
    expect(page.get_by_role("link", name="Tuesday lunches")).to_have_count(0)
    assert_accessible(page)

    # Open it and mark it not eligible, with a reason; first forget the reason.
    click_and_wait(page.get_by_role("link", name="Walks for all"))
    expect_h1(page, "Walks for all")
    assert_accessible(page)
    click_and_wait(page.get_by_role("button", name="Mark as not eligible"))
    expect(page.get_by_text("Write the reason the group will see").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why it cannot go forward").fill("This fund is for informal groups only.")
    click_and_wait(page.get_by_role("button", name="Mark as not eligible"))
    expect(page.get_by_text("marked as not eligible")).to_be_visible()
    expect(page.get_by_text("This fund is for informal groups only.").first).to_be_visible()
    assert_accessible(page)

    # Back to the list, clear the filters, ask another for more information.
    click_and_wait(page.get_by_role("link", name="Back to the applications"))
    expect_h1(page, "Check applications")
    click_and_wait(page.get_by_role("link", name="A second fridge"))
    expect_h1(page, "A second fridge")
    page.get_by_label("What you need to know").fill("Where will the second fridge go?")
    click_and_wait(page.get_by_role("button", name="Ask for more information"))
    expect(page.get_by_text("sent back for more information")).to_be_visible()

    # And mark a third eligible.
    click_and_wait(page.get_by_role("link", name="Back to the applications"))
    expect_h1(page, "Check applications")
    click_and_wait(page.get_by_role("link", name="Tuesday lunches"))
    expect_h1(page, "Tuesday lunches")
    click_and_wait(page.get_by_role("button", name="Mark as eligible"))
    expect(page.get_by_text("marked as going to the panel")).to_be_visible()
    assert_accessible(page)

    # The confirmation above is on screen, so the server has saved all three.
    states = dict(Application.objects.values_list("pk", "state"))
    assert states[walks.pk] == ApplicationState.INELIGIBLE
    assert states[food.pk] == ApplicationState.MORE_INFO_NEEDED
    assert states[lunch.pk] == ApplicationState.ELIGIBLE


def test_bulk_screening_in_the_browser(page, officer, open_round, applicant, group_a):
    apps = [
        sent(open_round, make_group(f"Group {n}"), f"Project {n}", 500 + n, officer)
        for n in range(3)
    ]
    sign_in_staff_in_browser(page, officer)
    page.goto(f"/staff/rounds/{open_round.pk}/applications/")
    expect_h1(page, "Check applications")
    click_and_wait(page.get_by_role("button", name="Apply to the selected applications"))
    expect(page.get_by_text("Select at least one application").first).to_be_visible()
    assert_accessible(page)
    for app in apps[:2]:
        page.get_by_label(f"Select {app.reference}").check()
    page.get_by_label("Mark as eligible: they go to the panel").check()
    click_and_wait(page.get_by_role("button", name="Apply to the selected applications"))
    expect(page.get_by_text("2 applications marked as going to the panel")).to_be_visible()
    assert_accessible(page)


def test_an_officer_sets_up_a_round(page, officer, funder):
    sign_in_staff_in_browser(page, officer)
    page.goto("/staff/")
    click_and_wait(page.get_by_role("link", name="Set up a new round"))
    expect_h1(page, "Set up a new round")
    assert_accessible(page)
    page.get_by_label("Round name").fill("Warm Spaces Fund")
    page.get_by_label("Total money to give").fill("lots")
    click_and_wait(page.get_by_role("button", name="Save as a draft"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(
        page.get_by_text("Enter total money to give as a number of pounds").first
    ).to_be_visible()
    expect(page.get_by_label("Round name")).to_have_value("Warm Spaces Fund")
    assert_accessible(page)
    page.get_by_label("What the money is for").fill("Money for warm places to go.")
    page.get_by_label("Total money to give").fill("20000")
    click_and_wait(page.get_by_role("button", name="Save as a draft"))
    expect_h1(page, "Warm Spaces Fund")
    assert_accessible(page)
    for link, heading in [
        ("Change the round's settings", "Change the round's settings"),
        ("Eligibility check", "Eligibility check"),
        ("Questions for applicants", "Questions for applicants"),
        ("Scoring criteria", "Scoring criteria"),
    ]:
        click_and_wait(page.get_by_role("link", name=link))
        expect_h1(page, heading)
        assert_accessible(page)
        page.go_back()
        expect_h1(page, "Warm Spaces Fund")
    click_and_wait(page.get_by_role("link", name="Eligibility check"))
    expect_h1(page, "Eligibility check")
    page.get_by_label("Question 1", exact=True).fill("")
    click_and_wait(page.get_by_role("button", name="Save the eligibility check"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_text("Enter question 1").first).to_be_visible()
    assert_accessible(page)
    click_and_wait(page.get_by_role("link", name="Back to the round"))
    expect_h1(page, "Warm Spaces Fund")
    click_and_wait(page.get_by_role("link", name="Questions for applicants"))
    expect_h1(page, "Questions for applicants")
    click_and_wait(page.get_by_role("button", name="Add a question"))
    expect_h1(page, "Add a question")
    assert_accessible(page)
    page.get_by_label("Question", exact=True).fill("Where will you meet?")
    page.get_by_label("Word limit").fill("50")
    click_and_wait(page.get_by_role("button", name="Save the question"))
    expect_h1(page, "Questions for applicants")
    expect(page.get_by_text("Where will you meet?")).to_be_visible()
    click_and_wait(page.get_by_role("link", name="Back to the round"))
    expect_h1(page, "Warm Spaces Fund")
    click_and_wait(page.get_by_role("link", name="Scoring criteria"))
    expect_h1(page, "Scoring criteria")
    click_and_wait(page.get_by_role("link", name="Change criterion 1"))
    expect_h1(page, "Change a criterion")
    assert_accessible(page)


def test_staff_pages_for_a_round_in_every_stage_are_accessible(page, officer, funder):
    rnd = make_round(funder, state=RoundState.SCREENING)
    sign_in_staff_in_browser(page, officer)
    page.goto(f"/staff/rounds/{rnd.pk}/settings/")
    expect_h1(page, "Change the round's settings")
    assert_accessible(page)
    page.goto(f"/staff/rounds/{rnd.pk}/eligibility/")
    expect_h1(page, "Eligibility check")
    assert_accessible(page)
    page.goto(f"/staff/rounds/{rnd.pk}/applications/")
    expect_h1(page, "Check applications")
    expect(page.get_by_text("No applications have been sent yet")).to_be_visible()
    assert_accessible(page)
