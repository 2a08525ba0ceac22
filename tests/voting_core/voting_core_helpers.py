"""Helpers shared by the counting-core tests (imported as a top-level module)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def pabulib_dir() -> Path:
    """The Pabulib files: $SEEDBED_PABULIB_DIR, else the real elections in tests/data/pabulib."""
    env = os.environ.get("SEEDBED_PABULIB_DIR")
    return Path(env) if env else REPO / "tests" / "data" / "pabulib"


def pabulib_files() -> list[Path]:
    folder = pabulib_dir()
    return sorted(folder.glob("*.pb")) if folder.is_dir() else []


def import_pabutools():
    """Import pabutools, papering over pulp 4 having dropped names pabutools 1.2.3 imports.

    pabutools only uses these names for ILP-based rules we never call here.
    """
    pulp = pytest.importorskip("pulp")
    for name, value in {
        "PULP_CBC_CMD": getattr(pulp, "COIN_CMD", None),
        "LpStatusOptimal": 1,
        "LpStatusNotSolved": 0,
    }.items():
        if not hasattr(pulp, name):
            setattr(pulp, name, value)
    return pytest.importorskip("pabutools")
