"""Listings as Open Referral UK data (HSDS 3.0, UK profile): each listed listing is one
`service`, provided by one `organization` (the group), at one `location` (where it meets).

Every id in the feed is a UUID, as the profile asks: the listing's own `public_id` for the
service, and ids made from it (uuid5) for its parts, so they never change between requests.
Nothing private is published: only what the group wrote in its listing, its theme, and its
grants' 360Giving ids (through `funding`).
"""

import uuid

from django.urls import reverse

from .models import Access, Session
from .themes import (
    CLASSIFICATION,
    TAXONOMY_DESCRIPTION,
    TAXONOMY_ID,
    TAXONOMY_NAME,
    TAXONOMY_URI,
    TAXONOMY_VERSION,
    Theme,
    term_id,
)

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
ORDINAL = {"first": "1", "second": "2", "third": "3", "fourth": "4", "last": "-1"}
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def part_id(listing, part):
    return str(uuid.uuid5(listing.public_id, part))


def taxonomy():
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": TAXONOMY_DESCRIPTION,
        "uri": TAXONOMY_URI,
        "version": TAXONOMY_VERSION,
    }


def taxonomy_term(theme):
    code, words = CLASSIFICATION[Theme(theme)]
    return {
        "id": term_id(theme),
        "name": Theme(theme).label,
        "description": f"{words} (Charity Commission classification {code})",
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "term": code,
    }


def schedule(listing, session):
    monthly = session.often not in (Session.Often.WEEKLY, Session.Often.FORTNIGHTLY)
    day = BYDAY[session.day]
    return {
        "id": part_id(listing, f"schedule-{session.pk}"),
        "service_id": str(listing.public_id),
        "freq": "MONTHLY" if monthly else "WEEKLY",
        "interval": 2 if session.often == Session.Often.FORTNIGHTLY else 1,
        "byday": f"{ORDINAL[session.often]}{day}" if monthly else day,
        "opens_at": session.starts.strftime("%H:%M:%S"),
        "closes_at": session.ends.strftime("%H:%M:%S"),
        "description": session.plain(),
        "attending_type": "Just turn up" if listing.turn_up else "Get in touch first",
    }


def location(listing):
    loc_id = part_id(listing, "location")
    found = {
        "id": loc_id,
        "location_type": "physical",
        "name": listing.venue,
        "addresses": [
            {
                "id": part_id(listing, "address"),
                "location_id": loc_id,
                "address_1": listing.street or listing.venue,
                "city": listing.town or listing.area or "",
                "state_province": "",
                "postal_code": listing.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {
                "id": part_id(listing, f"access-{code}"),
                "location_id": loc_id,
                "description": Access(code).label,
            }
            for code in listing.accessibility
            if code in Access.values
        ]
        + (
            [
                {
                    "id": part_id(listing, "access-notes"),
                    "location_id": loc_id,
                    "description": listing.access_notes,
                }
            ]
            if listing.access_notes
            else []
        ),  # fmt: skip
    }
    if listing.latitude is not None:
        found["latitude"], found["longitude"] = listing.latitude, listing.longitude
    return found


def organization(listing):
    return {
        "id": part_id(listing, "organization"),
        "name": listing.name,
        "description": listing.description,
    }


def service_summary(listing, request):
    """The one-to-one fields of a service (for lists)."""
    found = {
        "id": str(listing.public_id),
        "organization_id": part_id(listing, "organization"),
        "name": listing.name,
        "description": f"{listing.description}\n\nWho it is for: {listing.who_for}",
        "url": request.build_absolute_uri(reverse("whats_on_listing", args=[listing.public_id])),
        "status": "active",
        "last_modified": listing.updated_at.isoformat(),
        "organization": organization(listing),
    }
    if listing.contact_email:
        found["email"] = listing.contact_email
    if listing.checked_at:
        found["assured_date"] = listing.checked_at.date().isoformat()
    return found


def service(listing, request, grants):
    """A fully nested service. `grants`: the group's 360Giving grants ([{id, funder, round}])."""
    sid = str(listing.public_id)
    found = service_summary(listing, request)
    found.update(
        {
            "schedules": [schedule(listing, s) for s in listing.sessions.all()],
            "service_at_locations": [
                {
                    "id": part_id(listing, "service-at-location"),
                    "service_id": sid,
                    "location_id": part_id(listing, "location"),
                    "location": location(listing),
                }
            ],
            "languages": [
                {"id": part_id(listing, f"language-{name}"), "service_id": sid, "name": name}
                for name in _languages(listing)
            ],
            "funding": [
                {
                    "id": part_id(listing, f"funding-{grant['id']}"),
                    "service_id": sid,
                    "source": f"{grant['id']}: a grant from {grant['funder']} ({grant['round']})",
                }
                for grant in grants
            ],
            "cost_options": [_cost(listing)],
            "contacts": _contacts(listing),
            "attributes": [
                {
                    "id": part_id(listing, "theme"),
                    "link_id": sid,
                    "link_type": "service",
                    "taxonomy_term_id": term_id(listing.theme),
                    "taxonomy_term": taxonomy_term(listing.theme),
                }
            ],
        }
    )
    return found


def service_at_location(listing, request):
    return {
        "id": part_id(listing, "service-at-location"),
        "service_id": str(listing.public_id),
        "location_id": part_id(listing, "location"),
        "location": location(listing),
        "service": service_summary(listing, request),
    }


def _languages(listing):
    return [name.strip() for name in listing.languages.replace(";", ",").split(",") if name.strip()]


def _cost(listing):
    free = listing.cost.strip().lower() in ("free", "free.", "")
    found = {"id": part_id(listing, "cost"), "service_id": str(listing.public_id),
             "option": listing.cost or "Free"}  # fmt: skip
    if free:
        found["amount"] = 0
    return found


def _contacts(listing):
    if not (listing.contact_name or listing.contact_phone):
        return []
    contact = {"id": part_id(listing, "contact"), "service_id": str(listing.public_id)}
    if listing.contact_name:
        contact["name"] = listing.contact_name
    if listing.contact_phone:
        contact["phones"] = [{"id": part_id(listing, "phone"), "number": listing.contact_phone}]
    return [contact]


def page(items, *, total, number, per_page):
    total_pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": total == 0,
        "contents": items,
    }
