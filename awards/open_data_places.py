"""Where a grant is, for 360Giving: where its beneficiaries are and where its recipient is.

Places are published as an electoral ward (name, ONS code, geoCodeType "WD"), never as a
postcode or address: many community groups are run from someone's home, and 360Giving's location
guidance says to turn such postcodes into area codes before publishing. The ward comes from the
group's postcode and the area data the funder loaded (`manage.py load_area_data`, kept by the
reports app). Awards may not import reports, so reports registers its look-up here from its
`AppConfig.ready()` (`register_ward_lookup`); with no look-up registered, or a postcode not in
the area data, only the place name is published.

The beneficiary location is, in order: the area code an officer gave the offer (`geo_code`),
else the ward of the group's postcode, else the name of the group's (or the round's) area.
The recipient's location is the ward of the group's postcode when the group itself receives
the money (a host organisation's place is not known to Seedbed, so none is given for it).
"""

_WARD_LOOKUPS = []


def register_ward_lookup(lookup):
    """Register `lookup(postcodes) -> {postcode: (ward code, ward name)}` (for the postcodes it
    knows, keyed as given). Registering the same function again does nothing."""
    if lookup not in _WARD_LOOKUPS:
        _WARD_LOOKUPS.append(lookup)
    return lookup


def wards_of(postcodes):
    """{postcode: (ward code, ward name)} for the postcodes the area data knows."""
    wanted = sorted({p for p in postcodes if p})
    found = {}
    if not wanted:
        return found
    for lookup in _WARD_LOOKUPS:
        for postcode, ward in lookup(wanted).items():
            found.setdefault(postcode, ward)
    return found


def ward_location(ward):
    """A 360Giving location for a (ward code, ward name) pair (None without a code)."""
    code, name = ward or ("", "")
    if not code:
        return None
    location = {"countryCode": "GB"}
    if name:
        location["name"] = name
    location.update(geoCode=code, geoCodeType="WD")
    return location


def beneficiary_location(award, ward, area_name):
    """Where the grant's beneficiaries are (None when nothing but the country is known).
    `area_name` is the group's or round's area, already cleared of personal names."""
    if award.geo_code:
        location = {"countryCode": "GB"}
        if area_name:
            location["name"] = area_name
        location.update(geoCode=award.geo_code, geoCodeType=award.geo_code_type or "WD")
        return location
    located = ward_location(ward)
    if located:
        return located
    return {"countryCode": "GB", "name": area_name} if area_name else None
