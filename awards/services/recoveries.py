"""Money due back: when a cancelled award had money sent that the group must return, a
`Recovery` is opened (due), listed on payments due and in the finance file, and recorded when the
money arrives (received). Each step is audited, and the group is told in plain words."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core import notify
from core.audit import record_transition
from core.transitions import TransitionRefused, perform

from ..models import Award, Recovery, RecoveryState
from .recipients import group_emails
from .urls import award_url


def recovery_open(award, *, by, amount, reason):
    """Record money due back for a cancelled award (inside the cancelling transaction)."""
    recovery = Recovery.objects.create(
        award=award, amount=amount, reason=(reason or "")[:5000], created_by=by
    )
    record_transition(
        sender=Recovery,
        instance=recovery,
        name="open_recovery",
        source="",
        target=RecoveryState.DUE,
        method_kwargs={"by": by, "reason": f"£{amount:,} due back: {reason}"},
    )
    return recovery


def recovery_tell_group(award, recovery):
    notify.email(
        group_emails(award.group),
        "award_money_due_back",
        {"award": award, "recovery": recovery, "award_url": award_url(award)},
    )


def recovery_record_received(recovery, *, by, received_on=None, reference=""):
    """The money due back has arrived. Audited; the group is thanked."""
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise TransitionRefused(gettext("The date received cannot be in the future."))
    with transaction.atomic():
        Award.objects.select_for_update().get(pk=recovery.award_id)
        recovery = perform(
            recovery,
            "receive",
            by=by,
            reason=f"£{recovery.amount:,} received back",
            received_on=received_on,
            reference=(reference or "")[:60],
        )
    award = recovery.award
    notify.email(
        group_emails(award.group),
        "award_money_received_back",
        {"award": award, "recovery": recovery, "award_url": award_url(award)},
    )
    return recovery


def recoveries_due(funder):
    """Money due back to a funder and not yet received, oldest first."""
    return (
        Recovery.objects.filter(award__funder=funder, state=RecoveryState.DUE)
        .select_related("award__group", "award__round", "award__application")
        .order_by("created_at", "pk")
    )
