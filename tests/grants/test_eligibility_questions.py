"""Officers set a round's eligibility check (the yes/no questions asked before anyone signs in)
in Seedbed's own pages: who may, the rules for the list, and what applicants then see."""

import pytest
from django.test import Client
from django.urls import reverse

from core.transitions import perform
from grants.models import Application, RoundState
from grants.round_template import DEFAULT_ELIGIBILITY
from grants.services import eligibility
from tests.conftest import make_round
from tests.grants.test_rounds_staff import errors_beside
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db

NEW_CHECK = [
    {
        "question": "Does your group meet in Northfield?",
        "needed": True,
        "if_not": "This money is for Northfield only. Try the Eastside Community Fund.",
    },
    {
        "question": "Is your group run to make a profit?",
        "needed": False,
        "if_not": "Businesses cannot apply. The local enterprise hub has small business grants.",
    },
    {
        "question": "Will at least three people take part?",
        "needed": True,
        "if_not": "We fund activities for groups of three or more. Ask your volunteer centre.",
    },
]


def url(rnd):
    return reverse("staff_round_eligibility", args=[rnd.pk])


def posted(items, **changes):
    """The page's fields for `items`, slot by slot, with `changes` on top."""
    data = {}
    for n, item in enumerate(items, start=1):
        data[f"q{n}_question"] = item["question"]
        data[f"q{n}_answer"] = "yes" if item["needed"] else "no"
        data[f"q{n}_if_not"] = item["if_not"]
        data[f"q{n}_position"] = str(n)
    data.update(changes)
    return data


@pytest.fixture
def draft_round(funder):
    return make_round(funder, state=RoundState.DRAFT)


# ------------------------------------------------------------------------------------------
# Changing the check, and what applicants then see
# ------------------------------------------------------------------------------------------
def test_the_round_page_links_to_the_check_for_officers(client_for, officer, draft_round):
    page = client_for(officer).get(reverse("staff_round", args=[draft_round.pk])).text
    assert url(draft_round) in page
    assert "Eligibility check" in page


def test_the_page_shows_the_saved_questions_and_a_slot_to_add_one(client_for, officer, draft_round):
    page = client_for(officer).get(url(draft_round))
    assert page.status_code == 200
    text = page.text
    assert '<h1 class="govuk-heading-xl">Eligibility check</h1>' in text
    for item in DEFAULT_ELIGIBILITY:
        assert item["question"].replace("'", "&#x27;") in text
        assert item["if_not"] in text
    # The fourth question lets people carry on with a "no".
    assert 'id="id_q4_answer_1" name="q4_answer" type="radio" value="no" checked' in text
    assert 'id="id_q1_answer_0" name="q1_answer" type="radio" value="yes" checked' in text
    assert "Add question 5 (optional)" in text
    assert 'name="q6_question"' not in text
    assert "This round is open" not in text  # a draft: nobody has seen the check yet


