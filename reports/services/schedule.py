"""Scheduling reports from an award's dates, and the daily run (due dates and reminders).
The awards code does not call us: the daily run schedules the reports of any accepted award
that has none yet (`reports_schedule_missing`)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.selectors import awards_without_reports
from awards.services.offers import group_emails, reporting_tier_for
from awards.services.tiers import report_due_dates
from core import notify
from core.transitions import TransitionRefused, perform

from ..models import WHOLE_GRANT_ITEM, Report, ReportReminder, ReportState, RoundReporting
from .common import (
    DEFAULT_OUTCOME_QUESTION,
    OPENS_DAYS_BEFORE_DUE,
    REMIND_DAYS_AFTER,
    REMIND_DAYS_BEFORE,
    REPORTING_AWARD_STATES,
    report_url,
)


# --------------------------------------------------------------------------------------------
# Scheduling
# --------------------------------------------------------------------------------------------
def reporting_settings(rnd):
    return RoundReporting.objects.filter(round=rnd).first()


def _spend_plan(award):
    lines = [
        {"item": line.item, "planned": int(line.amount or 0), "spent": None}
        for line in award.application.budget_lines.all()
        if line.item
    ]
    return lines or [{"item": WHOLE_GRANT_ITEM, "planned": award.amount, "spent": None}]


def _plan(award, today):
    """What reports an award needs, from its dates and reporting tier: the fields every one of
    its reports shares, and (kind, due date) for each."""
    tier = award.reporting_tier or reporting_tier_for(award.round, award.amount)
    started = award.start_date or (
        timezone.localdate(award.accepted_at) if award.accepted_at else today
    )
    ends = award.end_date or started + timedelta(days=365)
    ends = max(ends, started)
    round_settings = reporting_settings(award.round)
    numbers = bool(tier.get("numbers"))
    outcome_question = ""
    if tier.get("outcome_measure"):
        outcome_question = (
            round_settings.outcome_measure if round_settings else ""
        ) or DEFAULT_OUTCOME_QUESTION
    common = {
        "asks_numbers": numbers,
        "asks_spend": numbers,
        "outcome_question": outcome_question,
        "asks_wellbeing": bool(round_settings and round_settings.ask_wellbeing),
    }
    return common, report_due_dates(tier, started, ends)


def _new_report(award, kind, due_on, common):
    return Report.objects.get_or_create(
        award=award,
        kind=kind,
        defaults={
            **common,
            "funder_id": award.funder_id,
            "round_id": award.round_id,
            "group_id": award.group_id,
            "spend": _spend_plan(award) if common["asks_spend"] else [],
            "due_on": due_on,
            "opens_on": due_on - timedelta(days=OPENS_DAYS_BEFORE_DUE),
        },
    )


def reports_schedule(award, *, today=None):
    """Make the reports an award needs, from its dates and reporting tier. Idempotent: an award
    that already has reports keeps them. Returns the award's reports, earliest first.

    - The end report is due a month after the project ends (`end_date`; if not set, a year
      after it starts or was accepted), and can be filled in from six weeks before that.
    - Tiers with `mid_point` also get a mid-point report, due half-way through.
    - Tiers with `numbers` ask for numbers and spend; tiers with `outcome_measure` ask the
      round's outcome question. The round may also ask the ONS wellbeing questions.
    """
    existing = list(Report.objects.filter(award=award).order_by("due_on"))
    if existing:
        return existing
    common, plans = _plan(award, today or timezone.localdate())
    with transaction.atomic():
        for kind, due_on in plans:
            _new_report(award, kind, due_on, common)
    return list(Report.objects.filter(award=award).order_by("due_on"))


# Reports that have not reached the funder yet, so their dates and questions may still change.
NOT_SENT_STATES = [ReportState.SCHEDULED, ReportState.DUE, ReportState.CHANGES_REQUESTED]


def reports_reschedule(award, *, today=None):
    """After a change to an award's dates or amount is agreed: reports not sent yet move to the
    new dates (and ask what the new reporting tier asks); a report the new tier adds is
    scheduled; one it no longer needs is removed if it has not opened yet. Reports already
    sent or accepted are never touched. Reminders already sent for an old due date are
    forgotten, so the group is reminded again before the new one. Returns the reports."""
    existing = {report.kind: report for report in Report.objects.filter(award=award)}
    if not existing:
        return reports_schedule(award, today=today)
    common, plans = _plan(award, today or timezone.localdate())
    with transaction.atomic():
        for kind, due_on in plans:
            report = existing.pop(kind, None)
            if report is None:
                _new_report(award, kind, due_on, common)
                continue
            if report.state not in NOT_SENT_STATES:
                continue
            if report.due_on != due_on:
                report.reminders.filter(
                    kind__in=[ReportReminder.Kind.BEFORE, ReportReminder.Kind.OVERDUE]
                ).delete()
            report.due_on = due_on
            report.opens_on = due_on - timedelta(days=OPENS_DAYS_BEFORE_DUE)
            for name, value in common.items():
                setattr(report, name, value)
            if report.asks_spend and not report.spend:
                report.spend = _spend_plan(award)
            report.save()
        for report in existing.values():
            if report.state == ReportState.SCHEDULED:
                report.delete()
    return list(Report.objects.filter(award=award).order_by("due_on"))


def reports_schedule_missing(*, today=None):
    """Schedule reports for every accepted award that has none yet. Returns how many awards."""
    awards = awards_without_reports(REPORTING_AWARD_STATES)
    count = 0
    for award in awards:
        reports_schedule(award, today=today)
        count += 1
    return count


# --------------------------------------------------------------------------------------------
# The daily run: open reports, send reminders once each
# --------------------------------------------------------------------------------------------
def _record_reminder(report, kind, now):
    """Record that a reminder of `kind` goes out; False if it was already sent."""
    try:
        with transaction.atomic():
            ReportReminder.objects.create(report=report, kind=kind, sent_at=now)
    except IntegrityError:
        return False
    return True


def report_email_group(report, template, **extra):
    notify.email(
        group_emails(report.group),
        template,
        {"report": report, "report_url": report_url(report), "award": report.award, **extra},
    )


def reports_run_daily(now=None):
    """Schedule missing reports, open reports whose window has come, and send the "ready",
    "due soon" (14 days before) and "overdue" (7 days after) emails, each once per report.

    `now` is the moment to judge by (default: now), so tests can control the clock. Returns
    what was done, as counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = {"scheduled": 0, "opened": 0, "ready": 0, "before": 0, "overdue": 0}
    done["scheduled"] = reports_schedule_missing(today=today)

    related = ("award", "award__application", "group", "funder", "round")
    to_open = Report.objects.filter(
        state=ReportState.SCHEDULED,
        opens_on__lte=today,
        award__state__in=REPORTING_AWARD_STATES,
    ).select_related(*related)
    for report in to_open:
        try:
            report = perform(report, "open", by=None, reason="The report can now be filled in")
        except TransitionRefused:
            continue
        done["opened"] += 1
        if _record_reminder(report, ReportReminder.Kind.READY, now):
            done["ready"] += 1
            report_email_group(report, "report_ready")
        if report.due_on <= today + timedelta(days=REMIND_DAYS_BEFORE):
            # The "ready" email already says when it is due: it counts as the reminder too.
            _record_reminder(report, ReportReminder.Kind.BEFORE, now)

    due_soon = (
        Report.objects.filter(
            state=ReportState.DUE,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            award__state__in=REPORTING_AWARD_STATES,
        )
        .exclude(reminders__kind=ReportReminder.Kind.BEFORE)
        .select_related(*related)
    )
    for report in due_soon:
        if _record_reminder(report, ReportReminder.Kind.BEFORE, now):
            done["before"] += 1
            report_email_group(report, "report_due_soon")

    overdue = (
        Report.objects.filter(
            state=ReportState.DUE,
            due_on__lte=today - timedelta(days=REMIND_DAYS_AFTER),
            award__state__in=REPORTING_AWARD_STATES,
        )
        .exclude(reminders__kind=ReportReminder.Kind.OVERDUE)
        .select_related(*related)
    )
    for report in overdue:
        if _record_reminder(report, ReportReminder.Kind.OVERDUE, now):
            done["overdue"] += 1
            report_email_group(report, "report_overdue")
    return done


def overdue_reports(funder_ids, today=None):
    """Reports past their due date and not yet sent, for officers (oldest first)."""
    today = today or timezone.localdate()
    return (
        Report.objects.filter(
            funder_id__in=funder_ids,
            state=ReportState.DUE,
            due_on__lt=today,
            award__state__in=REPORTING_AWARD_STATES,
        )
        .select_related("group", "round", "award__application")
        .order_by("due_on", "pk")
    )
