"""Agreement with pabutools (the reference implementation) on real Pabulib files.

Every non-ordinal file of the real elections ($SEEDBED_PABULIB_DIR, else
../shared/pabulib beside the repository) is counted by both, for greedy, mes and mes-add1;
the funded sets must be the same. pabutools is configured with our tie-breaking rule
(lower cost, then more supporters, then the id that sorts first).

Two documented differences are accounted for:
* pabutools' greedy also funds projects nobody voted for if money is left at the very
  end (their "satisfaction density" is 0); we never fund them, so they are removed from
  pabutools' answer (they come last, so they cannot change anything else).
* Our greedy ranks points ballots by total points; pabutools' greedy ranks by
  points per unit of cost. We give pabutools a satisfaction of points x cost so that
  its density is the total points.
* mes-add1: pabutools tries every one-unit step, one full run each. On files where
  that would take too long (Budapest: 153,144 steps) we start pabutools' loop a few
  steps before the step we stopped at, and check the plain MES outcome at our step.
"""

from __future__ import annotations

import time

import pytest
from voting_core_helpers import import_pabutools, pabulib_files, pabulib_params

from voting.core import count, read_pb

FILES = pabulib_files()


def _load(path):
    import_pabutools()
    from pabutools.election import (
        Additive_Cardinal_Sat,
        AdditiveSatisfaction,
        Cost_Sat,
        parse_pabulib,
    )
    from pabutools.tiebreaking import TieBreakingRule

    instance, profile = parse_pabulib(str(path))
    ours = read_pb(path)
    support = ours.supporters()
    tie = TieBreakingRule(lambda inst, prof, proj: (proj.cost, -support[proj.name], proj.name))
    approval = ours.is_approval

    class PointsTimesCost(AdditiveSatisfaction):
        def __init__(self, instance, profile, ballot):
            super().__init__(
                instance, profile, ballot, lambda i, p, b, proj, pre: b.get(proj, 0) * proj.cost
            )

    mes_sat = Cost_Sat if approval else Additive_Cardinal_Sat
    greedy_sat = Cost_Sat if approval else PointsTimesCost
    return instance, profile, ours, tie, mes_sat, greedy_sat, support


NON_ORDINAL = pabulib_params(
    [f for f in FILES if "vote_type;ordinal" not in f.read_text(encoding="utf-8-sig")]
)


@pytest.mark.parametrize("path", NON_ORDINAL, ids=lambda p: p.stem)
def test_greedy_agrees(path):
    instance, profile, ours, tie, _, greedy_sat, support = _load(path)
    from pabutools.rules import greedy_utilitarian_welfare

    theirs = greedy_utilitarian_welfare(instance, profile, sat_class=greedy_sat, tie_breaking=tie)
    theirs = {p.name for p in theirs if support[p.name] > 0}
    assert set(count(ours, "greedy").selected) == theirs


@pytest.mark.parametrize("path", NON_ORDINAL, ids=lambda p: p.stem)
def test_mes_agrees(path):
    instance, profile, ours, tie, mes_sat, _, _ = _load(path)
    from pabutools.rules import method_of_equal_shares

    theirs = method_of_equal_shares(instance, profile, sat_class=mes_sat, tie_breaking=tie)
    outcome = count(ours, "mes")
    assert outcome.selected == [p.name for p in theirs]  # same order too


@pytest.mark.parametrize("path", NON_ORDINAL, ids=lambda p: p.stem)
def test_mes_add1_agrees(path):
    instance, profile, ours, tie, mes_sat, _, _ = _load(path)
    from pabutools.fractions import frac
    from pabutools.rules import method_of_equal_shares
    from pabutools.rules.budgetallocation import BudgetAllocation
    from pabutools.rules.mes.mes_rule import method_of_equal_shares_scheme

    start = time.perf_counter()
    outcome = count(ours, "mes-add1")
    assert time.perf_counter() - start < 60
    n = profile.num_ballots()
    step = outcome.add1_steps
    cheap = step <= 60 or n * step <= 250_000
    if cheap:
        theirs = method_of_equal_shares(
            instance, profile, sat_class=mes_sat, tie_breaking=tie, voter_budget_increment=1
        )
        assert {p.name for p in theirs} == set(outcome.selected)
        return
    sat_profile = profile.as_sat_profile(mes_sat)
    binary = ours.is_approval
    # pabutools' own loop, started 3 steps before ours stopped (or at 0).
    begin = max(step - 3, 0)
    theirs = method_of_equal_shares_scheme(
        instance,
        profile,
        sat_profile,
        frac(instance.budget_limit, n) + begin,
        BudgetAllocation(),
        tie,
        voter_budget_increment=1,
        binary_sat=binary,
    )
    assert {p.name for p in theirs} == set(outcome.selected)
    # And the plain MES run at our final share gives our outcome.
    plain = method_of_equal_shares_scheme(
        instance,
        profile,
        sat_profile,
        frac(instance.budget_limit, n) + step,
        BudgetAllocation(),
        tie,
        binary_sat=binary,
    )
    assert {p.name for p in plain} == set(outcome.selected)


# Random small elections: the Add1 step-skipping must give exactly pabutools' answer.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from voting.core import Election, Project, write_pb  # noqa: E402


@st.composite
def _elections(draw):
    num = draw(st.integers(1, 6))
    ids = [f"p{i}" for i in range(num)]
    projects = {pid: Project(pid, draw(st.integers(1, 400))) for pid in ids}
    budget = draw(st.integers(1, 900))
    voters = draw(st.integers(1, 9))
    if draw(st.booleans()):
        # (pabutools' reader can not read an empty points ballot, so none are empty)
        ballots = [
            draw(st.dictionaries(st.sampled_from(ids), st.integers(1, 4), min_size=1))
            for _ in range(voters)
        ]
        return Election(budget, projects, points=ballots, kind="cumulative")
    ballots = [frozenset(draw(st.sets(st.sampled_from(ids), max_size=num))) for _ in range(voters)]
    return Election(budget, projects, approvals=ballots)


@settings(max_examples=150, deadline=None)
@given(_elections())
def test_random_elections_agree(election):
    import_pabutools()
    from pabutools.election import Additive_Cardinal_Sat, Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    instance, profile = parse_pabulib_from_string(write_pb(election))
    support = election.supporters()
    tie = TieBreakingRule(lambda inst, prof, proj: (proj.cost, -support[proj.name], proj.name))
    sat = Cost_Sat if election.is_approval else Additive_Cardinal_Sat
    mes = method_of_equal_shares(instance, profile, sat_class=sat, tie_breaking=tie)
    assert count(election, "mes").selected == [p.name for p in mes]
    add1 = method_of_equal_shares(
        instance, profile, sat_class=sat, tie_breaking=tie, voter_budget_increment=1
    )
    assert set(count(election, "mes-add1").selected) == {p.name for p in add1}
