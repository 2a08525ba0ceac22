"""Reads of reports' data that pages, template tags and other apps may use."""

from grants.permissions import group_ids, supported_group_ids

from .models import Report

REPORT_RELATED = ("award__application", "group", "round", "funder")


def reports_for_user(user):
    """Reports of the groups someone belongs to or supports, newest due first."""
    groups = group_ids(user) | supported_group_ids(user)
    return (
        Report.objects.filter(group_id__in=groups)
        .exclude(award__state="cancelled")
        .select_related(*REPORT_RELATED)
        .order_by("due_on", "pk")
    )
