"""Publishing a funder's grants as 360Giving open data (Data Standard 1.4.3).

`package(funder, rnd=None)` is a 360Giving data package (`{"grants": [...], ...}`) of the
funder's grants — one round or all — made from the ledger each time it is asked for. `to_csv`
and `to_xlsx` (`awards.open_data_files`) flatten it with 360Giving's column titles.

Which awards are grants (docs/figures.md, "Open data"): live ones (accepted, paid, changing or
closed) at their amount; a cancelled one that kept money (paid and not all given back) at the
money kept, with `amountDisbursed` the same and the description saying it was stopped early.
Offers never accepted (waiting, declined, lapsed) and cancelled awards that kept nothing did
not go ahead, and are left out, as 360Giving's guidance on updating data suggests.

Each grant also carries: the ward of the group's postcode when it is in the loaded area data
(beneficiary location, and the recipient's location when the group itself is paid; see
`awards.open_data_places`); the host's charity or company number; the application's theme as a
classification in the funder's vocabulary (`360G-<prefix>-themes`); and `dataSource`, the
file's public address once the funder publishes it (`/open-data/<funder>/grants.json`), else
the funder's website. The licence is the one the funder chose (`LICENCES`).

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

Privacy: nothing about people is published. No contact names, emails, phones or postcodes (a
place is published as a ward), for any group; and the names of an informal group's contacts
(and of whoever accepted) are removed from any published text that happens to contain them.
"""

import re
from pathlib import Path

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .models import LIVE_AWARD_STATES, Award, AwardState
from .open_data_dei import dei_code_errors, dei_details, extension_dir, merged_grant_schema
from .open_data_files import COLUMNS, rows, to_csv, to_xlsx
from .open_data_places import beneficiary_location, ward_location, wards_of
from .selectors import live_awards_for_groups, with_money

__all__ = [
    "COLUMNS",
    "dei_code_errors",
    "LICENCES",
    "grant_id",
    "grant_record",
    "package",
    "public_url",
    "publishable_awards",
    "quality_notes",
    "rows",
    "to_csv",
    "to_xlsx",
    "validation_errors",
]

FISCAL_SPONSOR = "FRG050"  # regrantType codelist: "Fiscal sponsor"
# The open licences a funder may choose (grants.models.OpenDataLicence), by their canonical
# address (what 360Giving's `license` field wants).
LICENCES = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "OGL-UK-3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
DEFAULT_LICENCE = "CC-BY-4.0"
FORMATS = ("json", "csv", "xlsx")


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
    """The awards published as grants: live ones (accepted, paid, being changed, closed), and
    cancelled ones that kept money (paid and not all given back). Offers never accepted
    (waiting, declined, lapsed) and cancelled awards that kept nothing are not grants: they
    did not go ahead (see docs/figures.md, "Open data")."""
    awards = (
        Award.objects.filter(funder=funder)
        .select_related("funder", "round", "group", "group__equity", "application")
        .prefetch_related("group__members")
        .order_by("offered_at", "pk")
    )
    awards = with_money(awards).annotate(disbursed=F("net_paid"))
    awards = awards.filter(
        Q(state__in=LIVE_AWARD_STATES) | Q(state=AwardState.CANCELLED, net_paid__gt=0)
    )
    if rnd is not None:
        awards = awards.filter(round=rnd)
    return awards


def _months_between(start, end):
    return round(((end - start).days + 1) / (365.25 / 12), 1)


def _recipient(award, grant, names, hosted, ward):
    """Who received the money: the host organisation (a fiscal sponsor) or the group."""
    group, funder = award.group, award.funder
    if hosted:
        host_name = scrub(group.host_name or award.payee_name, names) or "Host organisation"
        host_id = number_org_id(group.host_org_id) or f"360G-{prefix_core(funder)}-host-{group.pk}"
        recipient = {"id": host_id, "name": host_name}
        if host_id.startswith(("GB-CHC-", "GB-SC-", "GB-NIC-")):
            recipient["charityNumber"] = _clean_number(group.host_org_id)
        elif host_id.startswith("GB-COH-"):
            recipient["companyNumber"] = host_id.removeprefix("GB-COH-")
        grant["regrantType"] = FISCAL_SPONSOR
        return recipient
    recipient = {"id": group_org_id(group, funder), "name": group.name}
    if group.charity_number:
        recipient["charityNumber"] = _clean_number(group.charity_number)
    if group.company_number:
        recipient["companyNumber"] = _clean_number(group.company_number)
    place = ward_location(ward)
    if place:
        recipient["location"] = [place]
    return recipient


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


def _description(award, project, hosted, names):
    group, rnd = award.group, award.round
    text = (
        f"A grant of £{award.amount:,} from {rnd.title} to {group.name}"
        + (
            ""
            if group.is_registered
            else ", a community group not registered as a charity or company"
        )
        + (f", paid through {group.host_name or award.payee_name}" if hosted else "")
        + f", for: {project}."
    )
    if award.state == AwardState.CANCELLED:
        text += (
            f" The grant was stopped early; £{_kept(award):,} of the £{award.amount:,} offered "
            "was kept."
        )
    return scrub(text, names)


def _kept(award):
    """Money paid and not given back (what a cancelled grant comes to)."""
    disbursed = getattr(award, "disbursed", None)
    return award.net_paid_total() if disbursed is None else disbursed


def classification(award):
    """The grant's theme as a 360Giving classification in the funder's own vocabulary (None
    without a theme)."""
    theme = scrub(award.application.theme, _private_names(award)).strip()
    if not theme:
        return None
    return {
        "vocabulary": f"360G-{prefix_core(award.funder)}-themes",
        "code": slugify(theme) or "theme",
        "title": theme,
    }


