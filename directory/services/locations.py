"""Where postcodes are: loading postcode centres from the ONS postcode lookup, and placing a
listing on the map from its postcode.

The same ONS files the area data comes from (NSPL, ONSPD: see `reports.areas`) carry each
postcode's centre in `lat` and `long` columns. `postcode_points_load(path)` reads them (header
names matched without regard to case; rows without a point are skipped).
"""

import csv

from django.db import transaction

from reports.areas import POSTCODE_COLUMNS, AreaDataError, postcode_key

from ..models import PostcodePoint

LATITUDE_COLUMNS = ["lat", "latitude"]
LONGITUDE_COLUMNS = ["long", "longitude", "lng", "lon"]
BATCH = 5000


def _column(header, names, what, path):
    lower = {h.strip().lower(): h for h in header}
    found = next((lower[n] for n in names if n in lower), None)
    if found is None:
        raise AreaDataError(f"{path}: no {what} column. Expected one of: {', '.join(names)}.")
    return found


def _point(row, lat, lng):
    try:
        latitude, longitude = float(row.get(lat) or ""), float(row.get(lng) or "")
    except ValueError:
        return None
    # The ONS files use 99.999999 / 0.000000 for postcodes with no point.
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or latitude > 90 - 1e-6:
        return None
    return latitude, longitude


def postcode_points_load(path):
    """Load (or update) postcode → centre. Returns how many were loaded."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        pc = _column(header, POSTCODE_COLUMNS, "postcode", path)
        lat = _column(header, LATITUDE_COLUMNS, "latitude", path)
        lng = _column(header, LONGITUDE_COLUMNS, "longitude", path)
        count, batch = 0, {}
        with transaction.atomic():
            for row in reader:
                key, point = postcode_key(row.get(pc)), _point(row, lat, lng)
                if not key or len(key) > 8 or point is None:
                    continue
                batch[key] = PostcodePoint(postcode_key=key, latitude=point[0], longitude=point[1])
                count += 1
                if len(batch) >= BATCH:
                    _save(batch)
            _save(batch)
    return count


def _save(batch):
    if batch:
        PostcodePoint.objects.bulk_create(
            batch.values(),
            update_conflicts=True,
            unique_fields=["postcode_key"],
            update_fields=["latitude", "longitude"],
        )
    batch.clear()


def point_of(postcode):
    """(latitude, longitude) of a postcode's centre, or None if it is not known."""
    found = PostcodePoint.objects.filter(postcode_key=postcode_key(postcode)).first()
    return (found.latitude, found.longitude) if found else None


def place(listing):
    """Set the listing's point from its postcode (cleared if the postcode is not known)."""
    point = point_of(listing.postcode)
    listing.latitude, listing.longitude = point if point else (None, None)
