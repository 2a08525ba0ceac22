"""The Open Referral UK feed (the profile's API), read-only, public, no key:

    GET /openreferral/                       about this API
    GET /openreferral/services               paged; text, postcode (+ proximity in metres),
                                             taxonomy_term_id, taxonomy_id, day, modified_after
    GET /openreferral/services/<id>          one service, fully nested
    GET /openreferral/taxonomies[/<id>]      the theme taxonomy
    GET /openreferral/taxonomy_terms[/<id>]  its terms
    GET /openreferral/service_at_locations   paged, same filters

Every answer carries `Access-Control-Allow-Origin: *`. Each address may be asked
`SEEDBED_OPENREFERRAL_RATE` times a minute (default 120), counted in the shared cache, so it
holds across web processes; more get 429 with a Retry-After. Only listed listings are in the
feed: a hidden one leaves it at the next request.

The feed is open data for other services to read: its words (themes, access, meeting times)
are always in the site's own language (English), whatever the reader's browser asks for.
"""

import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from awards.open_data import grant_ids_by_group
from reports.areas import postcode_key

from .. import openreferral as oruk
from ..selectors import near, public_listings
from ..themes import TAXONOMY_ID, Theme, theme_for_term_id

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class BadRequest(ValueError):
    pass


def _client(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def _throttled(request):
    rate = getattr(settings, "SEEDBED_OPENREFERRAL_RATE", 120)
    window = int(time.time() // 60)
    key = f"oruk-rate:{_client(request)}:{window}"
    cache.add(key, 0, timeout=70)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > rate


def feed(view):
    """Public JSON with CORS, throttled, with a plain error for bad parameters, in English."""

    @require_GET
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            if _throttled(request):
                response = JsonResponse({"error": "Too many requests. Try again in a minute."},
                                        status=429)  # fmt: skip
                response["Retry-After"] = "60"
            else:
                try:
                    response = JsonResponse(view(request, *args, **kwargs))
                except BadRequest as problem:
                    response = JsonResponse({"error": str(problem)}, status=400)
                except LookupError:
                    response = JsonResponse({"error": "Not found."}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _int(request, name, default, low=1, high=None):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number.") from None
    if value < low or (high is not None and value > high):
        raise BadRequest(f"{name} must be from {low} to {high or 'any'}.")
    return value


def _modified_after(raw):
    try:
        value = parse_datetime(raw)
        day = parse_date(raw) if value is None else None
    except ValueError:
        value = day = None
    if day is not None:
        value = datetime(day.year, day.month, day.day)
    if value is None:
        raise BadRequest("modified_after must be a date or date-time, like 2026-01-31.")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _filtered(request):
    """The listed listings the request's filters allow, in order (a list)."""
    queryset = public_listings()
    text = request.GET.get("text") or request.GET.get("search") or ""
    if text:
        queryset = queryset.filter(name__icontains=text) | queryset.filter(
            description__icontains=text
        )
    term = request.GET.get("taxonomy_term_id")
    if term:
        theme = theme_for_term_id(term)
        queryset = queryset.filter(theme=theme) if theme else queryset.none()
    taxonomy = request.GET.get("taxonomy_id")
    if taxonomy and taxonomy != TAXONOMY_ID:
        queryset = queryset.none()
    if request.GET.get("modified_after"):
        queryset = queryset.filter(updated_at__gte=_modified_after(request.GET["modified_after"]))
    day = request.GET.get("day")
    if day:
        queryset = _on_day(queryset, day)
    postcode = request.GET.get("postcode")
    if postcode:
        if len(postcode_key(postcode)) < 5:
            raise BadRequest("postcode must be a full UK postcode.")
        metres = _int(request, "proximity", 8000, low=100, high=100_000)
        return [
            listing for listing, _ in near(queryset.distinct(), postcode, metres / 1000).results
        ]
    return list(queryset.distinct().order_by("name", "pk"))


def _on_day(queryset, day):
    days = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}
    index = days.get(day.strip().lower()[:2])
    if index is None:
        raise BadRequest("day must be a day of the week, like Tuesday or TU.")
    return queryset.filter(sessions__day=index)


def _paged(request, items, render):
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, high=MAX_PER_PAGE)
    number = _int(request, "page", 1)
    chunk = items[(number - 1) * per_page : number * per_page]
    return oruk.page([render(item) for item in chunk], total=len(items), number=number,
                     per_page=per_page)  # fmt: skip


@feed
def api_info(request):
    return {
        "version": oruk.HSDS_VERSION,
        "profile": oruk.PROFILE_URL,
        "openapi_url": oruk.OPENAPI_URL,
        "services_url": request.build_absolute_uri(reverse("openreferral_services")),
    }


@feed
def services(request):
    return _paged(request, _filtered(request), lambda item: oruk.service_summary(item, request))


@feed
def service_detail(request, public_id):
    listing = public_listings().filter(public_id=public_id).first()
    if listing is None:
        raise LookupError(public_id)
    grants = grant_ids_by_group([listing.group_id]).get(listing.group_id, [])
    return oruk.service(listing, request, grants)


@feed
def service_at_locations(request):
    return _paged(request, _filtered(request), lambda item: oruk.service_at_location(item, request))


@feed
def taxonomies(request):
    return _paged(request, [oruk.taxonomy()], lambda item: item)


@feed
def taxonomy_detail(request, taxonomy_id):
    if str(taxonomy_id) != TAXONOMY_ID:
        raise LookupError(taxonomy_id)
    return {**oruk.taxonomy(), "taxonomy_terms": [oruk.taxonomy_term(t) for t in Theme]}


@feed
def taxonomy_terms(request):
    return _paged(request, list(Theme), oruk.taxonomy_term)


@feed
def taxonomy_term_detail(request, term):
    theme = theme_for_term_id(str(term))
    if theme is None:
        raise LookupError(term)
    return oruk.taxonomy_term(theme)
