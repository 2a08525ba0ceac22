"""Voting pages for the panel (ballot, receipt, results) and the public results page.

Views are thin: who may do what is asked of `grants.permissions.can`; the work is in
`voting.services`. Before a vote closes no page shows what anyone voted or any totals.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.downloads import attachment
from core.guards import person, second_factor_missing
from core.permissions import can
from grants.selectors import round_or_404

from ..forms import ReceiptForm, ballot_form_class, initial_from_ballot
from ..models import COUNTED_STATES, Vote, VoteState
from ..services import ballots
from ..services.decision import allocation, left_over
from ..services.pabulib import export_filename, pb_export
from .receipts import forget_receipt, keep_receipt, read_receipt

RECEIPT_COOKIE = "seedbed_receipt_{}"


def _round(round_pk):
    return round_or_404(round_pk)


def _vote_or_404(rnd):
    vote = ballots.vote_for(rnd)
    if vote is None:
        raise Http404("Not found")
    vote.round = rnd
    return vote


@person
@require_http_methods(["GET", "POST"])
def ballot(request, round_pk):
    rnd = _round(round_pk)
    vote = _vote_or_404(rnd)
    user = request.user
    if not ballots.member_is_panel_voter(user, rnd):
        raise Http404("Not found")
    context = {"round": rnd, "vote": vote}
    if not vote.has_ballots:
        return render(request, "voting/no_ballot.html", context)
    if not vote.is_open or not can(user, "cast_ballot", vote):
        if can(user, "view_vote_results", vote):
            return redirect("vote_results", round_pk=rnd.pk)
        return render(request, "voting/closed.html", context)
    options = ballots.ballot_options(user, vote)
    if not options:
        return render(request, "voting/declare_first.html", context)
    current = ballots.current_ballot(user, vote)
    form_class = ballot_form_class(vote)
    if request.method == "POST":
        form = form_class(request.POST, vote=vote, options=options)
        if form.is_valid():
            try:
                receipt = ballots.ballot_cast(vote, user, form.contents())
            except ballots.BallotRefused as refused:
                form.add_error(None, refused.message)
            else:
                response = redirect("vote_receipt", round_pk=rnd.pk)
                return keep_receipt(
                    response,
                    RECEIPT_COOKIE.format(vote.pk),
                    receipt,
                    path=reverse("vote_receipt", args=[rnd.pk]),
                )
    else:
        initial = initial_from_ballot(vote, current.contents if current else None)
        form = form_class(initial=initial, vote=vote, options=options)
    return render(
        request,
        "voting/ballot.html",
        {
            **context,
            "form": form,
            "options": options,
            "has_voted": current is not None,
            "is_approval": vote.method == Vote.Method.APPROVAL,
        },
    )


@person
def receipt(request, round_pk):
    rnd = _round(round_pk)
    vote = _vote_or_404(rnd)
    if not ballots.member_is_panel_voter(request.user, rnd) and not ballots.voter_has_voted(
        request.user, vote
    ):
        raise Http404("Not found")
    name = RECEIPT_COOKIE.format(vote.pk)
    code = read_receipt(request, name)
    if code is None:
        return redirect("vote_ballot", round_pk=rnd.pk)
    response = render(request, "voting/receipt.html", {"round": rnd, "vote": vote, "code": code})
    response["Cache-Control"] = "no-store"
    return forget_receipt(response, name, path=request.path)


@require_http_methods(["GET", "POST"])
def results(request, round_pk):
    """After close: the panel and staff. After publishing: anyone, signed in or not."""
    rnd = _round(round_pk)
    vote = Vote.objects.filter(round=rnd).first()
    if vote is None:
        raise Http404("Not found")
    vote.round = rnd
    public = vote.state == VoteState.PUBLISHED
    if not public and second_factor_missing(request.user):
        return redirect("staff_second_factor_needed")
    if not public and not can(request.user, "view_vote_results", vote):
        if vote.is_open and ballots.member_is_panel_voter(request.user, rnd):
            return render(request, "voting/not_yet.html", {"round": rnd, "vote": vote})
        raise Http404("Not found")
    counted = vote.state in COUNTED_STATES
    lines = allocation(vote) if counted else []
    receipt_form = ReceiptForm(request.POST or None)
    receipt_result = None
    if request.method == "POST" and receipt_form.is_valid():
        receipt_result = ballots.receipt_check(vote, receipt_form.cleaned_data["receipt"])
    outcome = vote.outcome or {}
    return render(
        request,
        "voting/results.html",
        {
            "round": rnd,
            "vote": vote,
            "lines": lines,
            "counted": counted,
            "funded": [ln for ln in lines if ln.awarded],
            "spent": sum(ln.amount for ln in lines),
            "left": left_over(vote) if counted else None,
            "ballot_count": outcome.get("ballots"),
            "receipt_form": receipt_form,
            "receipt_result": receipt_result,
            "decided": vote.state in (VoteState.CONFIRMED, VoteState.PUBLISHED),
            # Only a link that works: never while the vote is open (the file is refused then).
            "can_download": vote.is_closed and (public or can(request.user, "export_vote", vote)),
        },
    )


def public_export(request, round_pk):
    rnd = _round(round_pk)
    vote = Vote.objects.filter(round=rnd).first()
    if vote is None:
        raise Http404("Not found")
    public = vote.state == VoteState.PUBLISHED
    if not public and second_factor_missing(request.user):
        return redirect("staff_second_factor_needed")
    if not (public or can(request.user, "export_vote", vote)):
        raise Http404("Not found")
    vote.round = rnd
    return pb_response(vote)


def pb_response(vote):
    try:
        text = pb_export(vote)
    except ballots.BallotRefused as refused:
        return HttpResponse(refused.message, status=403, content_type="text/plain")
    return attachment(text, export_filename(vote), "text/plain; charset=utf-8")


def flash_refusal(request, refused):
    for problem in getattr(refused, "problems", None) or [refused.message]:
        messages.error(request, problem)
