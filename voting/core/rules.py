"""Allocation rules: greedy, Method of Equal Shares (MES) and MES with the "Add1" completion.

All arithmetic is exact: Python ints and ``fractions.Fraction``; no floats.

Ties between projects are broken the same way everywhere, by the election's named rule
(``Election.tie_break``, written to Pabulib files as the META key ``tie_break``). The
default: lower cost first, then more supporters, then the project id that sorts first.

How MES is made fast (see also ``benchmarks/bench_counting.py``):

* Identical ballots are grouped: voters with the same ballot always have the same
  budget, so the count works per group with a multiplicity.
* Money is scaled by the number of voters n, so each voter's starting share B/n is the
  whole number B. Shares only become fractions once a price does not divide evenly.
* Budgets are shared "budget classes": all groups whose remaining budget is the same
  value point to one class, so the price of a project is found by sorting the few
  distinct budgets among its supporters, not all its supporters.
* Lazy re-evaluation (as on equalshares.net): a project's price per unit of utility
  (rho) can only go up as voters spend, so projects sit in a heap keyed by their last
  known rho and only the top one is re-computed each time.
* Voters with nothing left are dropped from the sums (they can never pay again).

For approval ballots a voter's utility from a project is its cost (pabutools'
``Cost_Sat``); for points ballots it is the points given (``Additive_Cardinal_Sat``).
Projects nobody supports are never funded (pabutools' greedy would fund them with the
money left at the very end; we do not fund a project nobody asked for).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from . import reasons as say
from .model import Election, Outcome, ProjectResult

RULES = ("greedy", "mes", "mes-add1")


def _norm(value):
    """A Fraction that is a whole number becomes an int (faster to add and hash)."""
    if type(value) is Fraction and value.denominator == 1:
        return value.numerator
    return value


def _div(a, b):
    if type(a) is int and a % b == 0:
        return a // b
    return _norm(Fraction(a, b))


class _Prepared:
    """Everything about an election that does not depend on the voters' share."""

    def __init__(self, election: Election) -> None:
        self.election = election
        self.n = election.num_voters
        self.budget = election.budget
        self.approval = election.is_approval
        self.support = election.supporters()
        self.points = None if self.approval else election.total_points()
        projects = election.projects
        if election.tie_break == "project_id":
            self.tie_key = {pid: (pid,) for pid in projects}
        else:
            self.tie_key = {pid: (p.cost, -self.support[pid], pid) for pid, p in projects.items()}
        supported = [pid for pid in projects if self.support[pid] > 0]
        self.free = sorted(
            (pid for pid in supported if projects[pid].cost == 0), key=self.tie_key.__getitem__
        )
        self.cands = sorted(
            (pid for pid in supported if projects[pid].cost > 0), key=self.tie_key.__getitem__
        )
        index = {pid: i for i, pid in enumerate(self.cands)}
        self.cost = [projects[pid].cost for pid in self.cands]
        self.cost_scaled = [c * self.n for c in self.cost]
        self.keys = [self.tie_key[pid] for pid in self.cands]
        num = len(self.cands)
        self.supp: list[list[int]] = [[] for _ in range(num)]
        self.mult: list[int] = []
        self.util: list[list[int]] | None = None if self.approval else [[] for _ in range(num)]
        if self.approval:
            groups = Counter(election.approvals or [])
            for g, (ballot, m) in enumerate(groups.items()):
                self.mult.append(m)
                for pid in ballot:
                    i = index.get(pid)
                    if i is not None:
                        self.supp[i].append(g)
        else:
            groups = Counter(
                frozenset((pid, v) for pid, v in ballot.items() if v > 0)
                for ballot in election.points or []
            )
            for g, (ballot, m) in enumerate(groups.items()):
                self.mult.append(m)
                for pid, v in ballot:
                    i = index.get(pid)
                    if i is not None:
                        self.supp[i].append(g)
                        self.util[i].append(v)
        # Supporters (with multiplicity) and utility histograms at the start.
        self.count = [sum(self.mult[g] for g in s) for s in self.supp]
        if self.util is not None:
            self.uhist = []
            for s, u in zip(self.supp, self.util, strict=True):
                hist: dict[int, int] = {}
                for g, v in zip(s, u, strict=True):
                    hist[v] = hist.get(v, 0) + self.mult[g]
                self.uhist.append(sorted(hist.items(), reverse=True))


