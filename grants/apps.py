from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Funders, rounds and applications"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the grants rules, "view_staff_pages" among them)
            privacy,  # noqa: F401  (pseudonymises the audit trail when an account is deleted)
            signals,  # noqa: F401  (connects the sign-in receiver)
        )
        from .accounts import install_sign_in_by_code

        install_sign_in_by_code()
