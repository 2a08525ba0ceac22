"""Export a funder's grants as 360Giving open data (JSON, CSV or XLSX, from the file's ending).

    python manage.py export_360giving --funder riverside-icb --output grants.json
    python manage.py export_360giving --funder riverside-icb --round healthy-neighbours-2026 \
        --output grants.xlsx
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.selectors import funder_by_slug, round_of_funder

from ... import open_data


class Command(BaseCommand):
    help = "Export a funder's awarded grants as 360Giving data (JSON, CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--funder", required=True, help="The funder's slug.")
        parser.add_argument("--round", dest="round_slug", help="Only this round (its slug).")
        parser.add_argument(
            "--output", required=True, help="File to write: .json, .csv or .xlsx ('-': stdout)."
        )
        parser.add_argument(
            "--validate",
            action="store_true",
            help="Check the JSON against the 360Giving schema in SEEDBED_360GIVING_SCHEMA (fails if invalid or not set), and list what Seedbed's own checks find missing.",
        )

    def handle(self, *args, funder, round_slug, output, validate, **options):
        found = funder_by_slug(funder)
        if found is None:
            raise CommandError(f"No funder with the slug {funder!r}.")
        rnd = None
        if round_slug:
            rnd = round_of_funder(found, round_slug)
            if rnd is None:
                raise CommandError(f"{found.name} has no round with the slug {round_slug!r}.")
        data = open_data.package(found, rnd)
        if not data["grants"]:
            raise CommandError(
                "There are no accepted grants to publish yet (360Giving needs at least one)."
            )
        if validate:
            try:
                errors = open_data.validation_errors(data)
            except open_data.SchemaNotSet as missing:
                raise CommandError(str(missing)) from None
            if errors:
                raise CommandError("Not valid 360Giving data:\n" + "\n".join(errors[:20]))
            notes = open_data.quality_notes(data)
            if notes:
                self.stderr.write("Valid, but it could say more:\n" + "\n".join(notes))
        suffix = Path(output).suffix.lower()
        if suffix == ".csv":
            content = open_data.to_csv(data).encode("utf-8")
        elif suffix == ".xlsx":
            content = open_data.to_xlsx(data)
        else:
            content = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        if output == "-":
            self.stdout.write(content.decode("utf-8"))
            return
        Path(output).write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(data['grants'])} grant(s) for {found.name} to {output}")
        )
