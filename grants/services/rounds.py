"""Rounds: the steps an officer takes, and closing rounds at their closing date."""

from core.transitions import TransitionRefused, perform

from ..models import Round, RoundState

# --------------------------------------------------------------------------------------------
# Closing at the closing date
# --------------------------------------------------------------------------------------------
CLOSING_REASON = "Closing date reached"


def rounds_due_to_close(now=None):
    from django.utils import timezone

    return Round.objects.filter(state=RoundState.OPEN, closes_at__lte=now or timezone.now())


def rounds_close_due(now=None):
    """Close every open round whose closing date has passed. Returns the rounds closed.

    Run two ways (both, on purpose):
    - on a schedule: `manage.py close_due_rounds` from cron or a systemd timer every few
      minutes, or the `close_due_rounds_task` task run by a `db_worker`;
    - as a safety net, by the first request after the closing date
      (`grants.middleware.CloseDueRoundsMiddleware`, at most one query a minute).
    Each close is a normal transition by nobody (`by=None`), so the audit trail says
    "Seedbed (automatic)" and "Closing date reached". Applicants cannot submit after the closing
    date even before this runs: `Round.is_open_for_applications` checks the date too.
    """

    closed = []
    for rnd in rounds_due_to_close(now):
        try:
            closed.append(perform(rnd, "close", by=None, reason=CLOSING_REASON))
        except TransitionRefused:  # closed by someone else a moment ago
            continue
    return closed
