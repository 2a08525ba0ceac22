"""What the directory's pages share."""

from django.contrib import messages
from django.shortcuts import get_object_or_404

from ..models import Listing


def listing_or_404(pk):
    return get_object_or_404(
        Listing.objects.select_related("group", "funder").prefetch_related("sessions"), pk=pk
    )


def refuse(request, refused):
    for problem in refused.problems or [refused.message]:
        messages.error(request, problem)
