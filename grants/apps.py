from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Funders, rounds and applications"

    def ready(self):
        from . import (
            audit,  # noqa: F401  (connects the audit receiver)
            privacy,  # noqa: F401  (pseudonymises the audit trail on user delete)
        )
