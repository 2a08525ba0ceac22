"""Shared helpers for the counting-core tests (no Django needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `from voting.core import ...` without Django's test runner
    sys.path.insert(0, str(REPO))

from voting_core_helpers import MISSING, missing_message  # noqa: E402

_missing_seen: list[str] = []


@pytest.fixture(autouse=True)
def _shared_pabulib_present(request):
    """A test given the "files are missing" stand-in fails (SEEDBED_REQUIRE_SHARED=1; else
    it is skipped before it gets here)."""
    callspec = getattr(request.node, "callspec", None)
    if callspec and MISSING in callspec.params.values():
        pytest.fail(missing_message(), pytrace=False)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if MISSING in item.nodeid:
            _missing_seen.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _missing_seen:
        terminalreporter.section("SHARED PABULIB DATA MISSING", sep="!", red=True, bold=True)
        terminalreporter.write_line(missing_message(), red=True, bold=True)
        terminalreporter.write_line(f"{len(_missing_seen)} tests did not run on the real files:")
        for nodeid in _missing_seen:
            terminalreporter.write_line(f"  {nodeid}")
