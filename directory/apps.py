from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory of funded groups"

    def ready(self):
        from core.demo import register_demo
        from reports.outcomes import register_headline_figures

        from . import (
            permissions,  # noqa: F401  (registers the directory rules)
            privacy,  # noqa: F401  (registers its personal data)
            signals,  # noqa: F401  (listings follow cancelled grants)
        )
        from .demo import add_demo_listings
        from .selectors import headline_figures

        register_demo(add_demo_listings)
        register_headline_figures(headline_figures)
