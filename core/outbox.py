"""Emails on their way: the `OutgoingEmail` rows, and the rules for sending each one once.

Every email is first a row, written in the same transaction as the work that causes it (an
offer, a decision, a sign-in code), so it is kept exactly when that work is kept. The
background task (`core.tasks.deliver_email`) carries only the row's id and:

1. claims the row (waiting → sending, one attempt more, held until the lease ends) in one
   conditional update, so two workers, or a task run twice, never both send it;
2. hands the message to the mail server;
3. marks the row sent (its body is then emptied), or failed with the time of the next try.

A worker killed while sending leaves the row "sending"; once its lease has passed the sweep
(`sweep`, run by `manage.py run_worker` every few seconds) puts it back to waiting and queues it
again. A failed row is queued again when its back-off has passed (1, 2, 4 … minutes, at most an
hour apart), until `MOST_ATTEMPTS`; after that an admin can send it again from the admin site.

What is promised: an email is never lost while its row exists, and never sent twice except in
one narrow case: a worker killed after the mail server accepted the message but before the row
was marked sent (a few milliseconds). Then it is sent again after the lease, with the same
Message-ID, which mail systems use to recognise the copy. So delivery is at least once, and
exactly once whenever the mail server had not yet accepted the message when a send was cut off.
"""

import hashlib
import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutgoingEmail

log = logging.getLogger(__name__)
Status = OutgoingEmail.Status

DEFAULTS = {
    # How long a worker may hold an email it is sending before the sweep takes it back. Longer
    # than any send can take (the SMTP timeout is 20 seconds a step).
    "LEASE_SECONDS": 300,
    "FIRST_RETRY_SECONDS": 60,
    "LONGEST_WAIT_SECONDS": 3600,
    "MOST_ATTEMPTS": 30,  # about a day of tries, an hour apart at the end
    "KEEP_SENT_DAYS": 90,  # then the record of a sent email is removed
}


def option(name):
    return getattr(settings, "SEEDBED_EMAIL", {}).get(name, DEFAULTS[name])


def lease():
    return timedelta(seconds=float(option("LEASE_SECONDS")))


def wait_after(attempts):
    """How long to wait before the next try after `attempts` tries: doubling, capped."""
    first = float(option("FIRST_RETRY_SECONDS"))
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), option("LONGEST_WAIT_SECONDS")))


def _lines(addresses):
    return "\n".join(a.strip() for a in addresses or [] if a and a.strip())


def record(to, subject, body, *, html="", reply_to=None, key=None, urgent=False):
    """The row for one email, and whether it is new. With a `key` already used, the existing
    row is returned and nothing new is made: the same message is never queued twice."""
    fields = {
        "to": _lines(to),
        "reply_to": _lines(reply_to),
        "subject": subject[:998],
        "body": body,
        "html": html or "",
        "urgent": urgent,
        "queued_at": timezone.now(),
    }
    if not key:  # a fresh key: nothing to look for, no clash to catch
        return OutgoingEmail.objects.create(key=f"random:{uuid.uuid4().hex}", **fields), True
    existing = OutgoingEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return OutgoingEmail.objects.create(key=key, **fields), True
    except IntegrityError:  # the same key queued at the same moment elsewhere
        return OutgoingEmail.objects.get(key=key), False


def message_id(email):
    """The same Message-ID on every try of one email, so a copy can be recognised."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "seedbed.invalid"
    digest = hashlib.sha256(email.key.encode()).hexdigest()[:24]
    return f"<seedbed.{email.pk}.{digest}@{domain}>"


def _message(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=email.recipients,
        reply_to=[line for line in email.reply_to.splitlines() if line] or None,
        headers={"Message-ID": message_id(email)},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def claim(email_id):
    """Take a waiting email for sending: True if this caller now holds it."""
    now = timezone.now()
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, status=Status.WAITING).update(
            status=Status.SENDING,
            attempts=F("attempts") + 1,
            last_tried_at=now,
            lease_until=now + lease(),
            next_try_at=None,
        )
    )


def error_summary(exc):
    """What went wrong, in one line, for the admin: the kind of error and its message (the
    email's own words are never in it)."""
    return f"{type(exc).__name__}: {exc}"[:500]


def deliver(email_id):
    """Send one email if it is waiting. Returns its status afterwards ("" if not found)."""
    if not claim(email_id):
        return OutgoingEmail.objects.filter(pk=email_id).values_list("status", flat=True).first()
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        _message(email).send()
    except Exception as exc:  # any failure of the mail server: try again later
        return _failed(email, exc)
    OutgoingEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        body="",
        html="",
        last_error="",
        lease_until=None,
    )
    return Status.SENT


