"""What reports' services share: who may review, addresses, the wellbeing questions."""

from django.conf import settings
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from awards.models import AwardState
from core.permissions import can

from ..models import DEFAULT_OUTCOME_QUESTION  # noqa: F401  (defined with the models)

# Awards whose reports we schedule and chase.
REPORTING_AWARD_STATES = [AwardState.ACCEPTED, AwardState.PAID, AwardState.VARIED]
OPENS_DAYS_BEFORE_DUE = 42  # a report can be filled in from six weeks before it is due
REMIND_DAYS_BEFORE = 14  # "due soon" reminder
REMIND_DAYS_AFTER = 7  # "overdue" reminder
WELLBEING_SOURCE = _(
    "The four personal wellbeing questions are from the Office for National Statistics (ONS). "
    "They are free to use."
)
WELLBEING_QUESTIONS = [
    ("wellbeing_life_satisfaction", _("How satisfied are you with your life nowadays?")),
    (
        "wellbeing_worthwhile",
        _("To what extent do you feel the things you do in your life are worthwhile?"),
    ),
    ("wellbeing_happiness", _("How happy did you feel yesterday?")),
    ("wellbeing_anxiety", _("How anxious did you feel yesterday?")),
]


def report_may_review(user, report):
    return can(user, "review_report", report)


def report_url(report):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("report_detail", args=[report.pk])


def staff_report_url(report):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("staff_report", args=[report.pk])


def long_date(value):
    """1 April 2027, with the month named in the reader's language."""
    return date_format(value, "j F Y") if value else ""
