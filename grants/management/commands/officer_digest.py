"""Email each funder's officers what needs looking at (offers lapsing or lapsed, payments due,
money to get back, reports overdue). Run once a day after `lapse_offers` and
`report_reminders`, for example: `python manage.py officer_digest`."""

from django.core.management.base import BaseCommand

from core.commands import add_today_argument, moment_of
from grants.services.digest import officer_digests_send


class Command(BaseCommand):
    help = "Email each funder's officers what needs looking at today (run daily)."

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, today=None, **options):
        sent = officer_digests_send(now=moment_of(today))
        self.stdout.write(
            self.style.SUCCESS(f"Digest sent for {sent} funder{'s' if sent != 1 else ''}.")
        )