@dataclass
class _Run:
    """One run of MES with a given starting share (money scaled by n)."""

    start: int
    order: list[int]
    rho: dict[int, Fraction]
    top_payment: dict[int, Fraction]
    same_payment: dict[int, bool]
    cls: list[int]
    cbud: list[int]
    #: Class budgets are whole numbers of 1/denominator (of money scaled by n).
    denominator: int = 1

    def spent(self, prep: _Prepared) -> int:
        return sum(prep.cost[i] for i in self.order) + sum(
            prep.election.projects[pid].cost for pid in prep.free
        )

    def left_of(self, prep: _Prepared, i: int) -> Fraction:
        """What the supporters of candidate i have left between them (scaled by n)."""
        total = sum(self.cbud[self.cls[g]] * prep.mult[g] for g in prep.supp[i])
        return Fraction(total, self.denominator)


def _initial_rho(prep: _Prepared, i: int, b0: int) -> Fraction | None:
    """rho of candidate i when every voter has the same budget b0 (None: unaffordable)."""
    cost_s = prep.cost_scaled[i]
    if b0 * prep.count[i] < cost_s:
        return None
    if prep.approval:
        return Fraction(cost_s, prep.count[i] * prep.cost[i])
    rest = cost_s
    total_u = sum(u * c for u, c in prep.uhist[i])
    # Highest utility first = lowest budget/utility first (everyone has b0).
    for u, c in prep.uhist[i]:
        if rest * u <= b0 * total_u:
            return Fraction(rest, total_u)
        rest -= b0 * c
        total_u -= u * c
    return None  # pragma: no cover - ruled out by the affordability check


