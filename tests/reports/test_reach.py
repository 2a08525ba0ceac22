"""Reach: money and applications by deprivation decile (chart and table), by ward (a table
sortable without JavaScript), and the shares in Core20 areas; on the page, in the spreadsheet
and in the board PDF."""

import io
import re

import pytest
from django.urls import reverse

from reports.pdf import outcomes_pdf_text

from .dataset import build
from .test_outcomes import load_area_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(funder, officer):
    built = build(funder, officer)
    load_area_data()
    return built


def ward_order(html):
    table = html[html.index('id="wards"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', table)


def test_the_wards_table_sorts_by_each_column(client_for, funder_viewer, funder, data):
    c = client_for(funder_viewer)
    html = c.get(reverse("outcomes")).content.decode()
    # Most money first, unless asked otherwise.
    assert ward_order(html) == ["Eastside Ward", "Millbrook Ward", "Northfield Ward"]
    assert 'aria-sort="descending"' in html
    html = c.get(reverse("outcomes"), {"wards_by": "received"}).content.decode()
    assert ward_order(html) == ["Eastside Ward", "Northfield Ward", "Millbrook Ward"]
    html = c.get(reverse("outcomes"), {"wards_by": "label", "kind": ""}).content.decode()
    assert ward_order(html) == ["Eastside Ward", "Millbrook Ward", "Northfield Ward"]
    assert 'aria-sort="ascending"' in html
    # The sorting links keep the other filters.
    assert "kind=&amp;wards_by=received#wards" in html
    # A made-up order is ignored, not a server error.
    html = c.get(reverse("outcomes"), {"wards_by": "<script>x</script>"}).content.decode()
    assert ward_order(html)[0] == "Eastside Ward" and "<script>x</script>" not in html


def test_money_by_deprivation_decile_and_core20_shares(client_for, funder_viewer, funder, data):
    html = client_for(funder_viewer).get(reverse("outcomes")).content.decode()
    assert "Money awarded by deprivation decile" in html
    assert "Share of applications from Core20 areas" in html and ">50%<" in html  # 3 of 6
    assert "Share of money to Core20 areas" in html and ">32%<" in html  # £2,300 of £7,300


def test_the_spreadsheet_and_pdf_show_wards(client_for, funder_viewer, funder, data):
    from openpyxl import load_workbook

    response = client_for(funder_viewer).get(reverse("outcomes_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Wards"].iter_rows(values_only=True))
    assert rows[0] == ("Ward", "Applications", "Funded", "Success rate", "Awarded (£)")
    assert rows[1] == ("Eastside Ward", 3, 1, pytest.approx(0.33), 5000)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Share of applications from Core20 areas"] == 0.5
    text = " ".join(outcomes_pdf_text(funder).split())
    assert "Money awarded by deprivation decile" in text
    assert "Eastside Ward 3 1 33% £5,000" in text


def table_rows(html, table_id):
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table[table.index("<tbody") :])
    return [cells[i : i + 5] for i in range(0, len(cells), 5)]


def test_local_authorities_from_the_deprivation_file_on_the_page_sheet_and_pdf(
    client_for, funder_viewer, funder, data
):
    """Issue 19: reach by local authority (table, sortable). The authority of each small area
    comes from the deprivation file's "Local Authority District" columns; by hand: Riverside
    has groups A, B, C (5 applications, 3 funded, £7,300), Hillside group D (1, none funded)."""
    c = client_for(funder_viewer)
    html = c.get(reverse("outcomes")).content.decode()
    assert table_rows(html, "authorities") == [
        ["Riverside", "5", "3", "60%", "£7,300"],
        ["Hillside", "1", "0", "0%", "£0"],
    ]
    html = c.get(reverse("outcomes"), {"authorities_by": "label"}).content.decode()
    assert [row[0] for row in table_rows(html, "authorities")] == ["Hillside", "Riverside"]
    assert "authorities_by=received#authorities" in html
    # Sorting one table leaves the other as it was.
    assert ward_order(html) == ["Eastside Ward", "Millbrook Ward", "Northfield Ward"]

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(c.get(reverse("outcomes_xlsx")).content))
    rows = list(book["Local authorities"].iter_rows(values_only=True))
    assert rows[0] == ("Local authority", "Applications", "Funded", "Success rate", "Awarded (£)")
    assert rows[1] == ("Riverside", 5, 3, pytest.approx(0.6), 7300)
    assert rows[2] == ("Hillside", 1, 0, 0, 0)
    text = " ".join(outcomes_pdf_text(funder).split())
    assert "Local authorities" in text and "Riverside 5 3 60% £7,300" in text
