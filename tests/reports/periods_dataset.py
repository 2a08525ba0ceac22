"""The outcomes dataset (dataset.py) placed in two financial years, with the figures worked
out by hand.

Round one happened in financial year 2025 to 2026: its applications were sent, offers made
and accepted, reports due and the walkers' £1,500 paid in June 2025. The lunch club's £400 was
paid later, on 1 May 2026 (financial year 2026 to 2027). Round two happened in September 2026
(2026 to 2027); its end report was due on 1 October 2026 and is overdue.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from awards.models import Award, Payment
from grants.models import Application
from reports.models import Report

from .dataset import build

LONDON = ZoneInfo("Europe/London")
JUNE_2025 = datetime(2025, 6, 15, 12, tzinfo=LONDON)
SEPTEMBER_2026 = datetime(2026, 9, 1, 12, tzinfo=LONDON)

# Financial year 2026 to 2027.
FY2026 = {"received": 2, "asked": 5700, "funded": 1, "grants": 1, "awarded": 5000, "paid": 400,
          "offered": 0, "people": 0, "reports_overdue": 1}  # fmt: skip
# Financial year 2025 to 2026 (the year before).
FY2025 = {"received": 4, "asked": 7900, "funded": 2, "grants": 2, "awarded": 2300, "paid": 1500,
          "offered": 2000, "people": 50, "reports_overdue": 0}  # fmt: skip
# Money against plan for whole rounds (budgets of £10,000 each), whatever the period.
PLAN = {
    "Round one": {"budget": 10000, "offered": 2000, "accepted": 2300, "paid": 1900,
                  "to_recover": 0, "left": 5700},
    "Round two": {"budget": 10000, "offered": 0, "accepted": 5000, "paid": 0,
                  "to_recover": 0, "left": 5000},
}  # fmt: skip


def place(rnd, when):
    Application.objects.filter(round=rnd).exclude(submitted_at=None).update(submitted_at=when)
    Award.objects.filter(round=rnd).update(offered_at=when)
    Award.objects.filter(round=rnd).exclude(accepted_at=None).update(accepted_at=when)
    Payment.objects.filter(award__round=rnd).update(paid_on=when.date())


def build_in_years(funder, officer, copy=0):
    data = build(funder, officer, copy=copy)
    r1, r2 = data["rounds"]
    place(r1, JUNE_2025)
    place(r2, SEPTEMBER_2026)
    Award.objects.filter(round=r1, state="offered").update(accepted_at=None)
    Report.objects.filter(round=r1).update(due_on=date(2025, 12, 1))
    Report.objects.filter(round=r2).update(due_on=date(2026, 10, 1))
    Payment.objects.filter(award__round=r1, amount=400).update(paid_on=date(2026, 5, 1))
    return data
