"""Reports: scheduling them from an award's dates, the daily run (due dates and reminders),
sending, accepting and asking for changes.

Every change of state runs through `grants.services.transitions.perform` (locked,
permission-checked, audited). Refusals raise `TransitionRefused` with plain words.

The awards code does not call us (grants never imports reports): the daily run schedules the
reports of any accepted award that has none yet (`schedule_missing_reports`).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardState
from awards.services.offers import group_emails, reporting_tier_for
from core import notify
from core.permissions import can
from core.transitions import TransitionRefused, perform

from .models import Report, ReportReminder, ReportState, RoundReporting

# Awards whose reports we schedule and chase.
REPORTING_AWARD_STATES = [AwardState.ACCEPTED, AwardState.PAID, AwardState.VARIED]
FINAL_DUE_DAYS_AFTER_END = 30  # the end report is due a month after the project ends
OPENS_DAYS_BEFORE_DUE = 42  # a report can be filled in from six weeks before it is due
REMIND_DAYS_BEFORE = 14  # "due soon" reminder
REMIND_DAYS_AFTER = 7  # "overdue" reminder
DEFAULT_OUTCOME_QUESTION = "How many people said it helped them feel well?"
WELLBEING_SOURCE = (
    "The four personal wellbeing questions are from the Office for National Statistics (ONS). "
    "They are free to use."
)
WELLBEING_QUESTIONS = [
    ("wellbeing_life_satisfaction", "How satisfied are you with your life nowadays?"),
    (
        "wellbeing_worthwhile",
        "To what extent do you feel the things you do in your life are worthwhile?",
    ),
    ("wellbeing_happiness", "How happy did you feel yesterday?"),
    ("wellbeing_anxiety", "How anxious did you feel yesterday?"),
]


def can_review(user, report):
    return can(user, "review_report", report)


def report_url(report):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("report_detail", args=[report.pk])


def staff_report_url(report):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("staff_report", args=[report.pk])


def long_date(value):
    return f"{value.day} {value:%B %Y}" if value else ""


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
    return lines or [{"item": "The grant", "planned": award.amount, "spent": None}]


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
    plans = []
    if tier.get("mid_point"):
        mid = started + (ends - started) / 2
        plans.append((Report.Kind.MID_POINT, mid))
    plans.append((Report.Kind.FINAL, ends + timedelta(days=FINAL_DUE_DAYS_AFTER_END)))
    return common, plans


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


def schedule_reports(award, *, today=None):
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


def reschedule_reports(award, *, today=None):
    """After a change to an award's dates or amount is agreed: reports not sent yet move to the
    new dates (and ask what the new reporting tier asks); a report the new tier adds is
    scheduled; one it no longer needs is removed if it has not opened yet. Reports already
    sent or accepted are never touched. Reminders already sent for an old due date are
    forgotten, so the group is reminded again before the new one. Returns the reports."""
    existing = {report.kind: report for report in Report.objects.filter(award=award)}
    if not existing:
        return schedule_reports(award, today=today)
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


def schedule_missing_reports(*, today=None):
    """Schedule reports for every accepted award that has none yet. Returns how many awards."""
    awards = (
        Award.objects.filter(state__in=REPORTING_AWARD_STATES, reports__isnull=True)
        .select_related("round", "application")
        .prefetch_related("application__budget_lines")
    )
    count = 0
    for award in awards:
        schedule_reports(award, today=today)
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


def _email_group(report, template, **extra):
    notify.email(
        group_emails(report.group),
        template,
        {"report": report, "report_url": report_url(report), "award": report.award, **extra},
    )


def run_daily(now=None):
    """Schedule missing reports, open reports whose window has come, and send the "ready",
    "due soon" (14 days before) and "overdue" (7 days after) emails, each once per report.

    `now` is the moment to judge by (default: now), so tests can control the clock. Returns
    what was done, as counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = {"scheduled": 0, "opened": 0, "ready": 0, "before": 0, "overdue": 0}
    done["scheduled"] = schedule_missing_reports(today=today)

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
            _email_group(report, "report_ready")
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
            _email_group(report, "report_due_soon")

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
            _email_group(report, "report_overdue")
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


# --------------------------------------------------------------------------------------------
# Sending and reviewing
# --------------------------------------------------------------------------------------------
def send_report(report, *, by, by_phone=False):
    """The group sends its report (or an officer types in one given by phone)."""
    reason = "Given by phone and typed in by an officer" if by_phone else "Report sent"
    report = perform(report, "submit", by=by, reason=reason, by_phone=by_phone)
    if report.funder.contact_email:
        notify.email(
            report.funder.contact_email,
            "report_received",
            {"report": report, "staff_url": staff_report_url(report)},
        )
    return report


def close_award_after_final_report(report, by):
    """Close the award once its end report is accepted. Returns None, or plain words saying
    why the award stays open (for example, it is not paid in full yet)."""
    try:
        from awards.services.offers import close_award
    except ImportError:  # pragma: no cover - the awards service is always there now
        return "The award could not be closed automatically. Close it on the award's page."
    award = Award.objects.get(pk=report.award_id)
    if award.state == AwardState.CLOSED:
        return None
    if award.state != AwardState.PAID:
        return (
            "The award stays open because it is not paid in full yet "
            f"(it is “{award.get_state_display()}”). Close it once the money is all sent."
        )
    try:
        close_award(award, by, "Final report accepted")
    except TransitionRefused as refused:
        return f"The award stays open: {refused.message}"
    return None


def accept_report(report, *, by, note=""):
    """Accept a sent report. Accepting the end report closes the award (if it is paid).
    Returns (report, None or words about why the award stays open)."""
    with transaction.atomic():
        report = perform(report, "accept", by=by, reason=(note or "Report accepted").strip())
        award_note = close_award_after_final_report(report, by) if report.is_final else None
    _email_group(report, "report_accepted")
    return report, award_note


def request_changes(report, *, by, reason):
    """Send a report back to the group with what to change."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused("Say what the group needs to change.")
    report = perform(report, "request_changes", by=by, reason=reason)
    _email_group(report, "report_changes")
    return report
