"""`seed_demo` runs only on development and test settings (issue 15, finding 7).

The demo makes admin@seedbed.example, whose authenticator secret is in the source, and sends
emails: on a live site that is a way in. Elsewhere it needs `--demo-on-this-database`, and
warns.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from grants.models import User

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_refuses_where_demo_data_is_not_allowed(settings):
    settings.SEEDBED_DEMO_DATA_ALLOWED = False
    before = User.objects.count()
    with pytest.raises(CommandError, match="--demo-on-this-database"):
        call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == before
    assert not User.objects.filter(email="admin@seedbed.example").exists()


@pytest.mark.django_db
def test_seed_demo_runs_when_told_in_so_many_words_and_warns(settings):
    settings.SEEDBED_DEMO_DATA_ALLOWED = False
    err = io.StringIO()
    call_command("seed_demo", "--demo-on-this-database", stdout=io.StringIO(), stderr=err)
    assert "WARNING" in err.getvalue() and "PUBLISHED" in err.getvalue()
    assert User.objects.filter(email="admin@seedbed.example").exists()


def test_production_settings_refuse_the_demo():
    """The real production settings, in a fresh process: the command stops before it touches
    any database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "pR0d-5ecret_vAlue-9f8e7d6c5b4a3210-ZyXwVuTsRqPoNmLkJiHgFeDcBa",
        "ALLOWED_HOSTS": "grants.example.org",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(  # noqa: S603 (our own fixed command, run by this Python)
        [sys.executable, "manage.py", "seed_demo", "--skip-checks"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Refusing to load the demo data" in result.stderr
