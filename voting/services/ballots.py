"""The vote and the ballots: who may vote on what, casting and changing a ballot, receipts.

How the ballot is kept secret, and its limits
=============================================

*Who* voted is a `VoterParticipation` row (voter, vote, time). *What* was voted is a `Ballot`
row (vote, receipt hash, contents) with no user, no voter and no time stamp.

A voter may change their ballot until the vote closes, so the server must be able to find *their*
ballot again without storing who cast which. The ballot's primary key is

    HMAC-SHA256(key=SECRET_KEY, message="<vote id>:<vote secret>:<voter id>")

where the vote secret is 32 random bytes kept on the `Vote` row **only while the vote is open**.
When the vote closes the secret is wiped (`Vote.close`), and from then on the ballot ids are just
random-looking strings: nobody, the server included, can work out whose ballot is whose. One
ballot per voter is the primary key itself (a unique constraint), so two submissions at the same
moment can never make two ballots; casting also locks the vote row, so a ballot cannot slip in
while the vote is being closed.

Why not keep the link in the voter's session or receipt instead? Then losing the receipt or
signing in on another phone would leave an old ballot that can never be replaced, and a voter
could cast two. We chose "change from any device" over "even the server cannot link".

At close the ballot box is sealed (`voting.services.ballot_box.seal`): every ballot is
rewritten in a random order under a fresh random id in the closing transaction, the old rows
are deleted and their space reclaimed, and receipts are never kept in sessions. From then on
neither the database (row order, rowid, ctid, xmin, ids) nor the SECRET_KEY links a ballot to a
voter.

The limits, plainly (the full threat model is in `docs/security.md`):

- While the vote is open, someone holding **both** a copy of the database **and** the
  SECRET_KEY could recompute every voter's ballot id and read their vote; and a raw copy of
  the database taken while the vote is open shows the ballots' contents (running totals) and,
  through row order, hints at who cast which. After close nobody can link.
- With very few voters, results themselves can give votes away (one voter, one ballot).
- A voter who shows someone their receipt proves *that* they voted, never *what*: the receipt
  check only says whether a ballot with that receipt is in the count.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext

from core.audit import record_transition
from core.permissions import can
from core.refusals import Refused
from grants.models import Application, ApplicationState, RoundState
from grants.selectors import voting_rounds_of
from panels.services import active_members, active_membership, eligible_applications_for
from panels.services import panel_applications as of_panel

from ..models import Ballot, Vote, Voter, VoterParticipation, VoteState

RECEIPT_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
RECEIPT_LENGTH = 12


class BallotRefused(Refused):
    """A ballot that cannot be taken, with plain words for the page (always at least one
    problem: the message itself)."""

    def __init__(self, message, problems=None):
        super().__init__(message, problems or [message])


# --------------------------------------------------------------------------------------------
# The vote
# --------------------------------------------------------------------------------------------
def vote_for(rnd, *, create=True):
    """The round's vote. Made (with the round's voting settings copied in) the first time it is
    asked for once the round is at the voting stage; None before that."""
    vote = Vote.objects.filter(round_id=rnd.pk).first()
    if vote is not None or not create or rnd.state != RoundState.VOTING:
        return vote
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                round=rnd,
                method=rnd.voting_method,
                rule=rnd.allocation_rule,
                dots_per_voter=rnd.dots_per_voter,
                picks_must_fit_budget=rnd.picks_must_fit_budget,
                budget=rnd.budget or 0,
            )
    except IntegrityError:  # made by someone else a moment ago
        return Vote.objects.get(round_id=rnd.pk)
    _record_opening(vote)
    return vote


def _record_opening(vote):
    """A vote is born open: write the audit record a transition would have written."""

    record_transition(
        sender=Vote,
        instance=vote,
        name="open_vote",
        source="",
        target=VoteState.OPEN,
        method_kwargs={"by": None, "reason": "The round moved to voting"},
    )


def panel_applications(rnd):
    """The applications the panel votes on (through the panels app's service)."""

    return of_panel(rnd)


def ballot_options(user, vote):
    """The applications `user` may vote on: on the panel's list, declared on, no link to the group.
    A member who has not declared on every application gets none."""

    return list(
        eligible_applications_for(user, vote.round)
        .filter(state=ApplicationState.ELIGIBLE)
        .select_related("group")
        .order_by("reference")
    )


def member_is_panel_voter(user, rnd):

    return active_membership(user, rnd) is not None


def voter_for(user, vote, *, create=True):
    """`user`'s right to vote in `vote` (made the first time for an active panel member)."""
    voter = Voter.objects.filter(vote=vote, user=user).first()
    if voter is not None or not create:
        return voter
    if not member_is_panel_voter(user, vote.round):
        return None
    voter, _ = Voter.objects.get_or_create(
        vote=vote, user=user, defaults={"kind": Voter.Kind.PANEL}
    )
    return voter


def voter_has_voted(user, vote) -> bool:
    return VoterParticipation.objects.filter(vote=vote, voter__user=user).exists()


def turnout(vote):
    """(how many panel members have voted, how many may vote). Never what anyone voted.
    Residents voting with a code are counted apart: see `voting.services.codes.code_counts`."""

    voted = VoterParticipation.objects.filter(vote=vote, voter__kind=Voter.Kind.PANEL).count()
    may = active_members(vote.round).count()
    return voted, max(may, voted)


# --------------------------------------------------------------------------------------------
# Ballot ids and receipts
# --------------------------------------------------------------------------------------------
def _key():
    return settings.SECRET_KEY.encode()


def ballot_id(vote, voter) -> str:
    if not vote.secret:
        raise BallotRefused(gettext("The vote has closed, so ballots can no longer be changed."))
    message = f"{vote.pk}:{vote.secret}:{voter.pk}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def receipt_new() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(code[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_normalise(code) -> str:
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def receipt_hash(code) -> str:
    message = ("receipt:" + receipt_normalise(code)).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def receipt_looks_right(code) -> bool:
    cleaned = receipt_normalise(code)
    return len(cleaned) == RECEIPT_LENGTH and all(ch in RECEIPT_ALPHABET for ch in cleaned)


def receipt_check(vote, code) -> bool:
    """Is a ballot with this receipt in the vote? Says nothing about what it holds."""
    if not receipt_looks_right(code):
        return False
    return Ballot.objects.filter(vote=vote, receipt_hash=receipt_hash(code)).exists()


def current_ballot(user, vote):
    """`user`'s own ballot while the vote is open (to show it back to them), else None."""
    if not vote.is_open or not vote.secret:
        return None
    voter = voter_for(user, vote, create=False)
    if voter is None:
        return None
    return Ballot.objects.filter(pk=ballot_id(vote, voter), vote=vote).first()


# --------------------------------------------------------------------------------------------
# What a ballot may hold
# --------------------------------------------------------------------------------------------
def contents_problems(vote, contents, options) -> list[str]:
    """Plain problems with a ballot's contents, given the applications the voter may vote on
    (`options`: {reference: Application}). Empty when it is fine."""
    if not isinstance(contents, dict):
        return [gettext("Your ballot could not be read. Try again.")]
    if vote.method == Vote.Method.APPROVAL:
        picks = contents.get("approve")
        if not isinstance(picks, list | tuple) or not all(isinstance(p, str) for p in picks):
            return [gettext("Your ballot could not be read. Try again.")]
        if any(p not in options for p in picks):
            return [gettext("You cannot vote for one of those applications. Choose from the list.")]
        if len(set(picks)) != len(picks):
            return [gettext("Choose each application only once.")]
        if not picks:
            return [gettext("Choose at least one application.")]
        if vote.picks_must_fit_budget:
            total = sum(options[p].amount_requested or 0 for p in picks)
            if total > vote.budget:
                return [
                    gettext(
                        "Your choices add up to %(total)s, but there is only %(budget)s. "
                        "Take some away."
                    )
                    % {"total": f"£{total:,}", "budget": f"£{vote.budget:,}"}
                ]
        return []
    if vote.method == Vote.Method.DOTS:
        points = contents.get("points")
        if not isinstance(points, dict):
            return [gettext("Your ballot could not be read. Try again.")]
        if any(ref not in options for ref in points):
            return [gettext("You cannot give dots to one of those applications. Use the list.")]
        for value in points.values():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                return [gettext("Dots must be whole numbers, 0 or more.")]
        total = sum(points.values())
        if total > vote.dots_per_voter:
            return [
                ngettext(
                    "You have %(most)s dots. You gave %(total)s. Take some away.",
                    "You have %(most)s dots. You gave %(total)s. Take some away.",
                    vote.dots_per_voter,
                )
                % {"most": vote.dots_per_voter, "total": total}
            ]
        if total == 0:
            return [gettext("Give at least one dot.")]
        return []
    return [gettext("This round uses the panel's scores. There is nothing to vote on.")]


def _clean_contents(vote, contents):
    if vote.method == Vote.Method.APPROVAL:
        return {"approve": sorted(contents["approve"])}
    return {"points": {ref: v for ref, v in sorted(contents["points"].items()) if v > 0}}


def ballot_cast(vote, user, contents) -> str:
    """Take (or replace) `user`'s ballot. Returns the new receipt code, shown once.

    Raises BallotRefused with plain words when the vote is closed, the person may not vote, or
    the ballot holds something it may not (an application they have a link to, too many dots).
    """
    with transaction.atomic():
        # Lock the vote row: closing waits for ballots being cast, and casts wait for a close.
        locked = Vote.objects.select_for_update().select_related("round").get(pk=vote.pk)
        if not locked.is_open:
            raise BallotRefused(
                gettext("The vote has closed, so ballots can no longer be changed.")
            )
        if not can(user, "cast_ballot", locked):
            raise BallotRefused(gettext("You cannot vote in this round."))
        voter = voter_for(user, locked)
        if voter is None:
            raise BallotRefused(gettext("You cannot vote in this round."))
        options = {a.reference: a for a in ballot_options(user, locked)}
        return ballot_store(locked, voter, contents, options)


def ballot_store(locked, voter, contents, options) -> str:
    """Check and keep (or replace) `voter`'s ballot in the open vote `locked`, which the caller
    has locked (`select_for_update`) inside a transaction. `options`: {reference: Application}
    the voter may vote on. Returns the new receipt code. Panel members and residents with a
    code both come through here, so their ballots are kept (and counted) the same way."""
    problems = contents_problems(locked, contents, options)
    if problems:
        raise BallotRefused(problems[0], problems)
    cleaned = _clean_contents(locked, contents)
    receipt = receipt_new()
    values = {"contents": cleaned, "receipt_hash": receipt_hash(receipt)}
    bid = ballot_id(locked, voter)
    if not Ballot.objects.filter(pk=bid, vote=locked).update(**values):
        try:
            with transaction.atomic():
                Ballot.objects.create(id=bid, vote=locked, **values)
        except IntegrityError:  # the same voter's other submission won: replace it
            Ballot.objects.filter(pk=bid, vote=locked).update(**values)
    try:
        with transaction.atomic():
            VoterParticipation.objects.get_or_create(vote=locked, voter=voter)
    except IntegrityError:
        pass
    return receipt


def ballot_rows(vote):
    """Every ballot's contents, in random (id) order. Only for counting and exports after close."""
    if not vote.is_closed:
        raise BallotRefused(gettext("Ballots can only be read once the vote has closed."))
    return list(Ballot.objects.filter(vote=vote).order_by("id").values_list("contents", flat=True))


def votes_open_for(user):
    """Votes `user` may take part in now, with whether they have voted: [(vote, voted)]."""
    if user is None or not user.is_authenticated:
        return []
    rounds = voting_rounds_of(user)
    result = []
    for rnd in rounds:
        vote = vote_for(rnd)
        if vote is None or not vote.has_ballots or not member_is_panel_voter(user, rnd):
            continue
        result.append((vote, voter_has_voted(user, vote)))
    return result


__all__ = [
    "Application",
    "BallotRefused",
    "ballot_id",
    "ballot_options",
    "ballot_rows",
    "ballot_cast",
    "receipt_check",
    "contents_problems",
    "current_ballot",
    "voter_has_voted",
    "receipt_new",
    "receipt_hash",
    "ballot_store",
    "turnout",
    "vote_for",
    "voter_for",
]