def test_an_officer_changes_the_check_and_applicants_are_asked_the_new_questions(
    client_for, officer, open_round
):
    client = client_for(officer)
    page = client.get(url(open_round))
    assert "people who have already passed it are not asked the new questions" in page.text
    # Three new questions in the first three slots; the fourth saved one is removed.
    data = posted(NEW_CHECK, q4_question="Old", q4_answer="yes", q4_if_not="Old", q4_remove="on")
    response = client.post(url(open_round), data)
    assert response.status_code == 302, response.text
    assert response["Location"] == url(open_round)
    open_round.refresh_from_db()
    assert open_round.eligibility_questions == NEW_CHECK
    assert "The eligibility check is saved." in client.get(url(open_round)).text

    visitor = Client()
    check = reverse("apply_check", args=[open_round.slug])
    page = visitor.get(check).text
    for item in NEW_CHECK:
        assert item["question"] in page
    assert DEFAULT_ELIGIBILITY[1]["question"] not in page
    # "Yes" to the profit question (which needs a "no") stops them, with the new words.
    response = visitor.post(check, {"q1": "yes", "q2": "yes", "q3": "yes"})
    assert "You cannot ask for this money" in response.text
    assert "Businesses cannot apply. The local enterprise hub" in response.text
    assert "This money is for Northfield only" not in response.text
    # The right answers let them carry on.
    response = visitor.post(check, {"q1": "yes", "q2": "no", "q3": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("apply_start", args=[open_round.slug])


def test_questions_are_reordered_by_their_position_numbers(client_for, officer, draft_round):
    data = posted(NEW_CHECK, q1_position="3", q2_position="1", q3_position="2")
    response = client_for(officer).post(url(draft_round), data)
    assert response.status_code == 302, response.text
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == [NEW_CHECK[1], NEW_CHECK[2], NEW_CHECK[0]]


def test_a_question_is_added_in_the_empty_slot_and_five_is_the_most(
    client_for, officer, draft_round
):
    client = client_for(officer)
    saved = [dict(item) for item in DEFAULT_ELIGIBILITY]
    extra = {"question": "Are you over 18?", "needed": True, "if_not": "Ask an adult to apply."}
    response = client.post(url(draft_round), posted([*saved, extra]))
    assert response.status_code == 302, response.text
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == [*saved, extra]
    page = client.get(url(draft_round)).text
    assert 'name="q5_question"' in page
    assert "Add question" not in page  # no room for a sixth
    assert "A round can ask at most 5 questions. To add another, remove one first." in page


def test_an_empty_slot_is_left_out(client_for, officer, draft_round):
    data = posted(NEW_CHECK[:2], q3_question="", q3_answer="yes", q3_if_not="  ", q3_position="3")
    response = client_for(officer).post(url(draft_round), data)
    assert response.status_code == 302, response.text
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == NEW_CHECK[:2]


def test_a_removed_question_is_left_out_even_if_its_words_are_wrong(
    client_for, officer, draft_round
):
    data = posted(NEW_CHECK, q3_question="<b>bad</b>", q3_if_not="", q3_remove="on")
    response = client_for(officer).post(url(draft_round), data)
    assert response.status_code == 302, response.text
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == NEW_CHECK[:2]


def test_a_question_ticked_for_removal_stays_removed_if_the_list_changed_meanwhile(
    client_for, officer, funder
):
    rnd = make_round(funder, state=RoundState.DRAFT, eligibility_questions=NEW_CHECK[:2])
    # The officer's page showed three saved questions; someone has since removed the third.
    response = client_for(officer).post(url(rnd), posted(NEW_CHECK, q3_remove="on"))
    assert response.status_code == 302, response.text
    rnd.refresh_from_db()
    assert rnd.eligibility_questions == NEW_CHECK[:2]


# ------------------------------------------------------------------------------------------
# Bad input: a message beside the field, what was typed kept, nothing saved
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"q1_question": ""}, "q1_question", "Enter question 1"),
        ({"q2_question": "   "}, "q2_question", "Enter question 2"),
        ({"q1_if_not": ""}, "q1_if_not", "Write what to tell people who cannot apply"),
        ({"q2_question": "Q" * 201}, "q2_question", "must be 200 characters or fewer (it has 201)"),
        ({"q3_if_not": "w" * 601}, "q3_if_not", "must be 600 characters or fewer (it has 601)"),
        ({"q1_answer": "maybe"}, "q1_answer", "Choose yes or no"),
        ({"q1_answer": ""}, "q1_answer", "Choose which answer to question 1 lets people carry on"),
        ({"q2_position": "first"}, "q2_position", "Enter position of question 2 as a number"),
        ({"q2_position": "0"}, "q2_position", "Position of question 2 must be 1 or more"),
        (
            {"q1_question": "<script>alert(1)</script>"},
            "q1_question",
            "remove the HTML tags",
        ),
        ({"q2_if_not": "Try the \x07fund"}, "q2_if_not", "hidden control characters"),
        ({"q3_question": "Are you\x00 local?"}, "q3_question", "hidden control characters"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_kept(
    client_for, officer, draft_round, changes, field, message
):
    before = list(draft_round.eligibility_questions)
    response = client_for(officer).post(url(draft_round), posted(NEW_CHECK, **changes))
    assert response.status_code == 200
    errors_beside(response, field, message)
    assert "<title>Error: " in response.text
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == before
    # What was typed is still there, escaped, in every slot.
    text = response.text
    for n, item in enumerate(NEW_CHECK, start=1):
        if f"q{n}_question" not in changes:
            assert f'value="{item["question"]}"' in text
    for name, value in changes.items():
        if name.endswith(("_question", "_position")) and value.strip() and "\x00" not in value:
            assert f'value="{value.replace("<", "&lt;").replace(">", "&gt;")}"' in text
    assert "<script>alert(1)</script>" not in text


def test_six_questions_are_refused_beside_the_sixth(client_for, officer, draft_round):
    six = [
        {"question": f"Question number {n}?", "needed": True, "if_not": f"Reason {n}."}
        for n in range(1, 7)
    ]
    before = list(draft_round.eligibility_questions)
    response = client_for(officer).post(url(draft_round), posted(six))
    assert response.status_code == 200
    errors_beside(response, "q6_question", "A round can ask at most 5 questions")
    assert 'value="Question number 6?"' in response.text
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == before


def test_at_least_one_question_is_kept(client_for, officer, draft_round):
    data = posted(DEFAULT_ELIGIBILITY, **{f"q{n}_remove": "on" for n in range(1, 5)})
    response = client_for(officer).post(url(draft_round), data)
    assert response.status_code == 200
    assert "Keep at least one question" in response.text
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == DEFAULT_ELIGIBILITY


# ------------------------------------------------------------------------------------------
# When it can change
# ------------------------------------------------------------------------------------------
def test_the_check_is_fixed_once_an_application_is_sent(
    client_for, officer, open_round, group_a, applicant
):
    app = Application.objects.create(round=open_round, group=group_a, amount_requested=500)
    perform(app, "submit", by=applicant)
    client = client_for(officer)
    page = client.get(url(open_round)).text
    assert "Groups have started sending applications, so the eligibility check is fixed." in page
    assert 'name="q1_question"' not in page
    assert DEFAULT_ELIGIBILITY[0]["if_not"] in page
    response = client.post(url(open_round), posted(NEW_CHECK), follow=True)
    assert "Your changes were not saved" in response.text
    open_round.refresh_from_db()
    assert open_round.eligibility_questions == DEFAULT_ELIGIBILITY


def test_a_draft_application_does_not_fix_the_check(client_for, officer, open_round, group_a):
    Application.objects.create(round=open_round, group=group_a, amount_requested=500)
    response = client_for(officer).post(url(open_round), posted(NEW_CHECK))
    assert response.status_code == 302
    open_round.refresh_from_db()
    assert open_round.eligibility_questions == NEW_CHECK


def test_a_closed_round_keeps_its_check(client_for, officer, funder):
    rnd = make_round(funder, state=RoundState.CLOSED)
    client = client_for(officer)
    assert "so its eligibility check is fixed" in client.get(url(rnd)).text
    client.post(url(rnd), posted(NEW_CHECK))
    rnd.refresh_from_db()
    assert rnd.eligibility_questions == DEFAULT_ELIGIBILITY


# ------------------------------------------------------------------------------------------
# Rounds saved before this page: none, too many, or untidy entries
# ------------------------------------------------------------------------------------------
def test_a_round_without_questions_skips_the_check_until_some_are_saved(
    client, client_for, officer, funder
):
    rnd = make_round(funder)
    type(rnd).objects.filter(pk=rnd.pk).update(eligibility_questions=[])
    page = client_for(officer).get(url(rnd)).text
    assert "This round has no eligibility check yet" in page
    assert "Add question 1 (optional)" in page
    check = reverse("apply_check", args=[rnd.slug])
    assert client.get(check)["Location"] == reverse("apply_start", args=[rnd.slug])
    client_for(officer).post(url(rnd), posted(NEW_CHECK[:1]))
    rnd.refresh_from_db()
    assert rnd.eligibility_questions == NEW_CHECK[:1]
    assert Client().get(check).status_code == 200


def test_too_many_saved_questions_are_shown_and_must_be_cut_down(client_for, officer, funder):
    seven = [
        {"question": f"Old question {n}?", "needed": n != 3, "if_not": f"Old reason {n}."}
        for n in range(1, 8)
    ]
    rnd = make_round(funder, state=RoundState.DRAFT, eligibility_questions=seven)
    client = client_for(officer)
    page = client.get(url(rnd)).text
    assert 'value="Old question 7?"' in page
    response = client.post(url(rnd), posted(seven))
    errors_beside(response, "q6_question", "at most 5 questions")
    errors_beside(response, "q7_question", "at most 5 questions")
    response = client.post(url(rnd), posted(seven, q1_remove="on", q2_remove="on"))
    assert response.status_code == 302, response.text
    rnd.refresh_from_db()
    assert rnd.eligibility_questions == seven[2:]


def test_untidy_saved_entries_are_read_the_way_applicants_see_them(client_for, officer, funder):
    untidy = [
        {"question": "No 'needed' given?", "if_not": "Missing means yes carries on."},
        {"if_not": "An entry without a question is not asked."},
        "not even a dict",
    ]
    rnd = make_round(funder, state=RoundState.DRAFT, eligibility_questions=untidy)
    assert eligibility.current_questions(rnd) == [
        {
            "question": "No 'needed' given?",
            "needed": True,
            "if_not": "Missing means yes carries on.",
        }
    ]
    page = client_for(officer).get(url(rnd)).text
    assert 'name="q1_answer" type="radio" value="yes" checked' in page
    assert "Add question 2 (optional)" in page  # the other entries are not shown
    assert 'name="q3_question"' not in page


# ------------------------------------------------------------------------------------------
# Who may
# ------------------------------------------------------------------------------------------
def test_an_officer_of_another_funder_gets_404(client_for, other_officer, draft_round):
    client = client_for(other_officer)
    assert client.get(url(draft_round)).status_code == 404
    assert client.post(url(draft_round), posted(NEW_CHECK)).status_code == 404
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == DEFAULT_ELIGIBILITY


def test_a_funder_viewer_cannot_change_the_check(client_for, funder_viewer, draft_round):
    client = client_for(funder_viewer)
    assert url(draft_round) not in client.get(reverse("staff_round", args=[draft_round.pk])).text
    assert client.get(url(draft_round)).status_code == 403
    assert client.post(url(draft_round), posted(NEW_CHECK)).status_code == 403
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == DEFAULT_ELIGIBILITY


def test_applicants_and_visitors_cannot_change_the_check(
    client, client_for, applicant, draft_round
):
    assert client_for(applicant).get(url(draft_round)).status_code == 403
    assert client_for(applicant).post(url(draft_round), posted(NEW_CHECK)).status_code == 403
    response = client.post(url(draft_round), posted(NEW_CHECK))
    assert response.status_code == 302
    assert "login" in response["Location"]
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == DEFAULT_ELIGIBILITY


def test_an_officer_without_a_second_factor_is_sent_to_set_one_up(
    client_for, officer_without_second_factor, draft_round
):
    response = client_for(officer_without_second_factor).get(url(draft_round))
    assert response["Location"] == reverse("staff_second_factor_needed")


# ------------------------------------------------------------------------------------------
# The service's rules, whoever calls it
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "items, message",
    [
        ([], "Keep at least one question"),
        ([NEW_CHECK[0]] * 6, "at most 5 questions"),
        ([{**NEW_CHECK[0], "needed": "yes"}], "Choose which answer to question 1"),
        ([{**NEW_CHECK[0], "question": None}], "Enter question 1"),
        ([{**NEW_CHECK[0], "if_not": "x" * 601}], "600 characters or fewer"),
        ([{**NEW_CHECK[0], "question": "<i>Local?</i>"}], "remove the HTML tags"),
        (["not a question"], "Enter question 1"),
    ],
)
def test_the_service_refuses_a_bad_list(officer, draft_round, items, message):
    with pytest.raises(eligibility.EligibilityRefused) as refused:
        eligibility.eligibility_questions_set(draft_round, items, by=officer)
    assert any(message in problem for problem in refused.value.problems), refused.value.problems
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == DEFAULT_ELIGIBILITY


