"""Choosing a language: the header's links, for anyone (a cookie) and for someone signed in (kept
on their account, so the next sign-in anywhere is in their language); the browser's own language
on a first visit; and nothing else changes a thing."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from grants.models import User
from tests.conftest import code_from_outbox, make_user

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def _english_after():
    """A request in Welsh leaves Welsh active in this thread (Django sets the language at the
    start of each request, never back after): later tests start in English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def html_tag(response):
    return re.search(r"<html\b[^>]*>", response.content.decode()).group(0)


def choose(client, code, next_url="/about/"):
    return client.get(reverse("choose_language", args=[code]), {"next": next_url})


def test_english_by_default_with_a_link_to_each_other_language_named_in_itself(client):
    response = client.get(reverse("home"))
    assert html_tag(response) == '<html lang="en-GB" dir="ltr" class="govuk-template">'
    assert response["Content-Language"] == "en-gb"
    page = response.content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert 'lang="cy" hreflang="cy" href="/language/cy/?next=/"' in header
    assert ">Cymraeg</a>" in header and ">اردو</a>" in header
    assert ">English</a>" not in header  # the page is in English already


def test_choosing_a_language_anonymously_sets_the_cookie_and_goes_back(client):
    response = choose(client, "cy", "/about/")
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "cy"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get("/about/")
    assert html_tag(page).startswith('<html lang="cy" dir="ltr"')
    header = page.content.decode().split("</header>")[0]
    assert 'lang="en-GB" hreflang="en-GB" href="/language/en-gb/?next=/about/"' in header
    assert ">English</a>" in header and ">Cymraeg</a>" not in header


def test_urdu_reads_right_to_left(client):
    choose(client, "ur")
    response = client.get(reverse("home"))
    assert html_tag(response).startswith('<html lang="ur" dir="rtl"')
    assert ">سائن ان</a>" in response.content.decode()  # "Sign in"


def test_choosing_a_language_signed_in_keeps_it_for_the_next_sign_in_anywhere(
    client_for, applicant
):
    phone = client_for(applicant)
    assert choose(phone, "ur", "/me/")["Location"] == "/me/"
    applicant.refresh_from_db()
    assert applicant.language == "ur"
    # Another browser, no cookie, a browser set to English: the account wins.
    laptop = Client(headers={"accept-language": "en-GB,en;q=0.9"})
    laptop.force_login(applicant)
    response = laptop.get(reverse("my_home"))
    assert html_tag(response).startswith('<html lang="ur" dir="rtl"')
    # ... and the browser's cookie now agrees, so it stays in Urdu after signing out.
    assert response.cookies[COOKIE].value == "ur"


def test_the_account_beats_the_cookie(client_for, applicant):
    User.objects.filter(pk=applicant.pk).update(language="cy")
    browser = client_for(applicant)
    browser.cookies[COOKIE] = "ur"
    assert html_tag(browser.get(reverse("my_home"))).startswith('<html lang="cy"')


def test_a_language_chosen_before_signing_in_is_kept_on_the_account(client):
    make_user("nia@example.com", "Nia")
    choose(client, "cy")
    mail.outbox = []
    client.post(reverse("account_request_login_code"), {"email": "nia@example.com"})
    client.post(
        reverse("account_confirm_login_code"), {"code": code_from_outbox("nia@example.com")}
    )
    assert User.objects.get(email="nia@example.com").language == "cy"


def test_signing_in_does_not_replace_a_language_already_chosen(client):
    make_user("nia@example.com", "Nia", language="ur")
    choose(client, "cy")
    mail.outbox = []
    client.post(reverse("account_request_login_code"), {"email": "nia@example.com"})
    client.post(
        reverse("account_confirm_login_code"), {"code": code_from_outbox("nia@example.com")}
    )
    assert User.objects.get(email="nia@example.com").language == "ur"
    assert html_tag(client.get(reverse("my_home"))).startswith('<html lang="ur"')


@pytest.mark.parametrize(
    "hostile",
    ["https://evil.example/", "//evil.example/x", "http://testserver.evil.example/", "", "/\\evil"],
)
def test_a_next_that_leaves_the_site_goes_home(client, hostile):
    response = choose(client, "cy", hostile)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert response.cookies[COOKIE].value == "cy"


def test_the_browsers_language_on_a_first_visit(db):
    welsh = Client(headers={"accept-language": "cy-GB,cy;q=0.9,en;q=0.5"})
    response = welsh.get(reverse("home"))
    assert html_tag(response).startswith('<html lang="cy" dir="ltr"')
    assert response["Content-Language"] == "cy"
    assert ">Mewngofnodi</a>" in response.content.decode()  # "Sign in"


