"""A round in several languages: officers add Welsh (or Urdu) for the round's own words on one
page per language; a round cannot open while a language it started is half done; people whose
pages are in Welsh read Welsh where there is a translation, English where there is not."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import AuditEvent
from grants.languages import in_language
from grants.models import Criterion, Question, Round, RoundState
from grants.round_texts import round_texts
from grants.services import round_languages as service
from tests.conftest import make_round

pytestmark = pytest.mark.django_db

WELSH_TITLE = "Cymdogion Iach"
WELSH_QUESTION = "Beth mae eich grŵp eisiau ei wneud gyda'r arian?"


def page(rnd, language="cy"):
    return reverse("staff_round_translation", args=[rnd.pk, language])


def welsh(english):
    """A stand-in for a translation: recognisable, and different for each text."""
    return f"Cymraeg: {english}"


def everything_in_welsh(rnd, **instead):
    """The page's POST with every text translated (`instead` gives some boxes other words)."""
    data = {}
    for text in round_texts(rnd):
        data[text.key] = instead.get(text.key, welsh(text.english))
        data[f"seen-{text.key}"] = text.fingerprint
    return data


def only(rnd, **boxes):
    """The page's POST with only these boxes filled (every other box empty)."""
    data = {}
    for text in round_texts(rnd):
        data[text.key] = boxes.get(text.key, "")
        data[f"seen-{text.key}"] = text.fingerprint
    return data


def first_question(rnd):
    return rnd.questions.order_by("order", "pk").first()


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def draft_round(funder):
    return make_round(funder, state=RoundState.DRAFT)


def translate_everything(rnd, officer):
    data = everything_in_welsh(rnd)
    typed = {k: v for k, v in data.items() if not k.startswith("seen-")}
    service.round_translations_save(rnd, "cy", typed, by=officer)
    return Round.objects.get(pk=rnd.pk)


# --------------------------------------------------------------------------------------------
# The officer's page
# --------------------------------------------------------------------------------------------
def test_the_round_page_links_to_each_language(client_for, officer, draft_round):
    page_text = client_for(officer).get(reverse("staff_round", args=[draft_round.pk])).text
    assert "Welsh version of this round" in page_text
    assert "Urdu version of this round" in page_text
    assert page(draft_round, "cy") in page_text


def test_the_page_lists_every_english_text_with_a_box(client_for, officer, draft_round):
    response = client_for(officer).get(page(draft_round))
    assert response.status_code == 200
    text = response.text
    assert "Welsh version of this round" in text
    assert "0 of " in text and "texts translated" in text
    question = first_question(draft_round)
    criterion = draft_round.criteria.first()
    for english in [
        draft_round.title,
        draft_round.summary,
        question.text,
        question.help_text,
        criterion.title,
        criterion.descriptors[2],
        draft_round.eligibility_questions[0]["if_not"],
    ]:
        assert english.replace("'", "&#x27;") in text, english
    # The eligibility check shows the area named, as applicants read it.
    assert "the round&#x27;s area" not in text
    # Each box is marked as Welsh, for spell checkers and screen readers.
    assert f'name="q{question.pk}-text"' in text
    assert 'lang="cy" dir="ltr"' in text


def test_an_officer_adds_a_welsh_translation(client_for, officer, draft_round):
    question = first_question(draft_round)
    data = only(
        draft_round,
        **{"round-title": WELSH_TITLE, f"q{question.pk}-text": WELSH_QUESTION},
    )
    response = client_for(officer).post(page(draft_round), data)
    assert response.status_code == 302
    assert "The Welsh version is saved." in messages_of(response)
    rnd = Round.objects.get(pk=draft_round.pk)
    assert rnd.translations["cy"]["title"] == {"from": "Healthy Neighbours", "to": WELSH_TITLE}
    question.refresh_from_db()
    assert question.translations["cy"]["text"] == {"from": question.text, "to": WELSH_QUESTION}
    assert in_language(question.translations, question.text, "cy") == WELSH_QUESTION
    assert in_language(question.translations, question.text, "ur") == question.text
    # Recorded in the round's audit trail: who, which language, how many (not the words).
    event = AuditEvent.objects.get(transition=service.AUDIT_EVENT)
    assert event.actor == officer
    assert event.reason == "Welsh translation: 2 added, 0 changed, 0 removed"
    assert WELSH_TITLE not in event.reason
    # The page shows what was saved, and how far along the Welsh is.
    text = client_for(officer).get(page(draft_round)).text
    assert WELSH_TITLE in text and "2 of " in text


