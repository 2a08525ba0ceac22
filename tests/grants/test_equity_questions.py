"""The optional equity questions on the group's profile: asked apart from the profile, kept
with how they were asked, never shown to the panel, in the group's data download and removed
with the group's personal data."""

import json

import pytest
from django.urls import reverse

from core.models import AuditEvent
from grants.equity import CURRENT_VERSION, QUESTIONS
from grants.models import Application, Group, GroupEquityAnswers, Reply
from grants.privacy import export_personal_data, remove_group_personal_data
from tests.support.pages import count_queries

OPTIONAL = "These questions are optional. Your answers are never shown to the panel."


def equity_url(group):
    return reverse("group_equity", args=[group.pk])


def test_the_profile_page_asks_them_in_a_separate_optional_section(client_for, applicant, group_a):
    html = client_for(applicant).get(reverse("group_edit", args=[group_a.pk])).content.decode()
    assert OPTIONAL in html
    section = html[html.index('id="equity"') :]
    assert f'action="{equity_url(group_a)}"' in section  # its own form, not the profile's
    for question in QUESTIONS[CURRENT_VERSION]:
        assert question.text in section
    assert "People aged 60 or over" in section
    assert "Prefer not to say" in section
    assert "No, our group is for anyone" in section


def test_a_new_group_is_not_asked_before_it_exists(client_for, applicant):
    assert OPTIONAL not in client_for(applicant).get(reverse("group_new")).content.decode()


