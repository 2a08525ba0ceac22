"""Seedbed's vote-counting core: ballots, allocation rules and Pabulib files.

Plain Python (no Django), exact arithmetic (ints and Fractions, never floats).

    from voting.core import Election, Project, count, read_pb, write_pb
    outcome = count(election, "mes-add1", complete_greedily=True, currency="£")
"""

from .model import Election, Outcome, Project, ProjectResult
from .pabulib import PabulibError, parse_pb, read_pb, write_pb
from .rules import RULES, count

__all__ = [
    "RULES",
    "Election",
    "Outcome",
    "PabulibError",
    "Project",
    "ProjectResult",
    "count",
    "parse_pb",
    "read_pb",
    "write_pb",
]
