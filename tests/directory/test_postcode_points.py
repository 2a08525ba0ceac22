"""Postcode centres come from the same ONS lookup as the area data (its lat and long columns);
loading them places the listings on the map."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import Listing, PostcodePoint
from directory.services import postcode_points_load


def _csv(tmp_path, text):
    path = tmp_path / "nspl.csv"
    path.write_text(text)
    return path


def test_loads_points_and_skips_rows_without_one(tmp_path, db):
    path = _csv(
        tmp_path,
        "pcds,lsoa21cd,lat,long\n"
        "RV1 2AB,E01990001,52.0,-1.0\n"
        "rv34cd,E01990002,52.027,-1.0\n"
        "RV9 9ZZ,E01990003,99.999999,0.000000\n"
        "RV8 8ZZ,E01990003,,\n",
    )
    assert postcode_points_load(path) == 2
    assert PostcodePoint.objects.get(postcode_key="RV34CD").latitude == 52.027
    assert postcode_points_load(path) == 2  # again: updated, not doubled
    assert PostcodePoint.objects.count() == 2


def test_a_file_without_points_says_so(tmp_path, db):
    path = _csv(tmp_path, "pcds,lsoa21cd\nRV1 2AB,E01990001\n")
    with pytest.raises(CommandError, match="no latitude column"):
        call_command("load_postcode_points", str(path))


def test_the_command_places_listings(tmp_path, draft):
    assert draft.latitude is None
    path = _csv(tmp_path, "pcd7,lat,long\nRV1 2AB,52.0,-1.0\n")
    call_command("load_postcode_points", str(path))
    assert Listing.objects.get(pk=draft.pk).latitude == 52.0
