"""The spine: named transitions, permission checks, plain refusals and the audit trail."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.transitions import TransitionRefused, perform
from grants.models import Application, RoundState
from tests.conftest import make_round

pytestmark = pytest.mark.django_db


def test_a_round_cannot_open_without_budget_dates_criteria_and_questions(funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT, budget=None, opens_at=None)
    rnd.questions.all().delete()
    with pytest.raises(TransitionRefused) as refused:
        perform(rnd, "open", by=officer)
    problems = refused.value.problems
    assert "Set the total money to give." in problems
    assert "Set when the round opens and closes." in problems
    assert "Add at least one question for applicants." in problems
    rnd.refresh_from_db()
    assert rnd.state == RoundState.DRAFT
    assert not AuditEvent.objects.exists()


def test_an_officer_opens_a_ready_round_and_it_is_recorded(funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT)
    rnd = perform(rnd, "open", by=officer, reason="Ready to go")
    assert rnd.state == RoundState.OPEN
    event = AuditEvent.objects.get()
    assert (event.transition, event.from_state, event.to_state) == ("open", "draft", "open")
    assert event.actor == officer
    assert event.reason == "Ready to go"
    assert event.subject == rnd


def test_an_officer_of_another_funder_cannot_open_it(funder, other_officer):
    rnd = make_round(funder, state=RoundState.DRAFT)
    with pytest.raises(TransitionRefused, match="not allowed"):
        perform(rnd, "open", by=other_officer)


def test_a_transition_from_the_wrong_state_gets_a_plain_message(open_round, officer):
    with pytest.raises(TransitionRefused, match="cannot be done any more"):
        perform(open_round, "open", by=officer)


def test_the_round_cannot_move_to_scoring_while_applications_wait(
    open_round, officer, group_a, applicant
):
    app = Application.objects.create(round=open_round, group=group_a, amount_requested=500)
    perform(app, "submit", by=applicant)
    open_round = perform(open_round, "close", by=officer)
    open_round = perform(open_round, "start_screening", by=officer)
    with pytest.raises(TransitionRefused) as refused:
        perform(open_round, "start_scoring", by=officer)
    assert "1 application is still being checked." in refused.value.problems


def test_every_application_transition_is_audited(open_round, officer, group_a, applicant):
    app = Application.objects.create(round=open_round, group=group_a, amount_requested=500)
    app = perform(app, "submit", by=applicant)
    app = perform(app, "ask_for_more_information", by=officer, reason="Tell us the venue")
    assert app.outcome_message == "Tell us the venue"
    app = perform(app, "submit", by=applicant)
    app = perform(app, "mark_eligible", by=officer)
    steps = list(AuditEvent.objects.values_list("transition", "from_state", "to_state"))
    assert steps == [
        ("submit", "draft", "submitted"),
        ("ask_for_more_information", "submitted", "more_info_needed"),
        ("submit", "more_info_needed", "submitted"),
        ("mark_eligible", "submitted", "eligible"),
    ]


def test_an_applicant_cannot_screen_their_own_application(open_round, group_a, applicant):
    app = Application.objects.create(round=open_round, group=group_a, amount_requested=500)
    app = perform(app, "submit", by=applicant)
    with pytest.raises(TransitionRefused, match="not allowed"):
        perform(app, "mark_eligible", by=applicant)


def test_the_state_field_cannot_be_set_directly(open_round):
    with pytest.raises(AttributeError):
        open_round.state = RoundState.DECIDED


def test_the_round_staff_page_shows_the_timeline(client_for, funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT)
    client = client_for(officer)
    response = client.post(
        reverse("staff_round_step", args=[rnd.pk]), {"step": "open", "reason": "All set"}
    )
    assert response.status_code == 302
    page = client.get(reverse("staff_round", args=[rnd.pk]))
    assert "What has happened" in page.text
    assert "All set" in page.text
    assert "Olu" in page.text


def test_a_refused_step_is_explained_on_the_page_not_a_server_error(client_for, funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT, budget=None)
    client = client_for(officer)
    response = client.post(
        reverse("staff_round_step", args=[rnd.pk]), {"step": "open"}, follow=True
    )
    assert response.status_code == 200
    assert "Set the total money to give." in response.text


def test_another_funders_officer_gets_404_on_the_round_page(client_for, open_round, other_officer):
    assert (
        client_for(other_officer).get(reverse("staff_round", args=[open_round.pk])).status_code
        == 404
    )


def test_audit_records_are_read_only_in_the_admin(client_for, admin_user, open_round, officer):
    perform(open_round, "close", by=officer)
    event = AuditEvent.objects.get()
    client = client_for(admin_user)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    response = client.post(
        reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
