"""Rounds: readiness checks and the steps an officer takes."""

# Other apps add checks that must pass before a round moves to scoring (the panels app adds
# "the panel has a quorum"). Each takes the round and returns a list of plain problems.
scoring_checks = []


def register_scoring_check(func):
    if func not in scoring_checks:
        scoring_checks.append(func)
    return func


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
