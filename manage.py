#!/usr/bin/env python
import os
import sys

# Commands that need no settings, apps or database start at once: Django is never loaded.
WITHOUT_DJANGO = {"count_votes"}


def main():
    if len(sys.argv) > 1 and sys.argv[1] in WITHOUT_DJANGO:
        from voting.core.cli import count_votes_main

        sys.exit(count_votes_main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
