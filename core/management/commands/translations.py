"""Update, compile and check the translation catalogs, with Python alone (no GNU gettext).

    manage.py translations update --catalog NAME   # marked strings into each .po; compile
    manage.py translations compile   # .po -> .mo, after translating
    manage.py translations check     # what is untranslated, wrong or not compiled (exit 1)

`--catalog NAME` and `--language CODE` narrow any of them. See docs/translating.md.
"""

from django.core.management.base import BaseCommand, CommandError

from core import translations


class Command(BaseCommand):
    help = "Update, compile or check the translation catalogs (pure Python)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check"])
        parser.add_argument("--catalog", choices=translations.catalogs())
        parser.add_argument("--language", choices=translations.languages())
        parser.add_argument(
            "--all", action="store_true", help="update every catalog (else name one)"
        )

    def handle(self, action, catalog=None, language=None, **options):
        if action == "update" and not (catalog or options["all"]):
            raise CommandError(
                "Name the catalog to update (--catalog NAME), or --all: updating a catalog "
                "whose strings are marked on another branch would drop them."
            )
        chosen_catalogs = [catalog] if catalog else translations.catalogs()
        chosen_languages = [language] if language else translations.languages()
        found = []
        for name in chosen_catalogs:
            template = translations.template_for(name) if action != "compile" else None
            for code in chosen_languages:
                if action == "update":
                    path = translations.update(name, code, template)
                    self.stdout.write(f"{path}: {len(template)} messages")
                elif action == "compile":
                    translations.compile_catalog(name, code)
                else:
                    found += translations.problems(name, code, template)
        if action == "check":
            for line in found:
                self.stdout.write(line)
            if found:
                raise CommandError(f"{len(found)} problems in the translations.")
            self.stdout.write("Every catalog is complete and compiled.")
