"""The board-ready outcomes PDF (WeasyPrint): a cover, headline figures, the dashboard's charts
(the same SVGs), a page of stories from reports (only where the group agreed) and a table of
grants.

Nothing is fetched from other sites. Besides the project's static files, the only images are
report photos named `seedbed-photo:<id>`, and only the photos of the stories in this PDF.
"""

import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from core import pdf

from .forms import KIND_CHOICES
from .outcomes import GRANT_COLUMNS, grant_rows, grants_table, headline_rows, outcomes, stories

PHOTO = "seedbed-photo:"


def _photos(allowed_photos):
    """Report photos named `seedbed-photo:<id>`, only those of the stories in this PDF."""

    def fetch(url):
        if url.startswith(PHOTO):
            photo = allowed_photos.get(url[len(PHOTO) :])
            if photo is not None:
                with default_storage.open(photo.image.name, "rb") as handle:
                    return handle.read(), "image/jpeg"
        return None

    return fetch


def filter_words(funder, filters, rnd=None):
    """The filters the figures were worked out with, in words for the cover: [(what, which)]."""
    filters = filters or {}
    if rnd is None and filters.get("round"):
        rnd = funder.rounds.filter(pk=filters["round"]).first()
    kinds = dict(KIND_CHOICES)
    return [
        ("Round", rnd.title if rnd is not None else "All rounds"),
        ("Groups", kinds.get(filters.get("kind") or "", filters.get("kind"))),
        ("Area", filters.get("area") or "All areas"),
    ]


def outcomes_context(funder, filters, *, rnd=None, today=None):
    result = outcomes(funder, filters, today=today)
    chosen = stories(funder, filters)
    awards = list(grants_table(funder, filters))
    rows = list(grant_rows(awards))
    index = {name: i for i, name in enumerate(GRANT_COLUMNS)}
    columns = ["Group", "Kind of group", "Area", "Awarded (£)", "Paid (£)", "End report"]
    table = [[row[index[c]] for c in columns] for row in rows]
    return {
        "site_name": settings.SEEDBED["SITE_NAME"],
        "funder": funder,
        "round": rnd,
        "filter_words": filter_words(funder, filters, rnd),
        "result": result,
        "headline_rows": headline_rows(result.headline),
        "stories": chosen,
        "grant_columns": columns,
        "grant_rows": table,
        "made_on": timezone.localdate(),
    }


def _document(context):
    photos = {
        str(photo.pk): photo for story in context["stories"] for photo in story.photos.all()[:1]
    }
    return pdf.document("reports/pdf_outcomes.html", context, extra=_photos(photos))


def render_outcomes_pdf(funder, filters=None, *, rnd=None, progress=None) -> bytes:
    """Make the PDF. `progress(percent, words)` is called as it goes (for the status page)."""

    def tell(percent, words):
        if progress:
            progress(percent, words)

    tell(10, "Adding up the figures")
    context = outcomes_context(funder, filters or {}, rnd=rnd)
    tell(40, "Laying out the pages")
    document = _document(context)
    tell(80, "Writing the file")
    return pdf.write_pdf(document)


def outcomes_pdf_text(funder, filters=None, *, rnd=None) -> str:
    """The text a reader sees in the PDF, page by page (pages split by form feeds)."""
    return pdf.document_text(_document(outcomes_context(funder, filters or {}, rnd=rnd)))


def timed_render(funder, filters=None):
    started = time.perf_counter()
    data = render_outcomes_pdf(funder, filters)
    return data, time.perf_counter() - started
