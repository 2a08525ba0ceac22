"""The reads of awards that other apps (and awards' own pages) use: one set of money figures.

Every figure is defined once here (see docs/figures.md) and computed from the award's ledger:
its amount and state, its payments, its recoveries.

- **awarded**: the amounts of live awards (accepted, paid, being changed, closed).
- **offered**: the amounts of offers still waiting for the group's answer.
- **committed**: money the round has promised or spent: offered + awarded, plus money paid and
  not got back on awards that were cancelled.
- **paid**: payments sent (gross, whatever happened to the award later).
- **recovered**: money given back by groups (recoveries received).
- **to recover**: money due back and not yet received.
- **net paid**: paid − recovered.
- **funded**: an application or group with a live award.
"""

from dataclasses import dataclass, replace

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import (
    LIVE_AWARD_STATES,
    Award,
    AwardState,
    Payment,
    PaymentState,
    Recovery,
    RecoveryState,
)

__all__ = [
    "FUNDED_AWARD_STATES",
    "Money",
    "award_money",
    "funded_application_q",
    "live_awards_for_funder",
    "live_awards_for_groups",
    "money",
    "money_per_round",
    "round_money",
    "rounds_money",
    "with_money",
]

#: An application (or a group) is funded when it has an award in one of these states.
FUNDED_AWARD_STATES = tuple(str(s) for s in LIVE_AWARD_STATES)


def funded_application_q(prefix=""):
    """A filter for applications (reached through `prefix`) that have a live award."""
    relation = Award._meta.get_field("application").related_query_name()
    return Q(**{f"{prefix}{relation}__state__in": FUNDED_AWARD_STATES})


@dataclass(frozen=True)
class Money:
    awarded: int = 0
    offered: int = 0
    paid: int = 0
    paid_on_cancelled: int = 0
    recovered: int = 0
    to_recover: int = 0
    grants: int = 0
    budget: int | None = None

    @property
    def net_paid(self):
        return self.paid - self.recovered

    @property
    def committed(self):
        return self.offered + self.awarded + self.paid_on_cancelled - self.recovered

    @property
    def left(self):
        """What is left of the budget once commitments are counted (None: no budget)."""
        return None if self.budget is None else self.budget - self.committed

    @property
    def over(self):
        """How far commitments go past the budget (0 when within it)."""
        return max(-(self.left or 0), 0)


def _award_sums():
    return {
        "awarded": Coalesce(Sum("amount", filter=Q(state__in=FUNDED_AWARD_STATES)), 0),
        "offered": Coalesce(Sum("amount", filter=Q(state=AwardState.OFFERED)), 0),
        "grants": Count("pk", filter=Q(state__in=FUNDED_AWARD_STATES)),
    }


def _payment_sums():
    return {
        "paid": Coalesce(Sum("amount"), 0),
        "paid_on_cancelled": Coalesce(
            Sum("amount", filter=Q(award__state=AwardState.CANCELLED)), 0
        ),
    }


def _recovery_sums():
    return {
        "recovered": Coalesce(Sum("amount", filter=Q(state=RecoveryState.RECEIVED)), 0),
        "to_recover": Coalesce(Sum("amount", filter=Q(state=RecoveryState.DUE)), 0),
    }


def money(awards, *, budget=None):
    """The money figures of a set of awards (a queryset), in three queries."""
    figures = dict(awards.aggregate(**_award_sums()))
    payments = Payment.objects.filter(award__in=awards, state=PaymentState.MADE)
    figures.update(payments.aggregate(**_payment_sums()))
    figures.update(Recovery.objects.filter(award__in=awards).aggregate(**_recovery_sums()))
    return Money(budget=budget, **figures)


def award_money(award):
    return money(Award.objects.filter(pk=award.pk))


def round_money(rnd):
    return money(Award.objects.filter(round=rnd), budget=rnd.budget)


def money_per_round(awards):
    """{round id: Money} for a set of awards, in three grouped queries."""
    rows = {}
    for row in awards.values("round_id").annotate(**_award_sums()).order_by("round_id"):
        rows.setdefault(row.pop("round_id"), {}).update(row)
    payments = Payment.objects.filter(award__in=awards, state=PaymentState.MADE)
    for row in payments.values("award__round_id").annotate(**_payment_sums()).order_by():
        rows.setdefault(row.pop("award__round_id"), {}).update(row)
    recoveries = Recovery.objects.filter(award__in=awards)
    for row in recoveries.values("award__round_id").annotate(**_recovery_sums()).order_by():
        rows.setdefault(row.pop("award__round_id"), {}).update(row)
    return {pk: Money(**values) for pk, values in rows.items()}


def rounds_money(rounds, awards=None):
    """[(round, Money with its budget)] for each round, in the rounds' order."""
    awards = Award.objects.filter(round__in=rounds) if awards is None else awards
    per_round = money_per_round(awards)
    result = []
    for rnd in rounds:
        figures = per_round.get(rnd.pk, Money())
        result.append((rnd, replace(figures, budget=rnd.budget)))
    return result


