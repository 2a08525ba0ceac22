"""Length limits are said before and after typing, and a box never cuts what was typed or
pasted without a word (finding 7). Only dangerous control characters are taken out: the
joiners emoji and Persian or Urdu words need are kept (finding 8)."""

import re

import pytest
from django.urls import reverse

from core.forms import strip_dangerous
from grants.models import Answer
from grants.services import applications as rules

pytestmark = pytest.mark.django_db

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl: one emoji
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
PERSIAN = "می\u200cخواهم"  # "I want": the ZWNJ keeps the prefix apart
URDU_MARKED = "\u200fہم دوپہر کا کھانا پکاتے ہیں"


@pytest.fixture
def draft(open_round, group_a, applicant):
    return rules.application_start(open_round, group_a, by=applicant)


def step_url(app, step):
    return reverse("application_step", args=[app.reference, step])


def test_no_box_on_the_form_cuts_what_is_typed(client_for, applicant, draft):
    client = client_for(applicant)
    for step in ("about", "budget", "question-1"):
        page = client.get(step_url(draft, step)).text
        assert "maxlength" not in page, step
    assert "maxlength" not in client.get(reverse("group_new")).text


def test_the_title_limit_is_said_before_and_a_long_title_is_kept_and_explained(
    client_for, applicant, draft
):
    client = client_for(applicant)
    page = client.get(step_url(draft, "about")).text
    assert "Use up to 120 characters" in page
    title = ("Tuesday lunches for older neighbours " * 7)[:232]
    response = client.post(step_url(draft, "about"), {"title": title, "amount_requested": "500"})
    assert response.status_code == 200
    assert "it has 232 characters" in response.text
    assert "Use 120 characters or fewer" in response.text
    assert title in response.text  # nothing cut: shown again, whole, to shorten
    draft.refresh_from_db()
    assert draft.title == ""  # and never saved cut short


def test_a_pasted_answer_over_the_limit_is_kept_and_explained(client_for, applicant, draft):
    text = "word " * 5000 + "a" * 100
    response = client_for(applicant).post(step_url(draft, "question-1"), {"text": text})
    assert response.status_code == 200
    assert f"it has {len(text.strip())} characters" in response.text
    assert text.strip() in response.text


@pytest.mark.parametrize("typed", [FAMILY, RAINBOW_FLAG, PERSIAN, URDU_MARKED])
def test_joiners_and_marks_people_write_with_are_kept(client_for, applicant, draft, typed):
    assert strip_dangerous(typed) == typed
    question = draft.round.questions.first()
    client_for(applicant).post(step_url(draft, "question-1"), {"text": f"We {typed} cook"})
    assert Answer.objects.get(application=draft, question=question).text == f"We {typed} cook"


def test_dangerous_characters_are_still_taken_out():
    assert strip_dangerous("we\x00 cook\x1b lunch\u202e\u2066 \x85ok\r\n") == "we cook lunch ok\n"
    assert re.fullmatch(r"[^\x00-\x08]*", strip_dangerous("\x07bell"))
