"""Who may do what in a vote. Registered with `grants.permissions.rule`; imported from
`VotingConfig.ready()`.

Nobody sees what was voted (or running totals) before the vote closes: there is no rule for it,
and the rules below that show results all need a closed vote.
"""

from core.guards import is_staff_member
from core.permissions import rule
from grants.models import Round, RoundState
from grants.permissions import funder_ids, is_officer
from panels.services import membership

from .models import AFTER_CLOSE, Vote, VoteState
from .services.ballots import member_is_panel_voter


def _round_of(obj):
    if isinstance(obj, Round):
        return obj
    return obj.round


def _funder_id(obj):
    return _round_of(obj).funder_id


def _is_staff_for(user, obj):
    return _funder_id(obj) in funder_ids(user, "officer", "funder_viewer")


@rule("cast_ballot")
def _cast_ballot(user, vote):
    """Active panel members, while the vote is open and the round is at the voting stage."""

    if not isinstance(vote, Vote) or vote.state != VoteState.OPEN or not vote.has_ballots:
        return False
    if vote.round.state != RoundState.VOTING:
        return False
    return member_is_panel_voter(user, vote.round)


@rule("manage_vote")
def _manage_vote(user, obj):
    """Close, count, use left-over money, publish: the round's officers."""
    return is_officer(user, _funder_id(obj))


@rule("view_vote_status")
def _view_vote_status(user, obj):
    """How many have voted (never what): the funder's staff."""
    return _is_staff_for(user, obj)


@rule("view_vote_results")
def _view_vote_results(user, vote):
    """After close: staff and the panel. After publishing: everyone (the view lets the public in
    without signing in)."""
    if vote.state == VoteState.PUBLISHED:
        return True
    if vote.state not in AFTER_CLOSE:
        return False
    if _is_staff_for(user, vote):
        return True

    member = membership(user, vote.round)
    return member is not None and member.state != "invited"


@rule("export_vote")
def _export_vote(user, vote):
    """The ballots as a Pabulib file: staff, only after close (or anyone once published)."""
    if vote.state not in AFTER_CLOSE:
        return False
    return vote.state == VoteState.PUBLISHED or _is_staff_for(user, vote)


@rule("recount_pabulib")
def _recount_pabulib(user, obj):

    return is_staff_member(user)
