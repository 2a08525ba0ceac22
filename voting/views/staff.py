"""Officers' vote pages, under /staff/rounds/<round_pk>/vote/.

Before the vote closes these pages show how many people have voted, never what they voted.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.guards import allowed_or_403, allowed_or_404, staff_only
from core.permissions import can
from core.reauth import reauthentication_required
from core.transitions import TransitionRefused
from grants.models import Application, ApplicationState
from grants.selectors import round_or_404

from ..forms import CloseVoteForm, ConfirmForm, ExtraForm, IssueCodesForm, RecountForm
from ..models import ExtraAllocation, VoteState
from ..services import ballots, codes, decision
from ..services.pabulib import PabulibError, recount
from .ballots import flash_refusal, pb_response


def _round(request, round_pk):
    rnd = round_or_404(round_pk)
    return allowed_or_404(request.user, "view_vote_status", rnd)


def _vote(rnd):
    vote = ballots.vote_for(rnd)
    if vote is not None:
        vote.round = rnd
    return vote


def _status_context(request, rnd, vote, close_form=None):
    voted = may = 0
    code_counts = None
    if vote is not None and vote.has_ballots:
        voted, may = ballots.turnout(vote)
        code_counts = codes.code_counts(vote)
    return {
        "round": rnd,
        "vote": vote,
        "voted": voted,
        "may_vote": may,
        "code_counts": code_counts,
        "no_codes_because": codes.codes_refusal_reason(vote),
        "can_manage": vote is not None and can(request.user, "manage_vote", vote),
        "close_form": close_form or CloseVoteForm(),
    }


@staff_only
def vote_status(request, round_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    return render(request, "voting/staff/vote.html", _status_context(request, rnd, vote))


@staff_only
@require_POST
def close_vote(request, round_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    if vote is None:
        messages.error(request, gettext("There is no vote to close yet."))
        return redirect("staff_vote", round_pk=rnd.pk)
    allowed_or_403(request.user, "manage_vote", vote)
    form = CloseVoteForm(request.POST)
    if not form.is_valid():
        context = _status_context(request, rnd, vote, close_form=form)
        return render(request, "voting/staff/vote.html", context, status=400)
    try:
        decision.vote_close_and_count(vote, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refused:
        flash_refusal(request, refused)
        return redirect("staff_vote", round_pk=rnd.pk)
    messages.success(request, gettext("The vote is closed and counted."))
    return redirect("staff_vote_outcome", round_pk=rnd.pk)


@staff_only
@require_http_methods(["GET", "POST"])
def issue_codes(request, round_pk):
    """Make one-time codes for residents to vote with, and show them once, to print."""
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    allowed_or_403(request.user, "manage_vote", vote or rnd)
    problem = codes.codes_refusal_reason(vote)
    form = IssueCodesForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if problem is not None:
            form = IssueCodesForm()  # the page says why no codes can be made, with no form
        elif form.is_valid():
            try:
                made = codes.codes_issue(
                    vote,
                    form.cleaned_data["how_many"],
                    label=form.cleaned_data["label"],
                    by=request.user,
                )
            except codes.CodesRefused as refused:
                form.add_error("how_many", refused.message)
            else:
                response = render(
                    request,
                    "voting/staff/codes_made.html",
                    {
                        "round": rnd,
                        "vote": vote,
                        "codes": made,
                        "label": form.cleaned_data["label"],
                        "code_url": settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("vote_code"),
                    },
                )
                # Shown once: never kept by the browser, a proxy or the server.
                response["Cache-Control"] = "no-store"
                return response
    return render(
        request,
        "voting/staff/codes.html",
        {
            "round": rnd,
            "vote": vote,
            "form": form,
            "problem": problem,
            "code_counts": codes.code_counts(vote) if vote is not None else None,
        },
        status=status,
    )


def _outcome_context(request, rnd, vote, extra_form=None, confirm_form=None):
    apps = list(
        decision.panel_applications(rnd)
        .select_related("group")
        .only("pk", "reference", "title", "amount_requested", "state", "round_id", "group__name")
    )
    extras = {
        e.application_id: e for e in ExtraAllocation.objects.filter(vote=vote).select_related("by")
    }
    lines = decision.allocation(vote, apps, extras)
    unfunded = [
        ln.application
        for ln in lines
        if not ln.awarded and ln.application.state == ApplicationState.ELIGIBLE
    ]
    return {
        "round": rnd,
        "vote": vote,
        "lines": lines,
        "spent": sum(ln.amount for ln in lines),
        "left": decision.left_over(vote),
        "extras": list(extras.values()),
        "can_manage": can(request.user, "manage_vote", vote),
        "extra_form": extra_form or ExtraForm(applications=unfunded),
        "confirm_form": confirm_form or ConfirmForm(),
        "unfunded": unfunded,
        "may_change": vote.state == VoteState.COUNTED,
    }


@staff_only
def outcome(request, round_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    if vote is None or vote.state not in (
        VoteState.COUNTED,
        VoteState.CONFIRMED,
        VoteState.PUBLISHED,
    ):
        messages.info(request, gettext("The outcome shows once the vote is closed and counted."))
        return redirect("staff_vote", round_pk=rnd.pk)
    return render(request, "voting/staff/outcome.html", _outcome_context(request, rnd, vote))


@staff_only
@require_POST
def add_extra(request, round_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    if vote is None:
        return redirect("staff_vote", round_pk=rnd.pk)
    allowed_or_403(request.user, "manage_vote", vote)
    context = _outcome_context(request, rnd, vote)
    form = ExtraForm(request.POST, applications=context["unfunded"])
    if form.is_valid():
        try:
            decision.extra_add(
                vote,
                form.chosen(),
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except TransitionRefused as refused:
            form.add_error("amount", refused.message)
        else:
            messages.success(
                request, gettext("The left-over money is added. Check it, then confirm.")
            )
            return redirect("staff_vote_outcome", round_pk=rnd.pk)
    context["extra_form"] = form
    return render(request, "voting/staff/outcome.html", context, status=400)


@staff_only
@require_POST
def remove_extra(request, round_pk, extra_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    if vote is None:
        return redirect("staff_vote", round_pk=rnd.pk)
    allowed_or_403(request.user, "manage_vote", vote)
    extra = get_object_or_404(ExtraAllocation, pk=extra_pk, vote=vote)
    try:
        decision.extra_remove(vote, extra, by=request.user)
    except TransitionRefused as refused:
        flash_refusal(request, refused)
    else:
        messages.success(request, gettext("That left-over money is taken back."))
    return redirect("staff_vote_outcome", round_pk=rnd.pk)


@staff_only
@require_POST
@reauthentication_required
def confirm(request, round_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    if vote is None:
        return redirect("staff_vote", round_pk=rnd.pk)
    allowed_or_403(request.user, "decide_round", rnd)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        context = _outcome_context(request, rnd, vote, confirm_form=form)
        return render(request, "voting/staff/outcome.html", context, status=400)
    try:
        result = decision.decision_confirm(vote, by=request.user)
    except TransitionRefused as refused:
        flash_refusal(request, refused)
        return redirect("staff_vote_outcome", round_pk=rnd.pk)
    messages.success(
        request,
        gettext(
            "The round is decided: %(funded)s funded, %(not_funded)s not. "
            "The groups have been emailed."
        )
        % {"funded": len(result.awarded), "not_funded": len(result.not_awarded)},
    )
    for problem in result.offer_problems:
        messages.error(
            request, gettext("The offer could not be made for %(problem)s") % {"problem": problem}
        )
    return redirect("staff_vote_outcome", round_pk=rnd.pk)


@staff_only
@require_POST
def publish(request, round_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    if vote is None:
        return redirect("staff_vote", round_pk=rnd.pk)
    try:
        decision.decision_publish(vote, by=request.user)
    except TransitionRefused as refused:
        flash_refusal(request, refused)
    else:
        messages.success(request, gettext("The results are published. Anyone can now see them."))
    return redirect("staff_vote_outcome", round_pk=rnd.pk)


@staff_only
def export(request, round_pk):
    rnd = _round(request, round_pk)
    vote = _vote(rnd)
    if vote is None or not can(request.user, "export_vote", vote):
        messages.error(
            request, gettext("The votes can only be downloaded once the vote has closed.")
        )
        return redirect("staff_vote", round_pk=rnd.pk)
    return pb_response(vote)


@staff_only
@require_http_methods(["GET", "POST"])
def recount_file(request, round_pk):
    rnd = _round(request, round_pk)
    allowed_or_404(request.user, "recount_pabulib", rnd)
    form = RecountForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            election, counted = recount(form.cleaned_data["file"], form.cleaned_data["rule"])
        except (PabulibError, UnicodeDecodeError, ValueError) as problem:
            form.add_error(
                "file",
                gettext("This file could not be read: %(problem)s")
                % {"problem": str(problem)[:200]},
            )
        else:
            result = {
                "election": election,
                "outcome": counted,
                "rows": [
                    (election.projects[pid], r)
                    for pid, r in sorted(
                        counted.results.items(),
                        key=lambda item: (not item[1].funded, item[1].order or 0, item[0]),
                    )
                ],
            }
    return render(
        request,
        "voting/staff/recount.html",
        {"round": rnd, "form": form, "result": result},
        status=400 if request.method == "POST" and result is None else 200,
    )


__all__ = ["Application"]
