"""Typed answers are saved as people type (static/js/autosave.js): someone on a phone who types
an answer and then goes to another page without pressing a button finds it there when they come
back."""

import re
import time

import pytest
from playwright.sync_api import expect

from grants.models import Answer
from grants.services import applications as rules
from tests.conftest import sign_in_in_browser
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
    app = rules.start_application(open_round, group_a, by=applicant)
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
