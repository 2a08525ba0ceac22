"""Periods and comparisons: every figure limited to a financial year, a range of dates or
several rounds, with the period before beside it; money against plan per round; the filter
form's bad input; the same number of queries for ten times the data."""

import io
from datetime import date

import pytest
from django.urls import reverse

from reports.outcomes import outcomes
from reports.periods import Period, financial_year, financial_year_of
from tests.support.pages import count_queries

from .periods_dataset import FY2025, FY2026, PLAN, build_in_years
from .test_outcomes import load_area_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(funder, officer):
    return build_in_years(funder, officer)


def subset(figures, expected):
    return {k: figures[k] for k in expected}


def test_financial_years_run_from_april_to_march():
    assert financial_year(2026) == Period(date(2026, 4, 1), date(2027, 3, 31), 2026)
    assert financial_year_of(date(2027, 3, 31)) == 2026
    assert financial_year_of(date(2027, 4, 1)) == 2027
    assert financial_year(2026).previous() == financial_year(2025)
    # A range compares with the same number of days just before it.
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    assert march.previous() == Period(date(2026, 1, 29), date(2026, 2, 28))


def test_a_financial_year_with_the_year_before_beside_it(funder, data):
    result = outcomes(funder, {"year": 2026})
    assert subset(result.headline, FY2026) == FY2026
    assert result.previous_period == financial_year(2025)
    assert subset(result.previous, FY2025) == FY2025
    # The lunch club's £400 was paid in 2026 although its round was in 2025: round one is
    # listed for its money paid, with no applications in the period.
    rows = {row["round"].title: row for row in result.by_round}
    assert (rows["Round one"]["received"], rows["Round one"]["paid"]) == (0, 400)
    assert (rows["Round two"]["awarded"], rows["Round two"]["reports_overdue"]) == (5000, 1)


def test_a_range_of_dates_and_several_rounds(funder, data):
    r1, r2 = data["rounds"]
    june = outcomes(funder, {"start": "2025-06-01", "end": "2025-06-30"})
    assert subset(june.headline, {**FY2025, "people": 0}) == {**FY2025, "people": 0}
    assert june.previous_period == Period(date(2025, 5, 2), date(2025, 5, 31))
    assert june.previous["received"] == 0 and june.previous["awarded"] == 0
    both = outcomes(funder, {"rounds": [r1.pk, r2.pk], "year": 2025}).headline
    assert subset(both, FY2025) == FY2025
    assert outcomes(funder, {"rounds": [r2.pk], "year": 2025}).headline["received"] == 0
    # No period: everything, and nothing to compare with.
    every = outcomes(funder)
    assert every.headline["awarded"] == 7300 and every.previous is None


def test_money_against_plan_for_whole_rounds(funder, data):
    for filters in ({}, {"year": 2026}):
        result = outcomes(funder, filters)
        plan = {row["round"].title: row for row in result.plan}
        for title, figures in PLAN.items():
            assert subset(plan[title], figures) == figures
        assert result.plan_total["budget"] == 20000 and result.plan_total["left"] == 10700


def test_the_dashboard_for_a_financial_year(client_for, funder_viewer, funder, data):
    response = client_for(funder_viewer).get(reverse("outcomes"), {"year": "2026"})
    html = response.content.decode()
    assert "Financial year 2026 to 2027" in html
    assert "Compared with" in html and "Financial year 2025 to 2026" in html
    assert "The period before: £2,300" in html  # money awarded the year before
    assert 'id="money-against-plan"' in html and "£5,700" in html  # round one's budget left
    assert '<option value="2026" selected>April 2026 to March 2027</option>' in html
    # The board PDF is asked for with the same filters.
    assert '<input type="hidden" name="year" value="2026">' in html


