"""A signed-in person's own data: "Download your data" (a subject-access export)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.downloads import attachment
from core.guards import signed_in

from ..privacy import export_personal_data_json, record_export, retention_days


@signed_in
@require_http_methods(["GET", "POST"])
def my_data(request):
    """GET: what the file holds. POST (a button, so a link cannot start it): the file."""
    if request.method == "POST":
        text = export_personal_data_json(request.user)
        record_export(request.user, by=request.user)
        name = f"seedbed-your-data-{timezone.localdate():%Y-%m-%d}.json"
        return attachment(text, name, "application/json; charset=utf-8")
    return render(request, "grants/privacy/my_data.html", {"retention_days": retention_days()})
