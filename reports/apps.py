from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and outcomes"

    def ready(self):
        from awards.open_data_places import register_ward_lookup
        from core.demo import register_demo

        from . import (
            attention,  # noqa: F401  (registers what officers hear about)
            permissions,  # noqa: F401  (registers the report rules)
            privacy,  # noqa: F401  (registers its personal data)
            signals,  # noqa: F401  (reports follow changes to their award)
        )
        from .areas import wards_of_postcodes
        from .demo import add_demo_reports

        register_demo(add_demo_reports)
        # Open data publishes each grant's ward from the group's postcode and the area data.
        register_ward_lookup(wards_of_postcodes)
