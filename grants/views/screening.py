"""Screening pages for the funder's staff: the list of sent applications, each application in
full, and the decisions (eligible, not eligible, more information needed), one or several;
and the written version of each recorded answer (what it says, typed for people who cannot
listen to it).

Officers of the round's funder decide (`screen_application`) and type written versions
(`manage_round`); the funder's viewers can read but every decision or change answers 403; other
funders' staff get 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from core.audit import timeline
from core.downloads import attachment
from core.guards import allowed_or_404, staff_only
from core.page_cache import cached_page
from core.permissions import can
from core.transitions import TransitionRefused

from ..forms.screening import (
    DECISION_FORMS,
    BulkDecisionForm,
    ScreeningFilterForm,
    WrittenVersionForm,
)
from ..models import Answer, Application, ApplicationState, Round
from ..services import recordings, screening
from ..services.applications import look_alikes

PER_PAGE = 50


def _decided_many_words(decision, count):
    """What was done to `count` applications, with %(references)s still to fill in."""
    if decision == "eligible":
        return ngettext(
            "%(count)s application marked as going to the panel: %(references)s.",
            "%(count)s applications marked as going to the panel: %(references)s.",
            count,
        )
    if decision == "ineligible":
        return ngettext(
            "%(count)s application marked as not eligible: %(references)s.",
            "%(count)s applications marked as not eligible: %(references)s.",
            count,
        )
    return ngettext(
        "%(count)s application sent back for more information: %(references)s.",
        "%(count)s applications sent back for more information: %(references)s.",
        count,
    )


def _decided_words(decision):
    """What was done to one application, with %(reference)s still to fill in."""
    return {
        "eligible": gettext(
            "%(reference)s marked as going to the panel. We have emailed the group."
        ),
        "ineligible": gettext("%(reference)s marked as not eligible. We have emailed the group."),
        "more_info": gettext(
            "%(reference)s sent back for more information. We have emailed the group."
        ),
    }[decision]


@staff_only
@cached_page
def application_list(request, pk):
    rnd = get_object_or_404(Round.objects.select_related("funder"), pk=pk)
    allowed_or_404(request.user, "view_round_dashboard", rnd)
    may_decide = can(request.user, "manage_round", rnd)
    filter_form = ScreeningFilterForm(request.GET or None)
    bulk_form = BulkDecisionForm(request.POST or None, round=rnd)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("Only the funder's officers can decide.")
        if bulk_form.is_valid():
            _bulk(request, bulk_form)
            query = request.GET.urlencode()
            return redirect(request.path + (f"?{query}" if query else ""))
    apps = screening.filtered(rnd, filter_form.filters())
    page = Paginator(apps, PER_PAGE).get_page(request.GET.get("page"))
    twice = screening.groups_applying_twice(rnd)
    applications = list(page.object_list)
    for app in applications:  # reverse() here is a quarter of the cost of {% url %} in the loop
        app.staff_address = reverse("staff_application", args=[app.pk])
    return render(
        request,
        "grants/staff/screening/list.html",
        {
            "round": rnd,
            "filter_form": filter_form,
            "bulk_form": bulk_form,
            "page": page,
            "applications": applications,
            "groups_twice": twice,
            "counts": screening.counts_by_state(rnd),
            "may_decide": may_decide,
            "selected": bulk_form.selected_ids(),
            "waiting_state": ApplicationState.SUBMITTED,
            "query": request.GET.urlencode(),
            "page_query": _page_query(request),
            "filtered": any(v for k, v in filter_form.filters().items() if k != "sort"),
        },
    )


def _page_query(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _bulk(request, form):
    decision = form.cleaned_data["action"]
    outcomes = screening.screening_decide_many(
        form.cleaned_data["applications"],
        decision,
        by=request.user,
        reason=form.cleaned_data.get("reason", ""),
    )
    done = [o.application.reference for o in outcomes if o.done]
    if done:
        messages.success(
            request,
            _decided_many_words(decision, len(done))
            % {"count": len(done), "references": ", ".join(done)},
        )
    for outcome in outcomes:
        if not outcome.done:
            messages.error(
                request,
                gettext("%(reference)s was not changed. %(reason)s")
                % {"reference": outcome.application.reference, "reason": outcome.message},
            )


def _detail_context(request, app, forms=None):
    rnd = app.round
    answers = {a.question_id: a for a in app.answers.all()}
    questions = [(q, answers.get(q.pk)) for q in rnd.questions.all()]
    may_decide = can(request.user, "screen_application", app)
    decision_forms = forms or {}
    if may_decide and app.state == ApplicationState.SUBMITTED:
        for name, form_class in DECISION_FORMS.items():
            decision_forms.setdefault(name, form_class(prefix=name))
    budget_lines = list(app.budget_lines.all())
    return {
        "application": app,
        "round": rnd,
        "group": app.group,
        "questions": questions,
        "budget_lines": budget_lines,
        "budget_total": sum(line.amount or 0 for line in budget_lines),
        "others": screening.other_applications_of_group(app),
        "look_alikes": look_alikes(app),
        "may_decide": may_decide,
        "may_write": can(request.user, "manage_round", rnd),
        "forms": decision_forms if may_decide else {},
        "events": timeline(app),
    }


def _application(request, pk):
    app = get_object_or_404(
        Application.objects.select_related(
            "round", "round__funder", "group", "created_by", "assisted_by"
        ),
        pk=pk,
    )
    return allowed_or_404(request.user, "view_application", app)


@staff_only
def application_detail(request, pk):
    app = _application(request, pk)  # a draft is the funder's officers' only: view_application
    return render(request, "grants/staff/screening/detail.html", _detail_context(request, app))


@staff_only
@require_POST
def application_decide(request, pk):
    app = _application(request, pk)
    if not can(request.user, "screen_application", app):
        raise PermissionDenied("Only the funder's officers can decide.")
    decision = request.POST.get("decision", "")
    if decision not in DECISION_FORMS:
        messages.error(request, gettext("Choose one of the buttons to decide."))
        return redirect("staff_application", pk=app.pk)
    form = DECISION_FORMS[decision](request.POST, prefix=decision)
    if not form.is_valid():
        context = _detail_context(request, app, forms={decision: form})
        return render(request, "grants/staff/screening/detail.html", context, status=200)
    try:
        screening.screening_decide(
            app, decision, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except TransitionRefused as refused:
        for problem in refused.problems or [refused.message]:
            messages.error(request, problem)
        return redirect("staff_application", pk=app.pk)
    messages.success(request, _decided_words(decision) % {"reference": app.reference})
    return redirect("staff_application", pk=app.pk)


@staff_only
def answer_recording(request, pk):
    """An audio or video answer, only for those who may see the application."""
    answer = get_object_or_404(
        Answer.objects.select_related("application", "application__round"), pk=pk
    )
    allowed_or_404(request.user, "view_application", answer.application)
    if not answer.recording:
        raise Http404("Not found")
    try:
        handle = answer.recording.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Not found") from missing
    extension = answer.recording.name.rsplit(".", 1)[-1][:5]
    return attachment(
        handle,
        f"{answer.application.reference}-answer.{extension}",
        answer.recording_type or "application/octet-stream",
        inline=True,
    )


def answer_for_officer(request, pk, refusal):
    """(answer, application) for a page where the funder's officers write a version of an
    answer (what a recording says, or an answer in English): a draft only for those who may
    screen it, 404 for people who may not see it, `refusal` (403) for anyone else."""
    answer = get_object_or_404(
        Answer.objects.select_related(
            "application",
            "application__round",
            "application__round__funder",
            "application__group",
            "question",
            "written_version_by",
        ),
        pk=pk,
    )
    app = allowed_or_404(request.user, "view_application", answer.application)
    if app.state == ApplicationState.DRAFT and not can(request.user, "screen_application", app):
        raise Http404("Not found")
    if not can(request.user, "manage_round", app.round):
        raise PermissionDenied(refusal)
    return answer, app


@staff_only
def written_version(request, pk):
    """Type (or change) what a recorded answer says. The funder's officers only."""
    answer, app = answer_for_officer(
        request, pk, gettext("Only the funder's officers can type the written version.")
    )
    back = redirect("staff_application", pk=app.pk)
    if not answer.recording:
        messages.error(
            request,
            gettext(
                "The answer to “%(question)s” has no recording, so there is nothing to write down."
            )
            % {"question": answer.question.text},
        )
        return back
    posted = request.POST if request.method == "POST" else None
    form = WrittenVersionForm(posted, initial={"written_version": answer.written_version})
    if posted is not None and form.is_valid():
        try:
            recordings.written_version_save(
                answer, form.cleaned_data["written_version"], by=request.user
            )
        except recordings.WrittenVersionRefused as refused:
            answer.refresh_from_db()
            if not answer.recording:
                messages.error(request, refused.message)
                return back
            form.add_error("written_version", refused.message)
        else:
            messages.success(
                request,
                gettext(
                    "The written version of the answer to “%(question)s” is saved. "
                    "Panel members can read it."
                )
                % {"question": answer.question.text},
            )
            return redirect(reverse("staff_application", args=[app.pk]) + f"#answer-{answer.pk}")
    return render(
        request,
        "grants/staff/screening/written_version.html",
        {"answer": answer, "application": app, "round": app.round, "form": form},
    )
