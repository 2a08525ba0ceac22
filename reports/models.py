"""Monitoring reports, the area data behind the outcomes dashboard, and outcomes PDFs.

A `Report` is what a funded group tells the funder about its grant. How much it asks depends on
the award's reporting tier (the round's `reporting_tiers`, copied onto the award):

- up to £1,000: one short end report (what you did, who took part, what difference it made);
- £1,001 – £10,000: also numbers (people, sessions, volunteers, volunteer hours) and what the
  money was spent on, against the application's budget;
- over £10,000: also a mid-point report and an outcome measure the funder chooses.

Its life (every change through `grants.services.transitions.perform`, so audited):

    scheduled → due                  (the daily task, when the report's window opens)
    due | changes_requested → submitted
    submitted → accepted | changes_requested

Reports are made from an award's dates by `reports.services.reports_schedule(award)`.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission


class ReportState(models.TextChoices):
    SCHEDULED = "scheduled", _("Not open yet")
    DUE = "due", _("Ready to fill in")
    SUBMITTED = "submitted", _("Sent — we are reading it")
    ACCEPTED = "accepted", _("Accepted")
    CHANGES_REQUESTED = "changes_requested", _("We asked for changes")


# States where the group can still write the report.
OPEN_STATES = [ReportState.DUE, ReportState.CHANGES_REQUESTED]
# States where the report has reached the funder.
IN_STATES = [ReportState.SUBMITTED, ReportState.ACCEPTED]

# The outcome question asked when the round sets none. It is kept on each report in English
# (it is data, and the dashboard groups answers by it); pages show it in the reader's language.
DEFAULT_OUTCOME_QUESTION = gettext_noop("How many people said it helped them feel well?")


def outcome_question_words(question):
    """A report's outcome question as the reader sees it: the default one translated, a
    funder's own question as the funder wrote it."""
    return gettext(question) if question == DEFAULT_OUTCOME_QUESTION else question


# The one line of a spending plan when the application had no budget lines (kept in English,
# like the group's own lines; shown in the reader's language).
WHOLE_GRANT_ITEM = gettext_noop("The grant")


def spend_item_words(item):
    return gettext(item) if item == WHOLE_GRANT_ITEM else item


class RoundReporting(models.Model):
    """What a round asks in reports beyond the tiers: the funder's outcome measure and whether
    to ask the ONS personal wellbeing questions."""

    round = models.OneToOneField(
        "grants.Round", on_delete=models.CASCADE, related_name="reporting_settings"
    )
    outcome_measure = models.CharField(
        _("outcome measure"),
        max_length=200,
        blank=True,
        help_text=_(
            "One question with a number for an answer, asked of the biggest grants. "
            "For example: How many people said they feel less alone?"
        ),
    )
    ask_wellbeing = models.BooleanField(
        _("ask the ONS personal wellbeing questions"),
        default=False,
        help_text=_(
            "Groups can ask the people taking part four short questions about how they "
            "feel, and tell us the average answers."
        ),
    )

    class Meta:
        verbose_name = "round reporting settings"
        verbose_name_plural = "round reporting settings"

    def __str__(self):
        return f"Reporting for {self.round}"


def report_is_complete(report):
    return not report.missing()


report_is_complete.explain = lambda report: report.missing()


