"""Reports: scheduling them from an award's dates, the daily run, sending, accepting and asking
for changes."""

from .common import (
    DEFAULT_OUTCOME_QUESTION,
    OPENS_DAYS_BEFORE_DUE,
    REMIND_DAYS_AFTER,
    REMIND_DAYS_BEFORE,
    REPORTING_AWARD_STATES,
    WELLBEING_QUESTIONS,
    WELLBEING_SOURCE,
    long_date,
    report_may_review,
    report_url,
    staff_report_url,
)
from .review import (
    PhotoRefused,
    award_close_after_final_report,
    photo_add,
    report_accept,
    report_request_changes,
    report_send,
)
from .schedule import (
    NOT_SENT_STATES,
    overdue_reports,
    reporting_settings,
    reports_reschedule,
    reports_run_daily,
    reports_schedule,
    reports_schedule_missing,
)

__all__ = [
    "PhotoRefused",
    "photo_add",
    "DEFAULT_OUTCOME_QUESTION",
    "NOT_SENT_STATES",
    "OPENS_DAYS_BEFORE_DUE",
    "REMIND_DAYS_AFTER",
    "REMIND_DAYS_BEFORE",
    "REPORTING_AWARD_STATES",
    "WELLBEING_QUESTIONS",
    "WELLBEING_SOURCE",
    "report_accept",
    "report_may_review",
    "award_close_after_final_report",
    "long_date",
    "overdue_reports",
    "report_url",
    "reporting_settings",
    "report_request_changes",
    "reports_reschedule",
    "reports_run_daily",
    "reports_schedule_missing",
    "reports_schedule",
    "report_send",
    "staff_report_url",
]
