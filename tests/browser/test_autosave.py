"""Typed answers are saved as people type (static/js/autosave.js): someone on a phone who types
an answer and then goes to another page without pressing a button finds it there when they come
back."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from grants.models import Answer
from grants.services import applications as rules
from tests.conftest import code_from_outbox, sign_in_in_browser
from tests.support.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.autosave, pytest.mark.django_db(transaction=True)]

FIRST = "We cook a hot lunch for older people every Tuesday in the church hall."
MORE = " Twenty people come each week."


def stored_text(app):
    answer = Answer.objects.filter(application=app, question__order=0).first()
    return answer.text if answer else None


def wait_until_stored(app, text, seconds=20):
    """The save sent as the page is left arrives on its own: wait (bounded) for it."""
    deadline = time.monotonic() + seconds
    while stored_text(app) != text and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stored_text(app) == text


def test_a_typed_answer_is_saved_without_pressing_a_button(page, open_round, group_a, applicant):
    app = rules.application_start(open_round, group_a, by=applicant)
    sign_in_in_browser(page, applicant.email)
    question_page = f"/applications/{app.reference}/question-1/"
    page.goto(question_page)
    box = page.locator("textarea")
    status = page.locator(".seedbed-autosave")

    # Type, stop for a moment: it is saved, and the page says so quietly.
    box.fill(FIRST)
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    expect(status).to_have_attribute("aria-live", "polite")
    assert_accessible(page)

    # Leave for another page without pressing "Save and continue", then come back.
    page.goto(f"/applications/{app.reference}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(question_page)
    expect(page.locator("textarea")).to_have_value(FIRST)

    # Type more and leave at once, before the pause: it is saved as the page is left.
    page.locator("textarea").press("Control+End")
    page.locator("textarea").press_sequentially(MORE, delay=5)
    page.goto(f"/applications/{app.reference}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_until_stored(app, FIRST + MORE)
    page.goto(question_page)
    expect(page.locator("textarea")).to_have_value(FIRST + MORE)

    # The signal drops: it says so, keeps the words, and tries again on the next pause.
    saving = re.compile(r".*/autosave/$")
    page.route(saving, lambda route: route.abort("internetdisconnected"))
    page.locator("textarea").press("Control+End")
    page.locator("textarea").press_sequentially(" Lost?", delay=5)
    status = page.locator(".seedbed-autosave")
    expect(status).to_have_text("Not saved yet — check your connection. Your words are still here.")
    expect(page.locator("textarea")).to_have_value(FIRST + MORE + " Lost?")
    page.unroute(saving)
    page.locator("textarea").press_sequentially(" No.", delay=5)
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    assert stored_text(app) == FIRST + MORE + " Lost? No."


def session_ends():
    """The session runs out on the server while the page is open."""
    Session.objects.all().delete()


def test_words_typed_after_the_session_ended_come_back_after_signing_in(
    page, open_round, group_a, applicant
):
    app = rules.application_start(open_round, group_a, by=applicant)
    sign_in_in_browser(page, applicant.email)
    question_page = f"/applications/{app.reference}/question-1/"
    page.goto(question_page)
    page.locator("textarea").fill(FIRST)
    expect(page.locator(".seedbed-autosave")).to_have_text(re.compile(r"^Saved at"))

    session_ends()
    page.locator("textarea").press("Control+End")
    page.locator("textarea").press_sequentially(MORE, delay=5)

    # Said at once, at the top of the page, and the words stay on the phone.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("You are signed out, so your words are not saved.")
    expect(page.locator(".seedbed-autosave")).to_have_text(
        "Not saved — you are signed out. Your words are kept on this phone."
    )
    assert_accessible(page)
    assert stored_text(app) == FIRST

    alert.get_by_role("link", name="Sign in again").click()
    page.get_by_label("Your email address").fill(applicant.email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    page.get_by_label("Code").fill(code_from_outbox(applicant.email))
    page.get_by_role("button", name="Sign in").click()

    # Back on the question: the words are put back, said so, and saved.
    page.wait_for_url(f"**{question_page}")
    expect(page.locator("textarea")).to_have_value(FIRST + MORE)
    expect(page.get_by_role("alert")).to_contain_text("We put back what you typed")
    wait_until_stored(app, FIRST + MORE)
    expect(page.locator(".seedbed-autosave")).to_have_text(re.compile(r"^Saved at"))
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('seedbed:kept:'))") == []
    )


def test_budget_lines_save_as_they_are_typed(page, open_round, group_a, applicant):
    app = rules.application_start(open_round, group_a, by=applicant)
    sign_in_in_browser(page, applicant.email)
    page.goto(f"/applications/{app.reference}/budget/")
    lines = page.locator("fieldset.seedbed-budget-line")
    lines.nth(0).get_by_label("What for").fill("Food for 20 lunches")
    lines.nth(0).get_by_label("How much").fill("400")
    lines.nth(1).get_by_label("What for").fill("Hall hire")
    lines.nth(1).get_by_label("How much").fill("100")
    expect(page.locator(".seedbed-autosave")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    assert [(b.item, b.amount) for b in app.budget_lines.order_by("order")] == [
        ("Food for 20 lunches", 400),
        ("Hall hire", 100),
    ]
    assert_accessible(page)


def test_a_half_filled_group_profile_is_kept_on_the_phone_until_it_is_sent(
    page, open_round, applicant
):
    sign_in_in_browser(page, applicant.email)
    page.goto("/groups/new/")
    page.get_by_label("Group name").fill("Knit and Natter")
    page.get_by_label("What does your group do?").fill("We knit and talk on Mondays.")
    page.goto("/me/")  # away without pressing the button: the phone rang
    page.goto("/groups/new/")
    expect(page.get_by_label("Group name")).to_have_value("Knit and Natter")
    expect(page.get_by_label("What does your group do?")).to_have_value(
        "We knit and talk on Mondays."
    )
    expect(page.get_by_role("alert")).to_contain_text("We put back what you typed")
    assert_accessible(page)
    # Signing out forgets the kept words, so the next person on this phone does not see them.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/groups/new/" not in url)
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('seedbed:kept:'))") == []
    )
