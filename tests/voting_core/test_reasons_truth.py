"""Every number in every sentence is true (issue 12, finding 5).

For random small elections, an independent, slow, voter-by-voter count (written here from
the definitions, not from ``voting.core.rules``) works out what happened, then every reason
and summary is matched against the sentences ``voting.core.reasons`` can write. Each number
in a sentence is recomputed from the election data and checked, and so is each claim:

* "Even if they had put their whole shares towards it ..." is said exactly when the
  supporters' whole shares (equal share, after any raise, times supporters) are less than
  the cost; spending elsewhere is blamed exactly when the whole shares would have been
  enough.
* "paid £X each" only when every supporter paid the same; £X is the most anyone paid.
* Greedy and top-up sentences name the money that really was left at that moment.
"""

from __future__ import annotations

import re
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from voting.core import Election, Project, count

# -- an independent reference count ---------------------------------------------------------


def tie_key(election: Election, pid: str):
    support = election.supporters()
    return (election.projects[pid].cost, -support[pid], pid)


def utilities(election: Election) -> list[dict[str, int]]:
    """Each voter's utility per project: cost for approvals, points for points ballots."""
    if election.is_approval:
        return [{pid: election.projects[pid].cost for pid in b} for b in election.approvals]
    return [{pid: v for pid, v in b.items() if v > 0} for b in election.points]


def price(budgets, utils, pid, cost):
    """The lowest rho with sum(min(b, rho * u)) == cost over the supporters, or None."""
    payers = [(budgets[v], utils[v][pid]) for v in range(len(budgets)) if pid in utils[v]]
    if sum(b for b, _ in payers) < cost:
        return None
    payers.sort(key=lambda bu: Fraction(bu[0], 1) / bu[1])
    rest, total_u = Fraction(cost), sum(u for _, u in payers)
    for b, u in payers:
        rho = rest / total_u
        if rho * u <= b:
            return rho
        rest -= b
        total_u -= u
    raise AssertionError("unreachable")  # pragma: no cover


def reference_mes(election: Election, share: Fraction):
    """Plain MES with every voter starting at ``share``. Returns the funded projects in
    order, each funded project's payments (voter -> amount) and the budgets at the end."""
    n = election.num_voters
    utils = utilities(election)
    support = election.supporters()
    budgets = [Fraction(share)] * n
    funded = [pid for pid in sorted(election.projects, key=lambda p: tie_key(election, p))]
    funded = [p for p in funded if support[p] and election.projects[p].cost == 0]
    payments: dict[str, dict[int, Fraction]] = {}
    candidates = {p for p in election.projects if support[p] and election.projects[p].cost > 0}
    while True:
        best = None
        for pid in candidates:
            rho = price(budgets, utils, pid, election.projects[pid].cost)
            if rho is not None and (best is None or (rho, tie_key(election, pid)) < best[:2]):
                best = (rho, tie_key(election, pid), pid)
        if best is None:
            return funded, payments, budgets
        rho, _, pid = best
        candidates.remove(pid)
        funded.append(pid)
        payments[pid] = {}
        for v in range(n):
            if pid in utils[v]:
                pay = min(budgets[v], rho * utils[v][pid])
                payments[pid][v] = pay
                budgets[v] -= pay
        assert sum(payments[pid].values()) == election.projects[pid].cost


def spent_on(election, pids):
    return sum(election.projects[p].cost for p in pids)


def reference_add1(election: Election):
    n = election.num_voters
    support = election.supporters()
    cands = [p for p in election.projects if support[p] and election.projects[p].cost > 0]
    step = 0
    while True:
        funded, _, _ = reference_mes(election, Fraction(election.budget, n) + step)
        spent = spent_on(election, funded)
        if spent > election.budget:
            return step - 1
        left = election.budget - spent
        if all(election.projects[p].cost > left for p in cands if p not in funded):
            return step
        step += 1


def greedy_order(election, pids):
    totals = election.total_points()
    return sorted(pids, key=lambda p: (-totals[p], tie_key(election, p)))


# -- reading the sentences --------------------------------------------------------------------

M = r"((?:about |less than )?£[\d,]+)"
SUPPORT = r"(\d[\d,]*) (people|person) (?:voted for it|gave it (\d[\d,]*) points?)"
WHO = r"the (\d[\d,]*) (?:people|person) who voted for it"

