from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Awards and payments"

    def ready(self):
        from core.demo import register_demo

        from . import (
            attention,  # noqa: F401  (registers what officers hear about)
            permissions,  # noqa: F401  (registers the award rules)
            privacy,  # noqa: F401  (registers its personal data)
        )
        from .demo import add_demo_awards

        register_demo(add_demo_awards)
