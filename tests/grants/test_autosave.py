"""Saving a typed answer as it is typed (`application_autosave`, used by static/js/autosave.js):
the same people, states and checks as the question page, a tiny JSON answer, POST only, and
CSRF-protected. Without JavaScript nothing changes (see test_apply.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.transitions import perform
from grants.models import Answer, Application, RoundState
from grants.services import applications as rules
from tests.conftest import mark_recently_authenticated

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(open_round, group_a, applicant):
    return rules.application_start(open_round, group_a, by=applicant)


def autosave_url(app, step="question-1"):
    return reverse("application_autosave", args=[app.reference, step])


def step_url(app, step="question-1"):
    return reverse("application_step", args=[app.reference, step])


def fill_complete(app):
    rules.application_save_about(app, {"title": "Lunch club", "amount_requested": 500})
    for question in app.round.questions.all():
        rules.answer_save(app, question, text="We cook lunch for older people each week.")
    rules.budget_save(app, [("Food", 400), ("Hall hire", 100)])
    return Application.objects.get(pk=app.pk)


def stored_text(app, order=0):
    answer = Answer.objects.filter(application=app, question__order=order).first()
    return None if answer is None else answer.text


def test_the_group_member_saves_as_they_type(client_for, applicant, draft):
    response = client_for(applicant).post(
        autosave_url(draft), {"text": "We cook a hot lunch on Tuesdays."}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["saved"] is True
    assert re.fullmatch(r"\d\d:\d\d", body["at"])
    assert stored_text(draft) == "We cook a hot lunch on Tuesdays."


def test_a_later_save_replaces_the_earlier_one_and_the_page_shows_it(client_for, applicant, draft):
    client = client_for(applicant)
    client.post(autosave_url(draft, "question-2"), {"text": "Older people"})
    client.post(autosave_url(draft, "question-2"), {"text": "Older people who live alone"})
    assert stored_text(draft, order=1) == "Older people who live alone"
    assert Answer.objects.filter(application=draft).count() == 1
    page = client.get(step_url(draft, "question-2")).text
    assert "Older people who live alone</textarea>" in page


def test_the_question_page_knows_where_to_save_and_loads_the_script_as_a_module(
    client_for, applicant, draft
):
    page = client_for(applicant).get(step_url(draft)).text
    assert f'data-autosave-url="{autosave_url(draft)}"' in page
    assert '<script type="module" src="/static/js/autosave.js"></script>' in page
    # Without JavaScript the buttons still save the page, as before.
    assert 'name="action" value="continue"' in page


def test_a_supporter_of_the_group_and_the_funders_officer_may_save(
    client_for, supporter, officer, group_a, draft
):
    group_a.supporters.add(supporter)
    response = client_for(supporter).post(autosave_url(draft), {"text": "Typed by Sam"})
    assert response.json() == {"saved": True, "at": response.json()["at"]}
    assert stored_text(draft) == "Typed by Sam"
    response = client_for(officer).post(autosave_url(draft), {"text": "Typed by Olu"})
    assert response.status_code == 200
    assert stored_text(draft) == "Typed by Olu"


def test_another_groups_applicant_is_not_found(client_for, applicant_b, group_b, draft):
    rules.answer_save(draft, draft.round.questions.first(), text="Ours")
    response = client_for(applicant_b).post(autosave_url(draft), {"text": "Hacked"})
    assert response.status_code == 404
    assert stored_text(draft) == "Ours"


def test_the_funders_viewer_cannot_save_or_even_see_a_draft(client_for, funder_viewer, draft):
    # A draft is the group's (and the funder's officers'): to the viewer it is not there.
    response = client_for(funder_viewer).post(autosave_url(draft), {"text": "Hacked"})
    assert response.status_code == 404
    assert stored_text(draft) is None


def test_someone_signed_out_is_sent_to_sign_in_and_nothing_is_saved(client, draft):
    response = client.post(autosave_url(draft), {"text": "Hello"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert stored_text(draft) is None


def test_a_sent_application_is_refused(client_for, applicant, draft):
    app = rules.application_submit(fill_complete(draft), by=applicant)
    before = stored_text(app)
    response = client_for(applicant).post(autosave_url(app), {"text": "Changed after sending"})
    assert response.status_code == 403
    assert response.json() == {
        "saved": False,
        "error": "You have sent this form, so you cannot change it now.",
    }
    assert stored_text(app) == before


def test_more_information_needed_may_be_saved(client_for, applicant, officer, draft):
    app = rules.application_submit(fill_complete(draft), by=applicant)
    app = perform(app, "ask_for_more_information", by=officer, reason="Where will you meet?")
    response = client_for(applicant).post(autosave_url(app), {"text": "In the church hall."})
    assert response.status_code == 200
    assert stored_text(app) == "In the church hall."


def test_a_closed_round_refuses_a_draft(client_for, applicant, draft):
    type(draft.round).objects.filter(pk=draft.round.pk).update(state=RoundState.CLOSED)
    response = client_for(applicant).post(autosave_url(draft), {"text": "Too late"})
    assert response.status_code == 403
    assert response.json()["saved"] is False
    assert stored_text(draft) is None


def test_a_far_too_long_answer_is_refused_and_nothing_is_saved(client_for, applicant, draft):
    client = client_for(applicant)
    client.post(autosave_url(draft), {"text": "Short and kept"})
    text = "a" * (rules.MAX_ANSWER_CHARACTERS + 1)
    response = client.post(autosave_url(draft), {"text": text})
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "error": "Your answer is far too long: it has 20001 characters, and the most we can "
        "keep is 20,000. Make it shorter. What you typed is still in the box",
    }
    assert stored_text(draft) == "Short and kept"


def test_the_longest_answer_the_page_takes_is_saved(client_for, applicant, draft):
    text = "a" * rules.MAX_ANSWER_CHARACTERS
    response = client_for(applicant).post(autosave_url(draft), {"text": text})
    assert response.status_code == 200
    assert stored_text(draft) == text


def test_an_answer_over_the_word_limit_is_saved_as_the_page_does(client_for, applicant, draft):
    text = "word " * 200  # the limit is 150: a business rule, checked before sending
    response = client_for(applicant).post(autosave_url(draft), {"text": text})
    assert response.status_code == 200
    assert stored_text(draft) == text.strip()


def test_html_and_control_characters_are_handled_exactly_like_the_page(
    client_for, applicant, draft
):
    typed = "<script>alert(1)</script> we\x00 cook\x1b lunch\u202e\r\non Tuesdays "
    client = client_for(applicant)
    client.post(step_url(draft, "question-1"), {"text": typed, "action": "continue"})
    by_page = stored_text(draft, order=0)
    response = client.post(autosave_url(draft, "question-2"), {"text": typed})
    assert response.status_code == 200
    assert stored_text(draft, order=1) == by_page
    assert by_page == "<script>alert(1)</script> we cook lunch\non Tuesdays"
    page = client.get(step_url(draft, "question-2")).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_blank_box_is_saved_as_blank_like_the_page(client_for, applicant, draft):
    client = client_for(applicant)
    client.post(autosave_url(draft), {"text": "Something"})
    response = client.post(autosave_url(draft), {"text": "   "})
    assert response.status_code == 200
    assert stored_text(draft) == ""


def test_a_post_without_the_text_saves_nothing(client_for, applicant, draft):
    client = client_for(applicant)
    client.post(autosave_url(draft), {"text": "Kept"})
    response = client.post(autosave_url(draft), {})
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert stored_text(draft) == "Kept"


def test_the_project_page_saves_as_it_is_typed(client_for, applicant, draft):
    response = client_for(applicant).post(
        autosave_url(draft, "about"), {"title": "Tuesday lunches", "amount_requested": "£1,500"}
    )
    assert response.json()["saved"] is True
    draft.refresh_from_db()
    assert (draft.title, draft.amount_requested) == ("Tuesday lunches", 1500)


def test_two_budget_lines_save_as_they_are_typed(client_for, applicant, draft):
    response = client_for(applicant).post(
        autosave_url(draft, "budget"),
        {"item_1": "Food", "amount_1": "400", "item_2": "Hall hire", "amount_2": "£100"},
    )
    assert response.json()["saved"] is True
    assert [(line.item, line.amount) for line in draft.budget_lines.order_by("order")] == [
        ("Food", 400),
        ("Hall hire", 100),
    ]


def test_a_budget_amount_that_cannot_be_read_is_said_and_the_rest_is_saved(
    client_for, applicant, draft
):
    response = client_for(applicant).post(
        autosave_url(draft, "budget"),
        {"item_1": "Food", "amount_1": "400", "item_2": "Hall hire", "amount_2": "lots"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "error": "Enter the amount in pounds, using numbers, like 500",
    }
    assert [(line.item, line.amount) for line in draft.budget_lines.order_by("order")] == [
        ("Food", 400),
        ("Hall hire", None),
    ]


@pytest.mark.parametrize("step", ["check", "question-99", "nonsense"])
def test_only_the_pages_of_the_form_can_be_saved_this_way(client_for, applicant, draft, step):
    response = client_for(applicant).post(autosave_url(draft, step), {"text": "Hello"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title == ""


def test_get_is_not_allowed(client_for, applicant, draft):
    response = client_for(applicant).get(autosave_url(draft), {"text": "Hello"})
    assert response.status_code == 405
    assert stored_text(draft) is None


def test_a_post_without_the_csrf_token_is_refused(applicant, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    mark_recently_authenticated(client, applicant)
    response = client.post(autosave_url(draft), {"text": "Sent from another site"})
    assert response.status_code == 403
    assert stored_text(draft) is None


def test_a_post_with_the_pages_csrf_token_is_saved(applicant, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    mark_recently_authenticated(client, applicant)
    page = client.get(step_url(draft)).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        autosave_url(draft), {"text": "Sent by the page", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    assert stored_text(draft) == "Sent by the page"
