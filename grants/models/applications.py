"""Groups and their people, applications, answers and budget lines; the application's state
machine."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission

from .rounds import Question, Round
from .states import ApplicationState


# --------------------------------------------------------------------------------------------
# Groups
# --------------------------------------------------------------------------------------------
class Group(models.Model):
    """A community group that applies for money. Often not registered anywhere."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", _("Informal group (not registered)")
        CONSTITUTED = "constituted", _("Constituted group (has a set of rules)")
        CHARITY = "charity", _("Registered charity")
        CIC = "cic", _("Community interest company")
        FAITH = "faith", _("Faith group")
        OTHER = "other", _("Something else")

    class IncomeBand(models.TextChoices):
        NONE = "none", _("No income")
        UNDER_1K = "under_1k", _("Under £1,000 a year")
        UNDER_10K = "under_10k", _("£1,000 to £10,000 a year")
        UNDER_100K = "under_100k", _("£10,000 to £100,000 a year")
        OVER_100K = "over_100k", _("Over £100,000 a year")

    class PaymentRoute(models.TextChoices):
        BANK = "bank", _("A bank account in the group's name")
        HOST = "host", _("A host group that gets the money and holds it for us")

    name = models.CharField("group name", max_length=150)
    kind = models.CharField("kind of group", max_length=20, choices=Kind.choices)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    area = models.CharField("area or neighbourhood", max_length=120, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    income_band = models.CharField(
        "money coming in each year", max_length=20, choices=IncomeBand.choices, blank=True
    )
    what_you_do = models.TextField("what the group does", max_length=1500, blank=True)
    contact_name = models.CharField("first contact's name", max_length=120)
    contact_email = models.EmailField("first contact's email")
    contact_phone = models.CharField("first contact's phone", max_length=40, blank=True)
    second_contact_name = models.CharField("second contact's name", max_length=120, blank=True)
    second_contact_email = models.EmailField("second contact's email", blank=True)
    second_contact_phone = models.CharField("second contact's phone", max_length=40, blank=True)
    contacts_unrelated = models.BooleanField(
        "the two contacts are not related and do not live together", default=False
    )
    payment_route = models.CharField(
        "how the money reaches you", max_length=10, choices=PaymentRoute.choices, blank=True
    )
    bank_account_name = models.CharField("name on the bank account", max_length=150, blank=True)
    host_name = models.CharField("host group", max_length=150, blank=True)
    host_contact_name = models.CharField("host's contact name", max_length=120, blank=True)
    host_contact_email = models.EmailField("host's contact email", blank=True)
    host_org_id = models.CharField("host's charity or company number", max_length=40, blank=True)
    # Who named each contact (the group itself, a supporter or an officer): a contact who signs
    # in is told who added them.
    contact_named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    second_contact_named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupMember",
        through_fields=("group", "user"),
        related_name="community_groups",
    )
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="supported_groups"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_registered(self):
        return bool(self.charity_number or self.company_number)


class GroupMember(models.Model):
    """Someone who can apply and report for a group: whoever made its profile, and every
    contact named on it once they sign in with that email (`services.groups`)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who named this person as one of the group's contacts.",
    )
    # When they were told they belong to the group (at their first sign-in after joining).
    welcomed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership")]

    def __str__(self):
        return f"{self.user} in {self.group}"


class GroupContact(models.Model):
    """One more of a group's people, beyond its two main contacts: named (by name and email) by
    one of its people or a supporter. They join the group when they sign in with that email
    (the emailed code confirms it), like the main contacts (`services.groups`)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="more_contacts")
    name = models.CharField(max_length=120)
    email = models.EmailField(help_text="In lower case.")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    named_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["named_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "email"], name="one_contact_per_email")
        ]

    def __str__(self):
        return f"{self.name} in {self.group}"


def _reference():
    return "SB-" + "".join(secrets.choice("ACDEFGHJKLMNPQRTUVWXY34679") for _ in range(6))


class Application(ConcurrentTransitionMixin, models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")
        PAPER = "paper", _("On paper")
        ASSISTED = "assisted", _("With a supporter")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=12, unique=True, default=_reference, editable=False)
    title = models.CharField("project name", max_length=120, blank=True)
    amount_requested = models.PositiveIntegerField("amount asked for (£)", null=True, blank=True)
    theme = models.CharField(max_length=60, blank=True)
    state = FSMField(
        default=ApplicationState.DRAFT, choices=ApplicationState.choices, protected=True
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assisted_applications",
    )
    outcome_message = models.TextField(
        "message to the group",
        blank=True,
        help_text="Shown to the group: why it cannot go forward, what we need, or the decision.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self):
        return f"{self.reference} {self.title or self.group.name}"

    @property
    def is_assisted(self):
        return self.assisted_by_id is not None

    @property
    def budget_total(self):
        return sum(line.amount or 0 for line in self.budget_lines.all())

    # -- transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=[ApplicationState.DRAFT, ApplicationState.MORE_INFO_NEEDED],
        target=ApplicationState.SUBMITTED,
        permission=transition_permission("edit_application"),
    )
    def submit(self, by=None, reason=""):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.ELIGIBLE,
        permission=transition_permission("screen_application"),
    )
    def mark_eligible(self, by=None, reason=""):
        self.outcome_message = ""

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.INELIGIBLE,
        permission=transition_permission("screen_application"),
    )
    def mark_ineligible(self, by=None, reason=""):
        self.outcome_message = reason

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.MORE_INFO_NEEDED,
        permission=transition_permission("screen_application"),
    )
    def ask_for_more_information(self, by=None, reason=""):
        self.outcome_message = reason

    @transition(
        field=state,
        source=[
            ApplicationState.DRAFT,
            ApplicationState.SUBMITTED,
            ApplicationState.MORE_INFO_NEEDED,
        ],
        target=ApplicationState.WITHDRAWN,
        permission=transition_permission("withdraw_application"),
    )
    def withdraw(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=ApplicationState.ELIGIBLE,
        target=ApplicationState.AWARDED,
        permission=transition_permission("decide_round"),
    )
    def award(self, by=None, reason=""):
        self.outcome_message = reason

    @transition(
        field=state,
        source=ApplicationState.ELIGIBLE,
        target=ApplicationState.NOT_AWARDED,
        permission=transition_permission("decide_round"),
    )
    def not_award(self, by=None, reason=""):
        self.outcome_message = reason


def answer_upload_path(instance, filename):
    return f"answers/{instance.application.reference}/{secrets.token_hex(8)}-{filename[-40:]}"


class Answer(models.Model):
    """The group's answer to one question: typed, or recorded as audio or video."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    recording = models.FileField(upload_to=answer_upload_path, blank=True)
    recording_type = models.CharField(max_length=60, blank=True)
    # What a recording says, typed by the funder's staff so people who cannot hear it (or play
    # sound where they are) can read it (WCAG 2.2 1.2.1). The panel sees the words, never who
    # typed them. Emptied when the recording is replaced or removed.
    written_version = models.TextField(blank=True)
    written_version_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_version_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="one_answer")
        ]

    def __str__(self):
        return f"Answer to “{self.question}”"


class BudgetLine(models.Model):
    """One line of the simple budget: what for, how much."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    order = models.PositiveSmallIntegerField(default=0)
    item = models.CharField("what for", max_length=120)
    # Blank while the applicant is still filling it in: a draft line keeps what was typed.
    amount = models.PositiveIntegerField("how much (£)", null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.item}: £{self.amount if self.amount is not None else '?'}"
