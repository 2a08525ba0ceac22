"""`manage.py directory_daily`: remind groups to confirm their listings; hide stale ones."""

from django.core.management.base import BaseCommand

from ...services.upkeep import listings_run_daily


class Command(BaseCommand):
    help = "Remind groups to confirm their directory listings, and hide those unconfirmed."

    def handle(self, *args, **options):
        done = listings_run_daily()
        self.stdout.write(f"Reminded {done['reminded']}; hid {done['hidden']}.")
