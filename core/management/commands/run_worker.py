"""The background worker: django-tasks-db's worker, with the email sweep (`core.tasks.sweep`)
when it starts and every `--sweep-every` seconds, so emails that failed, or that a stopped
worker was sending, are sent again without anyone doing anything.

Run one or more of these beside the web processes (see the README's deployment section). Stop
it with SIGTERM: it finishes the task in hand first. A worker killed outright loses nothing:
what it was sending is taken back once its lease is over.
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import (
    Worker,
    valid_backend_name,
    valid_interval,
    validate_worker_id,
)

from core.tasks import sweep

log = logging.getLogger("core.worker")


class Command(BaseCommand):
    help = "Run the background worker: queued tasks, and sending emails again when needed."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="Queues, comma separated.")
        parser.add_argument(
            "--interval", type=valid_interval, default=1, help="Seconds between looks at the queue."
        )
        parser.add_argument(
            "--sweep-every",
            type=valid_interval,
            default=30,
            help="Seconds between looks for emails to send again (default 30).",
        )
        parser.add_argument("--backend", type=valid_backend_name, default="default")
        parser.add_argument("--worker-id", type=validate_worker_id, default=None)

    def handle(self, *args, **options):
        if options["verbosity"] < 2:
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=True,  # each run does what is queued, then comes back here
            backend_name=options["backend"],
            startup_delay=False,
            max_tasks=None,
            worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write(f"Worker {worker.worker_id} started.")
        next_sweep = 0.0
        while worker.running:
            if time.monotonic() >= next_sweep:
                self.sweep()
                next_sweep = time.monotonic() + options["sweep_every"]
            worker.run()
            if worker.running:
                time.sleep(options["interval"])

    def sweep(self):
        close_old_connections()
        try:
            sweep()
        except OperationalError:  # the database busy or away for a moment: next time
            log.warning("The email sweep could not run; trying again shortly.", exc_info=True)
