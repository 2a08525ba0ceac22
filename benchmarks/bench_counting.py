"""Time Seedbed's counting core against pabutools, on real and synthetic elections.

    uv run python benchmarks/bench_counting.py [PABULIB_DIR] [--runs N] [--quick]
        [--voters 50000] [--projects 200] [--seed 1] [--pabutools-add1-limit SECONDS]

PABULIB_DIR defaults to $SEEDBED_PABULIB_DIR. For each .pb file (and a seeded random
city-scale election) it prints the best-of-N time of our greedy / mes / mes-add1 and of
pabutools' greedy_utilitarian_welfare and method_of_equal_shares (Cost_Sat for
approval ballots, Additive_Cardinal_Sat for points; voter_budget_increment=1 for
Add1), the speed-up, and whether the funded sets are identical. Ordinal files are
counted by us only (pabutools' MES has no matching utility for Borda points).

pabutools' Add1 runs MES once per one-unit step; where that would take too long it is
skipped ("-") unless --pabutools-add1-limit allows it (a first single run gives the
estimate).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from voting.core import Election, Project, count, read_pb, write_pb  # noqa: E402


def best_of(runs: int, func):
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def load_pabutools():
    try:
        import pulp

        # pabutools 1.2.3 imports names that pulp 4 dropped (only used by ILP rules).
        for name, value in {
            "PULP_CBC_CMD": getattr(pulp, "COIN_CMD", None),
            "LpStatusOptimal": 1,
            "LpStatusNotSolved": 0,
        }.items():
            if not hasattr(pulp, name):
                setattr(pulp, name, value)
        import pabutools  # noqa: F401
    except ImportError:
        return None
    from pabutools.election import Additive_Cardinal_Sat, AdditiveSatisfaction, Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    class PointsTimesCost(AdditiveSatisfaction):
        """Greedy by total points (pabutools' greedy divides by cost)."""

        def __init__(self, instance, profile, ballot):
            super().__init__(
                instance, profile, ballot, lambda i, p, b, proj, pre: b.get(proj, 0) * proj.cost
            )

    return {
        "parse": parse_pabulib_from_string,
        "greedy": greedy_utilitarian_welfare,
        "mes": method_of_equal_shares,
        "Tie": TieBreakingRule,
        "Cost_Sat": Cost_Sat,
        "Cardinal": Additive_Cardinal_Sat,
        "PointsTimesCost": PointsTimesCost,
    }


def synthetic(voters: int, projects: int, seed: int) -> Election:
    """A city-scale approval election: popular and niche projects, 1-8 approvals each."""
    rng = random.Random(seed)
    ids = [f"P{i:03d}" for i in range(projects)]
    costs = {pid: rng.choice([5, 10, 20, 40, 80, 150]) * 1000 for pid in ids}
    weights = [rng.paretovariate(1.2) for _ in ids]
    ballots = []
    for _ in range(voters):
        k = rng.randint(1, 8)
        ballots.append(frozenset(rng.choices(ids, weights=weights, k=k)))
    budget = sum(costs.values()) // 5
    return Election(
        budget,
        {pid: Project(pid, cost) for pid, cost in costs.items()},
        approvals=ballots,
        meta={"description": f"synthetic, seed {seed}"},
    )


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f}ms" if seconds < 1 else f"{seconds:.2f}s"


def ratio(theirs: float | None, ours: float) -> str:
    if theirs is None:
        return "-"
    return f"{theirs / max(ours, 1e-9):.0f}x"


