"""Saving and removing a group's optional equity answers (grants.models.equity)."""

from django.db import transaction
from django.utils import timezone

from core.audit import record_event

from ..equity import CURRENT_VERSION
from ..models import GroupEquityAnswers, Reply
from ..permissions import group_ids

EQUITY_ANSWERED = "equity_answers_saved"
EQUITY_REMOVED = "equity_answers_removed"


def _reply(choice, codes):
    """(reply, codes) from what was ticked: the codes, "none" or "prefer_not" (alone)."""
    if choice == Reply.PREFER_NOT:
        return Reply.PREFER_NOT, []
    if choice == Reply.NONE_OF_THESE:
        return Reply.NONE_OF_THESE, []
    if codes:
        return Reply.CHOSE, list(codes)
    return Reply.NOT_ANSWERED, []


def equity_answers_save(group, answers, *, by):
    """Keep the group's answers with how they were asked. `answers` holds, for each question's
    field (`led_by`, `works_with`), the codes chosen and `<field>_other` ("none",
    "prefer_not" or ""), and `may_publish`. Nothing answered at all removes what was kept.
    The audit record says that answers changed, never what they are."""
    led_by_reply, led_by = _reply(answers.get("led_by_other", ""), answers.get("led_by", []))
    works_reply, works_with = _reply(
        answers.get("works_with_other", ""), answers.get("works_with", [])
    )
    if not led_by_reply and not works_reply:
        return equity_answers_remove(group, by=by)
    with transaction.atomic():
        kept, _ = GroupEquityAnswers.objects.update_or_create(
            group=group,
            defaults={
                "led_by_reply": led_by_reply,
                "led_by": led_by,
                "works_with_reply": works_reply,
                "works_with": works_with,
                "may_publish": bool(answers.get("may_publish")),
                "questions_version": CURRENT_VERSION,
                "answered_at": timezone.now(),
                "answered_by": by,
                "answered_by_helper": group.pk not in group_ids(by),
            },
        )
        record_event(
            group, EQUITY_ANSWERED, "The group's optional equity answers were saved.", by=by
        )
    return kept


def equity_answers_remove(group, *, by=None, reason=""):
    """Remove the group's answers (when it clears them, or with its personal data)."""
    removed, _ = GroupEquityAnswers.objects.filter(group=group).delete()
    if removed:
        record_event(
            group,
            EQUITY_REMOVED,
            reason or "The group's optional equity answers were removed.",
            by=by,
        )
    return None
