"""Answers in any language: an application records the language it is written in (the page's
language when it was started; the group may change it); the funder's officers add an English
version of any answer (the written version recordings already have); the panel reads the answer
as written and the English version, each labelled. Every script survives on the way: Urdu,
Persian with its zero-width non-joiner, Welsh, emoji with joiners."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.forms import strip_dangerous
from core.models import AuditEvent
from grants.models import Answer, Application, ApplicationState, RoundState
from grants.services import answer_languages
from grants.services import applications as rules
from grants.services.recordings import WrittenVersionRefused, written_version_save
from tests.panels.helpers import active_member, declare_all, scoring_round

pytestmark = pytest.mark.django_db

URDU = "ہم ہر منگل کو بزرگوں کے لیے گرم کھانا پکاتے ہیں۔"
PERSIAN = "ما می‌خواهیم هر هفته با هم غذا بخوریم."  # U+200C inside "می‌خواهیم"
WELSH = "Rydyn ni'n coginio cinio poeth i'r henoed yn Nhŷ'r Cwm a'r Ŵyl."
FAMILY = "Our family 👩\u200d👩\u200d👧 and friends 👨\u200d🍳 cook"
ENGLISH = "We cook a hot lunch for older people every Tuesday."
EVERY_SCRIPT = [URDU, PERSIAN, WELSH, FAMILY]


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def in_language(client, code):
    client.cookies["seedbed_language"] = code
    return client


@pytest.fixture
def draft(open_round, group_a, applicant):
    return rules.application_start(open_round, group_a, by=applicant)


# --------------------------------------------------------------------------------------------
# The language an application is written in
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page_language,recorded", [("ur", "ur"), ("cy", "cy"), ("en-gb", "en")])
def test_an_application_is_written_in_the_language_it_was_started_in(
    client_for, applicant, group_a, open_round, page_language, recorded
):
    client = in_language(client_for(applicant), page_language)
    client.post(
        reverse("apply_check", args=[open_round.slug]),
        {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no"},
    )
    client.post(reverse("apply_start", args=[open_round.slug]), {"group": str(group_a.pk)})
    app = Application.objects.get(group=group_a)
    assert app.language == recorded


def test_the_group_changes_the_language_on_the_application(client_for, applicant, draft):
    client = client_for(applicant)
    check = client.get(reverse("application_check", args=[draft.reference])).text
    assert "Written in" in check and "English" in check
    url = reverse("application_language", args=[draft.reference])
    assert url in check
    page = client.get(url).text
    assert 'value="en" checked' in page
    assert '<span lang="ur" dir="rtl">اردو</span>' in page
    response = client.post(url, {"language": "fa"})
    assert response["Location"] == reverse("application_check", args=[draft.reference])
    assert "Saved: your answers are in Persian (Farsi or Dari)." in messages_of(response)
    app = Application.objects.get(pk=draft.pk)
    assert app.language == "fa" and app.language_direction == "rtl"
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(app.pk),
        transition=answer_languages.AUDIT_EVENT,
    )
    assert (event.actor, event.reason) == (applicant, "Written in Persian (Farsi or Dari)")


def test_a_language_that_is_not_on_the_list_is_refused(client_for, applicant, draft):
    url = reverse("application_language", args=[draft.reference])
    response = client_for(applicant).post(url, {"language": "xx-evil"})
    assert response.status_code == 200
    assert "Choose one of the languages" in response.text
    assert Application.objects.get(pk=draft.pk).language == "en"


def test_the_language_is_fixed_once_sent_like_the_answers(
    client_for, applicant, applicant_b, draft
):
    app = Application.objects.get(pk=draft.pk)
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.SUBMITTED)
    url = reverse("application_language", args=[app.reference])
    response = client_for(applicant).post(url, {"language": "ur"})
    assert response.status_code == 302
    assert "You have sent this form, so you cannot change it now." in messages_of(response)
    assert Application.objects.get(pk=app.pk).language == "en"
    assert client_for(applicant_b).get(url).status_code == 404


# --------------------------------------------------------------------------------------------
# Every script survives: the page, saving as you type, the control-character policy
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("words", EVERY_SCRIPT)
def test_every_script_is_kept_by_the_question_page(client_for, applicant, draft, words):
    client = client_for(applicant)
    step = reverse("application_step", args=[draft.reference, "question-1"])
    client.post(step, {"text": words, "action": "later"})
    assert Answer.objects.get(application=draft, question__order=0).text == words
    assert escape(words) in client.get(step).text


@pytest.mark.parametrize("words", EVERY_SCRIPT)
def test_every_script_is_kept_by_saving_as_you_type(client_for, applicant, draft, words):
    url = reverse("application_autosave", args=[draft.reference, "question-1"])
    response = client_for(applicant).post(url, {"text": words})
    assert response.json()["saved"] is True
    assert Answer.objects.get(application=draft, question__order=0).text == words


def test_the_control_character_policy_keeps_the_joiners():
    """U+200C (Persian, Urdu), U+200D (emoji), and the left-to-right and right-to-left marks are
    writing; only control codes and the invisible reordering characters are taken out."""
    for words in EVERY_SCRIPT + ["\u200e\u200fاردو"]:
        assert strip_dangerous(words) == words
    assert strip_dangerous("safe\u202eevil\x07") == "safeevil"


def test_the_answer_box_lets_the_browser_choose_the_direction(client_for, applicant, draft):
    step = reverse("application_step", args=[draft.reference, "question-1"])
    assert 'dir="auto"' in client_for(applicant).get(step).text


# --------------------------------------------------------------------------------------------
# The officer adds an English version; the panel reads both
# --------------------------------------------------------------------------------------------
@pytest.fixture
def urdu_round(funder):
    """A round at the scoring stage whose first application is written in Urdu."""
    rnd, apps = scoring_round(funder, 2, state=RoundState.SCORING)
    app = apps[0]
    Application.objects.filter(pk=app.pk).update(language="ur")
    answer = app.answers.order_by("question__order").first()
    Answer.objects.filter(pk=answer.pk).update(text=URDU)
    return rnd, Application.objects.get(pk=app.pk), Answer.objects.get(pk=answer.pk), apps


@pytest.fixture
def reader(urdu_round):
    rnd, _app, _answer, apps = urdu_round
    member = active_member(rnd, "rose.panel@example.com", "Rose")
    declare_all(member, apps)
    return member.user


def english_url(answer):
    return reverse("staff_answer_english_version", args=[answer.pk])


def test_an_officer_adds_an_english_version_of_an_urdu_answer(client_for, officer, urdu_round):
    _rnd, app, answer, _apps = urdu_round
    client = client_for(officer)
    screening = client.get(reverse("staff_application", args=[app.pk])).text
    assert "Written in Urdu" in screening
    assert "There is no English version of this answer yet." in screening
    assert english_url(answer) in screening
    form = client.get(english_url(answer)).text
    assert "The group did not write in English." in form
    assert "Written in Urdu" in form
    assert f'<p class="govuk-body" lang="ur" dir="rtl">{URDU}</p>' in form
    response = client.post(english_url(answer), {"written_version": ENGLISH})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.written_version == ENGLISH
    assert answer.written_version_by == officer
    assert answer.text == URDU  # the group's own words stay as they were
    event = AuditEvent.objects.filter(transition="written_version").get()
    assert event.reason == f"Added an English version of the answer to: {answer.question.text}"
    assert ENGLISH not in event.reason
    screening = client.get(reverse("staff_application", args=[app.pk])).text
    assert ENGLISH in screening
    assert "English version, added by Olu on" in screening
    assert "Change the English version" in screening


def test_the_panel_member_sees_the_answer_as_written_and_in_english(
    client_for, officer, reader, urdu_round
):
    rnd, app, answer, _apps = urdu_round
    url = reverse("panel_application", args=[rnd.pk, app.pk])
    before = client_for(reader).get(url).text
    assert "Written in Urdu" in before
    assert "There is no English version of this answer yet." in before
    written_version_save(answer, ENGLISH, by=officer)
    text = client_for(reader).get(url).text
    assert "Written in Urdu" in text
    assert f'<p class="govuk-body" lang="ur" dir="rtl">{URDU}</p>' in text
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"English version, added by Olu on {today}" in text
    assert f'<p class="govuk-body" lang="en-GB" dir="ltr">{ENGLISH}</p>' in text
    # The group's words come first, then the English.
    assert text.index(URDU) < text.index(ENGLISH)


def test_an_english_application_reads_as_before(client_for, reader, urdu_round):
    rnd, _app, _answer, apps = urdu_round
    text = client_for(reader).get(reverse("panel_application", args=[rnd.pk, apps[1].pk])).text
    assert "Written in" not in text
    assert "English version" not in text
    assert '<p class="govuk-body">Answer 1 to question 0.</p>' in text


@pytest.mark.parametrize("words", EVERY_SCRIPT)
def test_every_script_reaches_the_panel_page_intact(client_for, reader, urdu_round, words):
    rnd, app, answer, _apps = urdu_round
    Answer.objects.filter(pk=answer.pk).update(text=words)
    text = client_for(reader).get(reverse("panel_application", args=[rnd.pk, app.pk])).text
    assert escape(words) in text


def test_an_english_version_keeps_every_script_it_quotes(officer, urdu_round):
    _rnd, _app, answer, _apps = urdu_round
    english = f"They said “{PERSIAN}” ({FAMILY})."
    written_version_save(answer, english, by=officer)
    assert Answer.objects.get(pk=answer.pk).written_version == english


def test_an_application_in_english_needs_no_english_version(client_for, officer, urdu_round):
    _rnd, _app, _answer, apps = urdu_round
    answer = apps[1].answers.first()
    response = client_for(officer).get(english_url(answer))
    assert response.status_code == 302
    assert "This application is written in English, so it needs no English version." in messages_of(
        response
    )
    with pytest.raises(WrittenVersionRefused):
        written_version_save(answer, ENGLISH, by=officer)  # a typed English answer


def test_an_empty_english_version_is_asked_for_and_nothing_saved(client_for, officer, urdu_round):
    _rnd, _app, answer, _apps = urdu_round
    response = client_for(officer).post(english_url(answer), {"written_version": "  "})
    assert response.status_code == 200
    assert "Write the answer in English" in response.text
    assert Answer.objects.get(pk=answer.pk).written_version == ""


def test_only_the_funders_officers_add_english_versions(
    client_for, funder_viewer, other_officer, reader, urdu_round
):
    _rnd, _app, answer, _apps = urdu_round
    assert client_for(funder_viewer).get(english_url(answer)).status_code == 403
    assert client_for(other_officer).get(english_url(answer)).status_code == 404
    assert client_for(reader).get(english_url(answer)).status_code == 403
    response = client_for(funder_viewer).post(english_url(answer), {"written_version": ENGLISH})
    assert response.status_code == 403
    assert Answer.objects.get(pk=answer.pk).written_version == ""


def test_new_words_from_the_group_forget_the_english_version(officer, group_a, urdu_round):
    """When the group changes its typed answer (after being asked for more), the English
    version of the old words is not shown as if it were of the new ones."""
    _rnd, app, answer, _apps = urdu_round
    written_version_save(answer, ENGLISH, by=officer)
    rules.answer_save(app, answer.question, text=URDU)  # the same words: kept
    assert Answer.objects.get(pk=answer.pk).written_version == ENGLISH
    rules.answer_save(app, answer.question, text=URDU + " اور جمعہ کو بھی۔")
    assert Answer.objects.get(pk=answer.pk).written_version == ""


# --------------------------------------------------------------------------------------------
# PDFs: the offer letter keeps the group's words in every script
# --------------------------------------------------------------------------------------------
def test_the_offer_letter_keeps_every_script(open_round, group_a, applicant, officer, outbox):
    from awards.services import offers as award_service
    from grants.models import Group, Round
    from tests.grants.test_awards import awarded_application

    Group.objects.filter(pk=group_a.pk).update(name=WELSH)
    group_a.refresh_from_db()
    Round.objects.filter(pk=open_round.pk).update(title=URDU)  # "… from <round>"
    open_round.refresh_from_db()
    title = f"{PERSIAN} {FAMILY}"  # within the 120 characters a title may have
    app = awarded_application(open_round, group_a, applicant, officer, title=title)
    award = award_service.offer_make(
        app, amount=750, by=officer, start_date=date(2027, 4, 1), end_date=date(2028, 3, 31)
    )
    # The letter's HTML, kept as it was sent: every character, joiners included.
    for words in (PERSIAN, FAMILY, URDU, WELSH.replace("'", "&#x27;")):
        assert words in award.letter_html, words
    # What the PDF draws.
    drawn = award_service.offer_letter_text(award)
    for words in (PERSIAN, FAMILY, URDU, WELSH):
        assert words in drawn, words
    assert award_service.offer_letter_pdf(award).startswith(b"%PDF-")


def test_another_language_is_said_plainly(client_for, reader, urdu_round):
    rnd, app, _answer, _apps = urdu_round
    Application.objects.filter(pk=app.pk).update(language="und")
    text = client_for(reader).get(reverse("panel_application", args=[rnd.pk, app.pk])).text
    assert "Written in another language" in text
    assert f'lang="und" dir="auto">{URDU}' in text
