"""Settings for the worker processes the email-delivery tests start: the test settings, with
the production queue (django-tasks-db, in the SQLite file named by DATABASE_URL) and mail sent
by SMTP to the test's own server on loopback (SEEDBED_TEST_SMTP_PORT). The retry timings are
short so the tests stay quick."""

import os

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "127.0.0.1",
            "port": int(os.environ.get("SEEDBED_TEST_SMTP_PORT", "2525")),
            "use_tls": False,
            "timeout": 5,
        },
    }
}
SEEDBED_EMAIL = {
    "LEASE_SECONDS": float(os.environ.get("SEEDBED_TEST_EMAIL_LEASE", "3")),
    "FIRST_RETRY_SECONDS": 1,
    "LONGEST_WAIT_SECONDS": 8,
    "MOST_ATTEMPTS": 5,
    "KEEP_SENT_DAYS": 30,
}


class _NoMigrations(dict):
    """Tables made straight from the models (`migrate --run-syncdb`): quick, and what the
    worker needs."""

    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
