"""Published open data: the funder's 360Giving file at its stable public address, and the
officers' page where the funder chooses to publish it and under which licence.

    GET /open-data/<funder>/grants.json   (and .csv, .xlsx) anyone, no sign-in
    GET|POST /staff/funders/<funder>/open-data/   the funder's officers (second factor, and
                                                   confirming who they are)

The file is made from the ledger on every request, so a change to an award shows in the next
download. It holds only what 360Giving publishes (see awards.open_data: no contact names,
emails, phones or postcodes). Not found (404) when the funder has not chosen to publish, or
has no grants to publish yet.
"""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.downloads import safe_filename
from core.guards import allowed_or_403, allowed_or_404, staff_only
from core.reauth import reauthentication_required
from grants.forms.publishing import OpenDataPublishingForm
from grants.selectors import funder_or_404
from grants.services.publishing import PublishingRefused, open_data_publishing_set

from .. import open_data
from .common import show_refusal

# Public data: any cache may keep it for five minutes (a change shows within that time).
PUBLIC_CACHE = "public, max-age=300"
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_safe
def published_grants(request, slug, fmt):
    """The funder's published 360Giving file, for anyone (GET, or HEAD to check the link)."""
    funder = funder_or_404(slug)
    if fmt not in CONTENT_TYPES or not funder.open_data_published:
        raise Http404("This funder does not publish open data here.")
    data = open_data.package(funder)
    if not data["grants"]:
        # A 360Giving file needs at least one grant: say so plainly rather than send a bad file.
        return HttpResponseNotFound(
            gettext("%(funder)s has no grants to publish yet.") % {"funder": funder.name},
            content_type="text/plain; charset=utf-8",
        )
    if fmt == "csv":
        content = open_data.to_csv(data)
    elif fmt == "xlsx":
        content = open_data.to_xlsx(data)
    else:
        content = json.dumps(data, indent=2, ensure_ascii=False)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "json" else "attachment"
    name = safe_filename(f"{funder.slug}-grants.{fmt}")
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PUBLIC_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@staff_only
@reauthentication_required
def publishing_settings(request, slug):
    """The funder's officers choose whether to publish, and the licence (making data public is
    a sensitive step: staff confirm who they are first)."""
    funder = allowed_or_404(request.user, "view_funder", funder_or_404(slug))
    allowed_or_403(request.user, "manage_funder", funder)
    initial = {
        "published": "yes" if funder.open_data_published else "no",
        "licence": funder.open_data_licence,
    }
    posted = request.POST if request.method == "POST" else None
    form = OpenDataPublishingForm(posted, initial=initial)
    if request.method == "POST" and form.is_valid():
        publish = form.cleaned_data["published"] == "yes"
        try:
            open_data_publishing_set(
                funder, by=request.user, published=publish, licence=form.cleaned_data["licence"]
            )
        except PublishingRefused as refused:
            show_refusal(request, refused, form, "licence")
        else:
            messages.success(
                request,
                gettext("Your grants are now published as open data.")
                if publish
                else gettext("Your grants are no longer published as open data."),
            )
            return redirect("open_data_settings", slug=funder.slug)
    addresses = [(fmt.upper(), open_data.public_url(funder, fmt)) for fmt in open_data.FORMATS]
    return render(
        request,
        "awards/open_data_settings.html",
        {"funder": funder, "form": form, "addresses": addresses},
    )
