"""Charts a board can read: every label whole (never cut short or pushed off the edge), at
least 12 pt in the PDF (16 px), with the numbers in words beside each bar."""

import pytest

from reports.charts import bar_chart
from reports.pdf import _document, outcomes_context

from .dataset import build

pytestmark = pytest.mark.django_db

LONG = "Constituted group (has a set of rules)"
PRINT_LABEL_PX = 16  # 12 pt


def test_a_long_label_is_kept_whole():
    chart = bar_chart("chart-x", "Kinds", "How many.", [(LONG, 3), ("Faith group", 1)])
    markup = str(chart["markup"])
    assert LONG in markup and "…" not in markup
    assert "3" in markup and chart["rows"] == [(LONG, "3"), ("Faith group", "1")]


def test_an_empty_chart_says_so():
    chart = bar_chart("chart-x", "Kinds", "How many.", [])
    assert "Nothing to show yet" in str(chart["markup"])


def _chart_text_boxes(box, in_chart=False, found=None):
    """(text, font size in px) of every piece of text inside a chart in the laid-out PDF."""
    found = [] if found is None else found
    element = getattr(box, "element", None)
    classes = (element.get("class") or "") if element is not None else ""
    in_chart = in_chart or "seedbed-chart" in classes.split()
    text = getattr(box, "text", None)
    if in_chart and text and text.strip():
        found.append((text, box.style["font_size"]))
    for child in getattr(box, "children", []) or []:
        _chart_text_boxes(child, in_chart, found)
    return found


def test_pdf_chart_labels_are_whole_and_at_least_12_points(funder, officer):
    build(funder, officer)
    document = _document(outcomes_context(funder, {}))
    boxes = [b for page in document.pages for b in _chart_text_boxes(page._page_box)]
    text = " ".join(t for t, _size in boxes)
    for label in ["Informal group (not registered)", LONG, "Registered charity", "Food"]:
        assert label in " ".join(text.split()), label
    small = [(t, size) for t, size in boxes if size < PRINT_LABEL_PX]
    assert not small, small
