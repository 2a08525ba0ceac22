"""One way to send a file a person downloads or opens: `attachment(...)`.

Every file Seedbed sends may hold personal data (finance CSVs with who is paid, 360Giving
files, exports, recordings, photos, PDFs), so every one is sent with

- `Cache-Control: private, no-store`: no browser, proxy or shared computer keeps a copy;
- `X-Content-Type-Options: nosniff`: the browser takes the type it is given;
- a `Content-Disposition` with a plain, safe file name (`attachment`, or `inline` for photos,
  recordings and PDFs shown in the page).

`content` is bytes or text (sent as is) or an open binary file (streamed, and closed after).
"""

from django.http import FileResponse, HttpResponse
from django.utils.functional import Promise

NO_STORE = "private, no-store"


def safe_filename(filename, default="download"):
    return "".join(c for c in str(filename) if c.isalnum() or c in "-_.") or default


def no_store(response):
    """Mark any response (a JSON answer, a page) as never to be kept."""
    response["Cache-Control"] = NO_STORE
    return response


def attachment(content, filename, content_type, *, inline=False):
    if isinstance(content, (bytes, str)):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_filename(filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


# What makes a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value for a spreadsheet cell: text that a spreadsheet would read as a formula gets a
    leading apostrophe; numbers, dates and other values are left as they are. Words waiting
    to be translated (a choice's label) become text in the language of the page."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_text_cell(value):
    """`safe_cell` for a file of text only (CSV): None becomes "" and everything else text."""
    return safe_cell("" if value is None else str(value))
