"""The outcomes dashboard: figures checked against numbers worked out by hand, filters,
charts with a title, a description and a table, downloads, who may see it, and the same
number of queries for 10× the data."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from grants.models import Group
from reports.outcomes import outcomes
from tests.support.pages import count_queries

from .dataset import (
    BY_HAND,
    BY_HAND_DECILES,
    BY_HAND_EASTSIDE,
    BY_HAND_ROUND_1,
    BY_HAND_UNREGISTERED,
    build,
)

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "area"


@pytest.fixture
def data(funder, officer):
    return build(funder, officer)


def load_area_data():
    call_command(
        "load_area_data",
        postcodes=str(FIXTURES / "postcodes.csv"),
        imd=str(FIXTURES / "imd.csv"),
        stdout=io.StringIO(),
    )


def subset(figures, expected):
    return {k: figures[k] for k in expected}


def test_headline_figures_match_the_numbers_worked_out_by_hand(funder, data):
    assert subset(outcomes(funder).headline, BY_HAND) == BY_HAND


def test_filters(funder, data):
    r1, _r2 = data["rounds"]
    assert subset(outcomes(funder, {"round": r1.pk}).headline, BY_HAND_ROUND_1) == BY_HAND_ROUND_1
    unregistered = outcomes(funder, {"kind": "unregistered"}).headline
    assert subset(unregistered, BY_HAND_UNREGISTERED) == BY_HAND_UNREGISTERED
    assert outcomes(funder, {"kind": "registered"}).headline["received"] == 3
    assert outcomes(funder, {"kind": Group.Kind.CHARITY}).headline["received"] == 2
    eastside = outcomes(funder, {"area": "Eastside"}).headline
    assert subset(eastside, BY_HAND_EASTSIDE) == BY_HAND_EASTSIDE


def test_per_round_and_breakdowns(funder, data):
    result = outcomes(funder)
    rows = {row["round"].title: row for row in result.by_round}
    assert (rows["Round one"]["awarded"], rows["Round one"]["paid"]) == (2300, 1900)
    assert (rows["Round two"]["received"], rows["Round two"]["reports_overdue"]) == (2, 1)
    themes = {
        row["label"]: (row["received"], row["funded"], row["awarded"]) for row in result.themes
    }
    assert themes == {"Food": (3, 2, 5800), "Exercise": (1, 1, 1500), "Not known": (2, 0, 0)}
    kinds = {row["key"]: row["received"] for row in result.kinds}
    assert kinds == {"informal": 2, "constituted": 1, "charity": 2, "cic": 1}
    assert not result.area_data_loaded
    assert [row["key"] for row in result.deciles] == [None]


def test_deprivation_deciles_and_core20_once_area_data_is_loaded(funder, data):
    load_area_data()
    result = outcomes(funder)
    assert result.area_data_loaded
    deciles = {
        row["key"]: (row["received"], row["funded"], row["awarded"]) for row in result.deciles
    }
    assert deciles == BY_HAND_DECILES
    head = result.headline
    assert head["core20_received"] == 3 and head["core20_awarded"] == 2300
    assert head["core20_share_of_money"] == 32  # 2,300 of 7,300
    wards = {row["label"]: row["received"] for row in result.wards}
    assert wards == {"Eastside Ward": 3, "Millbrook Ward": 1, "Northfield Ward": 2}


def test_the_dashboard_page(client_for, funder_viewer, funder, data):
    load_area_data()
    response = client_for(funder_viewer).get(reverse("outcomes"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "£7,300" in html and "£1,900" in html and "£13,600" in html
    assert "67%" in html
    # Each chart is a figure described in words, its bars hidden from screen readers.
    assert html.count('<figure class="seedbed-chart"') >= 5
    assert html.count('class="seedbed-chart__bar" aria-hidden="true"') >= 5
    assert "Applications by deprivation decile" in html
    assert "Core20" in html
    assert "Round one" in html and "Round two" in html


def test_the_dashboard_filters_on_the_page(client_for, officer, funder, data):
    r1, _r2 = data["rounds"]
    html = client_for(officer).get(reverse("outcomes"), {"round": r1.pk}).content.decode()
    assert "£2,300" in html and '<h2 class="govuk-heading-l">Round one</h2>' in html
    html = client_for(officer).get(reverse("outcomes"), {"round": "not a number"}).content.decode()
    assert "£7,300" in html  # a bad filter is ignored, not a 500
    assert 'id="id_round-error"' in html


def test_who_may_see_the_dashboard(
    client_for, applicant, other_officer, funder, data, officer_without_second_factor
):
    assert client_for(applicant).get(reverse("outcomes")).status_code == 403
    response = client_for(officer_without_second_factor).get(reverse("outcomes"))
    assert response.status_code == 302 and "second-factor" in response["Location"]
    # Another funder's officer sees only their own funder, even when asking for this one.
    html = (
        client_for(other_officer).get(reverse("outcomes"), {"funder": funder.pk}).content.decode()
    )
    assert "£7,300" not in html and "Elsewhere Council" in html


def test_csv_download(client_for, funder_viewer, funder, data):
    Group.objects.filter(name="Tuesday Lunch Club").update(name='=HYPERLINK("http://evil","x")')
    response = client_for(funder_viewer).get(reverse("outcomes_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Reference", "Round", "Group"]
    assert len(rows) == 1 + 3
    by_group = {row[2]: row for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil","x")' in by_group  # not a formula
    walkers = by_group["Millbrook Walkers"]
    assert walkers[4] == "No" and walkers[11] == "1500" and walkers[12] == "1500"
    assert walkers[15] == "30"


def test_xlsx_download(client_for, funder_viewer, funder, data):
    from openpyxl import load_workbook

    response = client_for(funder_viewer).get(reverse("outcomes_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Filters", "Money against plan", "By round", "Themes",
                               "Kinds of group", "Areas", "Deprivation", "Wards", "Local authorities", "Wellbeing",
                               "Outcome measure", "Spending", "Fairness", "Grants"]  # fmt: skip
    # Typed cells: numbers as numbers, money as numbers shown in pounds, shares as shares.
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Money awarded"].value == 7300 and summary["People reached"].value == 50
    assert summary["Money awarded"].number_format == '"£"#,##0'
    assert summary["Applications from unregistered groups"].value == 3
    assert summary["Share of applications from unregistered groups"].value == 0.5
    # A header on every column of every sheet.
    for sheet in book.worksheets:
        assert all(cell.value for cell in sheet[1]), sheet.title
    assert book["Themes"]["A1"].value == "Theme"
    grants = book["Grants"]
    assert grants.max_row == 4
    header = [cell.value for cell in grants[1]]
    row = [cell for cell in grants[2]]
    assert isinstance(row[header.index("Starts")].value, datetime.datetime)
    assert row[header.index("Starts")].number_format == "DD/MM/YYYY"
    assert row[header.index("Awarded (£)")].number_format == '"£"#,##0'
    assert isinstance(row[header.index("Award date")].value, datetime.datetime)


def test_the_dashboard_uses_the_same_number_of_queries_for_ten_times_the_data(
    client_for, funder_viewer, funder, officer
):
    build(funder, officer)
    load_area_data()
    c = client_for(funder_viewer)
    c.get(reverse("outcomes"))
    with count_queries() as once:
        c.get(reverse("outcomes"))
    for copy in range(1, 10):
        build(funder, officer, copy=copy)
    with count_queries() as ten_times:
        response = c.get(reverse("outcomes"))
    assert "£73,000" in response.content.decode()
    assert len(once) == len(ten_times), [q["sql"][:120] for q in ten_times.captured_queries]
    assert len(once) <= 34  # with the fairness funnel's three and spending's one
