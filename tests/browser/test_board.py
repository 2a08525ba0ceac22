"""The board's done-test, in a real browser at phone width: a funder's officer limits the
outcomes dashboard to a financial year, downloads the spreadsheet and the board PDF, and finds
the same figures in all three. The page's chart labels are whole and at least 16 px, and the
page has 0 accessibility violations."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reports.models import Report
from tests.conftest import sign_in_staff_in_browser
from tests.reports.periods_dataset import FY2025, FY2026, build_in_years
from tests.reports.test_outcomes import load_area_data
from tests.support.pages import assert_accessible, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pounds(value):
    return f"£{value:,}"


# label on the page and in the PDF: (this year, the year before), as numbers
FIGURES = {
    "Applications received": (FY2026["received"], FY2025["received"]),
    "Grants awarded": (FY2026["grants"], FY2025["grants"]),
    "Money awarded": (FY2026["awarded"], FY2025["awarded"]),
    "Money paid": (FY2026["paid"], FY2025["paid"]),
    "People reached": (FY2026["people"], FY2025["people"]),
}
MONEY = {"Money awarded", "Money paid"}


def in_words(label, value):
    return pounds(value) if label in MONEY else f"{value:,}"


def downloaded(page, click):
    with page.expect_download() as info:
        click()
    return Path(info.value.path()).read_bytes()


def chart_labels_that_are_too_small_or_cut(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('.seedbed-chart__label')].flatMap(label => {
            const box = label.getBoundingClientRect();
            const size = parseFloat(getComputedStyle(label).fontSize);
            const cut = box.left < 0 || box.right > document.documentElement.clientWidth + 0.5
                || label.scrollWidth > Math.ceil(box.width) + 1;
            return size < 16 || cut ? [[label.textContent, size, box.left, box.right]] : [];
        })"""
    )


def test_a_financial_year_on_the_page_in_the_spreadsheet_and_in_the_board_pdf(
    page, funder, officer
):
    from openpyxl import load_workbook

    build_in_years(funder, officer)
    load_area_data()  # so the wards table and the deprivation charts are on the page too
    sign_in_staff_in_browser(page, officer)
    page.goto("/reports/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes")
    page.get_by_label("Financial year").select_option(label="April 2026 to March 2027")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Financial year 2026 to 2027").first).to_be_visible()
    assert_accessible(page)
    assert chart_labels_that_are_too_small_or_cut(page) == []
    # The wards table sorts without JavaScript, keeping the year chosen.
    page.locator("#wards").get_by_role("link", name="Applications").click()
    expect(page.locator("#wards th[aria-sort]")).to_contain_text("Applications")
    expect(page.get_by_label("Financial year")).to_have_value("2026")
    assert_accessible(page)

    # 1. The page: each figure, and the year before beside it.
    figures = page.locator(".seedbed-figure")
    for label, (now, before) in FIGURES.items():
        figure = figures.filter(has_text=label).first
        expect(figure.locator(".seedbed-figure__value")).to_have_text(in_words(label, now))
        expect(figure).to_contain_text(f"The period before: {in_words(label, before)}")

    # 2. The spreadsheet: the same figures, as numbers.
    book = load_workbook(
        io.BytesIO(
            downloaded(page, page.get_by_role("link", name="All figures and grants (Excel)").click)
        )
    )
    summary = book["Summary"]
    assert [c.value for c in summary[1]][1:] == [
        "Financial year 2026 to 2027", "Financial year 2025 to 2026",
    ]  # fmt: skip
    rows = {row[0]: row[1:] for row in summary.iter_rows(min_row=2, values_only=True)}
    for label, (now, before) in FIGURES.items():
        assert rows[label] == (now, before), label
    grants = list(book["Grants"].iter_rows(values_only=True))
    assert len(grants) - 1 == FY2026["grants"]

    # 3. The board PDF: the filters on every page, the same figures.
    data = downloaded(page, page.get_by_role("button", name="Make a PDF for the board").click)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Financial year 2026 to 2027" in text and "Summary for the board" in text
    for label, (now, before) in FIGURES.items():
        assert f"{label} {in_words(label, now)} {in_words(label, before)}" in text, label
    assert f"{pounds(FY2026['awarded'])} awarded in 1 grant to 1 group" in text

    # Any time: the wellbeing and outcome-measure answers are summarised, accessibly.
    Report.objects.filter(state="accepted").update(
        wellbeing_people=10, wellbeing_life_satisfaction=7, outcome_question="How many felt "
        "less alone?", outcome_value=6,
    )  # fmt: skip
    page.goto("/reports/outcomes/")
    expect(page.locator("#wellbeing")).to_contain_text("Too few reports to give a middle value")
    expect(page.locator("#outcome-measures")).to_contain_text("How many felt less alone?")
    assert_accessible(page)
