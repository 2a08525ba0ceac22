"""Who may do what with reports and outcomes. Registered with `grants.permissions.rule`;
imported from `ReportsConfig.ready()`.

- The group's members and supporters see and send their own reports.
- The funder's officers see, type in (from a phone call), accept and send back reports, and
  manage the round's reporting settings.
- The funder's viewers (and officers) read reports and the outcomes dashboard, and download
  its files.
"""

from core.permissions import rule
from grants.models import Funder
from grants.permissions import funder_ids, group_ids, is_officer, supported_group_ids


def _funder_of(obj):
    """The funder id behind a Funder, Round, Award, Report, ReportPhoto or OutcomesPdf."""

    if isinstance(obj, Funder):
        return obj.pk
    report = getattr(obj, "report", None)
    if report is not None and hasattr(obj, "image"):
        return report.funder_id
    return getattr(obj, "funder_id", None)


def _group_of(obj):
    report = getattr(obj, "report", None) if hasattr(obj, "image") else obj
    return getattr(report, "group_id", None)


def _is_funder_staff(user, obj):
    return _funder_of(obj) in funder_ids(user, "officer", "funder_viewer")


@rule("view_report")
def _view_report(user, obj):
    group_id = _group_of(obj)
    return (
        group_id in group_ids(user)
        or group_id in supported_group_ids(user)
        or _is_funder_staff(user, obj)
    )


@rule("send_report")
def _send_report(user, report):
    """The group (and its supporters) write and send; officers type in a report given by phone."""
    return (
        report.group_id in group_ids(user)
        or report.group_id in supported_group_ids(user)
        or is_officer(user, report.funder_id)
    )


@rule("review_report")
def _review_report(user, report):
    return is_officer(user, report.funder_id)


@rule("manage_reports")
def _manage_reports(user, obj):
    return is_officer(user, _funder_of(obj))


@rule("view_outcomes")
def _view_outcomes(user, obj):
    return _is_funder_staff(user, obj)
