"""Who may do what on a resident panel. Registered with `grants.permissions.rule`; imported from
`PanelsConfig.ready()`.

The reading and scoring rules are the ones the pages and the services both ask: an active member
may read an application only once they have declared on every eligible application in the
round and said they have no link to this one; they may score it only while the round is scoring.
"""

from core.permissions import rule
from grants.models import ApplicationState, Round, RoundState
from grants.permissions import funder_ids, is_officer

from .services import active_membership, member_may_read

READABLE_ROUND_STATES = {
    RoundState.SCREENING,
    RoundState.SCORING,
    RoundState.VOTING,
    RoundState.DECIDED,
    RoundState.MONITORING,
    RoundState.COMPLETE,
}
PANEL_APPLICATION_STATES = {
    ApplicationState.ELIGIBLE,
    ApplicationState.AWARDED,
    ApplicationState.NOT_AWARDED,
}


def _round_of(obj):
    """The round of a round, a panel, a member or an application."""

    if isinstance(obj, Round):
        return obj
    if hasattr(obj, "panel_id") and hasattr(obj, "panel"):
        return obj.panel.round
    return obj.round


def _funder_id(obj):
    return _round_of(obj).funder_id


def _is_officer_for(user, obj):
    return is_officer(user, _funder_id(obj))


@rule("manage_panel")
def _manage_panel(user, obj):
    """Invite and remove members, record payments, waive the minimum scores."""
    return _is_officer_for(user, obj)


@rule("view_panel_results")
def _view_panel_results(user, rnd):

    if _funder_id(rnd) in funder_ids(user, "officer", "funder_viewer"):
        return True
    return active_membership(user, _round_of(rnd)) is not None


@rule("run_panel_meeting")
def _run_panel_meeting(user, rnd):
    """The officers, and the panel's chair."""

    if _is_officer_for(user, rnd):
        return True
    member = active_membership(user, _round_of(rnd))
    return member is not None and member.is_chair


@rule("accept_panel_invitation")
def _accept_panel_invitation(user, member):
    return member.user_id == user.pk


@rule("step_down_panel_member")
def _step_down_panel_member(user, member):
    return member.user_id == user.pk or _is_officer_for(user, member)


@rule("declare_conflicts")
def _declare_conflicts(user, rnd):

    return active_membership(user, _round_of(rnd)) is not None


@rule("read_for_panel")
def _read_for_panel(user, application):

    if application.round.state not in READABLE_ROUND_STATES:
        return False
    if application.state not in PANEL_APPLICATION_STATES:
        return False
    return member_may_read(user, application)


@rule("score_application")
def _score_application(user, application):
    if application.round.state != RoundState.SCORING:
        return False
    return _read_for_panel(user, application)
