"""When a round moves to voting, its vote opens and the panel is told."""

from django.db import transaction

from core import notify
from panels.services import active_members

from .services.ballots import vote_for


def open_vote_when_round_votes(sender, instance, name, source, target, **kwargs):
    if name != "start_voting" or "exception" in kwargs:
        return

    vote = vote_for(instance)
    if vote is None or not vote.has_ballots:
        return

    def tell_the_panel():

        for user in active_members(instance):
            notify.email(user.email, "vote_open", {"round": instance, "vote": vote, "user": user})

    transaction.on_commit(tell_the_panel)