def grant_record(award, *, ward=None, data_source=None):
    """One award as a 360Giving grant (a dict ready for JSON). `ward` is the (code, name) of the
    group's postcode from the area data; `data_source` the address the file is published at."""
    group, funder, rnd, app = award.group, award.funder, award.round, award.application
    names = _private_names(award)
    project = scrub(app.title, names) or "Community project"
    hosted = award.payment_route == "host" or (
        not award.payment_route and group.payment_route == "host"
    )
    kept = _kept(award) or 0
    grant = {
        "id": grant_id(award),
        "title": scrub(f"{project} — {group.name}", names),
        "description": _description(award, project, hosted, names),
        "currency": "GBP",
        # A cancelled grant comes to what was kept (docs/figures.md, "Open data").
        "amountAwarded": kept if award.state == AwardState.CANCELLED else award.amount,
        "awardDate": timezone.localtime(award.offered_at).date().isoformat(),
        "fundingOrganization": [{"id": funder_org_id(funder), "name": funder.name}],
        "grantProgramme": [{"code": rnd.slug, "title": rnd.title}],
        "fromOpenCall": "Yes",
        "dateModified": timezone.localtime(award.updated_at).isoformat(timespec="seconds"),
    }
    if app.amount_requested:
        grant["amountAppliedFor"] = app.amount_requested
    grant["amountDisbursed"] = kept
    grant["recipientOrganization"] = [_recipient(award, grant, names, hosted, ward)]
    location = beneficiary_location(award, ward, scrub(group.area or rnd.area, names))
    if location:
        grant["beneficiaryLocation"] = [location]
    dates = _planned_dates(award)
    if dates:
        grant["plannedDates"] = [dates]
    theme = classification(award)
    if theme:
        grant["classifications"] = [theme]
    if data_source:
        grant["dataSource"] = data_source
    dei = dei_details(award)
    if dei:
        grant["deiDetails"] = dei
    return grant


def public_url(funder, fmt="json"):
    """The stable public address of the funder's published file (whether or not published)."""
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse(
        "open_data_public", args=[funder.slug, fmt]
    )


def data_source(funder):
    """Where the data comes from: the published file, else the funder's website (or None)."""
    if funder.open_data_published:
        return public_url(funder)
    return funder.website or None


def package(funder, rnd=None, *, now=None):
    """A 360Giving data package of the funder's published grants (one round, or all)."""
    now = now or timezone.now()
    scope = f" — {rnd.title}" if rnd else ""
    awards = list(publishable_awards(funder, rnd))
    wards = wards_of(a.group.postcode for a in awards)
    source = data_source(funder)
    issued = funder.open_data_published_at if funder.open_data_published else None
    data = {
        "grants": [
            grant_record(a, ward=wards.get(a.group.postcode), data_source=source) for a in awards
        ],
        "version": "1.4",
        "title": f"{funder.name}: grants made through {settings.SEEDBED['SITE_NAME']}{scope}",
        "description": "Community grants decided by local residents' panels.",
        "issued": timezone.localtime(issued or now).date().isoformat(),
        "modified": timezone.localtime(now).isoformat(timespec="seconds"),
        "identifier": f"{funder_org_id(funder)}-seedbed{('-' + rnd.slug) if rnd else ''}",
        "license": LICENCES[funder.open_data_licence or DEFAULT_LICENCE],
        "publisher": {"name": funder.name},
    }
    if funder.open_data_published and rnd is None:
        data["downloadURL"] = public_url(funder)
    if funder.org_id:
        data["publisher"]["identifier"] = funder.org_id
    if funder.website:
        data["publisher"]["website"] = funder.website
    return data


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
    """Every way `data` breaks the 360Giving 1.4.3 package schema (empty when valid). When
    360Giving's DEI extension is beside the schema (`<folder>/dei-extension/`), its schema is
    merged into the grant schema and its codes are checked against its codelists.

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
    grant_schema = merged_grant_schema(
        json.loads((folder / "360-giving-schema.json").read_text()), folder
    )
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
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(package)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    dei_folder = extension_dir(folder)
    if dei_folder is not None:
        errors += dei_code_errors(data, dei_folder)
    return errors


def quality_notes(data):
    """Seedbed's own checks beyond the schema, in plain words (empty when every grant has what a
    good 360Giving file gives): a place with a geographic code, a classification, the host's
    or recipient's charity number with a charity org-id, a data source, and never more paid
    than awarded."""
    notes = []
    for grant in data["grants"]:
        gid = grant["id"]
        places = grant.get("beneficiaryLocation") or []
        if not any(place.get("geoCode") for place in places):
            notes.append(
                f"{gid}: no geographic code (the group's postcode is not in the area data; "
                "load it with manage.py load_area_data)."
            )
        recipient = grant["recipientOrganization"][0]
        if recipient["id"].startswith(("GB-CHC-", "GB-SC-", "GB-NIC-")) and not recipient.get(
            "charityNumber"
        ):
            notes.append(f"{gid}: a charity without its charity number.")
        if not grant.get("classifications"):
            notes.append(f"{gid}: no theme, so no classification.")
        if not grant.get("dataSource"):
            notes.append(f"{gid}: no data source (publish the file, or give the funder a website).")
        if grant.get("amountDisbursed", 0) > grant["amountAwarded"]:
            notes.append(f"{gid}: more paid than awarded.")
    return notes


def grant_ids_by_group(group_ids):
    """{group id: [the 360Giving ids of its real grants, with funder and round]} (one query)."""
    found = {}
    for award in live_awards_for_groups(group_ids):
        found.setdefault(award.group_id, []).append(
            {"id": grant_id(award), "funder": award.funder.name, "round": award.round.title}
        )
    return found
