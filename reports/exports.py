"""CSV and XLSX downloads of the outcomes figures.

The spreadsheet's cells are typed: counts are numbers, money is a number shown as £1,234,
shares are numbers shown as 50%, dates are dates. Every column has a header.

Cells that a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return)
are prefixed with an apostrophe, so a group name like `=HYPERLINK(...)` stays plain text.
"""

import csv
import datetime
import io

from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.downloads import attachment, safe_cell

from .summary import (
    MONEY,
    NUMBER,
    PERCENT,
    PLAN_COLUMNS,
    WARDS_BY_DEFAULT,
    filter_words,
    headline_figures,
    sorted_rows,
)
from .tables import (
    DATE_COLUMNS,
    GRANT_COLUMN_KEYS,
    MONEY_COLUMNS,
    NUMBER_COLUMNS,
    grant_headings,
    grant_rows,
    grants_table,
)

MONEY_FORMAT = '"£"#,##0'
PERCENT_FORMAT = "0%"
DATE_FORMAT = "DD/MM/YYYY"
SCORE = "score"  # a wellbeing answer, 0 to 10 with one decimal place
FORMATS = {MONEY: MONEY_FORMAT, PERCENT: PERCENT_FORMAT, NUMBER: "#,##0", SCORE: "0.0"}


def grants_csv(funder, filters, filename):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(grant_headings())
    for row in grant_rows(grants_table(funder, filters)):
        writer.writerow([safe_cell(v) for v in row])
    return attachment(buffer.getvalue(), filename, "text/csv; charset=utf-8")


def _text(value):
    """Words in the reader's language (translated lazily) as plain text: a spreadsheet cell
    takes text, not a translation waiting to happen."""
    return str(value) if isinstance(value, Promise) else value


def _typed(value, kind):
    """A cell's value: a share of 50 (%) is stored as 0.5, so the spreadsheet shows 50%."""
    if value is None or value == "":
        return None
    if kind == PERCENT:
        return value / 100
    return value