def test_a_language_seedbed_does_not_have_falls_back_to_english(db):
    french = Client(headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert html_tag(french.get(reverse("home"))).startswith('<html lang="en-GB"')


@pytest.mark.parametrize("code", ["fr", "xx", "EN-GB", "cy-gb"])
def test_an_unknown_language_is_not_found_and_changes_nothing(client_for, applicant, code):
    User.objects.filter(pk=applicant.pk).update(language="cy")
    browser = client_for(applicant)
    browser.cookies[COOKIE] = "cy"
    response = choose(browser, code, "/me/")
    assert response.status_code == 404
    assert COOKIE not in response.cookies
    applicant.refresh_from_db()
    assert applicant.language == "cy"


def test_a_language_no_longer_offered_is_ignored(client_for, applicant):
    User.objects.filter(pk=applicant.pk).update(language="fr")
    response = client_for(applicant).get(reverse("my_home"))
    assert html_tag(response).startswith('<html lang="en-GB"')
    assert COOKIE not in response.cookies


def test_only_a_get_chooses(client_for, applicant):
    response = client_for(applicant).post(reverse("choose_language", args=["cy"]))
    assert response.status_code == 405
    applicant.refresh_from_db()
    assert applicant.language == ""


# --------------------------------------------------------------------------------------------
# Core's own words, in Welsh and Urdu
# --------------------------------------------------------------------------------------------
def test_the_layout_and_the_not_found_page_in_welsh(db):
    response = Client(headers={"accept-language": "cy"}).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert unescape(" ".join(title.split())) == "Heb ddod o hyd i'r dudalen – Seedbed"
    assert "Neidio i'r prif gynnwys" in unescape(page)  # "Skip to main content"


def test_form_messages_follow_the_page_language():
    from django import forms as django_forms
    from django.utils.translation import gettext_lazy

    from core.forms import CONTROL_MESSAGE, PlainForm, plain_text_field, pounds_field

    class Form(PlainForm):
        # Made once, at import, in English: read in the language of the page.
        name = plain_text_field(gettext_lazy("Your name"), max_length=5)
        amount = pounds_field("Amount")

    assert isinstance(Form.base_fields["name"], django_forms.CharField)
    with translation.override("cy"):
        errors = Form({"name": "", "amount": "12.50"}).errors
        assert errors["name"] == ["Rhowch your name"]
        assert errors["amount"] == ["Rhowch amount mewn punnoedd cyfan, fel 5000"]
        assert Form({"name": "abcdefg", "amount": "1"}).errors["name"] == [
            "Your name: dim mwy na 5 nod (mae 7 ynddo)"
        ]
        assert str(CONTROL_MESSAGE).startswith("Tynnwch y nodau rheoli cudd")
    with translation.override("ur"):
        assert Form({"name": "", "amount": "1"}).errors["name"] == ["your name درج کریں"]
    with translation.override("en-gb"):
        errors = Form({"name": "abcdefg", "amount": "-4"}).errors
        assert errors["name"] == ["Your name must be 5 characters or fewer (it has 7)"]
        assert errors["amount"] == ["Amount must be £0 or more"]
        assert str(CONTROL_MESSAGE) == CONTROL_MESSAGE


def test_the_scripts_words_are_on_the_page_only_when_not_english():
    from core.templatetags.seedbed import script_words

    with translation.override("en-gb"):
        assert script_words("autosave", "word_count", "layout") == ""
    with translation.override("cy"):
        welsh = script_words("autosave", "word_count", "layout")
    assert ' data-words-sort-by="Trefnu yn ôl:"' in welsh
    assert ' data-words-saved-at="Wedi&#x27;i gadw am {time}"' in welsh
    assert ' data-words-left-other="Mae gennych {n} gair ar ôl"' in welsh
    with translation.override("ur"):
        urdu = script_words("word_count")
    assert ' data-words-left-one="آپ کے پاس {n} لفظ باقی ہے"' in urdu
    assert ' data-words-left-other="آپ کے پاس {n} الفاظ باقی ہیں"' in urdu


def test_the_pdf_footer_counts_pages_in_the_language():
    from core.templatetags.seedbed import pdf_page_numbers

    with translation.override("en-gb"):
        assert pdf_page_numbers() == '"Page " counter(page) " of " counter(pages)'
    with translation.override("cy"):
        assert pdf_page_numbers() == '"Tudalen " counter(page) " o " counter(pages)'
