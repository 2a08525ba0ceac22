"""Count a Pabulib file: `python manage.py count_votes FILE.pb --rule mes-add1 --json`."""

import json

from django.core.management.base import BaseCommand, CommandError

from voting.core import RULES
from voting.services.pabulib import PabulibError, outcome_as_json, recount


class Command(BaseCommand):
    help = (
        "Count the votes in a Pabulib .pb file with greedy, mes or mes-add1 and print who is "
        "funded (as one JSON object with --json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .pb file")
        parser.add_argument("--rule", choices=RULES, default="mes-add1")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--complete-greedily",
            action="store_true",
            help="after an equal-shares rule, spend what is left on the most supported projects",
        )

    def handle(self, *args, **options):
        try:
            election, outcome = recount(
                options["file"], options["rule"], complete_greedily=options["complete_greedily"]
            )
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {options['file']}") from exc
        except (PabulibError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"Could not read {options['file']}: {exc}") from exc
        data = outcome_as_json(election, outcome)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(outcome.summary or f"{len(outcome.selected)} projects selected")
        self.stdout.write(f"Spent {outcome.spent} of {outcome.budget}")
        for pid in outcome.selected:
            self.stdout.write(f"  {pid}: {outcome.results[pid].reason}")