def _sheet(book, title, header, rows, kinds):
    """A sheet with a bold header row; `kinds` gives each column's kind (None: text)."""
    ws = book.create_sheet(str(title))
    ws.append([_text(name) for name in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(
            [
                safe_cell(_text(value)) if kind is None else _typed(value, kind)
                for value, kind in zip(row, kinds, strict=True)
            ]
        )
    for index, kind in enumerate(kinds, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = 14 if kind else 32
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, (datetime.date, datetime.datetime)):
                cell.number_format = DATE_FORMAT
            elif kind in FORMATS:
                cell.number_format = FORMATS[kind]
    ws.freeze_panes = "B2"
    return ws


def _summary(book, result):
    """The headline figures: this period, and the period before beside it when compared."""
    ws = book.create_sheet(gettext("Summary"))
    previous = result.previous
    header = [gettext("Figure"), result.period.label if result.period else gettext("Any time")]
    if previous is not None:
        header.append(result.previous_period.label)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for label, value, before, kind in headline_figures(result.headline, previous):
        values = [value] if previous is None else [value, before]
        ws.append([_text(label)] + [_typed(v, kind) for v in values])
        for cell in ws[ws.max_row][1:]:
            cell.number_format = FORMATS[kind]
    ws.column_dimensions["A"].width = 44
    for letter in ("B", "C"):
        ws.column_dimensions[letter].width = 26
    return ws


def _grant_kinds():
    kinds = []
    for key in GRANT_COLUMN_KEYS:
        if key in MONEY_COLUMNS:
            kinds.append(MONEY)
        elif key in NUMBER_COLUMNS:
            kinds.append(NUMBER)
        elif key in DATE_COLUMNS:
            kinds.append("date")
        else:
            kinds.append(None)
    return kinds


def _outcome_sheets(book, result):
    """Wellbeing and the outcome measure: how many answered, the middle value (blank when
    too few answered) and the range."""
    _sheet(
        book,
        gettext("Wellbeing"),
        [
            gettext("Question (0 to 10)"),
            gettext("Reports"),
            gettext("People"),
            gettext("Middle value"),
            gettext("Lowest"),
            gettext("Highest"),
        ],  # fmt: skip
        [
            [r["label"], r["answered"], r["people"], r["middle"], r["lowest"], r["highest"]]
            for r in result.wellbeing
        ],
        [None, NUMBER, NUMBER, SCORE, SCORE, SCORE],
    )
    _sheet(
        book,
        gettext("Outcome measure"),
        [
            gettext("Question"),
            gettext("Reports"),
            gettext("Total"),
            gettext("Middle value"),
            gettext("Lowest"),
            gettext("Highest"),
        ],  # fmt: skip
        [
            [r["question"], r["answered"], r["total"], r["middle"], r["lowest"], r["highest"]]
            for r in result.measures
        ],
        [None, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER],
    )


def _fairness_sheet(book, funnel):
    """The fairness funnel: one row per group in each breakdown; hidden counts left blank,
    with a note saying why."""
    everyone = funnel.total["label"]
    rows = [[everyone, everyone, *funnel.total_counts, None]]
    blank = gettext("Counts from 1 to 4 are left blank (fewer than 5)")
    for breakdown in funnel.breakdowns:
        for label, counts in breakdown.table:
            note = blank if None in counts else None
            rows.append([breakdown.title, label, *counts, note])
    _sheet(
        book,
        gettext("Fairness"),
        [gettext("Breakdown"), gettext("Group"), *funnel.stage_labels, gettext("Note")],
        rows,
        [None, None, NUMBER, NUMBER, NUMBER, NUMBER, None],
    )


def _spending_sheet(book, figures):
    """Spend against the groups' plans and cost per person, with how many reports each is from."""
    ws = _sheet(
        book,
        gettext("Spending"),
        [gettext("Figure"), gettext("Value"), gettext("End reports")],
        [
            [gettext("Planned in the groups' budgets"), figures.planned, figures.spend_reports],
            [gettext("Spent, as the groups reported"), figures.spent, figures.spend_reports],
            [gettext("Spent as a share of planned"), figures.spent_share, figures.spend_reports],
            [
                gettext("Grants that reported people reached (£)"),
                figures.cost_awarded,
                figures.cost_reports,
            ],
            [gettext("People reached in those reports"), figures.cost_people, figures.cost_reports],
            [gettext("Cost per person reached"), figures.cost_per_person, figures.cost_reports],
        ],  # fmt: skip
        [None, NUMBER, NUMBER],
    )
    for row, kind in zip(range(2, 8), [MONEY, MONEY, PERCENT, MONEY, NUMBER, MONEY], strict=True):
        cell = ws.cell(row=row, column=2)
        if kind == PERCENT and cell.value is not None:
            cell.value = cell.value / 100
        cell.number_format = FORMATS[kind]


def _breakdown_sheets(book, result):
    """One sheet for each breakdown: themes, kinds, areas, deciles, wards, local authorities."""
    for title, label, rows in [
        (gettext("Themes"), gettext("Theme"), result.themes),
        (gettext("Kinds of group"), gettext("Kind of group"), result.kinds),
        (gettext("Areas"), gettext("Area"), result.areas),
        (gettext("Deprivation"), gettext("Deprivation decile"), result.deciles),
        (gettext("Wards"), gettext("Ward"), sorted_rows(result.wards, WARDS_BY_DEFAULT)[1]),
        (
            gettext("Local authorities"),
            gettext("Local authority"),
            sorted_rows(result.authorities, WARDS_BY_DEFAULT)[1],
        ),
    ]:
        _sheet(
            book,
            title,
            [
                label,
                gettext("Applications"),
                gettext("Funded"),
                gettext("Success rate"),
                gettext("Awarded (£)"),
            ],  # fmt: skip
            [
                [r["label"], r["received"], r["funded"], r["success_rate"], r["awarded"]]
                for r in rows
            ],
            [None, NUMBER, NUMBER, PERCENT, MONEY],
        )


def outcomes_xlsx(funder, filters, result, filename):
    book = Workbook()
    book.remove(book.active)
    _summary(book, result)
    _sheet(
        book,
        gettext("Filters"),
        [gettext("Filter"), gettext("Chosen")],
        filter_words(funder, filters, result),
        [None, None],
    )
    plan = [
        [row["round"].title] + [row[key] for _label, key in PLAN_COLUMNS] for row in result.plan
    ]
    if result.plan_total is not None and result.plan:
        plan.append(
            [gettext("All these rounds")] + [result.plan_total[k] for _l, k in PLAN_COLUMNS]
        )
    _sheet(
        book,
        gettext("Money against plan"),
        [gettext("Round")]
        + [gettext("%(heading)s (£)") % {"heading": label} for label, _key in PLAN_COLUMNS],
        plan,
        [None] + [MONEY] * len(PLAN_COLUMNS),
    )
    _sheet(
        book,
        gettext("By round"),
        [gettext("Round"), gettext("Applications"), gettext("Unregistered"), gettext("Asked (£)"),
         gettext("Funded"), gettext("Success rate"), gettext("Awarded (£)"), gettext("Paid (£)"),
         gettext("People reached"), gettext("Reports in"), gettext("Overdue")],
        [
            [r["round"].title, r["received"], r["received_unregistered"], r["asked"], r["funded"],
             r["success_rate"], r["awarded"], r["paid"], r["people"], r["reports_in"],
             r["reports_overdue"]]
            for r in result.by_round
        ],
        [None, NUMBER, NUMBER, MONEY, NUMBER, PERCENT, MONEY, MONEY, NUMBER, NUMBER, NUMBER],
    )  # fmt: skip
    _breakdown_sheets(book, result)
    _outcome_sheets(book, result)
    _spending_sheet(book, result.spending)
    _fairness_sheet(book, result.fairness)
    _sheet(
        book,
        gettext("Grants"),
        grant_headings(),
        grant_rows(grants_table(funder, filters)),
        _grant_kinds(),
    )
    out = io.BytesIO()
    book.save(out)
    return attachment(
        out.getvalue(),
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
