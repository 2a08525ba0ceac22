"""Building blocks for vote tests: a round at the voting stage, its panel, ballots."""

from grants.models import RoundState
from tests.panels.helpers import active_member, declare_all, scoring_round
from voting.services.ballots import ballot_cast, vote_for


def voting_round(funder, n=3, *, members=3, conflicts=None, amounts=None, **extra):
    """(round at the voting stage, its applications, [panel users], vote).

    `conflicts`: {member index: [application indexes]} the member has a link to."""
    extra.setdefault("budget", 1500)
    rnd, apps = scoring_round(funder, n, state=RoundState.VOTING, amounts=amounts, **extra)
    conflicts = conflicts or {}
    users = []
    for i in range(members):
        member = active_member(rnd, f"voter{i}.{rnd.pk}@example.com", f"Voter {i}")
        declare_all(member, apps, conflicts=[apps[j] for j in conflicts.get(i, [])])
        users.append(member.user)
    return rnd, apps, users, vote_for(rnd)


def approve(vote, user, *apps):
    return ballot_cast(vote, user, {"approve": [a.reference for a in apps]})


def dots(vote, user, **points_by_reference):
    return ballot_cast(vote, user, {"points": points_by_reference})
