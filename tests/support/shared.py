"""Public data and standards the tests read from ../shared (beside the repository), never from
copies inside it. Missing: the test is skipped with a loud message, or fails when
SEEDBED_REQUIRE_SHARED=1 (CI sets it, so a missing folder can never pass silently)."""

import os
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    return Path(os.environ.get("SEEDBED_SHARED_DIR") or REPO.parent / "shared")


def shared_folder(folder, what):
    """`folder` if it exists, else skip loudly (or fail in CI)."""
    if folder is not None and Path(folder).exists():
        return Path(folder)
    message = f"MISSING SHARED DATA: {what} is not there ({folder or 'not set'})."
    if os.environ.get("SEEDBED_REQUIRE_SHARED") == "1":
        pytest.fail(message + " SEEDBED_REQUIRE_SHARED=1 makes this a failure.")
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)
