"""Mutation check on the money and permission code: do the tests notice when the code is wrong?

Each *mutant* is a copy of one function with one small change: a comparison turned round
(`>` to `>=`, `==` to `!=`, `in` to `not in`), sums the wrong way (`+` to `-`), `and` to `or`,
a `not` dropped, an `if` reversed, a number off by one, `True` to `False`. A mutant is *killed*
when one of the focused tests fails (or takes too long); it *survives* when they all pass,
which means a mistake of that kind could be made in that line and no test would say so.

    uv run python benchmarks/mutation.py                 # every target, with its tests
    uv run python benchmarks/mutation.py --list          # the mutants, without running tests
    uv run python benchmarks/mutation.py --target awards/permissions.py --max-minutes 5

It prints the score (killed ÷ mutants run) per file and in all, and each survivor's line and
change, and exits non-zero when the score is below --bar (default: the score last reached,
see BAR). Not part of the normal test run: it runs the focused tests once per mutant.

How it runs (light on a shared machine): ONE child process runs pytest once, sets Django and
the test database up once, and then, inside that one session, for each mutant swaps the
changed function's compiled code into the live function objects (`function.__code__`, so every
module that imported the function sees the change), runs that target's tests until the first
failure, and puts the code back. Only code inside functions is changed; the source files on
disk never are. --max-minutes caps the whole run (mutants not reached are reported as such).
"""

import argparse
import ast
import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import types
from dataclasses import asdict, dataclass
from pathlib import Path

from _pytest.runner import runtestprotocol

ROOT = Path(__file__).resolve().parent.parent

# The code under test, and the focused, fast tests that should catch a mistake in it.
MONEY_TESTS = [
    "tests/grants/test_payments.py",
    "tests/awards/test_ledger.py",
    "tests/awards/test_recoveries_and_figures.py",
    "tests/awards/test_money_edges.py",
    "tests/journeys/test_cancelled_award.py",
]
PERMISSION_TESTS = [
    "tests/grants/test_permissions.py",
    "tests/grants/test_award_pages.py",
    "tests/grants/test_payments.py",
    "tests/hardening/test_permission_rules.py",
]
TARGETS = {
    "awards/services/payments.py": MONEY_TESTS,
    "awards/services/recoveries.py": MONEY_TESTS,
    "awards/permissions.py": PERMISSION_TESTS,
    "core/permissions.py": PERMISSION_TESTS,
}
BAR = 0.96  # the score to keep: the last full run killed 92 of 95 (see docs/testing.md)
SECONDS_PER_MUTANT = 120


# --------------------------------------------------------------------------------------------
# Finding mutants
# --------------------------------------------------------------------------------------------
@dataclass
class Mutant:
    path: str
    index: int  # which node, in ast.walk order
    variant: int  # which change to that node
    line: int
    change: str


SWAP_COMPARE = {
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
    ast.Lt: [ast.LtE, ast.Gt],
    ast.LtE: [ast.Lt, ast.Gt],
    ast.Gt: [ast.GtE, ast.Lt],
    ast.GtE: [ast.Gt, ast.Lt],
    ast.In: [ast.NotIn],
    ast.NotIn: [ast.In],
    ast.Is: [ast.IsNot],
    ast.IsNot: [ast.Is],
}
SWAP_BINARY = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div], ast.Div: [ast.Mult]}
SYMBOL = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+",
    ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.And: "and", ast.Or: "or",
}  # fmt: skip


