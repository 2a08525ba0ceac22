"""Rounds: a pot of money, its questions and scoring criteria, and the round's state machine."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission

from ..checks import decision_problems, scoring_problems, voting_problems
from .people import Funder
from .states import ApplicationState, RoundState


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
    return not decision_problems(rnd)


round_ready_to_decide.explain = decision_problems


class Round(ConcurrentTransitionMixin, models.Model):
    """A funding round: a pot of money, who can apply, how the panel decides."""

    class VotingMethod(models.TextChoices):
        APPROVAL = "approval", _("Pick the applications you support")
        DOTS = "dots", _("Spread your dots")
        SCORES = "scores", _("Use the panel's scores (no vote)")

    class AllocationRule(models.TextChoices):
        GREEDY = "greedy", _("Most support first, until the money runs out")
        MES = "mes", _("Equal shares (fair to every voter)")
        MES_ADD1 = "mes-add1", _("Equal shares, then spend what is left")

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
            problems.append(gettext("Set the total money to give."))
        if not self.min_grant or not self.max_grant:
            problems.append(gettext("Set the smallest and largest grant."))
        elif self.min_grant > self.max_grant:
            problems.append(gettext("The smallest grant is bigger than the largest."))
        elif self.budget and self.max_grant > self.budget:
            problems.append(gettext("The largest grant is bigger than the whole budget."))
        if not self.opens_at or not self.closes_at:
            problems.append(gettext("Set when the round opens and closes."))
        elif self.closes_at <= self.opens_at:
            problems.append(gettext("The closing date must be after the opening date."))
        criteria = list(self.criteria.all())
        if len(criteria) < 2 or len(criteria) > 6:
            problems.append(gettext("Add between 2 and 6 scoring criteria."))
        for criterion in criteria:
            descriptors = [d for d in (criterion.descriptors or []) if str(d).strip()]
            if (
                len(criterion.descriptors or []) != self.score_max
                or len(descriptors) != self.score_max
            ):
                problems.append(
                    gettext("Write what each score from 1 to %(max)s means for “%(criterion)s”.")
                    % {"max": self.score_max, "criterion": criterion.title}
                )
        if not self.questions.exists():
            problems.append(gettext("Add at least one question for applicants."))
        if not self.voting_method or not self.allocation_rule:
            problems.append(gettext("Choose how the panel votes."))
        return problems

    def scoring_problems(self):
        """What stops the panel starting to score, in plain words."""
        problems = []
        waiting = self.applications.filter(
            state__in=[ApplicationState.SUBMITTED, ApplicationState.MORE_INFO_NEEDED]
        ).count()
        if waiting:
            problems.append(
                ngettext(
                    "%(count)s application is still being checked.",
                    "%(count)s applications are still being checked.",
                    waiting,
                )
                % {"count": waiting}
            )
        if not self.applications.filter(state=ApplicationState.ELIGIBLE).exists():
            problems.append(gettext("No application has been marked as going to the panel."))
        return problems + scoring_problems(self)

    def voting_problems(self):
        """What stops the panel starting to vote, in plain words."""
        return voting_problems(self)

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
