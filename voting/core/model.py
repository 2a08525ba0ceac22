"""Plain data classes for an election (what people voted) and an outcome (what was funded).

No Django here: this package is used by the web app, by the tests and by the benchmarks.
Money is always a whole number of currency units (``int``); shares of money that do not
come out whole are ``fractions.Fraction``. Floats are never used for money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

APPROVAL_KINDS = frozenset({"approval", "choose-1"})
POINTS_KINDS = frozenset({"cumulative", "scoring", "ordinal"})
KINDS = APPROVAL_KINDS | POINTS_KINDS

#: How ties between projects are broken, by name (the Pabulib META key ``tie_break``), with
#: what each name means (written next to it, as ``tie_break_meaning``). Seedbed counts with
#: the first unless an election names another.
TIE_BREAKS = {
    "lower_cost_then_more_supporters_then_id": (
        "When projects tie, the one that costs less goes first. If they cost the same, the "
        "one more people voted for. Then the project_id that sorts first as text."
    ),
    "project_id": (
        "When projects tie, the project_id that sorts first as text goes first "
        "(pabutools' lexico_tie_breaking)."
    ),
}
DEFAULT_TIE_BREAK = "lower_cost_then_more_supporters_then_id"


@dataclass(frozen=True)
class Project:
    """A project people can vote for.

    ``extra`` keeps any other Pabulib project columns (``votes``, ``category``...) as
    strings so that an export keeps them; empty values are left out.
    """

    id: str
    cost: int
    name: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=True, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.cost, int) or isinstance(self.cost, bool):
            raise TypeError(f"project {self.id!r}: cost must be an int, got {self.cost!r}")
        if self.cost < 0:
            raise ValueError(f"project {self.id!r}: cost must not be negative")
        # Empty texts mean "not given" (that is how a .pb file stores them).
        if self.name == "":
            object.__setattr__(self, "name", None)
        object.__setattr__(self, "extra", {k: v for k, v in self.extra.items() if v != ""})


@dataclass
class Election:
    """One vote: a budget, the projects and the ballots.

    Exactly one of ``approvals`` (one set of project ids per voter) or ``points``
    (one ``{project id: points}`` dict per voter) is given. ``kind`` is the Pabulib
    ``vote_type``: "approval" or "choose-1" for approvals; "cumulative", "scoring" or
    "ordinal" for points (ordinal ballots are stored as Borda points, see
    :mod:`voting.core.pabulib`). It is worked out from the ballots when left empty.

    ``meta`` holds the other Pabulib META fields (description, currency...). The
    fields that the ballots and projects decide (``budget``, ``vote_type``,
    ``num_projects``, ``num_votes``) are not kept in ``meta``, nor is the tie-break rule
    (``tie_break``, one of ``TIE_BREAKS``).
    """

    budget: int
    projects: dict[str, Project]
    approvals: list[frozenset[str]] | None = None
    points: list[dict[str, int]] | None = None
    meta: dict[str, str] = field(default_factory=dict)
    kind: str = ""
    #: How ties between projects are broken (a key of ``TIE_BREAKS``).
    tie_break: str = DEFAULT_TIE_BREAK

    def __post_init__(self) -> None:
        if not isinstance(self.budget, int) or isinstance(self.budget, bool):
            raise TypeError(f"budget must be an int, got {self.budget!r}")
        if self.budget < 0:
            raise ValueError("budget must not be negative")
        if (self.approvals is None) == (self.points is None):
            raise ValueError("give exactly one of approvals or points")
        if self.approvals is not None:
            self.approvals = [frozenset(a) for a in self.approvals]
        if not self.kind:
            self.kind = "approval" if self.approvals is not None else "cumulative"
        if self.tie_break not in TIE_BREAKS:
            raise ValueError(
                f"unknown tie-break rule {self.tie_break!r}; Seedbed knows " + ", ".join(TIE_BREAKS)
            )
        if self.kind not in KINDS:
            raise ValueError(f"unknown ballot kind {self.kind!r}")
        if (self.kind in APPROVAL_KINDS) != (self.approvals is not None):
            raise ValueError(f"ballot kind {self.kind!r} does not match the ballots given")
        for pid, project in self.projects.items():
            if pid != project.id:
                raise ValueError(f"projects key {pid!r} does not match project id {project.id!r}")
        # (Approval ballots repeat a lot: each different one is checked once.)
        distinct = set(self.approvals) if self.approvals is not None else self.points or []
        for ballot in distinct:
            for pid in ballot:
                if pid not in self.projects:
                    raise ValueError(f"a ballot names an unknown project {pid!r}")
            if isinstance(ballot, dict):
                for value in ballot.values():
                    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                        raise ValueError("points must be whole numbers, 0 or more")

    @property
    def is_approval(self) -> bool:
        return self.approvals is not None

    @property
    def num_voters(self) -> int:
        return len(self.approvals if self.approvals is not None else self.points or [])

    def ballots(self) -> list:
        return list(self.approvals if self.approvals is not None else self.points or [])

    def supporters(self) -> dict[str, int]:
        """How many voters gave each project an approval or more than 0 points."""
        counts = dict.fromkeys(self.projects, 0)
        if self.approvals is not None:
            for ballot in self.approvals:
                for pid in ballot:
                    counts[pid] += 1
        else:
            for ballot in self.points or []:
                for pid, value in ballot.items():
                    if value > 0:
                        counts[pid] += 1
        return counts

    def total_points(self) -> dict[str, int]:
        """Total points per project (for approval ballots: the number of approvals)."""
        if self.approvals is not None:
            return self.supporters()
        totals = dict.fromkeys(self.projects, 0)
        for ballot in self.points or []:
            for pid, value in ballot.items():
                totals[pid] += value
        return totals


@dataclass
class ProjectResult:
    """What happened to one project, with a plain-English reason."""

    project_id: str
    funded: bool
    support: int
    cost: int
    reason: str
    points: int | None = None
    #: 1 for the first project chosen, 2 for the next... None when not funded.
    order: int | None = None
    #: "equal shares", "top-up" (greedy completion), "greedy" or "free" (cost 0).
    stage: str | None = None
    #: Method of Equal Shares: the most any one supporter paid (currency units).
    max_share_paid: Fraction | None = None
    #: Method of Equal Shares: what each supporter paid per point (or per vote for
    #: approval ballots: the price one full-paying supporter paid).
    price_per_point: Fraction | None = None
    #: The reason in structured form: its kind and figures, as plain JSON (see
    #: ``reasons.detail``); ``reason`` is its English.
    reason_detail: dict | None = None


@dataclass
class Outcome:
    rule: str
    budget: int
    selected: list[str]
    spent: int
    results: dict[str, ProjectResult]
    #: Method of Equal Shares: each voter's share of the money (currency units).
    voter_share: Fraction | None = None
    #: mes-add1: how many whole units were added to each voter's share.
    add1_steps: int | None = None
    summary: str = ""
    #: The summary in structured form (see ``reasons.detail``); ``summary`` is its English.
    summary_detail: dict | None = None

    @property
    def left_over(self) -> int:
        return self.budget - self.spent
