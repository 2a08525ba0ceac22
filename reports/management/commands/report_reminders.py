from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.services import reports_run_daily


class Command(BaseCommand):
    help = (
        "The daily reports run: schedule reports for accepted awards that have none, open "
        "reports whose time has come, and send 'due soon' (14 days before) and 'overdue' "
        "(7 days after) reminders, each once. Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Judge as if it were this moment (ISO format, e.g. 2027-03-01T09:00). "
            "For testing and catching up.",
        )

    def handle(self, *args, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError("--now must be a date and time like 2027-03-01T09:00.") from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        done = reports_run_daily(now=moment)
        self.stdout.write(
            "Reports: {scheduled} award(s) scheduled, {opened} opened, {ready} 'ready' email(s), "
            "{before} 'due soon' reminder(s), {overdue} 'overdue' reminder(s).".format(**done)
        )
