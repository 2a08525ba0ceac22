"""Reads of reports' data that pages, template tags and other apps may use."""

from django.utils import timezone, translation

from core.page_cache import kept_value
from grants.models import Funder, Round
from grants.permissions import group_ids, supported_group_ids

from .models import Report
from .outcomes import outcomes

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


def outcomes_kept(funder, filters, rounds):
    """The dashboard's figures (outcomes()), kept for each funder, filters, day and language
    until anything they were made from changes: a grant, a payment, a report, an answer
    (core/page_cache.py). Every viewer of the funder's dashboard shares them."""
    key = (
        "outcomes",
        funder.pk,
        sorted(filters.items()),
        timezone.localdate(),
        translation.get_language(),
    )
    return kept_value(
        key,
        lambda: outcomes(funder, filters, rounds=rounds),
        reads=[Funder._meta.db_table, Round._meta.db_table],  # funder and rounds passed in
    )
