"""Spend against the group's plan and cost per person reached (issue 19), from accepted end
reports, on the dashboard and in the spreadsheet, for the dashboard's filters."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardState
from core.transitions import perform
from reports import services
from tests.conftest import make_group, make_round

from .factories import fill, make_award

pytestmark = pytest.mark.django_db


def reported(rnd, group, amount, *, plan, spent, people, accepted=True, officer=None):
    award = make_award(rnd, group, amount, state=AwardState.PAID, paid=amount, budget=plan)
    (report,) = services.reports_schedule(award)
    report = perform(report, "open", by=None)
    fill(report, people_count=people)
    report.spend = [{**line, "spent": cost} for line, cost in zip(report.spend, spent, strict=True)]
    report.save()
    report = services.report_send(report, by=officer, by_phone=True)
    if accepted:
        perform(report, "accept", by=officer)
    return award


@pytest.fixture
def spending(funder, officer):
    """Two accepted end reports that say what was spent: planned £3,000, spent £2,800; and one
    small grant (no spend asked) with people; one report sent and not yet accepted.
    Planned £4,000 and spent £3,800 in the two that asked."""
    rnd = make_round(funder, title="Round one", state="monitoring")
    a, b, c, d = (make_group(name) for name in ("Walkers", "Fridge", "Knitters", "Late Ones"))
    reported(rnd, a, 2000, plan=[("Hall", 1500), ("Food", 500)], spent=[1500, 300], people=40,
             officer=officer)  # fmt: skip
    reported(rnd, b, 1000 + 1000, plan=[("Fridge", 1000), ("Bags", 1000)], spent=[1000, 0 + 1000],
             people=10, officer=officer)  # fmt: skip
    make_award(rnd, c, 600, state=AwardState.PAID, paid=600)
    (small,) = services.reports_schedule(make_award(rnd, make_group("Chatters"), 500))
    small = perform(small, "open", by=None)
    fill(small, people_count=50)
    perform(services.report_send(small, by=officer, by_phone=True), "accept", by=officer)
    reported(rnd, d, 3000, plan=[("Bus", 3000)], spent=[3000], people=5, accepted=False,
             officer=officer)  # fmt: skip
    return rnd


def test_spend_against_plan_and_cost_per_person_worked_out_by_hand(funder, spending):
    from reports.outcomes import outcomes

    figures = outcomes(funder).spending
    # Only accepted end reports that asked about spending: 1,800 + 2,000 of 2,000 + 2,000.
    assert (figures.planned, figures.spent, figures.spend_reports) == (4000, 3800, 2)
    assert figures.spent_share == 95
    # Grants with an accepted end report giving people: £2,000 + £2,000 + £500 for 100 people.
    assert (figures.cost_awarded, figures.cost_people, figures.cost_reports) == (4500, 100, 3)
    assert figures.cost_per_person == 45


def test_the_figures_follow_the_filters(funder, spending):
    from reports.outcomes import outcomes

    other = make_round(funder, title="Round two", state="monitoring")
    figures = outcomes(funder, {"round": other.pk}).spending
    assert (figures.spend_reports, figures.cost_reports, figures.cost_per_person) == (0, 0, None)


def test_on_the_page_and_in_the_spreadsheet(client_for, funder_viewer, spending):
    client = client_for(funder_viewer)
    html = client.get(reverse("outcomes")).content.decode()
    section = html[html.index('id="spending"') :]
    assert "£3,800" in section and "£4,000" in section and "95%" in section
    assert "£45" in section and "100 people" in section
    book = load_workbook(io.BytesIO(client.get(reverse("outcomes_xlsx")).content))
    rows = {r[0]: r[1:] for r in book["Spending"].iter_rows(min_row=2, values_only=True)}
    assert rows["Planned in the groups' budgets"][0] == 4000
    assert rows["Spent, as the groups reported"][0] == 3800
    assert rows["Cost per person reached"][0] == 45


def test_in_the_board_pdf(funder, spending):
    """The board PDF shows spending against plans and cost per person (it had neither)."""
    from reports.pdf import outcomes_pdf_text

    text = " ".join(outcomes_pdf_text(funder).split())
    assert "Spending against plans and cost per person" in text
    assert "£3,800 spent of £4,000 planned (95%)" in text and "£45 a person" in text
