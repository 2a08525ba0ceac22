from django.core.management.base import BaseCommand, CommandError

from reports import areas


class Command(BaseCommand):
    help = (
        "Load area data for the outcomes dashboard: a postcode lookup (postcode → LSOA and ward, "
        "from the ONS) and/or the Index of Multiple Deprivation (LSOA → decile, from MHCLG). "
        "Safe to run again: rows are updated, not duplicated. See reports/areas.py for the "
        "columns expected."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postcodes", help="CSV file: ONS postcode lookup (pcds, lsoa21cd…)")
        parser.add_argument("--imd", help="CSV file: IMD File 1 (LSOA code, IMD decile)")

    def handle(self, *args, postcodes=None, imd=None, **options):
        if not postcodes and not imd:
            raise CommandError("Give --postcodes FILE.csv, --imd FILE.csv, or both.")
        try:
            if postcodes:
                count = areas.load_postcodes(postcodes)
                self.stdout.write(f"Postcodes loaded: {count:,}")
            if imd:
                count = areas.load_deprivation(imd)
                self.stdout.write(f"Small areas with a deprivation decile loaded: {count:,}")
        except FileNotFoundError as exc:
            raise CommandError(f"File not found: {exc.filename}") from exc
        except areas.AreaDataError as exc:
            raise CommandError(str(exc)) from exc
        linked = areas.link_deciles()
        self.stdout.write(self.style.SUCCESS(f"Done. {linked:,} postcodes checked for a decile."))
