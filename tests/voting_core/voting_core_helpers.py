"""Helpers shared by the counting-core tests (imported as a top-level module).

The real Pabulib elections are public data the project does not carry in its own history:
they live in ``../shared/pabulib`` beside the repository (``$SEEDBED_PABULIB_DIR`` to use
another folder). When that folder is missing the tests that need it are skipped, loudly (a
banner at the end of the run); with ``SEEDBED_REQUIRE_SHARED=1`` (set in CI) they fail
instead, and so do the pabutools reference tests if pabutools can not be imported.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: A stand-in parameter for "the shared files are not here" (see conftest.py).
MISSING = "shared-pabulib-missing"


def require_shared() -> bool:
    return os.environ.get("SEEDBED_REQUIRE_SHARED") == "1"


def pabulib_dir() -> Path:
    """$SEEDBED_PABULIB_DIR, else ../shared/pabulib next to the repository."""
    env = os.environ.get("SEEDBED_PABULIB_DIR")
    return Path(env) if env else REPO.parent / "shared" / "pabulib"


def pabulib_files() -> list[Path]:
    folder = pabulib_dir()
    return sorted(folder.glob("*.pb")) if folder.is_dir() else []


def missing_message() -> str:
    return (
        f"SHARED PABULIB DATA MISSING: no .pb files in {pabulib_dir()}. The real elections "
        "live in ../shared/pabulib beside the repository (or set SEEDBED_PABULIB_DIR). "
        "Set SEEDBED_REQUIRE_SHARED=1 to make this a failure."
    )


def pabulib_params(files: list[Path] | None = None) -> list:
    """Parameters for a test over the real files. When there are none: one stand-in that
    is skipped with a clear message, or that fails when SEEDBED_REQUIRE_SHARED=1."""
    files = pabulib_files() if files is None else files
    if files:
        return files
    marks = [] if require_shared() else [pytest.mark.skip(reason=missing_message())]
    return [pytest.param(MISSING, id=MISSING, marks=marks)]


def _required_import(name: str):
    if not require_shared():
        return pytest.importorskip(name)
    try:
        return importlib.import_module(name)
    except ImportError as problem:
        pytest.fail(
            f"The reference implementation can not be imported ({name}: {problem}) and "
            "SEEDBED_REQUIRE_SHARED=1 says the reference tests must run.",
            pytrace=False,
        )


def import_pabutools():
    """Import pabutools, papering over pulp 4 having dropped names pabutools 1.2.3 imports.

    pabutools only uses these names for ILP-based rules we never call here. Skipped when it
    is not installed, unless SEEDBED_REQUIRE_SHARED=1 (then the test fails).
    """
    pulp = _required_import("pulp")
    for name, value in {
        "PULP_CBC_CMD": getattr(pulp, "COIN_CMD", None),
        "LpStatusOptimal": 1,
        "LpStatusNotSolved": 0,
    }.items():
        if not hasattr(pulp, name):
            setattr(pulp, name, value)
    return _required_import("pabutools")
