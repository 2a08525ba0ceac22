"""Closing the vote, counting it with `voting.core`, using left-over money, and the decision.

    vote_close_and_count(vote, by=officer)  open → closed → counted (the outcome is stored)
    extra_add(vote, application, amount=, reason=, by=)   part-fund from what is left
    decision_confirm(vote, by=officer)      the round is decided; awards, emails, offers
    decision_publish(vote, by=officer)      applicants and the public can see the results

Every change of state runs through `grants.services.transitions.perform` (locked, checked,
audited). Two officers confirming at once cannot both win: `confirm` locks the vote row and the
second one finds it already decided.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext

from awards.services.offers import group_emails, offer_make
from core import notify
from core.money import pounds
from core.permissions import can
from core.transitions import TransitionRefused, perform
from grants.models import ApplicationState
from panels.services import results
from voting.core import Election, Project, count

from ..models import ExtraAllocation, Vote, VoteState
from ..reasons import say, say_lazily
from . import ballot_box
from .ballots import ballot_rows, panel_applications


# --------------------------------------------------------------------------------------------
# Building the election
# --------------------------------------------------------------------------------------------
def _projects(apps):
    return {
        a.reference: Project(
            id=a.reference, cost=int(a.amount_requested or 0), name=a.title or None
        )
        for a in apps
    }


def _meta(vote):
    rnd = vote.round
    return {
        "description": rnd.title,
        "country": "United Kingdom",
        "unit": rnd.funder.name,
        "instance": rnd.slug,
        "currency": "GBP",
        "rule": vote.rule,
    }


def panel_ranking(rnd):
    """[(reference, rank)] from the panel's normalised scores, best first (rank None: unscored)."""

    return [(row.application.reference, row.result.rank) for row in results(rnd)["rows"]]


def election_build(vote) -> Election:
    """The vote as a `voting.core.Election`: projects are the panel's applications (cost = the
    amount asked for), ballots are the secret ballots (only readable after close).

    With the panel's scores there are no ballots: the normalised score ranking becomes one list
    of points (the top application gets as many points as there are ranked applications, the
    next one fewer, and so on; unscored ones get none)."""
    apps = list(panel_applications(vote.round).select_related("group"))
    projects = _projects(apps)
    meta = _meta(vote)
    if vote.method == Vote.Method.SCORES:
        ranked = [(ref, rank) for ref, rank in panel_ranking(vote.round) if ref in projects]
        scored = [ref for ref, rank in ranked if rank is not None]
        points = {ref: len(scored) - i for i, ref in enumerate(scored)}
        return Election(
            budget=vote.budget,
            projects=projects,
            points=[points] if points else [],
            meta=meta,
            kind="scoring",
        )
    rows = ballot_rows(vote)
    if vote.method == Vote.Method.APPROVAL:
        approvals = [
            frozenset(ref for ref in row.get("approve", []) if ref in projects) for row in rows
        ]
        return Election(budget=vote.budget, projects=projects, approvals=approvals, meta=meta)
    points = [
        {ref: int(v) for ref, v in row.get("points", {}).items() if ref in projects and v > 0}
        for row in rows
    ]
    return Election(
        budget=vote.budget, projects=projects, points=points, meta=meta, kind="cumulative"
    )


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def score_reason(detail):
    """The English of a reason for a count from the panel's scores (kinds "scores_funded",
    "scores_not_funded", "scores_unscored"; `voting.reasons` says them in other languages)."""
    kind = detail["kind"]
    if kind == "scores_unscored":
        return "Not funded: the panel did not score it."
    place, of, cost = _ordinal(detail["place"]), detail["of"], pounds(detail["cost"])
    if kind == "scores_funded":
        return (
            f"Funded: the panel's scores put it {place} of {of}, "
            f"and the {cost} it asked for fitted in what was left."
        )
    return (
        f"Not funded: the panel's scores put it {place} of {of}. "
        f"By then only {pounds(detail['left'])} was left, less than the {cost} it asked for."
    )


def _score_reasons(vote, election, outcome):
    """Plain reasons for a count from the panel's scores (the core's reasons speak of voters):
    {reference: (English, detail)}."""
    points = (election.points or [{}])[0] if election.points else {}
    order = sorted(points, key=lambda ref: -points[ref])
    left = vote.budget
    details = {}
    for place, ref in enumerate(order, start=1):
        cost = election.projects[ref].cost
        detail = {"kind": "scores_funded", "currency": "£", "place": place, "of": len(order)}
        if outcome.results[ref].funded:
            left -= cost
            details[ref] = {**detail, "cost": cost}
        else:
            details[ref] = {**detail, "kind": "scores_not_funded", "cost": cost, "left": left}
    for ref in election.projects:
        details.setdefault(ref, {"kind": "scores_unscored", "currency": "£"})
    return {ref: (score_reason(detail), detail) for ref, detail in details.items()}


