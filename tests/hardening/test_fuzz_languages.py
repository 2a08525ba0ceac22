"""Fuzzing the forms about languages: an officer's translation of a round's words, an officer's
English version of an answer, and the group's choice of the language it writes in."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from grants.languages import ANSWER_LANGUAGE_CODES
from grants.models import Answer, Application, Criterion, Question, Round, RoundState
from grants.round_texts import round_texts
from grants.services import applications as rules
from tests.conftest import make_round
from tests.grants.test_screening import sent
from tests.hardening.fuzz_support import FUZZ_SETTINGS, Case, covers, fuzz, rows

pytestmark = pytest.mark.django_db


def is_plain(text, limit):
    """Whatever was kept is plain words: in the limit, no hidden characters or tags."""
    assert len(text) <= limit
    assert not any((ord(c) < 32 and c not in "\t\n") or 127 <= ord(c) < 160 for c in text)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in text)
    assert "<script" not in text.lower()


# --------------------------------------------------------------------------------------------
# An officer translates a round's words
# --------------------------------------------------------------------------------------------
@pytest.fixture
def draft_round(funder):
    return make_round(funder, state=RoundState.DRAFT)


def translations():
    return (
        rows(Round.objects.all(), "pk", "translations"),
        rows(Question.objects.all(), "pk", "translations"),
        rows(Criterion.objects.all(), "pk", "translations"),
    )


def translations_are_plain(response, overrides):
    for model in (Round, Question, Criterion):
        for kept in model.objects.values_list("translations", flat=True):
            for entries in kept.values():
                for entry in entries.values():
                    is_plain(entry["to"], 2000)


@covers("grants.forms.round_languages.RoundTranslationForm")
@FUZZ_SETTINGS
@given(data=st.data(), language=st.sampled_from(["cy", "ur"]))
def test_fuzz_round_translation(client_for, officer, draft_round, data, language):
    texts = round_texts(draft_round)
    question = next(t for t in texts if t.kind == "question.text")
    descriptor = next(t for t in texts if t.kind == "criterion.descriptor")
    base = {f"seen-{t.key}": t.fingerprint for t in texts}
    base.update({"round-title": "Cymdogion Iach", question.key: "Beth fyddwch chi'n ei wneud?"})
    case = Case(
        form="grants.forms.round_languages.RoundTranslationForm",
        client=client_for(officer),
        url=reverse("staff_round_translation", args=[draft_round.pk, language]),
        fields={
            "round-title": "text",
            "round-summary": "text",
            question.key: "text",
            descriptor.key: "text",
        },
        base=base,
        snapshot=translations,
        after=translations_are_plain,
    )
    fuzz(case, data)


# --------------------------------------------------------------------------------------------
# An officer writes an answer in English
# --------------------------------------------------------------------------------------------
@pytest.fixture
def urdu_answer(open_round, group_a, applicant):
    app = sent(open_round, group_a, applicant)
    Application.objects.filter(pk=app.pk).update(language="ur")
    answer = app.answers.order_by("question__order").first()
    Answer.objects.filter(pk=answer.pk).update(text="ہم ہر منگل کو کھانا پکاتے ہیں۔")
    return Answer.objects.get(pk=answer.pk)


def english_versions():
    return rows(Answer.objects.all(), "pk", "text", "written_version", "written_version_by_id")


def english_versions_are_plain(response, overrides):
    for text in Answer.objects.exclude(written_version="").values_list(
        "written_version", flat=True
    ):
        is_plain(text, 5_000)


@covers("grants.forms.answer_languages.EnglishVersionForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_english_version(client_for, officer, urdu_answer, data):
    case = Case(
        form="grants.forms.answer_languages.EnglishVersionForm",
        client=client_for(officer),
        url=reverse("staff_answer_english_version", args=[urdu_answer.pk]),
        fields={"written_version": "text"},
        base={"written_version": "We cook a hot lunch every Tuesday."},
        snapshot=english_versions,
        after=english_versions_are_plain,
    )
    fuzz(case, data)


# --------------------------------------------------------------------------------------------
# The group says which language it writes in
# --------------------------------------------------------------------------------------------
@pytest.fixture
def draft(open_round, group_a, applicant):
    return rules.application_start(open_round, group_a, by=applicant)


def languages():
    return rows(Application.objects.all(), "pk", "language")


def language_is_known(response, overrides):
    for code in Application.objects.values_list("language", flat=True):
        assert code in ANSWER_LANGUAGE_CODES


@covers("grants.forms.answer_languages.ApplicationLanguageForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_application_language(client_for, applicant, draft, data):
    case = Case(
        form="grants.forms.answer_languages.ApplicationLanguageForm",
        client=client_for(applicant),
        url=reverse("application_language", args=[draft.reference]),
        fields={"language": "choice"},
        base={"language": "ur"},
        snapshot=languages,
        after=language_is_known,
    )
    fuzz(case, data)
