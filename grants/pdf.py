"""PDFs from HTML templates, with WeasyPrint. Any app may use these.

    pdf_bytes = render_pdf("pdf/offer_letter.html", {"award": award})
    return pdf_response(pdf_bytes, "offer-SB-ABC123.pdf")

Templates extend `pdf/base.html` (Seedbed's look, A4, page numbers in the footer through the
`@page` counters). Nothing is fetched from other sites: images and styles come from the
project's static folders or are inlined, so rendering works offline and cannot be used to make
the server fetch an address someone typed.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _url_fetcher(url, *args, **kwargs):
    """Only static files of this project; never the network or the rest of the disk."""
    from weasyprint import default_url_fetcher

    prefix = "seedbed-static:"
    if url.startswith(prefix):
        path = finders.find(url[len(prefix) :].lstrip("/"))
        if path:
            return default_url_fetcher("file://" + str(path))
    raise ValueError(f"Not fetched while making a PDF: {url[:80]}")


def _document(template_name, context):
    from weasyprint import HTML

    html = render_to_string(
        template_name, {"site_name": settings.SEEDBED["SITE_NAME"], **(context or {})}
    )
    return HTML(string=html, base_url="seedbed-static:/", url_fetcher=_url_fetcher).render()


def render_pdf(template_name, context=None) -> bytes:
    """Render a template to PDF bytes."""
    return _document(template_name, context).write_pdf()


def pdf_text(template_name, context=None) -> str:
    """The text a reader sees in the rendered PDF, page by page (for tests and checks).

    Walks WeasyPrint's laid-out boxes, so it is exactly what goes into the PDF, without needing
    a PDF reader."""

    def walk(box, parts):
        text = getattr(box, "text", None)
        if text:
            parts.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child, parts)

    pages = []
    for page in _document(template_name, context).pages:
        parts = []
        walk(page._page_box, parts)
        pages.append(" ".join(parts))
    return "\n\f".join(pages)


def pdf_response(pdf_bytes: bytes, filename: str, *, inline=False) -> HttpResponse:
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    safe_name = "".join(c for c in filename if c.isalnum() or c in "-_.") or "document.pdf"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response["Cache-Control"] = "private, no-store"
    return response
