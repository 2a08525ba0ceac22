"""The group's pages: asking to be listed, writing the listing, sending it for a check,
hiding it, showing it again and taking it down."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.audit import timeline
from core.guards import allowed_or_404, person
from core.refusals import Refused
from core.transitions import available
from grants.selectors import group_by_pk

from .. import services
from ..forms import ListingForm, session_formset, sessions_from
from ..models import ListingState
from ..selectors import listings_for_person
from .common import listing_or_404, refuse


@person
def my_listings(request):
    return render(
        request, "directory/my_listings.html", {"groups": listings_for_person(request.user)}
    )


@person
@require_POST
def list_us(request, group_pk):
    group = group_by_pk(group_pk)
    if group is None:
        return redirect("directory_mine")
    allowed_or_404(request.user, "list_group", group)
    try:
        listing = services.listing_start(group, by=request.user)
    except Refused as refused:
        refuse(request, refused)
        return redirect("directory_mine")
    return redirect("directory_edit", pk=listing.pk)


@person
def listing_edit(request, pk):
    listing = allowed_or_404(request.user, "edit_listing", listing_or_404(pk))
    if listing.state == ListingState.WITHDRAWN:
        return redirect("directory_listing", pk=listing.pk)
    form = ListingForm(request.POST or None, instance=listing)
    times = session_formset(listing, request.POST or None)
    if request.method == "POST" and form.is_valid() and times.is_valid():
        try:
            with transaction.atomic():
                listing = services.listing_save(
                    listing, form.cleaned_data, sessions_from(times), by=request.user
                )
                if request.POST.get("action") == "send":
                    listing = services.listing_send_for_check(listing, by=request.user)
        except Refused as refused:
            refuse(request, refused)
            return redirect("directory_listing", pk=listing.pk)
        messages.success(request, _saved_message(listing))
        return redirect("directory_listing", pk=listing.pk)
    return render(
        request,
        "directory/listing_edit.html",
        {"listing": listing, "form": form, "times": times},
    )


def _saved_message(listing):
    if listing.state == ListingState.AWAITING_CHECK:
        return gettext("Your listing is sent. An officer will check it before people can see it.")
    return gettext("Your listing is saved.")


@person
def listing_page(request, pk):
    listing = allowed_or_404(request.user, "view_listing", listing_or_404(pk))
    return render(
        request,
        "directory/listing_status.html",
        {
            "listing": listing,
            "actions": available(listing, request.user),
            "can_edit": _can_edit(request.user, listing),
            "events": timeline(listing),
        },
    )


def _can_edit(user, listing):
    return listing.state != ListingState.WITHDRAWN and listing.pk in {
        item.pk for _group, item, _funded in listings_for_person(user) if item is not None
    }


GROUP_ACTIONS = {
    "submit": (services.listing_send_for_check, _("Your listing is sent for a check.")),
    "hide": (services.listing_hide, _("Your listing is hidden. People cannot see it now.")),
    "show_again": (services.listing_show_again, _("Your listing is back on the directory.")),
    "withdraw": (services.listing_withdraw, _("Your listing is taken down.")),
    "start_again": (services.listing_start_again, _("You can write your listing again.")),
    "confirm": (services.listing_confirm, _("Thank you. Your listing stays up.")),
}


@person
@require_POST
def listing_action(request, pk, action):
    listing = allowed_or_404(request.user, "view_listing", listing_or_404(pk))
    if action not in GROUP_ACTIONS:
        return redirect("directory_listing", pk=listing.pk)
    if action == "confirm":
        allowed_or_404(request.user, "edit_listing", listing)
    service, done = GROUP_ACTIONS[action]
    try:
        service(listing, by=request.user)
    except Refused as refused:
        refuse(request, refused)
    else:
        messages.success(request, str(done))
    return redirect("directory_listing", pk=listing.pk)
