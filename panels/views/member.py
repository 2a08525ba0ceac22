"""Pages for panel members (and the results and meeting pages officers share with them).

Views are thin: who may see what is asked of `grants.permissions.can`, and the work is done in
`panels.services`. A member with a link to a group gets "not found" for its pages.
"""

import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.downloads import attachment
from core.guards import allowed_or_404, person
from core.page_cache import cached_page
from core.permissions import can
from core.transitions import TransitionRefused
from grants.models import RoundState
from grants.selectors import answer_or_404, application_or_404, round_or_404

from .. import services
from ..forms import AcceptForm, DeclarationForm, NoteForm, ScoreForm, StepDownForm
from ..models import Declaration, MemberState, PanelMember


def _round(round_pk):
    return round_or_404(round_pk)


def _active_member_or_404(user, rnd):
    member = services.active_membership(user, rnd)
    if member is None:
        raise Http404("Not found")
    return member


# --------------------------------------------------------------------------------------------
# Joining and leaving
# --------------------------------------------------------------------------------------------
def _code_confirmed_in_this_session(request, email):
    """Did this session sign in (or confirm) with a code sent to `email`? An invitation goes to
    an address; only someone who showed they read that mailbox may take it up."""
    from allauth.account.internal.flows.login import get_authentication_records

    return any(
        record.get("method") == "code" and (record.get("email") or "").lower() == email.lower()
        for record in get_authentication_records(request, request.user)
    )


def invitation(request, token):
    member = get_object_or_404(
        PanelMember.objects.select_related("panel__round__funder", "user"), token=token
    )
    rnd = member.panel.round
    context = {"member": member, "round": rnd}
    if member.state == MemberState.STEPPED_DOWN:
        return render(request, "panels/invitation_closed.html", context, status=410)
    user = request.user
    if not user.is_authenticated:
        login = reverse("account_request_login_code") + "?" + urlencode({"next": request.path})
        return render(request, "panels/invitation_sign_in.html", {**context, "login": login})
    if member.user_id != user.pk:
        return render(request, "panels/invitation_wrong_person.html", context, status=403)
    if not _code_confirmed_in_this_session(request, member.user.email):
        # Bound to the invited address: this session must have typed a code sent to it.
        return render(
            request,
            "panels/invitation_wrong_person.html",
            {**context, "unconfirmed": True},
            status=403,
        )
    if member.state == MemberState.ACTIVE:
        return redirect("panel_home", round_pk=rnd.pk)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                member,
                by=user,
                read_guide=form.cleaned_data["read_guide"],
                agreed_conduct=form.cleaned_data["agree_conduct"],
            )
        except TransitionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, gettext("You have joined the panel. Thank you."))
            return redirect("panel_home", round_pk=rnd.pk)
    return render(request, "panels/invitation.html", {**context, "form": form})


def guide(request):
    return render(request, "panels/guide.html")


@person
def my_panels(request):
    members = (
        PanelMember.objects.filter(user=request.user)
        .exclude(state=MemberState.STEPPED_DOWN)
        .select_related("panel__round__funder")
        .order_by("-invited_at")
    )
    return render(request, "panels/my_panels.html", {"members": members})


@person
def step_down(request, round_pk):
    rnd = _round(round_pk)
    member = _active_member_or_404(request.user, rnd)
    form = StepDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_step_down(member, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, gettext("You have left the panel. Thank you for your help."))
            return redirect("my_home")
    return render(request, "panels/step_down.html", {"round": rnd, "form": form})


# --------------------------------------------------------------------------------------------
# The member's home for a round, and declaring links
# --------------------------------------------------------------------------------------------
@person
@cached_page
def panel_home(request, round_pk):
    rnd = _round(round_pk)
    member = services.membership(request.user, rnd)
    if member is None:
        raise Http404("Not found")
    if member.state == MemberState.INVITED:
        return redirect("panel_invitation", token=member.token)
    if member.state == MemberState.STEPPED_DOWN:
        return render(request, "panels/left.html", {"round": rnd, "member": member})
    needed = services.declarations_needed(member).count()
    applications = list(
        services.applications_for_member(member).only("pk", "title", "reference", "state")
    )
    complete = set(
        member.score_sheets.filter(is_complete=True).values_list("application_id", flat=True)
    )
    started = set(member.score_sheets.values_list("application_id", flat=True))
    # Each row's address made here: reverse() is a quarter of the cost of {% url %} in a loop.
    rows = [
        (
            app,
            "done" if app.pk in complete else "started" if app.pk in started else "todo",
            reverse("panel_application", args=[rnd.pk, app.pk]),
        )
        for app in applications
    ]
    first_todo = next((app for app, status, _ in rows if status != "done"), None)
    links = (
        Declaration.objects.filter(member=member)
        .exclude(link=Declaration.Link.NONE)
        .select_related("application__group")
    )
    return render(
        request,
        "panels/home.html",
        {
            "round": rnd,
            "member": member,
            "needed": needed,
            "rows": rows,
            "done": len(complete & {a.pk for a in applications}),
            "total": len(applications),
            "first_todo": first_todo,
            "links": links,
            "can_score": rnd.state == RoundState.SCORING,
        },
    )


