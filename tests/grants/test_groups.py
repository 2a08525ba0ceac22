"""The plain format checks for a group's profile: postcodes, charity and company numbers, phones."""

import pytest
from django.core.exceptions import ValidationError

from grants.services.groups import (
    charity_number_normalise,
    company_number_normalise,
    phone_normalise,
    postcode_normalise,
)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("ls14ap", "LS1 4AP"),
        ("  sw1a 1aa ", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("b33 8th", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("", ""),
    ],
)
def test_good_postcodes_are_tidied(typed, stored):
    assert postcode_normalise(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12345", "LS1", "LS1 4A", "L$1 4AP", "<script>", "AAA1 1AA", "LS1 4AP X", "1LS 4AP"]
)
def test_bad_postcodes_are_refused_plainly(typed):
    with pytest.raises(ValidationError, match="Enter a real UK postcode"):
        postcode_normalise(typed)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("1234567", "1234567"),
        ("202918", "202918"),
        ("sc012345", "SC012345"),
        ("NIC100001", "NIC100001"),
        ("1123456-1", "1123456-1"),
        ("", ""),
    ],
)
def test_charity_numbers(typed, stored):
    assert charity_number_normalise(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "ABC", "SC12345", "12345678901", "<b>1</b>"])
def test_bad_charity_numbers(typed):
    with pytest.raises(ValidationError, match="Enter a charity number like"):
        charity_number_normalise(typed)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),
        ("sc123456", "SC123456"),
        ("CE001234", "CE001234"),
        ("", ""),
    ],
)
def test_company_numbers(typed, stored):
    assert company_number_normalise(typed) == stored


@pytest.mark.parametrize("typed", ["123456789", "XX123456", "SC12345", "company"])
def test_bad_company_numbers(typed):
    with pytest.raises(ValidationError, match="Enter a company number like"):
        company_number_normalise(typed)


@pytest.mark.parametrize("typed", ["07700 900123", "+44 7700 900123", "(0113) 496 0000"])
def test_phones(typed):
    assert phone_normalise(typed) == typed


@pytest.mark.parametrize("typed", ["123", "call me", "0770090012345678901", "07700<script>"])
def test_bad_phones(typed):
    with pytest.raises(ValidationError, match="Enter a phone number"):
        phone_normalise(typed)
