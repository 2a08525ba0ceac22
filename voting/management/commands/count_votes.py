"""Count a Pabulib file: `python manage.py count_votes FILE.pb --rule mes-add1 --json`.

The same command as `python -m voting.core count ...` (which needs no Django): both run
`voting.core.cli.run`. From the command line, `manage.py` runs this command without starting
Django at all (see `manage.py`); this class is what `call_command` and `manage.py help` use.
"""

from django.core.management.base import BaseCommand, CommandError

from voting.core.cli import COUNT_DESCRIPTION, CountError, add_count_arguments, run


class Command(BaseCommand):
    help = COUNT_DESCRIPTION

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
