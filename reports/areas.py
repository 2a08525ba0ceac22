"""Area data: which small area (LSOA) and ward a postcode is in, and how deprived each small
area is (its Index of Multiple Deprivation decile). Loaded from CSV files the funder supplies,
from open data:

**Postcodes** — the ONS postcode lookup, for example the "National Statistics Postcode Lookup"
(NSPL), the "ONS Postcode Directory" (ONSPD) or "Postcode to OA to LSOA to MSOA to LAD". Columns
(the header names are matched without regard to case; the first one found is used):

- the postcode: `pcds`, `pcd`, `pcd7`, `pcd8`, `pcd2` or `postcode`
- the small area: `lsoa21cd`, `lsoa21`, `lsoa11cd`, `lsoa11`, `lsoa_code` or `lsoa`
- the ward code (optional): `wd25cd`, `wd24cd`, `wd23cd`, `wd22cd`, `wd21cd`, `osward`,
  `ward_code` or `ward`
- the ward name (optional): `wd25nm`, `wd24nm`, `wd23nm`, `wd22nm`, `wd21nm` or `ward_name`

**Deprivation** — MHCLG's English Indices of Deprivation, "File 1: Index of Multiple
Deprivation". Columns:

- the small area: `LSOA code (2021)`, `LSOA code (2011)`, `lsoa21cd`, `lsoa11cd` or `lsoa_code`
- its name (optional): `LSOA name (2021)`, `LSOA name (2011)`, `lsoa21nm`, `lsoa11nm`
- the decile: any column whose name has "IMD" (or "Index of Multiple Deprivation") and
  "Decile" in it, for example `Index of Multiple Deprivation (IMD) Decile`, or `imd_decile`.
  1 is the most deprived 10% of small areas; Core20 means deciles 1 and 2.
- the local authority district (optional): a column whose name starts "Local Authority District
  code" (for example `Local Authority District code (2024)`), or `lad24cd` … `lad19cd`,
  `la_code`; and its name, "Local Authority District name …", `lad24nm` … or `la_name`.

Postcodes are normalised (capitals, one space before the last three characters), so `rv12ab`,
`RV1  2AB` and `RV1 2AB` are the same postcode.
"""

import csv
import re

from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import LsoaDeprivation, PostcodeArea

BATCH = 5000

POSTCODE_COLUMNS = ["pcds", "pcd", "pcd7", "pcd8", "pcd2", "postcode"]
LSOA_COLUMNS = ["lsoa21cd", "lsoa21", "lsoa11cd", "lsoa11", "lsoa_code", "lsoa",
                "lsoa code (2021)", "lsoa code (2011)"]  # fmt: skip
WARD_CODE_COLUMNS = [
    "wd25cd",
    "wd24cd",
    "wd23cd",
    "wd22cd",
    "wd21cd",
    "osward",
    "ward_code",
    "ward",
]
WARD_NAME_COLUMNS = ["wd25nm", "wd24nm", "wd23nm", "wd22nm", "wd21nm", "ward_name"]
LA_CODE_COLUMNS = ["lad25cd", "lad24cd", "lad23cd", "lad22cd", "lad21cd", "lad19cd", "la_code"]
LA_NAME_COLUMNS = ["lad25nm", "lad24nm", "lad23nm", "lad22nm", "lad21nm", "lad19nm", "la_name"]
LSOA_NAME_COLUMNS = ["lsoa name (2021)", "lsoa name (2011)", "lsoa21nm", "lsoa11nm", "lsoa_name"]


class AreaDataError(ValueError):
    pass


def postcode_key(value):
    """`rv1 2ab` → `RV12AB` (letters and digits only, capitals)."""
    return re.sub(r"[^A-Za-z0-9]", "", value or "").upper()


def normalise_postcode(value):
    """`rv12ab` → `RV1 2AB`: capitals, one space before the last three characters."""
    key = postcode_key(value)
    return f"{key[:-3]} {key[-3:]}" if len(key) > 3 else key


def _find(header, names, *, needed, what, path):
    lower = {h.strip().lower(): h for h in header}
    for name in names:
        if name in lower:
            return lower[name]
    if needed:
        raise AreaDataError(
            f"{path}: no {what} column. Expected one of: {', '.join(names)}. "
            f"The file has: {', '.join(header[:20])}."
        )
    return None


def _starting(header, names, start):
    """The column named as in `names`, or the first whose name starts with `start` (MHCLG's
    files name their year: "Local Authority District code (2024)")."""
    found = _find(header, names, needed=False, what="", path="")
    return found or next((h for h in header if h.strip().lower().startswith(start)), None)


