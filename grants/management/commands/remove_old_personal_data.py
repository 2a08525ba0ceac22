"""Remove the personal data of unsuccessful and withdrawn applications after the retention
period. Run once a day (cron, a systemd timer or a scheduler):

    python manage.py remove_old_personal_data            # SEEDBED_RETENTION_DAYS (365)
    python manage.py remove_old_personal_data --dry-run  # say what would be removed

See docs/personal-data.md for what is removed and what is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from core.commands import add_today_argument, moment_of
from grants.privacy import remove_old_personal_data, retention_days


class Command(BaseCommand):
    help = (
        "Remove personal data from unsuccessful and withdrawn applications that ended more "
        "than SEEDBED_RETENTION_DAYS days ago, keeping the figures (run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Keep personal data this many days (default: the setting)."
        )
        add_today_argument(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say which applications are due."
        )

    def handle(self, *args, days=None, today=None, dry_run=False, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        now = moment_of(today)
        days = retention_days() if days is None else days
        summary = remove_old_personal_data(days=days, now=now, dry_run=dry_run)
        for reference in summary.references:
            self.stdout.write(f"{'Due' if dry_run else 'Done'}: {reference}")
        if dry_run:
            self.stdout.write(
                f"{summary.applications} application(s) would lose their personal data "
                f"(ended more than {days} days ago). Nothing was changed."
            )
        else:
            self.stdout.write(self.style.SUCCESS(str(summary)))