def test_saving_the_same_words_again_changes_nothing(client_for, officer, draft_round):
    data = only(draft_round, **{"round-title": WELSH_TITLE})
    client_for(officer).post(page(draft_round), data)
    response = client_for(officer).post(page(draft_round), data)
    assert "Nothing changed." in messages_of(response)
    assert AuditEvent.objects.filter(transition=service.AUDIT_EVENT).count() == 1


def test_emptying_a_box_removes_its_translation(client_for, officer, draft_round):
    client_for(officer).post(page(draft_round), only(draft_round, **{"round-title": WELSH_TITLE}))
    client_for(officer).post(page(draft_round), only(draft_round))
    assert Round.objects.get(pk=draft_round.pk).translations == {}
    event = AuditEvent.objects.filter(transition=service.AUDIT_EVENT).last()
    assert event.reason == "Welsh translation: 0 added, 0 changed, 1 removed"


def test_problems_are_explained_and_everything_typed_is_kept(client_for, officer, draft_round):
    question = first_question(draft_round)
    too_long = "ŵ" * 301
    data = only(
        draft_round,
        **{
            "round-title": WELSH_TITLE,
            f"q{question.pk}-text": too_long,
            f"q{question.pk}-help_text": "Dywedwch\x07 beth",
            "round-summary": "Arian i <b>grwpiau</b>",
        },
    )
    response = client_for(officer).post(page(draft_round), data)
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert "must be 300 characters or fewer (it has 301)" in text
    assert "Remove the hidden control characters" in text
    assert "remove the HTML tags" in text
    # What was typed is still in the boxes.
    assert WELSH_TITLE in text
    assert too_long in text
    # Nothing was saved.
    assert Round.objects.get(pk=draft_round.pk).translations == {}
    assert Question.objects.get(pk=question.pk).translations == {}
    assert not AuditEvent.objects.filter(transition=service.AUDIT_EVENT).exists()


def test_words_changed_in_english_meanwhile_are_not_saved(client_for, officer, draft_round):
    question = first_question(draft_round)
    data = only(draft_round, **{f"q{question.pk}-text": WELSH_QUESTION})
    # Another officer changes the question while this one translates it.
    Question.objects.filter(pk=question.pk).update(text="What will you do?")
    response = client_for(officer).post(page(draft_round), data)
    assert response.status_code == 200
    assert "Someone changed the English of this text while you were translating it" in (
        response.text
    )
    assert WELSH_QUESTION.replace("'", "&#x27;") in response.text
    assert Question.objects.get(pk=question.pk).translations == {}


def test_scripts_and_joiners_are_kept_in_translations(client_for, officer, draft_round):
    urdu = "صحت مند پڑوسی\u200c👩\u200d👩\u200d👧"
    client_for(officer).post(page(draft_round, "ur"), only(draft_round, **{"round-title": urdu}))
    rnd = Round.objects.get(pk=draft_round.pk)
    assert rnd.translations["ur"]["title"]["to"] == urdu
    text = client_for(officer).get(page(draft_round, "ur")).text
    assert urdu in text and 'lang="ur" dir="rtl"' in text


def test_only_the_funders_officers_may_translate(
    client_for, officer, funder_viewer, other_officer, draft_round
):
    assert client_for(funder_viewer).get(page(draft_round)).status_code == 403
    assert client_for(other_officer).get(page(draft_round)).status_code == 404
    assert client_for(officer).get(page(draft_round, "fr")).status_code == 404
    data = only(draft_round, **{"round-title": WELSH_TITLE})
    assert client_for(funder_viewer).post(page(draft_round), data).status_code == 403
    assert Round.objects.get(pk=draft_round.pk).translations == {}
    with pytest.raises(service.TranslationRefused):
        service.round_translations_save(draft_round, "cy", {"round-title": "x"}, by=funder_viewer)


# --------------------------------------------------------------------------------------------
# A round cannot open half done
# --------------------------------------------------------------------------------------------
def test_a_round_with_a_half_done_language_refuses_to_open(client_for, officer, draft_round):
    questions = list(draft_round.questions.order_by("order", "pk"))
    data = everything_in_welsh(draft_round)
    data[f"q{questions[2].pk}-text"] = ""  # question 3 left in English
    client_for(officer).post(page(draft_round), data)
    before = Round.objects.get(pk=draft_round.pk)
    assert before.translations["cy"]
    response = client_for(officer).post(
        reverse("staff_round_step", args=[draft_round.pk]), {"step": "open"}
    )
    said = messages_of(response)
    assert "Welsh: question 3 has no translation." in said
    after = Round.objects.get(pk=draft_round.pk)
    assert after.state == RoundState.DRAFT
    assert after.translations == before.translations
    assert after.updated_at == before.updated_at
    # The round's page says so before anyone tries.
    text = client_for(officer).get(reverse("staff_round", args=[draft_round.pk])).text
    assert "Welsh: question 3 has no translation." in text
    assert "1 text still to translate" in text
    # Translated, it opens.
    client_for(officer).post(page(draft_round), everything_in_welsh(draft_round))
    client_for(officer).post(reverse("staff_round_step", args=[draft_round.pk]), {"step": "open"})
    assert Round.objects.get(pk=draft_round.pk).state == RoundState.OPEN


