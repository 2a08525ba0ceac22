"""`manage.py seed_demo`: the demo's people and data (safe to run again).

The demo has an admin whose authenticator secret is published in the source, and sends emails.
So it runs only where the settings allow demo data (`SEEDBED_DEMO_DATA_ALLOWED`: development and
tests), or when told in so many words: `--demo-on-this-database`, with a warning.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from grants.demo import DEMO_USERS, seed

FLAG = "--demo-on-this-database"


class Command(BaseCommand):
    help = (
        "Load Seedbed's demo data (safe to run again: nothing is duplicated). Development and "
        f"test settings only, unless {FLAG} is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            FLAG,
            dest="demo_on_this_database",
            action="store_true",
            help="Load the demo even though these settings are not for development or tests. "
            "It makes an admin whose authenticator secret is public: never on a live site.",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "SEEDBED_DEMO_DATA_ALLOWED", False):
            if not options["demo_on_this_database"]:
                raise CommandError(
                    "Refusing to load the demo data: these settings "
                    f"({settings.SETTINGS_MODULE}) are not for development or tests. The demo "
                    "makes an admin whose authenticator secret is published and sends emails. "
                    f"If this database really is for a demo, run again with {FLAG}."
                )
            self.stderr.write(
                self.style.WARNING(
                    "WARNING: loading the demo data on a database whose settings are not for "
                    "development or tests. It has admin@seedbed.example with a PUBLISHED "
                    "authenticator secret: anyone who reads the source can sign in as admin if "
                    "they can read that mailbox. Never do this on a live site."
                )
            )
        # The demo's own emails (offers, reminders...) are kept out of the terminal, so the
        # sign-in codes people need later are easy to find.
        quiet = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        with override_settings(MAILERS=quiet):
            funder, rnd, _users = seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {funder.name}, “{rnd.title}”."))
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/code/ as any of these.")
        self.stdout.write(
            "The sign-in code is printed in this terminal (the demo 'sends' email here)."
        )
        self.stdout.write("")
        for email, name, role, about in DEMO_USERS:
            self.stdout.write(f"  {role.replace('_', ' '):<14} {email:<30} {name} — {about}")
        self.stdout.write("")
        self.stdout.write(
            "Staff (officer, funder viewer, admin) also need an authenticator code: run\n"
            "  uv run python manage.py demo_code\n"
            "to print the current one for the demo accounts."
        )
