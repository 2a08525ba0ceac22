"""Demo reports, and the dashboard checked against figures worked out by hand from the demo.

Demo data (grants.demo and its hooks, round "Healthy Neighbours Fund 2026"), applications:
  Tuesday Lunch Club        informal                asked £900,   awarded £800 (accepted), £400 paid
  Millbrook Walkers         constituted, no number  asked £1,500, awarded £1,500 (paid in full)
  Eastside Community Fridge charity 1198765         asked £2,500, offered £2,000 (not accepted yet)
  Northfield Knit and Natter informal               asked £350,   chosen (no offer made yet)
  Greenway Allotment Friends CIC, no number         asked £2,000, not funded
  Dosti Women's Walking Group informal              asked £1,200, not funded
  Riverside Men's Shed      constituted, no number  asked £3,000, not funded
So: 7 received; 6 from unregistered groups (all but the fridge); £11,450 asked; 2 funded
(29%: funded means a live award, see docs/figures.md); 2 live grants, £2,300 awarded, £1,900 paid. Reports (this app's demo): the walkers'
end report is sent and waiting to be read; the lunch club's is open (due in about six months).
If the demo data changes, these numbers must be worked out again.
"""

import pytest

from awards.models import Award
from core.demo import demo_hooks
from grants.demo import seed
from grants.models import Round
from reports.demo import add_demo_reports
from reports.models import Report, ReportState
from reports.outcomes import outcomes

pytestmark = pytest.mark.django_db

DEMO_BY_HAND = {
    "received": 7,
    "received_unregistered": 6,
    "asked": 11450,
    "funded": 2,
    "success_rate": 29,
    "grants": 2,
    "awarded": 2300,
    "paid": 1900,
    "reports_in": 1,
    "reports_due": 1,
    "reports_overdue": 0,
}


def seed_with_awards():
    funder, rnd, users = seed()
    assert Award.objects.exists(), "the awards demo runs as a hook of grants' demo"
    return funder, rnd, users


def test_the_hook_is_registered():
    assert add_demo_reports in demo_hooks()


def test_the_hook_is_safe_without_awards(funder):
    """A funder with no awards at all: the hook runs, and makes no reports."""
    assert not Award.objects.filter(funder=funder).exists()
    add_demo_reports(funder, None)
    add_demo_reports(funder, None)  # and again
    assert Report.objects.count() == 0


def test_the_hook_only_reports_on_live_awards_of_its_funder(funder):
    """With the demo's awards in the database, a funder without awards still gets no reports,
    and the demo funder's offer that was not accepted (the fridge) gets none either."""
    demo_funder, _rnd, _users = seed_with_awards()
    before = Report.objects.count()
    add_demo_reports(funder, None)
    assert Report.objects.count() == before
    assert not Report.objects.filter(award__funder=funder).exists()
    assert not Report.objects.filter(group__name="Eastside Community Fridge").exists()


def test_demo_reports_in_different_states_and_idempotent():
    funder, _rnd, _users = seed_with_awards()
    states = {r.group.name: r.state for r in Report.objects.select_related("group")}
    assert states == {
        "Millbrook Walkers": ReportState.SUBMITTED,
        "Tuesday Lunch Club": ReportState.DUE,
    }
    seed()
    add_demo_reports(funder, None)
    assert Report.objects.count() == 2


def test_the_dashboard_matches_the_demo_worked_out_by_hand():
    funder, _rnd, _users = seed_with_awards()
    last = Round.objects.get(slug="healthy-neighbours-2026")
    head = outcomes(funder, {"round": last.pk}).headline
    assert {k: head[k] for k in DEMO_BY_HAND} == DEMO_BY_HAND
