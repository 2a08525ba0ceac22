"""The retention rule: unsuccessful and withdrawn applications lose their personal data."""

import logging
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import override

from core.audit import events_of_outer_row, record_event
from core.privacy import (
    registered_sources,
)

from ..models import (
    Answer,
    Application,
    ApplicationState,
    BudgetLine,
    Group,
    GroupContact,
    GroupEquityAnswers,
)

log = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 365

# Applications whose personal data is removed after the retention period.
ENDED_STATES = [
    ApplicationState.INELIGIBLE,
    ApplicationState.NOT_AWARDED,
    ApplicationState.WITHDRAWN,
]
# Applications still under way or funded: their group's contact details are still needed.
LIVE_STATES = [s for s in ApplicationState.values if s not in ENDED_STATES]

# The names of the audit records this module writes (they are not state changes, so
# from_state and to_state are the same).
REMOVED_FROM_APPLICATION = "personal_data_removed"
REMOVED_FROM_GROUP = "group_contact_details_removed"
ACCOUNT_DELETED = "account_deleted"
ACCOUNT_ANONYMISED = "account_anonymised"
DATA_EXPORTED = "personal_data_downloaded"

# What is wiped from a group that has nothing live left. Kept: its name, kind, charity or
# company number, income band, area (neighbourhood) and postcode district, host organisation.
GROUP_PERSONAL_FIELDS = [
    "contact_name",
    "contact_email",
    "contact_phone",
    "second_contact_name",
    "second_contact_email",
    "second_contact_phone",
    "bank_account_name",
    "host_contact_name",
    "host_contact_email",
    "what_you_do",
]


# --------------------------------------------------------------------------------------------
# Retention: unsuccessful and withdrawn applications
# --------------------------------------------------------------------------------------------
def retention_days():
    return int(getattr(settings, "SEEDBED_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def postcode_district(postcode):
    """The postcode district ("RV1 2AB" → "RV1"): the outward code, shared by thousands of addresses."""
    key = "".join((postcode or "").split()).upper()
    return key[:-3] if len(key) >= 5 else key


def applications_due_for_removal(*, days=None, now=None):
    """Unsuccessful and withdrawn applications that ended more than `days` ago and still hold
    personal data. An application ended when it reached its state (its audit record); without
    one, when it last changed."""
    days = retention_days() if days is None else days
    now = now or timezone.now()
    events = events_of_outer_row(Application)
    ended = (
        events.filter(to_state=OuterRef("state"))
        .exclude(from_state=F("to_state"))
        .order_by("-at")
        .values("at")[:1]
    )
    removed = events.filter(transition=REMOVED_FROM_APPLICATION)
    return (
        Application.objects.filter(state__in=ENDED_STATES)
        .annotate(ended_at=Coalesce(Subquery(ended), F("updated_at")))
        .filter(ended_at__lt=now - timedelta(days=days))
        .exclude(Exists(removed))
        .order_by("pk")
    )


@dataclass
class RemovalSummary:
    applications: int = 0
    answers: int = 0
    recordings: int = 0
    written_versions: int = 0
    budget_lines: int = 0
    groups: int = 0
    other_records: int = 0
    references: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)

    def __str__(self):
        return (
            f"Removed personal data from {self.applications} application(s): "
            f"{self.answers} answer(s), {self.recordings} recording(s), "
            f"{self.written_versions} written version(s) of recordings, "
            f"{self.budget_lines} budget line(s), {self.other_records} other record(s); "
            f"contact details of {self.groups} group(s)."
        )


def group_has_live_business(group, *, excluding=None):
    """Whether a group still needs its contact details: an application under way or funded,
    or any award (awards are finance records, kept by their own rule)."""
    apps = Application.objects.filter(group=group, state__in=LIVE_STATES)
    if excluding is not None:
        apps = apps.exclude(pk=excluding.pk)
    return apps.exists() or any(
        source.group_in_use(group) for source in registered_sources() if source.group_in_use
    )


def remove_group_personal_data(group, *, reason=""):
    """Wipe a group's contact details; keep what dashboards count. Returns True if changed."""
    values = {name: "" for name in GROUP_PERSONAL_FIELDS}
    values["postcode"] = postcode_district(group.postcode)
    more_people = GroupContact.objects.filter(group=group)
    # Its optional equity answers go too (the dashboard then counts it as "not answered").
    answers_removed, _ = GroupEquityAnswers.objects.filter(group=group).delete()
    unchanged = all(getattr(group, n) == v for n, v in values.items())
    if unchanged and not answers_removed and not more_people.exists():
        return False
    Group.objects.filter(pk=group.pk).update(**values)
    more_people.delete()  # the people the group added, by name and email
    record_event(
        group,
        REMOVED_FROM_GROUP,
        reason
        or "The group's contact details and any equity answers were removed: it has no live "
        "application or award. Kept: its name, kind, area and postcode district.",
    )
    return True


def remove_application_personal_data(application, *, days=None, summary=None):
    """Remove one ended application's personal data. Returns the summary (added to)."""
    summary = summary or RemovalSummary()
    days = retention_days() if days is None else days
    files = []
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("group").get(pk=application.pk)
        if app.state not in ENDED_STATES:
            return summary
        answers = Answer.objects.filter(application=app)
        files = [name for name in answers.exclude(recording="").values_list("recording", flat=True)]
        words = answers.exclude(text="").count()
        written = answers.exclude(written_version="").count()
        answers.update(
            text="",
            recording="",
            recording_type="",
            written_version="",
            written_version_by=None,
            written_version_at=None,
        )
        lines = BudgetLine.objects.filter(application=app).exclude(item="").update(item="")
        # Who made it: a link to a person. Kept: whether a supporter helped (a figure).
        Application.objects.filter(pk=app.pk).update(created_by=None)
        others = 0
        for source in registered_sources():
            if source.application_eraser:
                others += source.application_eraser(app) or 0
        group_wiped = False
        if not group_has_live_business(app.group, excluding=app):
            group_wiped = remove_group_personal_data(app.group)
        with override(None):  # the audit record is kept in English, whoever's page runs this
            state = app.get_state_display().lower()
        record_event(
            app,
            REMOVED_FROM_APPLICATION,
            f"Personal data removed {days} days after the application ended "
            f"({state}): {words} written answer(s), "
            f"{len(files)} recording(s), {written} written version(s) of recordings, "
            f"{lines} budget line description(s)"
            + (", the group's contact details" if group_wiped else "")
            + ". Kept: amount asked, theme, state, dates, kind of group and area.",
            state=app.state,
        )
    for name in files:
        try:
            Answer._meta.get_field("recording").storage.delete(name)
        except OSError:  # pragma: no cover  (a file already gone is fine)
            log.warning("Could not delete the recording %s", name)
    summary.applications += 1
    summary.answers += words
    summary.recordings += len(files)
    summary.written_versions += written
    summary.budget_lines += lines
    summary.groups += int(group_wiped)
    summary.other_records += others
    summary.references.append(app.reference)
    return summary


def remove_old_personal_data(*, days=None, now=None, dry_run=False):
    """The retention rule, for every application that is due. Safe to run again: an
    application already done is not done twice."""
    days = retention_days() if days is None else days
    summary = RemovalSummary()
    due = list(applications_due_for_removal(days=days, now=now))
    if dry_run:
        summary.applications = len(due)
        summary.references = [app.reference for app in due]
        return summary
    for app in due:
        remove_application_personal_data(app, days=days, summary=summary)
    return summary
