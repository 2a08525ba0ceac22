from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Resident panels"

    def ready(self):
        from core.demo import register_demo
        from grants.checks import register_scoring_check, register_voting_check
        from grants.selectors import register_scored_expression

        from . import (
            permissions,  # noqa: F401  (registers the panel rules)
            privacy,  # noqa: F401  (registers its personal data)
        )
        from .demo import add_demo_panels
        from .services import enough_scores_problems, quorum_problems, scored_expression

        register_scoring_check(quorum_problems)
        register_voting_check(enough_scores_problems)
        register_scored_expression(scored_expression)
        register_demo(add_demo_panels)
