"""Count a Pabulib file: `python manage.py count_votes FILE.pb --rule mes-add1 --json`.

The same command as `python -m voting.core count ...` (which needs no Django): both run
`voting.core.cli.run`.
"""

from django.core.management.base import BaseCommand, CommandError

from voting.core.cli import CountError, add_count_arguments, run


class Command(BaseCommand):
    help = (
        "Count the votes in a Pabulib .pb file with greedy, mes or mes-add1 and print who is "
        "funded (as one JSON object with --json)."
    )

    def add_arguments(self, parser):
        add_count_arguments(parser)

    def handle(self, *args, **options):
        try:
            text = run(
                options["file"],
                options["rule"],
                as_json=options["json"],
                complete_greedily=options["complete_greedily"],
            )
        except CountError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(text)
