"""Funders, rounds, groups, applications, the people who use Seedbed, their roles, and the audit trail.

Every change of state of a round or an application is a named transition (django-fsm) whose
permission is answered by `grants.permissions.can`, and each one leaves an `AuditEvent`.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .permissions import transition_permission


# --------------------------------------------------------------------------------------------
# People and roles
# --------------------------------------------------------------------------------------------
class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is needed.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. What they may do comes from their roles and group memberships."""

    email = models.EmailField("email address", unique=True)
    name = models.CharField("name", max_length=150, blank=True)
    phone = models.CharField("phone number", max_length=40, blank=True)
    is_staff = models.BooleanField(
        "can use the admin site",
        default=False,
        help_text="Only platform operators need the admin site.",
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("joined", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    @property
    def display_name(self):
        return self.name or self.email.split("@")[0]


class Funder(models.Model):
    """An organisation that gives money through Seedbed: an ICB, a council, a foundation."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    org_id = models.CharField(
        "organisation identifier",
        max_length=80,
        blank=True,
        help_text="Its org-id, for example GB-NHS-QWO. Used in open data.",
    )
    prefix_360 = models.CharField(
        "360Giving prefix",
        max_length=40,
        blank=True,
        help_text="The identifier prefix 360Giving gave this funder, for example abc-123.",
    )
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A role someone holds, scoped to a funder (staff, supporters) or a round (panel members).

    Applicants are not given a Role: they belong to groups (`GroupMember`).
    """

    class Kind(models.TextChoices):
        OFFICER = "officer", "Officer"
        FUNDER_VIEWER = "funder_viewer", "Funder viewer"
        SUPPORTER = "supporter", "Supporter"
        PANEL_MEMBER = "panel_member", "Panel member"

    STAFF_KINDS = {Kind.OFFICER, Kind.FUNDER_VIEWER}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    funder = models.ForeignKey(
        Funder, on_delete=models.CASCADE, related_name="roles", null=True, blank=True
    )
    round = models.ForeignKey(
        "Round", on_delete=models.CASCADE, related_name="roles", null=True, blank=True
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One row per role and scope. Two partial constraints, because a NULL scope never
            # equals another NULL in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "kind", "funder"],
                condition=models.Q(round__isnull=True),
                name="one_funder_role",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "round"],
                condition=models.Q(funder__isnull=True),
                name="one_round_role",
            ),
            models.CheckConstraint(
                condition=models.Q(funder__isnull=False) | models.Q(round__isnull=False),
                name="role_has_a_scope",
            ),
        ]

    def __str__(self):
        scope = self.round or self.funder
        return f"{self.user} — {self.get_kind_display()} ({scope})"


