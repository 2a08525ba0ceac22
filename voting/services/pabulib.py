"""Pabulib `.pb` files: a round's vote out (only once it has closed), and any file recounted.

Anyone can re-run a Seedbed count with independent tools (pabutools, equalshares.net) from the
exported file. Voters are numbered 1, 2, 3... in a random order; nothing in the file says who
anyone is.
"""

from voting.core import PabulibError, count, read_pb, write_pb

from ..models import Vote
from .ballots import BallotRefused
from .decision import build_election

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def export_pb(vote: Vote) -> str:
    """The vote as Pabulib text. Refused (BallotRefused) before the vote closes."""
    if not vote.is_closed:
        raise BallotRefused("The votes can only be downloaded once the vote has closed.")
    return write_pb(build_election(vote))


def export_filename(vote: Vote) -> str:
    return f"{vote.round.slug}-vote.pb"


def outcome_as_json(election, outcome) -> dict:
    """A count as plain JSON: selected ids exactly as written in the file, and reasons."""
    return {
        "rule": outcome.rule,
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


def recount(source, rule, *, complete_greedily=False):
    """Read a `.pb` file (path or open file) and count it. Returns (election, outcome).
    Raises PabulibError with a message when the file is not valid Pabulib."""
    election = read_pb(source)
    currency = election.meta.get("currency", "") or "£"
    if currency.upper() in ("GBP",):
        currency = "£"
    return election, count(election, rule, complete_greedily=complete_greedily, currency=currency)


__all__ = ["PabulibError", "export_filename", "export_pb", "outcome_as_json", "recount"]
