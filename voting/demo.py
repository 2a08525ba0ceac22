"""Demo vote: a round at the voting stage, with a panel (from the panels demo) and ballots from
every demo resident except Rose (panel@seedbed.example), so she can cast her own.

Registered into `core.demo.register_demo` from `VotingConfig.ready()`. Idempotent (keyed on the
round's slug); does nothing if there are no groups or the panels demo is not there.
"""

import logging
import random

from grants.demo.rounds import demo_eligible_applications, demo_round, demo_round_state
from grants.models import Round, RoundState
from grants.selectors import any_groups, round_by_slug
from panels.demo import add_demo_panels
from panels.services import active_members

from .services.ballots import BallotRefused, ballot_cast, ballot_options, vote_for

log = logging.getLogger(__name__)

SLUG = "community-spaces-2026"
PLANS = [
    ("Chairs and tables for the lunch club", 1200),
    ("Walking group leader training", 800),
    ("A second fridge for the food share", 2500),
    ("Art sessions for carers", 1500),
    ("Minibus hire for day trips", 3000),
    ("Garden tools and seeds", 600),
]


def add_demo_vote(funder, rnd):
    if round_by_slug(SLUG) is not None or not any_groups():
        return
    voting_round = demo_round(
        funder,
        SLUG,
        "Community Spaces Fund 2026",
        summary="Money to make local meeting places better: chairs, kit, trips and training.",
        who_can_apply="Groups that meet in Riverside. You do not need to be a charity.",
        area="Riverside",
        budget=6000,
        max_grant=3000,
        opened_days_ago=90,
        closes_in_days=-45,
        voting_method=Round.VotingMethod.APPROVAL,
        allocation_rule=Round.AllocationRule.MES_ADD1,
        state=RoundState.SCORING,
    )
    demo_eligible_applications(voting_round, PLANS, submitted_days_ago=60)
    add_demo_panels(funder, voting_round)
    voting_round = demo_round_state(voting_round, RoundState.VOTING)
    _cast_demo_ballots(voting_round)


def _cast_demo_ballots(voting_round):
    vote = vote_for(voting_round)
    if vote is None:
        return
    for user in active_members(voting_round).order_by("email"):
        if user.email == "panel@seedbed.example":
            continue
        options = ballot_options(user, vote)
        if not options:
            continue
        chance = random.Random(user.email)  # noqa: S311  (demo choices)
        picks = chance.sample(options, k=min(len(options), chance.randint(2, 3)))
        try:
            ballot_cast(vote, user, {"approve": [a.reference for a in picks]})
        except BallotRefused as refused:  # pragma: no cover - demo data only
            log.warning("Demo ballot not cast for %s: %s", user.email, refused.message)
