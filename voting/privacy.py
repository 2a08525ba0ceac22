"""The personal data the voting app holds, for `grants.privacy` (the subject-access export).

Only *that* a person could vote and *that* they voted: never what they voted. Ballots carry no
link to a person (see `voting.models`). Registered from `VotingConfig.ready()`.
"""

from core.privacy import BALLOT_SECRECY, register_personal_data

from .models import Voter


def export(user):
    rights = Voter.objects.filter(user=user).select_related("vote__round", "participation")
    votes = []
    for voter in rights.order_by("pk"):
        participation = getattr(voter, "participation", None)
        votes.append(
            {
                "round": voter.vote.round.title,
                "you_could_vote_as": voter.get_kind_display(),
                "you_voted": participation is not None,
                "when_you_voted": participation.voted_at.isoformat() if participation else None,
            }
        )
    return {"votes": votes, "how_you_voted": BALLOT_SECRECY}


register_personal_data("voting", exporter=export)
