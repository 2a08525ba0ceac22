"""Demo vote: a round at the voting stage, with a panel (from the panels demo) and ballots from
every demo resident except Rose (panel@seedbed.example), so she can cast her own.

Registered into `core.demo.register_demo` from `VotingConfig.ready()`. Idempotent (keyed on the
round's slug); does nothing if there are no groups or the panels demo is not there.
"""

import logging
from datetime import timedelta

from django.utils import timezone

from grants.models import Application, ApplicationState, Group, Round, RoundState
from grants.round_template import apply_template

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
    if Round.objects.filter(slug=SLUG).exists():
        return
    groups = list(Group.objects.order_by("name")[: len(PLANS)])
    if not groups:
        return
    try:
        from panels.demo import add_demo_panels
    except ImportError:  # pragma: no cover - the panels app is always there
        return
    now = timezone.now()
    voting_round = Round.objects.create(
        funder=funder,
        slug=SLUG,
        title="Community Spaces Fund 2026",
        summary="Money to make local meeting places better: chairs, kit, trips and training.",
        who_can_apply="Groups that meet in Riverside. You do not need to be a charity.",
        area="Riverside",
        budget=6000,
        min_grant=300,
        max_grant=3000,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=45),
        voting_method=Round.VotingMethod.APPROVAL,
        allocation_rule=Round.AllocationRule.MES_ADD1,
    )
    apply_template(voting_round)
    for group, (title, amount) in zip(groups, PLANS, strict=False):
        app = Application.objects.create(
            round=voting_round, group=group, title=title, amount_requested=amount
        )
        # Demo set-up only: skip the applying and checking steps.
        Application.objects.filter(pk=app.pk).update(
            state=ApplicationState.ELIGIBLE, submitted_at=now - timedelta(days=60)
        )
    Round.objects.filter(pk=voting_round.pk).update(state=RoundState.SCORING)
    voting_round.refresh_from_db()
    add_demo_panels(funder, voting_round)
    Round.objects.filter(pk=voting_round.pk).update(state=RoundState.VOTING)
    voting_round.refresh_from_db()
    _cast_demo_ballots(voting_round)


def _cast_demo_ballots(voting_round):
    import random

    from panels.services import active_members

    from .services.ballots import BallotRefused, ballot_options, cast_ballot, vote_for

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
            cast_ballot(vote, user, {"approve": [a.reference for a in picks]})
        except BallotRefused as refused:  # pragma: no cover - demo data only
            log.warning("Demo ballot not cast for %s: %s", user.email, refused.message)