def test_a_language_not_started_does_not_stop_a_round_opening(draft_round):
    assert draft_round.opening_problems() == []


def test_the_refusal_names_each_kind_of_text(officer, draft_round):
    rnd = translate_everything(draft_round, officer)
    question = first_question(rnd)
    criterion = rnd.criteria.order_by("order", "pk")[1]
    # The English changes after translating: those translations no longer count.
    Question.objects.filter(pk=question.pk).update(help_text="Say what, where and when.")
    words = list(criterion.descriptors)
    words[2] = "It will help quite a few people."
    Criterion.objects.filter(pk=criterion.pk).update(descriptors=words)
    Round.objects.filter(pk=rnd.pk).update(summary="Money for groups.")
    problems = Round.objects.get(pk=rnd.pk).opening_problems()
    assert problems == [
        "Welsh: “What the money is for” has no translation.",
        "Welsh: the hint for question 1 has no translation.",
        "Welsh: what a score of 3 means for scoring criterion 2 has no translation.",
    ]


def test_a_long_list_of_gaps_is_cut_short(client_for, officer, draft_round):
    client_for(officer).post(page(draft_round), only(draft_round, **{"round-title": WELSH_TITLE}))
    problems = Round.objects.get(pk=draft_round.pk).opening_problems()
    assert len(problems) == 11
    assert problems[0] == "Welsh: “What the money is for” has no translation."
    assert problems[-1].startswith("Welsh: ") and "more texts have no translation" in problems[-1]


def test_an_open_round_takes_a_language_only_when_complete(client_for, officer, funder):
    rnd = make_round(funder)  # open
    question = first_question(rnd)
    data = only(rnd, **{"round-title": WELSH_TITLE})
    response = client_for(officer).post(page(rnd), data)
    assert response.status_code == 200
    assert "People can read this round now" in response.text
    assert "save Welsh when every text is translated" in response.text
    assert "Welsh: “What the money is for” has no translation." in response.text
    assert "more texts have no translation." in response.text
    assert WELSH_TITLE in response.text  # kept in its box
    assert Round.objects.get(pk=rnd.pk).translations == {}
    assert Question.objects.get(pk=question.pk).translations == {}
    # Complete, it is saved.
    assert client_for(officer).post(page(rnd), everything_in_welsh(rnd)).status_code == 302
    assert Round.objects.get(pk=rnd.pk).translations["cy"]["title"]["to"] == welsh(rnd.title)


# --------------------------------------------------------------------------------------------
# What applicants read
# --------------------------------------------------------------------------------------------
@pytest.fixture
def open_welsh_round(funder, officer):
    rnd = make_round(funder, state=RoundState.DRAFT, area="Northfield")
    question = first_question(rnd)
    data = everything_in_welsh(rnd)
    data["round-title"] = WELSH_TITLE
    data[f"q{question.pk}-text"] = WELSH_QUESTION
    data[f"q{question.pk}-help_text"] = "Dywedwch beth, ble a phryd."
    data["round-eligibility-1-question"] = "Ydy eich grŵp yn Northfield?"
    data["round-eligibility-1-if_not"] = "Mae'r arian hwn ar gyfer grwpiau yn Northfield yn unig."
    typed = {k: v for k, v in data.items() if not k.startswith("seen-")}
    service.round_translations_save(rnd, "cy", typed, by=officer)
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.OPEN)
    return Round.objects.get(pk=rnd.pk)


def in_welsh(client):
    client.cookies["seedbed_language"] = "cy"
    return client


def test_a_welsh_reader_sees_the_round_in_welsh(client, open_welsh_round):
    rnd = open_welsh_round
    text = in_welsh(client).get(reverse("round_public", args=[rnd.slug])).text
    assert WELSH_TITLE in text
    assert welsh(rnd.summary) in text
    assert "Healthy Neighbours" not in text
    assert WELSH_TITLE in client.get(reverse("home")).text


