"""Words Django itself shows people that its own Welsh and Urdu translations lack.

Marked here so they are in Seedbed's `core` catalog (which Django reads before its own); see
docs/translating.md. Nothing imports this module: it exists to be read by the translations
command.
"""

from django.utils.translation import gettext_noop

WORDS = [
    gettext_noop("- Select an option -"),  # a list to choose from, before anything is chosen
]
