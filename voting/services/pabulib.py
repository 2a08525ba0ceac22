"""Pabulib `.pb` files: a round's vote out (only once it has closed), and any file recounted.

Anyone can re-run a Seedbed count with independent tools (pabutools, equalshares.net) from the
exported file. Voters are numbered 1, 2, 3... in a random order; nothing in the file says who
anyone is.
"""

from django.utils.translation import gettext

from voting.core import PabulibError, write_pb
from voting.core.cli import outcome_as_json, recount

from ..models import Vote
from .ballots import BallotRefused
from .decision import election_build

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def pb_export(vote: Vote) -> str:
    """The vote as Pabulib text. Refused (BallotRefused) before the vote closes."""
    if not vote.is_closed:
        raise BallotRefused(gettext("The votes can only be downloaded once the vote has closed."))
    return write_pb(election_build(vote))


def export_filename(vote: Vote) -> str:
    return f"{vote.round.slug}-vote.pb"


__all__ = ["PabulibError", "export_filename", "pb_export", "outcome_as_json", "recount"]
