"""The officers' pages: listings to check, and checking one (list it, or ask for changes with a
plain reason); hiding one that should not be public."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.audit import timeline
from core.guards import allowed_or_403, allowed_or_404, staff_only
from core.refusals import Refused
from core.transitions import available

from .. import services
from ..forms import ReasonForm
from ..models import ListingState
from ..selectors import listings_for_staff
from .common import listing_or_404, refuse


@staff_only
def staff_listings(request):
    allowed_or_403(request.user, "view_listings_to_check", None)
    listings = list(listings_for_staff(request.user))
    return render(
        request,
        "directory/staff/listings.html",
        {
            "to_check": [item for item in listings if item.state == ListingState.AWAITING_CHECK],
            "cancelled": [item for item in listings if item.grant_cancelled_at],
            "others": [item for item in listings if item.state != ListingState.AWAITING_CHECK],
        },
    )


def _check_page(request, listing, reason_form=None):
    return render(
        request,
        "directory/staff/check.html",
        {
            "listing": listing,
            "actions": available(listing, request.user),
            "reason_form": reason_form or ReasonForm(),
            "events": timeline(listing),
        },
    )


@staff_only
def staff_listing(request, pk):
    listing = allowed_or_404(request.user, "view_listing", listing_or_404(pk))
    return _check_page(request, listing)


@staff_only
@require_POST
def staff_listing_approve(request, pk):
    listing = allowed_or_404(request.user, "view_listing", listing_or_404(pk))
    try:
        services.listing_approve(listing, by=request.user)
    except Refused as refused:
        refuse(request, refused)
    else:
        messages.success(request, gettext("The listing is now public."))
    return redirect("directory_staff_listing", pk=listing.pk)


@staff_only
@require_POST
def staff_listing_changes(request, pk):
    listing = allowed_or_404(request.user, "view_listing", listing_or_404(pk))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _check_page(request, listing, form)
    try:
        services.listing_ask_for_changes(
            listing, by=request.user, reason=form.cleaned_data["reason"]
        )
    except Refused as refused:
        refuse(request, refused)
    else:
        messages.success(request, gettext("The listing is sent back to the group with your note."))
    return redirect("directory_staff_listing", pk=listing.pk)


@staff_only
@require_POST
def staff_listing_hide(request, pk):
    listing = allowed_or_404(request.user, "view_listing", listing_or_404(pk))
    try:
        services.listing_hide(listing, by=request.user, reason="Hidden by an officer")
    except Refused as refused:
        refuse(request, refused)
    else:
        messages.success(request, gettext("The listing is hidden."))
    return redirect("directory_staff_listing", pk=listing.pk)


@staff_only
@require_POST
def staff_listing_after_cancelled_grant(request, pk, keep):
    listing = allowed_or_404(request.user, "view_listing", listing_or_404(pk))
    allowed_or_403(request.user, "check_listing", listing)
    try:
        if keep:
            services.listing_keep_after_cancelled_grant(listing, by=request.user)
        else:
            services.listing_take_down_after_cancelled_grant(listing, by=request.user)
    except Refused as refused:
        refuse(request, refused)
    else:
        messages.success(
            request,
            gettext("The listing stays up.") if keep else gettext("The listing is taken down."),
        )
    return redirect("directory_staff_listing", pk=listing.pk)


def staff_listing_keep(request, pk):
    return staff_listing_after_cancelled_grant(request, pk, keep=True)


def staff_listing_take_down(request, pk):
    return staff_listing_after_cancelled_grant(request, pk, keep=False)
