from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Resident panels"

    def ready(self):
        from grants.demo import extend_demo
        from grants.services.rounds import register_scoring_check, register_voting_check

        from . import (
            permissions,  # noqa: F401  (registers the panel rules)
            privacy,  # noqa: F401  (registers its personal data)
        )
        from .demo import add_demo_panels
        from .services import enough_scores_problems, quorum_problems

        register_scoring_check(quorum_problems)
        register_voting_check(enough_scores_problems)
        if add_demo_panels not in extend_demo:
            extend_demo.append(add_demo_panels)
