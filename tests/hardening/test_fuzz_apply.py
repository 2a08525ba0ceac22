"""Fuzzing the applicant's forms: the eligibility check, choosing a group, the group's profile,
each page of the application, withdrawing, and signing in."""

import pytest
from django import forms
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.transitions import perform
from grants.forms.apply import AnswerForm
from grants.models import Answer, Application, BudgetLine, Group, GroupContact, GroupEquityAnswers
from grants.services import applications as rules
from grants.views.apply import ELIGIBLE_KEY
from tests.hardening.fuzz_support import (
    FUZZ_SETTINGS,
    MP3_HEAD,
    Case,
    covers,
    fuzz,
    rows,
    small_upload_limits,
)

pytestmark = pytest.mark.django_db

GROUP_OK = {
    "name": "Tuesday Lunch Club",
    "kind": "informal",
    "what_you_do": "We cook lunch.",
    "area": "Northfield",
    "postcode": "RV1 2AB",
    "income_band": "",
    "contact_name": "Pat Contact",
    "contact_email": "pat@example.com",
    "contact_phone": "07700 900123",
    "second_contact_name": "Lee Second",
    "second_contact_email": "lee@example.com",
    "second_contact_phone": "",
    "contacts_unrelated": "on",
    "payment_route": "bank",
    "bank_account_name": "Tuesday Lunch Club",
}
GROUP_FIELDS = {
    "name": "text",
    "kind": "choice",
    "charity_number": "text",
    "company_number": "text",
    "what_you_do": "text",
    "area": "text",
    "postcode": "text",
    "income_band": "choice",
    "contact_name": "text",
    "contact_email": "email",
    "contact_phone": "text",
    "second_contact_name": "text",
    "second_contact_email": "email",
    "second_contact_phone": "text",
    "contacts_unrelated": "bool",
    "payment_route": "choice",
    "bank_account_name": "text",
    "host_name": "text",
    "host_contact_name": "text",
    "host_contact_email": "email",
    "host_org_id": "text",
}


def eligible_client(client_for, user, rnd):
    client = client_for(user)
    session = client.session
    session[ELIGIBLE_KEY] = [rnd.pk]
    session.save()
    return client


def group_picture(group):
    return rows(Group.objects.filter(pk=group.pk), *[f for f in GROUP_FIELDS if f != "kind"])


@pytest.fixture
def draft(open_round, group_a, applicant, settings):
    """A draft with a title, an amount, every answer and a two-line budget already saved, and a
    recording on the first answer."""
    app = Application.objects.create(
        round=open_round, group=group_a, title="Lunch and a chat", amount_requested=800,
        created_by=applicant,
    )  # fmt: skip
    for number, question in enumerate(open_round.questions.all(), start=1):  # as the pages
        answer = Answer.objects.create(
            application=app, question=question, text=f"Saved answer {number}."
        )
        if number == 1:
            answer.recording.save("first.mp3", ContentFile(MP3_HEAD), save=True)
            answer.recording_type = "audio/mpeg"
            answer.save()
    BudgetLine.objects.create(application=app, order=0, item="Food", amount=500)
    BudgetLine.objects.create(application=app, order=1, item="Hall hire", amount=300)
    return app


@pytest.fixture
def submitted(draft, applicant):
    return perform(draft, "submit", by=applicant)


def first_answer(app):
    return Answer.objects.get(application=app, question=app.round.questions.first())


def application_picture(app, *, leave_out=()):
    """Everything saved on a draft, except the page being posted."""
    app = Application.objects.get(pk=app.pk)
    picture = {"state": app.state}
    if "about" not in leave_out:
        picture["about"] = (app.title, app.amount_requested)
    if "budget" not in leave_out:
        picture["budget"] = rows(app.budget_lines.all(), "order", "item", "amount")
    answers = {a.question_id: a for a in app.answers.all()}
    picture["answers"] = [
        (number, answers[q.pk].text, answers[q.pk].recording.name or "")
        for number, q in enumerate(app.round.questions.all(), start=1)
        if q.pk in answers and f"question-{number}" not in leave_out
    ]
    return picture


