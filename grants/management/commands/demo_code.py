import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from grants.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current authenticator code of the demo staff accounts (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Only available when DEBUG is on (the demo set-up).")
        counter = int(time.time()) // 30
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"Authenticator code for the demo staff accounts: {code}")
        self.stdout.write(f"(or add the secret {DEMO_TOTP_SECRET} to an authenticator app)")
