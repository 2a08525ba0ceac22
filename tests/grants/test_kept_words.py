"""Nothing typed is lost when a session ends (without JavaScript).

Someone types a question's answer, two budget lines or half a group profile, is signed out while
they type (their session ended), and presses the button. The server keeps what they sent — in
their own browser's session, for a few hours, never shown to anyone else — sends them to sign in,
and after signing in again puts the words back in the same form with a message that says so.
"""

import html
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from core import kept_words
from grants.models import Answer, Group
from grants.services import applications as rules
from tests.conftest import code_from_outbox, make_user

pytestmark = pytest.mark.django_db

WORDS = "We cook a hot lunch for older people every Tuesday. Twenty people come & stay to chat."


@pytest.fixture
def app(open_round, group_a, applicant):
    return rules.application_start(open_round, group_a, by=applicant)


def session_ends():
    """The session runs out on the server: the browser still sends its old cookie."""
    Session.objects.all().delete()


def sign_in_again(client, email):
    mail.outbox = []
    client.post(reverse("account_request_login_code"), {"email": email})
    response = client.post(reverse("account_confirm_login_code"), {"code": code_from_outbox(email)})
    assert response.status_code == 302
    return response


def box_value(page, name):
    textarea = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    if textarea:
        return html.unescape(textarea.group(1)).strip("\r\n")
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, f"no box called {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def test_an_answer_sent_after_the_session_ended_is_back_after_signing_in(client, app, applicant):
    url = reverse("application_step", args=[app.reference, "question-1"])
    client.force_login(applicant)
    assert client.get(url).status_code == 200
    session_ends()

    response = client.post(url, {"text": WORDS, "action": "continue"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))
    assert not Answer.objects.filter(application=app).exclude(text="").exists()  # not saved
    signing_in = client.get(response["Location"])
    assert "You were signed out" in signing_in.text
    assert "We kept what you typed" in signing_in.text

    sign_in_again(client, applicant.email)
    page = client.get(url)

    assert box_value(page.text, "text") == WORDS
    assert "We put back what you typed" in page.text
    assert 'role="alert"' in page.text
    # Kept once: put back, then gone from the session.
    assert box_value(client.get(url).text, "text") == ""


def test_two_budget_lines_and_a_half_filled_group_profile_come_back(
    client, open_round, applicant, app
):
    client.force_login(applicant)
    budget = reverse("application_step", args=[app.reference, "budget"])
    group_new = reverse("group_new")
    session_ends()
    client.post(budget, {"item_1": "Food for 20 lunches", "amount_1": "£400", "item_2": "Hall"})
    client.post(group_new, {"name": "Knit & Natter", "what_you_do": "We knit and talk."})

    sign_in_again(client, applicant.email)
    page = client.get(budget).text
    assert box_value(page, "item_1") == "Food for 20 lunches"
    assert box_value(page, "amount_1") == "£400"
    assert box_value(page, "item_2") == "Hall"
    assert not app.budget_lines.exists()
    profile = client.get(group_new).text
    assert box_value(profile, "name") == "Knit & Natter"
    assert box_value(profile, "what_you_do") == "We knit and talk."
    assert not Group.objects.filter(name="Knit & Natter").exists()


def test_kept_words_are_for_that_page_only_and_expire(client, app, applicant):
    url = reverse("application_step", args=[app.reference, "question-1"])
    other = reverse("application_step", args=[app.reference, "about"])
    session_ends()
    client.post(url, {"text": WORDS})
    # Too old: gone.
    session = client.session
    session[kept_words.SESSION_KEY][url]["at"] -= kept_words.KEEP_FOR_SECONDS + 1
    session.save()
    sign_in_again(client, applicant.email)
    assert box_value(client.get(url).text, "text") == ""
    assert "We put back" not in client.get(other).text


def test_someone_who_may_not_see_the_form_gets_nothing_back(client, app, applicant):
    """A different person signs in on the same browser: the form is not theirs, so they see a
    "not found" page, and nothing of the words."""
    stranger = make_user("stranger@example.com")
    url = reverse("application_step", args=[app.reference, "question-1"])
    session_ends()
    client.post(url, {"text": WORDS})
    sign_in_again(client, stranger.email)
    page = client.get(url)
    assert page.status_code == 404
    assert "Twenty people" not in page.text


def test_what_is_kept_is_bounded_and_only_text(client, app):
    url = reverse("application_step", args=[app.reference, "question-1"])
    client.post(
        url,
        {
            "text": "x" * (kept_words.MOST_CHARACTERS + 10),
            "csrfmiddlewaretoken": "secret-token",
            **{f"field_{n}": "y" for n in range(kept_words.MOST_FIELDS + 5)},
        },
    )
    kept = client.session[kept_words.SESSION_KEY][url]["fields"]
    assert "csrfmiddlewaretoken" not in kept
    assert len(kept) <= kept_words.MOST_FIELDS
    assert sum(len(v) for values in kept.values() for v in values) <= kept_words.MOST_CHARACTERS


def test_a_signed_in_post_keeps_nothing(client, app, applicant):
    url = reverse("application_step", args=[app.reference, "question-1"])
    client.force_login(applicant)
    client.post(url, {"text": WORDS, "action": "continue"})
    assert kept_words.SESSION_KEY not in client.session
    assert Answer.objects.get(application=app, question__order=0).text == WORDS
