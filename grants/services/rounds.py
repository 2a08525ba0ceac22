"""Rounds: readiness checks and the steps an officer takes."""

# Other apps add checks that must pass before a round moves to scoring (the panels app adds
# "the panel has a quorum"). Each takes the round and returns a list of plain problems.
scoring_checks = []


def register_scoring_check(func):
    if func not in scoring_checks:
        scoring_checks.append(func)
    return func


# Checks that must pass before a round moves from scoring to voting (the panels app adds "every
# eligible application has enough scores, unless an officer waived that"). Same shape as above.
voting_checks = []


def register_voting_check(func):
    if func not in voting_checks:
        voting_checks.append(func)
    return func


# Checks that must pass before a round is decided (the voting app adds "the vote has been
# closed and counted"; its confirm step is the officer's confirmation). Same shape as above.
decision_checks = []


def register_decision_check(func):
    if func not in decision_checks:
        decision_checks.append(func)
    return func


def decision_problems(rnd):
    problems = []
    for extra in decision_checks:
        problems.extend(extra(rnd))
    return problems


def voting_problems(rnd):
    problems = []
    for extra in voting_checks:
        problems.extend(extra(rnd))
    return problems


def scoring_problems(rnd):
    from ..models import ApplicationState

    problems = []
    waiting = rnd.applications.filter(
        state__in=[ApplicationState.SUBMITTED, ApplicationState.MORE_INFO_NEEDED]
    ).count()
    if waiting:
        problems.append(
            f"{waiting} application{'s are' if waiting != 1 else ' is'} still being checked."
        )
    if not rnd.applications.filter(state=ApplicationState.ELIGIBLE).exists():
        problems.append("No application has been marked as going to the panel.")
    for extra in scoring_checks:
        problems.extend(extra(rnd))
    return problems


# --------------------------------------------------------------------------------------------
# Closing at the closing date
# --------------------------------------------------------------------------------------------
CLOSING_REASON = "Closing date reached"


def rounds_due_to_close(now=None):
    from django.utils import timezone

    from ..models import Round, RoundState

    return Round.objects.filter(state=RoundState.OPEN, closes_at__lte=now or timezone.now())


def close_due_rounds(now=None):
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
    from .transitions import TransitionRefused, perform

    closed = []
    for rnd in rounds_due_to_close(now):
        try:
            closed.append(perform(rnd, "close", by=None, reason=CLOSING_REASON))
        except TransitionRefused:  # closed by someone else a moment ago
            continue
    return closed
