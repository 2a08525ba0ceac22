"""Background work every app shares: sending emails.

Emails always go through a task, so a slow mail server never holds up a page; in production a
worker (`manage.py run_worker`) sends them. The task carries only the id of the email's row
(`core.outbox`), which says whether it still needs sending: a task run twice, or run again after
a worker stopped, never sends an email twice. `sweep` queues again what needs it (run by
`run_worker` every few seconds, or by `manage.py sweep_emails`)."""

import logging

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import outbox
from .audit import record_event

log = logging.getLogger(__name__)

# Sign-in codes go before other work: someone is waiting at the sign-in page.
URGENT_PRIORITY = 50


@task
def deliver_email(email_id: int) -> str:
    return outbox.deliver(email_id) or ""


@task
def send_email(
    to: list[str], subject: str, body: str, html: str = "", reply_to: list[str] | None = None
) -> str:
    """The task earlier versions queued with the whole email: one still in the queue when this
    version is deployed is kept as a row now, then sent like any other."""
    email, _ = outbox.record(to, subject, body, html=html, reply_to=reply_to)
    return outbox.deliver(email.pk) or ""


def queue(email_id, *, urgent=False):
    """Queue the task that sends one `OutgoingEmail`."""
    job = deliver_email.using(priority=URGENT_PRIORITY) if urgent else deliver_email
    job.enqueue(email_id)


def sweep(now=None):
    """Queue again every email that needs it (see `outbox.due_again`), close the queue's record
    of sends whose worker stopped, and forget emails sent long ago. Returns how many emails
    were queued."""
    now = now or timezone.now()
    due = outbox.due_again(now)
    for email_id, urgent in due:
        queue(email_id, urgent=urgent)
    _close_abandoned_sends(now)
    outbox.forget_old(now)
    if due:
        log.info("Queued %s email(s) again", len(due))
    return len(due)


def _close_abandoned_sends(now):
    """A worker killed while sending leaves its task "running" in the queue's table forever.
    Once the lease is over the email itself has been queued again, so that record is closed
    as failed, saying why."""
    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=deliver_email.module_path,
        started_at__lt=now - outbox.lease(),
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="core.tasks.WorkerStopped",
        traceback="The worker stopped while sending. The email was queued again.",
    )


def resend(emails, *, by):
    """An admin's "send again": each failed email back to waiting and queued, recorded in the
    audit trail. Emails that had not failed are left as they are. Returns (sent again,
    refused)."""
    sent_again = refused = 0
    for email in emails:
        if not outbox.put_back_for_sending(email):
            refused += 1
            continue
        record_event(
            email,
            "send_again",
            f"Sent again from the admin site. The last try said: {email.last_error}",
            by=by,
            source=outbox.Status.FAILED,
            state=outbox.Status.WAITING,
        )
        queue(email.pk, urgent=email.urgent)
        sent_again += 1
    return sent_again, refused
