"""Lapse offers not accepted by their deadline. Run once a day (cron, a systemd timer, or a
scheduler), for example: `python manage.py lapse_offers`."""

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from awards.services.offers import lapse_overdue_offers


class Command(BaseCommand):
    help = "Lapse offers whose 'accept by' date has passed (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Judge as if today were this date (YYYY-MM-DD), for checking."
        )

    def handle(self, *args, today=None, **options):
        now = None
        if today:
            try:
                day = datetime.strptime(today, "%Y-%m-%d").date()
            except ValueError as exc:
                raise CommandError("--today must be a date like 2027-03-31.") from exc
            now = timezone.make_aware(datetime.combine(day, time(12)))
        lapsed = lapse_overdue_offers(now=now)
        for award in lapsed:
            self.stdout.write(f"Lapsed: {award.reference} ({award.group.name})")
        self.stdout.write(self.style.SUCCESS(f"{len(lapsed)} offer(s) lapsed."))
