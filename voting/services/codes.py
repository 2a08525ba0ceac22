"""The community vote: residents voting with one-time codes.

An officer issues a batch of codes for an open vote (`codes_issue`). Each code is a right to
vote (a `Voter` of kind "community_code") and only a keyed hash of it is kept: the codes are
shown once, on the page that made them, and never again. A resident types their code on
`/vote/code/`, sees every application on the vote and votes the same way the panel does. The
ballot is kept by `voting.services.ballots.store_ballot`, so it is as secret as a panel
member's (who voted is kept apart from what was voted; a receipt code; the same code can
change the ballot until the vote closes, and never makes two ballots) and it is counted with
the panel's ballots.

Codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I, 2/Z, 5/S, 8/B),
shown as ABCD-EFGH: easy to read aloud and to type on a phone. There are 26^8 (about 200
billion) codes, and guessing is slowed per browser, per code pattern and per internet address
(`voting.services.code_limits`).

The hash is HMAC-SHA256 keyed with SECRET_KEY, like receipts: a copy of the database alone
cannot be used to work out the codes that have not been used yet.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext

from core.audit import record_transition
from core.permissions import can
from grants.models import ApplicationState, RoundState

from ..models import Vote, Voter, VoterParticipation
from .ballots import (
    RECEIPT_ALPHABET,
    BallotRefused,
    ballot_store,
    panel_applications,
)

CODE_ALPHABET = RECEIPT_ALPHABET
CODE_LENGTH = 8
MOST_CODES_AT_ONCE = 2000


class CodesRefused(BallotRefused):
    """Codes that cannot be made or used, with plain words for the page."""


# --------------------------------------------------------------------------------------------
# The codes themselves
# --------------------------------------------------------------------------------------------
def code_new() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def code_normalise(text) -> str:
    """What was typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())


def code_looks_right(text) -> bool:
    cleaned = code_normalise(text)
    return len(cleaned) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in cleaned)


def code_hash(text) -> str:
    message = ("community-code:" + code_normalise(text)).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------------------------
# The officer: making codes, and how many are used
# --------------------------------------------------------------------------------------------
def codes_refusal_reason(vote) -> str | None:
    """Why codes cannot be made for this vote now (plain words), or None when they can."""
    if vote is None:
        return gettext("The vote opens when the round moves on to voting. You can make codes then.")
    if not vote.has_ballots:
        return gettext(
            "This round uses the panel's scores, so there is no vote for residents. "
            "Codes cannot be made."
        )
    if not vote.is_open or vote.round.state != RoundState.VOTING:
        return gettext("The vote has closed, so no more codes can be made.")
    return None


def _unused_hashes(codes):
    """The codes' hashes, keeping only codes no vote already has (so a code always finds one
    vote). A clash is about one in ten million even with a million codes; we check anyway."""
    hashed = {code_hash(code): code for code in codes}
    keys = list(hashed)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for taken in Voter.objects.filter(code_hash__in=chunk).values_list("code_hash", flat=True):
            hashed.pop(taken, None)
    return hashed


def codes_issue(vote, how_many, *, label="", by) -> list[str]:
    """Make `how_many` one-time codes for residents to vote with. Returns the codes: show them
    once, then they are gone (only their hashes are kept). Leaves an audit record."""
    if not can(by, "manage_vote", vote):
        raise CodesRefused(gettext("Only the round's officers can make codes."))
    if not 1 <= int(how_many) <= MOST_CODES_AT_ONCE:
        raise CodesRefused(
            gettext("Make between 1 and %(most)s codes at a time.")
            % {"most": f"{MOST_CODES_AT_ONCE:,}"}
        )
    label = (label or "").strip()[:120]
    with transaction.atomic():
        locked = Vote.objects.select_for_update().select_related("round").get(pk=vote.pk)
        problem = codes_refusal_reason(locked)
        if problem:
            raise CodesRefused(problem)
        made = {}
        while len(made) < how_many:
            fresh = {code_new() for _ in range(how_many - len(made))}
            for hashed, code in _unused_hashes(fresh).items():
                if len(made) < how_many:
                    made[hashed] = code
        Voter.objects.bulk_create(
            [
                Voter(vote=locked, kind=Voter.Kind.COMMUNITY_CODE, code_hash=hashed, label=label)
                for hashed in made
            ],
            batch_size=500,
        )
        _record_issue(locked, how_many, label, by)
    return sorted(made.values())


def _record_issue(vote, how_many, label, by):
    """Making codes is not a change of state, but it is recorded like one."""

    words = f"Made {how_many:,} one-time code{'s' if how_many != 1 else ''} for residents to vote"
    record_transition(
        sender=Vote,
        instance=vote,
        name="issue_codes",
        source=vote.state,
        target=vote.state,
        method_kwargs={"by": by, "reason": f"{words} ({label})." if label else f"{words}."},
    )


def code_counts(vote) -> dict:
    """How many codes were made and how many have voted, in all and by note. Never which code
    voted what. Two queries, whatever the number of codes."""
    codes = Voter.objects.filter(vote=vote, kind=Voter.Kind.COMMUNITY_CODE)
    batches = list(
        codes.values("label")
        .annotate(issued=Count("pk"), used=Count("participation"))
        .order_by("label")
    )
    return {
        "issued": sum(b["issued"] for b in batches),
        "used": sum(b["used"] for b in batches),
        "batches": batches,
    }


# --------------------------------------------------------------------------------------------
# The resident: typing a code, voting
# --------------------------------------------------------------------------------------------
def voter_for_code(text):
    """The right to vote a typed code gives (with its vote and round), or None."""
    if not code_looks_right(text):
        return None
    return (
        Voter.objects.filter(kind=Voter.Kind.COMMUNITY_CODE, code_hash=code_hash(text))
        .select_related("vote__round")
        .first()
    )


def community_voter(pk):
    """The code voter kept in the session for the ballot step, or None."""
    if not isinstance(pk, int):
        return None
    return (
        Voter.objects.filter(pk=pk, kind=Voter.Kind.COMMUNITY_CODE)
        .select_related("vote__round__funder")
        .first()
    )


def voter_may_vote_now(vote) -> bool:
    return vote.is_open and vote.has_ballots and vote.round.state == RoundState.VOTING


def community_options(vote):
    """What residents vote on: every application on the vote. Residents have no links to
    declare, so they see them all."""
    return list(
        panel_applications(vote.round)
        .filter(state=ApplicationState.ELIGIBLE)
        .select_related("group")
        .order_by("reference")
    )


def code_has_voted(voter) -> bool:
    return VoterParticipation.objects.filter(voter=voter).exists()


def community_ballot_cast(voter, contents) -> str:
    """Take (or replace) the ballot of a resident with a code. Returns the new receipt code.
    Raises BallotRefused with plain words (the vote has closed, the ballot is not right)."""
    with transaction.atomic():
        locked = Vote.objects.select_for_update().select_related("round").get(pk=voter.vote_id)
        if not voter_may_vote_now(locked):
            raise BallotRefused(
                gettext("The vote has closed, so ballots can no longer be changed.")
            )
        if voter.kind != Voter.Kind.COMMUNITY_CODE:
            raise BallotRefused(gettext("You cannot vote in this round."))
        options = {a.reference: a for a in community_options(locked)}
        return ballot_store(locked, voter, contents, options)
