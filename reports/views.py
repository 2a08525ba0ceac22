"""Report pages: the group's reports, officers reading and reviewing them, the outcomes
dashboard, its downloads and the outcomes PDF. Thin: the work is in services, outcomes, pdf."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.audit import timeline
from core.downloads import attachment
from core.guards import allowed_or_404, person, staff_only
from core.reauth import reauthentication_required
from core.transitions import TransitionRefused
from grants.models import Funder, Group, Round
from grants.permissions import funder_ids, group_ids, supported_group_ids

from . import services
from .exports import grants_csv, outcomes_xlsx
from .forms import ChangesForm, OutcomesFilterForm, PhotoForm, ReportForm, RoundReportingForm
from .models import (
    IN_STATES,
    OPEN_STATES,
    OutcomesPdf,
    OutcomesPdfState,
    Report,
    ReportPhoto,
    ReportState,
    RoundReporting,
)
from .outcomes import headline_rows, outcomes
from .photos import MAX_PHOTOS_PER_REPORT
from .services import WELLBEING_SOURCE

# A round with more grants than this gets its PDF made in the background.
DIRECT_PDF_MAX_GRANTS = 40

REPORT_RELATED = ("award__application", "group", "round", "funder")


def _report(pk):
    return get_object_or_404(Report.objects.select_related(*REPORT_RELATED), pk=pk)


def reports_for_user(user):
    """Reports of the groups someone belongs to or supports, newest due first."""
    groups = group_ids(user) | supported_group_ids(user)
    return (
        Report.objects.filter(group_id__in=groups)
        .exclude(award__state="cancelled")
        .select_related(*REPORT_RELATED)
        .order_by("due_on", "pk")
    )


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


def _handle_report_form(request, report, *, by_phone=False):
    """Save (to finish later) or send a report, with an optional photo. Returns a response
    when done, or (form, photo_form) to show again with what was typed kept."""
    action = request.POST.get("action", "save")
    sending = action == "send"
    form = ReportForm(request.POST, report=report, draft=not sending)
    photo_form = PhotoForm(request.POST, request.FILES)
    photo_saved = False
    if photo_form.is_valid() and photo_form.cleaned_data.get("photo"):
        # Counted and added under a lock on the report, so photos sent at once cannot
        # together pass the limit.
        with transaction.atomic():
            Report.objects.select_for_update().filter(pk=report.pk).first()
            if report.photos.count() >= MAX_PHOTOS_PER_REPORT:
                photo_form.add_error(
                    "photo",
                    f"You can add up to {MAX_PHOTOS_PER_REPORT} photos. Remove one first.",
                )
            else:
                cleaned = photo_form.cleaned_data["photo"]
                photo = ReportPhoto(
                    report=report,
                    caption=photo_form.cleaned_data["caption"].strip(),
                    width=cleaned["width"],
                    height=cleaned["height"],
                    uploaded_by=request.user,
                )
                photo.image.save("photo.jpg", cleaned["file"], save=False)
                photo.save()
                photo_saved = True
    if not form.is_valid():
        if photo_saved:
            messages.success(request, "Your photo is saved.")
        return form, PhotoForm() if photo_saved else photo_form
    with transaction.atomic():
        form.save_to(report)
        report.save()
    if not photo_form.is_valid():
        messages.success(request, "Your answers are saved. There is a problem with the photo.")
        return ReportForm(report=report), photo_form
    if not sending:
        messages.success(
            request,
            "Your photo and answers are saved." if photo_saved else "Your answers are saved.",
        )
        return None
    try:
        services.send_report(report, by=request.user, by_phone=by_phone)
    except TransitionRefused as refused:
        for problem in refused.problems or [refused.message]:
            messages.error(request, problem)
        return ReportForm(request.POST, report=report), PhotoForm()
    messages.success(
        request,
        "The report is typed in and sent." if by_phone else "Thank you. Your report is sent.",
    )
    return None


@person
def report_detail(request, pk):
    report = allowed_or_404(request.user, "view_report", _report(pk))
    can_edit = report.state in OPEN_STATES and report.group_id in (
        group_ids(request.user) | supported_group_ids(request.user)
    )
    form, photo_form = None, None
    if request.method == "POST":
        if not can_edit:
            messages.error(request, "This report cannot be changed now.")
            return redirect("report_detail", pk=report.pk)
        outcome = _handle_report_form(request, report)
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
    report = allowed_or_404(request.user, "send_report", _report(pk))
    photo = get_object_or_404(ReportPhoto, pk=photo_pk, report=report)
    if report.state not in OPEN_STATES:
        messages.error(request, "This report cannot be changed now.")
    else:
        name = photo.image.name
        photo.delete()
        default_storage.delete(name)
        messages.success(request, "The photo is removed.")
    if request.POST.get("next") == "staff":
        return redirect("staff_report_phone", pk=report.pk)
    return redirect("report_detail", pk=report.pk)


# --------------------------------------------------------------------------------------------
# Officers and funder viewers
# --------------------------------------------------------------------------------------------
def _staff_funder_ids(user):
    if user.is_superuser:
        return set(Funder.objects.values_list("pk", flat=True))
    return funder_ids(user, "officer", "funder_viewer")


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
            "settable_rounds": Round.objects.filter(
                funder_id__in=ids
                if request.user.is_superuser
                else funder_ids(request.user, "officer")
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
            and services.can_review(request.user, report),
            "can_type_in": report.state in OPEN_STATES
            and services.can_review(request.user, report),
            "wellbeing_source": WELLBEING_SOURCE,
            "today": timezone.localdate(),
        },
        status=status,
    )


@staff_only
def staff_report(request, pk):
    report = allowed_or_404(request.user, "view_report", _report(pk))
    return _staff_report_page(request, report)


@staff_only
@require_POST
def staff_report_accept(request, pk):
    report = allowed_or_404(request.user, "view_report", _report(pk))
    try:
        report, award_note = services.accept_report(report, by=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        done = "The report is accepted."
        if report.is_final and award_note is None:
            done += " The award is now closed."
        messages.success(request, done)
        if award_note:
            messages.warning(request, award_note)
    return redirect("staff_report", pk=report.pk)


@staff_only
@require_POST
def staff_report_changes(request, pk):
    report = allowed_or_404(request.user, "view_report", _report(pk))
    form = ChangesForm(request.POST)
    if not form.is_valid():
        return _staff_report_page(request, report, changes_form=form)
    try:
        services.request_changes(report, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "The report is sent back to the group with your note.")
    return redirect("staff_report", pk=report.pk)


@staff_only
def staff_report_phone(request, pk):
    """An officer types in a report the group gave by phone."""
    report = allowed_or_404(request.user, "view_report", _report(pk))
    if not services.can_review(request.user, report):
        raise Http404("Not found")
    if report.state not in OPEN_STATES:
        messages.error(request, "This report is not open for answers now.")
        return redirect("staff_report", pk=report.pk)
    form, photo_form = ReportForm(report=report), PhotoForm()
    if request.method == "POST":
        outcome = _handle_report_form(request, report, by_phone=True)
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
        get_object_or_404(Round.objects.select_related("funder"), pk=pk),
    )
    settings_row = RoundReporting.objects.filter(round=rnd).first() or RoundReporting(round=rnd)
    form = RoundReportingForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. Reports scheduled from now on ask these questions.")
        return redirect("round_reporting", pk=rnd.pk)
    return render(request, "reports/staff/round_reporting.html", {"round": rnd, "form": form})


# --------------------------------------------------------------------------------------------
# The outcomes dashboard, downloads and PDF
# --------------------------------------------------------------------------------------------
def _visible_funders(user):
    if user.is_superuser:
        return list(Funder.objects.order_by("name"))
    return list(
        Funder.objects.filter(pk__in=funder_ids(user, "officer", "funder_viewer")).order_by("name")
    )


def _dashboard_setup(request, data=None):
    """The funder, its rounds, the filter form and the chosen filters for this request."""
    data = request.GET if data is None else data
    funders = _visible_funders(request.user)
    if not funders:
        raise Http404("Not found")
    wanted = data.get("funder", "")
    funder = next((f for f in funders if str(f.pk) == wanted), funders[0])
    allowed_or_404(request.user, "view_outcomes", funder)
    rounds = list(Round.objects.filter(funder=funder).order_by("-opens_at", "title"))
    areas = (
        Group.objects.filter(applications__round__funder=funder)
        .exclude(area="")
        .values_list("area", flat=True)
        .distinct()
        .order_by("area")
    )
    form = OutcomesFilterForm(
        data if any(k in data for k in ("round", "kind", "area")) else None,
        rounds=rounds,
        areas=list(areas),
    )
    return funders, funder, rounds, form, form.filters()


@staff_only
def outcomes_dashboard(request):
    funders, funder, rounds, form, filters = _dashboard_setup(request)
    result = outcomes(funder, filters, rounds=rounds)
    query = request.GET.urlencode()
    rnd = next((r for r in rounds if r.pk == filters.get("round")), None)
    return render(
        request,
        "reports/outcomes.html",
        {
            "funders": funders,
            "funder": funder,
            "form": form,
            "filters": filters,
            "result": result,
            "headline_rows": headline_rows(result.headline),
            "query": query,
            "chosen_round": rnd,
            "recent_pdfs": OutcomesPdf.objects.filter(funder=funder, requested_by=request.user)[:3],
        },
    )


def _file_stem(funder, filters):
    stem = f"outcomes-{funder.slug}"
    if filters.get("round"):
        stem += f"-round-{filters['round']}"
    return stem + f"-{timezone.localdate():%Y-%m-%d}"


@staff_only
@reauthentication_required
def outcomes_csv(request):
    _funders, funder, _rounds, _form, filters = _dashboard_setup(request)
    return grants_csv(funder, filters, _file_stem(funder, filters) + ".csv")


@staff_only
@reauthentication_required
def outcomes_download_xlsx(request):
    _funders, funder, rounds, _form, filters = _dashboard_setup(request)
    result = outcomes(funder, filters, rounds=rounds)
    return outcomes_xlsx(funder, filters, result, _file_stem(funder, filters) + ".xlsx")


@staff_only
@require_POST
def outcomes_pdf_start(request):
    from awards.models import LIVE_AWARD_STATES, Award

    from .tasks import make_outcomes_pdf

    # The filters come in the form's hidden fields, the same names as the dashboard's.
    _funders, funder, rounds, _form, filters = _dashboard_setup(request, request.POST)
    rnd = next((r for r in rounds if r.pk == filters.get("round")), None)
    grants = Award.objects.filter(funder=funder, state__in=LIVE_AWARD_STATES)
    if rnd:
        grants = grants.filter(round=rnd)
    if grants.count() <= DIRECT_PDF_MAX_GRANTS:
        from core.pdf import pdf_response

        from .pdf import render_outcomes_pdf

        return pdf_response(
            render_outcomes_pdf(funder, filters, rnd=rnd), _file_stem(funder, filters) + ".pdf"
        )
    job = OutcomesPdf.objects.create(
        funder=funder, round=rnd, filters=filters, requested_by=request.user
    )
    transaction.on_commit(lambda: make_outcomes_pdf.enqueue(job.pk))
    return redirect("outcomes_pdf_status", pk=job.pk)


def _job(request, pk):
    job = get_object_or_404(OutcomesPdf.objects.select_related("funder", "round"), pk=pk)
    allowed_or_404(request.user, "view_outcomes", job.funder)
    return job


@staff_only
def outcomes_pdf_status(request, pk):
    job = _job(request, pk)
    return render(
        request,
        "reports/pdf_status.html",
        {"job": job, "ready": job.state == OutcomesPdfState.READY, "states": OutcomesPdfState},
    )


@staff_only
def outcomes_pdf_download(request, pk):
    job = _job(request, pk)
    if job.state != OutcomesPdfState.READY or not job.file:
        messages.error(request, "The PDF is not ready yet.")
        return redirect("outcomes_pdf_status", pk=job.pk)
    from core.pdf import pdf_response

    with default_storage.open(job.file.name, "rb") as handle:
        data = handle.read()
    return pdf_response(data, f"outcomes-{job.funder.slug}-{job.pk}.pdf")


def dashboard_url(funder):
    return reverse("outcomes") + f"?funder={funder.pk}"