# --------------------------------------------------------------------------------------------
@covers("grants.forms.apply.EligibilityForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_eligibility(client, open_round, data):
    questions = [q for q in open_round.eligibility_questions if q.get("question")]
    case = Case(
        form="grants.forms.apply.EligibilityForm",
        client=client,
        url=reverse("apply_check", args=[open_round.slug]),
        fields={f"q{n}": "choice" for n in range(1, len(questions) + 1)},
        base={f"q{n}": "yes" for n in range(1, len(questions) + 1)},
    )
    fuzz(case, data)


@covers("grants.forms.apply.ChooseGroupForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_choose_group(client_for, applicant, group_a, open_round, data):
    case = Case(
        form="grants.forms.apply.ChooseGroupForm",
        client=eligible_client(client_for, applicant, open_round),
        url=reverse("apply_start", args=[open_round.slug]),
        fields={"group": "choice"},
        base={"group": str(group_a.pk)},
        snapshot=lambda: rows(Application.objects.all(), "pk", "state"),
    )
    fuzz(case, data)


@covers("grants.forms.apply.HelperStartForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_helper_start(client_for, officer, group_a, draft, open_round, data):
    case = Case(
        form="grants.forms.apply.HelperStartForm",
        client=client_for(officer),
        url=reverse("apply_assisted", args=[open_round.slug]),
        fields={"group": "choice", "channel": "choice"},
        base={"group": str(group_a.pk), "channel": "phone"},
        snapshot=lambda: rows(Application.objects.all(), "pk", "state", "channel"),
    )
    fuzz(case, data)


@covers("grants.forms.apply.GroupForm")
@FUZZ_SETTINGS
@given(data=st.data(), editing=st.booleans())
def test_fuzz_group_profile(client_for, applicant, group_a, data, editing):
    url = reverse("group_edit", args=[group_a.pk]) if editing else reverse("group_new")
    case = Case(
        form="grants.forms.apply.GroupForm",
        client=client_for(applicant),
        url=url,
        fields=GROUP_FIELDS,
        base={**GROUP_OK, "income_band": "none"},
        snapshot=lambda: (group_picture(group_a), Group.objects.count()),
    )
    fuzz(case, data)


@covers("grants.forms.apply.AboutForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_about_page(client_for, applicant, draft, data):
    case = Case(
        form="grants.forms.apply.AboutForm",
        client=client_for(applicant),
        url=reverse("application_step", args=[draft.reference, "about"]),
        fields={"title": "text", "amount_requested": "money", "action": "choice"},
        base={"title": "Lunch", "amount_requested": "800", "action": "continue"},
        snapshot=lambda: application_picture(draft, leave_out={"about"}),
        always_snapshot=True,
        # The page keeps what could be read even when another field has an error (nothing
        # typed is lost); the snapshot checks every other part of the form is as it was.
        may_change_when_refused=("grants.Application",),
    )
    fuzz(case, data)


@covers("grants.forms.apply.AnswerForm")
@FUZZ_SETTINGS
@given(data=st.data(), number=st.sampled_from([1, 2]))
def test_fuzz_answer_page(client_for, applicant, draft, data, number, monkeypatch):
    small_upload_limits(monkeypatch)
    step = f"question-{number}"

    def picture():
        saved = application_picture(draft, leave_out={step})
        # A bad file never replaces the recording already sent.
        saved["recording"] = first_answer(draft).recording.name if number != 1 else None
        return saved

    before = first_answer(draft).recording.name

    def recording_kept(response, overrides):
        form = response.context and response.context.get("form")
        removing = forms.CheckboxInput().value_from_datadict(overrides, {}, "remove_recording")
        if number == 1 and form is not None and "recording" in form.errors and not removing:
            after = first_answer(draft).recording.name
            assert after == before, "a bad file replaced the recording already sent"

    case = Case(
        form="grants.forms.apply.AnswerForm",
        client=client_for(applicant),
        url=reverse("application_step", args=[draft.reference, step]),
        fields={
            "text": "text",
            "recording": "file",
            "remove_recording": "bool",
            "action": "choice",
        },
        base={"text": "We cook.", "action": "continue"},
        snapshot=picture,
        always_snapshot=True,
        after=recording_kept,
        # The typed answer is kept when the file has an error (nothing typed is lost); the
        # after-check proves a bad file never replaces the recording already sent.
        may_change_when_refused=("grants.Answer",),
    )
    fuzz(case, data)


@covers("grants.forms.budget.BudgetForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_budget_page(client_for, applicant, draft, data):
    fields = {"action": "choice"}
    for n in range(1, 7):
        fields[f"item_{n}"] = "text"
        fields[f"amount_{n}"] = "money"
    case = Case(
        form="grants.forms.budget.BudgetForm",
        client=client_for(applicant),
        url=reverse("application_step", args=[draft.reference, "budget"]),
        fields=fields,
        base={"item_1": "Food", "amount_1": "500", "item_2": "Hall", "amount_2": "300"},
        snapshot=lambda: application_picture(draft, leave_out={"budget"}),
        always_snapshot=True,
        max_fields=4,
        # Lines that could be read are kept when another has an error (nothing typed is lost).
        may_change_when_refused=("grants.Application", "grants.BudgetLine"),
    )
    fuzz(case, data)


@covers("grants.forms.apply.WithdrawForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_withdraw(client_for, applicant, submitted, data):
    draft = submitted
    case = Case(
        form="grants.forms.apply.WithdrawForm",
        client=client_for(applicant),
        url=reverse("application_withdraw", args=[draft.reference]),
        fields={"reason": "text"},
        snapshot=lambda: application_picture(draft),
    )
    fuzz(case, data)


@covers("grants.accounts.SignInForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_sign_in(client, applicant, data):
    from grants.models import User

    case = Case(
        form="grants.accounts.SignInForm",
        client=client,
        url=reverse("account_request_login_code"),
        fields={"email": "email"},
        base={"email": "amina@example.com"},
        before_each=cache.clear,  # the sign-in rate limit counts in the cache
        snapshot=lambda: rows(User.objects.all(), "pk", "email"),
        after=no_account_with_hidden_characters,
    )
    fuzz(case, data)


def no_account_with_hidden_characters(response, overrides):
    from grants.models import User

    for email in User.objects.values_list("email", flat=True):
        assert not any(ord(c) < 32 or ord(c) == 127 for c in email), email


# Saving as people type (static/js/autosave.js) uses the question page's own form: whatever is
# posted, it saves exactly what the page would save, refuses what the page would refuse (and
# then keeps the saved answer), and never fails with a server error.
TYPED = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "we\x00 cook\x1b lunch\u202e\r\n",
            "\u200b\u2066 \t\n",
            "a" * rules.MAX_ANSWER_CHARACTERS,
            "a" * (rules.MAX_ANSWER_CHARACTERS + 1),
            "é" * (rules.MAX_ANSWER_CHARACTERS + 1),
        ]
    ),
)


@FUZZ_SETTINGS
@given(typed=TYPED, number=st.sampled_from([1, 2]))
def test_fuzz_autosave_matches_the_answer_page(client_for, applicant, draft, typed, number):
    question = list(draft.round.questions.all())[number - 1]
    page_form = AnswerForm({"text": typed}, question=question)
    page_form.is_valid()
    before = Answer.objects.get(application=draft, question=question).text
    others = application_picture(draft, leave_out={f"question-{number}"})
    response = client_for(applicant).post(
        reverse("application_autosave", args=[draft.reference, f"question-{number}"]),
        {"text": typed},
    )
    assert response.status_code in (200, 400), response.status_code
    body = response.json()
    after = Answer.objects.get(application=draft, question=question).text
    if "text" in page_form.cleaned_data:
        assert response.status_code == 200 and body["saved"] is True
        assert after == page_form.cleaned_data["text"]
    else:
        assert response.status_code == 400 and body["saved"] is False and body["error"]
        assert after == before
    assert application_picture(draft, leave_out={f"question-{number}"}) == others


@covers("grants.forms.people.PersonForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_add_a_person(client_for, applicant, group_a, data):
    case = Case(
        form="grants.forms.people.PersonForm",
        client=client_for(applicant),
        url=reverse("group_people", args=[group_a.pk]),
        fields={"name": "text", "email": "email"},
        base={"name": "Jo Rivers", "email": "jo@example.com"},
        snapshot=lambda: rows(GroupContact.objects.all(), "pk", "name", "email"),
    )
    fuzz(case, data)


@covers("grants.forms.equity.EquityForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_group_equity_questions(client_for, applicant, group_a, data):
    case = Case(
        form="grants.forms.equity.EquityForm",
        client=client_for(applicant),
        url=reverse("group_equity", args=[group_a.pk]),
        fields={"led_by": "multi", "works_with": "multi", "may_publish": "bool"},
        base={"led_by": ["DEI060000"], "works_with": ["none"]},
        snapshot=lambda: rows(
            GroupEquityAnswers.objects.all(), "group_id", "led_by", "works_with", "may_publish"
        ),
    )
    fuzz(case, data)
