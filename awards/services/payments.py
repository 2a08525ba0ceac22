"""Payments: money planned or sent for an award. Never more than the award; never before the
group has accepted.

Two officers recording at once cannot overpay: `payment_record` and `payment_mark_made` lock
the award's row (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers) and re-read the totals under that lock before they write.
"""

import csv
import io

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import notify
from core.audit import record_transition
from core.downloads import safe_text_cell
from core.permissions import can
from core.transitions import TransitionRefused, perform

from ..models import PAYABLE_AWARD_STATES, Award, AwardState, Payment, PaymentState
from .recipients import group_emails
from .urls import award_url


class PaymentRefused(TransitionRefused):
    """A payment that cannot be recorded, with a message an officer can act on."""


def _refuse_unless_payable(award, amount, *, counting_scheduled=True):
    if award.state == AwardState.OFFERED:
        raise PaymentRefused(
            gettext("The group has not accepted the offer yet, so no money can be paid or planned.")
        )
    if award.state == AwardState.PAID:
        raise PaymentRefused(gettext("This award is already paid in full."))
    if award.state not in PAYABLE_AWARD_STATES:
        raise PaymentRefused(
            gettext("This award is “%(state)s”, so no money can be paid.")
            % {"state": award.get_state_display()}
        )
    committed = award.committed_total() if counting_scheduled else award.paid_total()
    limit = award.payable_limit()
    left = limit - committed
    if amount > left:
        amounts = {
            "award": f"£{award.amount:,}",
            "committed": f"£{committed:,}",
            "most": f"£{max(left, 0):,}",
            "limit": f"£{limit:,}",
        }
        if limit < award.amount:
            message = gettext(
                "That is more than is left to pay. The award is %(award)s; %(committed)s is "
                "already paid or planned, so at most %(most)s can be added. A change to "
                "%(limit)s is waiting to be agreed, so payments are kept within it."
            )
        else:
            message = gettext(
                "That is more than is left to pay. The award is %(award)s; %(committed)s is "
                "already paid or planned, so at most %(most)s can be added."
            )
        raise PaymentRefused(message % amounts)


def _payee_name(award, payee):
    group = award.group
    if payee == Payment.Payee.HOST:
        return award.payee_name if award.payment_route == "host" else group.host_name
    if award.payment_route == "bank":
        return award.payee_name
    return group.bank_account_name or group.name


def _record_creation(payment, by, reason):
    """A payment is born "scheduled": write the audit record a transition would have written."""
    record_transition(
        sender=Payment,
        instance=payment,
        name="record_payment",
        source="",
        target=PaymentState.SCHEDULED,
        method_kwargs={"by": by, "reason": reason},
    )


def _settle(award, by):
    """When the money sent reaches the award, mark it paid (accepted awards only)."""
    if award.state == AwardState.ACCEPTED and award.paid_total() >= award.amount:
        return perform(award, "mark_paid", by=by, reason="The payments reached the award")
    return award


def payment_record(
    award,
    *,
    by,
    amount,
    payee,
    made=True,
    paid_on=None,
    due_on=None,
    reference="",
    payee_name="",
):
    """Record a payment sent (`made=True`, on `paid_on`, default today) or planned
    (`made=False`, due on `due_on`). Returns the Payment. Raises `PaymentRefused`."""
    if by is not None and not can(by, "record_payment", award):
        raise PaymentRefused(gettext("You are not allowed to record payments for this award."))
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        amount = 0
    if amount <= 0:
        raise PaymentRefused(gettext("Enter an amount in whole pounds, more than £0."))
    if payee not in Payment.Payee.values:
        raise PaymentRefused(gettext("Choose who is paid: the group or its host organisation."))
    with transaction.atomic():
        locked = Award.objects.select_for_update().select_related("group").get(pk=award.pk)
        _refuse_unless_payable(locked, amount)
        payment = Payment.objects.create(
            award=locked,
            payee=payee,
            payee_name=(payee_name or _payee_name(locked, payee) or "")[:150],
            amount=amount,
            due_on=due_on or (paid_on if made else None),
            reference=(reference or "")[:60],
            recorded_by=by,
        )
        _record_creation(payment, by, f"£{amount:,} {'sent' if made else 'planned'}")
        if made:
            payment = perform(
                payment,
                "make",
                by=by,
                reason=f"£{amount:,} sent",
                paid_on=paid_on or timezone.localdate(),
                reference=reference,
            )
            locked = _settle(locked, by)
    if made:
        _tell_group(locked, payment)
    return payment


