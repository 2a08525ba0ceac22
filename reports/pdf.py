"""The board-ready outcomes PDF (WeasyPrint): a cover stating the filters, a one-page summary
(the five figures a board asks for, in words as well as numbers), the headline figures beside
the period before, money against plan, the dashboard's charts, stories from reports (only
where the group agreed, each photo with its caption) and a table of grants. The filters are
stated at the top of every page.

Nothing is fetched from other sites. Besides the project's static files, the only images are
report photos named `seedbed-photo:<id>`, and only the photos of the stories in this PDF.
"""

import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_noop

from core import pdf

from .outcomes import outcomes
from .summary import (
    PLAN_COLUMNS,
    WARDS_BY_DEFAULT,
    board_summary,
    filter_line,
    filter_words,
    headline_rows,
    plan_rows,
    sorted_rows,
)
from .tables import (
    GRANT_COLUMN_KEYS,
    MONEY_COLUMNS,
    grant_headings,
    grant_rows,
    grants_table,
    stories,
)

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


def outcomes_context(funder, filters, *, rnd=None, today=None):
    result = outcomes(funder, filters, today=today)
    words = filter_words(funder, filters, result)
    chosen = stories(funder, filters)
    awards = list(grants_table(funder, filters))
    rows = list(grant_rows(awards))
    index = {key: i for i, key in enumerate(GRANT_COLUMN_KEYS)}
    keys = ["group", "kind", "area", "awarded", "paid", "end_report"]
    # (heading, whether the column holds numbers, set to the right)
    columns = list(zip(grant_headings(keys), [key in MONEY_COLUMNS for key in keys], strict=True))
    table = [[row[index[key]] for key in keys] for row in rows]
    return {
        "site_name": settings.SEEDBED["SITE_NAME"],
        "funder": funder,
        "round": rnd,
        "filter_words": words,
        "filter_line": filter_line(words),
        "result": result,
        "board_summary": board_summary(result),
        "headline_rows": headline_rows(result.headline, result.previous),
        "plan_columns": [label for label, _key in PLAN_COLUMNS],
        "plan_rows": plan_rows(result),
        "ward_rows": sorted_rows(result.wards, WARDS_BY_DEFAULT)[1],
        "authority_rows": sorted_rows(result.authorities, WARDS_BY_DEFAULT)[1],
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

    # The steps are kept in English on the job; the status page shows them translated.
    tell(10, gettext_noop("Adding up the figures"))
    context = outcomes_context(funder, filters or {}, rnd=rnd)
    tell(40, gettext_noop("Laying out the pages"))
    document = _document(context)
    tell(80, gettext_noop("Writing the file"))
    return pdf.write_pdf(document)


def outcomes_pdf_text(funder, filters=None, *, rnd=None) -> str:
    """The text a reader sees in the PDF, page by page (pages split by form feeds)."""
    return pdf.document_text(_document(outcomes_context(funder, filters or {}, rnd=rnd)))


def timed_render(funder, filters=None):
    started = time.perf_counter()
    data = render_outcomes_pdf(funder, filters)
    return data, time.perf_counter() - started
