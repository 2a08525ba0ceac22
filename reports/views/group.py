"""The group's report pages: its reports, filling one in, its photos."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.downloads import attachment
from core.guards import allowed_or_404, person
from core.transitions import TransitionRefused
from grants.permissions import group_ids, supported_group_ids

from .. import services
from ..forms import PhotoForm, ReportForm
from ..models import (
    IN_STATES,
    OPEN_STATES,
    ReportPhoto,
    ReportState,
)
from ..photos import MAX_PHOTOS_PER_REPORT
from ..selectors import reports_for_user
from ..services import WELLBEING_SOURCE
from .common import report_or_404


# --------------------------------------------------------------------------------------------
# The group's pages
# --------------------------------------------------------------------------------------------
@person
def my_reports(request):
    reports = list(reports_for_user(request.user))
    return render(
        request,
        "reports/my_reports.html",
        {
            "to_send": [r for r in reports if r.state in OPEN_STATES],
            "later": [r for r in reports if r.state == ReportState.SCHEDULED],
            "sent": [r for r in reports if r.state in IN_STATES],
            "today": timezone.localdate(),
        },
    )


def handle_report_form(request, report, *, by_phone=False):
    """Save (to finish later) or send a report, with an optional photo. Returns a response
    when done, or (form, photo_form) to show again with what was typed kept."""
    action = request.POST.get("action", "save")
    sending = action == "send"
    form = ReportForm(request.POST, report=report, draft=not sending)
    photo_form = PhotoForm(request.POST, request.FILES)
    photo_saved = False
    if photo_form.is_valid() and photo_form.cleaned_data.get("photo"):
        cleaned = photo_form.cleaned_data["photo"]
        try:
            services.photo_add(
                report,
                image=cleaned["file"],
                width=cleaned["width"],
                height=cleaned["height"],
                caption=photo_form.cleaned_data["caption"],
                by=request.user,
            )
        except services.PhotoRefused as refused:
            photo_form.add_error("photo", refused.message)
        else:
            photo_saved = True
    if not form.is_valid():
        if photo_saved:
            messages.success(request, gettext("Your photo is saved."))
        return form, PhotoForm() if photo_saved else photo_form
    with transaction.atomic():
        form.save_to(report)
        report.save()
    if not photo_form.is_valid():
        messages.success(
            request, gettext("Your answers are saved. There is a problem with the photo.")
        )
        return ReportForm(report=report), photo_form
    if not sending:
        messages.success(
            request,
            gettext("Your photo and answers are saved.")
            if photo_saved
            else gettext("Your answers are saved."),
        )
        return None
    try:
        services.report_send(report, by=request.user, by_phone=by_phone)
    except TransitionRefused as refused:
        for problem in refused.problems or [refused.message]:
            messages.error(request, problem)
        return ReportForm(request.POST, report=report), PhotoForm()
    messages.success(
        request,
        gettext("The report is typed in and sent.")
        if by_phone
        else gettext("Thank you. Your report is sent."),
    )
    return None


@person
def report_detail(request, pk):
    report = allowed_or_404(request.user, "view_report", report_or_404(pk))
    can_edit = report.state in OPEN_STATES and report.group_id in (
        group_ids(request.user) | supported_group_ids(request.user)
    )
    form, photo_form = None, None
    if request.method == "POST":
        if not can_edit:
            messages.error(request, gettext("This report cannot be changed now."))
            return redirect("report_detail", pk=report.pk)
        outcome = handle_report_form(request, report)
        if outcome is None:
            return redirect("report_detail", pk=report.pk)
        form, photo_form = outcome
    elif can_edit:
        form, photo_form = ReportForm(report=report), PhotoForm()
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "form": form,
            "photo_form": photo_form,
            "photos": list(report.photos.all()),
            "can_edit": can_edit,
            "max_photos": MAX_PHOTOS_PER_REPORT,
            "wellbeing_source": WELLBEING_SOURCE,
            "today": timezone.localdate(),
        },
    )


@person
def report_photo(request, pk):
    photo = get_object_or_404(ReportPhoto.objects.select_related("report"), pk=pk)
    allowed_or_404(request.user, "view_report", photo.report)
    try:
        handle = default_storage.open(photo.image.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("Not found") from None
    return attachment(handle, f"photo-{photo.pk}.jpg", "image/jpeg", inline=True)


@person
@require_POST
def report_photo_remove(request, pk, photo_pk):
    report = allowed_or_404(request.user, "send_report", report_or_404(pk))
    photo = get_object_or_404(ReportPhoto, pk=photo_pk, report=report)
    if report.state not in OPEN_STATES:
        messages.error(request, gettext("This report cannot be changed now."))
    else:
        name = photo.image.name
        photo.delete()
        default_storage.delete(name)
        messages.success(request, gettext("The photo is removed."))
    if request.POST.get("next") == "staff":
        return redirect("staff_report_phone", pk=report.pk)
    return redirect("report_detail", pk=report.pk)
