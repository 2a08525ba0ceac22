"""Spend against the group's plan, and cost per person reached, from accepted end reports
(docs/figures.md, "Spending and cost per person").

- **Spend against plan**: in accepted end reports that asked about spending (grants over the
  smallest reporting tier), the money planned in the group's budget and the money the group
  says it spent, added up; "spent" as a share of "planned".
- **Cost per person reached**: the amounts of the grants whose accepted end report says how
  many people took part, divided by those people (in whole pounds). Both sides come from the
  same reports, so a grant with no count is in neither.

One query, whatever the data: the spend lines, people and grant amount of each report.
"""

from dataclasses import dataclass

from .models import Report, ReportState


@dataclass
class Spending:
    planned: int = 0
    spent: int = 0
    spend_reports: int = 0
    cost_awarded: int = 0
    cost_people: int = 0
    cost_reports: int = 0

    @property
    def spent_share(self):
        return round(100 * self.spent / self.planned) if self.planned else None

    @property
    def cost_per_person(self):
        return round(self.cost_awarded / self.cost_people) if self.cost_people else None


def _money(value):
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0


def spending(reports):
    """Spend against plan and cost per person from `reports` (the dashboard's reports, in the
    period and filters chosen)."""
    figures = Spending()
    accepted = reports.filter(kind=Report.Kind.FINAL, state=ReportState.ACCEPTED)
    for asks_spend, lines, people, amount in accepted.values_list(
        "asks_spend", "spend", "people_count", "award__amount"
    ):
        if asks_spend and lines:
            figures.spend_reports += 1
            figures.planned += sum(_money(line.get("planned")) for line in lines)
            figures.spent += sum(_money(line.get("spent")) for line in lines)
        if people:
            figures.cost_reports += 1
            figures.cost_people += people
            figures.cost_awarded += amount or 0
    return figures
