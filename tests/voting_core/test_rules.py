"""Hand-worked examples for greedy, MES and MES + Add1."""

from __future__ import annotations

from fractions import Fraction

import pytest

from voting.core import Election, Project, count


def projects(**costs: int) -> dict[str, Project]:
    return {pid: Project(pid, cost) for pid, cost in costs.items()}


def approvals(*groups: tuple[int, str]) -> list[frozenset[str]]:
    ballots: list[frozenset[str]] = []
    for times, ids in groups:
        ballots += [frozenset(ids.split())] * times
    return ballots


def classic() -> Election:
    # The classic example where greedy and equal shares differ: 60 people like the
    # big projects a, b, c; 40 people like the small d, e. Budget 100, 100 voters.
    return Election(
        budget=100,
        projects=projects(a=40, b=40, c=40, d=30, e=30),
        approvals=approvals((60, "a b c"), (40, "d e")),
    )


def test_greedy_funds_the_majority_only():
    out = count(classic(), "greedy")
    assert out.selected == ["a", "b"]
    assert out.spent == 80
    assert not out.results["d"].funded


def test_mes_is_proportional():
    out = count(classic(), "mes")
    # Each voter has a share of 1. rho (price per unit of utility, utility = cost):
    # a: (40 / 60) / 40 = 1/60; d: (30 / 40) / 30 = 1/40. The lower rho goes first.
    # After a, the 60 have 1/3 each (20 together): too little for b or c. The 40 then
    # pay 30 for d (3/4 each) and have 10 left together: too little for e.
    assert out.selected == ["a", "d"]
    assert out.spent == 70
    assert out.voter_share == 1
    assert out.results["a"].max_share_paid == Fraction(2, 3)
    assert out.results["d"].max_share_paid == Fraction(3, 4)
    assert out.results["b"].reason == (
        "Not funded: the 60 people who voted for it had equal shares worth £60 together, "
        "enough for its £40 cost. But they had spent £40 of that on other projects they "
        "voted for, so only £20 was left."
    )


def test_mes_add1_spends_more():
    out = count(classic(), "mes-add1")
    # With share 1: {a, d} (70). Share 2 (one more unit each): 60 people have 120,
    # enough for a, b, c (but total would be 120 > 100)... the loop stops before.
    assert set(out.selected) >= {"a", "d"}
    assert out.spent <= 100
    greedy = count(classic(), "mes-add1", complete_greedily=True)
    assert greedy.spent <= 100
    assert greedy.left_over < min(40, 30) or set(greedy.selected) == set("abcde")


def test_ties_lower_cost_then_more_supporters_then_id():
    election = Election(
        budget=10,
        projects=projects(x=10, y=10, z=10),
        approvals=approvals((2, "x"), (2, "y"), (2, "z")),
    )
    assert count(election, "greedy").selected == ["x"]
    assert count(election, "mes").selected == []  # nobody can afford alone
    election = Election(
        budget=12,
        projects=projects(x=6, y=6, z=4),
        approvals=approvals((3, "x y z")),
    )
    # Greedy: all have 3 votes; cheaper z first, then x before y by id.
    assert count(election, "greedy").selected == ["z", "x"]


def test_tie_more_supporters_wins_at_same_cost_and_rho():
    # MES: p has 2 supporters, q has 4 and both cost the same; rho is lower for q anyway.
    election = Election(
        budget=8,
        projects=projects(p=4, q=4),
        approvals=approvals((2, "p"), (4, "q"), (2, "")),
    )
    assert count(election, "greedy").selected == ["q", "p"]


def test_exact_arithmetic_thirds():
    # 3 voters, budget 10: shares are 10/3 each, never a float.
    election = Election(budget=10, projects=projects(a=7, b=3), approvals=approvals((3, "a b")))
    out = count(election, "mes")
    assert out.voter_share == Fraction(10, 3)
    assert out.selected == ["b", "a"] or out.selected == ["a", "b"]
    assert out.spent == 10
    assert isinstance(out.results["a"].max_share_paid, Fraction | int)


def test_points_ballots_mes_uses_points_as_utilities():
    election = Election(
        budget=100,
        projects=projects(a=50, b=50, c=50),
        points=[{"a": 3}, {"a": 2, "b": 1}, {"b": 3}, {"c": 3}],
        kind="cumulative",
    )
    greedy = count(election, "greedy")
    assert greedy.selected == ["a", "b"]  # 5 points, 4 points
    mes = count(election, "mes")
    assert mes.spent <= 100
    assert all(mes.results[p].support for p in mes.selected)


def test_nobody_voted_is_never_funded():
    election = Election(budget=100, projects=projects(a=10, b=10), approvals=approvals((5, "a")))
    for rule in ("greedy", "mes", "mes-add1"):
        out = count(election, rule)
        assert out.selected == ["a"]
        assert out.results["b"].reason == "Not funded: nobody voted for it."


def test_free_projects_are_funded():
    election = Election(budget=5, projects=projects(a=0, b=10), approvals=approvals((2, "a b")))
    for rule in ("greedy", "mes", "mes-add1"):
        assert count(election, rule).selected == ["a"]


def test_no_voters():
    election = Election(budget=5, projects=projects(a=1), approvals=[])
    for rule in ("greedy", "mes", "mes-add1"):
        assert count(election, rule).selected == []


def test_unknown_rule():
    with pytest.raises(ValueError):
        count(classic(), "borda")
