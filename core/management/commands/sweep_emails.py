"""Queue again the emails that need it: failed ones whose wait is over, and ones a stopped
worker was sending. `run_worker` does this every few seconds; this runs it once (from cron,
say, beside a plain `db_worker`)."""

from django.core.management.base import BaseCommand

from core.tasks import sweep


class Command(BaseCommand):
    help = "Queue again emails that failed or whose worker stopped (run_worker does this too)."

    def handle(self, *args, **options):
        count = sweep()
        self.stdout.write(f"Queued {count} email(s) again.")
