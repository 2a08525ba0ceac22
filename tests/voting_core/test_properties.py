"""Property tests: feasibility and exhaustiveness on random elections."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from voting.core import Election, Project, count
from voting.core.pabulib import parse_pb, write_pb


@st.composite
def elections(draw, points: bool | None = None):
    num_projects = draw(st.integers(1, 6))
    ids = [f"p{i}" for i in range(num_projects)]
    projects = {pid: Project(pid, draw(st.integers(0, 60))) for pid in ids}
    budget = draw(st.integers(0, 150))
    voters = draw(st.integers(0, 12))
    use_points = draw(st.booleans()) if points is None else points
    if use_points:
        ballots = [
            draw(st.dictionaries(st.sampled_from(ids), st.integers(1, 5), max_size=num_projects))
            for _ in range(voters)
        ]
        return Election(budget, projects, points=ballots, kind="cumulative")
    ballots = [
        frozenset(draw(st.sets(st.sampled_from(ids), max_size=num_projects))) for _ in range(voters)
    ]
    return Election(budget, projects, approvals=ballots)


def _supported_left_out(election, outcome):
    support = election.supporters()
    return [
        pid
        for pid, p in election.projects.items()
        if support[pid] and pid not in outcome.selected and p.cost <= outcome.left_over
    ]


@settings(max_examples=200, deadline=None)
@given(elections())
def test_mes_never_overspends(election):
    out = count(election, "mes")
    assert out.spent == sum(election.projects[p].cost for p in out.selected) <= election.budget
    assert len(set(out.selected)) == len(out.selected)


@settings(max_examples=200, deadline=None)
@given(elections())
def test_greedy_is_exhaustive(election):
    out = count(election, "greedy")
    assert out.spent <= election.budget
    assert _supported_left_out(election, out) == []


@settings(max_examples=150, deadline=None)
@given(elections())
def test_mes_add1_feasible_and_at_least_mes_share(election):
    plain = count(election, "mes")
    out = count(election, "mes-add1")
    assert out.spent <= election.budget
    assert out.add1_steps is not None and out.add1_steps >= 0
    if out.add1_steps == 0:
        assert out.selected == plain.selected
    topped = count(election, "mes-add1", complete_greedily=True)
    assert topped.spent <= election.budget
    assert set(out.selected) <= set(topped.selected)
    assert _supported_left_out(election, topped) == []


@settings(max_examples=100, deadline=None)
@given(elections())
def test_round_trip(election):
    assert parse_pb(write_pb(election)) == election


@settings(max_examples=100, deadline=None)
@given(elections())
def test_every_project_has_a_reason(election):
    for rule in ("greedy", "mes", "mes-add1"):
        out = count(election, rule)
        assert set(out.results) == set(election.projects)
        for pid, result in out.results.items():
            assert result.funded == (pid in out.selected)
            assert result.reason.startswith("Funded" if result.funded else "Not funded")
