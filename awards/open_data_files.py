"""A 360Giving data package as flat files (CSV, XLSX) with 360Giving's column titles
("Identifier", "Recipient Org:Name", "Recipient Org:Location:Geographic Code", ...): one row per
grant, the first of each list (recipient, location, classification) in its columns.

Text cells that a spreadsheet would read as a formula are made safe (`core.downloads`)."""

import csv
import io

from core.downloads import safe_text_cell

COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Applied For", lambda g: g.get("amountAppliedFor")),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Amount Disbursed", lambda g: g.get("amountDisbursed")),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: _first(g, "plannedDates", "startDate")),
    ("Planned Dates:End Date", lambda g: _first(g, "plannedDates", "endDate")),
    ("Planned Dates:Duration (months)", lambda g: _first(g, "plannedDates", "duration")),
    ("Recipient Org:Identifier", lambda g: _first(g, "recipientOrganization", "id")),
    ("Recipient Org:Name", lambda g: _first(g, "recipientOrganization", "name")),
    ("Recipient Org:Charity Number", lambda g: _first(g, "recipientOrganization", "charityNumber")),
    ("Recipient Org:Company Number", lambda g: _first(g, "recipientOrganization", "companyNumber")),
    ("Recipient Org:Location:Name", lambda g: _recipient_place(g, "name")),
    ("Recipient Org:Location:Geographic Code", lambda g: _recipient_place(g, "geoCode")),
    ("Recipient Org:Location:Geographic Code Type", lambda g: _recipient_place(g, "geoCodeType")),
    ("Beneficiary Location:Name", lambda g: _first(g, "beneficiaryLocation", "name")),
    (
        "Beneficiary Location:Country Code",
        lambda g: _first(g, "beneficiaryLocation", "countryCode"),
    ),
    ("Beneficiary Location:Geographic Code", lambda g: _first(g, "beneficiaryLocation", "geoCode")),
    (
        "Beneficiary Location:Geographic Code Type",
        lambda g: _first(g, "beneficiaryLocation", "geoCodeType"),
    ),
    ("Funding Org:Identifier", lambda g: _first(g, "fundingOrganization", "id")),
    ("Funding Org:Name", lambda g: _first(g, "fundingOrganization", "name")),
    ("Grant Programme:Code", lambda g: _first(g, "grantProgramme", "code")),
    ("Grant Programme:Title", lambda g: _first(g, "grantProgramme", "title")),
    ("From An Open Call?", lambda g: g.get("fromOpenCall")),
    ("Classifications:Vocabulary", lambda g: _first(g, "classifications", "vocabulary")),
    ("Classifications:Code", lambda g: _first(g, "classifications", "code")),
    ("Classifications:Title", lambda g: _first(g, "classifications", "title")),
    ("For Regrant Type", lambda g: g.get("regrantType")),
    ("Data Source", lambda g: g.get("dataSource")),
    ("Last Modified", lambda g: g.get("dateModified")),
]


def _first(grant, key, field):
    items = grant.get(key) or []
    return items[0].get(field) if items else None


def _recipient_place(grant, field):
    places = (grant.get("recipientOrganization") or [{}])[0].get("location") or []
    return places[0].get(field) if places else None


def rows(data):
    """(headers, rows) of a package, one row per grant."""
    headers = [title for title, _ in COLUMNS]
    return headers, [[get(g) for _, get in COLUMNS] for g in data["grants"]]


def to_csv(data) -> str:
    headers, body = rows(data)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in body:
        writer.writerow([v if isinstance(v, int | float) else safe_text_cell(v) for v in row])
    return out.getvalue()


def to_xlsx(data) -> bytes:
    from openpyxl import Workbook

    headers, body = rows(data)
    book = Workbook()
    sheet = book.active
    sheet.title = "grants"
    sheet.append(headers)
    for row in body:
        sheet.append([v if isinstance(v, int | float) else safe_text_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