def refused_for_good(exc):
    """Whether the mail server refused for good (a 5xx answer: no such mailbox, say), so
    trying again cannot help. A sign-in failure (the server's password changed) is not: once
    the settings are put right, waiting emails go by themselves."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def _failed(email, exc):
    gives_up = email.attempts >= int(option("MOST_ATTEMPTS")) or refused_for_good(exc)
    next_try = None if gives_up else email.last_tried_at + wait_after(email.attempts)
    OutgoingEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.FAILED, next_try_at=next_try, lease_until=None, last_error=error_summary(exc)
    )
    log.warning(
        "Email %s not sent (try %s, %s): %s",
        email.pk,
        email.attempts,
        "no more tries" if gives_up else f"next try at {timezone.localtime(next_try):%H:%M:%S}",
        type(exc).__name__,
    )
    return Status.FAILED


def due_again(now=None):
    """The (id, urgent) of emails to queue (again), after putting back those that need it: emails whose
    worker stopped while sending (lease over), failed emails whose wait is over, and waiting
    emails queued longer than a lease ago (their task may be lost). Marks them queued now."""
    now = now or timezone.now()
    most = int(option("MOST_ATTEMPTS"))
    interrupted = OutgoingEmail.objects.filter(status=Status.SENDING, lease_until__lt=now)
    interrupted.filter(attempts__gte=most).update(
        status=Status.FAILED,
        lease_until=None,
        last_error="The worker stopped while sending it, and it has had all its tries.",
    )
    interrupted.update(status=Status.WAITING, lease_until=None, queued_at=None)
    OutgoingEmail.objects.filter(status=Status.FAILED, next_try_at__lte=now).update(
        status=Status.WAITING, next_try_at=None, queued_at=None
    )
    due = OutgoingEmail.objects.filter(status=Status.WAITING).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=now - lease())
    )
    found = list(due.values_list("pk", "urgent")[:500])
    OutgoingEmail.objects.filter(pk__in=[pk for pk, _ in found]).update(queued_at=now)
    return found


def forget_old(now=None):
    """Remove the records of emails sent more than KEEP_SENT_DAYS ago (the addresses they went
    to are personal data kept no longer than needed). Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=int(option("KEEP_SENT_DAYS")))
    return OutgoingEmail.objects.filter(status=Status.SENT, sent_at__lt=cutoff).delete()[0]


def put_back_for_sending(email):
    """A failed email back to waiting, for an admin's "send again". False (nothing changed)
    unless it had failed."""
    return bool(
        OutgoingEmail.objects.filter(pk=email.pk, status=Status.FAILED).update(
            status=Status.WAITING, next_try_at=None, queued_at=timezone.now()
        )
    )


def what_next(email):
    """For the admin: what will happen to this email, in plain words."""
    if email.status == Status.FAILED:
        if email.next_try_at is None:
            return "No more automatic tries. Choose it and use “Send again”."
        return f"Will try again at {timezone.localtime(email.next_try_at):%H:%M on %d %b %Y}."
    if email.status == Status.SENT:
        return f"Sent at {timezone.localtime(email.sent_at):%H:%M on %d %b %Y}."
    if email.status == Status.SENDING:
        return "Being sent now."
    return "Waiting to be sent."


def _to_person(address):
    """The emails with `address` among their recipients (any case)."""
    address = (address or "").strip().lower()
    if not address:
        return []
    candidates = OutgoingEmail.objects.filter(to__icontains=address)
    return [e for e in candidates if address in (r.lower() for r in e.recipients)]


def export_for(user):
    """For a person's data download: the emails sent to them, never what they said."""
    return [
        {
            "subject": email.subject,
            "status": email.get_status_display(),
            "made": email.created_at.isoformat(),
            "sent": email.sent_at.isoformat() if email.sent_at else None,
        }
        for email in _to_person(user.email)
    ]


def erase_for(user, pseudonym=None):
    """When an account goes: its address comes off every email; an email to nobody else goes."""
    address = (user.email or "").strip().lower()
    for email in _to_person(address):
        others = [r for r in email.recipients if r.lower() != address]
        if others:
            OutgoingEmail.objects.filter(pk=email.pk).update(to="\n".join(others))
        else:
            email.delete()
