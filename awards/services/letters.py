"""The offer letter: kept as it was sent, made into a PDF when asked for."""

from core.pdf import document_of_html, document_text, html_of

from .urls import award_url

OFFER_LETTER = "awards/offer_letter.html"


def offer_letter_context(award):
    return {"award": award, "award_url": award_url(award)}


def _offer_letter_document(award):
    """The letter as it was sent: made from the HTML kept when the offer was made, so later
    changes (a new round title, the funder's new name, the group accepting) never rewrite it.
    Offers made before letters were kept are written afresh."""
    html = award.letter_html or html_of(OFFER_LETTER, offer_letter_context(award))
    return document_of_html(html)


def offer_letter_pdf(award) -> bytes:
    return _offer_letter_document(award).write_pdf()


def offer_letter_text(award) -> str:
    return document_text(_offer_letter_document(award))
