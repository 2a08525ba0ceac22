"""The panel's results, meeting notes and payments to members for their time."""

from django.core.exceptions import PermissionDenied

from core.permissions import can

from .. import scoring
from ..models import (
    Declaration,
    MeetingNote,
    MemberPayment,
)
from .conflicts import panel_applications, recusals
from .membership import panel_for
from .scores import counted_sheets


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
def results(rnd):
    """The ranked results of scoring, with the budget line, in a bounded number of queries.

    Returns a dict: rows (ranked, each with .application, .result, .note, .recusals,
    .above_line), line_after (how many fit in the budget), budget, scale, criteria_count.
    """
    from django.db.models import Avg

    applications = list(
        panel_applications(rnd)
        .select_related("group")
        .only(
            "pk",
            "reference",
            "title",
            "amount_requested",
            "theme",
            "state",
            "round_id",
            "group__kind",
            "group__area",
            "group__name",
        )
    )
    sheets = (
        counted_sheets(rnd)
        .values_list("member_id", "application_id")
        .annotate(average=Avg("scores__value"))
    )
    scores = {(m, a): float(avg) for m, a, avg in sheets if avg is not None}
    ranked = scoring.summarise(scores, [a.pk for a in applications], low=1, high=rnd.score_max)
    by_pk = {a.pk: a for a in applications}
    notes = {
        n.application_id: n
        for n in MeetingNote.objects.filter(panel__round=rnd).select_related("updated_by")
    }
    recused: dict[int, list[Declaration]] = {}
    for declaration in recusals(rnd):
        recused.setdefault(declaration.application_id, []).append(declaration)
    line_after = scoring.within_budget([by_pk[r.key].amount_requested for r in ranked], rnd.budget)
    rows = []
    running = 0
    for index, result in enumerate(ranked):
        app = by_pk[result.key]
        running += app.amount_requested or 0
        rows.append(
            ResultRow(
                application=app,
                result=result,
                note=notes.get(app.pk),
                recusals=recused.get(app.pk, []),
                above_line=index < line_after,
                running_total=running,
            )
        )
    return {
        "rows": rows,
        "line_after": line_after,
        "budget": rnd.budget,
        "scale": rnd.score_max,
        "flagged": sum(1 for r in rows if r.result.wide_disagreement),
        "half_scale": (rnd.score_max - 1) / 2,
    }


class ResultRow:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


def save_note(rnd, application, *, text, by) -> MeetingNote:
    if not can(by, "run_panel_meeting", rnd):
        raise PermissionDenied("Only officers and the chair can write meeting notes.")
    if application.round_id != rnd.pk:
        raise PermissionDenied("That application is not in this round.")
    note, _ = MeetingNote.objects.update_or_create(
        panel=panel_for(rnd),
        application=application,
        defaults={"text": (text or "").strip()[:2000], "updated_by": by},
    )
    return note


def payments_summary(member):
    owed = sum((p.amount for p in member.payments.all() if not p.is_paid), start=0)
    paid = sum((p.amount for p in member.payments.all() if p.is_paid), start=0)
    return {"owed": owed, "paid": paid}


def record_payment(member, *, by, payment=None, **fields) -> MemberPayment:
    if not can(by, "manage_panel", member):
        raise PermissionDenied("Only the round's officers record payments.")
    if payment is None:
        payment = MemberPayment(member=member)
    for key, value in fields.items():
        setattr(payment, key, value)
    payment.recorded_by = by
    payment.save()
    return payment
