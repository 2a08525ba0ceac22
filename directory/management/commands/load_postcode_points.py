"""Load postcode centres (for "What's on near you"): `manage.py load_postcode_points nspl.csv`."""

from django.core.management.base import BaseCommand, CommandError

from reports.areas import AreaDataError

from ...models import Listing
from ...services.locations import place, postcode_points_load


class Command(BaseCommand):
    help = "Load postcode centres (lat, long) from an ONS postcode lookup CSV."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            count = postcode_points_load(path)
        except (AreaDataError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        placed = 0
        for listing in Listing.objects.all():
            place(listing)
            Listing.objects.filter(pk=listing.pk).update(
                latitude=listing.latitude, longitude=listing.longitude
            )
            placed += listing.latitude is not None
        self.stdout.write(f"Loaded {count} postcode points; {placed} listings placed on the map.")
