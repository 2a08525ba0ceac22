"""Publishing a funder's grants as 360Giving open data (Data Standard 1.4.3).

`package(funder, rnd=None)` is a 360Giving data package (`{"grants": [...], ...}`) of the
funder's live awards (accepted, paid, changing or closed) — one round or all. `to_csv` and
`to_xlsx` flatten it with 360Giving's column titles ("Identifier", "Recipient Org:Name", ...).

Identifiers:
- a grant: `360G-<funder prefix>-<award id>`;
- a registered recipient: its org-id (`GB-CHC-<charity number>`, `GB-SC-…`, `GB-COH-<company
  number>`);
- an unregistered group: `360G-<funder prefix>-group-<group id>` (the "group-" keeps group
  identifiers apart from grant identifiers in the same funder namespace);
- a host organisation without a charity or company number: `360G-<funder prefix>-host-<group id>`;
- a funder: its org-id if set, else `360G-<funder prefix>`.

Where a host organisation receives the money for a group, the host is the recipient and the
grant has `regrantType` FRG050 ("Fiscal sponsor": an organisation that receives the grant and
passes it to the defined recipient, the group, named in the description).

Privacy: nothing about people is published. No contact names, emails, phones or postcodes, for
any group; and the names of an informal group's contacts (and of whoever accepted) are removed
from any published text that happens to contain them.
"""

import csv
import io
import re
from pathlib import Path

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from core.downloads import safe_text_cell

from .models import LIVE_AWARD_STATES, Award
from .selectors import live_awards_for_groups, with_money

FISCAL_SPONSOR = "FRG050"  # regrantType codelist: "Fiscal sponsor"
GRANT_URL_NONE = None
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


# --------------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------------
def prefix_core(funder):
    """The funder's 360Giving prefix without the leading "360G-"."""
    prefix = (funder.prefix_360 or funder.slug).strip()
    return re.sub(r"^360G-", "", prefix, flags=re.IGNORECASE)


def grant_id(award):
    return f"360G-{prefix_core(award.funder)}-{award.pk}"


def funder_org_id(funder):
    return funder.org_id or f"360G-{prefix_core(funder)}"


def _clean_number(number):
    return re.sub(r"\s+", "", number or "").upper()


def charity_org_id(number):
    n = _clean_number(number)
    if n.startswith("SC"):
        return f"GB-SC-{n}"
    if n.startswith("NIC"):
        return f"GB-NIC-{n[3:]}"
    return f"GB-CHC-{n}"


def company_org_id(number):
    n = _clean_number(number)
    return f"GB-COH-{n.zfill(8) if n.isdigit() else n}"


def number_org_id(number):
    """An org-id from "a charity or company number" (a host's): guessed from its shape."""
    n = _clean_number(number)
    if not n:
        return ""
    if n.startswith(("SC", "NIC")):
        return charity_org_id(n)
    if len(n) == 8 or n[:2].isalpha():
        return company_org_id(n)
    return charity_org_id(n)


def group_org_id(group, funder):
    if group.charity_number:
        return charity_org_id(group.charity_number)
    if group.company_number:
        return company_org_id(group.company_number)
    return f"360G-{prefix_core(funder)}-group-{group.pk}"


# --------------------------------------------------------------------------------------------
# Privacy
# --------------------------------------------------------------------------------------------
def _private_names(award):
    group = award.group
    names = [
        group.contact_name,
        group.second_contact_name,
        group.host_contact_name,
        award.accepted_name,
    ]
    names += [m.name for m in group.members.all()]
    return sorted({n.strip() for n in names if n and len(n.strip()) >= 3}, key=len, reverse=True)


def scrub(text, names):
    """Remove personal names from text that will be published."""
    text = text or ""
    for name in names:
        text = re.sub(re.escape(name), "a group member", text, flags=re.IGNORECASE)
    return text


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------
def publishable_awards(funder, rnd=None):
    awards = (
        Award.objects.filter(funder=funder, state__in=LIVE_AWARD_STATES)
        .select_related("funder", "round", "group", "application")
        .prefetch_related("group__members")
        .order_by("offered_at", "pk")
    )
    awards = with_money(awards).annotate(disbursed=F("net_paid"))
    if rnd is not None:
        awards = awards.filter(round=rnd)
    return awards


def _months_between(start, end):
    return round(((end - start).days + 1) / (365.25 / 12), 1)


def _recipient(award, grant, names, hosted):
    """Who received the money: the host organisation (a fiscal sponsor) or the group."""
    group, funder = award.group, award.funder
    if hosted:
        host_name = scrub(group.host_name or award.payee_name, names) or "Host organisation"
        host_id = number_org_id(group.host_org_id) or f"360G-{prefix_core(funder)}-host-{group.pk}"
        recipient = {"id": host_id, "name": host_name}
        grant["regrantType"] = FISCAL_SPONSOR
    else:
        recipient = {"id": group_org_id(group, funder), "name": group.name}
        if group.charity_number:
            recipient["charityNumber"] = _clean_number(group.charity_number)
        if group.company_number:
            recipient["companyNumber"] = _clean_number(group.company_number)

    return recipient


def _beneficiary_location(award, names):
    """Where the grant's beneficiaries are (None when only the country is known)."""
    group, rnd = award.group, award.round
    location = {"countryCode": "GB"}
    area = group.area or rnd.area
    if area:
        location["name"] = scrub(area, names)
    if award.geo_code:
        location["geoCode"] = award.geo_code
        location["geoCodeType"] = award.geo_code_type or "WD"
    return location if len(location) > 1 else None


