"""Bar charts drawn on the server: no JavaScript, the same chart on the page and in the PDF.

Each bar is a row of real text (the label, whole, wrapping onto a second line when long, and
the figure in words) above a bar. The text is the page's own text, so it is as large as the
page's (at least 16 px on screen, 12 pt in print: set in reports.css and the PDF's styles),
is never cut short or pushed off the edge, and can be found by
search in the PDF. A screen reader hears each chart as one image, named by its title and
described in words (the table beside it reads out every number). The bars are small SVGs;
their lengths are SVG attributes, not inline styles, so the content security policy is kept.
The page also shows the same numbers in a table beside each chart.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.money import pounds

BAR = "#1d5e3a"


def money(value):
    return pounds(int(value or 0))


def number(value):
    return f"{int(value or 0):,}"


def _bar(value, top):
    """A bar as long as `value` is against the biggest (`top`), as a share of the width."""
    share = 0 if not top else max(100 * value / top, 0.5 if value else 0)
    return (
        '<svg class="seedbed-chart__bar" aria-hidden="true" focusable="false" '
        'viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="14">'
        f'<rect x="0" y="0" width="{share:.1f}" height="10" fill="{BAR}"/></svg>'
    )


def bar_chart(chart_id, title, description, rows, *, fmt=number):
    """A bar chart. `rows` is [(label, value)]. Returns a dict with `markup` (safe HTML),
    `title`, `description` and `rows` (for the table beside it)."""
    rows = [(str(label), value or 0) for label, value in rows]
    top = max([v for _l, v in rows] + [0])
    if rows:
        biggest = max(rows, key=lambda r: r[1])
        summary = gettext("The biggest is %(label)s: %(value)s.") % {
            "label": biggest[0],
            "value": fmt(biggest[1]),
        }
    else:
        summary = gettext("There is nothing to show yet.")
    desc = f"{description} {summary}"
    parts = [
        f'<figure class="seedbed-chart" id="{chart_id}" role="img" aria-label="{escape(title)}" '
        f'aria-describedby="{chart_id}-desc">',
        f'<figcaption class="seedbed-chart__desc" id="{chart_id}-desc">{escape(desc)}</figcaption>',
        '<ul class="seedbed-chart__rows">',
    ]
    if not rows:
        parts.append(
            '<li class="seedbed-chart__row">' + escape(gettext("Nothing to show yet")) + "</li>"
        )
    for label, value in rows:
        parts.append(
            '<li class="seedbed-chart__row">'
            f'<span class="seedbed-chart__label">{escape(label)}</span> '
            f'<span class="seedbed-chart__value">{escape(fmt(value))}</span>'
            f"{_bar(value, top)}</li>"
        )
    parts.append("</ul></figure>")
    return {
        "id": chart_id,
        "markup": mark_safe("".join(parts)),  # noqa: S308 - every piece of text is escaped above
        "title": title,
        "description": desc,
        "rows": [(label, fmt(value)) for label, value in rows],
    }
