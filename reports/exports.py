"""CSV and XLSX downloads of the outcomes figures.

Cells that a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return)
are prefixed with an apostrophe, so a group name like `=HYPERLINK(...)` stays plain text.
"""

import csv
import io

from core.downloads import attachment, safe_cell

from .outcomes import GRANT_COLUMNS, grant_rows, grants_table, headline_rows


def grants_csv(funder, filters, filename):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GRANT_COLUMNS)
    for row in grant_rows(grants_table(funder, filters)):
        writer.writerow([safe_cell(v) for v in row])
    return attachment(buffer.getvalue(), filename, "text/csv; charset=utf-8")


def outcomes_xlsx(funder, filters, result, filename):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append([f"Outcomes for {funder.name}"])
    summary["A1"].font = Font(bold=True, size=14)
    for label, value in headline_rows(result.headline):
        summary.append([label, value])

    def sheet(title, header, rows):
        ws = book.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([safe_cell(v) for v in row])

    sheet(
        "By round",
        ["Round", "Applications", "Unregistered", "Asked (£)", "Funded", "Success rate (%)",
         "Awarded (£)", "Paid (£)", "People reached", "Reports in", "Overdue"],
        [
            [r["round"].title, r["received"], r["received_unregistered"], r["asked"], r["funded"],
             r["success_rate"], r["awarded"], r["paid"], r["people"], r["reports_in"],
             r["reports_overdue"]]
            for r in result.by_round
        ],
    )  # fmt: skip
    for title, rows in [
        ("Themes", result.themes),
        ("Kinds of group", result.kinds),
        ("Areas", result.areas),
        ("Deprivation", result.deciles),
    ]:
        sheet(
            title,
            ["", "Applications", "Funded", "Success rate (%)", "Awarded (£)"],
            [
                [r["label"], r["received"], r["funded"], r["success_rate"], r["awarded"]]
                for r in rows
            ],
        )
    sheet("Grants", GRANT_COLUMNS, grant_rows(grants_table(funder, filters)))
    out = io.BytesIO()
    book.save(out)
    return attachment(
        out.getvalue(),
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