def payment_mark_made(payment, *, by, paid_on=None, reference=""):
    """A planned payment has been sent."""
    with transaction.atomic():
        locked = Award.objects.select_for_update().select_related("group").get(pk=payment.award_id)
        if locked.state not in PAYABLE_AWARD_STATES:
            _refuse_unless_payable(locked, 0)
        if locked.paid_total() + payment.amount > locked.payable_limit():
            raise PaymentRefused(
                gettext(
                    "That would pay more than the award (at most %(most)s, "
                    "counting any change waiting to be agreed)."
                )
                % {"most": f"£{locked.payable_limit():,}"}
            )
        payment = perform(
            payment,
            "make",
            by=by,
            reason=f"£{payment.amount:,} sent",
            paid_on=paid_on or timezone.localdate(),
            reference=reference,
        )
        locked = _settle(locked, by)
    _tell_group(locked, payment)
    return payment


def payment_cancel_planned(payment, *, by, reason=""):
    return perform(payment, "cancel", by=by, reason=reason or "Planned payment cancelled")


def _tell_group(award, payment):
    notify.email(
        group_emails(award.group),
        "award_payment",
        {"award": award, "payment": payment, "award_url": award_url(award)},
    )


# --------------------------------------------------------------------------------------------
# For the finance team
# --------------------------------------------------------------------------------------------
def payments_due(funder, *, until=None):
    """Planned payments of a funder's live awards, soonest first (`until`: due on or before)."""
    payments = Payment.objects.filter(
        award__funder=funder,
        state=PaymentState.SCHEDULED,
        award__state__in=PAYABLE_AWARD_STATES,
    ).select_related("award__group", "award__round", "award__application")
    if until is not None:
        payments = payments.filter(Q(due_on__lte=until) | Q(due_on__isnull=True))
    return payments.order_by("due_on", "pk")


def awards_not_fully_planned(funder):
    """Accepted awards where some money is not yet paid or planned."""
    return (
        Award.objects.filter(funder=funder, state__in=PAYABLE_AWARD_STATES)
        .annotate(
            committed=Sum("payments__amount", filter=~Q(payments__state=PaymentState.CANCELLED))
        )
        .select_related("group", "round", "application")
        .order_by("accepted_at", "pk")
    )


def finance_csv(payments, recoveries=()) -> str:
    """Planned payments (money out), then money due back (money in), for the finance team.
    Always in English, whoever downloads it: finance systems read its columns and words."""
    with translation.override(settings.LANGUAGE_CODE):
        return _finance_csv(payments, recoveries)


def _finance_csv(payments, recoveries):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Due on",
            "Award reference",
            "Group",
            "Pay to",
            "Name of who is paid",
            "Amount (GBP)",
            "Payment reference",
            "Round",
            "Direction",
        ]
    )
    for p in payments:
        writer.writerow(
            [
                safe_text_cell(p.due_on.isoformat() if p.due_on else ""),
                safe_text_cell(p.award.reference),
                safe_text_cell(p.award.group.name),
                safe_text_cell(p.get_payee_display()),
                safe_text_cell(p.payee_name),
                p.amount,
                safe_text_cell(p.reference),
                safe_text_cell(p.award.round.title),
                "Payment out",
            ]
        )
    for r in recoveries:
        writer.writerow(
            [
                safe_text_cell(timezone.localdate(r.created_at).isoformat()),
                safe_text_cell(r.award.reference),
                safe_text_cell(r.award.group.name),
                "",
                "",
                r.amount,
                "",
                safe_text_cell(r.award.round.title),
                "Money due back",
            ]
        )
    return out.getvalue()
