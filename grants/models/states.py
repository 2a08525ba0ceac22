"""The states of a round and of an application (their state machines are on the models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round stage", "Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed to applications")
    SCREENING = "screening", _("Checking applications")
    SCORING = "scoring", _("Panel scoring")
    VOTING = "voting", _("Panel voting")
    DECIDED = "decided", pgettext_lazy("round stage", "Decided")
    MONITORING = "monitoring", _("Grants running")
    COMPLETE = "complete", pgettext_lazy("round stage", "Complete")
    CANCELLED = "cancelled", pgettext_lazy("round stage", "Cancelled")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    SUBMITTED = "submitted", _("Sent — we are checking it")
    MORE_INFO_NEEDED = "more_info_needed", _("We need more information")
    ELIGIBLE = "eligible", _("Going to the panel")
    INELIGIBLE = "ineligible", _("Not able to go forward")
    WITHDRAWN = "withdrawn", pgettext_lazy("application stage", "Withdrawn")
    AWARDED = "awarded", pgettext_lazy("application stage", "Funded")
    NOT_AWARDED = "not_awarded", _("Not funded this time")
