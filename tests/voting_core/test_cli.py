"""`python -m voting.core count FILE.pb` runs on its own: no Django, no settings, no database."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest
from voting_core_helpers import REPO

from voting.core import Election, Project, count, read_pb, write_pb

CORE = REPO / "voting" / "core"


def election() -> Election:
    return Election(
        budget=1_000,
        projects={"hall": Project("hall", 600), "bench": Project("bench", 200)},
        approvals=[frozenset({"hall", "bench"})] * 5 + [frozenset({"bench"})] * 5,
        meta={"currency": "GBP"},
    )


def run_core(*args: str, importtime: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env["PYTHONPATH"] = str(REPO)
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(  # noqa: S603  (our own module, no user input)
        [sys.executable, *flags, "-m", "voting.core", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_core_imports_nothing_from_django():
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith("django"), f"{path.name} imports {name}"
                assert getattr(node, "level", 0) or not name.startswith(
                    ("voting.", "grants", "panels")
                ), f"{path.name} imports {name}: the core uses only itself"


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
def test_count_runs_in_a_fresh_process_without_django(tmp_path, rule):
    path = tmp_path / "vote.pb"
    write_pb(election(), path)
    done = run_core("count", str(path), "--rule", rule, "--json", importtime=True)
    assert done.returncode == 0, done.stderr
    imported = [
        line.split("|")[-1].strip() for line in done.stderr.splitlines() if "import time:" in line
    ]
    assert "voting.core.cli" in imported  # -X importtime did list the imports
    assert not [name for name in imported if name.split(".")[0] == "django"]
    data = json.loads(done.stdout)
    expected = count(read_pb(path), rule)
    assert data["selected"] == expected.selected
    assert data["spent"] == expected.spent and data["rule"] == rule
    assert data["tie_break"] == "lower_cost_then_more_supporters_then_id"
    assert data["results"]["bench"]["reason"] == expected.results["bench"].reason


def test_plain_text_output(tmp_path):
    path = tmp_path / "vote.pb"
    write_pb(election(), path)
    done = run_core("count", str(path), "--rule", "mes-add1", "--complete-greedily")
    assert done.returncode == 0, done.stderr
    assert "Spent 800 of 1000" in done.stdout
    assert "hall: Funded" in done.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        (b"", "The file is empty"),
        (b"\x80\x81\x00", "This file is not a Pabulib .pb file: it is not text"),
        (b"META\nkey;value\nbudget;lots\n", "budget: 'lots' is not a number"),
    ],
)
def test_bad_files_get_a_plain_message_and_exit_1(tmp_path, content, message):
    path = tmp_path / "bad.pb"
    if content is not None:
        path.write_bytes(content)
    done = run_core("count", str(path), "--rule", "mes", "--json")
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_no_sys_modules_django_in_process():
    """The same check in this process, for a core imported on its own."""
    code = (
        "import sys, voting.core, voting.core.cli; "
        "print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "False", done.stderr
