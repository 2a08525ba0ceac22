import pytest

from tests.panels.helpers import active_member, declare_all, scoring_round


@pytest.fixture
def scoring(funder):
    """(round at the scoring stage, its 3 eligible applications)."""
    return scoring_round(funder, 3)


@pytest.fixture
def member(scoring):
    rnd, apps = scoring
    m = active_member(rnd, "rose.member@example.com", "Rose")
    return m


@pytest.fixture
def declared_member(scoring, member):
    """An active member with a family link to the first application, none to the others."""
    _rnd, apps = scoring
    declare_all(member, apps, conflicts=[apps[0]])
    return member
