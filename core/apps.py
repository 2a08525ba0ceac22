from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Audit trail"

    def ready(self):
        from . import audit  # noqa: F401  (connects the audit receiver to every transition)
