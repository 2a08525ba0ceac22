"""Shared helpers for the counting-core tests (no Django needed)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `from voting.core import ...` without Django's test runner
    sys.path.insert(0, str(REPO))
