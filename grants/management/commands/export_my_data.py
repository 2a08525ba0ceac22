"""Everything Seedbed holds about one person, as JSON (a subject-access request):

    python manage.py export_my_data person@example.org > their-data.json
    python manage.py export_my_data person@example.org --output their-data.json

Signed-in people can download the same file themselves from "Your page" → "Download your data".
Ballots are secret, so how someone voted is never in it (the file says so).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.models import User
from grants.privacy import export_personal_data_json, record_export


class Command(BaseCommand):
    help = "Write everything Seedbed holds about one person (by email address) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's email address.")
        parser.add_argument("--output", "-o", help="Write to this file instead of the screen.")

    def handle(self, *args, email, output=None, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody with the email address {email} has an account.")
        text = export_personal_data_json(user)
        record_export(user, reason="Exported by an operator with manage.py export_my_data.")
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote {len(text):,} characters to {output}.")
        else:
            self.stdout.write(text)
