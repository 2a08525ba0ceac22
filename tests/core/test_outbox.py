"""Every email is a row until the mail server takes it (core/outbox.py): the same message
queued twice is sent once; a failed send waits, doubling, then goes; a send cut off by a
stopped worker is taken back after its lease; sent emails keep no body and are forgotten.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import notify
from core import outbox as outgoing
from core.models import OutgoingEmail
from core.tasks import URGENT_PRIORITY, deliver_email, send_email, sweep
from tests.support.smtp_stub import SmtpStub

Status = OutgoingEmail.Status
INVITE = {
    "member": {"name": "Sam"},
    "funder": {"name": "Lambeth Fund"},
    "round": {"title": "Brixton Small Grants", "shown_title": "Brixton Small Grants"},
}


def smtp_to(port):
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }


@pytest.fixture
def mail_server():
    """A mail server on loopback, down until the test starts it."""
    server = SmtpStub()
    with override_settings(MAILERS=smtp_to(server.port)):
        yield server
    server.stop()


def fresh(row):
    row.refresh_from_db()
    return row


# -- the same message twice ----------------------------------------------------------------------
@pytest.mark.django_db
def test_the_same_message_queued_twice_with_one_key_is_sent_once(outbox):
    first = notify.email("sam@example.com", "panel_invitation", INVITE, key="invite:7:sam")
    second = notify.email("sam@example.com", "panel_invitation", INVITE, key="invite:7:sam")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert [m.to for m in outbox] == [["sam@example.com"]]


@pytest.mark.django_db
def test_the_same_key_queued_twice_through_the_real_mail_server_is_delivered_once(mail_server):
    mail_server.start()
    for _ in range(2):
        notify.send(["sam@example.com"], "Your offer", "Hello", key="offer:12")
    assert len(mail_server.delivered) == 1


@pytest.mark.django_db
def test_a_task_run_again_for_an_email_already_sent_sends_nothing(outbox):
    row = notify.email("sam@example.com", "panel_invitation", INVITE)
    assert deliver_email.call(row.pk) == Status.SENT
    deliver_email.enqueue(row.pk)
    assert len(outbox) == 1


@pytest.mark.django_db
def test_emails_without_a_key_are_each_sent(outbox):
    notify.email("sam@example.com", "panel_invitation", INVITE)
    notify.email("sam@example.com", "panel_invitation", INVITE)
    assert len(outbox) == 2


@pytest.mark.django_db
def test_a_sent_email_keeps_no_body_and_carries_a_message_id_made_from_its_key(outbox):
    row = fresh(notify.email("sam@example.com", "panel_invitation", INVITE, key="k1"))
    assert (row.status, row.body, row.html, row.attempts) == (Status.SENT, "", "", 1)
    assert outbox[0].extra_headers["Message-ID"] == outgoing.message_id(row)
    assert "would like you to join a panel" in outbox[0].body


@pytest.mark.django_db
def test_nobody_to_send_to_makes_no_email(outbox):
    assert notify.email(["", None], "panel_invitation", INVITE) is None
    assert OutgoingEmail.objects.count() == 0


# -- the mail server away, then back ------------------------------------------------------------
@pytest.mark.django_db
def test_a_failed_email_waits_doubling_and_is_delivered_once_when_the_server_returns(
    mail_server,
):
    row = fresh(notify.email("sam@example.com", "panel_invitation", INVITE))
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert "ConnectionRefusedError" in row.last_error
    assert "Join the panel" not in row.last_error
    assert row.next_try_at - row.last_tried_at == timedelta(seconds=60)

    assert sweep(now=row.next_try_at - timedelta(seconds=1)) == 0  # not yet
    assert fresh(row).attempts == 1
    sweep(now=row.next_try_at)  # still down: tried again, then waits twice as long
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.FAILED, 2)
    assert row.next_try_at - row.last_tried_at == timedelta(seconds=120)

    mail_server.start()
    back = row.next_try_at
    sweep(now=back)
    assert fresh(row).status == Status.SENT
    sweep(now=back + timedelta(hours=1))
    assert len(mail_server.delivered) == 1
    assert mail_server.delivered[0]["Subject"] == "Seedbed: Join the panel for Brixton Small Grants"


@pytest.mark.django_db
@override_settings(SEEDBED_EMAIL={"MOST_ATTEMPTS": 2, "FIRST_RETRY_SECONDS": 10})
def test_after_its_last_try_a_failed_email_waits_for_an_admin(mail_server):
    row = fresh(notify.email("sam@example.com", "panel_invitation", INVITE))
    sweep(now=row.next_try_at)
    row = fresh(row)
    assert (row.status, row.attempts, row.next_try_at) == (Status.FAILED, 2, None)
    assert outgoing.what_next(row).startswith("No more automatic tries")
    mail_server.start()
    sweep(now=timezone.now() + timedelta(days=2))
    assert fresh(row).attempts == 2
    assert mail_server.delivered == []


@pytest.mark.django_db
def test_an_address_the_mail_server_refuses_for_good_is_not_tried_again(mail_server):
    mail_server.rcpt_answer = b"550 5.1.1 no such mailbox"
    mail_server.start()
    row = fresh(notify.email("nobody@example.com", "panel_invitation", INVITE))
    assert (row.status, row.attempts, row.next_try_at) == (Status.FAILED, 1, None)
    assert "550" in row.last_error
    sweep(now=timezone.now() + timedelta(days=1))
    assert fresh(row).attempts == 1
    assert mail_server.delivered == []


@pytest.mark.django_db
def test_an_address_refused_for_now_is_tried_again(mail_server):
    mail_server.rcpt_answer = b"451 4.3.0 try again later"
    mail_server.start()
    row = fresh(notify.email("sam@example.com", "panel_invitation", INVITE))
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert row.next_try_at is not None
    mail_server.rcpt_answer = b"250 ok"
    sweep(now=row.next_try_at)
    assert fresh(row).status == Status.SENT
    assert len(mail_server.delivered) == 1


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (30, 3600)]
)
def test_the_wait_doubles_up_to_an_hour(attempts, seconds):
    assert outgoing.wait_after(attempts) == timedelta(seconds=seconds)


# -- a worker stopped mid-send --------------------------------------------------------------------
def interrupted(attempts=1):
    """An email a worker was sending when it stopped (its claim made, never finished)."""
    row = OutgoingEmail.objects.create(
        key=f"interrupted:{attempts}", to="sam@example.com", subject="Your offer", body="Hello"
    )
    assert outgoing.claim(row.pk)
    if attempts > 1:
        OutgoingEmail.objects.filter(pk=row.pk).update(attempts=attempts)
    return fresh(row)


@pytest.mark.django_db
def test_an_email_a_stopped_worker_was_sending_is_taken_back_after_its_lease(outbox):
    row = interrupted()
    sweep(now=row.lease_until - timedelta(seconds=1))  # the worker may still be at it
    assert fresh(row).status == Status.SENDING
    assert outbox == []
    sweep(now=row.lease_until + timedelta(seconds=1))
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert len(outbox) == 1


@pytest.mark.django_db
@override_settings(SEEDBED_EMAIL={"MOST_ATTEMPTS": 3})
def test_an_email_that_stopped_its_worker_every_time_is_not_tried_for_ever(outbox):
    row = interrupted(attempts=3)
    sweep(now=row.lease_until + timedelta(seconds=1))
    row = fresh(row)
    assert (row.status, row.next_try_at) == (Status.FAILED, None)
    assert "worker stopped" in row.last_error
    assert outbox == []


@pytest.mark.django_db
def test_a_waiting_email_whose_task_was_lost_is_queued_again(outbox):
    row = OutgoingEmail.objects.create(
        key="lost",
        to="sam@example.com",
        subject="Your offer",
        body="Hello",
        queued_at=timezone.now(),
    )
    sweep(now=timezone.now() + timedelta(seconds=10))  # its task may just be slow
    assert outbox == []
    sweep(now=timezone.now() + timedelta(minutes=10))
    assert fresh(row).status == Status.SENT
    assert len(outbox) == 1


@pytest.mark.django_db
def test_sent_emails_are_forgotten_after_the_keeping_time(outbox, mail_server):
    kept = fresh(notify.email("sam@example.com", "panel_invitation", INVITE))  # failed
    with override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    ):
        sent = notify.email("kim@example.com", "panel_invitation", INVITE)
    sweep(now=timezone.now() + timedelta(days=89))
    assert OutgoingEmail.objects.filter(pk=sent.pk).exists()
    with override_settings(SEEDBED_EMAIL={"MOST_ATTEMPTS": 1}):
        sweep(now=timezone.now() + timedelta(days=91))
    assert not OutgoingEmail.objects.filter(pk=sent.pk).exists()
    assert OutgoingEmail.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_the_sweep_command_says_how_many_it_queued(outbox, capsys):
    OutgoingEmail.objects.create(key="lost", to="sam@example.com", subject="S", body="B")
    call_command("sweep_emails")
    assert "Queued 1 email(s) again." in capsys.readouterr().out
    assert len(outbox) == 1


# -- sign-in codes ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_sign_in_code_is_sent_at_once_and_its_words_are_not_kept(client, outbox):
    client.post(reverse("account_request_login_code"), {"email": "sam@example.com"})
    assert [m.to for m in outbox] == [["sam@example.com"]]
    row = OutgoingEmail.objects.get()
    assert (row.urgent, row.status, row.body, row.html) == (True, Status.SENT, "", "")


@pytest.mark.django_db
def test_in_the_queue_a_sign_in_code_goes_before_other_emails(client):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        notify.email("kim@example.com", "panel_invitation", INVITE)
        client.post(reverse("account_request_login_code"), {"email": "sam@example.com"})
        queued = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [t.priority for t in queued] == [0, URGENT_PRIORITY]
    assert [t.args_kwargs["args"] for t in queued] == [
        [e.pk] for e in OutgoingEmail.objects.order_by("created_at")
    ]
    assert queued[1] == DBTaskResult.objects.ready().first()  # the worker takes it first


@pytest.mark.django_db
def test_an_email_queued_by_the_earlier_version_is_still_sent_once(outbox):
    """Tasks already in the queue when this version is deployed name the old task."""
    send_email.enqueue(to=["sam@example.com"], subject="Seedbed: Your offer", body="Hello")
    row = OutgoingEmail.objects.get()
    assert (row.status, row.recipients) == (Status.SENT, ["sam@example.com"])
    assert [m.subject for m in outbox] == ["Seedbed: Your offer"]
