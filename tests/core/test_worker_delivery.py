"""Emails survive a worker killed mid-send and a mail server that is away for a while.

These start real worker processes (`manage.py run_worker`, the production queue) and a real
SMTP server on loopback (tests/support/smtp_stub.py), and count what the mail server accepted:
exactly one delivery each time. The queue lives in a database of the same kind as the suite's:
an SQLite file, or — when DATABASE_URL names a PostgreSQL server — a throwaway database made on
that server for the test and dropped after it.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import psycopg
import psycopg.rows
import pytest

from tests.support.smtp_stub import SmtpStub

ROOT = Path(__file__).resolve().parent.parent.parent
WORKER = ["run_worker", "--interval", "0.2", "--sweep-every", "0.5"]
QUEUE_ONE_EMAIL = (
    "from core import notify; "
    "notify.email('sam@example.com', 'panel_invitation', {'member': {'name': 'Sam'}}, key='vote-open:sam')"
)

pytestmark = pytest.mark.timeout(90)


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Gave up waiting after {timeout} s for: {what}")


class Deployment:
    """A Seedbed deployment in a temporary folder: its database file, its mail server, and the
    worker processes started on it."""

    def __init__(self, folder, smtp):
        self.smtp = smtp
        self.workers = []
        self.server = os.environ.get("DATABASE_URL", "")
        if self.server.startswith(("postgres://", "postgresql://")):
            self.name = f"seedbed_worker_{uuid.uuid4().hex[:12]}"
            self._on_server(f'CREATE DATABASE "{self.name}"')
            url = self.server.rsplit("/", 1)[0] + "/" + self.name
        else:
            self.name = None
            self.db = folder / "seedbed.sqlite3"
            url = f"sqlite:///{self.db}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.core.worker_settings",
            "DATABASE_URL": url,
            "SEEDBED_TEST_SMTP_PORT": str(smtp.port),
            "PYTHONPATH": str(ROOT),
        }
        self.url = url
        self.manage("migrate", "--run-syncdb", "-v0")

    def _on_server(self, statement):
        # The server's own "postgres" database: the one DATABASE_URL names may not exist
        # (pytest-django tests in test_<name>).
        with psycopg.connect(self.server.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute(statement)

    def rows(self, sql):
        """The rows of a query on the deployment's own database, as dicts."""
        if self.name is None:
            with sqlite3.connect(self.db, timeout=20) as db:
                db.row_factory = sqlite3.Row
                return [dict(row) for row in db.execute(sql)]
        with psycopg.connect(self.url, row_factory=psycopg.rows.dict_row) as db:
            return db.execute(sql).fetchall()

    def manage(self, *args):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, timeout=60
        )

    def queue(self, code=QUEUE_ONE_EMAIL):
        self.manage("shell", "-c", code)

    def start_worker(self):
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *WORKER],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def emails(self):
        return self.rows(
            "SELECT status, attempts, last_tried_at, next_try_at, last_error "
            "FROM core_outgoingemail ORDER BY id"
        )

    def task_statuses(self):
        """The queue's record of each task run, in the order queued."""
        return [
            row["status"]
            for row in self.rows(
                "SELECT status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
            )
        ]

    def stop(self):
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait(10)
        if self.name is not None:
            self._on_server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def deployment(tmp_path):
    smtp = SmtpStub()
    made = Deployment(tmp_path, smtp)
    yield made
    made.stop()
    smtp.stop()


def test_a_worker_killed_mid_send_leaves_the_email_to_be_sent_once_after_a_restart(deployment):
    smtp = deployment.smtp.start()
    smtp.hang_on_data = 1  # the first send stops at DATA, unanswered
    deployment.queue()
    worker = deployment.start_worker()
    assert smtp.hanging.wait(20), "the worker never reached the mail server"
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    assert smtp.delivered == []

    deployment.start_worker()  # the process supervisor starts a new worker
    wait_for(lambda: len(smtp.delivered) == 1, 20, "the email to arrive after the restart")
    time.sleep(2.5)  # more sweeps and a whole lease later: still one
    assert len(smtp.delivered) == 1
    assert smtp.delivered[0]["To"] == "sam@example.com"
    [row] = deployment.emails()
    assert row["status"] == "sent"
    assert row["attempts"] == 2
    # The killed worker's task is no longer "running" for ever: closed, saying why. (A task
    # the sweep queued for the same email, if any, found it taken and sent nothing.)
    statuses = deployment.task_statuses()
    assert statuses[0] == "FAILED"
    assert set(statuses[1:]) == {"SUCCESSFUL"}


def test_an_email_waits_for_the_mail_server_and_is_delivered_once_when_it_returns(deployment):
    smtp = deployment.smtp  # not started: the mail server is down
    deployment.queue()
    deployment.start_worker()
    wait_for(
        lambda: (
            deployment.emails()[0]["attempts"] >= 2 and deployment.emails()[0]["status"] == "failed"
        ),
        20,
        "two failed tries while the mail server is down",
    )
    [row] = deployment.emails()
    assert "ConnectionRefusedError" in row["last_error"]
    # Back-off: 1 s after the first failure, then twice as long after each one.
    wait = _seconds(row["next_try_at"]) - _seconds(row["last_tried_at"])
    assert wait == pytest.approx(2 ** (row["attempts"] - 1), abs=0.01)
    assert smtp.delivered == []

    smtp.start()  # the mail server is back
    wait_for(lambda: len(smtp.delivered) == 1, 20, "the email to arrive once the server is back")
    time.sleep(2.5)
    assert len(smtp.delivered) == 1
    [after] = deployment.emails()
    assert after["status"] == "sent"
    assert after["attempts"] > row["attempts"]


def _seconds(stamp):
    """A stored time in seconds: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(stamp, str):
        stamp = datetime.fromisoformat(stamp)
    return stamp.timestamp()