SENTENCES = {
    "nobody": r"Not funded: nobody voted for it\.",
    "free": rf"Funded: {SUPPORT} and it cost nothing\.",
    "greedy_funded": rf"Funded: {SUPPORT}\. Its {M} cost fitted in the {M} "
    r"(budget|that was left)\.",
    "greedy_too_dear": rf"Not funded: {SUPPORT}, but it cost {M}\. That is more than the whole "
    rf"budget of {M}\.",
    "greedy_not_funded": rf"Not funded: {SUPPORT}\. It cost {M} but only {M} was left after "
    r"paying for projects with more (votes|points)\.",
    "mes_funded": rf"Funded: {SUPPORT}\. Each person had an equal share of {M} to spend\. "
    rf"They shared its {M} cost and paid {M} (each|each at most)\.",
    "never_enough": rf"Not funded: {WHO} had an equal share of {M}(?: each)?\. Even if they had "
    rf"put their whole shares? towards it, that would be {M}, less than its {M} cost\.",
    "spent_all": rf"Not funded: {WHO} had (?:an equal share of|equal shares worth) {M}"
    rf"(?: together)?, enough for its {M} cost\. But they had spent all of it on other "
    r"projects they voted for\.",
    "spent_some": rf"Not funded: {WHO} had (?:an equal share of|equal shares worth) {M}"
    rf"(?: together)?, enough for its {M} cost\. But they had spent {M} of that on other "
    rf"projects they voted for, so only {M} was left\.",
    "top_up": rf"Funded in the top-up: {SUPPORT}\. (After equal shares(?: and top-ups)?), "
    rf"{M} was still unspent and its {M} cost fitted\.",
}
TOP_UP_MISSED = rf" It also did not fit in the {M} left at the end\."


def says(text: str, exact) -> None:
    """``text`` ("£12", "about £57", "less than £1") is a true way to say ``exact``."""
    exact = Fraction(exact)
    number = int(text.rsplit("£", 1)[1].replace(",", ""))
    if exact.denominator == 1:
        assert text == f"£{exact.numerator:,}", (text, exact)
    elif exact < Fraction(1, 2):
        assert text == "less than £1", (text, exact)
    else:
        assert text.startswith("about "), (text, exact)
        assert abs(exact - number) <= Fraction(1, 2), (text, exact)


def read(reason: str):
    missed = re.search(TOP_UP_MISSED + r"$", reason)
    if missed:
        reason = reason[: missed.start()]
    found = [
        (name, m.groups())
        for name, pattern in SENTENCES.items()
        if (m := re.fullmatch(pattern, reason))
    ]
    assert len(found) == 1, f"not one known sentence: {reason!r} {found}"
    return found[0][0], found[0][1], missed.group(1) if missed else None


def check_support(election, pid, count_text, word, points_text):
    support = election.supporters()[pid]
    assert int(count_text.replace(",", "")) == support
    assert word == ("person" if support == 1 else "people")
    if election.is_approval:
        assert points_text is None
    else:
        assert int(points_text.replace(",", "")) == election.total_points()[pid]


# -- the check ---------------------------------------------------------------------------------


