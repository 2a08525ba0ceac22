"""The panel's results, meeting notes and payments to members for their time."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.db.models import Avg
from django.utils.translation import gettext

from core.permissions import can

from .. import scoring
from ..models import (
    Declaration,
    MeetingNote,
    MemberPayment,
)
from .conflicts import panel_applications, recusals
from .membership import active_membership, panel_for
from .scores import counted_sheets

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
RESULT_FIELDS = (
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


def results(rnd):
    """The ranked results of scoring, with the budget line, in a bounded number of queries.

    Returns a dict: rows (ranked, each with .application, .result, .note, .recusals,
    .above_line), line_after (how many fit in the budget), budget, scale, criteria_count.
    """
    applications = list(panel_applications(rnd).select_related("group").only(*RESULT_FIELDS))
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


def results_for(user, rnd):
    """The results as `user` may see them. A panel member with a link to an application does
    not see its place or its scores: it is left out, the others are numbered again and the
    money line is drawn without it (so no gap or running total gives it away). Officers and
    funder viewers see everything."""
    data = results(rnd)
    member = active_membership(user, rnd)
    if member is None or can(user, "manage_panel", rnd):
        return data
    linked = set(
        Declaration.objects.filter(member=member)
        .exclude(link=Declaration.Link.NONE)
        .values_list("application_id", flat=True)
    )
    rows = [row for row in data["rows"] if row.application.pk not in linked]
    if len(rows) == len(data["rows"]):
        return data
    place = 0
    running = 0
    for row in rows:
        if row.result.rank is not None:
            place += 1
            row.result = replace(row.result, rank=place)
        running += row.application.amount_requested or 0
        row.running_total = running
    line_after = scoring.within_budget([r.application.amount_requested for r in rows], rnd.budget)
    for index, row in enumerate(rows):
        row.above_line = index < line_after
    data.update(
        rows=rows,
        line_after=line_after,
        flagged=sum(1 for r in rows if r.result.wide_disagreement),
        left_out=len(data["rows"]) - len(rows),
    )
    return data


class ResultRow:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


def note_save(rnd, application, *, text, by) -> MeetingNote:
    if not can(by, "run_panel_meeting", rnd):
        raise PermissionDenied(gettext("Only officers and the chair can write meeting notes."))
    if application.round_id != rnd.pk:
        raise PermissionDenied(gettext("That application is not in this round."))
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


def payment_record(member, *, by, payment=None, **fields) -> MemberPayment:
    if not can(by, "manage_panel", member):
        raise PermissionDenied(gettext("Only the round's officers record payments."))
    if payment is None:
        payment = MemberPayment(member=member)
    for key, value in fields.items():
        setattr(payment, key, value)
    payment.recorded_by = by
    payment.save()
    return payment