def _decile_column(header, path):
    for h in header:
        name = h.strip().lower()
        if name == "imd_decile" or (
            "decile" in name and ("imd" in name or "index of multiple deprivation" in name)
        ):
            return h
    raise AreaDataError(
        f"{path}: no IMD decile column. Expected a column such as "
        "'Index of Multiple Deprivation (IMD) Decile' or 'imd_decile'."
    )


def _rows(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        yield list(reader.fieldnames or [])
        yield from reader


def load_postcodes(path):
    """Load (or update) postcode → LSOA and ward. Returns how many rows were loaded."""
    rows = _rows(path)
    header = next(rows)
    pc = _find(header, POSTCODE_COLUMNS, needed=True, what="postcode", path=path)
    lsoa = _find(header, LSOA_COLUMNS, needed=True, what="LSOA code", path=path)
    ward_code = _find(header, WARD_CODE_COLUMNS, needed=False, what="ward code", path=path)
    ward_name = _find(header, WARD_NAME_COLUMNS, needed=False, what="ward name", path=path)
    count, batch = 0, {}

    def flush():
        PostcodeArea.objects.bulk_create(
            batch.values(),
            update_conflicts=True,
            unique_fields=["postcode_key"],
            update_fields=["postcode", "lsoa_code", "ward_code", "ward_name"],
        )
        batch.clear()

    with transaction.atomic():
        for row in rows:
            key = postcode_key(row.get(pc))
            if not key or len(key) > 8:
                continue
            batch[key] = PostcodeArea(
                postcode_key=key,
                postcode=normalise_postcode(key),
                lsoa_code=(row.get(lsoa) or "").strip()[:12],
                ward_code=(row.get(ward_code) or "").strip()[:12] if ward_code else "",
                ward_name=(row.get(ward_name) or "").strip()[:120] if ward_name else "",
            )
            count += 1
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
    return count


def load_deprivation(path):
    """Load (or update) LSOA → IMD decile. Returns how many rows were loaded."""
    rows = _rows(path)
    header = next(rows)
    lsoa = _find(header, LSOA_COLUMNS, needed=True, what="LSOA code", path=path)
    name = _find(header, LSOA_NAME_COLUMNS, needed=False, what="LSOA name", path=path)
    decile_column = _decile_column(header, path)
    la_code = _starting(header, LA_CODE_COLUMNS, "local authority district code")
    la_name = _starting(header, LA_NAME_COLUMNS, "local authority district name")
    count, batch = 0, {}

    def flush():
        LsoaDeprivation.objects.bulk_create(
            batch.values(),
            update_conflicts=True,
            unique_fields=["lsoa_code"],
            update_fields=["lsoa_name", "imd_decile", "la_code", "la_name"],
        )
        batch.clear()

    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            code = (row.get(lsoa) or "").strip()
            if not code:
                continue
            try:
                decile = int(float(row.get(decile_column) or ""))
            except ValueError:
                raise AreaDataError(f"{path}, line {line}: the decile is not a number.") from None
            if not 1 <= decile <= 10:
                raise AreaDataError(f"{path}, line {line}: the decile must be from 1 to 10.")
            batch[code] = LsoaDeprivation(
                lsoa_code=code[:12],
                lsoa_name=(row.get(name) or "").strip()[:120] if name else "",
                imd_decile=decile,
                la_code=(row.get(la_code) or "").strip()[:12] if la_code else "",
                la_name=(row.get(la_name) or "").strip()[:120] if la_name else "",
            )
            count += 1
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
    return count


def link_deciles():
    """Copy each postcode's small-area decile and local authority onto the postcode (one
    UPDATE)."""
    area = LsoaDeprivation.objects.filter(lsoa_code=OuterRef("lsoa_code"))
    return PostcodeArea.objects.update(
        imd_decile=Subquery(area.values("imd_decile")[:1]),
        la_code=Coalesce(Subquery(area.values("la_code")[:1]), Value("")),
        la_name=Coalesce(Subquery(area.values("la_name")[:1]), Value("")),
    )


def wards_of_postcodes(postcodes):
    """{postcode (as given): (ward code, ward name)} for the postcodes in the area data that
    have a ward, in one query. Registered with `awards.open_data_places` for open data."""
    given = {}
    for postcode in postcodes:
        given.setdefault(postcode_key(postcode), []).append(postcode)
    found = {}
    rows = (
        PostcodeArea.objects.filter(postcode_key__in=list(given))
        .exclude(ward_code="")
        .values_list("postcode_key", "ward_code", "ward_name")
    )
    for key, code, name in rows:
        for postcode in given[key]:
            found[postcode] = (code, name)
    return found
