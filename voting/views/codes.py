"""Residents voting with a one-time code, under /vote/code/. No account needed.

1. `/vote/code/`: type the code. Wrong codes slow down further tries from the same browser,
   for the same code pattern and (generously) from the same address: see
   `voting.services.code_limits`. Nobody is locked out for minutes.
2. `/vote/code/ballot/`: the ballot. The code is never in the address: the session keeps which
   right to vote the code gave (not the code itself), for `CODE_SESSION_SECONDS`, and forgets
   it once the ballot is in.
3. `/vote/code/receipt/`: the receipt code, shown once.

Typing the same code again while the vote is open says a vote is already in and gives a fresh,
empty ballot that replaces it: the earlier choices are never shown (the slip may be in other
hands, such as the officer who printed it).
"""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_http_methods

from ..forms import CodeForm, ballot_form_class
from ..models import Vote, VoteState
from ..services import code_limits, codes
from ..services.ballots import BallotRefused
from .receipts import forget_receipt, keep_receipt, read_receipt

CODE_VOTER_SESSION_KEY = "voting_code_voter"
CODE_RECEIPT_COOKIE = "seedbed_code_receipt"
#: How long the ballot step remembers a typed code (a shared phone or library computer).
CODE_SESSION_SECONDS = 30 * 60

# In English here (the tests compare with them); shown through gettext.
WRONG_CODE = gettext_noop(
    "We do not know that code. Check each letter and number, then try again. "
    "If it still does not work, ask the person who gave it to you."
)
TOO_MANY = gettext_noop(
    "Several wrong codes have been typed. Wait {seconds} seconds, then try again."
)


def _address(request):
    """The visitor's internet address, worked out the same way as for sign-in limits (behind
    a proxy, from X-Forwarded-For only as far as `TRUSTED_PROXY_COUNT` trusts it: 0 unless
    the deployment says so)."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return ""


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _closed(request, vote):
    request.session.pop(CODE_VOTER_SESSION_KEY, None)
    return render(
        request,
        "voting/code_closed.html",
        {
            "round": vote.round,
            "vote": vote,
            "published": vote.state == VoteState.PUBLISHED,
        },
    )


@require_http_methods(["GET", "POST"])
def enter_code(request):
    form = CodeForm(request.POST or None)
    if request.method != "POST":
        return _no_store(render(request, "voting/code_enter.html", {"form": form}))
    if not form.is_valid():
        return _no_store(render(request, "voting/code_enter.html", {"form": form}, status=400))
    typed = form.cleaned_data["code"]
    who = {"browser": _browser(request), "address": _address(request), "typed": typed}
    wait = code_limits.seconds_to_wait(**who)
    if wait:
        form.add_error("code", gettext(TOO_MANY).format(seconds=wait))
        response = render(request, "voting/code_enter.html", {"form": form}, status=429)
        response["Retry-After"] = str(wait)
        return _no_store(response)
    voter = codes.voter_for_code(typed)
    if voter is None:
        code_limits.wrong_code_note(**who)
        form.add_error("code", gettext(WRONG_CODE))
        return _no_store(render(request, "voting/code_enter.html", {"form": form}, status=400))
    if not codes.voter_may_vote_now(voter.vote):
        return _closed(request, voter.vote)
    request.session[CODE_VOTER_SESSION_KEY] = {
        "voter": voter.pk,
        "until": int(time.time()) + CODE_SESSION_SECONDS,
    }
    return redirect("vote_code_ballot")


def _browser(request):
    """This browser's session key (made now if it has none), to count its wrong codes."""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def _session_voter(request):
    kept = request.session.get(CODE_VOTER_SESSION_KEY)
    if not isinstance(kept, dict) or not isinstance(kept.get("until"), int):
        return None
    if kept["until"] < time.time():
        request.session.pop(CODE_VOTER_SESSION_KEY, None)
        messages.info(
            request,
            gettext("Type your code again. We forget it after 30 minutes, to keep it safe."),
        )
        return None
    return codes.community_voter(kept.get("voter"))


@require_http_methods(["GET", "POST"])
def code_ballot(request):
    voter = _session_voter(request)
    if voter is None:
        return redirect("vote_code")
    vote = voter.vote
    rnd = vote.round
    if not codes.voter_may_vote_now(vote):
        return _closed(request, vote)
    options = codes.community_options(vote)
    # Whoever holds the slip (the resident, or the officer who printed it) may vote again, but
    # never sees how the code voted: the ballot starts empty and replaces the one in.
    has_voted = codes.code_has_voted(voter)
    context = {"round": rnd, "vote": vote, "options": options, "has_voted": has_voted}
    if not options:
        return _no_store(render(request, "voting/code_ballot.html", context))
    form_class = ballot_form_class(vote)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, vote=vote, options=options)
        if form.is_valid():
            try:
                receipt = codes.community_ballot_cast(voter, form.contents())
            except BallotRefused as refused:
                form.add_error(None, refused.message)
            else:
                request.session.pop(CODE_VOTER_SESSION_KEY, None)
                return keep_receipt(
                    redirect("vote_code_receipt"),
                    CODE_RECEIPT_COOKIE,
                    f"{rnd.pk}:{receipt}",
                    path=reverse("vote_code_receipt"),
                )
        status = 400
    else:
        form = form_class(vote=vote, options=options)
    context.update({"form": form, "is_approval": vote.method == Vote.Method.APPROVAL})
    return _no_store(render(request, "voting/code_ballot.html", context, status=status))


def code_receipt(request):
    round_pk, _, code = (read_receipt(request, CODE_RECEIPT_COOKIE) or "").partition(":")
    vote = None
    if round_pk.isdigit() and code:
        vote = Vote.objects.filter(round_id=int(round_pk)).select_related("round").first()
    if vote is None:
        return redirect("vote_code")
    response = render(
        request, "voting/code_receipt.html", {"round": vote.round, "vote": vote, "code": code}
    )
    return forget_receipt(_no_store(response), CODE_RECEIPT_COOKIE, path=request.path)