def count_run(vote) -> dict:
    """Count the (closed) vote with the round's rule. Returns the outcome as plain JSON."""
    election = election_build(vote)
    rule = "greedy" if vote.method == Vote.Method.SCORES else vote.rule
    outcome = count(election, rule, complete_greedily=False, currency="£")
    reasons = _score_reasons(vote, election, outcome) if vote.method == Vote.Method.SCORES else {}
    results = {}
    for ref, result in outcome.results.items():
        reason, detail = reasons.get(ref, (result.reason, result.reason_detail))
        results[ref] = {
            "funded": bool(result.funded),
            "support": int(result.support),
            "points": None if result.points is None else int(result.points),
            "cost": int(result.cost),
            "order": result.order,
            "reason": reason,
            # The reason's kind and figures, to say it in the reader's language (voting.reasons).
            "reason_detail": detail,
        }
    return {
        "rule": rule,
        "method": vote.method,
        "budget": outcome.budget,
        "spent": outcome.spent,
        "selected": list(outcome.selected),
        "summary": outcome.summary,
        "summary_detail": outcome.summary_detail,
        "ballots": election.num_voters if vote.method != Vote.Method.SCORES else 0,
        "results": results,
    }


def vote_close_and_count(vote, *, by, reason=""):
    """Close the vote (if open) and count it. Returns the counted vote."""
    if vote.state == VoteState.OPEN:
        with transaction.atomic():
            vote = perform(vote, "close", by=by, reason=reason or "The officer closed the vote")
            ballot_box.ballot_box_seal(vote)
    if vote.state not in (VoteState.CLOSED, VoteState.COUNTED):
        raise TransitionRefused(gettext("This vote has already been decided."))
    vote = Vote.objects.select_related("round__funder").get(pk=vote.pk)
    outcome = count_run(vote)
    return perform(vote, "count", by=by, reason="Counted", outcome=outcome)


# --------------------------------------------------------------------------------------------
# Left-over money and the allocation
# --------------------------------------------------------------------------------------------
@dataclass
class Line:
    application: object
    funded_by_count: bool
    amount: int
    #: Why, in English: as stored in the outcome and kept in the audit trail.
    reason: str
    extra: ExtraAllocation | None = None
    #: Why, as a kind and its figures (None for an outcome counted before they were kept).
    detail: dict | None = None

    @property
    def awarded(self):
        return self.amount > 0

    @property
    def said(self):
        """Why, in the reader's language (the English when there is no detail), for pages;
        the audit trail keeps `reason`."""
        return say(self.detail, self.reason)

    @property
    def said_lazily(self):
        """Why, in the language of the email it is written into."""
        return say_lazily(self.detail, self.reason)


def extras_total(vote) -> int:
    return ExtraAllocation.objects.filter(vote=vote).aggregate(t=Sum("amount"))["t"] or 0


def left_over(vote) -> int:
    spent = int((vote.outcome or {}).get("spent", 0))
    return max(vote.budget - spent - extras_total(vote), 0)


def part_fund_detail(extra):
    """Left-over money given to a plan: the amount, what was asked for, the officer's note."""
    asked = int(extra.application.amount_requested or 0)
    return {
        "kind": "left_over_funded",
        "currency": "£",
        "amount": int(extra.amount),
        "asked": asked,
        "note": extra.reason,
    }


def left_over_reason(detail):
    """The English of a "left_over_funded" detail."""
    amount, asked = detail["amount"], detail["asked"]
    part = "in full" if amount >= asked else f"in part: {pounds(amount)} of {pounds(asked)}"
    return f"Funded {part}, from money left over after the vote. {detail['note']}"


def allocation(vote, apps=None, extras=None) -> list[Line]:
    """Every panel application with what it gets and why, in the order of the count."""
    results = (vote.outcome or {}).get("results", {})
    apps = (
        apps if apps is not None else list(panel_applications(vote.round).select_related("group"))
    )
    extras = (
        extras
        if extras is not None
        else {e.application_id: e for e in ExtraAllocation.objects.filter(vote=vote)}
    )
    lines = []
    for app in apps:
        result = results.get(app.reference, {})
        extra = extras.get(app.pk)
        detail = result.get("reason_detail")
        if result.get("funded"):
            line = Line(app, True, int(app.amount_requested or 0), result["reason"], None, detail)
        elif extra is not None:
            extra.application = app
            detail = part_fund_detail(extra)
            line = Line(app, False, extra.amount, left_over_reason(detail), extra, detail)
        elif result:
            line = Line(app, False, 0, result.get("reason", "Not funded."), None, detail)
        else:
            line = Line(app, False, 0, "Not funded.", None, {"kind": "not_counted"})
        lines.append(line)
    lines.sort(
        key=lambda ln: (
            not ln.funded_by_count,
            results.get(ln.application.reference, {}).get("order") or 0,
            -(results.get(ln.application.reference, {}).get("points") or 0),
            -(results.get(ln.application.reference, {}).get("support") or 0),
            ln.application.reference,
        )
    )
    return lines


