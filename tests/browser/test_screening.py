"""An officer screens applications in a real browser at phone width, and sets up a round: every
staff page here has 0 accessibility violations."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from grants.demo import DEMO_TOTP_SECRET
from grants.models import Answer, Application, ApplicationState, BudgetLine, RoundState
from grants.services.transitions import perform
from tests.conftest import make_group, make_round, sign_in_in_browser
from tests.support.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def totp_now():
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))


def sign_in_as_staff(page, user):
    sign_in_in_browser(page, user.email)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(totp_now())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/2fa/" not in url)


def sent(rnd, group, title, amount, by):
    app = Application.objects.create(
        round=rnd, group=group, title=title, amount_requested=amount, created_by=by
    )
    question = rnd.questions.first()
    Answer.objects.create(application=app, question=question, text=f"We will run {title}.")
    BudgetLine.objects.create(application=app, item="Hall hire", amount=amount)
    return perform(app, "submit", by=by)


def h1(page):
    return page.get_by_role("heading", level=1).inner_text()


def test_an_officer_screens_applications(page, officer, open_round, applicant, group_a):
    walkers = make_group("Millbrook Walkers", kind="constituted", area="Millbrook")
    fridge = make_group("Eastside Fridge", kind="charity", area="Eastside")
    lunch = sent(open_round, group_a, "Tuesday lunches", 800, applicant)
    walks = sent(open_round, walkers, "Walks for all", 2500, officer)
    food = sent(open_round, fridge, "A second fridge", 1500, officer)

    sign_in_as_staff(page, officer)
    page.goto(f"/staff/rounds/{open_round.pk}/")
    page.get_by_role("link", name="Check applications").click()
    assert h1(page) == "Check applications"
    assert_accessible(page)

    # Filter: only constituted groups.
    page.locator("summary", has_text="Filter and sort").click()
    page.get_by_label("Kind of group").select_option("constituted")
    page.get_by_role("button", name="Show applications").click()
    assert page.get_by_role("link", name="Walks for all").is_visible()
    assert page.get_by_role("link", name="Tuesday lunches").count() == 0
    assert_accessible(page)

    # Open it and mark it not eligible, with a reason; first forget the reason.
    page.get_by_role("link", name="Walks for all").click()
    assert h1(page) == "Walks for all"
    assert_accessible(page)
    page.get_by_role("button", name="Mark as not eligible").click()
    assert page.get_by_text("Write the reason the group will see").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Why it cannot go forward").fill("This fund is for informal groups only.")
    page.get_by_role("button", name="Mark as not eligible").click()
    assert page.get_by_text("marked as not eligible").is_visible()
    assert page.get_by_text("This fund is for informal groups only.").first.is_visible()
    assert_accessible(page)

    # Back to the list, clear the filters, ask another for more information.
    page.get_by_role("link", name="Back to the applications").click()
    page.get_by_role("link", name="A second fridge").click()
    page.get_by_label("What you need to know").fill("Where will the second fridge go?")
    page.get_by_role("button", name="Ask for more information").click()
    assert page.get_by_text("sent back for more information").is_visible()

    # And mark a third eligible.
    page.get_by_role("link", name="Back to the applications").click()
    page.get_by_role("link", name="Tuesday lunches").click()
    page.get_by_role("button", name="Mark as eligible").click()
    assert page.get_by_text("marked as going to the panel").is_visible()
    assert_accessible(page)

    states = dict(Application.objects.values_list("pk", "state"))
    assert states[walks.pk] == ApplicationState.INELIGIBLE
    assert states[food.pk] == ApplicationState.MORE_INFO_NEEDED
    assert states[lunch.pk] == ApplicationState.ELIGIBLE


def test_bulk_screening_in_the_browser(page, officer, open_round, applicant, group_a):
    apps = [
        sent(open_round, make_group(f"Group {n}"), f"Project {n}", 500 + n, officer)
        for n in range(3)
    ]
    sign_in_as_staff(page, officer)
    page.goto(f"/staff/rounds/{open_round.pk}/applications/")
    page.get_by_role("button", name="Apply to the selected applications").click()
    assert page.get_by_text("Select at least one application").first.is_visible()
    assert_accessible(page)
    for app in apps[:2]:
        page.get_by_label(f"Select {app.reference}").check()
    page.get_by_label("Mark as eligible: they go to the panel").check()
    page.get_by_role("button", name="Apply to the selected applications").click()
    assert page.get_by_text("2 applications marked as going to the panel").is_visible()
    assert_accessible(page)


def test_an_officer_sets_up_a_round(page, officer, funder):
    sign_in_as_staff(page, officer)
    page.goto("/staff/")
    page.get_by_role("link", name="Set up a new round").click()
    assert h1(page) == "Set up a new round"
    assert_accessible(page)
    page.get_by_label("Round name").fill("Warm Spaces Fund")
    page.get_by_label("Total money to give").fill("lots")
    page.get_by_role("button", name="Save as a draft").click()
    assert page.get_by_text("Enter total money to give as a number of pounds").first.is_visible()
    assert page.get_by_label("Round name").input_value() == "Warm Spaces Fund"
    assert_accessible(page)
    page.get_by_label("What the money is for").fill("Money for warm places to go.")
    page.get_by_label("Total money to give").fill("20000")
    page.get_by_role("button", name="Save as a draft").click()
    assert h1(page) == "Warm Spaces Fund"
    assert_accessible(page)
    for link, heading in [
        ("Change the round's settings", "Change the round's settings"),
        ("Questions for applicants", "Questions for applicants"),
        ("Scoring criteria", "Scoring criteria"),
    ]:
        page.get_by_role("link", name=link).click()
        assert h1(page) == heading
        assert_accessible(page)
        page.go_back()
    page.get_by_role("link", name="Questions for applicants").click()
    page.get_by_role("button", name="Add a question").click()
    assert h1(page) == "Add a question"
    assert_accessible(page)
    page.get_by_label("Question", exact=True).fill("Where will you meet?")
    page.get_by_label("Word limit").fill("50")
    page.get_by_role("button", name="Save the question").click()
    assert page.get_by_text("Where will you meet?").is_visible()
    page.get_by_role("link", name="Back to the round").click()
    page.get_by_role("link", name="Scoring criteria").click()
    page.get_by_role("link", name="Change criterion 1").click()
    assert h1(page) == "Change a criterion"
    assert_accessible(page)


def test_staff_pages_for_a_round_in_every_stage_are_accessible(page, officer, funder):
    rnd = make_round(funder, state=RoundState.SCREENING)
    sign_in_as_staff(page, officer)
    page.goto(f"/staff/rounds/{rnd.pk}/settings/")
    assert_accessible(page)
    page.goto(f"/staff/rounds/{rnd.pk}/applications/")
    assert page.get_by_text("No applications have been sent yet").is_visible()
    assert_accessible(page)
