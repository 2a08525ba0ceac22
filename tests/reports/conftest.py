import pytest

from core.transitions import perform
from reports import services
from tests.conftest import make_round

from .factories import make_award


@pytest.fixture
def monitoring_round(funder):
    return make_round(funder, state="monitoring", max_grant=20000, budget=100000)


@pytest.fixture
def small_report(monitoring_round, group_a):
    """An open end report for an £800 grant to the Tuesday Lunch Club."""
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    return perform(report, "open", by=None)


@pytest.fixture
def numbers_report(monitoring_round, group_a):
    """An open end report for a £5,000 grant with a two-line budget."""
    award = make_award(
        monitoring_round, group_a, 5000, budget=[("Hall hire", 3000), ("Food", 2000)]
    )
    (report,) = services.reports_schedule(award)
    return perform(report, "open", by=None)
