"""Screening: officers check sent applications one by one or several at once, and groups hear
the outcome in plain words."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.models import AuditEvent
from core.transitions import perform
from grants.models import Answer, Application, ApplicationState, BudgetLine, Group
from tests.conftest import make_group, make_user
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db


def sent(rnd, group, by, title="Lunch and a chat", amount=800, **extra):
    app = Application.objects.create(
        round=rnd, group=group, title=title, amount_requested=amount, created_by=by, **extra
    )
    questions = list(rnd.questions.all())
    Answer.objects.create(
        application=app, question=questions[0], text="We cook a hot lunch every Tuesday."
    )
    Answer.objects.create(
        application=app, question=questions[1], text="Older people who live alone."
    )
    BudgetLine.objects.create(application=app, order=0, item="Food", amount=500)
    BudgetLine.objects.create(application=app, order=1, item="Hall hire", amount=300)
    return perform(app, "submit", by=by)


@pytest.fixture
def app_a(open_round, group_a, applicant):
    return sent(open_round, group_a, applicant)


@pytest.fixture
def app_b(open_round, group_b, applicant_b):
    return sent(open_round, group_b, applicant_b, title="Walks for all", amount=2500)


def list_url(rnd):
    return reverse("staff_screening", args=[rnd.pk])


def detail_url(app):
    return reverse("staff_application", args=[app.pk])


def decide_url(app):
    return reverse("staff_application_decide", args=[app.pk])


# ------------------------------------------------------------------------------------------
# The list
# ------------------------------------------------------------------------------------------
def test_the_list_shows_sent_applications_not_drafts(
    client_for, officer, open_round, app_a, group_b
):
    Application.objects.create(round=open_round, group=group_b, title="Still a draft")
    page = client_for(officer).get(list_url(open_round))
    assert page.status_code == 200
    assert app_a.reference in page.text
    assert "Lunch and a chat" in page.text
    assert "Still a draft" not in page.text


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ({"q": "walks"}, "Walks for all", "Lunch and a chat"),
        ({"q": "tuesday lunch"}, "Lunch and a chat", "Walks for all"),
        ({"kind": "constituted"}, "Walks for all", "Lunch and a chat"),
        ({"min_amount": "£1,000"}, "Walks for all", "Lunch and a chat"),
        ({"max_amount": "1000"}, "Lunch and a chat", "Walks for all"),
        ({"area": "millbrook"}, "Walks for all", "Lunch and a chat"),
        ({"assisted": "yes"}, "Walks for all", "Lunch and a chat"),
        ({"assisted": "no"}, "Lunch and a chat", "Walks for all"),
        ({"state": "eligible"}, "Walks for all", "Lunch and a chat"),
    ],
)
def test_filters(client_for, officer, supporter, open_round, app_a, app_b, query, shown, hidden):
    Group.objects.filter(pk=app_b.group_id).update(area="Millbrook")
    Application.objects.filter(pk=app_b.pk).update(assisted_by=supporter)
    perform(app_b, "mark_eligible", by=officer)
    page = client_for(officer).get(list_url(open_round), query)
    assert shown in page.text
    assert hidden not in page.text


def test_sorting_by_amount(client_for, officer, open_round, app_a, app_b):
    page = client_for(officer).get(list_url(open_round), {"sort": "amount_high"}).text
    assert page.index("Walks for all") < page.index("Lunch and a chat")
    page = client_for(officer).get(list_url(open_round), {"sort": "amount_low"}).text
    assert page.index("Lunch and a chat") < page.index("Walks for all")


def test_bad_filter_values_are_explained_and_kept(client_for, officer, open_round, app_a):
    page = client_for(officer).get(
        list_url(open_round), {"min_amount": "lots", "q": "<script>x</script>", "state": "nope"}
    )
    assert page.status_code == 200
    assert "Enter asking for at least as a number of pounds" in page.text
    assert 'value="lots"' in page.text
    assert "remove the HTML tags" in page.text
    assert "<script>x</script>" not in page.text
    assert app_a.reference in page.text  # the other filters still work; nothing is hidden


def test_the_list_costs_the_same_queries_for_10_and_50_applications(
    client_for, officer, open_round, supporter
):
    client = client_for(officer)

    def add(n, start):
        for i in range(start, start + n):
            group = make_group(f"Group {i}")
            app = Application.objects.create(
                round=open_round,
                group=group,
                title=f"Project {i}",
                amount_requested=300 + i,
                assisted_by=supporter if i % 3 == 0 else None,
                channel="phone" if i % 4 == 0 else "online",
            )
            perform(app, "submit", by=officer)

    add(10, 0)
    client.get(list_url(open_round))
    with count_queries() as ten:
        assert client.get(list_url(open_round)).status_code == 200
    add(40, 10)
    with count_queries() as fifty:
        page = client.get(list_url(open_round))
    assert "Project 49" in page.text
    assert len(fifty) == len(ten), [q["sql"] for q in fifty.captured_queries]


def test_a_group_applying_twice_gets_a_hint(
    client_for, officer, open_round, app_a, group_a, applicant
):
    second = sent(open_round, group_a, applicant, title="Second go")
    client = client_for(officer)
    assert "Group applied more than once" in client.get(list_url(open_round)).text
    page = client.get(detail_url(second))
    assert "has 1 other application to this round" in page.text
    assert app_a.reference in page.text


# ------------------------------------------------------------------------------------------
# One application
# ------------------------------------------------------------------------------------------
def test_the_application_page_shows_everything_and_the_timeline(
    client_for, officer, app_a, group_a
):
    page = client_for(officer).get(detail_url(app_a))
    assert page.status_code == 200
    text = page.text
    for words in [
        "We cook a hot lunch every Tuesday.",
        "Older people who live alone.",
        "Hall hire",
        "£800",
        group_a.contact_email,
        group_a.second_contact_name,
        "What has happened",
        "Submit",
        "Mark as eligible",
        "Ask for more information",
        "Mark as not eligible",
    ]:
        assert words in text, words


def test_recorded_answers_play_only_for_people_allowed(
    client_for, officer, other_officer, applicant_b, open_round, app_a
):
    answer = app_a.answers.first()
    answer.recording.save("answer.mp3", ContentFile(b"ID3fake-audio"), save=False)
    answer.recording_type = "audio/mpeg"
    answer.save()
    page = client_for(officer).get(detail_url(app_a))
    assert "<audio controls" in page.text
    url = reverse("staff_answer_recording", args=[answer.pk])
    response = client_for(officer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert b"".join(response.streaming_content) == b"ID3fake-audio"
    assert client_for(other_officer).get(url).status_code == 404
    assert client_for(applicant_b).get(url).status_code == 403  # not staff at all


def test_mark_eligible_emails_the_group(client_for, officer, app_a, group_a, applicant, outbox):
    response = client_for(officer).post(decide_url(app_a), {"decision": "eligible"}, follow=True)
    assert response.status_code == 200
    assert "marked as going to the panel" in response.text
    app_a.refresh_from_db()
    assert app_a.state == ApplicationState.ELIGIBLE
    [message] = outbox
    assert set(message.to) == {group_a.contact_email, applicant.email}
    assert "is going to the panel" in message.subject
    assert "A panel of local people will now read it" in message.body
    assert "&#x27;" not in message.body


def test_ineligible_needs_a_reason_the_group_sees(client_for, officer, app_a, group_a, outbox):
    client = client_for(officer)
    response = client.post(decide_url(app_a), {"decision": "ineligible", "ineligible-reason": ""})
    assert response.status_code == 200
    assert "Write the reason the group will see" in response.text
    assert 'id="id_ineligible-reason-error"' in response.text
    app_a.refresh_from_db()
    assert app_a.state == ApplicationState.SUBMITTED
    assert not outbox
    reason = "This fund is only for groups in Testshire, and yours is based in Kent."
    client.post(decide_url(app_a), {"decision": "ineligible", "ineligible-reason": reason})
    app_a.refresh_from_db()
    assert app_a.state == ApplicationState.INELIGIBLE
    assert app_a.outcome_message == reason
    [message] = outbox
    assert "cannot go forward" in message.subject
    assert reason in message.body
    event = AuditEvent.objects.filter(transition="mark_ineligible").get()
    assert (event.actor, event.reason) == (officer, reason)


def test_asking_for_more_information_sends_it_back_and_resubmitting_returns_it(
    client_for, officer, app_a, applicant, outbox
):
    client = client_for(officer)
    response = client.post(decide_url(app_a), {"decision": "more_info", "more_info-reason": "   "})
    assert "Write what the group needs to tell you" in response.text
    client.post(
        decide_url(app_a),
        {"decision": "more_info", "more_info-reason": "Which hall will you use?"},
    )
    app_a.refresh_from_db()
    assert app_a.state == ApplicationState.MORE_INFO_NEEDED
    [message] = outbox
    assert "We need a little more information" in message.subject
    assert "Which hall will you use?" in message.body
    perform(app_a, "submit", by=applicant)
    page = client.get(list_url(app_a.round), {"state": "submitted"})
    assert app_a.reference in page.text


def test_two_officers_deciding_at_once_the_second_gets_a_plain_message(
    client_for, officer, funder, app_a, outbox
):
    from grants.models import Role
    from tests.conftest import give_second_factor

    colleague = give_second_factor(make_user("kim.officer@example.com", "Kim"))
    Role.objects.create(user=colleague, kind=Role.Kind.OFFICER, funder=funder)
    first = client_for(officer).post(decide_url(app_a), {"decision": "eligible"})
    assert first.status_code == 302
    second = client_for(colleague).post(
        decide_url(app_a),
        {"decision": "ineligible", "ineligible-reason": "Too late"},
        follow=True,
    )
    assert second.status_code == 200
    assert "cannot be done any more" in second.text
    assert "Someone else may have just changed it" in second.text
    app_a.refresh_from_db()
    assert app_a.state == ApplicationState.ELIGIBLE
    assert len(outbox) == 1
    # The same transition twice is refused just the same.
    again = client_for(officer).post(decide_url(app_a), {"decision": "eligible"}, follow=True)
    assert "cannot be done any more" in again.text
    assert AuditEvent.objects.filter(transition="mark_eligible").count() == 1


# ------------------------------------------------------------------------------------------
# Several at once
# ------------------------------------------------------------------------------------------
def test_bulk_decisions_report_what_worked_and_what_was_refused(
    client_for, officer, open_round, app_a, app_b, group_b, applicant_b, outbox
):
    third = sent(open_round, group_b, applicant_b, title="Third")
    perform(app_b, "mark_eligible", by=officer)  # someone decided this one already
    outbox.clear()
    response = client_for(officer).post(
        list_url(open_round),
        {
            "applications": [app_a.pk, app_b.pk, third.pk],
            "action": "ineligible",
            "reason": "The round is for groups under £10,000 a year.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "2 applications marked as not eligible" in response.text
    assert f"{app_b.reference} was not changed" in response.text
    assert "cannot be done any more" in response.text
    states = dict(Application.objects.values_list("pk", "state"))
    assert states[app_a.pk] == states[third.pk] == ApplicationState.INELIGIBLE
    assert states[app_b.pk] == ApplicationState.ELIGIBLE
    assert len(outbox) == 2
    assert all("groups under £10,000" in m.body for m in outbox)


def test_bulk_eligible(client_for, officer, open_round, app_a, app_b):
    client_for(officer).post(
        list_url(open_round), {"applications": [app_a.pk, app_b.pk], "action": "eligible"}
    )
    assert set(Application.objects.values_list("state", flat=True)) == {ApplicationState.ELIGIBLE}


def test_bulk_mistakes_are_explained_and_the_ticks_kept(
    client_for, officer, open_round, app_a, app_b
):
    client = client_for(officer)
    response = client.post(list_url(open_round), {"action": "eligible"})
    assert "Select at least one application" in response.text
    response = client.post(
        list_url(open_round), {"applications": [app_a.pk], "action": "ineligible", "reason": ""}
    )
    assert response.status_code == 200
    assert "Write the reason the groups will see" in response.text
    assert (
        f'id="select-{app_a.pk}" name="applications" type="checkbox" value="{app_a.pk}" checked'
        in response.text
    )
    response = client.post(list_url(open_round), {"applications": ["999999"], "action": "eligible"})
    assert "not in this round" in response.text
    assert set(Application.objects.values_list("state", flat=True)) == {ApplicationState.SUBMITTED}


def test_bulk_cannot_reach_another_rounds_applications(
    client_for, officer, funder, open_round, group_b, applicant_b, app_a
):
    from tests.conftest import make_round

    other = make_round(funder)
    elsewhere = sent(other, group_b, applicant_b)
    response = client_for(officer).post(
        list_url(open_round), {"applications": [elsewhere.pk], "action": "eligible"}
    )
    assert "not in this round" in response.text
    elsewhere.refresh_from_db()
    assert elsewhere.state == ApplicationState.SUBMITTED


# ------------------------------------------------------------------------------------------
# Who may
# ------------------------------------------------------------------------------------------
def test_other_funders_staff_get_404(client_for, other_officer, open_round, app_a):
    client = client_for(other_officer)
    assert client.get(list_url(open_round)).status_code == 404
    assert client.get(detail_url(app_a)).status_code == 404
    assert client.post(decide_url(app_a), {"decision": "eligible"}).status_code == 404
    assert (
        client.post(
            list_url(open_round), {"applications": [app_a.pk], "action": "eligible"}
        ).status_code
        == 404
    )


def test_funder_viewers_can_read_but_not_decide(client_for, funder_viewer, open_round, app_a):
    client = client_for(funder_viewer)
    page = client.get(list_url(open_round))
    assert page.status_code == 200
    assert app_a.reference in page.text
    assert "Apply to the selected applications" not in page.text
    detail = client.get(detail_url(app_a))
    assert detail.status_code == 200
    assert "Mark as eligible" not in detail.text
    assert client.post(decide_url(app_a), {"decision": "eligible"}).status_code == 403
    assert (
        client.post(
            list_url(open_round), {"applications": [app_a.pk], "action": "eligible"}
        ).status_code
        == 403
    )
    app_a.refresh_from_db()
    assert app_a.state == ApplicationState.SUBMITTED


def test_applicants_and_panel_members_get_403(
    client_for, applicant, panel_member, open_round, app_a
):
    for user in (applicant, panel_member):
        client = client_for(user)
        assert client.get(list_url(open_round)).status_code == 403
        assert client.get(detail_url(app_a)).status_code == 403
        assert client.post(decide_url(app_a), {"decision": "eligible"}).status_code == 403


def test_the_round_page_links_to_screening(client_for, officer, open_round):
    page = client_for(officer).get(reverse("staff_round", args=[open_round.pk]))
    assert list_url(open_round) in page.text
