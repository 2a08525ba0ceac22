"""Resident panels: who is on a round's panel, their conflicts of interest, their scores, what
they are paid for their time, and the decision meeting's notes.

Membership is a state machine (invited → active → stepped_down) run through
`grants.services.transitions.perform`, so every change is checked and audited.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission
from grants.models import Application, Criterion, Round
from grants.services.roles import role_grant, role_revoke


class PanelState(models.TextChoices):
    """Whether the vote waits for every eligible application to have the minimum scores."""

    SCORES_NEEDED = "scores_needed", _("Scores needed before the vote")
    SCORES_WAIVED = "scores_waived", _("Minimum scores waived by an officer")


class Panel(ConcurrentTransitionMixin, models.Model):
    """The residents who read, score and vote on one round's applications."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="panel")
    chair = models.ForeignKey(
        "PanelMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Whether every eligible application needs the round's minimum number of scores before the
    # vote. An officer may waive it, with a reason; that is a transition, so it is audited.
    state = FSMField(default=PanelState.SCORES_NEEDED, choices=PanelState.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Panel for {self.round}"

    @transition(
        field=state,
        source=PanelState.SCORES_NEEDED,
        target=PanelState.SCORES_WAIVED,
        permission=transition_permission("manage_panel"),
    )
    def waive_minimum_scores(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=PanelState.SCORES_WAIVED,
        target=PanelState.SCORES_NEEDED,
        permission=transition_permission("manage_panel"),
    )
    def require_minimum_scores(self, by=None, reason=""):
        pass


class MemberState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("On the panel")
    STEPPED_DOWN = "stepped_down", _("Stepped down")


def _token():
    return secrets.token_urlsafe(24)


def has_read_guide_and_agreed(member):
    return not member.joining_problems()


has_read_guide_and_agreed.explain = lambda member: member.joining_problems()


class PanelMember(ConcurrentTransitionMixin, models.Model):
    """One resident on one round's panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships"
    )
    name = models.CharField(_("name"), max_length=150)
    state = FSMField(default=MemberState.INVITED, choices=MemberState.choices, protected=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    read_guide_at = models.DateTimeField(_("read the panel guide"), null=True, blank=True)
    agreed_conduct_at = models.DateTimeField(_("agreed the code of conduct"), null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    stepped_down_at = models.DateTimeField(null=True, blank=True)
    step_down_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="one_membership_per_panel")
        ]

    def __str__(self):
        return f"{self.name or self.user} on {self.panel.round}"

    @property
    def round(self):
        return self.panel.round

    @property
    def is_active(self):
        return self.state == MemberState.ACTIVE

    @property
    def is_chair(self):
        return self.panel.chair_id == self.pk

    def joining_problems(self):
        problems = []
        if not self.read_guide_at:
            problems.append(gettext("Read the panel guide first."))
        if not self.agreed_conduct_at:
            problems.append(gettext("Agree to the code of conduct first."))
        return problems

    @transition(
        field=state,
        source=MemberState.INVITED,
        target=MemberState.ACTIVE,
        conditions=[has_read_guide_and_agreed],
        permission=transition_permission("accept_panel_invitation"),
    )
    def accept(self, by=None, reason=""):

        self.joined_at = timezone.now()
        role_grant(self.user, "panel_member", round=self.panel.round)

    @transition(
        field=state,
        source=[MemberState.INVITED, MemberState.ACTIVE],
        target=MemberState.STEPPED_DOWN,
        permission=transition_permission("step_down_panel_member"),
    )
    def step_down(self, by=None, reason=""):

        self.stepped_down_at = timezone.now()
        self.step_down_reason = reason
        role_revoke(self.user, "panel_member", round=self.panel.round)

    @transition(
        field=state,
        source=MemberState.STEPPED_DOWN,
        target=MemberState.INVITED,
        permission=transition_permission("manage_panel"),
    )
    def invite_again(self, by=None, reason=""):
        self.token = _token()
        self.invited_at = timezone.now()
        self.invited_by = by
        self.read_guide_at = None
        self.agreed_conduct_at = None
        self.stepped_down_at = None
        self.step_down_reason = ""


class MemberPayment(models.Model):
    """Money or a voucher a resident is owed, or was given, for their time."""

    class Kind(models.TextChoices):
        BANK = "bank", _("Bank payment")
        VOUCHER = "voucher", _("Shop voucher")
        CASH = "cash", _("Cash")
        OTHER = "other", _("Something else")

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(_("how it is paid"), max_length=10, choices=Kind.choices)
    what_for = models.CharField(_("what it is for"), max_length=150)
    amount = models.DecimalField(_("amount (£)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("date paid"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"£{self.amount} for {self.what_for}"

    @property
    def is_paid(self):
        return self.paid_on is not None


class Declaration(models.Model):
    """A member's answer to "do you have a link to this group?" for one application."""

    # In English here (pages are checked against them); shown in the reader's language by
    # get_link_display, the forms and the templates.
    class Link(models.TextChoices):
        NONE = "none", gettext_noop("No, I have no link to this group")
        FAMILY = "family", gettext_noop("Family or someone I live with is in the group")
        MEMBER = "member", gettext_noop("I am a member of the group")
        WORKS_WITH = "works_with", gettext_noop("I work or volunteer with the group")
        OTHER = "other", gettext_noop("Another link")

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="declarations")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="panel_declarations"
    )
    link = models.CharField(max_length=12, choices=Link.choices)
    details = models.CharField(_("the link in a few words"), max_length=200, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="one_declaration")
        ]
        indexes = [models.Index(fields=["application", "link"])]

    def __str__(self):
        return f"{self.member.name}: {self.get_link_display()} ({self.application.reference})"

    def get_link_display(self):
        """The answer, in the reader's language."""
        return gettext(dict(self.Link.choices).get(self.link, self.link))

    @property
    def is_conflict(self):
        return self.link != self.Link.NONE


class ScoreSheet(models.Model):
    """One member's scores for one application: a score per criterion, and a comment."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="score_sheets")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="panel_score_sheets"
    )
    comment = models.TextField(blank=True, max_length=2000)
    is_complete = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="one_score_sheet")
        ]
        indexes = [models.Index(fields=["application", "is_complete"])]

    def __str__(self):
        return f"{self.member.name} on {self.application.reference}"


class CriterionScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class MeetingNote(models.Model):
    """What the decision meeting said about one application. Officers and the chair edit it."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="notes")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="panel_notes"
    )
    text = models.TextField(max_length=2000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "application"], name="one_note_per_app")
        ]

    def __str__(self):
        return f"Note on {self.application.reference}"
