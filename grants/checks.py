"""What must hold before a round moves on: the checks other apps register (the panels app adds
"the panel has a quorum", the voting app "the vote is counted"), each returning plain problems."""

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
    """What stops a round's panel starting to score: the round's own checks (see
    `Round.scoring_problems`) come first; these are the ones other apps registered."""
    problems = []
    for extra in scoring_checks:
        problems.extend(extra(rnd))
    return problems