def extra_add(vote, application, *, amount, reason, by) -> ExtraAllocation:
    """Give left-over money to an application the count did not fund. Plain refusals."""

    if not can(by, "manage_vote", vote):
        raise TransitionRefused(gettext("Only the round's officers can do this."))
    with transaction.atomic():
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        if locked.state != VoteState.COUNTED:
            raise TransitionRefused(
                gettext("Left-over money can only be used before the decision.")
            )
        if (
            application.round_id != locked.round_id
            or application.state != ApplicationState.ELIGIBLE
        ):
            raise TransitionRefused(gettext("That application is not part of this vote."))
        result = locked.outcome.get("results", {}).get(application.reference, {})
        if result.get("funded"):
            raise TransitionRefused(gettext("That application is already funded by the vote."))
        if ExtraAllocation.objects.filter(vote=locked, application=application).exists():
            raise TransitionRefused(gettext("That application already has left-over money."))
        left = left_over(locked)
        asked = application.amount_requested or 0
        if amount > left:
            raise TransitionRefused(
                gettext("Only %(left)s is left. Give %(left)s or less.") % {"left": pounds(left)}
            )
        if amount > asked:
            raise TransitionRefused(
                gettext("The group asked for %(asked)s. Give that or less.")
                % {"asked": pounds(asked)}
            )
        return ExtraAllocation.objects.create(
            vote=locked, application=application, amount=amount, reason=reason, by=by
        )


def extra_remove(vote, extra, *, by):

    if not can(by, "manage_vote", vote):
        raise TransitionRefused(gettext("Only the round's officers can do this."))
    with transaction.atomic():
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        if locked.state != VoteState.COUNTED:
            raise TransitionRefused(gettext("This can only be changed before the decision."))
        ExtraAllocation.objects.filter(pk=extra.pk, vote=locked).delete()


# --------------------------------------------------------------------------------------------
# The decision
# --------------------------------------------------------------------------------------------
@dataclass
class Decision:
    vote: Vote
    awarded: list
    not_awarded: list
    offers: list
    offer_problems: list


def vote_is_counted(rnd):
    """A round can only be decided from a vote that has been closed and counted (the officer's
    confirm step below then decides it). Registered as a decision check on grants' Round."""
    state = Vote.objects.filter(round=rnd).values_list("state", flat=True).first()
    if state is None:
        return [gettext("There is no vote for this round yet.")]
    if state != VoteState.COUNTED:
        return [gettext("Close and count the vote first, then confirm the decision.")]
    return []


def decision_confirm(vote, *, by, reason="") -> Decision:
    """Decide the round from the counted vote: award or not award every application (with its
    plain reason), mark the round decided, then email the groups and make the offers."""
    with transaction.atomic():
        locked = Vote.objects.select_for_update().select_related("round__funder").get(pk=vote.pk)
        if locked.state != VoteState.COUNTED:
            raise TransitionRefused(
                gettext("This vote has already been decided.")
                if locked.state in (VoteState.CONFIRMED, VoteState.PUBLISHED)
                else gettext("Close and count the vote first.")
            )
        apps = list(
            panel_applications(locked.round)
            .filter(state=ApplicationState.ELIGIBLE)
            .select_related("group")
        )
        lines = allocation(locked, apps)
        total = sum(line.amount for line in lines)
        if total > locked.budget:
            raise TransitionRefused(
                gettext("The grants add up to %(total)s, more than the %(budget)s budget.")
                % {"total": pounds(total), "budget": pounds(locked.budget)}
            )
        awarded, not_awarded = [], []
        for line in lines:
            if line.awarded:
                app = perform(line.application, "award", by=by, reason=line.reason)
                awarded.append((app, line.amount, line.said_lazily))
            else:
                app = perform(line.application, "not_award", by=by, reason=line.reason)
                not_awarded.append((app, line.said_lazily))
        perform(
            locked.round,
            "decide",
            by=by,
            reason=reason or f"Decided by the vote: {len(awarded)} funded, {pounds(total)} in all.",
        )
        locked = perform(locked, "confirm", by=by, reason=reason or "Decision confirmed")

    # A funded group gets one email: the offer, which says why they were funded. Only when the
    # offer could not be made (an officer will make it) do they hear the decision on its own.
    offers, problems = _make_offers(awarded, by)
    offered = {offer.application_id for offer in offers}
    for app, amount, why in awarded:
        if app.pk in offered:
            continue
        notify.email(
            group_emails(app.group),
            "decision_awarded",
            {"application": app, "round": locked.round, "amount": amount, "reason": why},
            key=f"decision:{app.pk}",
        )
    for app, why in not_awarded:
        notify.email(
            group_emails(app.group),
            "decision_not_awarded",
            {"application": app, "round": locked.round, "reason": why},
            key=f"decision:{app.pk}",
        )
    return Decision(locked, awarded, not_awarded, offers, problems)


def _make_offers(awarded, by):
    offers, problems = [], []
    for app, amount, why in awarded:
        try:
            offers.append(offer_make(app, amount=amount, by=by, why=why))
        except TransitionRefused as refused:
            problems.append(f"{app.reference}: {refused.message}")
    return offers, problems


def decision_publish(vote, *, by, reason=""):
    return perform(vote, "publish", by=by, reason=reason or "Results published")
