"""The audit trail: every change of state, and every plain event worth keeping (a personal-data
removal, a download), with who, when, from, to and why. Written by `core.audit`."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        db_table = "grants_auditevent"  # kept from when the audit trail lived in grants
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.object_label}: {self.from_state} → {self.to_state} ({self.transition})"


class OnceToken(models.Model):
    """A form that creates something is sent with a one-time token (`core.once`): a second tap,
    a resent page or Back-and-send-again finds the token used and goes to the first result."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.token


class OutgoingEmail(models.Model):
    """One email on its way (`core.outbox`). Written in the same transaction as the work that
    causes it; the background task carries only its id. The status says where it is: waiting
    to be sent, being sent (by a worker holding it until `lease_until`), sent, or failed (tried
    again at `next_try_at`, or not again once that is empty). `key` makes it unique: the same
    message queued twice with one key is one row, sent once."""

    class Status(models.TextChoices):
        # In a person's data download too (`outbox.export_for`), so in their language.
        WAITING = "waiting", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True)
    to = models.TextField(help_text="The addresses it goes to, one a line.")
    reply_to = models.TextField(blank=True, help_text="Where replies go, one a line.")
    subject = models.CharField(max_length=998)
    body = models.TextField(blank=True, help_text="Emptied once the email is sent.")
    html = models.TextField(blank=True, help_text="Emptied once the email is sent.")
    urgent = models.BooleanField(default=False, help_text="Sent before other work (sign-in codes).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    last_tried_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_try_at"]),
            models.Index(fields=["status", "sent_at"]),
        ]

    def __str__(self):
        return f"Email {self.pk}: {self.subject}"[:200]

    @property
    def recipients(self):
        return [line for line in self.to.splitlines() if line]
