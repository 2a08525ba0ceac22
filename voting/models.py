"""The vote on a round, who may vote, who has voted, the (secret) ballots and the decision.

Secret ballot, in short (see `voting.services.ballots` for the full story):

- `Voter` is a *right to vote* in one vote: a panel member (kind "panel", with a user) or a
  resident holding a one-time code (kind "community_code", no user, only a hash of the code; see
  `voting.services.codes`).
- `VoterParticipation` records *that* a voter voted, and when. It says nothing of what.
- `Ballot` records *what* was voted. It has no link to a user or a voter, and no time stamp.
  Its primary key is a keyed hash of (the vote's secret, the voter) so the server can find and
  replace a voter's ballot while the vote is open. When the vote closes its secret is wiped and
  the ballot box is rewritten in random order under fresh random ids
  (`voting.services.ballot_box`), after which nobody (the server included) can tell whose
  ballot is whose.
- Each ballot carries the hash of a random receipt code, shown to the voter once.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission
from grants.models import Application, Round


class VoteState(models.TextChoices):
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Closed")
    COUNTED = "counted", _("Counted")
    CONFIRMED = "confirmed", _("Decided")
    PUBLISHED = "published", _("Results published")


AFTER_CLOSE = {VoteState.CLOSED, VoteState.COUNTED, VoteState.CONFIRMED, VoteState.PUBLISHED}
COUNTED_STATES = {VoteState.COUNTED, VoteState.CONFIRMED, VoteState.PUBLISHED}


def _vote_secret():
    return secrets.token_hex(32)


class Vote(ConcurrentTransitionMixin, models.Model):
    """One round's vote. The round's voting settings are copied in when the vote opens, so
    changing the round's settings later cannot change a vote under way."""

    class Method(models.TextChoices):
        APPROVAL = "approval", _("Pick the applications you support")
        DOTS = "dots", _("Spread your dots")
        SCORES = "scores", _("Use the panel's scores (no vote)")

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="vote")
    method = models.CharField(max_length=20, choices=Method.choices)
    rule = models.CharField(max_length=20, choices=Round.AllocationRule.choices)
    dots_per_voter = models.PositiveSmallIntegerField(default=10)
    picks_must_fit_budget = models.BooleanField(default=False)
    budget = models.PositiveIntegerField(default=0)
    state = FSMField(default=VoteState.OPEN, choices=VoteState.choices, protected=True)
    #: Keys the ballot ids while the vote is open; wiped when it closes (see the module doc).
    secret = models.CharField(max_length=64, default=_vote_secret, blank=True, editable=False)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    #: The count (only after close): rule, budget, spent, selected, summary and per
    #: application {funded, support, points, cost, reason, order}, keyed by reference.
    outcome = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self):
        return f"Vote on {self.round}"

    @property
    def is_open(self):
        return self.state == VoteState.OPEN

    @property
    def is_closed(self):
        return self.state in AFTER_CLOSE

    @property
    def has_ballots(self):
        return self.method != self.Method.SCORES

    # -- transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=VoteState.OPEN,
        target=VoteState.CLOSED,
        permission=transition_permission("manage_vote"),
    )
    def close(self, by=None, reason=""):
        from django.utils import timezone

        self.closed_at = timezone.now()
        self.secret = ""  # from now on nobody can link a ballot to a voter

    @transition(
        field=state,
        source=[VoteState.CLOSED, VoteState.COUNTED],
        target=VoteState.COUNTED,
        permission=transition_permission("manage_vote"),
    )
    def count(self, by=None, reason="", outcome=None):
        from django.utils import timezone

        self.outcome = outcome or {}
        self.counted_at = timezone.now()

    @transition(
        field=state,
        source=VoteState.COUNTED,
        target=VoteState.CONFIRMED,
        permission=transition_permission("decide_round"),
    )
    def confirm(self, by=None, reason=""):
        from django.utils import timezone

        self.confirmed_at = timezone.now()
        self.confirmed_by = by if getattr(by, "pk", None) else None

    @transition(
        field=state,
        source=VoteState.CONFIRMED,
        target=VoteState.PUBLISHED,
        permission=transition_permission("manage_vote"),
    )
    def publish(self, by=None, reason=""):
        from django.utils import timezone

        self.published_at = timezone.now()


class Voter(models.Model):
    """A right to vote in one vote."""

    class Kind(models.TextChoices):
        PANEL = "panel", _("Panel member")
        COMMUNITY_CODE = "community_code", _("Resident with a code")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voters")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PANEL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voting_rights",
    )
    #: For community codes: HMAC-SHA256 of the one-time code, keyed with SECRET_KEY (the code
    #: itself is never stored). See `voting.services.codes.code_hash`.
    code_hash = models.CharField(max_length=64, blank=True)
    label = models.CharField(
        max_length=120, blank=True, help_text="For codes: a note for the officer, not a name."
    )

    class Meta:
        # A typed code is looked up by its hash alone (it names its vote).
        indexes = [models.Index(fields=["code_hash"], name="voter_code_hash")]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "user"],
                condition=models.Q(user__isnull=False),
                name="one_voting_right_per_person",
            ),
            models.UniqueConstraint(
                fields=["vote", "code_hash"],
                condition=~models.Q(code_hash=""),
                name="one_voting_right_per_code",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="panel", user__isnull=False))
                | (models.Q(kind="community_code") & ~models.Q(code_hash="")),
                name="voter_has_a_person_or_a_code",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} in {self.vote}"


class VoterParticipation(models.Model):
    """That a voter has voted (never what). One per voter."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations")
    voter = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="participation")
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vote", "voter"]

    def __str__(self):
        return f"{self.voter} has voted"


class Ballot(models.Model):
    """What one voter voted. No user, no voter, no time: see the module doc.

    `id` is HMAC(SECRET_KEY, vote secret + voter id) while the vote is open, so one voter has at
    most one ballot (it is the primary key). `contents` is {"approve": [references]} or
    {"points": {reference: points}}.
    """

    id = models.CharField(primary_key=True, max_length=64, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    receipt_hash = models.CharField(max_length=64, db_index=True, editable=False)
    contents = models.JSONField(default=dict, editable=False)

    class Meta:
        # By id: a random order, never the order ballots came in.
        ordering = ["id"]

    def __str__(self):
        return f"Ballot {self.id[:8]}…"


class ExtraAllocation(models.Model):
    """Left-over money the officer gives to an application the count did not fund (often in
    part), with the reason kept. Only while the count waits to be confirmed."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="extras")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveIntegerField()
    reason = models.TextField(max_length=1000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "application"], name="one_extra_per_app"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="extra_more_than_0"),
        ]

    def __str__(self):
        return f"£{self.amount} extra for {self.application.reference}"
