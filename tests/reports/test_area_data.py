"""Loading area data: postcode → small area and ward, small area → deprivation decile."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.areas import normalise_postcode, postcode_key
from reports.models import LsoaDeprivation, PostcodeArea

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "area"


def load():
    call_command(
        "load_area_data",
        postcodes=str(FIXTURES / "postcodes.csv"),
        imd=str(FIXTURES / "imd.csv"),
    )


@pytest.mark.parametrize(
    "typed,key,shown",
    [
        ("rv12ab", "RV12AB", "RV1 2AB"),
        (" RV1  2ab ", "RV12AB", "RV1 2AB"),
        ("sw1a-1aa", "SW1A1AA", "SW1A 1AA"),
    ],
)
def test_postcodes_are_normalised(typed, key, shown):
    assert postcode_key(typed) == key
    assert normalise_postcode(typed) == shown


def test_the_command_loads_postcodes_and_deciles(capsys):
    load()
    assert "Postcodes loaded: 4" in capsys.readouterr().out
    area = PostcodeArea.objects.get(postcode_key="RV12AB")
    assert (area.postcode, area.lsoa_code, area.ward_name, area.imd_decile) == (
        "RV1 2AB", "E01990001", "Northfield Ward", 1,
    )  # fmt: skip
    assert LsoaDeprivation.objects.get(lsoa_code="E01990004").imd_decile == 10


def test_loading_again_updates_rather_than_duplicates():
    load()
    load()
    assert PostcodeArea.objects.count() == 4
    assert LsoaDeprivation.objects.count() == 4


def test_a_file_without_the_columns_is_refused_with_the_columns_expected(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,place\nX,Y\n")
    with pytest.raises(CommandError, match="no postcode column"):
        call_command("load_area_data", postcodes=str(bad))
    with pytest.raises(CommandError, match="no LSOA code column"):
        call_command("load_area_data", imd=str(bad))


def test_a_bad_decile_is_refused(tmp_path):
    bad = tmp_path / "imd.csv"
    bad.write_text("lsoa21cd,imd_decile\nE01,11\n")
    with pytest.raises(CommandError, match="from 1 to 10"):
        call_command("load_area_data", imd=str(bad))


def test_nothing_to_load_or_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Give --postcodes"):
        call_command("load_area_data")
    with pytest.raises(CommandError, match="File not found"):
        call_command("load_area_data", postcodes=str(tmp_path / "nope.csv"))
