"""Lapse offers not accepted by their deadline. Run once a day (cron, a systemd timer, or a
scheduler), for example: `python manage.py lapse_offers`."""

from django.core.management.base import BaseCommand

from awards.services.offers import offers_lapse_overdue
from core.commands import add_today_argument, moment_of


class Command(BaseCommand):
    help = "Lapse offers whose 'accept by' date has passed (run daily)."

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, today=None, **options):
        now = moment_of(today)
        lapsed = offers_lapse_overdue(now=now)
        for award in lapsed:
            self.stdout.write(f"Lapsed: {award.reference} ({award.group.name})")
        self.stdout.write(self.style.SUCCESS(f"{len(lapsed)} offer(s) lapsed."))