def _sum_per_award(queryset):
    total = queryset.filter(award=OuterRef("pk")).values("award").annotate(t=Sum("amount"))
    return Coalesce(Subquery(total.values("t"), output_field=IntegerField()), 0)


def with_money(awards):
    """Each award with `paid`, `recovered`, `to_recover` and `net_paid` (paid − recovered),
    worked out only for the awards asked for (one subquery each, whatever the page size)."""
    return awards.annotate(
        paid=_sum_per_award(Payment.objects.filter(state=PaymentState.MADE)),
        recovered=_sum_per_award(Recovery.objects.filter(state=RecoveryState.RECEIVED)),
        to_recover=_sum_per_award(Recovery.objects.filter(state=RecoveryState.DUE)),
    ).annotate(net_paid=F("paid") - F("recovered"))


def live_awards_for_groups(group_ids):
    """The groups' real grants (accepted, paid, changing or closed), oldest first, with their
    funder, round and application."""
    return list(
        Award.objects.filter(group_id__in=group_ids, state__in=LIVE_AWARD_STATES)
        .select_related("funder", "round", "application")
        .order_by("accepted_at", "pk")
    )


def live_awards_for_funder(funder_id):
    """A funder's real grants, oldest first, with their group and application."""
    return list(
        Award.objects.filter(funder_id=funder_id, state__in=LIVE_AWARD_STATES)
        .select_related("group", "application")
        .order_by("accepted_at", "pk")
    )


def awards_of(funder, *, states=None, round=None):
    """The funder's awards (in `states`, in `round`), oldest first, with round, group and
    application."""
    awards = Award.objects.filter(funder=funder)
    if states is not None:
        awards = awards.filter(state__in=states)
    if round is not None:
        awards = awards.filter(round=round)
    return awards.select_related("round", "group", "application").order_by("pk")


def award_of(report_or_pk):
    """The award with this id (or a report's award), fresh from the database."""
    return Award.objects.get(pk=getattr(report_or_pk, "award_id", report_or_pk))


def awards_without_reports(states):
    """Awards in `states` that have no report yet, with what scheduling reports needs."""
    return (
        Award.objects.filter(state__in=states, reports__isnull=True)
        .select_related("round", "application")
        .prefetch_related("application__budget_lines")
    )


# --------------------------------------------------------------------------------------------
# Money in a reporting period (the board's periods; read by reports/outcomes.py).
# The same figures as `money`, each placed in the period by one date (docs/figures.md):
# awarded and grants by the date the group accepted the offer, offered by the date the offer
# was made, paid by the payment's date, recovered by the date the money came back, to recover
# by the date it was asked for.
# --------------------------------------------------------------------------------------------
def _period_award_sums(start, end):
    accepted = Q(state__in=FUNDED_AWARD_STATES, accepted_at__date__range=(start, end))
    offered = Q(state=AwardState.OFFERED, offered_at__date__range=(start, end))
    return {
        "awarded": Coalesce(Sum("amount", filter=accepted), 0),
        "offered": Coalesce(Sum("amount", filter=offered), 0),
        "grants": Count("pk", filter=accepted),
    }


def _period_ledger(awards, start, end):
    payments = Payment.objects.filter(
        award__in=awards, state=PaymentState.MADE, paid_on__range=(start, end)
    )
    recoveries = Recovery.objects.filter(award__in=awards).filter(
        Q(state=RecoveryState.RECEIVED, received_on__range=(start, end))
        | Q(state=RecoveryState.DUE, created_at__date__range=(start, end))
    )
    return payments, recoveries


def money_in_period(awards, start, end):
    """`money(awards)` for what happened between `start` and `end` (dates, both included)."""
    figures = dict(awards.aggregate(**_period_award_sums(start, end)))
    payments, recoveries = _period_ledger(awards, start, end)
    figures.update(payments.aggregate(**_payment_sums()))
    figures.update(recoveries.aggregate(**_recovery_sums()))
    return Money(**figures)


def money_per_round_in_period(awards, start, end):
    """`money_per_round(awards)` for what happened between `start` and `end`."""
    rows = {}
    sums = _period_award_sums(start, end)
    for row in awards.values("round_id").annotate(**sums).order_by("round_id"):
        rows.setdefault(row.pop("round_id"), {}).update(row)
    payments, recoveries = _period_ledger(awards, start, end)
    for row in payments.values("award__round_id").annotate(**_payment_sums()).order_by():
        rows.setdefault(row.pop("award__round_id"), {}).update(row)
    for row in recoveries.values("award__round_id").annotate(**_recovery_sums()).order_by():
        rows.setdefault(row.pop("award__round_id"), {}).update(row)
    return {pk: Money(**values) for pk, values in rows.items()}
