"""Officers' report pages: reading, accepting, asking for changes, typing in a report given by
phone, and a round's reporting settings."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.audit import timeline
from core.guards import allowed_or_404, staff_only
from core.transitions import TransitionRefused
from grants.permissions import funder_ids
from grants.selectors import funders_visible_to, round_or_404, rounds_of_funders

from .. import services
from ..forms import ChangesForm, PhotoForm, ReportForm, RoundReportingForm
from ..models import (
    OPEN_STATES,
    Report,
    ReportState,
    RoundReporting,
)
from ..photos import MAX_PHOTOS_PER_REPORT
from ..services import WELLBEING_SOURCE
from .common import report_or_404
from .group import handle_report_form


# --------------------------------------------------------------------------------------------
# Officers and funder viewers
# --------------------------------------------------------------------------------------------
def _staff_funder_ids(user):
    return {funder.pk for funder in funders_visible_to(user)}


@staff_only
def staff_reports(request):
    ids = _staff_funder_ids(request.user)
    today = timezone.localdate()
    base = Report.objects.filter(funder_id__in=ids).select_related(
        "group", "round", "award__application"
    )
    return render(
        request,
        "reports/staff/list.html",
        {
            "to_review": base.filter(state=ReportState.SUBMITTED).order_by("submitted_at", "pk"),
            "overdue": services.overdue_reports(ids, today),
            "due": base.filter(state=ReportState.DUE, due_on__gte=today).order_by("due_on"),
            "changes": base.filter(state=ReportState.CHANGES_REQUESTED).order_by("due_on"),
            "settable_rounds": rounds_of_funders(
                ids if request.user.is_superuser else funder_ids(request.user, "officer")
            ).order_by("-opens_at", "title"),
            "today": today,
        },
    )


def _staff_report_page(request, report, changes_form=None, status=200):
    return render(
        request,
        "reports/staff/report.html",
        {
            "report": report,
            "photos": list(report.photos.all()),
            "events": timeline(report),
            "changes_form": changes_form or ChangesForm(),
            "can_review": report.state == ReportState.SUBMITTED
            and services.report_may_review(request.user, report),
            "can_type_in": report.state in OPEN_STATES
            and services.report_may_review(request.user, report),
            "wellbeing_source": WELLBEING_SOURCE,
            "today": timezone.localdate(),
        },
        status=status,
    )


@staff_only
def staff_report(request, pk):
    report = allowed_or_404(request.user, "view_report", report_or_404(pk))
    return _staff_report_page(request, report)


@staff_only
@require_POST
def staff_report_accept(request, pk):
    report = allowed_or_404(request.user, "view_report", report_or_404(pk))
    try:
        report, award_note = services.report_accept(report, by=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        if report.is_final and award_note is None:
            done = gettext("The report is accepted. The award is now closed.")
        else:
            done = gettext("The report is accepted.")
        messages.success(request, done)
        if award_note:
            messages.warning(request, award_note)
    return redirect("staff_report", pk=report.pk)


@staff_only
@require_POST
def staff_report_changes(request, pk):
    report = allowed_or_404(request.user, "view_report", report_or_404(pk))
    form = ChangesForm(request.POST)
    if not form.is_valid():
        return _staff_report_page(request, report, changes_form=form)
    try:
        services.report_request_changes(report, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, gettext("The report is sent back to the group with your note."))
    return redirect("staff_report", pk=report.pk)


@staff_only
def staff_report_phone(request, pk):
    """An officer types in a report the group gave by phone."""
    report = allowed_or_404(request.user, "view_report", report_or_404(pk))
    if not services.report_may_review(request.user, report):
        raise Http404("Not found")
    if report.state not in OPEN_STATES:
        messages.error(request, gettext("This report is not open for answers now."))
        return redirect("staff_report", pk=report.pk)
    form, photo_form = ReportForm(report=report), PhotoForm()
    if request.method == "POST":
        outcome = handle_report_form(request, report, by_phone=True)
        if outcome is None:
            if request.POST.get("action") == "send":
                return redirect("staff_report", pk=report.pk)
            return redirect("staff_report_phone", pk=report.pk)
        form, photo_form = outcome
    return render(
        request,
        "reports/staff/phone.html",
        {
            "report": report,
            "form": form,
            "photo_form": photo_form,
            "photos": list(report.photos.all()),
            "max_photos": MAX_PHOTOS_PER_REPORT,
            "wellbeing_source": WELLBEING_SOURCE,
        },
    )


@staff_only
def round_reporting(request, pk):
    rnd = allowed_or_404(
        request.user,
        "manage_reports",
        round_or_404(pk),
    )
    settings_row = RoundReporting.objects.filter(round=rnd).first() or RoundReporting(round=rnd)
    form = RoundReportingForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, gettext("Saved. Reports scheduled from now on ask these questions.")
        )
        return redirect("round_reporting", pk=rnd.pk)
    return render(request, "reports/staff/round_reporting.html", {"round": rnd, "form": form})
