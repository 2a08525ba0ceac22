"""The demo data adds a round at the voting stage with ballots, and running it twice changes
nothing; it copes with a database that has no groups."""

import pytest

from grants.demo import seed
from grants.models import Funder, Round, RoundState, User
from voting.demo import SLUG, add_demo_vote
from voting.models import Ballot, VoterParticipation
from voting.services.ballots import ballot_options, vote_for, voter_has_voted

pytestmark = pytest.mark.django_db


def test_demo_vote_is_idempotent_and_leaves_rose_to_vote():
    seed()
    rnd = Round.objects.get(slug=SLUG)
    assert rnd.state == RoundState.VOTING
    vote = vote_for(rnd)
    ballots = Ballot.objects.filter(vote=vote).count()
    assert ballots >= 3
    rose = User.objects.get(email="panel@seedbed.example")
    assert not voter_has_voted(rose, vote)
    assert ballot_options(rose, vote)
    seed()
    assert Ballot.objects.filter(vote=vote).count() == ballots
    assert VoterParticipation.objects.filter(vote=vote).count() == ballots


def test_demo_hook_copes_with_no_groups():
    funder = Funder.objects.create(name="Empty", slug="empty")
    add_demo_vote(funder, None)
    assert not Round.objects.filter(slug=SLUG).exists()
