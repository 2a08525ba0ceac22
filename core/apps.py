from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Audit trail"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import audit  # noqa: F401  (connects the audit receiver to every transition)
        from .languages import keep_choice_on_sign_in

        # A language chosen before signing in is kept on the account.
        user_logged_in.connect(keep_choice_on_sign_in, dispatch_uid="seedbed_language")
