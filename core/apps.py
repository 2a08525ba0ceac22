import atexit

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Audit trail"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from . import audit  # noqa: F401  (connects the audit receiver to every transition)
        from .languages import keep_choice_on_sign_in
        from .page_cache import stamp_waiting_writes, watch_connection

        # A language chosen before signing in is kept on the account.
        user_logged_in.connect(keep_choice_on_sign_in, dispatch_uid="seedbed_language")

        # Every write gives the tables it touches a new stamp, so kept pages are never stale.
        connection_created.connect(watch_connection, dispatch_uid="seedbed_page_cache")
        request_finished.connect(stamp_waiting_writes, dispatch_uid="seedbed_page_cache_stamps")
        atexit.register(stamp_waiting_writes)
