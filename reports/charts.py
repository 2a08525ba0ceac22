"""Charts drawn on the server as SVG: no JavaScript, the same picture on the page and in the PDF.

Each chart has a <title> and a <desc> (read out by screen readers, with `role="img"`), and the
page shows the same numbers in a table beside it. Colours are set with attributes, not inline
styles, so the content security policy is kept.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.money import pounds

BAR = "#1d5e3a"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 90
ROW = 30


def _short(text, limit=32):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def money(value):
    return pounds(int(value or 0))


def number(value):
    return f"{int(value or 0):,}"


def bar_chart(chart_id, title, description, rows, *, fmt=number):
    """A horizontal bar chart. `rows` is [(label, value)]. Returns a dict with `svg` (safe
    markup), `title`, `description` and `rows` (for the table beside it)."""
    rows = [(str(label), value or 0) for label, value in rows]
    top = max([v for _l, v in rows] + [0])
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(ROW * len(rows) + 10, 40)
    if rows:
        biggest = max(rows, key=lambda r: r[1])
        summary = f" The biggest is {biggest[0]}: {fmt(biggest[1])}."
    else:
        summary = " There is nothing to show yet."
    desc = description + summary
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="seedbed-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif" '
        f'font-size="14">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" stroke="{GRID}" '
        'stroke-width="1"/>',
    ]
    if not rows:
        parts.append(f'<text x="8" y="26" fill="{TEXT}">Nothing to show yet</text>')
    for i, (label, value) in enumerate(rows):
        y = i * ROW + 5
        length = 0 if not top else max(int(bar_space * value / top), 1 if value else 0)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 19}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_short(label))}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW - 10}" '
            f'fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 19}" fill="{TEXT}">'
            f"{escape(fmt(value))}</text>"
        )
    parts.append("</svg>")
    return {
        "id": chart_id,
        "svg": mark_safe("".join(parts)),  # noqa: S308 - every piece of text is escaped above
        "title": title,
        "description": desc,
        "rows": [(label, fmt(value)) for label, value in rows],
    }