def _planned_dates(award):
    """The grant's start and end dates, and its length in months (None when neither is set)."""
    if not (award.start_date or award.end_date):
        return None
    dates = {}
    if award.start_date:
        dates["startDate"] = award.start_date.isoformat()
    if award.end_date:
        dates["endDate"] = award.end_date.isoformat()
    if award.start_date and award.end_date:
        dates["duration"] = _months_between(award.start_date, award.end_date)
    return dates


def grant_record(award):
    """One award as a 360Giving grant (a dict ready for JSON)."""
    group, funder, rnd, app = award.group, award.funder, award.round, award.application
    names = _private_names(award)
    project = scrub(app.title, names) or "Community project"
    hosted = award.payment_route == "host" or (
        not award.payment_route and group.payment_route == "host"
    )

    grant = {
        "id": grant_id(award),
        "title": scrub(f"{project} — {group.name}", names),
        "description": scrub(
            f"A grant of £{award.amount:,} from {rnd.title} to {group.name}"
            + (
                ""
                if group.is_registered
                else ", a community group not registered as a charity or company"
            )
            + (f", paid through {group.host_name or award.payee_name}" if hosted else "")
            + f", for: {project}.",
            names,
        ),
        "currency": "GBP",
        "amountAwarded": award.amount,
        "awardDate": timezone.localtime(award.offered_at).date().isoformat(),
        "fundingOrganization": [{"id": funder_org_id(funder), "name": funder.name}],
        "grantProgramme": [{"code": rnd.slug, "title": rnd.title}],
        "fromOpenCall": "Yes",
        "dateModified": timezone.localtime(award.updated_at).isoformat(timespec="seconds"),
    }
    if app.amount_requested:
        grant["amountAppliedFor"] = app.amount_requested
    disbursed = getattr(award, "disbursed", None)
    if disbursed is None:
        disbursed = award.net_paid_total()
    grant["amountDisbursed"] = disbursed or 0

    grant["recipientOrganization"] = [_recipient(award, grant, names, hosted)]
    location = _beneficiary_location(award, names)
    if location:
        grant["beneficiaryLocation"] = [location]
    dates = _planned_dates(award)
    if dates:
        grant["plannedDates"] = [dates]
    return grant


def package(funder, rnd=None, *, now=None):
    """A 360Giving data package of the funder's live awards (one round, or all)."""
    now = now or timezone.now()
    scope = f" — {rnd.title}" if rnd else ""
    data = {
        "grants": [grant_record(a) for a in publishable_awards(funder, rnd)],
        "version": "1.4",
        "title": f"{funder.name}: grants made through {settings.SEEDBED['SITE_NAME']}{scope}",
        "description": "Community grants decided by local residents' panels.",
        "issued": timezone.localtime(now).date().isoformat(),
        "modified": timezone.localtime(now).isoformat(timespec="seconds"),
        "identifier": f"{funder_org_id(funder)}-seedbed{('-' + rnd.slug) if rnd else ''}",
        "license": LICENSE,
        "publisher": {"name": funder.name},
    }
    if funder.org_id:
        data["publisher"]["identifier"] = funder.org_id
    if funder.website:
        data["publisher"]["website"] = funder.website
    return data


# --------------------------------------------------------------------------------------------
# Flat files (CSV, XLSX) with 360Giving's column titles
# --------------------------------------------------------------------------------------------
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
    ("For Regrant Type", lambda g: g.get("regrantType")),
    ("Last Modified", lambda g: g.get("dateModified")),
]


def _first(grant, key, field):
    items = grant.get(key) or []
    return items[0].get(field) if items else None


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


# --------------------------------------------------------------------------------------------
# Validation against the shared 360Giving schema (offline)
# --------------------------------------------------------------------------------------------
class SchemaNotSet(LookupError):
    """No 360Giving schema to check against: say so plainly rather than pretend it was checked."""


def schema_dir():
    """The folder named by the SEEDBED_360GIVING_SCHEMA setting, if it holds the 360Giving 1.4.3
    schema; else None. Seedbed carries no copy of the schema."""
    configured = getattr(settings, "SEEDBED_360GIVING_SCHEMA", "")
    if not configured:
        return None
    folder = Path(configured)
    return folder if (folder / "360-giving-package-schema.json").exists() else None


def validation_errors(data, folder=None):
    """Every way `data` breaks the 360Giving 1.4.3 package schema (empty when valid).

    Needs jsonschema, referencing and rfc3339-validator (for date-time formats)."""
    import json

    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    folder = folder or schema_dir()
    if folder is None:
        raise SchemaNotSet(
            "No 360Giving schema to check against. Set SEEDBED_360GIVING_SCHEMA to the folder "
            "holding 360-giving-package-schema.json and 360-giving-schema.json (published by "
            "360Giving); Seedbed does not carry a copy."
        )
    package_schema = json.loads((folder / "360-giving-package-schema.json").read_text())
    grant_schema = json.loads((folder / "360-giving-schema.json").read_text())
    grant = DRAFT202012.create_resource(grant_schema)
    registry = Registry().with_resources(
        [
            (grant_schema["$id"], grant),
            (package_schema["properties"]["grants"]["items"]["$ref"], grant),
            (package_schema["$id"], DRAFT202012.create_resource(package_schema)),
        ]
    )
    validator = Draft202012Validator(
        package_schema, registry=registry, format_checker=FormatChecker()
    )
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(package)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]


def grant_ids_by_group(group_ids):
    """{group id: [the 360Giving ids of its real grants, with funder and round]} (one query)."""
    found = {}
    for award in live_awards_for_groups(group_ids):
        found.setdefault(award.group_id, []).append(
            {"id": grant_id(award), "funder": award.funder.name, "round": award.round.title}
        )
    return found
