"""The counting benchmark says loudly when the shared elections are missing, and fails then
when SEEDBED_REQUIRE_SHARED=1 (its timings are run by hand: see docs/counting.md)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from voting_core_helpers import REPO


@pytest.mark.parametrize(("required", "code"), [("0", 0), ("1", 2)])
def test_missing_shared_data_is_loud(tmp_path, required, code):
    env = {**os.environ, "SEEDBED_PABULIB_DIR": str(tmp_path), "SEEDBED_REQUIRE_SHARED": required}
    done = subprocess.run(  # noqa: S603  (our own script, no user input)
        [sys.executable, str(REPO / "benchmarks" / "bench_counting.py")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == code, done.stderr
    assert "SHARED PABULIB DATA MISSING" in done.stderr
    assert str(tmp_path / "Poland_Warszawa_2021_Bialoleka.pb") in done.stderr