def _mes_run(prep: _Prepared, b0: int) -> _Run:
    """Method of Equal Shares with each voter starting with b0 (money scaled by n).

    All budgets are integers over one common denominator ``den``: when a price does
    not divide evenly, every budget is multiplied up instead of becoming a Fraction.
    The hot loops then only touch ints; rho values are Fractions (one per evaluation).
    """
    supp, mult, cost_s, keys = prep.supp, prep.mult, prep.cost_scaled, prep.keys
    approval = prep.approval
    util = prep.util
    cls = [1] * len(mult)  # class 0: nothing left; class 1: the starting share
    cbud: list[int] = [0, b0]
    by_value = {0: 0, b0: 1}
    den = 1
    heap = []
    for i in range(len(prep.cands)):
        rho = _initial_rho(prep, i, b0)
        if rho is not None:
            heap.append((rho, keys[i], i))
    heapq.heapify(heap)
    fresh = [0] * len(prep.cands)  # round in which the heap value was computed
    rnd = 0
    order: list[int] = []
    rhos: dict[int, Fraction] = {}
    top_payment: dict[int, Fraction] = {}
    same_payment: dict[int, bool] = {}
    rest = total_u = 1

    while heap:
        rho, key, i = heapq.heappop(heap)
        if fresh[i] != rnd:
            # Re-compute rho for project i from its supporters' current budgets.
            counts: dict = {}
            get = counts.get
            need = cost_s[i] * den
            if approval:
                for g in supp[i]:
                    c = cls[g]
                    if c:
                        counts[c] = get(c, 0) + mult[g]
                entries = sorted((cbud[c], k) for c, k in counts.items())
                total = 0
                people = 0
                for b, k in entries:
                    total += b * k
                    people += k
                if total < need:
                    continue  # unaffordable for good: budgets only go down
                rest = need
                for b, k in entries:
                    if rest <= b * people:
                        break
                    rest -= b * k
                    people -= k
                total_u = people  # price per supporter = rest / people
                rho = Fraction(rest, people * prep.cost[i] * den)
            else:
                for g, u in zip(supp[i], util[i], strict=True):
                    c = cls[g]
                    if c:
                        ck = (c, u)
                        counts[ck] = get(ck, 0) + mult[g]
                lcm = math.lcm(*{u for _, u in counts}) if counts else 1
                entries = sorted(
                    (cbud[c] * (lcm // u), cbud[c], u, k) for (c, u), k in counts.items()
                )
                total = 0
                total_u = 0
                for _, b, u, k in entries:
                    total += b * k
                    total_u += u * k
                if total < need:
                    continue
                rest = need
                for _, b, u, k in entries:
                    if rest * u <= b * total_u:
                        break
                    rest -= b * k
                    total_u -= u * k
                rho = Fraction(rest, total_u * den)
            fresh[i] = rnd
            if heap and (rho, key) > heap[0][:2]:
                heapq.heappush(heap, (rho, key, i))
                continue
        else:
            # Fresh from this round: rest / total_u are no longer at hand, rebuild them.
            scaled = rho * den * (prep.cost[i] if approval else 1)
            rest, total_u = scaled.numerator, scaled.denominator
        # Fund project i: each supporter pays rho * utility, or all they have left.
        # Price per unit of utility (approval: per supporter) is rest / total_u; make it
        # whole by multiplying every budget by what is needed.
        grow = total_u // math.gcd(rest, total_u)
        if grow != 1:
            den *= grow
            cbud = [b * grow for b in cbud]
            by_value = {b: c for c, b in enumerate(cbud)}
        unit = rest * grow // total_u  # price per utility (approval: per supporter), in 1/den
        order.append(i)
        rhos[i] = rho
        rnd += 1
        moved: dict = {}
        top = 0
        poor = False
        if approval:
            for g in supp[i]:
                c = cls[g]
                if not c:
                    continue
                new = moved.get(c)
                if new is None:
                    b = cbud[c]
                    if b <= unit:
                        if b < unit:
                            poor = True
                        top = max(top, b)
                        new = 0
                    else:
                        top = unit
                        left = b - unit
                        new = by_value.get(left)
                        if new is None:
                            new = by_value[left] = len(cbud)
                            cbud.append(left)
                    moved[c] = new
                cls[g] = new
        else:
            poor = True  # with points, payments differ from person to person anyway
            for g, u in zip(supp[i], util[i], strict=True):
                c = cls[g]
                if not c:
                    continue
                new = moved.get((c, u))
                if new is None:
                    b = cbud[c]
                    pay = unit * u
                    if b <= pay:
                        top = max(top, b)
                        new = 0
                    else:
                        top = max(top, pay)
                        left = b - pay
                        new = by_value.get(left)
                        if new is None:
                            new = by_value[left] = len(cbud)
                            cbud.append(left)
                    moved[(c, u)] = new
                cls[g] = new
        top_payment[i] = Fraction(top, den)
        same_payment[i] = not poor
    return _Run(b0, order, rhos, top_payment, same_payment, cls, cbud, den)


class _Limit:
    """The largest number of extra steps t for which every recorded decision still holds.

    Each decision is "f(t) >= 0" (or "> 0") for an affine f(t) = a + s*t that holds at
    t = 0; the limit is lowered to the last whole t where it still holds.
    """

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: int | None = None  # None: no limit

    def _lower(self, bound: int) -> None:
        if self.value is None or bound < self.value:
            self.value = bound

    def weak(self, a, s) -> None:
        if s < 0 and self.value != 0:
            self._lower(math.floor(Fraction(a) / -s))

    def strict(self, a, s) -> None:
        if s < 0 and self.value != 0:
            self._lower(math.ceil(Fraction(a) / -s) - 1)


def _param_rho(entries, cost_s, limit: _Limit):
    """rho (as value, slope) for supporters given as (a, s, utility, count), or None."""
    total_a = sum(a * k for a, _, _, k in entries)
    total_s = sum(s * k for _, s, _, k in entries)
    if total_a < cost_s:
        limit.strict(cost_s - total_a, -total_s)
        return None
    limit.weak(total_a - cost_s, total_s)
    entries.sort(key=lambda e: Fraction(e[0]) / e[2])
    rest_a, rest_s = cost_s, 0
    total_u = sum(u * k for _, _, u, k in entries)
    split = len(entries)
    for index, (a, s, u, k) in enumerate(entries):
        if rest_a * u <= a * total_u:
            split = index
            break
        rest_a -= a * k
        rest_s -= s * k
        total_u -= u * k
    ra = Fraction(rest_a, total_u)
    rs = Fraction(rest_s, total_u)
    for index, (a, s, u, _) in enumerate(entries):
        if index < split:
            limit.weak(ra * u - a, rs * u - s)  # pays all they have: b <= rho * u
        else:
            limit.weak(a - ra * u, s - rs * u)  # pays rho * u and keeps the rest
    return ra, rs


def _mes_param(prep: _Prepared, b0: int, slope: int) -> tuple[list[int], int | None]:
    """MES with every voter starting at b0 + slope * t, run at t = 0.

    Returns the funded candidates in order and the largest t for which the run would
    make exactly the same decisions (None: any t). Budgets are tracked as affine
    functions (value at t=0, slope) so each comparison the run makes becomes a linear
    inequality in t. Used to skip over Add1 steps that cannot change the outcome.
    """
    supp, mult, cost_s, keys = prep.supp, prep.mult, prep.cost_scaled, prep.keys
    util = prep.util
    limit = _Limit()
    cls = [1] * len(mult)
    cval: list = [0, b0]
    cslope: list = [0, slope]
    by_value = {(0, 0): 0, (b0, slope): 1}
    heap = []
    rslope: list = [0] * len(prep.cands)
    for i in range(len(prep.cands)):
        if prep.approval:
            entries = [(b0, slope, prep.cost[i], prep.count[i])]
        else:
            entries = [(b0, slope, u, k) for u, k in prep.uhist[i]]
        rho = _param_rho(entries, cost_s[i], limit)
        if rho is not None:
            heap.append((rho[0], keys[i], i))
            rslope[i] = rho[1]
    heapq.heapify(heap)
    fresh = [0] * len(prep.cands)
    rnd = 0
    order: list[int] = []
    while heap:
        ra, key, i = heapq.heappop(heap)
        if fresh[i] != rnd:
            counts: dict = {}
            get = counts.get
            if prep.approval:
                u = prep.cost[i]
                for g in supp[i]:
                    c = cls[g]
                    if c:
                        counts[c, u] = get((c, u), 0) + mult[g]
            else:
                for g, u in zip(supp[i], util[i], strict=True):
                    c = cls[g]
                    if c:
                        counts[c, u] = get((c, u), 0) + mult[g]
            entries = [(cval[c], cslope[c], u, k) for (c, u), k in counts.items()]
            rho = _param_rho(entries, cost_s[i], limit)
            if rho is None:
                continue
            ra, rslope[i] = rho
            fresh[i] = rnd
            if heap and (ra, key) > heap[0][:2]:
                heapq.heappush(heap, (ra, key, i))
                continue
        rs = rslope[i]
        for ja, jkey, j in heap:  # i must stay ahead of every other project
            if key < jkey:
                limit.weak(ja - ra, rslope[j] - rs)
            else:
                limit.strict(ja - ra, rslope[j] - rs)
        order.append(i)
        rnd += 1
        moved: dict = {}
        groups = supp[i]
        utils = [prep.cost[i]] * len(groups) if prep.approval else util[i]
        for g, u in zip(groups, utils, strict=True):
            c = cls[g]
            if not c:
                continue
            new = moved.get((c, u))
            if new is None:
                pay_a = ra * u
                if cval[c] < pay_a:
                    new = 0
                else:
                    left = (_norm(cval[c] - pay_a), _norm(cslope[c] - rs * u))
                    new = by_value.get(left)
                    if new is None:
                        new = by_value[left] = len(cval)
                        cval.append(left[0])
                        cslope.append(left[1])
                moved[(c, u)] = new
            cls[g] = new
    return order, limit.value


def _add1(prep: _Prepared) -> tuple[_Run, int]:
    """Raise every voter's share by one unit at a time (equalshares.net "Add1").

    Stops at the first share that gives an exhaustive outcome (kept) or one that costs
    more than the budget (the previous outcome is kept). The outcome is exactly that of
    pabutools' ``method_of_equal_shares(..., voter_budget_increment=1)``, but we do not
    run MES once per unit (a budget of 122,600,000 HUF shared by 520 voters would mean
    hundreds of thousands of runs): each run also works out for how many more steps
    every decision it made stays the same (see ``_mes_param``), and jumps past them.
    The outcome at the step finally chosen is re-run exactly, for the reasons.
    """
    n = prep.n
    step = 0
    plain_steps = 0  # after a skip attempt fails, check some steps one by one (cheaper)
    backoff = 1
    while True:
        if plain_steps:
            run = _mes_run(prep, prep.budget + step * n)
            order, same_for = run.order, 0
            plain_steps -= 1
        else:
            order, same_for = _mes_param(prep, prep.budget + step * n, n)
            if same_for == 0:
                plain_steps, backoff = backoff, min(backoff * 4, 1024)
            else:
                backoff = 1
        spent = sum(prep.cost[i] for i in order) + sum(
            prep.election.projects[pid].cost for pid in prep.free
        )
        if spent > prep.budget:
            final = step - 1  # the previous step, which gave the previous outcome
            break
        left = prep.budget - spent
        chosen = set(order)
        if all(prep.cost[i] > left for i in range(len(prep.cands)) if i not in chosen):
            final = step
            break
        step += 1 + (same_for or 0)
    run = _mes_run(prep, prep.budget + final * n)
    return run, final


def _greedy_order(prep: _Prepared, pids) -> list[str]:
    totals = prep.points if prep.points is not None else prep.support
    return sorted(pids, key=lambda pid: (-totals[pid], prep.tie_key[pid]))


def _points_of(prep: _Prepared, pid: str) -> int | None:
    return None if prep.points is None else prep.points[pid]


def _said(kind: str, currency: str, **figures) -> tuple[str, dict]:
    """A reason (or summary) in English, with its structured form (see ``reasons.detail``)."""
    detail = say.detail(kind, currency, **figures)
    return say.english(detail), detail


def _greedy(prep: _Prepared, currency: str) -> Outcome:
    election = prep.election
    budget = election.budget
    left = budget
    selected: list[str] = []
    results: dict[str, ProjectResult] = {}
    supported = [pid for pid in election.projects if prep.support[pid] > 0]
    for pid in _greedy_order(prep, supported):
        cost = election.projects[pid].cost
        pts = _points_of(prep, pid)
        support = prep.support[pid]
        if cost <= left:
            selected.append(pid)
            if cost == 0:
                reason, detail = _said("free", currency, support=support, points=pts)
            else:
                reason, detail = _said(
                    "greedy_funded",
                    currency,
                    support=support,
                    points=pts,
                    cost=cost,
                    left=left,
                    budget=budget,
                )
            results[pid] = ProjectResult(
                pid,
                True,
                support,
                cost,
                reason,
                pts,
                len(selected),
                "greedy",
                reason_detail=detail,
            )
            left -= cost
        else:
            reason, detail = _said(
                "greedy_not_funded",
                currency,
                support=support,
                points=pts,
                cost=cost,
                left=left,
                budget=budget,
            )
            results[pid] = ProjectResult(
                pid, False, support, cost, reason, pts, reason_detail=detail
            )
    _add_unsupported(prep, results, currency)
    spent = budget - left
    summary, summary_detail = _said(
        "greedy_summary",
        currency,
        ballots="approval" if prep.points is None else "points",
        spent=spent,
        budget=budget,
    )
    return Outcome(
        "greedy",
        budget,
        selected,
        spent,
        _in_project_order(prep, results),
        None,
        None,
        summary,
        summary_detail,
    )


def _add_unsupported(prep: _Prepared, results: dict[str, ProjectResult], currency: str) -> None:
    for pid, project in prep.election.projects.items():
        if pid not in results:
            reason, detail = _said("nobody", currency)
            results[pid] = ProjectResult(
                pid, False, 0, project.cost, reason, _points_of(prep, pid), reason_detail=detail
            )


def _in_project_order(prep: _Prepared, results: dict[str, ProjectResult]):
    return {pid: results[pid] for pid in prep.election.projects}


def _mes_outcome(
    prep: _Prepared,
    run: _Run,
    rule: str,
    step: int | None,
    complete_greedily: bool,
    currency: str,
) -> Outcome:
    election = prep.election
    n = prep.n
    budget = election.budget
    share = _div(run.start, n) if n else Fraction(0)
    selected: list[str] = []
    results: dict[str, ProjectResult] = {}
    for pid in prep.free:
        selected.append(pid)
        reason, detail = _said(
            "free", currency, support=prep.support[pid], points=_points_of(prep, pid)
        )
        results[pid] = ProjectResult(
            pid,
            True,
            prep.support[pid],
            0,
            reason,
            _points_of(prep, pid),
            len(selected),
            "free",
            reason_detail=detail,
        )
    for i in run.order:
        pid = prep.cands[i]
        selected.append(pid)
        top = _div(run.top_payment[i], n)
        pts = _points_of(prep, pid)
        price = _div(run.rho[i] * (prep.cost[i] if prep.approval else 1), n)
        reason, detail = _said(
            "mes_funded",
            currency,
            support=prep.support[pid],
            points=pts,
            cost=prep.cost[i],
            share=share,
            top_payment=top,
            everyone_paid_same=run.same_payment[i],
        )
        results[pid] = ProjectResult(
            pid,
            True,
            prep.support[pid],
            prep.cost[i],
            reason,
            pts,
            len(selected),
            "equal shares",
            max_share_paid=top,
            price_per_point=_norm(price),
            reason_detail=detail,
        )
    spent = sum(election.projects[pid].cost for pid in selected)
    chosen = set(run.order)
    missed = [i for i in range(len(prep.cands)) if i not in chosen]
    if complete_greedily:
        left = after_shares = budget - spent
        for pid in _greedy_order(prep, [prep.cands[i] for i in missed]):
            cost = election.projects[pid].cost
            if cost <= left:
                selected.append(pid)
                pts = _points_of(prep, pid)
                reason, detail = _said(
                    "top_up_funded",
                    currency,
                    support=prep.support[pid],
                    points=pts,
                    cost=cost,
                    left=left,
                    after_shares=after_shares,
                )
                results[pid] = ProjectResult(
                    pid,
                    True,
                    prep.support[pid],
                    cost,
                    reason,
                    pts,
                    len(selected),
                    "top-up",
                    reason_detail=detail,
                )
                left -= cost
        spent = budget - left
    for i in missed:
        pid = prep.cands[i]
        if pid in results:
            continue
        supporters_left = run.left_of(prep, i)
        pts = _points_of(prep, pid)
        reason, detail = _said(
            "mes_not_funded",
            currency,
            support=prep.support[pid],
            points=pts,
            cost=prep.cost[i],
            share=share,
            shares_together=_div(run.start * prep.count[i], n),
            left_together=_div(supporters_left, n),
            left_at_end=budget - spent if complete_greedily else None,
        )
        results[pid] = ProjectResult(
            pid, False, prep.support[pid], prep.cost[i], reason, pts, reason_detail=detail
        )
    _add_unsupported(prep, results, currency)
    summary, summary_detail = _said(
        "mes_summary",
        currency,
        voters=n,
        budget=budget,
        each=_div(budget, n) if n else 0,
        step=step,
        share=share,
        spent=spent,
    )
    return Outcome(
        rule,
        budget,
        selected,
        spent,
        _in_project_order(prep, results),
        share,
        step,
        summary,
        summary_detail,
    )


def count(
    election: Election,
    rule: str,
    *,
    complete_greedily: bool = False,
    currency: str = "£",
) -> Outcome:
    """Count an election with one of the rules "greedy", "mes" or "mes-add1".

    ``complete_greedily`` (MES rules only) then spends what is left on the projects with
    the most support that still fit. ``currency`` is a symbol (``£``) or a code (``PLN``)
    used in the reasons.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; use one of {', '.join(RULES)}")
    prep = _Prepared(election)
    if rule == "greedy":
        return _greedy(prep, currency)
    if prep.n == 0:
        run = _Run(0, [], {}, {}, {}, [], [0])
        return _mes_outcome(
            prep, run, rule, 0 if rule == "mes-add1" else None, complete_greedily, currency
        )
    if rule == "mes":
        run = _mes_run(prep, prep.budget)
        return _mes_outcome(prep, run, rule, None, complete_greedily, currency)
    run, step = _add1(prep)
    return _mes_outcome(prep, run, rule, step, complete_greedily, currency)
