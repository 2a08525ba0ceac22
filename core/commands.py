"""What the daily management commands share: `--today`, to judge as if it were another day."""

from datetime import datetime, time

from django.core.management.base import CommandError
from django.utils import timezone


def add_today_argument(parser):
    parser.add_argument(
        "--today", help="Judge as if today were this date (YYYY-MM-DD), for checking."
    )


def moment_of(today):
    """Noon on the `--today` date (aware), or None when it was not given."""
    if not today:
        return None
    try:
        day = datetime.strptime(today, "%Y-%m-%d").date()
    except ValueError as exc:
        raise CommandError("--today must be a date like 2027-03-31.") from exc
    return timezone.make_aware(datetime.combine(day, time(12)))