# --------------------------------------------------------------------------------------------
# The audit trail
# --------------------------------------------------------------------------------------------
class AuditEvent(models.Model):
    """One change of state: which object, which transition, from, to, who, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField(max_length=200, blank=True)
    transition = models.CharField(max_length=80)
    from_state = models.CharField(max_length=40)
    to_state = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who did it, kept even if the person's account is later removed.",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.object_label}: {self.from_state} → {self.to_state} ({self.transition})"


# --------------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------------
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


def round_is_ready_to_open(rnd):
    return not rnd.opening_problems()


round_is_ready_to_open.explain = lambda rnd: rnd.opening_problems()


def round_screening_done(rnd):
    return not rnd.scoring_problems()


round_screening_done.explain = lambda rnd: rnd.scoring_problems()


def round_ready_for_voting(rnd):
    return not rnd.voting_problems()


round_ready_for_voting.explain = lambda rnd: rnd.voting_problems()


def round_ready_to_decide(rnd):
    from .services.rounds import decision_problems

    return not decision_problems(rnd)


def _decision_problems(rnd):
    from .services.rounds import decision_problems

    return decision_problems(rnd)


round_ready_to_decide.explain = _decision_problems


class Round(ConcurrentTransitionMixin, models.Model):
    """A funding round: a pot of money, who can apply, how the panel decides."""

    class VotingMethod(models.TextChoices):
        APPROVAL = "approval", "Pick the applications you support"
        DOTS = "dots", "Spread your dots"
        SCORES = "scores", "Use the panel's scores (no vote)"

    class AllocationRule(models.TextChoices):
        GREEDY = "greedy", "Most support first, until the money runs out"
        MES = "mes", "Equal shares (fair to every voter)"
        MES_ADD1 = "mes-add1", "Equal shares, then spend what is left"

    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(
        "what the money is for", max_length=2000, help_text="Two or three plain sentences."
    )
    who_can_apply = models.TextField("who can apply", max_length=2000, blank=True)
    what_happens_next = models.TextField(
        "what happens after you apply", max_length=2000, blank=True
    )
    area = models.CharField("area", max_length=120, blank=True)
    budget = models.PositiveIntegerField("total money to give (£)", null=True, blank=True)
    min_grant = models.PositiveIntegerField("smallest grant (£)", null=True, blank=True)
    max_grant = models.PositiveIntegerField("largest grant (£)", null=True, blank=True)
    opens_at = models.DateTimeField("opens", null=True, blank=True)
    closes_at = models.DateTimeField("closes", null=True, blank=True)
    decision_by = models.DateField("decisions by", null=True, blank=True)
    one_application_per_group = models.BooleanField(default=True)
    score_max = models.PositiveSmallIntegerField(
        "highest score", default=4, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    min_scores_per_application = models.PositiveSmallIntegerField(default=3)
    panel_quorum = models.PositiveSmallIntegerField("smallest panel that can decide", default=3)
    voting_method = models.CharField(
        max_length=20, choices=VotingMethod.choices, default=VotingMethod.APPROVAL
    )
    allocation_rule = models.CharField(
        max_length=20, choices=AllocationRule.choices, default=AllocationRule.MES_ADD1
    )
    dots_per_voter = models.PositiveSmallIntegerField(default=10)
    picks_must_fit_budget = models.BooleanField(default=False)
    eligibility_questions = models.JSONField(
        default=list,
        blank=True,
        help_text="Yes/no questions asked before anyone signs in: "
        '[{"question": ..., "needed": true, "if_not": ...}]',
    )
    reporting_tiers = models.JSONField(default=list, blank=True)
    state = FSMField(default=RoundState.DRAFT, choices=RoundState.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "title"]

    def __str__(self):
        return self.title

    # -- conditions, in words ---------------------------------------------------------------
    def opening_problems(self):
        """What stops this round opening, in plain words. Empty when it can open."""
        problems = []
        if not self.budget:
            problems.append("Set the total money to give.")
        if not self.min_grant or not self.max_grant:
            problems.append("Set the smallest and largest grant.")
        elif self.min_grant > self.max_grant:
            problems.append("The smallest grant is bigger than the largest.")
        elif self.budget and self.max_grant > self.budget:
            problems.append("The largest grant is bigger than the whole budget.")
        if not self.opens_at or not self.closes_at:
            problems.append("Set when the round opens and closes.")
        elif self.closes_at <= self.opens_at:
            problems.append("The closing date must be after the opening date.")
        criteria = list(self.criteria.all())
        if len(criteria) < 2 or len(criteria) > 6:
            problems.append("Add between 2 and 6 scoring criteria.")
        for criterion in criteria:
            descriptors = [d for d in (criterion.descriptors or []) if str(d).strip()]
            if (
                len(criterion.descriptors or []) != self.score_max
                or len(descriptors) != self.score_max
            ):
                problems.append(
                    f"Write what each score from 1 to {self.score_max} means "
                    f"for “{criterion.title}”."
                )
        if not self.questions.exists():
            problems.append("Add at least one question for applicants.")
        if not self.voting_method or not self.allocation_rule:
            problems.append("Choose how the panel votes.")
        return problems

    def scoring_problems(self):
        """What stops the panel starting to score, in plain words."""
        from .services.rounds import scoring_problems

        return scoring_problems(self)

    def voting_problems(self):
        """What stops the panel starting to vote, in plain words."""
        from .services import rounds as round_checks

        return round_checks.voting_problems(self)

    # -- transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=RoundState.DRAFT,
        target=RoundState.OPEN,
        conditions=[round_is_ready_to_open],
        permission=transition_permission("open_round"),
    )
    def open(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=RoundState.OPEN,
        target=RoundState.CLOSED,
        permission=transition_permission("close_round"),
    )
    def close(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=RoundState.CLOSED,
        target=RoundState.SCREENING,
        permission=transition_permission("manage_round"),
    )
    def start_screening(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=RoundState.SCREENING,
        target=RoundState.SCORING,
        conditions=[round_screening_done],
        permission=transition_permission("manage_round"),
    )
    def start_scoring(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=RoundState.SCORING,
        target=RoundState.VOTING,
        conditions=[round_ready_for_voting],
        permission=transition_permission("manage_round"),
    )
    def start_voting(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=RoundState.VOTING,
        target=RoundState.DECIDED,
        conditions=[round_ready_to_decide],
        permission=transition_permission("decide_round"),
    )
    def decide(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=RoundState.DECIDED,
        target=RoundState.MONITORING,
        permission=transition_permission("manage_round"),
    )
    def start_monitoring(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=RoundState.MONITORING,
        target=RoundState.COMPLETE,
        permission=transition_permission("manage_round"),
    )
    def complete(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=[RoundState.DRAFT, RoundState.OPEN],
        target=RoundState.CANCELLED,
        permission=transition_permission("manage_round"),
    )
    def cancel(self, by=None, reason=""):
        pass

    # -- plain facts --------------------------------------------------------------------------
    @property
    def is_open_for_applications(self):
        now = timezone.now()
        return (
            self.state == RoundState.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Criterion(models.Model):
    """A thing the panel scores, with a plain descriptor for every score point."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    guidance = models.TextField(max_length=1000, blank=True)
    descriptors = models.JSONField(
        default=list, help_text="One plain sentence per score point, lowest first."
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    """A question the round asks applicants."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    word_limit = models.PositiveIntegerField(default=150)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


# --------------------------------------------------------------------------------------------
# Groups
# --------------------------------------------------------------------------------------------
class Group(models.Model):
    """A community group that applies for money. Often not registered anywhere."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", "Informal group (not registered)"
        CONSTITUTED = "constituted", "Constituted group (has a set of rules)"
        CHARITY = "charity", "Registered charity"
        CIC = "cic", "Community interest company"
        FAITH = "faith", "Faith group"
        OTHER = "other", "Something else"

    class IncomeBand(models.TextChoices):
        NONE = "none", "No income"
        UNDER_1K = "under_1k", "Under £1,000 a year"
        UNDER_10K = "under_10k", "£1,000 to £10,000 a year"
        UNDER_100K = "under_100k", "£10,000 to £100,000 a year"
        OVER_100K = "over_100k", "Over £100,000 a year"

    class PaymentRoute(models.TextChoices):
        BANK = "bank", "A bank account in the group's name"
        HOST = "host", "A host organisation that holds money for us"

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
    host_name = models.CharField("host organisation", max_length=150, blank=True)
    host_contact_name = models.CharField("host's contact name", max_length=120, blank=True)
    host_contact_email = models.EmailField("host's contact email", blank=True)
    host_org_id = models.CharField("host's charity or company number", max_length=40, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="GroupMember", related_name="community_groups"
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
    """Someone who can apply and report for a group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership")]

    def __str__(self):
        return f"{self.user} in {self.group}"


# --------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------
class ApplicationState(models.TextChoices):
    DRAFT = "draft", "Not sent yet"
    SUBMITTED = "submitted", "Sent — we are checking it"
    MORE_INFO_NEEDED = "more_info_needed", "We need more information"
    ELIGIBLE = "eligible", "Going to the panel"
    INELIGIBLE = "ineligible", "Not able to go forward"
    WITHDRAWN = "withdrawn", "Withdrawn"
    AWARDED = "awarded", "Funded"
    NOT_AWARDED = "not_awarded", "Not funded this time"


def _reference():
    return "SB-" + "".join(secrets.choice("ACDEFGHJKLMNPQRTUVWXY34679") for _ in range(6))


class Application(ConcurrentTransitionMixin, models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"
        PAPER = "paper", "On paper"
        ASSISTED = "assisted", "With a supporter"

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


from .award_models import *  # noqa: E402,F401,F403
