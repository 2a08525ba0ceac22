import pytest

from tests.voting.helpers import voting_round


@pytest.fixture
def approval_vote(funder):
    """Approval vote, budget £1,500; apps cost 500, 600, 700; voter 0 has a link to app 0."""
    return voting_round(funder, 3, members=3, conflicts={0: [0]})


@pytest.fixture
def dots_vote(funder):
    return voting_round(funder, 3, members=3, voting_method="dots", dots_per_voter=5)
