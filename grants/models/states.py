"""The states of a round and of an application (their state machines are on the models)."""

from django.db import models


class RoundState(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for applications"
    CLOSED = "closed", "Closed to applications"
    SCREENING = "screening", "Checking applications"
    SCORING = "scoring", "Panel scoring"
    VOTING = "voting", "Panel voting"
    DECIDED = "decided", "Decided"
    MONITORING = "monitoring", "Grants running"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "Not sent yet"
    SUBMITTED = "submitted", "Sent — we are checking it"
    MORE_INFO_NEEDED = "more_info_needed", "We need more information"
    ELIGIBLE = "eligible", "Going to the panel"
    INELIGIBLE = "ineligible", "Not able to go forward"
    WITHDRAWN = "withdrawn", "Withdrawn"
    AWARDED = "awarded", "Funded"
    NOT_AWARDED = "not_awarded", "Not funded this time"
