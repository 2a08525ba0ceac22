"""Conflicts reach the ballot: one rule for scores and ballots.

A panel member's scores for an application stop counting once they have a link to its group,
and all their scores stop counting when they leave the panel (`panels.services.counted_sheets`).
The same holds for a ballot cast while the vote is open: when a link is declared (by the member
or recorded by an officer) the member's support for that application is taken out of their
ballot, and when a member steps down their whole ballot is taken out. The panels app sends
`panels.signals.link_declared` / `member_left`; `VotingConfig.ready()` connects them here.

Nothing here may give the choice away. The audit record and the email to the member say the
same words whether or not the ballot supported the application, so neither the audit trail nor
a queued email (both in the database) tells anyone how the member voted. After close the ballot
box is sealed and nothing can be taken out (nor linked to a member).
"""

from django.db import transaction

from core import notify
from core.audit import record_event

from ..models import Ballot, Vote, Voter, VoterParticipation
from .ballots import ballot_id


def _ballot_of(member):
    """(locked open vote, the member's voter, their ballot) or None when there is nothing to
    change: no vote, a closed vote, no ballot. Call inside a transaction."""
    vote = (
        Vote.objects.select_for_update()
        .select_related("round")
        .filter(round_id=member.panel.round_id)
        .first()
    )
    if vote is None or not vote.is_open or not vote.has_ballots or not vote.secret:
        return None
    voter = Voter.objects.filter(vote=vote, user_id=member.user_id).first()
    if voter is None:
        return None
    ballot = Ballot.objects.filter(pk=ballot_id(vote, voter), vote=vote).first()
    return (vote, voter, ballot) if ballot is not None else None


def _without(vote, contents, reference):
    if vote.method == Vote.Method.APPROVAL:
        return {"approve": [r for r in contents.get("approve", []) if r != reference]}
    return {"points": {r: p for r, p in contents.get("points", {}).items() if r != reference}}


def _is_empty(contents):
    return not contents.get("approve") and not any(contents.get("points", {}).values())


def _take_out(vote, voter, ballot):
    Ballot.objects.filter(pk=ballot.pk, vote=vote).delete()
    VoterParticipation.objects.filter(voter=voter).delete()


def support_remove_for(member, application, *, by) -> bool:
    """`member` now has a link to `application`'s group: take any support for it out of their
    ballot in the open vote. True when they had a ballot (whatever it held)."""
    with transaction.atomic():
        found = _ballot_of(member)
        if found is None:
            return False
        vote, voter, ballot = found
        contents = _without(vote, ballot.contents, application.reference)
        if _is_empty(contents):
            _take_out(vote, voter, ballot)
        elif contents != ballot.contents:
            Ballot.objects.filter(pk=ballot.pk, vote=vote).update(contents=contents)
        reason = (
            f"{member.name} has a link to {application.reference}, declared while the vote "
            "was open: any support their ballot gave it was taken out. (How they voted is "
            "not recorded.)"
        )
        record_event(vote, "conflict_reached_ballot", reason, by=by)
        context = {"round": vote.round, "user": member.user, "application": application}
        transaction.on_commit(
            lambda: notify.email(member.user.email, "vote_support_removed", context)
        )
    return True


def ballot_remove_of(member, *, by) -> bool:
    """`member` left the panel: take their whole ballot out of the open vote."""
    with transaction.atomic():
        found = _ballot_of(member)
        if found is None:
            return False
        vote, voter, ballot = found
        _take_out(vote, voter, ballot)
        reason = (
            f"{member.name} left the panel while the vote was open: their ballot was taken out."
        )
        record_event(vote, "ballot_taken_out", reason, by=by)
        context = {"round": vote.round, "user": member.user}
        transaction.on_commit(
            lambda: notify.email(member.user.email, "vote_ballot_removed", context)
        )
    return True


def conflicts_on_link_declared(sender, member, application, by, **kwargs):
    support_remove_for(member, application, by=by)


def conflicts_on_member_left(sender, member, by, **kwargs):
    ballot_remove_of(member, by=by)
