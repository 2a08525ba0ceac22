"""Applying, scoring and voting in Welsh and in Urdu, on a phone (375 px), as people do it.

Each walk starts in English and chooses the language from the header's link, then goes the
whole way: the round page, the eligibility check, signing in by emailed code, the group, the
form's steps and sending it; a resident reading and scoring on the panel; a resident voting.
Every page must be in that language (`<html lang>`, Urdu right to left, the page's own words
in the translation — looked up with Django's gettext, never typed here), clean under axe, and
never scroll sideways. Fields are found by their names, so the walk does not depend on English.
"""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from grants.models import Application, ApplicationState
from panels.models import ScoreSheet
from tests.conftest import code_from_outbox
from tests.panels.helpers import active_member, declare_all, scoring_round
from tests.support.pages import assert_accessible
from tests.voting.helpers import voting_round
from voting.models import Ballot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["cy", "ur"]


def words(language, english):
    """The page's words in `language` (and proof they are translated: not the English)."""
    with translation.override(language):
        translated = gettext(english)
    assert translated != english, f"{english!r} has no {language} translation"
    return translated


def check(page, language, where):
    """In the language, right to left for Urdu, axe-clean, and no sideways scrolling."""
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", "rtl" if language == "ur" else "ltr")
    assert_accessible(page)
    sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 0, f"{where} ({language}) scrolls sideways by {sideways}px"


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


def submit(page, field=None):
    """The page's main button (of the form in <main> holding `field`, when given), whatever
    it is called in this language."""
    form = f"main form:has([name={field}])" if field else "main form"
    click_and_wait(page.locator(f"{form} button[type=submit]").first)


def choose_language(page, language):
    click_and_wait(page.locator(f"a[hreflang='{language}']").first)


def sign_in_here(page, email, language):
    mail.outbox = []
    expect(page.get_by_role("heading", level=1)).to_have_text(words(language, "Sign in"))
    page.locator("input[name=email]").fill(email)
    submit(page, "email")
    page.locator("input[name=code]").fill(code_from_outbox(email))
    check(page, language, "type your code")
    submit(page, "code")


def fill_the_group(page, language):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words(language, "Tell us about your group")
    )
    check(page, language, "group")
    page.locator("input[name=name]").fill("Clwb Cinio Dydd Mawrth / منگل لنچ کلب")
    page.locator("input[name=kind][value=informal]").check()
    page.locator("input[name=area]").fill("Northfield")
    page.locator("input[name=postcode]").fill("not a postcode")
    page.locator("input[name=income_band][value=under_1k]").check()
    page.locator("input[name=contact_name]").fill("Ada Lovelace")
    page.locator("input[name=contact_email]").fill("ada@example.com")
    page.locator("input[name=second_contact_name]").fill("Ben Okri")
    page.locator("input[name=second_contact_phone]").fill("07700 900123")
    page.locator("input[name=contacts_unrelated]").check()
    page.locator("input[name=payment_route][value=bank]").check()
    page.locator("input[name=bank_account_name]").fill("Tuesday Lunch Friends")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, language, "group with an error")
    expect(page.locator("input[name=contact_name]")).to_have_value("Ada Lovelace")
    page.locator("input[name=postcode]").fill("rv1 2ab")
    submit(page)


def fill_the_form(page, language):
    expect(page.get_by_role("heading", level=1)).to_have_text(words(language, "Your project"))
    check(page, language, "your project")
    page.locator("input[name=title]").fill("Cinio dydd Mawrth — کھانا 🍲")
    page.locator("input[name=amount_requested]").fill("500")
    submit(page)
    for number in range(1, 5):
        expect(page).to_have_url(re.compile(rf"/question-{number}/$"))
        check(page, language, f"question {number}")
        if number < 4:
            page.locator("textarea").fill("Rydyn ni'n coginio cinio poeth. ہم گرم کھانا پکاتے ہیں۔")
        submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words(language, "How you will spend it")
    )
    check(page, language, "budget")
    page.locator("#id_item_1").fill("Bwyd / کھانا")
    page.locator("#id_amount_1").fill("500")
    submit(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_group_applies_in_its_own_language(page, open_round, language):
    page.goto(f"/rounds/{open_round.slug}/")
    choose_language(page, language)
    check(page, language, "round page")
    click_and_wait(page.get_by_role("button", name=words(language, "Start now")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words(language, "Can you ask for this money?")
    )
    check(page, language, "eligibility")
    for number in (1, 2, 3):
        page.check(f"#id_q{number}_0")
    page.check("#id_q4_1")
    submit(page)
    page.wait_for_url(re.compile(r"/accounts/login/code/\?next="))
    check(page, language, "sign in")
    sign_in_here(page, f"new.{language}@example.com", language)
    page.wait_for_url("**/groups/new/**")
    fill_the_group(page, language)
    fill_the_form(page, language)

    expect(page.get_by_role("heading", level=1)).to_have_text(words(language, "Check your answers"))
    check(page, language, "check your answers")
    submit(page)
    expect(page.locator(".govuk-panel__title")).to_have_text(words(language, "We got your form"))
    check(page, language, "sent")
    app = Application.objects.get(group__name__startswith="Clwb Cinio")
    assert app.state == ApplicationState.SUBMITTED
    assert app.title == "Cinio dydd Mawrth — کھانا 🍲"  # every script kept as typed
    sent = [m for m in mail.outbox if app.reference in m.subject]
    assert sent, "the group is emailed"
    with translation.override(language):
        assert gettext("We got your form: %(reference)s") % {"reference": app.reference} in (
            sent[0].subject
        ), "in the language the person chose"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_resident_reads_and_scores_in_their_own_language(page, funder, language):
    rnd, apps = scoring_round(funder, 2)
    member = active_member(rnd, f"panel.{language}@example.com")
    declare_all(member, apps)
    page.goto("/")
    choose_language(page, language)
    page.goto("/accounts/login/code/")
    sign_in_here(page, member.user.email, language)
    page.goto(f"/panel/{rnd.pk}/")
    check(page, language, "panel home")
    page.goto(f"/panel/{rnd.pk}/applications/{apps[0].pk}/")
    check(page, language, "reading an application")
    for group in page.locator("main fieldset").all():
        group.locator("input[type=radio]").nth(3).check()
    submit(page)
    check(page, language, "after scoring")
    sheet = ScoreSheet.objects.get(member=member, application=apps[0])
    assert sheet.scores.count() == rnd.criteria.count()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_resident_votes_in_their_own_language(page, funder, language):
    rnd, apps, users, vote = voting_round(funder, 3, members=1)
    page.goto("/")
    choose_language(page, language)
    page.goto("/accounts/login/code/")
    sign_in_here(page, users[0].email, language)
    page.goto("/me/")
    check(page, language, "your page")
    click_and_wait(page.locator("a[href*='/vote/']").first)
    expect(page.get_by_role("heading", level=1)).to_have_text(words(language, "Your vote"))
    check(page, language, "ballot")
    submit(page)  # nothing chosen: a clear message, in the language
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, language, "ballot with an error")
    assert not Ballot.objects.filter(vote=vote).exists()
    page.get_by_label(apps[1].title).check()
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(words(language, "Your vote is in"))
    check(page, language, "vote is in")
    assert Ballot.objects.filter(vote=vote).count() == 1