def test_the_dashboard_with_several_rounds_ticked(client_for, officer, funder, data):
    r1, r2 = data["rounds"]
    c = client_for(officer)
    html = c.get(reverse("outcomes") + f"?round={r1.pk}&round={r2.pk}").content.decode()
    assert "Round one" in html and "Round two" in html and "£7,300" in html
    assert "All rounds" not in html
    assert html.count("checked") >= 2


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"year": "2026", "start": "2026-05-01", "end": "2026-06-01"}, "year",
         "Choose a financial year or dates, not both."),
        ({"start": "2026-05-01"}, "end", "Enter the last day of the period too."),
        ({"end": "2026-05-01"}, "start", "Enter the first day of the period too."),
        ({"start": "2026-06-01", "end": "2026-05-01"}, "end",
         "The last day must be on or after the first day."),
        ({"start": "31/02/2026", "end": "2026-05-01"}, "start", "as a real date"),
        ({"start": "x" * 5000, "end": "2026-05-01"}, "start", "as a real date"),
        ({"start": "0001-01-01", "end": "2026-05-01"}, "start", "Enter a date from 2000"),
        ({"year": "not a year"}, "year", "Select a valid choice"),
        ({"year": "1999"}, "year", "Select a valid choice"),
        ({"round": "<script>alert(1)</script>"}, "round", "Choose rounds from the list."),
    ],
)  # fmt: skip
def test_bad_filters_are_pointed_out_and_nothing_is_hidden(
    client_for, officer, funder, data, query, field, message
):
    response = client_for(officer).get(reverse("outcomes"), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html and message in html
    assert "There is a problem" in html
    assert "<script>alert(1)</script>" not in html
    assert "£7,300" in html  # the figures for every period are still shown


def test_the_dashboard_for_a_year_uses_the_same_number_of_queries_for_ten_times_the_data(
    client_for, funder_viewer, funder, officer
):
    build_in_years(funder, officer)
    load_area_data()
    c = client_for(funder_viewer)
    url = reverse("outcomes") + "?year=2026"
    c.get(url)
    with count_queries() as once:
        c.get(url)
    for copy in range(1, 10):
        build_in_years(funder, officer, copy=copy)
    with count_queries() as ten_times:
        response = c.get(url)
    assert "£50,000" in response.content.decode()
    assert len(once) == len(ten_times), [q["sql"][:120] for q in ten_times.captured_queries]
    assert len(once) <= 44  # with the fairness funnel's three and spending's one


def test_the_spreadsheet_for_a_year_has_typed_cells_and_the_year_before(
    client_for, funder_viewer, funder, data
):
    from openpyxl import load_workbook

    response = client_for(funder_viewer).get(reverse("outcomes_xlsx"), {"year": "2026"})
    book = load_workbook(io.BytesIO(response.content))
    summary = book["Summary"]
    assert [c.value for c in summary[1]] == [
        "Figure", "Financial year 2026 to 2027", "Financial year 2025 to 2026",
    ]  # fmt: skip
    rows = {row[0].value: row for row in summary.iter_rows(min_row=2)}
    awarded = rows["Money awarded"]
    assert (awarded[1].value, awarded[2].value) == (5000, 2300)
    assert "£" in awarded[1].number_format
    assert rows["Success rate"][1].value == 0.5 and rows["Success rate"][1].number_format == "0%"
    assert rows["Applications received"][2].value == 4
    plan = {row[0]: row[1:] for row in book["Money against plan"].iter_rows(values_only=True)}
    assert plan["Round one"] == (10000, 2000, 2300, 1900, 0, 5700)
    assert plan["All these rounds"][0] == 20000
    filters = dict(book["Filters"].iter_rows(min_row=2, values_only=True))
    assert filters["Period"] == "Financial year 2026 to 2027"
    grants = list(book["Grants"].iter_rows(values_only=True))
    assert len(grants) == 1 + 1  # the one grant accepted in the year
    header = grants[0]
    assert all(header) and header[-3:] == ("Award date", "Starts", "Ends")
    award_date = grants[1][header.index("Award date")]
    assert award_date.date() == date(2026, 9, 1)
    assert grants[1][header.index("End report")] == "Overdue"


def test_core20_shares_for_a_year_and_the_year_before(funder, data):
    load_area_data()
    result = outcomes(funder, {"year": 2026})
    # 2026: the fridge (decile 7) and the lunch club's ineligible application (decile 1).
    assert result.headline["core20_share_of_applications"] == 50
    assert result.headline["core20_share_of_money"] == 0
    # 2025: lunch club and walkers (deciles 1, 2) of four; £2,300 of £2,300 awarded.
    assert result.previous["core20_share_of_applications"] == 50
    assert result.previous["core20_share_of_money"] == 100
