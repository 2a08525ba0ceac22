"""Time Seedbed's vote counting against pabutools 1.2.3 on the largest real elections.

    uv run python benchmarks/bench_counting.py [PABULIB_DIR] [--runs N (5)]
    uv run python benchmarks/bench_counting.py [PABULIB_DIR] --table [--quick] ...

PABULIB_DIR defaults to $SEEDBED_PABULIB_DIR, else ../shared/pabulib beside the repository
(public data the project does not carry in its own history). When it is missing the
benchmark says so loudly and stops (exit 0), or fails (exit 2) when
SEEDBED_REQUIRE_SHARED=1.

The headline (issue 20), on Poland_Warszawa_2021_Bialoleka.pb and Poland_Poznan_2023.pb:

* ``python -m voting.core count FILE --rule mes --json``: the standalone recount, a whole
  fresh process (Python start-up, imports, reading the file, counting, printing JSON);
* ``python manage.py count_votes FILE --rule mes --json``: the same command from the web
  app's ``manage.py``, a whole fresh process (``manage.py`` runs it without loading Django:
  counting a file needs no settings, apps or database);
* pabutools in this process: ``parse_pabulib`` then ``method_of_equal_shares`` (Cost_Sat
  for approvals, Additive_Cardinal_Sat for points) with Seedbed's tie-break rule.

Best of N runs each. The bars (exit 1 when one is missed): both commands fund exactly the
projects pabutools funds, in the same order; both commands are at least 10x faster than
pabutools; ``manage.py count_votes --help`` answers in under 0.4 s; parsing takes under
0.15 s of CPU time per MB (wall time is printed too).

``--table`` prints the older in-process table instead: our greedy / mes / mes-add1 against
pabutools' on every file and a seeded synthetic city-scale election.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from voting.core import Election, Project, count, parse_pb, read_pb, write_pb  # noqa: E402

LARGEST = ("Poland_Warszawa_2021_Bialoleka.pb", "Poland_Poznan_2023.pb")
SPEED_UP_BAR = 10.0
PARSE_SECONDS_PER_MB_BAR = 0.15
HELP_SECONDS_BAR = 0.4


def default_folder() -> Path:
    configured = os.environ.get("SEEDBED_PABULIB_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "pabulib"


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
    from pabutools.election.pabulib import parse_pabulib, parse_pabulib_from_string
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
        "parse_file": parse_pabulib,
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


def table(args) -> int:
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


def fresh_process(command: list[str], runs: int, *, as_json: bool = True) -> tuple[float, dict]:
    """Best wall time of a whole fresh process, and its JSON output."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    best, data = float("inf"), {}
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603  (our own commands, no user input)
            command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600
        )
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
        data = json.loads(done.stdout) if as_json else {}
    return best, data


def help_time(runs: int) -> float:
    """Best wall time of ``manage.py count_votes --help`` in a fresh process."""
    seconds, _ = fresh_process(
        [sys.executable, "manage.py", "count_votes", "--help"], max(runs, 5), as_json=False
    )
    return seconds


def pabutools_mes(pabu, path: Path, runs: int) -> tuple[float, float, list[str]]:
    """Best time of pabutools reading the file and counting MES (and of counting alone)."""
    election = read_pb(path)
    support = election.supporters()
    tie = pabu["Tie"](lambda inst, prof, proj: (proj.cost, -support[proj.name], proj.name))
    sat = pabu["Cost_Sat"] if election.is_approval else pabu["Cardinal"]
    best_all = best_count = float("inf")
    names: list[str] = []
    for _ in range(runs):
        start = time.perf_counter()
        instance, profile = pabu["parse_file"](str(path))
        middle = time.perf_counter()
        result = pabu["mes"](instance, profile, sat_class=sat, tie_breaking=tie)
        end = time.perf_counter()
        best_all, best_count = min(best_all, end - start), min(best_count, end - middle)
        names = [p.name for p in result]
    return best_all, best_count, names


def parse_speed(path: Path, runs: int) -> tuple[float, float]:
    """Seconds per MB for parse_pb on the file's text: (wall time, CPU time), best of N.

    The bar is held on CPU time (``time.process_time``): on a shared machine the wall time
    also counts the time other processes held the CPU.
    """
    text = path.read_text(encoding="utf-8-sig")
    megabytes = len(text.encode()) / 1_000_000
    wall = cpu = float("inf")
    for _ in range(max(runs, 10)):
        start, start_cpu = time.perf_counter(), time.process_time()
        parse_pb(text)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall / megabytes, cpu / megabytes


