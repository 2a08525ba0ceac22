"""The applicant's journey through the test client: eligibility, the group's profile, each page
of the form (with bad and hostile input), check answers, send, the confirmation email, a closed
round, a second application, another group's application (404), more information and withdraw."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from core.transitions import TransitionRefused, perform
from grants.models import (
    Answer,
    Application,
    ApplicationState,
    BudgetLine,
    Group,
    GroupMember,
    RoundState,
)
from grants.services import applications as rules
from tests.conftest import make_group, make_round, make_user
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db

MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 400
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 400

ELIGIBLE_ANSWERS = {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no"}

GOOD_GROUP = {
    "name": "Lunch Friends",
    "kind": "informal",
    "area": "Northfield",
    "postcode": "rv12ab",
    "income_band": "under_1k",
    "contact_name": "Ada Lovelace",
    "contact_email": "ada@example.com",
    "contact_phone": "07700 900123",
    "second_contact_name": "Ben Okri",
    "second_contact_email": "ben@example.com",
    "contacts_unrelated": "on",
    "payment_route": "bank",
    "bank_account_name": "Lunch Friends",
}


def step_url(app, step):
    return reverse("application_step", args=[app.reference, step])


def eligible(client, rnd):
    response = client.post(reverse("apply_check", args=[rnd.slug]), ELIGIBLE_ANSWERS)
    assert response.status_code == 302
    return response


def fill_complete(app, amount=500):
    rules.application_save_about(app, {"title": "Lunch club", "amount_requested": amount})
    for question in app.round.questions.all():
        rules.answer_save(app, question, text="We cook lunch for older people each week.")
    rules.budget_save(app, [("Food", amount - 100), ("Hall hire", 100)])
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def draft(open_round, group_a, applicant):
    return rules.application_start(open_round, group_a, by=applicant)


# ------------------------------------------------------------------------------------------
# 1. The public round page
# ------------------------------------------------------------------------------------------
def test_the_round_page_says_who_how_much_by_when_and_has_a_start_button(client, open_round):
    page = client.get(reverse("round_public", args=[open_round.slug])).text
    assert "Who can ask" in page
    assert "£300 to £3,000" in page
    assert "What happens next" in page
    assert "Start now" in page
    assert reverse("apply_check", args=[open_round.slug]) in page


def test_a_closed_round_page_has_no_start_button(client, funder):
    rnd = make_round(funder, state=RoundState.CLOSED)
    page = client.get(reverse("round_public", args=[rnd.slug])).text
    assert "This round is closed" in page
    assert "Start now" not in page


# ------------------------------------------------------------------------------------------
# 2. The eligibility check, before any account
# ------------------------------------------------------------------------------------------
def test_the_check_asks_the_rounds_questions_without_signing_in(client, open_round):
    page = client.get(reverse("apply_check", args=[open_round.slug]))
    assert page.status_code == 200
    for item in open_round.eligibility_questions:
        # The round's area is named (open_round has none set: "the area this money is for").
        question = item["question"].replace("the round's area", "the area this money is for")
        assert question.replace("'", "&#x27;") in page.text


def test_missing_answers_are_asked_for_by_each_question(client, open_round):
    response = client.post(reverse("apply_check", args=[open_round.slug]), {"q1": "yes"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert response.text.count("Choose yes or no") >= 6  # in the summary and by each field
    assert re.search(r'value="yes"\s+checked', response.text)  # the answer given is kept


def test_a_hostile_answer_is_refused_plainly(client, open_round):
    answers = {**ELIGIBLE_ANSWERS, "q1": "<script>alert(1)</script>"}
    response = client.post(reverse("apply_check", args=[open_round.slug]), answers)
    assert response.status_code == 200
    assert "Choose yes or no" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_a_no_to_a_needed_question_says_why_and_where_else_to_look(client, open_round):
    answers = {**ELIGIBLE_ANSWERS, "q2": "no"}
    response = client.post(reverse("apply_check", args=[open_round.slug]), answers)
    assert response.status_code == 200
    assert "You cannot ask for this money" in response.text
    assert "Ask one more person in your group to help" in response.text
    assert "Where else to look" in response.text
    # ...and nothing is remembered, so the form stays shut.
    assert client.get(reverse("apply_start", args=[open_round.slug])).status_code == 302


def test_a_yes_to_a_question_that_needs_a_no_also_stops(client, open_round):
    answers = {**ELIGIBLE_ANSWERS, "q4": "yes"}
    response = client.post(reverse("apply_check", args=[open_round.slug]), answers)
    assert "This money can not pay to make a profit" in response.text


def test_passing_leads_to_sign_in_and_back(client, open_round):
    response = eligible(client, open_round)
    start = reverse("apply_start", args=[open_round.slug])
    assert response["Location"] == start
    response = client.get(start)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/?next=")
    assert start in response["Location"].replace("%2F", "/")


def test_starting_without_the_check_goes_back_to_the_check(client_for, applicant, open_round):
    response = client_for(applicant).get(reverse("apply_start", args=[open_round.slug]))
    assert response["Location"] == reverse("apply_check", args=[open_round.slug])


# ------------------------------------------------------------------------------------------
# 3. The group's profile: made once, reused
# ------------------------------------------------------------------------------------------
def test_someone_with_no_group_makes_one_then_starts_the_form(client_for, open_round):
    person = make_user("new.person@example.com")
    client = client_for(person)
    eligible(client, open_round)
    response = client.get(reverse("apply_start", args=[open_round.slug]))
    assert response["Location"] == f"{reverse('group_new')}?round={open_round.slug}"
    page = client.get(response["Location"])
    assert "Tell us about your group" in page.text
    assert "family by birth, marriage or partner" in page.text
    response = client.post(response["Location"], GOOD_GROUP)
    assert response.status_code == 302
    group = Group.objects.get(name="Lunch Friends")
    assert group.postcode == "RV1 2AB"
    assert GroupMember.objects.filter(group=group, user=person).exists()
    app = Application.objects.get(group=group)
    assert response["Location"] == step_url(app, "about")
    assert app.state == ApplicationState.DRAFT
    assert app.channel == Application.Channel.ONLINE


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Enter your group&#x27;s name"),
        ({"postcode": "NOT A CODE"}, "postcode", "Enter a real UK postcode"),
        ({"postcode": "12345"}, "postcode", "Enter a real UK postcode"),
        ({"postcode": "<b>x</b>"}, "postcode", "Enter a real UK postcode"),
        ({"charity_number": "ABC"}, "charity_number", "Enter a charity number like"),
        ({"company_number": "123456789"}, "company_number", "Enter a company number like"),
        ({"contact_email": "not-an-email"}, "contact_email", "Enter an email address like"),
        ({"contact_phone": "call me"}, "contact_phone", "Enter a phone number"),
        ({"contacts_unrelated": ""}, "contacts_unrelated", "Tick the box to say"),
        ({"second_contact_email": "ada@example.com"}, "second_contact_email", "their own email"),
        ({"second_contact_name": "ada lovelace"}, "second_contact_name", "someone else"),
        (
            {"second_contact_email": "", "second_contact_phone": ""},
            "second_contact_email",
            "Enter an email or a phone for the second person",
        ),
        ({"bank_account_name": ""}, "bank_account_name", "Enter the name on the bank account"),
        ({"payment_route": "host"}, "host_name", "Enter the name of the host group"),
        ({"payment_route": "cash"}, "payment_route", "Choose one of the options"),
        ({"kind": ""}, "kind", "Choose what kind of group you are"),
        ({"name": "x" * 400}, "name", "Use 150 characters or fewer"),
    ],
)
def test_bad_group_details_get_a_message_by_the_field_and_keep_what_was_typed(
    client_for, open_round, changes, field, message
):
    client = client_for(make_user("new.person@example.com"))
    eligible(client, open_round)
    response = client.post(
        f"{reverse('group_new')}?round={open_round.slug}", {**GOOD_GROUP, **changes}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert f'id="id_{field}-error"' in response.text
    assert message in response.text
    assert 'value="Ada Lovelace"' in response.text  # what was typed is kept
    assert not Group.objects.filter(contact_email="ada@example.com").exists()


def test_html_and_control_characters_in_group_details_are_safe(client_for, open_round):
    client = client_for(make_user("new.person@example.com"))
    eligible(client, open_round)
    hostile = {
        **GOOD_GROUP,
        "name": "<script>alert(1)</script>Lunch\x00\x07",
        "postcode": "RV1 2AB\x0b",
        "company_number": "1234567",
    }
    response = client.post(f"{reverse('group_new')}?round={open_round.slug}", hostile)
    assert response.status_code == 302
    group = Group.objects.get(contact_email="ada@example.com")
    assert group.name == "<script>alert(1)</script>Lunch"
    assert group.company_number == "01234567"
    page = client.get(reverse("my_home")).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_member_of_one_group_reuses_it(client_for, applicant, group_a, open_round):
    client = client_for(applicant)
    eligible(client, open_round)
    page = client.get(reverse("apply_start", args=[open_round.slug]))
    assert page.status_code == 200
    assert "Tuesday Lunch Club" in page.text
    assert re.search(rf'value="{group_a.pk}"\s+checked', page.text)
    response = client.post(reverse("apply_start", args=[open_round.slug]), {"group": group_a.pk})
    app = Application.objects.get(group=group_a)
    assert response["Location"] == step_url(app, "about")
    assert Group.objects.count() == 1


def test_a_member_of_several_groups_picks_one(client_for, applicant, group_a, open_round):
    other = make_group("Knit and Natter", applicant)
    client = client_for(applicant)
    eligible(client, open_round)
    page = client.get(reverse("apply_start", args=[open_round.slug])).text
    assert "Tuesday Lunch Club" in page and "Knit and Natter" in page
    response = client.post(reverse("apply_start", args=[open_round.slug]), {})
    assert "Choose a group" in response.text
    client.post(reverse("apply_start", args=[open_round.slug]), {"group": other.pk})
    assert Application.objects.get().group == other


def test_someone_cannot_pick_a_group_they_are_not_in(
    client_for, applicant, group_a, group_b, open_round
):
    client = client_for(applicant)
    eligible(client, open_round)
    response = client.post(reverse("apply_start", args=[open_round.slug]), {"group": group_b.pk})
    assert response.status_code == 200
    assert "Choose a group" in response.text
    assert not Application.objects.exists()


def test_the_group_profile_can_be_changed_only_by_its_people(
    client_for, applicant, applicant_b, group_a
):
    url = reverse("group_edit", args=[group_a.pk])
    assert client_for(applicant_b).get(url).status_code == 404
    client = client_for(applicant)
    response = client.post(url, {**GOOD_GROUP, "name": "Tuesday Lunch Club", "postcode": "ls14ap"})
    assert response.status_code == 302
    group_a.refresh_from_db()
    assert group_a.postcode == "LS1 4AP"


# ------------------------------------------------------------------------------------------
# 4. The pages of the form: saved every time, nothing typed lost
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, message, stored",
    [
        ("abc", "Enter the amount in pounds, using numbers, like 500", None),
        ("-50", "The amount cannot be less than £0", None),
        ("99999999999999999999999", "That number is far too big", None),
        ("12.50", "Enter whole pounds, with no pence", None),
        ("<script>alert(1)</script>", "Enter the amount in pounds", None),
        ("5000", "Ask for between £300 and £3,000", 5000),
        ("100", "Ask for between £300 and £3,000", 100),
        ("", "Say how much money you need", None),
    ],
)
def test_bad_amounts_are_explained_and_kept(client_for, applicant, draft, typed, message, stored):
    response = client_for(applicant).post(
        step_url(draft, "about"),
        {"title": "Lunch club", "amount_requested": typed, "action": "continue"},
    )
    assert response.status_code == 200
    assert message in response.text
    assert 'id="id_amount_requested-error"' in response.text
    if typed and "<" not in typed:
        assert f'value="{typed}"' in response.text
    assert "<script>alert(1)</script>" not in response.text
    draft.refresh_from_db()
    assert draft.title == "Lunch club"  # the rest of the page is saved anyway
    assert draft.amount_requested == stored


def test_a_good_amount_in_any_usual_form_is_read(client_for, applicant, draft):
    response = client_for(applicant).post(
        step_url(draft, "about"),
        {"title": "Lunch club", "amount_requested": "£1,500", "action": "continue"},
    )
    assert response["Location"] == step_url(draft, "question-1")
    draft.refresh_from_db()
    assert draft.amount_requested == 1500


def test_save_and_come_back_later_keeps_a_half_done_page(client_for, applicant, draft):
    response = client_for(applicant).post(
        step_url(draft, "about"), {"title": "", "amount_requested": "800", "action": "later"}
    )
    assert response["Location"] == reverse("application", args=[draft.reference])
    draft.refresh_from_db()
    assert draft.amount_requested == 800


def test_an_answer_over_the_word_limit_is_saved_and_explained(client_for, applicant, draft):
    question = draft.round.questions.first()
    text = " ".join(["word"] * (question.word_limit + 5))
    response = client_for(applicant).post(
        step_url(draft, "question-1"), {"text": text, "action": "continue"}
    )
    assert response.status_code == 200
    assert f"Your answer has {question.word_limit + 5} words" in response.text
    assert 'id="id_text-error"' in response.text
    assert Answer.objects.get(application=draft, question=question).text == text
    assert text in response.text


def test_a_missing_required_answer_is_asked_for(client_for, applicant, draft):
    response = client_for(applicant).post(
        step_url(draft, "question-1"), {"text": "  ", "action": "continue"}
    )
    assert response.status_code == 200
    assert "Answer this question, or send a recording instead" in response.text


def test_a_far_too_long_answer_is_refused_but_shown_again(client_for, applicant, draft):
    text = "a" * (rules.MAX_ANSWER_CHARACTERS + 1)
    response = client_for(applicant).post(
        step_url(draft, "question-1"), {"text": text, "action": "continue"}
    )
    assert response.status_code == 200
    assert "Your answer is far too long" in response.text
    assert text in response.text


def test_html_and_control_characters_in_answers_are_stored_safely(client_for, applicant, draft):
    client = client_for(applicant)
    client.post(
        step_url(draft, "question-1"),
        {"text": "<script>alert(1)</script> we\x00 cook\x1b lunch\u202e", "action": "continue"},
    )
    answer = Answer.objects.get(application=draft, question__order=0)
    assert answer.text == "<script>alert(1)</script> we cook lunch"
    page = client.get(reverse("application_check", args=[draft.reference])).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_answer_page_works_without_javascript_and_loads_the_word_count_as_a_module(
    client_for, applicant, draft
):
    page = client_for(applicant).get(step_url(draft, "question-1")).text
    assert "Use up to 150 words." in page
    assert 'data-word-limit="150"' in page
    assert '<script type="module" src="/static/js/word-count.js"></script>' in page
    assert 'enctype="multipart/form-data"' in page


# -- recordings ------------------------------------------------------------------------------
def test_a_recording_can_be_sent_instead_of_typing(client_for, applicant, draft, settings):
    client = client_for(applicant)
    upload = SimpleUploadedFile("my answer.mp3", MP3, content_type="audio/mpeg")
    response = client.post(
        step_url(draft, "question-1"), {"text": "", "recording": upload, "action": "continue"}
    )
    assert response["Location"] == step_url(draft, "question-2")
    answer = Answer.objects.get(application=draft, question__order=0)
    assert answer.recording_type == "audio/mpeg"
    assert answer.recording.name.endswith(".mp3")
    assert str(settings.MEDIA_ROOT) in answer.recording.path
    served = client.get(reverse("application_recording", args=[draft.reference, answer.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "audio/mpeg"
    assert "no-store" in served["Cache-Control"]
    assert b"".join(served.streaming_content) == MP3


@pytest.mark.parametrize(
    "name, content, kind, message",
    [
        (
            "notes.mp3",
            b"Just some text pretending to be sound.",
            "text/plain",
            "not a sound or video file",
        ),
        ("script.wav", b"<script>alert(1)</script>", "audio/wav", "not a sound or video file"),
        ("empty.mp3", b"", "audio/mpeg", "The file is empty"),
        (
            "photo.mp3",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
            "audio/mpeg",
            "not a sound or video file",
        ),
    ],
)
def test_files_that_are_not_recordings_are_refused_and_the_text_kept(
    client_for, applicant, draft, name, content, kind, message
):
    upload = SimpleUploadedFile(name, content, content_type=kind)
    response = client_for(applicant).post(
        step_url(draft, "question-1"),
        {"text": "We typed this too", "recording": upload, "action": "continue"},
    )
    assert response.status_code == 200
    assert message in response.text
    assert 'id="id_recording-error"' in response.text
    assert "We typed this too" in response.text
    answer = Answer.objects.get(application=draft, question__order=0)
    assert answer.text == "We typed this too"
    assert not answer.recording


def test_an_oversized_recording_is_refused(client_for, applicant, draft, monkeypatch):
    from core import uploads

    monkeypatch.setattr(uploads, "MAX_RECORDING_BYTES", 100)
    upload = SimpleUploadedFile("long.wav", WAV, content_type="audio/wav")
    response = client_for(applicant).post(
        step_url(draft, "question-1"), {"text": "", "recording": upload, "action": "continue"}
    )
    assert "The file is too big" in response.text
    assert "It must be 20 MB or less" in response.text
    assert not Answer.objects.filter(application=draft).exclude(recording="").exists()


def test_a_recording_can_be_removed(client_for, applicant, draft):
    question = draft.round.questions.first()
    answer = rules.answer_save(
        draft, question, recording=SimpleUploadedFile("a.wav", WAV), recording_type="audio/x-wav"
    )
    path = answer.recording.path
    client_for(applicant).post(
        step_url(draft, "question-1"),
        {"text": "Typed now", "remove_recording": "on", "action": "continue"},
    )
    answer.refresh_from_db()
    assert not answer.recording
    assert answer.text == "Typed now"
    import os

    assert not os.path.exists(path)


def test_recordings_are_never_served_to_another_group_or_the_public(
    client, client_for, applicant_b, draft
):
    question = draft.round.questions.first()
    answer = rules.answer_save(
        draft, question, recording=SimpleUploadedFile("a.wav", WAV), recording_type="audio/x-wav"
    )
    url = reverse("application_recording", args=[draft.reference, answer.pk])
    assert client_for(applicant_b).get(url).status_code == 404
    assert client.get(url).status_code == 302  # to sign in
    assert (
        client.get("/private-files-are-never-served-directly/" + answer.recording.name).status_code
        == 404
    )


# -- the budget ------------------------------------------------------------------------------
def test_a_budget_that_does_not_add_up_is_explained(client_for, applicant, draft):
    rules.application_save_about(draft, {"title": "Lunch", "amount_requested": 500})
    response = client_for(applicant).post(
        step_url(draft, "budget"),
        {
            "item_1": "Food",
            "amount_1": "300",
            "item_2": "Hall",
            "amount_2": "100",
            "action": "continue",
        },
    )
    assert response.status_code == 200
    assert "Your budget adds up to £400, but you asked for £500. These must be the same" in (
        response.text
    )
    assert list(draft.budget_lines.values_list("item", "amount")) == [("Food", 300), ("Hall", 100)]


@pytest.mark.parametrize(
    "amount, message",
    [
        ("lots", "Enter the amount in pounds, using numbers"),
        ("-20", "The amount cannot be less than £0"),
        ("1e99", "Enter the amount in pounds"),
        ("9" * 40, "Enter the amount in pounds"),
    ],
)
def test_bad_budget_amounts_keep_the_line(client_for, applicant, draft, amount, message):
    rules.application_save_about(draft, {"title": "Lunch", "amount_requested": 500})
    response = client_for(applicant).post(
        step_url(draft, "budget"),
        {"item_1": "Food <b>hot</b>", "amount_1": amount, "action": "continue"},
    )
    assert response.status_code == 200
    assert message in response.text
    assert 'id="id_amount_1-error"' in response.text
    assert f'value="{amount}"' in response.text
    line = BudgetLine.objects.get(application=draft)
    assert (line.item, line.amount) == ("Food <b>hot</b>", None)


def test_a_line_missing_its_amount_or_item_is_asked_for(client_for, applicant, draft):
    rules.application_save_about(draft, {"title": "Lunch", "amount_requested": 500})
    response = client_for(applicant).post(
        step_url(draft, "budget"),
        {"item_1": "Food", "amount_1": "", "item_2": "", "amount_2": "500", "action": "continue"},
    )
    assert "Say how much you need for Food" in response.text
    assert "Say what the £500 is for" in response.text


def test_no_more_than_six_lines_are_kept(draft):
    rules.budget_save(draft, [(f"Thing {n}", 10) for n in range(10)])
    assert draft.budget_lines.count() == 6


def test_a_good_budget_goes_on_to_check_answers(client_for, applicant, draft):
    rules.application_save_about(draft, {"title": "Lunch", "amount_requested": 500})
    response = client_for(applicant).post(
        step_url(draft, "budget"),
        {
            "item_1": "Food",
            "amount_1": "400",
            "item_2": "Hall",
            "amount_2": "£100",
            "action": "continue",
        },
    )
    assert response["Location"] == reverse("application_check", args=[draft.reference])


# ------------------------------------------------------------------------------------------
# Check, send, confirm
# ------------------------------------------------------------------------------------------
def test_check_answers_lists_what_is_missing_and_refuses_to_send(client_for, applicant, draft):
    client = client_for(applicant)
    page = client.get(reverse("application_check", args=[draft.reference])).text
    assert "Some things are not done yet" in page
    assert "Give your project a short name" in page
    response = client.post(reverse("application_check", args=[draft.reference]))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert f"{step_url(draft, 'about')}?return=check" in response.text
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT


def test_a_complete_form_is_sent_with_a_reference_and_an_email(
    client_for, applicant, draft, outbox
):
    fill_complete(draft)
    client = client_for(applicant)
    page = client.get(reverse("application_check", args=[draft.reference])).text
    assert "Check your answers" in page
    assert 'Change<span class="govuk-visually-hidden"> the name</span>' in page
    response = client.post(reverse("application_check", args=[draft.reference]))
    assert response["Location"] == reverse("application_sent", args=[draft.reference])
    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED
    assert draft.submitted_at is not None
    event = AuditEvent.objects.get(transition="submit")
    assert (event.from_state, event.to_state, event.actor) == ("draft", "submitted", applicant)
    sent = client.get(response["Location"]).text
    assert "govuk-panel--confirmation" in sent
    assert draft.reference in sent
    assert "Who can accept an offer" not in sent  # told only to a helper who sent it
    (message,) = outbox
    assert draft.reference in message.subject
    assert draft.reference in message.body
    assert set(message.to) == {"contact@tuesdaylunchclub.example", applicant.email}
    # Once sent, the pages of the form are closed.
    response = client.get(step_url(draft, "about"))
    assert response["Location"] == reverse("application", args=[draft.reference])


def test_a_closed_round_refuses_new_forms_and_sending(client_for, applicant, group_a, draft):
    fill_complete(draft)
    rnd = draft.round
    type(rnd).objects.filter(pk=rnd.pk).update(state=RoundState.CLOSED)
    client = client_for(applicant)
    response = client.post(reverse("application_check", args=[draft.reference]), follow=True)
    assert "This round is closed" in response.text
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT
    with pytest.raises(TransitionRefused, match="This round is closed"):
        rules.application_submit(draft, by=applicant)
    assert client.get(reverse("apply_check", args=[rnd.slug])).text.count("This round is closed")
    response = client.post(reverse("apply_start", args=[rnd.slug]), {"group": group_a.pk})
    assert "This round is closed" in response.text


def test_a_round_past_its_closing_time_refuses_too(client_for, applicant, funder, group_a):
    from datetime import timedelta

    from django.utils import timezone

    rnd = make_round(funder, closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(rules.ApplyRefused, match="closed"):
        rules.application_start(rnd, group_a, by=applicant)


def test_a_second_application_is_refused_with_a_link_to_the_first(
    client_for, applicant, group_a, open_round, draft
):
    fill_complete(draft)
    rules.application_submit(draft, by=applicant)
    client = client_for(applicant)
    eligible(client, open_round)
    response = client.post(reverse("apply_start", args=[open_round.slug]), {"group": group_a.pk})
    assert response.status_code == 200
    assert "Tuesday Lunch Club has already applied to this round" in response.text
    assert reverse("application", args=[draft.reference]) in response.text
    assert Application.objects.count() == 1


def test_a_draft_is_resumed_not_doubled(applicant, group_a, open_round, draft):
    again = rules.application_start(open_round, group_a, by=applicant)
    assert again.pk == draft.pk


def test_a_round_that_allows_several_lets_a_group_apply_again(applicant, group_a, funder):
    rnd = make_round(funder, one_application_per_group=False)
    first = fill_complete(rules.application_start(rnd, group_a, by=applicant))
    rules.application_submit(first, by=applicant)
    second = rules.application_start(rnd, group_a, by=applicant)
    assert second.pk != first.pk


def test_after_withdrawing_a_group_may_apply_again(applicant, group_a, open_round, draft):
    rules.application_withdraw(draft, by=applicant)
    again = rules.application_start(open_round, group_a, by=applicant)
    assert again.pk != draft.pk


# ------------------------------------------------------------------------------------------
# 6. The group's own applications
# ------------------------------------------------------------------------------------------
def test_another_groups_application_is_not_found(client_for, applicant_b, draft):
    question = draft.round.questions.first()
    answer = rules.answer_save(draft, question, text="hi")
    client = client_for(applicant_b)
    ref = draft.reference
    for url in [
        reverse("application", args=[ref]),
        step_url(draft, "about"),
        reverse("application_check", args=[ref]),
        reverse("application_sent", args=[ref]),
        reverse("application_withdraw", args=[ref]),
        reverse("application_recording", args=[ref, answer.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("application_withdraw", args=[ref])).status_code == 404
    assert client.post(step_url(draft, "about"), {"title": "Hacked"}).status_code == 404
    draft.refresh_from_db()
    assert draft.title == ""
    assert "Tuesday Lunch Club" not in client.get(reverse("my_applications")).text


def test_the_application_page_says_where_it_stands(client_for, applicant, draft):
    fill_complete(draft)
    rules.application_submit(draft, by=applicant)
    page = client_for(applicant).get(reverse("application", args=[draft.reference])).text
    assert "Sent — we are checking it" in page
    assert "We are checking it. We will email you." in page
    assert "Change<span" not in page  # read-only after sending
    assert "Take this form back" in page


def test_answering_a_request_for_more_information(client_for, applicant, officer, draft, outbox):
    fill_complete(draft)
    app = rules.application_submit(draft, by=applicant)
    app = perform(app, "ask_for_more_information", by=officer, reason="Where will you meet?")
    client = client_for(applicant)
    page = client.get(reverse("application", args=[app.reference])).text
    assert "We need more information" in page
    assert "Where will you meet?" in page
    assert "Change your answers" in page
    response = client.post(
        step_url(app, "question-1"),
        {"text": "We meet at the church hall on Tuesdays.", "action": "continue"},
        QUERY_STRING="return=check",
    )
    assert response["Location"] == reverse("application_check", args=[app.reference])
    check = client.get(response["Location"]).text
    assert "Send it again" in check
    outbox.clear()
    response = client.post(reverse("application_check", args=[app.reference]))
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    assert list(AuditEvent.objects.values_list("transition", "from_state", "to_state")) == [
        ("submit", "draft", "submitted"),
        ("ask_for_more_information", "submitted", "more_info_needed"),
        ("submit", "more_info_needed", "submitted"),
    ]
    assert "We got your answers" in outbox[0].subject


def test_withdrawing_asks_first_then_records_it(client_for, applicant, draft, outbox):
    fill_complete(draft)
    rules.application_submit(draft, by=applicant)
    client = client_for(applicant)
    url = reverse("application_withdraw", args=[draft.reference])
    page = client.get(url).text
    assert "Take your form back?" in page
    assert "You cannot undo this" in page
    response = client.post(url, {"reason": "We found other money\x00"})
    assert response["Location"] == reverse("application", args=[draft.reference])
    draft.refresh_from_db()
    assert draft.state == ApplicationState.WITHDRAWN
    event = AuditEvent.objects.get(transition="withdraw")
    assert (event.from_state, event.to_state, event.reason) == (
        "submitted",
        "withdrawn",
        "We found other money",
    )
    # A second tap lands on the same page as the first, with no problem shown.
    response = client.post(url)
    assert response["Location"] == reverse("application", args=[draft.reference])
    assert "There is a problem" not in client.get(response["Location"]).text
    assert AuditEvent.objects.filter(transition="withdraw").count() == 1


def test_a_withdraw_reason_that_is_too_long_is_explained(client_for, applicant, draft):
    response = client_for(applicant).post(
        reverse("application_withdraw", args=[draft.reference]), {"reason": "x" * 1001}
    )
    assert response.status_code == 200
    assert "Use 1,000 characters or fewer" in response.text
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT


def _many_applications(funder, applicant, count):
    group = make_group(f"Group {count}", applicant)
    for n in range(count):
        rnd = make_round(funder, slug=f"round-{count}-{n}", one_application_per_group=False)
        Application.objects.create(round=rnd, group=group, title=f"Project {n}")


@pytest.mark.parametrize("url_name", ["my_applications", "my_home"])
def test_the_list_of_applications_uses_the_same_queries_for_2_and_20(client_for, funder, url_name):
    counts = []
    for size in (2, 20):
        person = make_user(f"person{size}@example.com")
        _many_applications(funder, person, size)
        client = client_for(person)
        client.get(reverse(url_name))  # warm up the session
        with count_queries() as queries:
            page = client.get(reverse(url_name))
        assert page.status_code == 200
        assert page.text.count("Project ") >= size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_says_what_happens_next(client_for, applicant, draft):
    page = client_for(applicant).get(reverse("my_applications")).text
    assert "Not sent yet" in page
    assert "You have not sent it yet. Send it by" in page
    assert reverse("application", args=[draft.reference]) in page
