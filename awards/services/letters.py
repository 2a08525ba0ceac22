"""Letters to the group: the offer letter, and a change letter for each agreed change. Each is
kept as it was made (its HTML) and made into a tagged PDF when asked for, so a letter always
shows the terms of its day.

Every letter says how and when the money arrives, when reports are due, whom to contact (a
named person and phone number, when the funder has given them) and the funder's standard terms
(its own, or Seedbed's short ones). Links are built from `SEEDBED_BASE_URL`."""

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.languages import spoken_for
from core.pdf import document_of_html, document_text, html_of, write_pdf

from ..models import PaymentState, long_date
from .tiers import report_due_dates
from .urls import award_url

OFFER_LETTER = "awards/offer_letter.html"
CHANGE_LETTER = "awards/change_letter.html"


def payment_plan(award):
    """How the money arrives: [(pounds, words)], from the award's payments (sent and planned)
    and, for what is not planned yet, the offer's plan (one payment once accepted, or two
    halves when `second_payment_on` is set)."""
    after_accepting = gettext("after you accept, once we have checked your bank details")
    rows = []
    planned = 0
    for payment in award.payments.exclude(state=PaymentState.CANCELLED).order_by("pk"):
        planned += payment.amount
        if payment.state == PaymentState.MADE:
            rows.append((payment.amount, _on(gettext("sent on %(date)s"), payment.paid_on)))
        elif payment.due_on:
            rows.append((payment.amount, _on(gettext("to be sent on %(date)s"), payment.due_on)))
        else:
            rows.append((payment.amount, gettext("to be sent soon")))
    left = award.amount - planned
    if left <= 0:
        return rows
    if not rows and award.second_payment_on:
        first = left // 2
        return [
            (first, after_accepting),
            (left - first, _on(gettext("on %(date)s"), award.second_payment_on)),
        ]
    when = after_accepting if not rows else None
    if when is None and award.second_payment_on:
        when = _on(gettext("on %(date)s"), award.second_payment_on)
    return rows + [(left, when or gettext("we will email you before we send it"))]


def _on(words, day):
    return words % {"date": long_date(day)}


REPORT_WORDS = {
    "mid_point": (_("A short report half way through"), _("half way through your project")),
    "final": (_("Your end report"), _("a month after your project ends")),
}


def report_dates(award):
    """The reports the group sends, with their due dates: [(what, date or None, words)], by
    the rule the reporting app schedules them with (`tiers.report_due_dates`)."""
    due = report_due_dates(award.reporting_tier or {}, award.start_date, award.end_date)
    return [(REPORT_WORDS[kind][0], date, REPORT_WORDS[kind][1]) for kind, date in due]


def terms_paragraphs(funder):
    """The funder's own standard terms, one paragraph per blank line ([] when it has none:
    the letter then gives Seedbed's short standard terms)."""
    text = (funder.standard_terms or "").replace("\r\n", "\n").strip()
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def _letter_context(award):
    return {
        "award": award,
        "funder": award.funder,
        "award_url": award_url(award),
        "payments": payment_plan(award),
        "reports": report_dates(award),
        "terms": terms_paragraphs(award.funder),
    }


def offer_letter_context(award):
    return _letter_context(award)


def change_letter_context(award, variation):
    return {**_letter_context(award), "variation": variation}


def letter_language(award):
    """The language the group's letters are written in: the one its application is written
    in, when Seedbed speaks it (Welsh, Urdu); else the site's (an application in Bengali gets
    its letter in English)."""
    return spoken_for(award.application.language)


def offer_letter_html(award):
    """The offer letter's HTML, in the group's language."""
    with translation.override(letter_language(award)):
        return html_of(OFFER_LETTER, offer_letter_context(award)).strip()


def change_letter_html(variation):
    """A change letter's HTML, in the group's language."""
    with translation.override(letter_language(variation.award)):
        return html_of(CHANGE_LETTER, change_letter_context(variation.award, variation)).strip()


def _offer_letter_document(award):
    """The letter as it was sent: made from the HTML kept when the offer was made, so later
    changes (a new round title, the funder's new name, the group accepting) never rewrite it.
    Offers made before letters were kept are written afresh."""
    return document_of_html(award.letter_html or offer_letter_html(award))


def offer_letter_pdf(award) -> bytes:
    return write_pdf(_offer_letter_document(award))


def offer_letter_text(award) -> str:
    return document_text(_offer_letter_document(award))


def _change_letter_document(variation):
    return document_of_html(variation.letter_html or change_letter_html(variation))


def change_letter_pdf(variation) -> bytes:
    """The letter confirming an agreed change, as it was made when the change was agreed."""
    return write_pdf(_change_letter_document(variation))


def change_letter_text(variation) -> str:
    return document_text(_change_letter_document(variation))
