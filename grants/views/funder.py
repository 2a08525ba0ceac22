"""The funder's own details, for its officers: the contact groups see in letters and emails,
and its standard terms of grant. Thin: the work is in grants.services.funders."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from core.guards import allowed_or_403, allowed_or_404, staff_only

from ..forms.funder import FunderContactForm
from ..selectors import funder_or_404
from ..services.funders import CONTACT_FIELDS, funder_contact_update


@staff_only
def funder_contact(request, slug):
    funder = allowed_or_404(request.user, "view_funder", funder_or_404(slug))
    allowed_or_403(request.user, "manage_funder", funder)
    initial = {name: getattr(funder, name) for name in CONTACT_FIELDS}
    form = FunderContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        funder_contact_update(funder, by=request.user, data=form.cleaned_data)
        messages.success(request, gettext("Saved. New letters and emails use these details."))
        return redirect("staff_home")
    return render(request, "grants/staff/funder_contact.html", {"funder": funder, "form": form})
