"""Money due back: a `Recovery` is opened when a cancelled award had money sent that the group
must return (due), and recorded when it arrives (received). See awards.services.recoveries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission


class RecoveryState(models.TextChoices):
    DUE = "due", _("Due back")
    RECEIVED = "received", _("Received")


class Recovery(ConcurrentTransitionMixin, models.Model):
    """Money a group must give back after its award was cancelled: due, then received."""

    award = models.ForeignKey("awards.Award", on_delete=models.PROTECT, related_name="recoveries")
    amount = models.PositiveIntegerField("amount due back (£)")
    reason = models.TextField(blank=True)
    state = FSMField(default=RecoveryState.DUE, choices=RecoveryState.choices, protected=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField("received on", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField("payment reference", max_length=60, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return f"£{self.amount:,} due back for {self.award.reference}"

    @property
    def funder_id(self):
        return self.award.funder_id

    @transition(
        field=state,
        source=RecoveryState.DUE,
        target=RecoveryState.RECEIVED,
        permission=transition_permission("record_payment"),
    )
    def receive(self, by=None, reason="", *, received_on=None, reference=""):
        self.received_on = received_on or timezone.localdate()
        self.received_by = by
        self.reference = reference or self.reference
