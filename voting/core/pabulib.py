"""Read and write Pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, each a line with its name then a ``;``-separated header row:
``META`` (key;value), ``PROJECTS`` (project_id;cost;...) and ``VOTES`` (voter_id;vote;...).

Choices made here (documented because other tools differ):

* ``approval`` and ``choose-1`` ballots are approvals. ``cumulative`` and ``scoring``
  ballots are points (the ``points`` column, matched to the ``vote`` column). If a points
  ballot has no ``points`` column every listed project gets 1 point.
* ``ordinal`` ballots become Borda points: a voter who ranks k projects gives k points to
  their first choice, k-1 to the next, ..., 1 to their last. So every ranked project
  counts as supported, and this matches the ``points`` column the Polish city files
  already carry (e.g. ``3,2,1``). pabutools' ``Additive_Borda_Sat`` instead gives
  k-1, ..., 0 (so the last-ranked project gets nothing); we do not follow it because a
  resident who ranked a project did vote for it.
* Costs and the budget are whole currency units. ``"1000.0"`` and ``"1000,0"`` are read
  as 1000. A cost with a real fractional part is rounded up (a project needs at least
  that much money) and a budget with one is rounded down (we can not spend money we do
  not have); the original text is then kept in ``meta`` (``budget_exact``) or in the
  project's ``extra`` (``cost_exact``).
* Voter ids and per-voter columns (age, sex...) are not kept: Seedbed ballots are
  secret. The writer numbers voters 1, 2, 3...
* ``num_projects``, ``num_votes``, ``budget`` and ``vote_type`` are worked out from the
  election when writing, so ``read_pb(write_pb(e)) == e``.

Real-file quirks handled: a UTF-8 byte-order mark, CRLF line ends, quoted fields
(``"a ""quoted"" comment"``), spaces around values, blank lines, empty cells, ``none``
cells, and a ``vote`` cell listing several projects separated by commas.
"""

from __future__ import annotations

import csv
import io
import math
import os
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from .model import APPROVAL_KINDS, Election, Project

DERIVED_META = ("num_projects", "num_votes", "budget", "vote_type")
SECTIONS = ("meta", "projects", "votes")


class PabulibError(ValueError):
    """The file is not valid Pabulib."""


