"""Reports are scheduled from the award's dates and tier, and move through their states only
by audited, permission-checked transitions."""

from datetime import timedelta

import pytest

from awards.models import AwardState
from core.audit import timeline
from core.transitions import TransitionRefused, perform
from reports import services
from reports.models import Report, ReportState, RoundReporting

from .factories import fill, make_award, set_report_state

pytestmark = pytest.mark.django_db


def test_a_small_grant_gets_one_short_end_report(monitoring_round, group_a):
    award = make_award(monitoring_round, group_a, 800)
    reports = services.reports_schedule(award)
    assert len(reports) == 1
    report = reports[0]
    assert report.kind == Report.Kind.FINAL
    assert report.due_on == award.end_date + timedelta(days=30)
    assert report.opens_on == report.due_on - timedelta(days=42)
    assert not report.asks_numbers and not report.asks_spend and not report.outcome_question
    assert report.state == ReportState.SCHEDULED
    assert (report.funder_id, report.round_id, report.group_id) == (
        award.funder_id, award.round_id, award.group_id,
    )  # fmt: skip


def test_a_middle_grant_asks_numbers_and_spend_against_the_budget(monitoring_round, group_a):
    award = make_award(
        monitoring_round, group_a, 5000, budget=[("Hall hire", 3000), ("Food", 2000)]
    )
    (report,) = services.reports_schedule(award)
    assert report.asks_numbers and report.asks_spend
    assert report.spend == [
        {"item": "Hall hire", "planned": 3000, "spent": None},
        {"item": "Food", "planned": 2000, "spent": None},
    ]
    assert not report.outcome_question


def test_a_big_grant_gets_a_mid_point_report_and_the_funders_outcome_question(
    monitoring_round, group_a
):
    RoundReporting.objects.create(
        round=monitoring_round, outcome_measure="How many people feel less alone?",
        ask_wellbeing=True,
    )  # fmt: skip
    award = make_award(monitoring_round, group_a, 15000)
    mid, final = services.reports_schedule(award)
    assert mid.kind == Report.Kind.MID_POINT and final.kind == Report.Kind.FINAL
    assert mid.due_on == award.start_date + (award.end_date - award.start_date) / 2
    assert final.outcome_question == "How many people feel less alone?"
    assert final.asks_wellbeing and final.asks_numbers


def test_scheduling_is_idempotent(monitoring_round, group_a):
    award = make_award(monitoring_round, group_a, 15000)
    services.reports_schedule(award)
    services.reports_schedule(award)
    assert Report.objects.filter(award=award).count() == 2


def test_the_group_sends_and_the_officer_accepts_the_end_report_which_closes_a_paid_award(
    monitoring_round, group_a, applicant, officer
):
    award = make_award(monitoring_round, group_a, 800, state=AwardState.PAID, paid=800)
    (report,) = services.reports_schedule(award)
    report = perform(report, "open", by=None)
    fill(report)
    report = services.report_send(report, by=applicant)
    assert report.state == ReportState.SUBMITTED and report.submitted_by == applicant
    report, note = services.report_accept(report, by=officer)
    assert report.state == ReportState.ACCEPTED and note is None
    award.refresh_from_db()
    assert award.state == AwardState.CLOSED
    assert [e.transition for e in timeline(report)] == ["open", "submit", "accept"]
    assert timeline(report)[2].actor == officer


def test_accepting_the_end_report_of_an_unpaid_award_says_why_it_stays_open(
    monitoring_round, group_a, applicant, officer
):
    award = make_award(monitoring_round, group_a, 800, state=AwardState.ACCEPTED, paid=400)
    (report,) = services.reports_schedule(award)
    report = fill(perform(report, "open", by=None))
    report = services.report_send(report, by=applicant)
    report, note = services.report_accept(report, by=officer)
    assert report.state == ReportState.ACCEPTED
    assert "not paid in full" in note
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED


def test_changes_requested_then_sent_again(monitoring_round, group_a, applicant, officer):
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    report = services.report_send(fill(perform(report, "open", by=None)), by=applicant)
    with pytest.raises(TransitionRefused):
        services.report_request_changes(report, by=officer, reason="   ")
    report = services.report_request_changes(report, by=officer, reason="Say how many came.")
    assert report.state == ReportState.CHANGES_REQUESTED and report.feedback == "Say how many came."
    report = services.report_send(report, by=applicant)
    assert report.state == ReportState.SUBMITTED


def test_an_incomplete_report_cannot_be_sent_and_says_what_is_missing(
    monitoring_round, group_a, applicant
):
    award = make_award(monitoring_round, group_a, 5000)
    (report,) = services.reports_schedule(award)
    report = perform(report, "open", by=None)
    with pytest.raises(TransitionRefused) as refused:
        services.report_send(report, by=applicant)
    assert "Say what you did with the money." in refused.value.problems
    assert "Say how many sessions or events you ran." in refused.value.problems


def test_only_the_group_or_its_officers_may_send_and_only_officers_review(
    monitoring_round, group_a, applicant_b, officer, funder_viewer, other_officer, applicant
):
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    report = fill(perform(report, "open", by=None))
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.report_send(report, by=applicant_b)
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.report_send(report, by=funder_viewer)
    report = services.report_send(report, by=applicant)
    for person in (applicant, funder_viewer, other_officer):
        with pytest.raises(TransitionRefused, match="not allowed"):
            services.report_accept(report, by=person)
    with pytest.raises(TransitionRefused, match="cannot be done any more"):
        services.report_send(report, by=applicant)


def test_a_scheduled_report_cannot_be_sent_early(monitoring_round, group_a, applicant):
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    fill(report)
    with pytest.raises(TransitionRefused):
        services.report_send(report, by=applicant)


def test_an_officer_types_in_a_report_given_by_phone(monitoring_round, group_a, officer):
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    report = fill(perform(report, "open", by=None))
    report = services.report_send(report, by=officer, by_phone=True)
    assert report.channel == Report.Channel.PHONE and report.entered_by == officer
    assert "by phone" in list(timeline(report))[-1].reason


def test_overdue_list(monitoring_round, group_a, group_b):
    late = services.reports_schedule(make_award(monitoring_round, group_a, 800))[0]
    ok = services.reports_schedule(make_award(monitoring_round, group_b, 800))[0]
    from django.utils import timezone

    today = timezone.localdate()
    Report.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=3))
    set_report_state(late, ReportState.DUE)
    set_report_state(ok, ReportState.DUE)
    assert list(services.overdue_reports({monitoring_round.funder_id})) == [
        Report.objects.get(pk=late.pk)
    ]
    assert list(services.overdue_reports({monitoring_round.funder_id + 1000})) == []