class Report(ConcurrentTransitionMixin, models.Model):
    class Kind(models.TextChoices):
        MID_POINT = "mid_point", _("Mid-point report")
        FINAL = "final", _("End report")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone, typed in by an officer")

    award = models.ForeignKey("awards.Award", on_delete=models.PROTECT, related_name="reports")
    # Copied from the award, so permissions and the dashboard need no joins.
    funder = models.ForeignKey("grants.Funder", on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey("grants.Round", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey("grants.Group", on_delete=models.PROTECT, related_name="+")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FINAL)
    opens_on = models.DateField("can be filled in from")
    due_on = models.DateField("due by")
    # What this report asks (from the tier and the round's settings, fixed when scheduled).
    asks_numbers = models.BooleanField(default=False)
    asks_spend = models.BooleanField(default=False)
    outcome_question = models.CharField(max_length=200, blank=True)
    asks_wellbeing = models.BooleanField(default=False)

    state = FSMField(default=ReportState.SCHEDULED, choices=ReportState.choices, protected=True)

    # The short report (every tier)
    what_you_did = models.TextField(blank=True)
    who_took_part = models.TextField(blank=True)
    difference_made = models.TextField(blank=True)
    people_count = models.PositiveIntegerField(null=True, blank=True)
    # Numbers (£1,001 and over)
    sessions_count = models.PositiveIntegerField(null=True, blank=True)
    volunteers_count = models.PositiveIntegerField(null=True, blank=True)
    volunteer_hours = models.PositiveIntegerField(null=True, blank=True)
    spend = models.JSONField(
        default=list, blank=True, help_text='[{"item": str, "planned": int, "spent": int}]'
    )
    spend_note = models.TextField(blank=True)
    # The funder's outcome measure (over £10,000)
    outcome_value = models.PositiveIntegerField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    # ONS4 personal wellbeing: how many answered, and the average answer to each (0 to 10)
    wellbeing_people = models.PositiveIntegerField(null=True, blank=True)
    wellbeing_life_satisfaction = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )  # fmt: skip
    wellbeing_worthwhile = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )  # fmt: skip
    wellbeing_happiness = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )  # fmt: skip
    wellbeing_anxiety = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )  # fmt: skip

    consent_to_share = models.BooleanField(
        "the funder may use our story and photos in its reports", default=False
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    feedback = models.TextField("what to change", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["funder", "state", "due_on"]),
            models.Index(fields=["round", "state"]),
            models.Index(fields=["state", "opens_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["award", "kind"], name="one_report_of_each_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.award.reference if self.award_id else '?'}"

    @property
    def is_final(self):
        return self.kind == self.Kind.FINAL

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.state == ReportState.DUE and self.due_on < today

    @property
    def outcome_question_words(self):
        return outcome_question_words(self.outcome_question)

    @property
    def spent_total(self):
        return sum(int(line.get("spent") or 0) for line in self.spend or [])

    def missing(self):
        """What must be filled in before the report can be sent, in plain words."""
        problems = []
        if not self.what_you_did.strip():
            problems.append(gettext("Say what you did with the money."))
        if not self.who_took_part.strip():
            problems.append(gettext("Say who took part."))
        if not self.difference_made.strip():
            problems.append(gettext("Say what difference it made."))
        if self.asks_numbers:
            for field, words in [
                ("people_count", gettext("Say how many people took part.")),
                ("sessions_count", gettext("Say how many sessions or events you ran.")),
                ("volunteers_count", gettext("Say how many volunteers helped.")),
                ("volunteer_hours", gettext("Say about how many hours volunteers gave.")),
            ]:
                if getattr(self, field) is None:
                    problems.append(words)
        if self.asks_spend and self.spend and any(line.get("spent") is None for line in self.spend):
            problems.append(gettext("Say how much you spent on each thing in your plan."))
        if self.outcome_question and self.outcome_value is None:
            problems.append(
                gettext("Answer: %(question)s") % {"question": self.outcome_question_words}
            )
        return problems

    # -- transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=ReportState.SCHEDULED,
        target=ReportState.DUE,
        permission=transition_permission("manage_reports"),
    )
    def open(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=OPEN_STATES,
        target=ReportState.SUBMITTED,
        conditions=[report_is_complete],
        permission=transition_permission("send_report"),
    )
    def submit(self, by=None, reason="", *, by_phone=False, now=None):
        self.submitted_at = now or timezone.now()
        self.submitted_by = by
        if by_phone:
            self.channel = self.Channel.PHONE
            self.entered_by = by

    @transition(
        field=state,
        source=ReportState.SUBMITTED,
        target=ReportState.ACCEPTED,
        permission=transition_permission("review_report"),
    )
    def accept(self, by=None, reason=""):
        self.reviewed_at = timezone.now()
        self.reviewed_by = by
        self.feedback = ""

    @transition(
        field=state,
        source=ReportState.SUBMITTED,
        target=ReportState.CHANGES_REQUESTED,
        permission=transition_permission("review_report"),
    )
    def request_changes(self, by=None, reason=""):
        self.reviewed_at = timezone.now()
        self.reviewed_by = by
        self.feedback = reason


def photo_upload_path(instance, filename):
    # Never the name the person's phone gave it: a random name, always .jpg (we re-encode).
    return f"report-photos/{instance.report_id}/{secrets.token_hex(12)}.jpg"


class ReportPhoto(models.Model):
    """A photo sent with a report. Re-encoded on the way in (no location or camera details),
    stored privately, and only shown through a view that checks who is asking."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_upload_path)
    caption = models.CharField("what the photo shows", max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption


class ReportReminder(models.Model):
    """An email sent about a report, so each kind is sent once."""

    class Kind(models.TextChoices):
        READY = "ready", _("Ready to fill in")
        BEFORE = "before", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="one_reminder_of_each_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for {self.report_id}"


# --------------------------------------------------------------------------------------------
# Area data (loaded by `manage.py load_area_data`)
# --------------------------------------------------------------------------------------------
class PostcodeArea(models.Model):
    """One postcode's small area (LSOA) and electoral ward, from the ONS postcode lookup."""

    postcode_key = models.CharField(max_length=8, unique=True, help_text="No spaces, capitals.")
    postcode = models.CharField(max_length=9)
    lsoa_code = models.CharField(max_length=12, blank=True, db_index=True)
    ward_code = models.CharField(max_length=12, blank=True)
    ward_name = models.CharField(max_length=120, blank=True)
    # Copied from `LsoaDeprivation` by the loader, so the dashboard needs one look-up, not two.
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    la_code = models.CharField("local authority code", max_length=12, blank=True)
    la_name = models.CharField("local authority", max_length=120, blank=True)

    def __str__(self):
        return self.postcode


class LsoaDeprivation(models.Model):
    """One small area's Index of Multiple Deprivation decile (1 = most deprived 10%)."""

    lsoa_code = models.CharField(max_length=12, unique=True)
    lsoa_name = models.CharField(max_length=120, blank=True)
    imd_decile = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # The local authority district the small area is in (the deprivation file names it).
    la_code = models.CharField("local authority code", max_length=12, blank=True)
    la_name = models.CharField("local authority", max_length=120, blank=True)

    def __str__(self):
        return f"{self.lsoa_code}: decile {self.imd_decile}"


# --------------------------------------------------------------------------------------------
# Outcomes PDFs, made in the background
# --------------------------------------------------------------------------------------------
class OutcomesPdfState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


def pdf_upload_path(instance, filename):
    return f"outcomes-pdfs/{instance.funder_id}/{secrets.token_hex(12)}.pdf"


class OutcomesPdf(models.Model):
    """A board-ready outcomes PDF being made (or made) for a funder, one round or all."""

    funder = models.ForeignKey("grants.Funder", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(
        "grants.Round", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    filters = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=OutcomesPdfState.choices, default=OutcomesPdfState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    file = models.FileField(upload_to=pdf_upload_path, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Outcomes PDF {self.pk} ({self.get_state_display()})"