def test_answers_are_kept_with_how_they_were_asked(client_for, applicant, group_a):
    response = client_for(applicant).post(
        equity_url(group_a),
        {"led_by": ["DEI060000", "DEI090000"], "works_with": ["prefer_not"], "may_publish": "on"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("group_edit", args=[group_a.pk]) + "#equity")
    kept = GroupEquityAnswers.objects.get(group=group_a)
    assert (kept.led_by_reply, kept.led_by) == (Reply.CHOSE, ["DEI060000", "DEI090000"])
    assert (kept.works_with_reply, kept.works_with) == (Reply.PREFER_NOT, [])
    assert kept.may_publish is True
    assert kept.questions_version == CURRENT_VERSION
    assert kept.answered_by == applicant and kept.answered_at is not None
    assert kept.answered_by_helper is False
    # The audit trail says answers changed, never what they are.
    event = AuditEvent.objects.get(transition="equity_answers_saved")
    assert "DEI" not in event.reason and "Older" not in event.reason


def test_the_page_shows_what_was_answered(client_for, applicant, group_a):
    client = client_for(applicant)
    client.post(equity_url(group_a), {"led_by": ["DEI060000"], "works_with": ["none"]})
    html = client.get(reverse("group_edit", args=[group_a.pk])).content.decode()
    assert 'value="DEI060000" checked' in html
    assert 'value="none" checked' in html
    assert 'value="DEI090000" checked' not in html


def test_a_supporter_answering_is_recorded_as_helping(client_for, supporter, group_a):
    group_a.supporters.add(supporter)
    client_for(supporter).post(equity_url(group_a), {"works_with": ["DEI070000"]})
    kept = GroupEquityAnswers.objects.get(group=group_a)
    assert kept.answered_by_helper is True
    assert (kept.led_by_reply, kept.works_with) == (Reply.NOT_ANSWERED, ["DEI070000"])


def test_nothing_ticked_removes_the_answers(client_for, applicant, group_a):
    client = client_for(applicant)
    client.post(equity_url(group_a), {"led_by": ["DEI060000"]})
    client.post(equity_url(group_a), {})
    assert not GroupEquityAnswers.objects.filter(group=group_a).exists()


@pytest.mark.parametrize(
    "posted, message",
    [
        ({"led_by": ["prefer_not", "DEI060000"]}, "Choose “Prefer not to say” on its own"),
        ({"works_with": ["none", "DEI060000"]}, "Choose “No, our group is for anyone” on its own"),
        ({"led_by": ["<script>alert(1)</script>"]}, "Choose from the list"),
        ({"led_by": ["DEI800010"]}, "Choose from the list"),  # a code this version never asked
        ({"works_with": ["x" * 5000]}, "Choose from the list"),
    ],
)
def test_mistakes_are_shown_beside_the_question_and_nothing_is_saved(
    client_for, applicant, group_a, posted, message
):
    response = client_for(applicant).post(equity_url(group_a), posted)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    field = next(iter(posted))
    assert f'id="id_{field}-error"' in html
    assert "<script>alert" not in html
    assert not GroupEquityAnswers.objects.filter(group=group_a).exists()


def test_a_wrong_kind_of_value_for_publishing_is_not_a_server_error(client_for, applicant, group_a):
    response = client_for(applicant).post(
        equity_url(group_a), {"led_by": ["DEI060000"], "may_publish": ["1", "2", "{}"]}
    )
    assert response.status_code == 302


def test_only_the_groups_people_and_supporters_may_answer(client_for, applicant_b, group_a):
    client = client_for(applicant_b)
    assert client.get(equity_url(group_a)).status_code == 404
    assert client.post(equity_url(group_a), {"led_by": ["DEI060000"]}).status_code == 404
    assert not GroupEquityAnswers.objects.exists()


def test_the_profile_page_costs_the_same_queries_with_answers(client_for, applicant, group_a):
    client = client_for(applicant)
    url = reverse("group_edit", args=[group_a.pk])
    with count_queries() as before:
        client.get(url)
    client.post(equity_url(group_a), {"led_by": ["DEI060000", "DEI090000"]})
    with count_queries() as after:
        client.get(url)
    assert len(after) == len(before)


# --------------------------------------------------------------------------------------------
# Personal data
# --------------------------------------------------------------------------------------------
def test_the_groups_data_download_holds_the_answers_and_what_was_asked(
    client_for, applicant, group_a
):
    client_for(applicant).post(equity_url(group_a), {"led_by": ["DEI060000"]})
    data = json.loads(json.dumps(export_personal_data(applicant), default=str))
    answers = data["groups_you_belong_to"][0]["equity_answers"]
    assert answers["questions_version"] == CURRENT_VERSION
    led = answers["answers"][0]
    assert led["question"] == QUESTIONS[CURRENT_VERSION][0].text
    assert led["answer"] == ["People aged 60 or over"]
    assert answers["answers"][1]["answer"] == "Not answered"


def test_the_answers_go_with_the_groups_personal_data(client_for, applicant, group_a):
    client_for(applicant).post(equity_url(group_a), {"led_by": ["DEI060000"]})
    assert remove_group_personal_data(group_a) is True
    assert not GroupEquityAnswers.objects.filter(group=group_a).exists()


def test_the_answers_go_when_the_group_is_deleted(client_for, applicant, group_a):
    client_for(applicant).post(equity_url(group_a), {"led_by": ["DEI060000"]})
    Group.objects.filter(pk=group_a.pk).delete()
    assert not GroupEquityAnswers.objects.exists()


# --------------------------------------------------------------------------------------------
# Asked after a form is sent, while the group has not answered
# --------------------------------------------------------------------------------------------
def sent_page(client, open_round, group):
    app = Application.objects.create(round=open_round, group=group, title="Lunch")
    return client.get(reverse("application_sent", args=[app.reference])).content.decode()


def test_the_sent_page_links_to_the_questions_until_they_are_answered(
    client_for, applicant, group_a, open_round
):
    client = client_for(applicant)
    assert equity_url(group_a) in sent_page(client, open_round, group_a)
    client.post(equity_url(group_a), {"led_by": ["prefer_not"]})
    assert equity_url(group_a) not in sent_page(client, open_round, group_a)


def test_clearing_the_answers_says_so_plainly(client_for, applicant, group_a):
    client = client_for(applicant)
    client.post(equity_url(group_a), {"led_by": ["DEI060000"]})
    page = client.post(equity_url(group_a), {}, follow=True).content.decode()
    assert "No answers are kept. That is fine: they are optional." in page
