"""Admins see the emails that failed, why, and what happens next, and can send one again: it is
delivered once, and the audit trail says who sent it again."""

import pytest
from django.test import override_settings
from django.urls import reverse

from core import notify
from core.audit import timeline
from core.models import OutgoingEmail
from tests.core.test_outbox import INVITE, smtp_to
from tests.support.pages import count_queries
from tests.support.smtp_stub import SmtpStub

Status = OutgoingEmail.Status
CHANGELIST = "admin:core_outgoingemail_changelist"


@pytest.fixture
def mail_server():
    server = SmtpStub()
    with override_settings(MAILERS=smtp_to(server.port)):
        yield server
    server.stop()


@pytest.fixture
def failed(mail_server):
    """An offer email that has had all its tries while the mail server was down."""
    with override_settings(SEEDBED_EMAIL={"MOST_ATTEMPTS": 1}):
        row = notify.email("sam@example.com", "panel_invitation", INVITE, key="invite:sam")
    row.refresh_from_db()
    assert (row.status, row.next_try_at) == (Status.FAILED, None)
    return row


def send_again(client, *rows, follow=True):
    return client.post(
        reverse(CHANGELIST),
        {"action": "send_again", "_selected_action": [row.pk for row in rows]},
        follow=follow,
    )


@pytest.mark.django_db
def test_the_admin_sees_a_failed_email_with_its_error_but_not_what_it_says(
    client_for, admin_user, failed
):
    page = client_for(admin_user).get(reverse(CHANGELIST) + "?status__exact=failed")
    html = page.content.decode()
    assert page.status_code == 200
    assert "sam@example.com" in html
    assert "Join the panel for Brixton Small Grants" in html
    assert "ConnectionRefusedError" in html
    assert "No more automatic tries" in html
    assert "would like you to join a panel" not in html  # the body may hold a sign-in code


@pytest.mark.django_db
def test_the_admin_sends_a_failed_email_again_and_it_is_delivered_once(
    client_for, admin_user, failed, mail_server
):
    mail_server.start()
    page = send_again(client_for(admin_user), failed)
    assert "1 email(s) sent again." in page.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 2)
    assert len(mail_server.delivered) == 1
    assert mail_server.delivered[0]["To"] == "sam@example.com"
    [event] = timeline(failed)
    assert (event.transition, event.from_state, event.to_state) == (
        "send_again",
        "failed",
        "waiting",
    )
    assert event.actor == admin_user
    assert "ConnectionRefusedError" in event.reason

    send_again(client_for(admin_user), failed)  # a second press: it is sent, so nothing
    assert len(mail_server.delivered) == 1


@pytest.mark.django_db
def test_sending_again_an_email_that_has_not_failed_changes_nothing(client_for, admin_user, outbox):
    sent = notify.email("kim@example.com", "panel_invitation", INVITE)
    sent.refresh_from_db()
    before = (sent.status, sent.attempts, sent.sent_at)
    page = send_again(client_for(admin_user), sent)
    assert "not sent again: only failed emails can be" in page.content.decode()
    sent.refresh_from_db()
    assert (sent.status, sent.attempts, sent.sent_at) == before
    assert len(outbox) == 1
    assert list(timeline(sent)) == []


@pytest.mark.django_db
def test_an_officer_cannot_open_or_use_the_email_list(client_for, officer, failed, mail_server):
    mail_server.start()
    client = client_for(officer)
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert send_again(client, failed, follow=False).status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
    assert mail_server.delivered == []


@pytest.mark.django_db
def test_the_email_list_makes_the_same_queries_for_ten_times_the_emails(
    client_for, admin_user, outbox
):
    client = client_for(admin_user)

    def queries():
        with count_queries() as q:
            assert client.get(reverse(CHANGELIST)).status_code == 200
        return len(q)

    notify.email("sam@example.com", "panel_invitation", INVITE)
    few = queries()
    for n in range(9):
        notify.email(f"person{n}@example.com", "panel_invitation", INVITE)
    assert queries() == few
    assert few <= 12


@pytest.mark.django_db
def test_the_admin_opens_one_failed_email_and_reads_what_happens_next(
    client_for, admin_user, failed
):
    url = reverse("admin:core_outgoingemail_change", args=[failed.pk])
    html = client_for(admin_user).get(url).content.decode()
    assert "No more automatic tries" in html
    assert "invite:sam" in html and "ConnectionRefusedError" in html
    assert "would like you to join a panel" not in html
