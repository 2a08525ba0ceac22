from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from grants.demo import DEMO_USERS, seed


class Command(BaseCommand):
    help = "Load Seedbed's demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
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