def headline(args) -> int:
    folder = Path(args.folder)
    paths = [folder / name for name in LARGEST]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        message = (
            f"SHARED PABULIB DATA MISSING: {', '.join(str(p) for p in missing)}. The real "
            "elections live in ../shared/pabulib beside the repository (or give a folder, or "
            "set SEEDBED_PABULIB_DIR)."
        )
        print(f"\n!!! {message}\n", file=sys.stderr)
        return 2 if os.environ.get("SEEDBED_REQUIRE_SHARED") == "1" else 0
    pabu = load_pabutools()
    if pabu is None:
        print("\n!!! pabutools is not installed: the bars can not be checked.\n", file=sys.stderr)
        return 1
    runs = args.runs
    python = sys.executable
    header = [
        "election",
        "voters",
        "MB",
        "python -m voting.core",
        "manage.py count_votes",
        "pabutools read+MES",
        "(MES alone)",
        "speed-up core",
        "speed-up count_votes",
        "same",
        "parse s/MB (CPU)",
    ]
    rows = [header]
    failures = []
    for path in paths:
        election = read_pb(path)
        core_time, core = fresh_process(
            [python, "-m", "voting.core", "count", str(path), "--rule", "mes", "--json"], runs
        )
        django_time, django = fresh_process(
            [python, "manage.py", "count_votes", str(path), "--rule", "mes", "--json"], runs
        )
        theirs_all, theirs_count, theirs = pabutools_mes(pabu, path, runs)
        per_mb_wall, per_mb = parse_speed(path, runs)
        same = core["selected"] == theirs and django["selected"] == theirs
        speed_core = theirs_all / core_time
        speed_django = theirs_all / django_time
        rows.append(
            [
                path.stem,
                f"{election.num_voters:,}",
                f"{path.stat().st_size / 1_000_000:.2f}",
                fmt(core_time),
                fmt(django_time),
                fmt(theirs_all),
                fmt(theirs_count),
                f"{speed_core:.1f}x",
                f"{speed_django:.1f}x",
                "yes" if same else "NO",
                f"{per_mb_wall:.3f} ({per_mb:.3f})",
            ]
        )
        if not same:
            failures.append(f"{path.stem}: the projects funded differ from pabutools'")
        if speed_core < SPEED_UP_BAR:
            failures.append(
                f"{path.stem}: python -m voting.core is {speed_core:.1f}x faster than pabutools, "
                f"under the {SPEED_UP_BAR:.0f}x bar"
            )
        if speed_django < SPEED_UP_BAR:
            failures.append(
                f"{path.stem}: manage.py count_votes is {speed_django:.1f}x faster than "
                f"pabutools, under the {SPEED_UP_BAR:.0f}x bar"
            )
        if per_mb >= PARSE_SECONDS_PER_MB_BAR:
            failures.append(
                f"{path.stem}: parsing takes {per_mb:.3f} s of CPU per MB, over the "
                f"{PARSE_SECONDS_PER_MB_BAR} s bar"
            )
    help_seconds = help_time(runs)
    if help_seconds >= HELP_SECONDS_BAR:
        failures.append(
            f"manage.py count_votes --help took {help_seconds:.3f} s, over the "
            f"{HELP_SECONDS_BAR} s bar"
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    print(
        f"\nBest of {runs} run(s), wall time. Both commands are whole fresh processes; pabutools "
        "runs in this process (reading the file and counting; MES alone in brackets)."
    )
    print(
        f"manage.py count_votes --help: {help_seconds:.3f} s (bar {HELP_SECONDS_BAR} s).\n"
        f"Bars: same projects as pabutools; both commands at least {SPEED_UP_BAR:.0f}x "
        f"faster than pabutools; parsing under {PARSE_SECONDS_PER_MB_BAR} s of CPU per MB "
        "(wall time also shown; on a busy machine it counts other processes' turns)."
    )
    if failures:
        print("\nBARS MISSED:")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print("\nAll bars met.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default=str(default_folder()))
    parser.add_argument("--runs", type=int, default=5, help="best of N runs (default 5)")
    parser.add_argument(
        "--table", action="store_true", help="the in-process table of every file instead"
    )
    parser.add_argument("--quick", action="store_true", help="--table: small and fast")
    parser.add_argument("--voters", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pabutools-add1-limit",
        type=float,
        default=120.0,
        help="--table: skip pabutools' Add1 when it would take longer than this (seconds)",
    )
    args = parser.parse_args(argv)
    return table(args) if args.table else headline(args)


if __name__ == "__main__":
    sys.exit(main())
