"""The page benchmark's quick mode runs in CI: it must finish, print its figures beside their
bars, and find every key page answering 200 with the same number of queries at 1× and 10× the
data. Its time bars are printed but not held in quick mode (shared CI machines vary too much),
and it says so."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_page_benchmark_runs_in_quick_mode():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603  (our own script, no user input)
        [sys.executable, str(ROOT / "benchmarks" / "bench_pages.py"), "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    for figure in [
        "Requests per second at 1×",
        "Bare page (anonymous)",
        "Public round page",
        "Officer: screening list",
        "Panel: results",
        "Officer: award register",
        "Funder viewer: dashboard",
        "Every page answered 200: yes",
        "Query counts equal at 1× and 10×: yes",
        "share of bare + user (bar ≥25%)",
        "10× time ÷ 1× time (bar ≤1.3×)",
        "not held in --quick mode",
    ]:
        assert figure in out, f"{figure!r} missing from:\n{out}"


def _main_block(path):
    """The statements under `if __name__ == "__main__":` in a script, compiled on their own."""
    import ast

    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            return compile(ast.Module(body=node.body, type_ignores=[]), str(path), "exec")
    raise AssertionError(f"{path} has no __main__ block")


def test_the_page_benchmark_exits_non_zero_when_main_reports_a_missed_bar():
    import pytest

    block = _main_block(ROOT / "benchmarks" / "bench_pages.py")
    for reported, code in ((False, 1), (True, 0)):
        with pytest.raises(SystemExit) as exited:
            exec(block, {"main": lambda reported=reported: reported})  # noqa: S102
        assert exited.value.code == code, f"main() returned {reported}"
