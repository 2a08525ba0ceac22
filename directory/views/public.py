"""The public "What's on near you" pages: search, one listing, and a printable version a link
worker can hand over. No JavaScript needed; nothing about who looked is kept (views are a
count)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import pgettext

from awards.open_data import grant_ids_by_group

from .. import services
from ..forms import SearchForm
from ..selectors import public_listing, search
from ..themes import Theme


def whats_on(request):
    form = SearchForm(request.GET or None)
    found, searched = None, bool(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        found = search(
            postcode=data["postcode"].strip(),
            theme=data["theme"],
            day=data["day"],
            turn_up=data["turn_up"],
        )
    elif not searched:
        found = search()
    return render(
        request,
        "directory/whats_on.html",
        {"form": form, "found": found, "searched": searched},
    )


def _and(names):
    """The funders behind a listing, in words: A; A and B; A and B and C."""
    words = ""
    for name in names:
        words = (
            pgettext("a list of names", "%(names)s and %(name)s") % {"names": words, "name": name}
            if words
            else name
        )
    return words


def whats_on_listing(request, public_id, printable=False):
    listing = public_listing(public_id)
    if listing is None:
        raise Http404("Not found")
    if not printable:
        services.listing_count_view(listing)
    grants = grant_ids_by_group([listing.group_id]).get(listing.group_id, [])
    return render(
        request,
        "directory/print.html" if printable else "directory/listing.html",
        {
            "listing": listing,
            "theme": Theme(listing.theme).label,
            "grants": grants,
            "funded_by": _and(grant["funder"] for grant in grants),
        },
    )


def whats_on_print(request, public_id):
    return whats_on_listing(request, public_id, printable=True)
