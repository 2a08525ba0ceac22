"""The applicant's side of the Application state machine: allowed moves, refused ones, and the
audit trail of each, run through the services the pages use."""

import pytest

from core.models import AuditEvent
from core.transitions import TransitionRefused, perform
from grants.models import Application, ApplicationState
from grants.services import applications as rules

pytestmark = pytest.mark.django_db


def complete(app):
    rules.application_save_about(app, {"title": "Walks", "amount_requested": 300})
    for question in app.round.questions.all():
        rules.answer_save(app, question, text="We walk together.")
    rules.budget_save(app, [("Maps", 300)])
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def app(open_round, group_a, applicant):
    return complete(rules.application_start(open_round, group_a, by=applicant))


def trail():
    return list(AuditEvent.objects.values_list("transition", "from_state", "to_state"))


@pytest.mark.parametrize("start", ["draft", "submitted", "more_info_needed"])
def test_withdraw_is_allowed_from_each_open_state(app, applicant, officer, start):
    if start != "draft":
        app = rules.application_submit(app, by=applicant)
    if start == "more_info_needed":
        app = perform(app, "ask_for_more_information", by=officer, reason="More please")
    app = rules.application_withdraw(app, by=applicant, reason="No longer needed")
    assert app.state == ApplicationState.WITHDRAWN
    assert trail()[-1] == ("withdraw", start, "withdrawn")
    assert AuditEvent.objects.last().actor == applicant


@pytest.mark.parametrize("end", ["mark_eligible", "mark_ineligible"])
def test_withdraw_is_refused_once_screened(app, applicant, officer, end):
    app = rules.application_submit(app, by=applicant)
    app = perform(app, end, by=officer, reason="Checked")
    with pytest.raises(TransitionRefused, match="cannot be done any more"):
        rules.application_withdraw(app, by=applicant)
    assert trail()[-1][0] == end


def test_submit_twice_is_refused_plainly(app, applicant):
    app = rules.application_submit(app, by=applicant)
    with pytest.raises(TransitionRefused, match="cannot be done any more"):
        rules.application_submit(app, by=applicant)
    assert trail() == [("submit", "draft", "submitted")]


def test_another_group_cannot_submit_or_withdraw(app, applicant_b, group_b):
    with pytest.raises(TransitionRefused, match="not allowed"):
        rules.application_submit(app, by=applicant_b)
    with pytest.raises(TransitionRefused, match="not allowed"):
        rules.application_withdraw(app, by=applicant_b)
    assert not AuditEvent.objects.exists()


def test_an_incomplete_form_is_refused_with_every_problem(open_round, group_a, applicant):
    app = rules.application_start(open_round, group_a, by=applicant)
    with pytest.raises(TransitionRefused) as refused:
        rules.application_submit(app, by=applicant)
    problems = refused.value.problems
    assert "Give your project a short name" in problems
    assert "Say how much money you need" in problems
    assert "Answer this question, or send a recording instead" in problems
    assert "Add at least one thing you will spend money on" in problems
    assert not AuditEvent.objects.exists()


def test_optional_questions_may_be_left_blank(open_round, group_a, applicant):
    app = rules.application_start(open_round, group_a, by=applicant)
    rules.application_save_about(app, {"title": "Walks", "amount_requested": 300})
    for question in open_round.questions.filter(required=True):
        rules.answer_save(app, question, text="Yes.")
    rules.budget_save(app, [("Maps", 300)])
    assert rules.problems(app) == []


def test_a_group_with_a_sent_form_cannot_send_a_second_draft(open_round, group_a, applicant):
    first = rules.application_start(open_round, group_a, by=applicant)
    second = Application.objects.create(round=open_round, group=group_a)  # e.g. made by hand
    rules.application_submit(complete(first), by=applicant)
    with pytest.raises(TransitionRefused, match="has already sent a form"):
        rules.application_submit(complete(second), by=applicant)


def test_resubmitting_after_more_information_works_after_the_round_closes(app, applicant, officer):
    app = rules.application_submit(app, by=applicant)
    rnd = perform(app.round, "close", by=officer)
    rnd = perform(rnd, "start_screening", by=officer)
    app = perform(app, "ask_for_more_information", by=officer, reason="Which park?")
    assert rules.edit_refusal(app, applicant) is None
    app = rules.application_submit(app, by=applicant)
    assert app.state == ApplicationState.SUBMITTED
    assert trail()[-1] == ("submit", "more_info_needed", "submitted")


@pytest.mark.parametrize(
    "state, words",
    [
        ("draft", "You have not sent it yet"),
        ("submitted", "We are checking it"),
        ("more_info_needed", "Read our note"),
        ("eligible", "A panel of local people will read it"),
        ("ineligible", "It cannot go on this time"),
        ("withdrawn", "You took it back"),
        ("awarded", "you will get the money"),
        ("not_awarded", "It was not picked this time"),
    ],
)
def test_every_state_has_plain_next_step_words(app, state, words):
    Application.objects.filter(pk=app.pk).update(state=state)
    app = Application.objects.select_related("round").get(pk=app.pk)
    assert words in rules.next_step_words(app)
