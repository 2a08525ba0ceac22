"""PDFs from HTML templates, with WeasyPrint. Any app may use these.

    pdf_bytes = render_pdf("awards/offer_letter.html", {"award": award})
    return pdf_response(pdf_bytes, "offer-SB-ABC123.pdf")

Templates extend `pdf/base.html` (Seedbed's look, A4, page numbers in the footer through the
`@page` counters). Every PDF is written as tagged PDF/UA-1 (`write_pdf`): headings, paragraphs,
lists and tables carry their structure, so screen readers can read them, as public bodies need. Nothing is fetched from other sites: images and styles come from the
project's static folders or are inlined, so rendering works offline and cannot be used to make
the server fetch an address someone typed.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

from .downloads import attachment

STATIC = "seedbed-static:"
#: Tagged PDF for accessibility (WeasyPrint's PDF/UA variant: a structure tree, the document's
#: title and language).
PDF_VARIANT = "pdf/ua-1"


def url_fetcher(extra=None):
    """A WeasyPrint URL fetcher that reads this project's static files (`seedbed-static:<path>`)
    and whatever `extra(url)` returns as `(bytes, content_type)`; everything else — the network,
    the rest of the disk — is refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(STATIC):
                path = finders.find(url[len(STATIC) :].lstrip("/"))
                if path:
                    with open(path, "rb") as handle:
                        return URLFetcherResponse(url, handle.read())
            found = extra(url) if extra else None
            if found is not None:
                data, content_type = found
                return URLFetcherResponse(url, data, headers={"Content-Type": content_type})
            raise ValueError(f"Not fetched while making a PDF: {url[:80]}")

    return Fetcher()


def html_of(template_name, context=None) -> str:
    """The HTML a PDF is made from (keep it to make the same PDF again later)."""
    return render_to_string(
        template_name, {"site_name": settings.SEEDBED["SITE_NAME"], **(context or {})}
    )


def document_of_html(html, *, extra=None):
    """The laid-out WeasyPrint document of some HTML made by `html_of`."""
    from weasyprint import HTML

    return HTML(string=html, base_url=STATIC + "/", url_fetcher=url_fetcher(extra)).render()


def document(template_name, context=None, *, extra=None):
    """The laid-out WeasyPrint document of a template (`write_pdf(doc)` for the bytes)."""
    return document_of_html(html_of(template_name, context), extra=extra)


def write_pdf(doc) -> bytes:
    """The bytes of a laid-out document, as tagged PDF/UA (see `PDF_VARIANT`)."""
    return doc.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name, context=None, *, extra=None) -> bytes:
    """Render a template to PDF bytes (tagged PDF/UA)."""
    return write_pdf(document(template_name, context, extra=extra))


def document_text(doc) -> str:
    """The text a reader sees in a laid-out document, pages split by form feeds. Walks
    WeasyPrint's boxes, so it is exactly what goes into the PDF."""

    def walk(box, parts):
        text = getattr(box, "text", None)
        if text:
            parts.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child, parts)

    pages = []
    for page in doc.pages:
        parts = []
        walk(page._page_box, parts)
        pages.append(" ".join(parts))
    return "\n\f".join(pages)


def pdf_text(template_name, context=None, *, extra=None) -> str:
    """The text a reader sees in the rendered PDF, page by page (for tests and checks)."""
    return document_text(document(template_name, context, extra=extra))


def pdf_response(pdf_bytes: bytes, filename: str, *, inline=False) -> HttpResponse:

    return attachment(pdf_bytes, filename or "document.pdf", "application/pdf", inline=inline)
