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
    can_review,
    long_date,
    report_url,
    staff_report_url,
)
from .review import (
    PhotoRefused,
    accept_report,
    close_award_after_final_report,
    photo_add,
    request_changes,
    send_report,
)
from .schedule import (
    NOT_SENT_STATES,
    overdue_reports,
    reporting_settings,
    reschedule_reports,
    run_daily,
    schedule_missing_reports,
    schedule_reports,
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
    "accept_report",
    "can_review",
    "close_award_after_final_report",
    "long_date",
    "overdue_reports",
    "report_url",
    "reporting_settings",
    "request_changes",
    "reschedule_reports",
    "run_daily",
    "schedule_missing_reports",
    "schedule_reports",
    "send_report",
    "staff_report_url",
]