def _number(text: str, what: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise PabulibError(f"{what}: {text!r} is not a number") from None
    if not value.is_finite():
        raise PabulibError(f"{what}: {text!r} is not a number")
    return value


def _whole(text: str, what: str, *, round_up: bool) -> tuple[int, bool]:
    """Return (whole number, was it exact)."""
    value = _number(text, what)
    whole = math.ceil(value) if round_up else math.floor(value)
    return int(whole), whole == value


def _points(text: str, what: str) -> int:
    value = _number(text, what)
    if value != value.to_integral_value():
        raise PabulibError(f"{what}: points must be whole numbers, got {text!r}")
    return int(value)


def _split_ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def parse_pb(text: str) -> Election:
    """Parse the text of a ``.pb`` file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    meta: dict[str, str] = {}
    projects: dict[str, Project] = {}
    raw_votes: list[dict[str, str]] = []
    section = ""
    header: list[str] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if cells[0].lower() in SECTIONS and not any(cells[1:]):
            section = cells[0].lower()
            header = []
            continue
        if not section:
            raise PabulibError("the file must start with a META section")
        if not header:
            header = [cell.lower() for cell in cells]
            continue
        record = {
            key: value
            for key, value in zip(header, cells, strict=False)
            if key and value and value.lower() != "none"
        }
        if section == "meta":
            if cells[0]:
                meta[cells[0]] = ";".join(cells[1:]).rstrip(";")
        elif section == "projects":
            pid = record.pop("project_id", None)
            if pid is None:
                raise PabulibError("a project has no project_id")
            if pid in projects:
                raise PabulibError(f"project {pid!r} is listed twice")
            if "cost" not in record:
                raise PabulibError(f"project {pid!r} has no cost")
            cost_text = record.pop("cost")
            cost, exact = _whole(cost_text, f"cost of project {pid!r}", round_up=True)
            if not exact:
                record["cost_exact"] = cost_text
            name = record.pop("name", None)
            projects[pid] = Project(id=pid, cost=cost, name=name, extra=record)
        else:
            raw_votes.append(record)

    if "budget" not in meta:
        raise PabulibError("META has no budget")
    budget_text = meta.pop("budget")
    budget, exact = _whole(budget_text, "budget", round_up=False)
    if not exact:
        meta["budget_exact"] = budget_text
    kind = meta.pop("vote_type", "approval").strip().lower()
    meta.pop("num_projects", None)
    meta.pop("num_votes", None)

    def project_ids(record: dict[str, str]) -> list[str]:
        ids = _split_ids(record.get("vote", ""))
        for pid in ids:
            if pid not in projects:
                raise PabulibError(f"a vote names an unknown project {pid!r}")
        return ids

    if kind in APPROVAL_KINDS:
        approvals = [frozenset(project_ids(record)) for record in raw_votes]
        return Election(budget, projects, approvals=approvals, meta=meta, kind=kind)
    if kind in ("cumulative", "scoring"):
        points: list[dict[str, int]] = []
        for record in raw_votes:
            ids = project_ids(record)
            if "points" in record:
                values = [_points(p, "points") for p in record["points"].split(",") if p.strip()]
                if len(values) != len(ids):
                    raise PabulibError("a vote and its points have different lengths")
            else:
                values = [1] * len(ids)
            ballot: dict[str, int] = {}
            for pid, value in zip(ids, values, strict=True):
                ballot[pid] = ballot.get(pid, 0) + value
            points.append(ballot)
        return Election(budget, projects, points=points, meta=meta, kind=kind)
    if kind == "ordinal":
        points = []
        for record in raw_votes:
            ids = list(dict.fromkeys(project_ids(record)))
            k = len(ids)
            points.append({pid: k - rank for rank, pid in enumerate(ids)})
        return Election(budget, projects, points=points, meta=meta, kind=kind)
    raise PabulibError(f"unsupported vote_type {kind!r}")


def read_pb(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Election:
    """Read a ``.pb`` file from a path or an open file (text or binary)."""
    if isinstance(source, str | os.PathLike):
        data = Path(source).read_bytes()
        return parse_pb(data.decode("utf-8-sig"))
    content = source.read()
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    return parse_pb(content)


def _format_int(value: int) -> str:
    return str(value)


def write_pb(election: Election, destination: str | os.PathLike[str] | IO[str] | None = None):
    """Write an election as Pabulib text. Returns the text when no destination is given."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    ballots = election.ballots()

    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    derived = {
        "num_projects": _format_int(len(election.projects)),
        "num_votes": _format_int(len(ballots)),
        "budget": _format_int(election.budget),
        "vote_type": election.kind,
    }
    for key, value in election.meta.items():
        if key in DERIVED_META:
            continue
        if derived and key not in ("description", "country", "unit", "subunit", "instance"):
            for derived_key, derived_value in derived.items():
                writer.writerow([derived_key, derived_value])
            derived = {}
        writer.writerow([key, value])
    for derived_key, derived_value in derived.items():
        writer.writerow([derived_key, derived_value])

    writer.writerow(["PROJECTS"])
    columns = ["project_id", "cost"]
    if any(p.name is not None for p in election.projects.values()):
        columns.append("name")
    for project in election.projects.values():
        for key in project.extra:
            if key not in columns:
                columns.append(key)
    writer.writerow(columns)
    for project in election.projects.values():
        row = [project.id, _format_int(project.cost)]
        if "name" in columns:
            row.append(project.name or "")
        row.extend(project.extra.get(key, "") for key in columns[len(row) :])
        writer.writerow(row)

    writer.writerow(["VOTES"])
    if election.approvals is not None:
        writer.writerow(["voter_id", "vote"])
        for number, approval in enumerate(election.approvals, start=1):
            writer.writerow([str(number), ",".join(sorted(approval))])
    else:
        writer.writerow(["voter_id", "vote", "points"])
        for number, ballot in enumerate(election.points or [], start=1):
            items = [(pid, value) for pid, value in ballot.items()]
            if election.kind == "ordinal":
                items.sort(key=lambda item: (-item[1], item[0]))
            writer.writerow(
                [
                    str(number),
                    ",".join(pid for pid, _ in items),
                    ",".join(str(value) for _, value in items),
                ]
            )

    text = out.getvalue()
    if destination is None:
        return text
    if isinstance(destination, str | os.PathLike):
        Path(destination).write_text(text, encoding="utf-8")
    else:
        destination.write(text)
    return None
