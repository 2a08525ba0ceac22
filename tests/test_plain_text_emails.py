"""Emails are plain text: names typed with &, <, > or quotes arrive as typed, never as HTML
codes ("Brixton Knit &amp; Natter"), in every email template."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from core import notify

HOSTILE = 'Brixton Knit & Natter <Tom\'s "Yarn">'
CODES = ("&amp;", "&lt;", "&gt;", "&#x27;", "&quot;", "&#39;")


class Anything:
    """Stands in for any object an email names: every attribute is itself (printed as the
    hostile name), except dates and the ones used in links and sums."""

    pk = 1
    reference = "SB-ABC123"
    amount = 750
    new_amount = 800

    def __getattr__(self, name):
        if name.endswith(("_at", "_on", "_date")) or name in ("accept_by", "decision_by"):
            return date(2027, 4, 1)
        return Anything()

    def __str__(self):
        return HOSTILE

    def __bool__(self):
        return True


def email_templates():
    return sorted(p.stem for p in (Path(settings.BASE_DIR) / "templates" / "emails").glob("*.txt"))


@pytest.mark.parametrize("template", email_templates())
def test_every_email_keeps_what_was_typed(template):
    names = [
        "amount", "answer", "application", "asked_by", "award", "award_url", "funder", "group",
        "letter_url", "listing", "member", "path", "payment", "reason", "report", "report_url",
        "round", "staff_award_url", "staff_url", "url", "user", "variation", "why",
    ]  # fmt: skip
    context = {name: Anything() for name in names} | {"things": 3}  # a count, as sent
    subject, body = notify.render(template, context)
    text = subject + "\n" + body
    assert HOSTILE in text, text
    for code in CODES:
        assert code not in text, (code, text)


@pytest.mark.django_db
def test_the_we_got_your_form_email_names_the_group_as_typed(
    client_for, applicant, open_round, outbox
):
    from grants.models import Group
    from grants.services import applications as rules
    from tests.grants.test_apply import fill_complete

    group = Group.objects.create(
        name="Brixton Knit & Natter",
        kind="informal",
        contact_name="Jo",
        contact_email="jo@example.com",
    )
    group.supporters.add(applicant)
    app = rules.application_start(open_round, group, by=applicant)
    fill_complete(app)
    rules.application_submit(app, by=applicant)
    rules.application_withdraw(app, by=applicant, reason="We found other money & more")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Brixton Knit & Natter" in message.body
        assert "&amp;" not in message.body + message.subject