def _skipped_nodes(tree):
    """Nodes never mutated: docstrings, f-string parts, and everything outside functions."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(n) for n in ast.walk(node))
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return skip, inside


def _changes(node):
    """The changes that can be made to one node: [(description, apply(node))]."""
    found = []
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = type(node.ops[0])
        for new in SWAP_COMPARE.get(op, []):
            found.append((f"{SYMBOL[op]} -> {SYMBOL[new]}", lambda n, new=new: _set_op(n, new)))
    elif isinstance(node, ast.BinOp) and type(node.op) in SWAP_BINARY:
        op = type(node.op)
        for new in SWAP_BINARY[op]:
            found.append((f"{SYMBOL[op]} -> {SYMBOL[new]}", lambda n, new=new: _set_binop(n, new)))
    elif isinstance(node, ast.BoolOp):
        op = type(node.op)
        new = ast.Or if op is ast.And else ast.And
        found.append((f"{SYMBOL[op]} -> {SYMBOL[new]}", lambda n, new=new: _set_boolop(n, new)))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        found.append(("drop `not`", None))
    elif isinstance(node, (ast.If, ast.IfExp)):
        found.append(("reverse the `if`", _negate_test))
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        found.append((f"{node.value} -> {not node.value}", _flip_bool))
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        found.append((f"{node.value} -> {node.value + 1}", _plus_one))
    return found


def _set_op(node, new):
    node.ops = [new()]


def _set_binop(node, new):
    node.op = new()


def _set_boolop(node, new):
    node.op = new()


def _negate_test(node):
    node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)


def _flip_bool(node):
    node.value = not node.value


def _plus_one(node):
    node.value = node.value + 1


def find_mutants(path):
    source = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip, inside = _skipped_nodes(tree)
    mutants = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip or id(node) not in inside:
            continue
        for variant, (change, _apply) in enumerate(_changes(node)):
            mutants.append(Mutant(path, index, variant, getattr(node, "lineno", 0), change))
    return mutants


class _DropNot(ast.NodeTransformer):
    def __init__(self, target):
        self.target = target

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return node.operand if node is self.target else node


def mutated_tree(mutant):
    tree = ast.parse((ROOT / mutant.path).read_text(encoding="utf-8"))
    node = list(ast.walk(tree))[mutant.index]
    change, apply = _changes(node)[mutant.variant]
    assert change == mutant.change, (change, mutant)
    if apply is None:
        tree = _DropNot(node).visit(tree)
    else:
        apply(node)
    return ast.fix_missing_locations(tree)


# --------------------------------------------------------------------------------------------
# Swapping code into live functions (runs inside the pytest child)
# --------------------------------------------------------------------------------------------
def _codes(code, found=None):
    """Every code object in a compiled module, by (qualified name, first line)."""
    found = {} if found is None else found
    found[(code.co_qualname, code.co_firstlineno)] = code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _codes(const, found)
    return found


class Swapper:
    """Finds the live function objects defined in the target files, and swaps a mutant's
    changed code into them (and back)."""

    def __init__(self, paths):
        files = {str(ROOT / p) for p in paths}
        self.live = {}
        for obj in gc.get_objects():
            if isinstance(obj, types.FunctionType) and obj.__code__.co_filename in files:
                code = obj.__code__
                key = (code.co_filename, code.co_qualname, code.co_firstlineno)
                self.live.setdefault(key, []).append(obj)
        self.clean = {}
        for path in paths:
            filename = str(ROOT / path)
            tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
            self.clean[path] = _codes(compile(tree, filename, "exec"))

    def apply(self, mutant):
        """Swap in the mutant's code; returns what to put back (empty: nothing live changed)."""
        filename = str(ROOT / mutant.path)
        changed = _codes(compile(mutated_tree(mutant), filename, "exec"))
        undo = []
        for key, code in changed.items():
            clean = self.clean[mutant.path].get(key)
            if clean is None or clean == code or key[0] == "<module>":
                continue
            for func in self.live.get((filename, *key), []):
                if len(func.__code__.co_freevars) != len(code.co_freevars):
                    continue
                undo.append((func, func.__code__))
                func.__code__ = code
        return undo

    @staticmethod
    def undo(undo):
        for func, code in undo:
            func.__code__ = code


class _TooLong(Exception):
    pass


def _alarm(_signum, _frame):
    raise _TooLong


def _run_items(items):
    """Run `items` in this session until one fails. True when all passed. Whatever happens,
    the session is left set up for `items[0]` (the database stays; the rest is torn down)."""
    state = items[0].session._setupstate
    state.teardown_exact(items[0])
    for i, item in enumerate(items):
        nextitem = items[i + 1] if i + 1 < len(items) else items[0]
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
        if any(report.failed for report in reports):
            state.teardown_exact(items[0])
            return False
    return True


class MutationPlugin:
    """Loaded into the pytest child with `-p benchmarks.mutation`: runs every mutant."""

    def __init__(self, plan):
        self.plan = plan

    def pytest_runtestloop(self, session):
        plan = self.plan
        started, deadline = time.monotonic(), time.monotonic() + plan["max_seconds"]
        items = list(session.items)
        results = {"baseline": {}, "mutants": []}
        by_target = {
            path: [i for i in items if any(i.nodeid.startswith(t) for t in tests)]
            for path, tests in plan["targets"].items()
        }
        for path, chosen in by_target.items():
            results["baseline"][path] = len(chosen) > 0 and _run_items(chosen)
        swapper = Swapper(list(plan["targets"]))
        signal.signal(signal.SIGALRM, _alarm)
        for raw in plan["mutants"]:
            mutant = Mutant(**raw)
            outcome = "not reached"
            if time.monotonic() < deadline and results["baseline"][mutant.path]:
                undo = swapper.apply(mutant)
                if not undo:
                    outcome = "not live"
                else:
                    signal.alarm(SECONDS_PER_MUTANT)
                    try:
                        passed = _run_items(by_target[mutant.path])
                        outcome = "survived" if passed else "killed"
                    except _TooLong:
                        chosen = by_target[mutant.path]
                        session._setupstate.teardown_exact(chosen[0])
                        outcome = "killed (too slow)"
                    finally:
                        signal.alarm(0)
                        swapper.undo(undo)
            results["mutants"].append({**raw, "outcome": outcome})
        results["seconds"] = round(time.monotonic() - started)
        Path(plan["results"]).write_text(json.dumps(results, indent=1), encoding="utf-8")
        return True


