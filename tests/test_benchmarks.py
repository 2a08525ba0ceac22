"""The page benchmark's quick mode runs in CI: it must finish, print its figures, and find the
same number of queries on every key page at 1× and 10× the data. Timings are printed, never
asserted (shared CI machines vary too much)."""

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
        "Query counts equal at 1× and 10×: yes",
    ]:
        assert figure in out, f"{figure!r} missing from:\n{out}"