@person
def declare(request, round_pk):
    rnd = _round(round_pk)
    member = _active_member_or_404(request.user, rnd)
    applications = list(services.panel_applications(rnd).select_related("group"))
    existing = {d.application_id: d for d in Declaration.objects.filter(member=member)}
    form = DeclarationForm(request.POST or None, applications=applications, existing=existing)
    if request.method == "POST":
        form.is_valid()
        refused = []
        for app, (link, details) in form.answers().items():
            try:
                services.declaration_record(
                    member, app, link=link, details=details, by=request.user
                )
            except PermissionDenied as error:
                refused.append(str(error))
        for message in refused:
            form.add_error(None, message)
        if not form.errors:
            messages.success(request, gettext("Thank you. We have saved what you told us."))
            return redirect("panel_home", round_pk=rnd.pk)
    locked = {pk for pk, d in existing.items() if d.is_conflict}
    return render(
        request,
        "panels/declare.html",
        {"round": rnd, "form": form, "locked": locked, "links": Declaration.Link},
    )


# --------------------------------------------------------------------------------------------
# Reading and scoring, one application at a time
# --------------------------------------------------------------------------------------------
def _readable_application(request, rnd, app_pk):
    """The application if this member may read it; otherwise 404 (or off to declare first)."""
    app = application_or_404(app_pk, round=rnd)
    member = services.active_membership(request.user, rnd)
    if member is not None and not services.member_has_declared_on_all(member):
        if services.member_is_conflicted(request.user, app):
            raise Http404("Not found")
        return None, member
    allowed_or_404(request.user, "read_for_panel", app)
    if member is None:
        raise Http404("Not found")
    return app, member


def _reading_context(request, rnd, app, member, form=None):
    order = list(services.applications_for_member(member).values_list("pk", flat=True))
    position = order.index(app.pk)
    sheet = services.score_sheet(member, app)
    may_score = can(request.user, "score_application", app)
    if form is None:
        form = ScoreForm(
            criteria=rnd.criteria.all(), score_max=rnd.score_max, sheet=sheet, prefix="score"
        )
    done, total = services.progress(member)
    answers = app.answers.select_related("question", "written_version_by").order_by(
        "question__order", "pk"
    )
    budget = list(app.budget_lines.all())
    return {
        "round": rnd,
        "application": app,
        "group": {
            "name": app.group.name,
            "kind": app.group.get_kind_display(),
            "area": app.group.area,
        },
        "answers": answers,
        "budget_lines": budget,
        "budget_total": sum(line.amount or 0 for line in budget),
        "position": position + 1,
        "count": len(order),
        "previous_pk": order[position - 1] if position > 0 else None,
        "next_pk": order[position + 1] if position + 1 < len(order) else None,
        "done": done,
        "total": total,
        "form": form,
        "sheet": sheet,
        "may_score": may_score,
    }


@person
@cached_page
def read_application(request, round_pk, app_pk):
    rnd = _round(round_pk)
    app, member = _readable_application(request, rnd, app_pk)
    if app is None:
        messages.info(request, gettext("Before you read, tell us if you have a link to any group."))
        return redirect("panel_declare", round_pk=rnd.pk)
    return render(request, "panels/application.html", _reading_context(request, rnd, app, member))


