"""Changes to an award: a `Variation` of its amount or dates, proposed by an officer or asked
for by the group, with a reason; then agreed (and a change letter kept) or turned down.

Who agrees depends on who asked: a change the group asked for is agreed by the funder's
officer; a change an officer proposed is agreed by the group on its award page, or recorded as
agreed by an officer (for example on the phone), with a note of how. See
`awards.services.changes`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgreedHow(models.TextChoices):
    FUNDER = "funder", _("The funder agreed to the group's request")
    GROUP = "group", _("The group agreed on its page")
    RECORDED = "recorded", _("An officer recorded the group's agreement")


#: How the note of a change the group agreed on its page begins (kept in English, as the audit
#: trail is; the letter says it in the group's language from the name after it).
AGREED_FOR_THE_GROUP_BY = "Agreed for the group by "


class Variation(models.Model):
    """A change to an award's amount or dates, proposed (by an officer) or asked for (by the
    group) with a reason, then agreed or turned down."""

    award = models.ForeignKey("awards.Award", on_delete=models.CASCADE, related_name="variations")
    reason = models.TextField(max_length=2000)
    old_amount = models.PositiveIntegerField()
    new_amount = models.PositiveIntegerField(null=True, blank=True)
    new_reporting_tier = models.JSONField(default=dict, blank=True)
    old_start_date = models.DateField(null=True, blank=True)
    new_start_date = models.DateField(null=True, blank=True)
    old_end_date = models.DateField(null=True, blank=True)
    new_end_date = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    #: How it was agreed (see `AgreedHow`), and the words recorded with it: the name typed by
    #: the group's person, or the officer's note of when and how the group agreed.
    agreed_how = models.CharField(max_length=10, choices=AgreedHow.choices, blank=True)
    agreed_note = models.TextField(max_length=2000, blank=True)
    withdrawn = models.BooleanField(default=False)
    #: The group asked for it (from its award page), rather than an officer proposing it.
    asked_by_group = models.BooleanField(default=False)
    #: Turned down by an officer: why, and when (who is in the audit record).
    declined_reason = models.TextField(max_length=2000, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    #: The change letter as it was made when the change was agreed (HTML; the PDF is made from
    #: it), so it always shows the terms agreed at that time.
    letter_html = models.TextField(blank=True, editable=False)

    class Meta:
        db_table = "grants_variation"  # kept from when awards lived in grants
        ordering = ["-proposed_at", "-pk"]

    def __str__(self):
        return f"Change to {self.award}"

    @property
    def agreed_for_the_group_by(self):
        """The name typed by the group's person who agreed the change on its page ("" when the
        change was agreed another way, or its note says something else)."""
        note = self.agreed_note or ""
        if self.agreed_how != AgreedHow.GROUP or not note.startswith(AGREED_FOR_THE_GROUP_BY):
            return ""
        return note[len(AGREED_FOR_THE_GROUP_BY) :]

    @property
    def waits_for_group(self):
        """An officer's proposal: it applies once the group agrees."""
        return not self.asked_by_group
