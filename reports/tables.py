"""The table of grants (the CSV, the spreadsheet's Grants sheet and the board PDF) and the
stories: one query each, with the same filters and period as the dashboard.

Values are typed: numbers as numbers, dates as dates (the spreadsheet formats them; the CSV
writes dates as 2026-04-01)."""

from django.db.models import CharField, DateField, IntegerField, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards import selectors as award_money
from awards.models import AwardState
from grants.models import Group

from .models import Report, ReportState
from .outcomes import querysets, with_area
from .periods import period_of

REPORT_STATE_WORDS = dict(ReportState.choices)
OVERDUE = _("Overdue")

# (key, heading) of each column, in order: code finds a column by its key; the headings are
# in the reader's language.
GRANT_COLUMNS = [
    ("reference", _("Reference")),
    ("round", _("Round")),
    ("group", _("Group")),
    ("kind", _("Kind of group")),
    ("registered", _("Registered")),
    ("area", _("Area")),
    ("ward", _("Ward")),
    ("decile", _("Deprivation decile")),
    ("theme", _("Theme")),
    ("project", _("Project")),
    ("asked", _("Asked for (£)")),
    ("awarded", _("Awarded (£)")),
    ("paid", _("Paid (£)")),
    ("award_state", _("Award state")),
    ("end_report", _("End report")),
    ("people", _("People reached")),
    ("volunteer_hours", _("Volunteer hours")),
    ("award_date", _("Award date")),
    ("starts", _("Starts")),
    ("ends", _("Ends")),
]
GRANT_COLUMN_KEYS = [key for key, _heading in GRANT_COLUMNS]
MONEY_COLUMNS = {"asked", "awarded", "paid"}
NUMBER_COLUMNS = {"decile", "people", "volunteer_hours"}
DATE_COLUMNS = {"award_date", "starts", "ends"}


def grant_headings(keys=None):
    """The headings of the columns `keys` (default: all), as text."""
    headings = dict(GRANT_COLUMNS)
    return [str(headings[key]) for key in keys or GRANT_COLUMN_KEYS]


def grants_table(funder, filters=None):
    """The live awards the figures count (accepted in the period, when there is one)."""
    filters = filters or {}
    _apps, awards, _every_award, _reports = querysets(funder, filters, period_of(filters))
    final = Report.objects.filter(award=OuterRef("pk"), kind=Report.Kind.FINAL)
    accepted_final = final.filter(state=ReportState.ACCEPTED)
    awards = award_money.with_money(with_area(awards)).annotate(
        final_report_state=Subquery(final.values("state")[:1], output_field=CharField()),
        final_report_due=Subquery(final.values("due_on")[:1], output_field=DateField()),
        people=Subquery(accepted_final.values("people_count")[:1], output_field=IntegerField()),
        volunteer_hours_reported=Subquery(
            accepted_final.values("volunteer_hours")[:1], output_field=IntegerField()
        ),
    )
    return awards.select_related("group", "round", "application").order_by(
        "round__title", "group__name", "pk"
    )


def report_words(state, due_on, today):
    """The end report's state as the funder needs it: a report past its date is overdue."""
    if state == ReportState.DUE and due_on is not None and due_on < today:
        return OVERDUE
    return REPORT_STATE_WORDS.get(state) or gettext("Not scheduled yet")


def _blank_if_none(value):
    return "" if value is None else value


def grant_rows(awards, today=None):
    today = today or timezone.localdate()
    kinds = dict(Group.Kind.choices)
    states = dict(AwardState.choices)
    for award in awards:
        group = award.group
        registered = not (
            group.kind == Group.Kind.INFORMAL or not (group.charity_number or group.company_number)
        )
        accepted = award.accepted_at and timezone.localtime(award.accepted_at).date()
        yield [
            award.application.reference,
            award.round.title,
            group.name,
            kinds.get(group.kind, group.kind),
            gettext("Yes") if registered else gettext("No"),
            group.area,
            award.ward or "",
            _blank_if_none(award.imd_decile),
            award.application.theme,
            award.application.title,
            award.application.amount_requested or 0,
            award.amount,
            award.net_paid,
            states.get(award.state, award.state),
            report_words(award.final_report_state, award.final_report_due, today),
            _blank_if_none(award.people),
            _blank_if_none(award.volunteer_hours_reported),
            accepted or "",
            _blank_if_none(award.start_date),
            _blank_if_none(award.end_date),
        ]


def stories(funder, filters=None, limit=8):
    """Accepted reports whose group said their story and photos may be shared."""
    filters = filters or {}
    _apps, _awards, _every_award, reports = querysets(funder, filters, period_of(filters))
    return list(
        reports.filter(state=ReportState.ACCEPTED, consent_to_share=True)
        .select_related("group", "round", "award__application")
        .prefetch_related("photos")
        .order_by("-reviewed_at", "-pk")[:limit]
    )
