"""Emails on their way hold people's addresses: a person's data download lists the emails sent
to them (never what they said), and deleting the account removes them."""

import pytest

from core import notify
from core.models import OutgoingEmail
from grants.privacy import delete_user, export_personal_data
from tests.conftest import make_user


@pytest.mark.django_db
def test_a_persons_data_lists_the_emails_sent_to_them_without_their_words(outbox):
    person = make_user("sam@example.com", "Sam")
    notify.send(["SAM@example.com"], "Your offer", "Your code is 1234")
    notify.send(["kim@example.com"], "Kim's offer", "Hello Kim")
    [email] = export_personal_data(person)["emails"]
    assert email["subject"] == "Your offer"
    assert email["status"] == "Sent"
    assert "1234" not in str(email)


@pytest.mark.django_db
def test_deleting_an_account_removes_the_emails_to_it_and_leaves_others(outbox):
    person = make_user("sam@example.com", "Sam")
    notify.send(["sam@example.com"], "Your offer", "Hello Sam")
    notify.send(["sam@example.com", "kim@example.com"], "Your group", "Hello both")
    notify.send(["kim@example.com"], "Kim's offer", "Hello Kim")
    delete_user(person)
    left = {e.subject: e.recipients for e in OutgoingEmail.objects.all()}
    assert left == {"Your group": ["kim@example.com"], "Kim's offer": ["kim@example.com"]}