def test_the_service_saves_tidy_words_for_officers_only(officer, funder_viewer, draft_round):
    with pytest.raises(eligibility.EligibilityRefused, match="not allowed"):
        eligibility.eligibility_questions_set(draft_round, NEW_CHECK, by=funder_viewer)
    spaced = [{**NEW_CHECK[0], "question": "  Does your group meet in Northfield?  "}]
    eligibility.eligibility_questions_set(draft_round, spaced, by=officer)
    draft_round.refresh_from_db()
    assert draft_round.eligibility_questions == NEW_CHECK[:1]


def test_the_service_checks_the_stage_again(officer, funder):
    rnd = make_round(funder, state=RoundState.SCORING)
    with pytest.raises(eligibility.EligibilityRefused, match="fixed"):
        eligibility.eligibility_questions_set(rnd, NEW_CHECK, by=officer)


# ------------------------------------------------------------------------------------------
# Queries
# ------------------------------------------------------------------------------------------
def test_the_page_uses_the_same_queries_however_many_questions(client_for, officer, funder):
    client = client_for(officer)
    one = make_round(funder, eligibility_questions=NEW_CHECK[:1])
    five = make_round(funder, eligibility_questions=NEW_CHECK + NEW_CHECK[:2])
    client.get(url(one))
    with count_queries() as few:
        assert client.get(url(one)).status_code == 200
    with count_queries() as many:
        assert client.get(url(five)).status_code == 200
    assert len(few) == len(many), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 8, [q["sql"] for q in many.captured_queries]
