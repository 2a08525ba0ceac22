"""``python -m voting.core count FILE.pb --rule mes --json`` (see :mod:`voting.core.cli`)."""

import sys

from .cli import main

sys.exit(main())
