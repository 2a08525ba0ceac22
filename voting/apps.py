from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = "Voting and decisions"

    def ready(self):
        from django_fsm.signals import post_transition

        from grants.demo import extend_demo
        from grants.models import Round

        from . import permissions  # noqa: F401  (registers the voting rules)
        from .demo import add_demo_vote
        from .signals import open_vote_when_round_votes

        post_transition.connect(
            open_vote_when_round_votes, sender=Round, dispatch_uid="seedbed_open_vote"
        )
        if add_demo_vote not in extend_demo:
            extend_demo.append(add_demo_vote)