def bench(name: str, election: Election, pabu, runs: int, add1_limit: float) -> list[str]:
    ours = {}
    outcomes = {}
    for rule in ("greedy", "mes", "mes-add1"):
        ours[rule], outcomes[rule] = best_of(runs, lambda r=rule: count(election, r))
    theirs: dict[str, float | None] = dict.fromkeys(ours)
    same: dict[str, str] = dict.fromkeys(ours, "-")
    if pabu is not None and election.kind != "ordinal":
        instance, profile = pabu["parse"](write_pb(election))
        support = election.supporters()
        tie = pabu["Tie"](lambda inst, prof, proj: (proj.cost, -support[proj.name], proj.name))
        approval = election.is_approval
        mes_sat = pabu["Cost_Sat"] if approval else pabu["Cardinal"]
        greedy_sat = pabu["Cost_Sat"] if approval else pabu["PointsTimesCost"]

        def their_greedy():
            return pabu["greedy"](instance, profile, sat_class=greedy_sat, tie_breaking=tie)

        def their_mes(increment=None):
            return pabu["mes"](
                instance,
                profile,
                sat_class=mes_sat,
                tie_breaking=tie,
                voter_budget_increment=increment,
            )

        theirs["greedy"], result = best_of(runs, their_greedy)
        names = {p.name for p in result if support[p.name] > 0}
        same["greedy"] = "yes" if names == set(outcomes["greedy"].selected) else "NO"
        theirs["mes"], result = best_of(runs, their_mes)
        same["mes"] = "yes" if [p.name for p in result] == outcomes["mes"].selected else "NO"
        steps = outcomes["mes-add1"].add1_steps or 0
        estimate = theirs["mes"] * (steps + 2)
        if estimate <= add1_limit:
            theirs["mes-add1"], result = best_of(1, lambda: their_mes(1))
            same["mes-add1"] = (
                "yes" if {p.name for p in result} == set(outcomes["mes-add1"].selected) else "NO"
            )
        else:
            same["mes-add1"] = f"(~{fmt(estimate)})"
    row = [name[:44], election.kind, f"{election.num_voters:,}", str(len(election.projects))]
    for rule in ("greedy", "mes", "mes-add1"):
        row += [fmt(ours[rule]), fmt(theirs[rule]), ratio(theirs[rule], ours[rule]), same[rule]]
    row.append(str(outcomes["mes-add1"].add1_steps))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "folder",
        nargs="?",
        default=os.environ.get("SEEDBED_PABULIB_DIR")
        or str(Path(__file__).resolve().parent.parent / "tests" / "data" / "pabulib"),
    )
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--quick", action="store_true", help="small and fast, for CI")
    parser.add_argument("--voters", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pabutools-add1-limit",
        type=float,
        default=120.0,
        help="skip pabutools' Add1 when it would take longer than this (seconds)",
    )
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    voters = min(args.voters, 2_000) if args.quick else args.voters
    projects = min(args.projects, 40) if args.quick else args.projects
    add1_limit = min(args.pabutools_add1_limit, 5.0) if args.quick else args.pabutools_add1_limit

    pabu = load_pabutools()
    if pabu is None:
        print("pabutools is not installed: timing Seedbed only.")
    elections: list[tuple[str, Election]] = []
    if args.folder:
        folder = Path(args.folder)
        files = sorted(folder.glob("*.pb"))
        if not files:
            print(f"no .pb files in {folder}", file=sys.stderr)
        for path in files:
            if args.quick and path.stat().st_size > 200_000:
                continue
            elections.append((path.stem, read_pb(path)))
    else:
        print("no Pabulib folder given (argument or SEEDBED_PABULIB_DIR): synthetic only.")
    elections.append(
        (
            f"synthetic {voters:,} voters x {projects} projects",
            synthetic(voters, projects, args.seed),
        )
    )

    header = ["election", "kind", "voters", "proj"]
    for rule in ("greedy", "mes", "add1"):
        header += [f"{rule} ours", "pabutools", "speed-up", "same"]
    header.append("add1 steps")
    rows = [header]
    for name, election in elections:
        rows.append(bench(name, election, pabu, runs, add1_limit))
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    print(
        f"\nBest of {runs} run(s), time.perf_counter. '-' = not run; '(~t)' = pabutools' Add1 "
        "skipped, estimated at t (one MES run per step)."
    )
    bad = any("NO" in row for row in rows[1:])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
