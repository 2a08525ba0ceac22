"""Officers set up rounds in Seedbed's own pages: settings, questions, criteria, and who may."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from core.transitions import perform
from grants.models import Application, Criterion, Question, Round, RoundState
from grants.round_template import DEFAULT_CRITERIA, DEFAULT_QUESTIONS
from tests.conftest import make_round

pytestmark = pytest.mark.django_db


def round_data(**changes):
    soon = timezone.localdate() + timedelta(days=7)
    later = soon + timedelta(days=28)
    data = {
        "title": "Warm Spaces Fund",
        "slug": "",
        "summary": "Money for warm, friendly places to go this winter.",
        "who_can_apply": "Any local group.",
        "what_happens_next": "We check, then a panel of residents decides.",
        "area": "Testshire",
        "budget": "£20,000",
        "min_grant": "250",
        "max_grant": "4,000",
        "opens_date": soon.isoformat(),
        "opens_time": "09:00",
        "closes_date": later.isoformat(),
        "closes_time": "17:00",
        "decision_by": (later + timedelta(days=30)).isoformat(),
        "one_application_per_group": "on",
        "score_max": "4",
        "min_scores_per_application": "3",
        "panel_quorum": "3",
        "voting_method": "approval",
        "allocation_rule": "mes-add1",
        "dots_per_voter": "10",
        "tier_0": "1000",
        "tier_1": "10000",
    }
    data.update(changes)
    return data


def create_url(funder):
    return reverse("staff_round_create", args=[funder.pk])


def test_an_officer_creates_a_round_from_the_template(client_for, funder, officer):
    client = client_for(officer)
    page = client.get(create_url(funder))
    assert page.status_code == 200
    assert "Set up a new round" in page.text
    response = client.post(create_url(funder), round_data())
    rnd = Round.objects.get()
    assert response["Location"] == reverse("staff_round", args=[rnd.pk])
    assert rnd.state == RoundState.DRAFT
    assert rnd.slug == "warm-spaces-fund"
    assert (rnd.budget, rnd.min_grant, rnd.max_grant) == (20000, 250, 4000)
    opens = timezone.localtime(rnd.opens_at)
    assert (opens.hour, opens.minute) == (9, 0)
    assert [q.text for q in rnd.questions.all()] == [q[0] for q in DEFAULT_QUESTIONS]
    assert [c.title for c in rnd.criteria.all()] == [c[0] for c in DEFAULT_CRITERIA]
    assert rnd.eligibility_questions
    assert [t["up_to"] for t in rnd.reporting_tiers] == [1000, 10000, None]
    assert rnd.opening_problems() == []
    # It opens through the state machine, from the round page.
    client.post(reverse("staff_round_step", args=[rnd.pk]), {"step": "open"})
    rnd.refresh_from_db()
    assert rnd.state == RoundState.OPEN


def test_the_new_round_form_starts_from_the_defaults(client_for, funder, officer):
    page = client_for(officer).get(create_url(funder)).text
    assert 'name="panel_quorum" value="3"' in page
    assert 'name="tier_0" value="1000"' in page
    assert 'value="approval" checked' in page
    assert "You do not need to be a charity." in page


def test_the_slug_is_made_unique(client_for, funder, officer):
    make_round(funder, slug="warm-spaces-fund")
    client_for(officer).post(create_url(funder), round_data())
    assert Round.objects.filter(slug="warm-spaces-fund-2").exists()


def test_a_slug_taken_by_another_round_is_refused(client_for, funder, officer):
    make_round(funder, slug="taken")
    response = client_for(officer).post(create_url(funder), round_data(slug="taken"))
    assert "Another round already uses this web address" in response.text


def test_a_round_with_only_a_title_and_summary_can_be_saved_as_a_draft(client_for, funder, officer):
    data = {k: "" for k in round_data()}
    data.update(
        title="Ideas",
        summary="Not sure yet.",
        score_max="4",
        min_scores_per_application="3",
        panel_quorum="3",
        voting_method="approval",
        allocation_rule="greedy",
        dots_per_voter="10",
        tier_0="1000",
        tier_1="10000",
    )
    response = client_for(officer).post(create_url(funder), data)
    assert response.status_code == 302, response.text
    rnd = Round.objects.get()
    assert "Set the total money to give." in rnd.opening_problems()


def errors_beside(response, field, message):
    """The message is in the error summary and beside the field (its error paragraph)."""
    text = response.text
    assert "govuk-error-summary" in text
    marker = f'id="id_{field}-error"'
    assert marker in text, f"no error beside {field}"
    beside = text[text.index(marker) : text.index(marker) + 400]
    assert message in beside, beside


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Enter round name"),
        ({"title": "x" * 121}, "title", "Round name must be 120 characters or fewer"),
        ({"summary": "y" * 2001}, "summary", "What the money is for must be 2,000 characters"),
        ({"budget": "lots"}, "budget", "Enter total money to give as a number of pounds"),
        ({"budget": "-5"}, "budget", "Total money to give must be £0 or more"),
        ({"budget": "99999999999999999999"}, "budget", "must be £10,000,000 or less"),
        ({"budget": "12.50"}, "budget", "in whole pounds"),
        (
            {"min_grant": "5000", "max_grant": "1000"},
            "min_grant",
            "smallest grant must not be more",
        ),
        ({"max_grant": "30000"}, "max_grant", "must not be more than the total money"),
        ({"closes_date": "2020-01-01"}, "closes_date", "closing date must be after the opening"),
        ({"opens_date": "2027-02-31"}, "opens_date", "as a real date"),
        ({"opens_time": "25:99"}, "opens_time", "like 09:00"),
        ({"opens_date": "", "opens_time": "09:00"}, "opens_date", "Enter the opening date too"),
        ({"summary": "<script>alert(1)</script>"}, "summary", "remove the HTML tags"),
        ({"area": "North\x07field"}, "area", "hidden control characters"),
        ({"title": "Bad\x00name"}, "title", "hidden control characters"),
        ({"score_max": "11"}, "score_max", "Highest score must be 10 or less"),
        ({"score_max": "four"}, "score_max", "Enter highest score as a number"),
        ({"panel_quorum": "0"}, "panel_quorum", "must be 1 or more"),
        ({"slug": "Not a slug!"}, "slug", "Use only lower-case letters"),
        ({"tier_1": "500"}, "tier_1", "bigger than the one before"),
        ({"voting_method": "coin-toss"}, "voting_method", "Select a valid choice"),
    ],
)
def test_bad_values_get_a_message_beside_the_field_and_what_was_typed_is_kept(
    client_for, funder, officer, changes, field, message
):
    data = round_data(**changes)
    response = client_for(officer).post(create_url(funder), data)
    assert response.status_code == 200
    errors_beside(response, field, message)
    assert not Round.objects.exists()
    # What was typed is still there (escaped, never run).
    assert "Warm Spaces Fund" in response.text or field == "title"
    assert 'value="£20,000"' in response.text or field == "budget"
    assert "<script>alert(1)</script>" not in response.text
    if field == "summary" and "<script>" in changes["summary"]:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_a_closing_date_in_the_past_is_refused(client_for, funder, officer):
    response = client_for(officer).post(
        create_url(funder), round_data(opens_date="2020-01-01", closes_date="2020-02-01")
    )
    errors_beside(response, "closes_date", "The closing date must be in the future")


def test_editing_keeps_what_was_there_and_saves_changes(client_for, funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT)
    client = client_for(officer)
    url = reverse("staff_round_edit", args=[rnd.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Healthy Neighbours"' in page.text
    data = round_data(title="Healthy Neighbours 2", slug=rnd.slug, budget="12000", score_max="5")
    response = client.post(url, data)
    assert response.status_code == 302, response.text
    rnd.refresh_from_db()
    assert (rnd.title, rnd.budget, rnd.score_max) == ("Healthy Neighbours 2", 12000, 5)
    # The descriptors now need a fifth point before the round can open.
    assert all(len(c.descriptors) == 5 for c in rnd.criteria.all())
    assert any("from 1 to 5" in p for p in rnd.opening_problems())


def test_once_open_the_web_address_and_opening_date_are_fixed(client_for, funder, officer):
    rnd = make_round(funder)  # open
    url = reverse("staff_round_edit", args=[rnd.pk])
    data = round_data(slug="new-address", budget="15000", title=rnd.title)
    response = client_for(officer).post(url, data)
    assert response.status_code == 302, response.text
    rnd.refresh_from_db()
    assert rnd.slug != "new-address"
    assert rnd.budget == 15000
    assert "fixed at this stage" in client_for(officer).get(url).text


def test_a_finished_round_cannot_be_changed(client_for, funder, officer):
    rnd = make_round(funder, state=RoundState.COMPLETE)
    url = reverse("staff_round_edit", args=[rnd.pk])
    page = client_for(officer).get(url)
    assert "settings can no longer change" in page.text
    client_for(officer).post(url, round_data(title="Changed"))
    rnd.refresh_from_db()
    assert rnd.title == "Healthy Neighbours"


# ------------------------------------------------------------------------------------------
# Who may
# ------------------------------------------------------------------------------------------
def round_urls(rnd):
    q = rnd.questions.first()
    c = rnd.criteria.first()
    return [
        reverse("staff_round_edit", args=[rnd.pk]),
        reverse("staff_round_questions", args=[rnd.pk]),
        reverse("staff_question_add", args=[rnd.pk]),
        reverse("staff_question_edit", args=[rnd.pk, q.pk]),
        reverse("staff_round_criteria", args=[rnd.pk]),
        reverse("staff_criterion_add", args=[rnd.pk]),
        reverse("staff_criterion_edit", args=[rnd.pk, c.pk]),
    ]


def test_an_officer_of_another_funder_gets_404(client_for, funder, other_officer):
    rnd = make_round(funder, state=RoundState.DRAFT)
    client = client_for(other_officer)
    for url in [*round_urls(rnd), create_url(funder)]:
        assert client.get(url).status_code == 404, url
    q = rnd.questions.first()
    assert client.post(reverse("staff_question_remove", args=[rnd.pk, q.pk])).status_code == 404


def test_a_funder_viewer_sees_the_round_but_cannot_change_it(client_for, funder, funder_viewer):
    rnd = make_round(funder, state=RoundState.DRAFT)
    client = client_for(funder_viewer)
    page = client.get(reverse("staff_round", args=[rnd.pk]))
    assert page.status_code == 200
    assert "Change the round's settings" not in page.text
    for url in [*round_urls(rnd), create_url(funder)]:
        assert client.get(url).status_code == 403, url
    assert client.post(create_url(funder), round_data()).status_code == 403
    q = rnd.questions.first()
    assert client.post(reverse("staff_question_remove", args=[rnd.pk, q.pk])).status_code == 403
    assert rnd.questions.filter(pk=q.pk).exists()


def test_applicants_get_403(client_for, funder, applicant):
    rnd = make_round(funder, state=RoundState.DRAFT)
    client = client_for(applicant)
    for url in [*round_urls(rnd), create_url(funder)]:
        assert client.get(url).status_code == 403, url


def test_staff_home_offers_a_new_round_only_to_officers(client_for, funder, officer, funder_viewer):
    assert "Set up a new round" in client_for(officer).get(reverse("staff_home")).text
    assert "Set up a new round" not in client_for(funder_viewer).get(reverse("staff_home")).text


# ------------------------------------------------------------------------------------------
# Questions and criteria
# ------------------------------------------------------------------------------------------
def test_questions_can_be_added_changed_moved_and_removed(client_for, funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT)
    client = client_for(officer)
    response = client.post(
        reverse("staff_question_add", args=[rnd.pk]),
        {"text": "Where will you meet?", "help_text": "", "word_limit": "50", "required": "on"},
    )
    assert response.status_code == 302
    new = rnd.questions.get(text="Where will you meet?")
    assert list(rnd.questions.all())[-1] == new
    client.post(reverse("staff_question_move", args=[rnd.pk, new.pk]), {"direction": "up"})
    assert list(rnd.questions.all())[-2] == new
    client.post(
        reverse("staff_question_edit", args=[rnd.pk, new.pk]),
        {"text": "Where will you meet people?", "word_limit": "60"},
    )
    new.refresh_from_db()
    assert (new.text, new.word_limit, new.required) == ("Where will you meet people?", 60, False)
    client.post(reverse("staff_question_remove", args=[rnd.pk, new.pk]))
    assert not Question.objects.filter(pk=new.pk).exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"text": "", "word_limit": "50"}, "text", "Enter question"),
        ({"text": "q" * 301, "word_limit": "50"}, "text", "300 characters or fewer"),
        ({"text": "Fine", "word_limit": "many"}, "word_limit", "Enter word limit as a number"),
        ({"text": "Fine", "word_limit": "5"}, "word_limit", "Word limit must be 10 or more"),
        ({"text": "<b>Hi</b>", "word_limit": "50"}, "text", "remove the HTML tags"),
    ],
)
def test_bad_questions_are_explained(client_for, funder, officer, data, field, message):
    rnd = make_round(funder, state=RoundState.DRAFT)
    response = client_for(officer).post(reverse("staff_question_add", args=[rnd.pk]), data)
    assert response.status_code == 200
    errors_beside(response, field, message)


def test_questions_are_fixed_once_an_application_is_sent(
    client_for, funder, officer, group_a, applicant
):
    rnd = make_round(funder)
    client = client_for(officer)
    add = reverse("staff_question_add", args=[rnd.pk])
    assert client.get(add).status_code == 200  # open, but nobody has sent one yet
    app = Application.objects.create(round=rnd, group=group_a, amount_requested=500)
    perform(app, "submit", by=applicant)
    response = client.post(add, {"text": "Late question", "word_limit": "50"}, follow=True)
    assert "the questions are fixed" in response.text
    assert not rnd.questions.filter(text="Late question").exists()


def test_a_question_with_answers_cannot_be_removed(client_for, funder, officer, group_a):
    from grants.models import Answer

    rnd = make_round(funder)
    app = Application.objects.create(round=rnd, group=group_a)
    q = rnd.questions.first()
    Answer.objects.create(application=app, question=q, text="Draft answer")
    response = client_for(officer).post(
        reverse("staff_question_remove", args=[rnd.pk, q.pk]), follow=True
    )
    assert response.status_code == 200
    assert "cannot be removed" in response.text
    assert Question.objects.filter(pk=q.pk).exists()


def test_criteria_need_a_descriptor_for_every_score_point(client_for, funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT, score_max=3)
    rnd.criteria.all().delete()
    client = client_for(officer)
    url = reverse("staff_criterion_add", args=[rnd.pk])
    page = client.get(url)
    assert "What a score of 3 means (highest)" in page.text
    assert "What a score of 4 means" not in page.text
    response = client.post(
        url, {"title": "Fair cost", "guidance": "", "descriptor_1": "Poor", "descriptor_2": ""}
    )
    assert response.status_code == 200
    errors_beside(response, "descriptor_2", "Write what a score of 2 means")
    assert 'value="Poor"' in response.text
    for title in ("Fair cost", "Local support"):
        client.post(
            url,
            {"title": title, "descriptor_1": "Poor", "descriptor_2": "OK", "descriptor_3": "Great"},
        )
    assert [c.descriptors for c in rnd.criteria.all()] == [["Poor", "OK", "Great"]] * 2


def test_there_are_between_two_and_six_criteria(client_for, funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT)  # 4 from the template
    client = client_for(officer)
    first, second, *_ = rnd.criteria.all()
    for criterion in list(rnd.criteria.all())[2:]:
        client.post(reverse("staff_criterion_remove", args=[rnd.pk, criterion.pk]))
    assert rnd.criteria.count() == 2
    response = client.post(reverse("staff_criterion_remove", args=[rnd.pk, first.pk]), follow=True)
    assert "needs at least 2 criteria" in response.text
    assert rnd.criteria.count() == 2
    for n in range(4):
        Criterion.objects.create(round=rnd, order=10 + n, title=f"C{n}", descriptors=["a"] * 4)
    response = client.get(reverse("staff_criterion_add", args=[rnd.pk]), follow=True)
    assert "at most 6 criteria" in response.text


def test_criteria_are_fixed_once_the_round_opens(client_for, funder, officer):
    rnd = make_round(funder)
    c = rnd.criteria.first()
    response = client_for(officer).post(
        reverse("staff_criterion_edit", args=[rnd.pk, c.pk]),
        {"title": "Changed", "descriptor_1": "a"},
        follow=True,
    )
    assert "criteria are fixed" in response.text
    c.refresh_from_db()
    assert c.title != "Changed"


# ------------------------------------------------------------------------------------------
# Closing at the closing date
# ------------------------------------------------------------------------------------------
def test_close_due_rounds_command_closes_only_rounds_past_their_closing_date(funder):
    from io import StringIO

    from django.core.management import call_command

    now = timezone.now()
    due = make_round(
        funder, opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1)
    )
    not_due = make_round(funder)
    out = StringIO()
    call_command("close_due_rounds", stdout=out)
    due.refresh_from_db()
    not_due.refresh_from_db()
    assert due.state == RoundState.CLOSED
    assert not_due.state == RoundState.OPEN
    assert "1 round closed" in out.getvalue()
    event = AuditEvent.objects.get()
    assert (event.transition, event.actor, event.reason) == ("close", None, "Closing date reached")
    assert event.actor_label == "Seedbed (automatic)"
    call_command("close_due_rounds", stdout=StringIO())  # again: nothing more happens
    assert AuditEvent.objects.count() == 1


def test_the_task_closes_due_rounds_too(funder):
    from grants.tasks import close_due_rounds_task

    now = timezone.now()
    due = make_round(funder, opens_at=now - timedelta(days=30), closes_at=now - timedelta(hours=1))
    result = close_due_rounds_task.enqueue()
    assert result.return_value == 1
    due.refresh_from_db()
    assert due.state == RoundState.CLOSED


def test_the_first_request_after_the_closing_date_closes_the_round(client, funder):
    from django.core.cache import cache

    from grants.middleware import CHECK_KEY

    cache.delete(CHECK_KEY)
    now = timezone.now()
    due = make_round(
        funder, opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=5)
    )
    assert not due.is_open_for_applications  # nobody can apply late, even before it closes
    client.get(reverse("home"))
    due.refresh_from_db()
    assert due.state == RoundState.CLOSED
    # Later requests within the minute do not look again (no query), so it stays cheap.
    another = make_round(
        funder, opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1)
    )
    from tests.support.pages import count_queries

    with count_queries() as queries:
        client.get(reverse("about"))
    assert not any("grants_round" in q["sql"] for q in queries.captured_queries)
    another.refresh_from_db()
    assert another.state == RoundState.OPEN
    cache.delete(CHECK_KEY)
    client.get(reverse("about"))
    another.refresh_from_db()
    assert another.state == RoundState.CLOSED
