from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Funders, rounds and applications"

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in receiver)
