"""The board-ready outcomes PDF (WeasyPrint): a cover, headline figures, the dashboard's charts
(the same SVGs), a page of stories from reports (only where the group agreed) and a table of
grants.

Nothing is fetched from other sites. Besides the project's static files, the only images are
report photos named `seedbed-photo:<id>`, and only the photos of the stories in this PDF.
"""

import time

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from .outcomes import GRANT_COLUMNS, grant_rows, grants_table, headline_rows, outcomes, stories

STATIC = "seedbed-static:"
PHOTO = "seedbed-photo:"


def _fetcher(allowed_photos):
    """A WeasyPrint URL fetcher that only reads this project's static files and the listed
    photos; everything else (the network, the rest of the disk) is refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(STATIC):
                path = finders.find(url[len(STATIC) :].lstrip("/"))
                if path:
                    with open(path, "rb") as handle:
                        return URLFetcherResponse(url, handle.read())
            if url.startswith(PHOTO):
                photo = allowed_photos.get(url[len(PHOTO) :])
                if photo is not None:
                    with default_storage.open(photo.image.name, "rb") as handle:
                        return URLFetcherResponse(
                            url, handle.read(), headers={"Content-Type": "image/jpeg"}
                        )
            raise ValueError(f"Not fetched while making a PDF: {url[:80]}")

    return Fetcher()


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
        "result": result,
        "headline_rows": headline_rows(result.headline),
        "stories": chosen,
        "grant_columns": columns,
        "grant_rows": table,
        "made_on": timezone.localdate(),
    }


def _document(context):
    from weasyprint import HTML

    photos = {
        str(photo.pk): photo for story in context["stories"] for photo in story.photos.all()[:1]
    }
    html = render_to_string("reports/pdf_outcomes.html", context)
    return HTML(string=html, base_url=STATIC + "/", url_fetcher=_fetcher(photos)).render()


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
    return document.write_pdf()


def outcomes_pdf_text(funder, filters=None, *, rnd=None) -> str:
    """The text a reader sees in the PDF, page by page (pages split by form feeds)."""
    document = _document(outcomes_context(funder, filters or {}, rnd=rnd))
    pages = []
    for page in document.pages:
        parts = []

        def walk(box, parts=parts):
            text = getattr(box, "text", None)
            if text:
                parts.append(text)
            for child in getattr(box, "children", []) or []:
                walk(child)

        walk(page._page_box)
        pages.append(" ".join(parts))
    return "\n\f".join(pages)


def timed_render(funder, filters=None):
    started = time.perf_counter()
    data = render_outcomes_pdf(funder, filters)
    return data, time.perf_counter() - started
