from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = "Voting and decisions"

    def ready(self):
        from django_fsm.signals import post_transition

        from core.demo import register_demo
        from grants.checks import register_decision_check
        from grants.models import Round
        from panels.signals import link_declared, member_left

        from . import (
            permissions,  # noqa: F401  (registers the voting rules)
            privacy,  # noqa: F401  (registers its personal data)
        )
        from .demo import add_demo_vote
        from .services.conflicts import conflicts_on_link_declared, conflicts_on_member_left
        from .services.decision import vote_is_counted
        from .signals import open_vote_when_round_votes

        post_transition.connect(
            open_vote_when_round_votes, sender=Round, dispatch_uid="seedbed_open_vote"
        )
        # Conflicts reach the ballot, as they reach scores (voting.services.conflicts).
        link_declared.connect(conflicts_on_link_declared, dispatch_uid="seedbed_conflict_on_ballot")
        member_left.connect(conflicts_on_member_left, dispatch_uid="seedbed_left_panel_ballot")
        register_decision_check(vote_is_counted)
        register_demo(add_demo_vote)