def pytest_configure(config):
    plan_file = os.environ.get("SEEDBED_MUTATION_PLAN")
    if plan_file:
        plan = json.loads(Path(plan_file).read_text(encoding="utf-8"))
        config.pluginmanager.register(MutationPlugin(plan), "seedbed-mutation")


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------
def run(targets, mutants, max_minutes):
    with tempfile.TemporaryDirectory() as folder:
        plan = {
            "targets": {path: TARGETS[path] for path in targets},
            "mutants": [asdict(m) for m in mutants],
            "max_seconds": max_minutes * 60,
            "results": str(Path(folder) / "results.json"),
        }
        plan_file = Path(folder) / "plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        tests = sorted({t for path in targets for t in TARGETS[path] if (ROOT / t).exists()})
        env = {**os.environ, "SEEDBED_MUTATION_PLAN": str(plan_file), "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["-p", "benchmarks.mutation", "-o", "addopts=", *tests]
        child = subprocess.run(  # noqa: S603  (our own test run)
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        results_file = Path(plan["results"])
        if not results_file.exists():
            print(child.stdout[-5000:], child.stderr[-5000:])
            raise SystemExit("The test run ended before the mutants were tried.")
        return json.loads(results_file.read_text(encoding="utf-8"))


def report(results, bar):
    for path, passed in results["baseline"].items():
        if not passed:
            print(f"BASELINE FAILS for {path}: its tests fail without any mutant; fix them first.")
    rows = results["mutants"]
    print(f"\nMutation check ({results['seconds']} s)\n")
    print(f"{'file':34} {'mutants':>8} {'killed':>7} {'survived':>9} {'not live':>9} {'score':>6}")
    total_killed = total_run = 0
    for path in dict.fromkeys(r["path"] for r in rows):
        mine = [r for r in rows if r["path"] == path]
        killed = sum(r["outcome"].startswith("killed") for r in mine)
        survived = sum(r["outcome"] == "survived" for r in mine)
        not_live = sum(r["outcome"] == "not live" for r in mine)
        total_killed, total_run = total_killed + killed, total_run + killed + survived
        score = killed / (killed + survived) if killed + survived else 0
        print(f"{path:34} {len(mine):8} {killed:7} {survived:9} {not_live:9} {score:6.0%}")
    score = total_killed / total_run if total_run else 0
    missed = sum(r["outcome"] == "not reached" for r in rows)
    print(f"\nScore: {total_killed} of {total_run} mutants killed = {score:.1%}")
    if missed:
        print(f"{missed} mutants not reached before the time cap (raise --max-minutes).")
    print("\nSurvivors (a change no focused test noticed):")
    for r in rows:
        if r["outcome"] == "survived":
            line = (ROOT / r["path"]).read_text(encoding="utf-8").splitlines()[r["line"] - 1]
            print(f"  {r['path']}:{r['line']}: {r['change']:18} | {line.strip()[:90]}")
    failed = score < bar or any(not ok for ok in results["baseline"].values())
    if score < bar:
        print(f"\nBelow the bar: {score:.1%} < {bar:.1%}")
    return 1 if failed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", action="append", choices=sorted(TARGETS))
    parser.add_argument("--max-minutes", type=float, default=30)
    parser.add_argument("--bar", type=float, default=BAR, help="lowest score to pass (0 to 1)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)
    targets = args.target or list(TARGETS)
    mutants = [m for path in targets for m in find_mutants(path)]
    if args.list:
        for m in mutants:
            print(f"{m.path}:{m.line}: {m.change}")
        print(f"{len(mutants)} mutants")
        return 0
    print(f"{len(mutants)} mutants in {len(targets)} files; one test process; "
          f"at most {args.max_minutes:g} minutes.")  # fmt: skip
    return report(run(targets, mutants, args.max_minutes), args.bar)


if __name__ == "__main__":
    sys.exit(main())
