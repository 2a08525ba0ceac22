"""When a change to an award is agreed, its reports follow: new dates, the new tier's
questions, a mid-point report added or dropped. Reports already sent are never touched."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.services.offers import variation_agree, variation_propose
from core.transitions import TransitionRefused
from reports import services
from reports.models import Report, ReportReminder, ReportState

from .factories import fill, make_award, set_report_state

pytestmark = pytest.mark.django_db


def change(award, officer, **what):
    award = variation_propose(award, by=officer, reason="The hall closed for a month", **what)
    return variation_agree(award, by=officer, reason="Agreed by phone with the group")


def test_a_later_end_date_moves_the_end_report_and_the_group_sees_the_new_date(
    monitoring_round, group_a, applicant, officer, client_for
):
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    new_end = award.end_date + timedelta(days=60)

    client = client_for(officer)
    response = client.post(
        reverse("staff_award_vary", args=[award.pk]),
        {"end_date": new_end.isoformat(), "reason": "The hall closed for a month"},
    )
    assert response.status_code == 302
    client.post(
        reverse("staff_award_variation_agreed", args=[award.pk]),
        {"reason": "Agreed by phone with the group"},
    )

    report.refresh_from_db()
    assert report.due_on == new_end + timedelta(days=30)
    assert report.opens_on == report.due_on - timedelta(days=42)
    page = client_for(applicant).get(reverse("report_detail", args=[report.pk]))
    assert f"{report.due_on.day} {report.due_on:%B %Y}" in page.text


def test_a_bigger_award_adds_a_mid_point_report_and_asks_numbers(
    monitoring_round, group_a, officer
):
    award = make_award(monitoring_round, group_a, 800, budget=[("Hall hire", 800)])
    (final,) = services.reports_schedule(award)
    assert not final.asks_numbers

    change(award, officer, amount=15000)

    mid, final = Report.objects.filter(award=award).order_by("due_on")
    assert mid.kind == Report.Kind.MID_POINT and mid.state == ReportState.SCHEDULED
    assert final.asks_numbers and final.asks_spend and final.outcome_question
    assert final.spend == [{"item": "Hall hire", "planned": 800, "spent": None}]


def test_a_smaller_award_drops_a_mid_point_report_that_has_not_opened(
    monitoring_round, group_a, officer
):
    today = timezone.localdate()
    award = make_award(
        monitoring_round, group_a, 15000, start=today - timedelta(days=10),
        end=today + timedelta(days=300),
    )  # fmt: skip
    mid, final = services.reports_schedule(award)
    assert mid.state == ReportState.SCHEDULED

    change(award, officer, amount=900)

    assert list(Report.objects.filter(award=award).values_list("kind", flat=True)) == [
        Report.Kind.FINAL
    ]
    final.refresh_from_db()
    assert not final.asks_numbers and not final.outcome_question


def test_reports_already_sent_keep_their_dates(monitoring_round, group_a, officer):
    award = make_award(monitoring_round, group_a, 15000)
    mid, final = services.reports_schedule(award)
    set_report_state(mid, ReportState.DUE)
    mid.refresh_from_db()
    fill(mid)
    set_report_state(mid, ReportState.SUBMITTED)
    sent_due_on = Report.objects.get(pk=mid.pk).due_on

    change(award, officer, end_date=award.end_date + timedelta(days=90))

    mid.refresh_from_db()
    final.refresh_from_db()
    assert mid.state == ReportState.SUBMITTED and mid.due_on == sent_due_on
    assert final.due_on == award.end_date + timedelta(days=90 + 30)


def test_reminders_for_the_old_date_are_forgotten_so_the_new_date_gets_its_own(
    monitoring_round, group_a, officer
):
    today = timezone.localdate()
    award = make_award(
        monitoring_round, group_a, 800, start=today - timedelta(days=200),
        end=today - timedelta(days=40),
    )  # fmt: skip
    (report,) = services.reports_schedule(award)
    set_report_state(report, ReportState.DUE)
    ReportReminder.objects.create(report=report, kind=ReportReminder.Kind.READY)
    ReportReminder.objects.create(report=report, kind=ReportReminder.Kind.OVERDUE)

    change(award, officer, end_date=today + timedelta(days=20))

    report.refresh_from_db()
    assert report.state == ReportState.DUE  # still open: the group can fill it in early
    assert report.due_on == today + timedelta(days=50)
    kinds = set(report.reminders.values_list("kind", flat=True))
    assert kinds == {ReportReminder.Kind.READY}


def test_a_refused_change_leaves_the_reports_alone(monitoring_round, group_a, officer):
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    before = report.due_on
    with pytest.raises(TransitionRefused):
        variation_propose(award, by=officer, reason="", end_date=award.end_date)
    report.refresh_from_db()
    assert report.due_on == before
