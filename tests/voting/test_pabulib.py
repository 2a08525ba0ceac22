"""Pabulib out (a round's vote, only after close) and in (`count_votes`, the recount page)."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.voting.helpers import approve
from voting.core import count, parse_pb, read_pb
from voting.services.decision import vote_close_and_count

REPO = Path(__file__).resolve().parents[2]


def pabulib_dir():
    """The real elections: $SEEDBED_PABULIB_DIR, else ../shared/pabulib beside the repository
    (public data the project does not carry in its own history)."""
    configured = os.environ.get("SEEDBED_PABULIB_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "pabulib"


def shared_file(name=None):
    folder = pabulib_dir()
    if not (folder.is_dir() and any(folder.glob("*.pb"))):
        message = (
            f"SHARED PABULIB DATA MISSING: no .pb files in {folder} (they live in "
            "../shared/pabulib beside the repository, or set SEEDBED_PABULIB_DIR)"
        )
        if os.environ.get("SEEDBED_REQUIRE_SHARED") == "1":
            pytest.fail(message + "; SEEDBED_REQUIRE_SHARED=1 makes this a failure", pytrace=False)
        pytest.skip(message + "; set SEEDBED_REQUIRE_SHARED=1 to make this a failure")
    files = sorted(folder.glob("*.pb"), key=lambda p: p.stat().st_size)
    if name:
        files = [f for f in files if f.name == name] or files
    return files[0]


@pytest.mark.django_db
def test_export_after_close_recounts_the_same(approval_vote, officer, client_for):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[0], apps[1], apps[2])
    approve(vote, users[1], apps[0], apps[2])
    approve(vote, users[2], apps[2])
    vote = vote_close_and_count(vote, by=officer)
    response = client_for(officer).get(reverse("staff_vote_export", args=[rnd.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-vote.pb"')
    election = parse_pb(response.content.decode())
    assert election.budget == 1500 and set(election.projects) == {a.reference for a in apps}
    assert sorted(map(sorted, election.approvals)) == sorted(
        [
            sorted([apps[1].reference, apps[2].reference]),
            sorted([apps[0].reference, apps[2].reference]),
            [apps[2].reference],
        ]
    )
    again = count(election, vote.rule)
    assert again.selected == vote.outcome["selected"]
    text = response.content.decode()
    # The file names the tie-break rule it was counted with, and says what it means.
    assert "\ntie_break;lower_cost_then_more_supporters_then_id\n" in text
    assert "\ntie_break_meaning;When projects tie, the one that costs less goes first." in text
    assert election.tie_break == "lower_cost_then_more_supporters_then_id"
    for user in users:
        assert user.email not in text and user.name not in text


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
def test_count_votes_command_prints_json(rule):
    path = shared_file()
    out = StringIO()
    call_command("count_votes", str(path), "--rule", rule, "--json", stdout=out)
    data = json.loads(out.getvalue())
    expected = count(read_pb(path), rule)
    assert data["selected"] == expected.selected
    assert data["spent"] == expected.spent and data["budget"] == expected.budget
    assert set(data["results"]) == set(read_pb(path).projects)
    assert all(r["reason"] for r in data["results"].values())


def test_count_votes_command_plain_text():
    path = shared_file()
    out = StringIO()
    call_command("count_votes", str(path), "--rule", "greedy", stdout=out)
    assert "Spent" in out.getvalue()


def test_count_votes_command_bad_input(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("count_votes", str(tmp_path / "missing.pb"), "--rule", "mes", "--json")
    bad = tmp_path / "bad.pb"
    bad.write_text("this is not pabulib")
    with pytest.raises(CommandError, match="Could not read"):
        call_command("count_votes", str(bad), "--rule", "mes", "--json")
    with pytest.raises(CommandError):
        call_command("count_votes", str(bad), "--rule", "nonsense", "--json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x80\x81\x00binary", "This file is not a Pabulib .pb file: it is not text"),
        (b"", "The file is empty"),
    ],
)
def test_count_votes_command_plain_messages(tmp_path, content, message):
    bad = tmp_path / "bad.pb"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        call_command("count_votes", str(bad), "--rule", "mes", "--json")
    assert str(caught.value) == f"Could not read {bad}: {message}"
    assert "codec" not in str(caught.value) and "META" not in str(caught.value)


@pytest.mark.django_db
def test_recount_page_shows_the_plain_message_for_a_binary_file(approval_vote, officer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rnd = approval_vote[0]
    response = client_for(officer).post(
        reverse("staff_vote_recount", args=[rnd.pk]),
        {"rule": "mes", "file": SimpleUploadedFile("bad.pb", b"\x80\x81\x00binary")},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This file is not a Pabulib .pb file: it is not text" in html
    assert "codec" not in html


STARTUP_PROBE = """
import runpy, sys
sys.argv = ["manage.py", "count_votes", *sys.argv[1:]]
try:
    runpy.run_path("manage.py", run_name="__main__")
except SystemExit as done:
    code = done.code
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print("\\nDJANGO-MODULES:", len(loaded), file=sys.stderr)
sys.exit(code)
"""


def run_manage_count_votes(*args):
    """`manage.py count_votes ...` as a fresh process, as an operator types it."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(  # noqa: S603  (our own command, no user input)
        [sys.executable, "-c", STARTUP_PROBE, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_count_votes_starts_without_loading_django():
    """Issue 20: `manage.py count_votes --help` took 1.3 s of Django start-up before any
    counting. Counting a file needs no settings, apps or database, so Django is never loaded."""
    done = run_manage_count_votes("--help")
    assert done.returncode == 0
    assert "usage: manage.py count_votes" in done.stdout
    assert "--rule {greedy,mes,mes-add1}" in done.stdout
    assert "DJANGO-MODULES: 0" in done.stderr


def test_manage_count_votes_counts_a_real_file_the_same_without_django():
    path = shared_file()
    done = run_manage_count_votes(str(path), "--rule", "mes", "--json")
    assert done.returncode == 0, done.stderr
    assert "DJANGO-MODULES: 0" in done.stderr
    assert json.loads(done.stdout)["selected"] == count(read_pb(path), "mes").selected


def test_manage_count_votes_says_plainly_what_is_wrong(tmp_path):
    done = run_manage_count_votes(str(tmp_path / "missing.pb"), "--rule", "mes")
    assert done.returncode == 1
    assert done.stderr.startswith(f"No such file: {tmp_path / 'missing.pb'}")
    assert "Traceback" not in done.stderr
