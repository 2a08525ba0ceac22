"""The offer and change letters are written in the group's language: the one its application
is written in, when Seedbed speaks it — whoever makes the offer, in whatever language their
own pages are."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import gettext

from awards.services import offers as award_service
from awards.services.letters import offer_letter_text
from tests.grants.test_awards import awarded_application

pytestmark = pytest.mark.django_db


def offer_in(language, rnd, group, applicant, officer):
    app = awarded_application(rnd, group, applicant, officer)
    type(app).objects.filter(pk=app.pk).update(language=language)
    app.refresh_from_db()
    with translation.override("en-gb"):  # the officer reads English
        return award_service.offer_make(
            app, amount=750, by=officer, start_date=date(2027, 4, 1), end_date=date(2028, 3, 31)
        )


def heading(language):
    with translation.override(language):
        return gettext("Your grant offer")


@pytest.mark.parametrize(
    ("written_in", "letter_in"), [("cy", "cy"), ("ur", "ur"), ("en", "en-gb"), ("bn", "en-gb")]
)
def test_the_offer_letter_is_in_the_groups_language(
    open_round, group_a, applicant, officer, written_in, letter_in
):
    award = offer_in(written_in, open_round, group_a, applicant, officer)
    assert heading("cy") != heading("en-gb") != heading("ur")
    text = offer_letter_text(award)
    assert heading(letter_in) in text
    lang = "en-GB" if letter_in == "en-gb" else letter_in
    assert f'<html lang="{lang}"' in award.letter_html
    if letter_in == "ur":
        assert 'dir="rtl"' in award.letter_html
    # Kept as sent: reading it later in another language does not rewrite it.
    with translation.override("cy" if letter_in != "cy" else "ur"):
        assert offer_letter_text(award) == text
