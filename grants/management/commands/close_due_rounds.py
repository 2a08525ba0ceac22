"""Close the rounds whose closing date has passed.

Run it every few minutes from cron or a systemd timer, for example:
    */5 * * * *  cd /srv/seedbed && uv run python manage.py close_due_rounds
The first request after a closing date also closes the round (grants.middleware), so a missed
run only means the round's stage changes a little later; nobody can apply late either way.
"""

from django.core.management.base import BaseCommand

from grants.services.rounds import rounds_close_due


class Command(BaseCommand):
    help = "Close every open round whose closing date has passed."

    def handle(self, *args, **options):
        closed = rounds_close_due()
        for rnd in closed:
            self.stdout.write(
                f"Closed “{rnd.title}” (closing date {rnd.closes_at:%d %b %Y %H:%M})."
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(closed)} round{'s' if len(closed) != 1 else ''} closed.")
        )
