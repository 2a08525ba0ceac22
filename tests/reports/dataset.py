"""A small known dataset for the outcomes dashboard, with its figures worked out by hand.

Groups (postcodes from tests/fixtures/area):
  A  informal, Northfield, RV1 2AB (decile 1)        unregistered
  B  constituted, no numbers, Millbrook, RV3 4CD (2)  unregistered
  C  charity 1234567, Eastside, RV5 6EF (7)           registered
  D  CIC, company 09999999, Eastside, "rv7 8gh" (10)  registered

Round 1:  A asks 900, gets 800 (accepted, £400 paid), theme Food, end report accepted:
            20 people, consent to share
          B asks 1,500, gets 1,500 (paid), theme Exercise, end report accepted:
            30 people, 40 sessions, 5 volunteers, 160 hours, no consent
          C asks 2,500, not funded, theme Food
          D asks 3,000, chosen but the offer is still waiting (not funded, not awarded)
Round 2:  C asks 5,000, gets 5,000 (accepted, nothing paid), theme Food, end report overdue
          A asks 700, ineligible
          D has a draft asking 999 (not counted)
"""

from datetime import timedelta

from django.utils import timezone

from awards.models import AwardState
from core.transitions import perform
from grants.models import ApplicationState, Group
from reports import services
from reports.models import Report, ReportState
from tests.conftest import make_group, make_round

from .factories import fill, make_application, make_award, set_report_state

BY_HAND = {
    "received": 6,
    "received_unregistered": 3,
    "asked": 13600,
    "funded": 3,
    "funded_unregistered": 2,
    "success_rate": 50,
    "success_rate_unregistered": 67,
    "grants": 3,
    "awarded": 7300,
    "paid": 1900,
    "groups": 3,
    "groups_unregistered": 2,
    "people": 50,
    "sessions": 40,
    "volunteers": 5,
    "volunteer_hours": 160,
    "reports_in": 2,
    "reports_due": 0,
    "reports_overdue": 1,
}
BY_HAND_ROUND_1 = {"received": 4, "received_unregistered": 2, "asked": 7900, "funded": 2,
                   "awarded": 2300, "paid": 1900, "people": 50, "reports_overdue": 0}  # fmt: skip
BY_HAND_UNREGISTERED = {"received": 3, "asked": 3100, "funded": 2, "awarded": 2300, "paid": 1900}
BY_HAND_EASTSIDE = {"received": 3, "asked": 10500, "awarded": 5000, "paid": 0, "reports_overdue": 1}
BY_HAND_DECILES = {1: (2, 1, 800), 2: (1, 1, 1500), 7: (2, 1, 5000), 10: (1, 0, 0)}


def build(funder, officer, copy=0):
    """Make the dataset (again, with `copy` > 0, under new names: for 10× data)."""
    suffix = f" {copy}" if copy else ""
    a = make_group(f"Tuesday Lunch Club{suffix}", area="Northfield", postcode="RV1 2AB")
    b = make_group(
        f"Millbrook Walkers{suffix}", kind=Group.Kind.CONSTITUTED, area="Millbrook",
        postcode="RV3 4CD",
    )  # fmt: skip
    c = make_group(
        f"Eastside Community Fridge{suffix}", kind=Group.Kind.CHARITY, charity_number="1234567",
        area="Eastside", postcode="RV5 6EF",
    )  # fmt: skip
    d = make_group(
        f"Riverside Makers CIC{suffix}", kind=Group.Kind.CIC, company_number="09999999",
        area="Eastside", postcode="rv7 8gh",
    )  # fmt: skip
    r1 = make_round(funder, title=f"Round one{suffix}", state="monitoring")
    r2 = make_round(funder, title=f"Round two{suffix}", state="monitoring", max_grant=6000)

    award_a = make_award(r1, a, 800, asked=900, theme="Food", paid=400)
    award_b = make_award(r1, b, 1500, state=AwardState.PAID, theme="Exercise", paid=1500)
    make_application(r1, c, 2500, theme="Food")
    make_award(r1, d, 2000, asked=3000, state=AwardState.OFFERED)
    award_c = make_award(r2, c, 5000, theme="Food")
    make_application(r2, a, 700, state=ApplicationState.INELIGIBLE)
    make_application(r2, d, 999, state=ApplicationState.DRAFT).__class__.objects.filter(
        round=r2, group=d
    ).update(submitted_at=None)

    for award, extra, consent in [
        (award_a, {"people_count": 20}, True),
        (award_b, {"people_count": 30, "sessions_count": 40, "volunteers_count": 5,
                   "volunteer_hours": 160}, False),
    ]:  # fmt: skip
        (report,) = services.reports_schedule(award)
        report = perform(report, "open", by=None)
        fill(report, consent_to_share=consent, **extra)
        report = services.report_send(report, by=officer, by_phone=True)
        perform(report, "accept", by=officer)
    (late,) = services.reports_schedule(award_c)
    Report.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=10))
    set_report_state(late, ReportState.DUE)
    return {"rounds": (r1, r2), "groups": (a, b, c, d)}
