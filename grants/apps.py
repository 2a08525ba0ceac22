from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Funders, rounds and applications"

    def ready(self):
        from .accounts import install_sign_in_by_code

        install_sign_in_by_code()