@person
@require_POST
def score_application(request, round_pk, app_pk):
    rnd = _round(round_pk)
    app, member = _readable_application(request, rnd, app_pk)
    if app is None:
        return redirect("panel_declare", round_pk=rnd.pk)
    if not can(request.user, "score_application", app):
        raise PermissionDenied(gettext("Scoring is closed for this round."))
    form = ScoreForm(
        request.POST,
        criteria=rnd.criteria.all(),
        score_max=rnd.score_max,
        sheet=services.score_sheet(member, app),
        prefix="score",
    )
    if not form.is_valid():
        return render(
            request,
            "panels/application.html",
            _reading_context(request, rnd, app, member, form=form),
            status=400,
        )
    try:
        sheet = services.scores_save(
            member,
            app,
            values=form.values(),
            comment=form.cleaned_data["comment"],
            by=request.user,
        )
    except services.ScoringRefused as refused:
        form.add_error(None, refused.message)
        return render(
            request,
            "panels/application.html",
            _reading_context(request, rnd, app, member, form=form),
            status=400,
        )
    title = app.title or app.reference
    if sheet.is_complete:
        messages.success(request, gettext("Saved your scores for %(title)s.") % {"title": title})
    else:
        messages.info(
            request,
            gettext("Saved. Some scores for %(title)s are still blank. You can come back to them.")
            % {"title": title},
        )
    if request.POST.get("go") == "next":
        order = list(services.applications_for_member(member).values_list("pk", flat=True))
        position = order.index(app.pk)
        if position + 1 < len(order):
            return redirect("panel_application", round_pk=rnd.pk, app_pk=order[position + 1])
        return redirect("panel_home", round_pk=rnd.pk)
    return redirect("panel_application", round_pk=rnd.pk, app_pk=app.pk)


@person
def recording(request, round_pk, app_pk, answer_pk):
    """Stream an audio or video answer to someone who may read the application."""
    rnd = _round(round_pk)
    app = application_or_404(app_pk, round=rnd, related=("round",))
    if not can(request.user, "read_for_panel", app):
        raise Http404("Not found")
    answer = answer_or_404(answer_pk, app)
    if not answer.recording:
        raise Http404("Not found")
    content_type = answer.recording_type or (
        mimetypes.guess_type(answer.recording.name)[0] or "application/octet-stream"
    )
    if not content_type.startswith(("audio/", "video/")):
        content_type = "application/octet-stream"
    return attachment(answer.recording.open("rb"), f"answer-{answer.pk}", content_type, inline=True)


# --------------------------------------------------------------------------------------------
# Results and the decision meeting
# --------------------------------------------------------------------------------------------
@person
@cached_page
def results(request, round_pk):
    rnd = allowed_or_404(request.user, "view_panel_results", _round(round_pk))
    return render(
        request,
        "panels/results.html",
        {
            "round": rnd,
            **services.results_for(request.user, rnd),
            "is_officer": can(request.user, "manage_panel", rnd),
        },
    )


def _meeting_context(request, rnd, bound=None):
    data = services.results_for(request.user, rnd)
    for row in data["rows"]:
        if bound is not None and bound[0] == row.application.pk:
            row.form = bound[1]
        else:
            row.form = NoteForm(
                initial={"text": row.note.text if row.note else ""},
                prefix=f"note{row.application.pk}",
            )
        title = row.application.title or row.application.reference
        row.form.fields["text"].label = gettext("Notes on %(title)s") % {"title": title}
    big = request.GET.get("big") == "1" or request.POST.get("big") == "1"
    return {"round": rnd, "big": big, **data}


@person
def meeting(request, round_pk):
    rnd = allowed_or_404(request.user, "run_panel_meeting", _round(round_pk))
    return render(request, "panels/meeting.html", _meeting_context(request, rnd))


@person
@require_POST
def meeting_note(request, round_pk, app_pk):
    rnd = allowed_or_404(request.user, "run_panel_meeting", _round(round_pk))
    app = application_or_404(app_pk, round=rnd, related=("round",))
    form = NoteForm(request.POST, prefix=f"note{app.pk}")
    if not form.is_valid():
        context = _meeting_context(request, rnd, bound=(app.pk, form))
        return render(request, "panels/meeting.html", context, status=400)
    services.note_save(rnd, app, text=form.cleaned_data["text"], by=request.user)
    messages.success(
        request, gettext("Saved the notes on %(title)s.") % {"title": app.title or app.reference}
    )
    url = reverse("panel_meeting", args=[rnd.pk])
    if request.POST.get("big") == "1":
        url += "?big=1"
    return redirect(f"{url}#application-{app.pk}")
