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
* Ties: the file names the tie-break rule it was counted with, in two META keys that
  Seedbed adds (Pabulib allows extra keys): ``tie_break`` (a name from
  :data:`voting.core.model.TIE_BREAKS`, by default
  ``lower_cost_then_more_supporters_then_id``) and ``tie_break_meaning`` (the rule in
  words). Another tool's default (pabutools breaks ties by project id alone) can pick a
  different project when two tie, so a recount must use the rule named. The reader
  keeps it as ``Election.tie_break``; a file without the key is counted with the
  default; a file naming a rule Seedbed does not know is refused, never recounted with
  another rule.
* Errors are :class:`PabulibError` with a plain message a person can be shown ("The file
  is empty", "This file is not a Pabulib .pb file: it is not text").

Real-file quirks handled: a UTF-8 byte-order mark, CRLF line ends, quoted fields
(``"a ""quoted"" comment"``), spaces around values, blank lines, empty cells, ``none``
cells, and a ``vote`` cell listing several projects separated by commas.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from .model import APPROVAL_KINDS, DEFAULT_TIE_BREAK, TIE_BREAKS, Election, Project

DERIVED_META = (
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "tie_break",
    "tie_break_meaning",
)
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
    if " " not in cell and "\t" not in cell:
        return [part for part in cell.split(",") if part]
    return [part for part in map(str.strip, cell.split(",")) if part]


NOT_PABULIB = "This file is not a Pabulib .pb file: "


def _rows(text: str):
    """Yield each non-blank row as a list of stripped cells.

    Most lines have no quotes: they are split on ``;`` directly (fast). A line with a quote
    is read with :mod:`csv` (joined with the next lines while a quoted cell is still open).
    """
    lines = text.splitlines()
    i = 0
    count = len(lines)
    while i < count:
        line = lines[i]
        i += 1
        if '"' not in line:
            if not line.strip():
                continue
            yield [cell.strip() for cell in line.split(";")]
            continue
        chunk = line
        while chunk.count('"') % 2 and i < count:
            chunk += "\n" + lines[i]
            i += 1
        for row in csv.reader(io.StringIO(chunk, newline=""), delimiter=";"):
            cells = [cell.strip() for cell in row]
            if any(cells):
                yield cells


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


_VOTES_LINE = re.compile(r"^[ \t]*votes[ \t;]*$", re.IGNORECASE | re.MULTILINE)
_SECTION_LINE = re.compile(r"^[ \t]*(?:meta|projects|votes)[ \t;]*$", re.IGNORECASE | re.MULTILINE)


def _fast_votes(body: str) -> tuple[list[str], list[str], list[str]] | None:
    """The VOTES section's header, vote cells and points cells, split on ``;`` directly.

    Only when the section has no quotes and no other section follows (else None: the
    general reader is used). This is where the time goes on big files.
    """
    if '"' in body or _SECTION_LINE.search(body):
        return None
    lines = body.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        return [], [], []
    header = [cell.strip().lower() for cell in lines[start].split(";")]
    columns = {name: index for index, name in enumerate(header)}
    rows = [line for line in lines[start + 1 :] if line and not line.isspace()]
    return header, _column(rows, columns.get("vote")), _column(rows, columns.get("points"))


def _column(rows: list[str], at: int | None) -> list[str]:
    """Cell ``at`` of each ``;``-separated row ("" where a row is too short)."""
    if at is None:
        return [""] * len(rows)
    try:
        return [row.split(";", at + 1)[at] for row in rows]
    except IndexError:
        cells = [row.split(";", at + 1) for row in rows]
        return [parts[at] if len(parts) > at else "" for parts in cells]


def parse_pb(text: str) -> Election:
    """Parse the text of a ``.pb`` file. Raises :class:`PabulibError` with a plain message."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise PabulibError("The file is empty")
    meta: dict[str, str] = {}
    projects: dict[str, Project] = {}
    vote_rows: list[list[str]] = []
    vote_header: list[str] = []
    fast = None
    votes_line = _VOTES_LINE.search(text)
    if votes_line:
        fast = _fast_votes(text[votes_line.end() :])
        if fast is not None:
            text = text[: votes_line.start()]
    section = ""
    header: list[str] = []
    for cells in _rows(text):
        first = cells[0].lower()
        if first in SECTIONS and not any(cells[1:]):
            section = first
            header = []
            continue
        if not section:
            raise PabulibError(NOT_PABULIB + "it must start with a META section")
        if not header:
            header = [cell.lower() for cell in cells]
            if section == "votes":
                vote_header = header
            continue
        if section == "votes":
            vote_rows.append(cells)
        elif section == "meta":
            if cells[0]:
                meta[cells[0]] = ";".join(cells[1:]).rstrip(";")
        else:
            record = {
                key: value
                for key, value in zip(header, cells, strict=False)
                if key and value and value.lower() != "none"
            }
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

    if "budget" not in meta:
        raise PabulibError(NOT_PABULIB + "its META section has no budget")
    budget_text = meta.pop("budget")
    budget, exact = _whole(budget_text, "budget", round_up=False)
    if not exact:
        meta["budget_exact"] = budget_text
    kind = meta.pop("vote_type", "approval").strip().lower()
    tie_break = meta.pop("tie_break", DEFAULT_TIE_BREAK).strip() or DEFAULT_TIE_BREAK
    if tie_break not in TIE_BREAKS:
        raise PabulibError(
            f"this file breaks ties by {tie_break!r}, which Seedbed does not know "
            f"(it knows {', '.join(TIE_BREAKS)})"
        )
    meta.pop("tie_break_meaning", None)
    meta.pop("num_projects", None)
    meta.pop("num_votes", None)

    if fast is not None:
        vote_header, vote_cells, points_cells = fast
    else:
        columns = {name: index for index, name in enumerate(vote_header)}
        vote_at, points_at = columns.get("vote"), columns.get("points")
        vote_cells = [_cell(cells, vote_at) for cells in vote_rows]
        points_cells = [_cell(cells, points_at) for cells in vote_rows]

    known: dict[str, list[str]] = {}

    def project_ids(cell: str) -> list[str]:
        ids = known.get(cell)
        if ids is None:
            ids = [] if cell.strip().lower() == "none" else _split_ids(cell)
            if not projects.keys() >= set(ids):
                unknown = next(pid for pid in ids if pid not in projects)
                raise PabulibError(f"a vote names an unknown project {unknown!r}")
            known[cell] = ids
        return ids

    def make(**ballots) -> Election:
        return Election(budget, projects, **ballots, meta=meta, kind=kind, tie_break=tie_break)

    if kind in APPROVAL_KINDS:
        # Many voters cast the same ballot: each different vote cell is read once.
        sets = {cell: frozenset(project_ids(cell)) for cell in set(vote_cells)}
        approvals = list(map(sets.__getitem__, vote_cells))
        return make(approvals=approvals)
    if kind in ("cumulative", "scoring"):
        points: list[dict[str, int]] = []
        has_points = "points" in vote_header
        cumulative: dict[tuple[str, str], dict[str, int]] = {}
        for key in zip(vote_cells, points_cells, strict=True):
            if key in cumulative:
                points.append(dict(cumulative[key]))
                continue
            cell, points_cell = key
            ids = project_ids(cell)
            if points_cell.strip().lower() == "none":
                points_cell = ""
            if has_points:
                values = [_points(p, "points") for p in points_cell.split(",") if p.strip()]
                if len(values) != len(ids):
                    raise PabulibError("a vote and its points have different lengths")
            else:
                values = [1] * len(ids)
            ballot: dict[str, int] = {}
            for pid, value in zip(ids, values, strict=True):
                ballot[pid] = ballot.get(pid, 0) + value
            cumulative[key] = ballot
            points.append(dict(ballot))
        return make(points=points)
    if kind == "ordinal":
        borda: dict[str, dict[str, int]] = {}
        for cell in set(vote_cells):
            ids = list(dict.fromkeys(project_ids(cell)))
            k = len(ids)
            borda[cell] = {pid: k - rank for rank, pid in enumerate(ids)}
        # Each voter gets their own dict (the same ballot twice is two voters).
        points = [dict(borda[cell]) for cell in vote_cells]
        return make(points=points)
    raise PabulibError(f"unsupported vote_type {kind!r}")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise PabulibError("The file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PabulibError(NOT_PABULIB + "it is not text") from None


def read_pb(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Election:
    """Read a ``.pb`` file from a path or an open file (text or binary).

    Raises :class:`PabulibError` with a message fit to show a person ("The file is empty",
    "This file is not a Pabulib .pb file: it is not text", ...).
    """
    if isinstance(source, str | os.PathLike):
        return parse_pb(_decode(Path(source).read_bytes()))
    content = source.read()
    if isinstance(content, bytes):
        content = _decode(content)
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
        "tie_break": election.tie_break,
        "tie_break_meaning": TIE_BREAKS[election.tie_break],
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
