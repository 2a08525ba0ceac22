"""Recount a Pabulib file from the command line, with no Django, settings or database.

    python -m voting.core count FILE.pb --rule mes --json [--complete-greedily]

``manage.py count_votes`` is the same command inside the web app: it calls :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import sys

from .model import Election, Outcome
from .pabulib import PabulibError, read_pb
from .rules import RULES, count


class CountError(Exception):
    """The file could not be counted; the message says why, in plain words."""


def currency_of(election: Election) -> str:
    """The symbol or code the reasons use: the file's ``currency`` (GBP is £), else £."""
    currency = election.meta.get("currency", "") or "£"
    return "£" if currency.upper() == "GBP" else currency


def recount(source, rule: str, *, complete_greedily: bool = False) -> tuple[Election, Outcome]:
    """Read a ``.pb`` file (path or open file) and count it. Raises PabulibError."""
    election = read_pb(source)
    outcome = count(
        election, rule, complete_greedily=complete_greedily, currency=currency_of(election)
    )
    return election, outcome


def outcome_as_json(election: Election, outcome: Outcome) -> dict:
    """A count as plain JSON: selected ids exactly as written in the file, and reasons."""
    return {
        "rule": outcome.rule,
        "tie_break": election.tie_break,
        "budget": outcome.budget,
        "spent": outcome.spent,
        "left_over": outcome.left_over,
        "selected": list(outcome.selected),
        "voters": election.num_voters,
        "projects": len(election.projects),
        "vote_type": election.kind,
        "summary": outcome.summary,
        "results": {
            pid: {
                "funded": r.funded,
                "cost": r.cost,
                "support": r.support,
                "points": r.points,
                "reason": r.reason,
            }
            for pid, r in outcome.results.items()
        },
    }


def run(path: str, rule: str, *, as_json: bool = False, complete_greedily: bool = False) -> str:
    """Count the file and return what to print. Raises CountError with a plain message."""
    if rule not in RULES:
        raise CountError(f"Unknown rule {rule!r}: use one of {', '.join(RULES)}")
    try:
        election, outcome = recount(path, rule, complete_greedily=complete_greedily)
    except FileNotFoundError:
        raise CountError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise CountError(f"Could not read {path}: it is a folder") from None
    except (PabulibError, ValueError) as problem:
        raise CountError(f"Could not read {path}: {problem}") from None
    if as_json:
        return json.dumps(outcome_as_json(election, outcome), ensure_ascii=False)
    lines = [
        outcome.summary or f"{len(outcome.selected)} projects selected",
        f"Spent {outcome.spent} of {outcome.budget}",
    ]
    lines += [f"  {pid}: {outcome.results[pid].reason}" for pid in outcome.selected]
    return "\n".join(lines)


def add_count_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the .pb file")
    parser.add_argument("--rule", choices=RULES, default="mes-add1")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--complete-greedily",
        action="store_true",
        help="after an equal-shares rule, spend what is left on the most supported projects",
    )


COUNT_DESCRIPTION = (
    "Count the votes in a Pabulib .pb file with greedy, mes or mes-add1 and print who is "
    "funded (as one JSON object with --json)."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m voting.core",
        description="Seedbed's vote counting, on its own (no Django, no database).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add_count_arguments(
        commands.add_parser(
            "count", help="count the votes in a Pabulib .pb file", description=COUNT_DESCRIPTION
        )
    )
    return count_and_print(parser.parse_args(argv))


def count_votes_main(argv: list[str]) -> int:
    """``manage.py count_votes ...`` without starting Django: counting a file needs no
    settings, apps or database, so ``manage.py`` hands the command straight here."""
    parser = argparse.ArgumentParser(prog="manage.py count_votes", description=COUNT_DESCRIPTION)
    add_count_arguments(parser)
    return count_and_print(parser.parse_args(argv))


def count_and_print(args: argparse.Namespace) -> int:
    try:
        text = run(
            args.file, args.rule, as_json=args.json, complete_greedily=args.complete_greedily
        )
    except CountError as problem:
        print(problem, file=sys.stderr)
        return 1
    sys.stdout.write(text + "\n")
    return 0
