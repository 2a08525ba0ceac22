"""Fuzzing officers' forms in grants: round settings, questions, criteria, the eligibility check,
screening, written versions of recordings, offers, acceptance, payments, changes (asked for by
the group, agreed or turned down), cancelling and the award register."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from awards.models import Award, Payment
from awards.services import offers as award_service
from awards.services import payments as payment_service
from grants.models import Answer, Application, Criterion, Question, Round, RoundState
from tests.conftest import make_round
from tests.grants.test_awards import accept, awarded_application, offer
from tests.grants.test_rounds_staff import round_data
from tests.grants.test_screening import sent
from tests.hardening.fuzz_support import FUZZ_SETTINGS, Case, covers, fuzz, rows

pytestmark = pytest.mark.django_db

ROUND_FIELDS = {
    "title": "text",
    "slug": "text",
    "summary": "text",
    "who_can_apply": "text",
    "what_happens_next": "text",
    "area": "text",
    "budget": "money",
    "min_grant": "money",
    "max_grant": "money",
    "opens_date": "date",
    "opens_time": "time",
    "closes_date": "date",
    "closes_time": "time",
    "decision_by": "date",
    "one_application_per_group": "bool",
    "score_max": "number",
    "min_scores_per_application": "number",
    "panel_quorum": "number",
    "voting_method": "choice",
    "allocation_rule": "choice",
    "dots_per_voter": "number",
    "picks_must_fit_budget": "bool",
    "tier_0": "money",
    "tier_1": "money",
}


def round_picture():
    return rows(
        Round.objects.all(),
        "pk", "title", "slug", "summary", "area", "budget", "min_grant", "max_grant",
        "opens_at", "closes_at", "score_max", "voting_method", "reporting_tiers", "state",
    )  # fmt: skip


@pytest.fixture
def draft_round(funder):
    return make_round(funder, state=RoundState.DRAFT)


# --------------------------------------------------------------------------------------------
# Rounds, questions, criteria
# --------------------------------------------------------------------------------------------
@covers("grants.forms.rounds.RoundForm")
@FUZZ_SETTINGS
@given(data=st.data(), editing=st.booleans())
def test_fuzz_round_settings(client_for, officer, funder, draft_round, data, editing):
    url = (
        reverse("staff_round_edit", args=[draft_round.pk])
        if editing
        else reverse("staff_round_create", args=[funder.pk])
    )
    case = Case(
        form="grants.forms.rounds.RoundForm",
        client=client_for(officer),
        url=url,
        fields=ROUND_FIELDS,
        base=round_data(),
        snapshot=round_picture,
        max_fields=4,
    )
    fuzz(case, data)


@covers("grants.forms.questions.QuestionForm")
@FUZZ_SETTINGS
@given(data=st.data(), adding=st.booleans())
def test_fuzz_question(client_for, officer, draft_round, data, adding):
    question = draft_round.questions.first()
    url = (
        reverse("staff_question_add", args=[draft_round.pk])
        if adding
        else reverse("staff_question_edit", args=[draft_round.pk, question.pk])
    )
    case = Case(
        form="grants.forms.questions.QuestionForm",
        client=client_for(officer),
        url=url,
        fields={"text": "text", "help_text": "text", "word_limit": "number", "required": "bool"},
        base={"text": "What will you do?", "help_text": "", "word_limit": "200", "required": "on"},
        snapshot=lambda: rows(Question.objects.all(), "pk", "text", "help_text", "word_limit"),
    )
    fuzz(case, data)


@covers("grants.forms.questions.CriterionForm")
@FUZZ_SETTINGS
@given(data=st.data(), adding=st.booleans())
def test_fuzz_criterion(client_for, officer, draft_round, data, adding):
    criterion = draft_round.criteria.first()
    url = (
        reverse("staff_criterion_add", args=[draft_round.pk])
        if adding
        else reverse("staff_criterion_edit", args=[draft_round.pk, criterion.pk])
    )
    points = range(1, draft_round.score_max + 1)
    case = Case(
        form="grants.forms.questions.CriterionForm",
        client=client_for(officer),
        url=url,
        fields={"title": "text", "guidance": "text", **{f"descriptor_{p}": "text" for p in points}},
        base={
            "title": "Helps people",
            "guidance": "",
            **{f"descriptor_{p}": f"P{p}" for p in points},
        },
        snapshot=lambda: rows(Criterion.objects.all(), "pk", "title", "guidance", "descriptors"),
    )
    fuzz(case, data)


@covers("grants.forms.questions.MoveForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_move(client_for, officer, draft_round, data):
    question = draft_round.questions.all()[1]
    case = Case(
        form="grants.forms.questions.MoveForm",
        client=client_for(officer),
        url=reverse("staff_question_move", args=[draft_round.pk, question.pk]),
        fields={"direction": "choice"},
        base={"direction": "up"},
    )
    fuzz(case, data)


ELIGIBILITY_FIELDS = {
    **{
        f"q{n}_{part}": kind
        for n in (1, 2)
        for part, kind in [
            ("question", "text"),
            ("answer", "choice"),
            ("if_not", "text"),
            ("position", "number"),
            ("remove", "bool"),
        ]
    },
    "q3_question": "text",  # the empty slot for a new question
    "q3_if_not": "text",
    "q6_question": "text",  # a slot the page never offers: a sixth question
}


@covers("grants.forms.eligibility.EligibilityQuestionsForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_eligibility_check(client_for, officer, draft_round, data):
    base = {}
    for n, (question, answer) in enumerate([("Are you local?", "yes"), ("For profit?", "no")], 1):
        base.update(
            {
                f"q{n}_question": question,
                f"q{n}_answer": answer,
                f"q{n}_if_not": "This money is not for you. Try the council.",
                f"q{n}_position": str(n),
            }
        )
    case = Case(
        form="grants.forms.eligibility.EligibilityQuestionsForm",
        client=client_for(officer),
        url=reverse("staff_round_eligibility", args=[draft_round.pk]),
        fields=ELIGIBILITY_FIELDS,
        base=base,
        snapshot=lambda: rows(Round.objects.all(), "pk", "eligibility_questions"),
    )
    fuzz(case, data)


# --------------------------------------------------------------------------------------------
# Screening
# --------------------------------------------------------------------------------------------
@pytest.fixture
def sent_apps(open_round, group_a, group_b, applicant, applicant_b):
    return [sent(open_round, group_a, applicant), sent(open_round, group_b, applicant_b)]


def app_states():
    return rows(Application.objects.all(), "pk", "state", "title", "amount_requested")


@covers("grants.forms.screening.ScreeningFilterForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_screening_filters(client_for, officer, open_round, sent_apps, data):
    case = Case(
        form="grants.forms.screening.ScreeningFilterForm",
        client=client_for(officer),
        url=reverse("staff_screening", args=[open_round.pk]),
        method="get",
        fields={
            "q": "text",
            "state": "choice",
            "kind": "choice",
            "area": "text",
            "min_amount": "money",
            "max_amount": "money",
            "assisted": "choice",
            "sort": "choice",
            "page": "number",
        },  # fmt: skip
    )
    fuzz(case, data)


@covers("grants.forms.screening.BulkDecisionForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_bulk_decision(client_for, officer, open_round, sent_apps, data):
    case = Case(
        form="grants.forms.screening.BulkDecisionForm",
        client=client_for(officer),
        url=reverse("staff_screening", args=[open_round.pk]),
        fields={"applications": "multi", "action": "choice", "reason": "text"},
        base={"applications": [str(a.pk) for a in sent_apps], "action": "ineligible"},
        snapshot=app_states,
    )
    fuzz(case, data)


@covers(
    "grants.forms.screening.IneligibleForm",
    "grants.forms.screening.MoreInfoForm",
    "grants.forms.screening.EligibleForm",
)
@FUZZ_SETTINGS
@given(data=st.data(), decision=st.sampled_from(["ineligible", "more_info", "eligible"]))
def test_fuzz_screening_decision(client_for, officer, sent_apps, data, decision):
    name = {"ineligible": "IneligibleForm", "more_info": "MoreInfoForm", "eligible": "EligibleForm"}
    case = Case(
        form=f"grants.forms.screening.{name[decision]}",
        client=client_for(officer),
        url=reverse("staff_application_decide", args=[sent_apps[0].pk]),
        fields={f"{decision}-reason": "text", "decision": "choice"},
        base={"decision": decision, f"{decision}-reason": "Not in our area."},
        snapshot=app_states,
    )
    fuzz(case, data)


@pytest.fixture
def recorded_answer(sent_apps):
    answer = sent_apps[0].answers.first()
    answer.recording.save("voice.mp3", ContentFile(b"ID3 not really audio"), save=False)
    answer.recording_type = "audio/mpeg"
    answer.save()
    return answer


def written_versions():
    return rows(Answer.objects.all(), "pk", "written_version", "written_version_by_id")


def written_version_is_plain(response, overrides):
    """Whatever was accepted is plain words: no hidden characters, no HTML tags, in the limit."""
    for text in Answer.objects.exclude(written_version="").values_list(
        "written_version", flat=True
    ):
        assert len(text) <= 5_000
        assert not any((ord(c) < 32 and c not in "\t\n") or 127 <= ord(c) < 160 for c in text)
        assert "<script" not in text.lower()


@covers("grants.forms.screening.WrittenVersionForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_written_version(client_for, officer, recorded_answer, data):
    case = Case(
        form="grants.forms.screening.WrittenVersionForm",
        client=client_for(officer),
        url=reverse("staff_answer_written_version", args=[recorded_answer.pk]),
        fields={"written_version": "text"},
        base={"written_version": "We cook a hot lunch every Tuesday."},
        snapshot=written_versions,
        after=written_version_is_plain,
    )
    fuzz(case, data)


# --------------------------------------------------------------------------------------------
# Awards
# --------------------------------------------------------------------------------------------
@pytest.fixture
def offered(open_round, group_a, applicant, officer):
    return offer(open_round, group_a, applicant, officer)


@pytest.fixture
def accepted(offered, applicant):
    return accept(offered, applicant)


def award_picture():
    return (
        rows(Award.objects.all(), "pk", "state", "amount", "start_date", "end_date", "payee_name"),
        rows(Payment.objects.all(), "pk", "state", "amount", "paid_on", "due_on", "reference"),
    )


def award_case(form, client, url, fields, base):
    return Case(form=form, client=client, url=url, fields=fields, base=base, snapshot=award_picture)


@covers("awards.forms.OfferForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_offer(client_for, officer, open_round, group_b, applicant_b, data):
    app = awarded_application(open_round, group_b, applicant_b, officer)
    case = award_case(
        "awards.forms.OfferForm",
        client_for(officer),
        reverse("staff_make_offer", args=[app.pk]),
        {
            "amount": "money",
            "conditions": "text",
            "start_date": "date",
            "end_date": "date",
            "accept_by": "date",
            "geo_code": "text",
            "geo_code_type": "choice",
        },  # fmt: skip
        {
            "amount": "750",
            "accept_by": (timezone.localdate() + timedelta(days=20)).isoformat(),
            "start_date": "2027-04-01",
            "end_date": "2028-03-31",
        },
    )
    fuzz(case, data)


@covers("awards.forms.AcceptForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_accept_offer(client_for, applicant, offered, data):
    case = award_case(
        "awards.forms.AcceptForm",
        client_for(applicant),
        reverse("award_accept", args=[offered.pk]),
        {
            "payment_route": "choice",
            "payee_name": "text",
            "accepted_name": "text",
            "two_people_agree": "bool",
        },  # fmt: skip
        {
            "payment_route": "bank",
            "payee_name": "Tuesday Lunch Club",
            "accepted_name": "Amina Yusuf",
            "two_people_agree": "on",
        },  # fmt: skip
    )
    fuzz(case, data)


@covers("awards.forms.DeclineForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_decline_offer(client_for, applicant, offered, data):
    case = award_case(
        "awards.forms.DeclineForm",
        client_for(applicant),
        reverse("award_decline", args=[offered.pk]),
        {"reason": "text"},
        {},
    )
    fuzz(case, data)


@covers("awards.forms.PaymentForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_record_payment(client_for, officer, accepted, data):
    case = award_case(
        "awards.forms.PaymentForm",
        client_for(officer),
        reverse("staff_award_pay", args=[accepted.pk]),
        {
            "kind": "choice",
            "payee": "choice",
            "amount": "money",
            "date": "date",
            "reference": "text",
        },
        {"kind": "made", "payee": "group", "amount": "100", "date": "2027-01-05"},
    )
    fuzz(case, data)


@pytest.fixture
def planned(accepted, officer):
    return payment_service.payment_record(
        accepted, by=officer, amount=100, payee="group", made=False,
        due_on=timezone.localdate() + timedelta(days=10),
    )  # fmt: skip


@covers("awards.forms.PaymentSentForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_payment_sent(client_for, officer, planned, data):
    case = award_case(
        "awards.forms.PaymentSentForm",
        client_for(officer),
        reverse("staff_payment_sent", args=[planned.pk]),
        {"paid_on": "date", "reference": "text"},
        {"paid_on": timezone.localdate().isoformat()},
    )
    fuzz(case, data)


@pytest.fixture
def due_back(accepted, officer):
    payment_service.payment_record(accepted, by=officer, amount=100, payee="group")
    award_service.award_cancel(accepted, by=officer, reason="Closed", amount_to_recover=100)
    return accepted.recoveries.get()


@covers("awards.forms.RecoveryReceivedForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_recovery_received(client_for, officer, due_back, data):
    case = award_case(
        "awards.forms.RecoveryReceivedForm",
        client_for(officer),
        reverse("staff_recovery_received", args=[due_back.pk]),
        {"received_on": "date", "reference": "text"},
        {"received_on": timezone.localdate().isoformat()},
    )
    fuzz(case, data)


@covers("awards.forms.VariationForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_vary_award(client_for, officer, accepted, data):
    case = award_case(
        "awards.forms.VariationForm",
        client_for(officer),
        reverse("staff_award_vary", args=[accepted.pk]),
        {"amount": "money", "start_date": "date", "end_date": "date", "reason": "text"},
        {"amount": "700", "reason": "They asked."},
    )
    fuzz(case, data)


@covers("awards.forms.CancelForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_cancel_award(client_for, officer, accepted, data):
    case = award_case(
        "awards.forms.CancelForm",
        client_for(officer),
        reverse("staff_award_cancel", args=[accepted.pk]),
        {"reason": "text", "amount_to_recover": "money"},
        {"reason": "The group closed."},
    )
    fuzz(case, data)


@pytest.fixture
def varied(accepted, applicant):
    """A change the group asked for (the officer's note is optional when agreeing it)."""
    from awards.services import offers as award_service

    return award_service.change_ask(accepted, by=applicant, reason="Asked", amount=700)


@covers("awards.forms.ReasonForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_variation_agreed(client_for, officer, varied, data):
    """Agreed: the change applies and the record keeps the note exactly as cleaned. Refused
    (a note that cannot be kept): nothing changes (the harness checks every table)."""
    from awards.forms import ReasonForm
    from core.models import AuditEvent

    accepted = varied

    def stored_as_cleaned(response, overrides):
        form = ReasonForm({"reason": overrides.get("reason", "")})
        agreed = AuditEvent.objects.filter(transition="variation_agreed").order_by("-pk").first()
        if form.is_valid():
            assert agreed is not None, "a valid note, but the change was not agreed"
            assert agreed.reason == (form.cleaned_data["reason"] or "Change agreed")
        else:
            assert agreed is None, f"agreed with a note that is not valid: {agreed.reason!r}"

    case = Case(
        form="awards.forms.ReasonForm",
        client=client_for(officer),
        url=reverse("staff_award_variation_agreed", args=[accepted.pk]),
        fields={"reason": "text"},
        snapshot=change_picture,
        after=stored_as_cleaned,
    )
    fuzz(case, data)


def change_picture():
    from awards.models import Variation

    return award_picture(), rows(
        Variation.objects.all(), "pk", "reason", "new_amount", "new_start_date", "new_end_date",
        "withdrawn", "declined_reason",
    )  # fmt: skip


@covers("awards.forms.AskForChangeForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_ask_for_a_change(client_for, applicant, accepted, data):
    case = Case(
        form="awards.forms.AskForChangeForm",
        client=client_for(applicant),
        url=reverse("award_ask_change", args=[accepted.pk]),
        fields={"end_date": "date", "start_date": "date", "amount": "money", "reason": "text"},
        base={"end_date": "2028-06-30", "reason": "The hall was closed for a month."},
        snapshot=change_picture,
    )
    fuzz(case, data)


def funder_picture():
    from grants.models import Funder

    return rows(
        Funder.objects.all(),
        "pk",
        "contact_name",
        "contact_phone",
        "contact_email",
        "standard_terms",
    )


@covers("grants.forms.funder.FunderContactForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_funder_contact(client_for, officer, funder, data):
    case = Case(
        form="grants.forms.funder.FunderContactForm",
        client=client_for(officer),
        url=reverse("funder_contact", args=[funder.slug]),
        fields={
            "contact_name": "text",
            "contact_phone": "text",
            "contact_email": "email",
            "standard_terms": "text",
        },
        base={"contact_name": "Priya Shah", "contact_email": "grants@testshire-icb.example"},
        snapshot=funder_picture,
    )
    fuzz(case, data)


@pytest.fixture
def proposed_change(accepted, officer):
    """A change an officer proposed: it waits for the group to agree."""
    from awards.services import offers as award_service

    return award_service.variation_propose(accepted, by=officer, reason="Asked", amount=700)


@covers("awards.forms.AgreeChangeForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_agree_a_change(client_for, applicant, proposed_change, data):
    case = Case(
        form="awards.forms.AgreeChangeForm",
        client=client_for(applicant),
        url=reverse("award_agree_change", args=[proposed_change.pk]),
        fields={"agreed_name": "text"},
        base={"agreed_name": "Amina Yusuf"},
        snapshot=change_picture,
    )
    fuzz(case, data)


@covers("awards.forms.TurnDownChangeForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_turn_down_a_change(client_for, officer, varied, data):
    case = Case(
        form="awards.forms.TurnDownChangeForm",
        client=client_for(officer),
        url=reverse("staff_award_variation_declined", args=[varied.pk]),
        fields={"reason": "text"},
        base={"reason": "The budget is spent."},
        snapshot=change_picture,
    )
    fuzz(case, data)


@covers("awards.forms.RegisterFilterForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_award_register(client_for, officer, funder, accepted, data):
    case = Case(
        form="awards.forms.RegisterFilterForm",
        client=client_for(officer),
        url=reverse("award_register", args=[funder.slug]),
        method="get",
        fields={"round": "choice", "state": "choice", "kind": "choice", "area": "text",
                "page": "number"},
    )  # fmt: skip
    fuzz(case, data)