def check_outcome(election: Election, rule: str, complete: bool) -> None:
    out = count(election, rule, complete_greedily=complete)
    n, budget = election.num_voters, election.budget
    support = election.supporters()
    costs = {pid: p.cost for pid, p in election.projects.items()}

    # What happened, worked out independently.
    facts: dict[str, dict] = {pid: {} for pid in election.projects}
    if rule == "greedy":
        left = budget
        selected = []
        for pid in greedy_order(election, [p for p in costs if support[p]]):
            facts[pid]["left"] = left
            if costs[pid] <= left:
                selected.append(pid)
                left -= costs[pid]
    else:
        step = reference_add1(election) if rule == "mes-add1" and n else 0
        share = Fraction(budget, n) + step if n else Fraction(0)
        selected, payments, budgets = reference_mes(election, share) if n else ([], {}, [])
        utils = utilities(election)
        for pid in costs:
            facts[pid]["share"] = share
            facts[pid]["whole"] = share * support[pid]
            facts[pid]["left_together"] = sum(
                (budgets[v] for v in range(n) if pid in utils[v]), Fraction(0)
            )
            if pid in payments:
                facts[pid]["paid"] = list(payments[pid].values())
        after_shares = left = budget - spent_on(election, selected)
        if complete:
            for pid in greedy_order(
                election, [p for p in costs if support[p] and p not in selected]
            ):
                if costs[pid] <= left:
                    facts[pid]["left"] = left
                    selected.append(pid)
                    left -= costs[pid]
    end_left = budget - spent_on(election, selected)

    assert out.selected == selected
    assert out.spent == budget - end_left

    for pid, result in out.results.items():
        name, g, missed = read(result.reason)
        f = facts[pid]
        assert result.funded == (pid in selected)
        assert result.funded == name.startswith(("free", "greedy_funded", "mes_funded", "top_up"))
        if name == "nobody":
            assert support[pid] == 0
            continue
        if name in (
            "free",
            "greedy_funded",
            "greedy_too_dear",
            "greedy_not_funded",
            "mes_funded",
            "top_up",
        ):
            check_support(election, pid, g[0], g[1], g[2])
        assert (missed is not None) == (complete and rule != "greedy" and not result.funded)
        if missed:
            says(missed, end_left)
            assert costs[pid] > end_left
        if name == "free":
            assert costs[pid] == 0
        elif name == "greedy_funded":
            assert rule == "greedy"
            says(g[3], costs[pid])
            says(g[4], f["left"])
            assert (g[5] == "budget") == (f["left"] == budget)
            assert costs[pid] <= f["left"]
        elif name == "greedy_too_dear":
            assert rule == "greedy"
            says(g[3], costs[pid])
            says(g[4], budget)
            assert costs[pid] > budget
        elif name == "greedy_not_funded":
            assert rule == "greedy"
            says(g[3], costs[pid])
            says(g[4], f["left"])
            assert f["left"] < costs[pid] <= budget
            assert g[5] == ("votes" if election.is_approval else "points")
        elif name == "mes_funded":
            assert rule != "greedy"
            says(g[3], f["share"])
            says(g[4], costs[pid])
            says(g[5], max(f["paid"]))
            if g[6] == "each":
                assert len(set(f["paid"])) == 1
        elif name == "top_up":
            assert complete and rule != "greedy"
            says(g[4], f["left"])
            says(g[5], costs[pid])
            assert (g[3] == "After equal shares") == (f["left"] == after_shares)
            assert costs[pid] <= f["left"]
        else:  # not funded by equal shares
            assert rule != "greedy"
            assert int(g[0].replace(",", "")) == support[pid]
            if name == "never_enough":
                assert f["whole"] < costs[pid]
                says(g[1], f["share"])
                says(g[2], f["whole"])
                says(g[3], costs[pid])
                continue
            assert f["whole"] >= costs[pid]
            says(g[1], f["share"] if support[pid] == 1 else f["whole"])
            says(g[2], costs[pid])
            assert f["left_together"] < costs[pid]  # so it really could not be paid for
            if name == "spent_all":
                assert f["left_together"] == 0
            else:
                assert f["left_together"] > 0
                says(g[3], f["whole"] - f["left_together"])
                says(g[4], f["left_together"])

    if rule != "greedy" and n:
        m = re.match(
            rf"Each of the ([\d,]+) voters had an equal share of the {M} budget: {M} each\. "
            r"Each project was paid for by the people who voted for it\.(.*)"
            rf" {M} of {M} was spent\.$",
            out.summary,
        )
        assert m, out.summary
        assert int(m.group(1).replace(",", "")) == n
        says(m.group(2), budget)
        says(m.group(3), Fraction(budget, n))
        says(m.group(5), out.spent)
        says(m.group(6), budget)
        raised = re.fullmatch(
            rf" After that first count, money was left over\. So every voter's share was raised "
            rf"by {M}, to {M}, and the count was run again\. Shares go up £1 at a time until no "
            r"more projects fit, or one more step would cost more than the budget\.",
            m.group(4),
        )
        assert (raised is not None) == bool(step), m.group(4)
        if raised:
            says(raised.group(1), step)
            says(raised.group(2), share)
            first, _, _ = reference_mes(election, Fraction(budget, n))
            left_first = budget - spent_on(election, first)
            assert left_first > 0  # "money was left over"
        else:
            assert m.group(4) == ""


@st.composite
def elections(draw):
    num_projects = draw(st.integers(1, 5))
    ids = [f"p{i}" for i in range(num_projects)]
    projects = {pid: Project(pid, draw(st.integers(0, 60))) for pid in ids}
    budget = draw(st.integers(0, 150))
    voters = draw(st.integers(0, 10))
    if draw(st.booleans()):
        ballots = [
            draw(st.dictionaries(st.sampled_from(ids), st.integers(1, 4), max_size=num_projects))
            for _ in range(voters)
        ]
        return Election(budget, projects, points=ballots, kind="cumulative")
    ballots = [frozenset(draw(st.sets(st.sampled_from(ids)))) for _ in range(voters)]
    return Election(budget, projects, approvals=ballots)


@settings(max_examples=300, deadline=None)
@given(elections(), st.sampled_from(["greedy", "mes", "mes-add1"]), st.booleans())
def test_every_number_in_every_sentence_is_true(election, rule, complete):
    check_outcome(election, rule, complete)


def test_the_issue_12_example_is_checked_too():
    from test_reasons import issue_12_election

    for rule in ("mes", "mes-add1"):
        for complete in (False, True):
            check_outcome(issue_12_election(), rule, complete)
