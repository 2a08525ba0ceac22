"""The daily run with a controlled clock: reports open, "due soon" and "overdue" emails go out
once each, and accepted awards without reports get them."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import AwardState
from reports import services
from reports.models import Report, ReportReminder, ReportState
from tests.conftest import make_round

from .factories import make_award

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@pytest.fixture
def award(funder, group_a):
    rnd = make_round(funder, state="monitoring")
    return make_award(rnd, group_a, 800)


def subjects(outbox):
    return [m.subject for m in outbox]


def test_the_daily_run_schedules_opens_and_reminds_once_each(award, outbox):
    # Day 0: the award has no reports yet; the daily run schedules them (lazily).
    done = services.reports_run_daily(now=at(award.end_date - timedelta(days=60)))
    assert done["scheduled"] == 1 and done["opened"] == 0
    report = Report.objects.get(award=award)
    due = report.due_on
    assert outbox == []

    # Six weeks before the due date: the report opens and the group is told.
    done = services.reports_run_daily(now=at(due - timedelta(days=42)))
    assert done["opened"] == 1 and done["ready"] == 1
    report.refresh_from_db()
    assert report.state == ReportState.DUE
    assert subjects(outbox) == ["Seedbed: Your report for Tuesday Lunch Club is ready to fill in"]
    assert set(outbox[0].to) >= {"amina@example.com", group_a_contact(award)}

    # Running again the same day sends nothing more.
    assert services.reports_run_daily(now=at(due - timedelta(days=42)))["ready"] == 0
    assert len(outbox) == 1

    # 15 days before: nothing. 14 days before: the "due soon" reminder, once.
    services.reports_run_daily(now=at(due - timedelta(days=15)))
    assert len(outbox) == 1
    assert services.reports_run_daily(now=at(due - timedelta(days=14)))["before"] == 1
    assert services.reports_run_daily(now=at(due - timedelta(days=10)))["before"] == 0
    assert subjects(outbox)[-1] == "Seedbed: Your report for Tuesday Lunch Club is due soon"
    assert "due by" in outbox[-1].body

    # Late, but under a week: no overdue email yet. 7 days late: once.
    services.reports_run_daily(now=at(due + timedelta(days=6)))
    assert len(outbox) == 2
    assert services.reports_run_daily(now=at(due + timedelta(days=7)))["overdue"] == 1
    assert services.reports_run_daily(now=at(due + timedelta(days=20)))["overdue"] == 0
    assert subjects(outbox)[-1] == "Seedbed: Your report for Tuesday Lunch Club is late"
    assert len(outbox) == 3
    kinds = set(ReportReminder.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == {"ready", "before", "overdue"}


def group_a_contact(award):
    return award.group.contact_email


def test_a_report_opened_late_does_not_get_two_emails_at_once(award, outbox):
    (report,) = services.reports_schedule(award)
    services.reports_run_daily(now=at(report.due_on - timedelta(days=5)))
    assert len(outbox) == 1
    assert "ready to fill in" in outbox[0].subject
    services.reports_run_daily(now=at(report.due_on - timedelta(days=4)))
    assert len(outbox) == 1


def test_a_sent_report_is_not_chased(award, applicant, outbox):
    from core.transitions import perform

    from .factories import fill

    (report,) = services.reports_schedule(award)
    report = fill(perform(report, "open", by=None))
    services.report_send(report, by=applicant)
    outbox.clear()
    services.reports_run_daily(now=at(report.due_on + timedelta(days=30)))
    assert outbox == []


def test_cancelled_and_offered_awards_are_not_scheduled_or_chased(funder, group_a, group_b, outbox):
    rnd = make_round(funder, state="monitoring")
    cancelled = make_award(rnd, group_a, 800)
    (report,) = services.reports_schedule(cancelled)
    from awards.models import Award

    Award.objects.filter(pk=cancelled.pk).update(state=AwardState.CANCELLED)
    offered = make_award(rnd, group_b, 800, state=AwardState.OFFERED)
    done = services.reports_run_daily(now=at(report.due_on + timedelta(days=10)))
    assert done == {"scheduled": 0, "opened": 0, "ready": 0, "before": 0, "overdue": 0}
    assert not Report.objects.filter(award=offered).exists()
    assert outbox == []


def test_the_command_takes_a_now(award, outbox, capsys):
    (report,) = services.reports_schedule(award)
    call_command("report_reminders", now=report.opens_on.isoformat() + "T09:00")
    assert "1 opened" in capsys.readouterr().out
    report.refresh_from_db()
    assert report.state == ReportState.DUE


def test_the_command_refuses_a_bad_now(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="date and time"):
        call_command("report_reminders", now="next tuesday")


def test_the_background_task_runs_the_daily_run(award):
    from reports.tasks import report_reminders_task

    result = report_reminders_task.enqueue()
    assert result.return_value["scheduled"] == 1