def test_an_english_reader_sees_english(client, open_welsh_round):
    text = client.get(reverse("round_public", args=[open_welsh_round.slug])).text
    assert "Healthy Neighbours" in text and WELSH_TITLE not in text


def test_a_welsh_applicant_is_asked_the_eligibility_check_in_welsh(client, open_welsh_round):
    rnd = open_welsh_round
    url = reverse("apply_check", args=[rnd.slug])
    assert "Ydy eich grŵp yn Northfield?" in in_welsh(client).get(url).text
    response = client.post(url, {"q1": "no", "q2": "yes", "q3": "yes", "q4": "no"})
    text = response.text.replace("&#x27;", "'")
    assert "Mae'r arian hwn ar gyfer grwpiau yn Northfield yn unig." in text


def test_a_welsh_applicant_sees_welsh_questions(client_for, applicant, group_a, open_welsh_round):
    from grants.services import applications as rules

    app = rules.application_start(open_welsh_round, group_a, by=applicant)
    client = in_welsh(client_for(applicant))
    step = client.get(reverse("application_step", args=[app.reference, "question-1"])).text
    step = step.replace("&#x27;", "'")
    assert WELSH_QUESTION in step
    assert "Dywedwch beth, ble a phryd." in step
    assert "What does your group want to do with the money?" not in step
    check = client.get(reverse("application_check", args=[app.reference])).text
    assert WELSH_QUESTION in check.replace("&#x27;", "'")


def test_english_is_shown_where_there_is_no_translation(
    client_for, applicant, group_a, open_welsh_round
):
    """A translation of words since changed is not shown: the English is, until it is checked."""
    from grants.services import applications as rules

    question = first_question(open_welsh_round)
    Question.objects.filter(pk=question.pk).update(text="What will you do with the money?")
    app = rules.application_start(open_welsh_round, group_a, by=applicant)
    client = in_welsh(client_for(applicant))
    step = client.get(reverse("application_step", args=[app.reference, "question-1"])).text
    assert "What will you do with the money?" in step
    assert WELSH_QUESTION.replace("'", "&#x27;") not in step
    assert "Dywedwch beth, ble a phryd." in step  # the hint's English did not change


def test_the_officer_sees_the_earlier_translation_of_changed_english(
    client_for, officer, open_welsh_round
):
    question = first_question(open_welsh_round)
    Question.objects.filter(pk=question.pk).update(text="What will you do with the money?")
    text = client_for(officer).get(page(open_welsh_round)).text.replace("&#x27;", "'")
    assert "The English has changed since this was translated" in text
    assert WELSH_QUESTION in text


# --------------------------------------------------------------------------------------------
# What the panel reads
# --------------------------------------------------------------------------------------------
def test_a_welsh_panel_member_reads_the_questions_and_criteria_in_welsh(client, funder, officer):
    from tests.panels.helpers import active_member, declare_all, scoring_round

    rnd, apps = scoring_round(funder, 1, state=RoundState.SCORING)
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.DRAFT)
    translate_everything(Round.objects.get(pk=rnd.pk), officer)
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.SCORING)
    member = active_member(rnd, "rose.panel@example.com", "Rose")
    declare_all(member, apps)
    client.force_login(member.user)
    url = reverse("panel_application", args=[rnd.pk, apps[0].pk])
    text = in_welsh(client).get(url).text.replace("&#x27;", "'")
    question = first_question(rnd)
    criterion = rnd.criteria.order_by("order", "pk").first()
    for english in (question.text, criterion.title, criterion.guidance, criterion.descriptors[0]):
        assert welsh(english) in text, english
    client.cookies["seedbed_language"] = "en-gb"
    text = client.get(url).text.replace("&#x27;", "'")
    assert welsh(question.text) not in text and question.text in text


def test_a_welsh_applicants_email_names_the_round_in_welsh(
    applicant, group_a, open_welsh_round, outbox
):
    from grants.models import User
    from grants.services import applications as rules

    User.objects.filter(pk=applicant.pk).update(language="cy")
    app = rules.application_start(open_welsh_round, group_a, by=applicant)
    rules.application_save_about(app, {"title": "Cinio", "amount_requested": 500})
    for question in open_welsh_round.questions.all():
        rules.answer_save(app, question, text="Rydyn ni'n coginio cinio.")
    rules.budget_save(app, [("Bwyd", 500)])
    rules.application_submit(app, by=User.objects.get(pk=applicant.pk))
    mine = [m for m in outbox if applicant.email in m.to]
    assert mine and WELSH_TITLE in mine[0].body
    others = [m for m in outbox if applicant.email not in m.to]
    assert all("Healthy Neighbours" in m.body for m in others)  # the group's English address
