"""A group's optional answers to the equity questions (the DEI Data Standard's "who leads the
group" and "who the group works with"), kept apart from the group's profile.

The answers are never shown to the panel. They are counted, never listed, on the funder's
dashboard (the fairness funnel), and published in 360Giving's DEI extension only when the group
said they may be (`may_publish`). The questions' wording is kept in code by version
(`grants.equity`); each row records which version was answered, when and by whom.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reply(models.TextChoices):
    """How one question was answered."""

    CHOSE = "chose", _("Chose one or more groups of people")
    NONE_OF_THESE = "none", _("None of these: not one particular group")
    PREFER_NOT = "prefer_not", _("Prefer not to say")
    NOT_ANSWERED = "", _("Not answered")


class GroupEquityAnswers(models.Model):
    group = models.OneToOneField("Group", on_delete=models.CASCADE, related_name="equity")
    led_by_reply = models.CharField(
        "who leads the group: reply", max_length=12, choices=Reply.choices, blank=True
    )
    led_by = models.JSONField("who leads the group: codes chosen", default=list, blank=True)
    works_with_reply = models.CharField(
        "who the group works with: reply", max_length=12, choices=Reply.choices, blank=True
    )
    works_with = models.JSONField(
        "who the group works with: codes chosen", default=list, blank=True
    )
    may_publish = models.BooleanField(
        "the group agreed its answers may be published as open data", default=False
    )
    # How they were asked: which wording (grants.equity.QUESTIONS), when, by whom, and whether
    # that person was one of the group's own people or someone helping it.
    questions_version = models.CharField("version of the questions answered", max_length=20)
    answered_at = models.DateTimeField("answered")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by_helper = models.BooleanField(
        "answered with someone helping the group (a supporter or an officer)", default=False
    )

    class Meta:
        verbose_name = "group's equity answers"
        verbose_name_plural = "groups' equity answers"

    def __str__(self):
        return f"Equity answers of {self.group}"
