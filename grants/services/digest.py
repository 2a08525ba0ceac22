"""The officers' daily digest: one plain email to each funder's officers (or, with none, its
contact address) saying what needs looking at — the concerns the apps register with
`core.attention` (offers lapsing or lapsed, payments due, money to get back, reports
overdue). Sent only when there is something to say, and once a day however often it runs
(each one sent is kept in the funder's audit trail, with what it said). Run daily:
`manage.py officer_digest` or `officer_digest_task`."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import notify
from core.attention import items_for
from core.audit import record_event, timeline

from ..models import Funder
from ..selectors import officer_emails

SENT = "officer_digest_sent"


def officer_digests_send(now=None):
    """Email each funder's officers what needs looking at today. Returns how many funders'
    officers were emailed."""
    today = timezone.localdate(now or timezone.now())
    sent = 0
    for funder in Funder.objects.order_by("pk"):
        if timeline(funder).filter(transition=SENT, at__date=today).exists():
            continue
        items = items_for([funder], today=today)[funder.pk]
        to = [address for address in officer_emails(funder) or [funder.contact_email] if address]
        if not items or not to:
            continue
        with transaction.atomic():  # the record and the email's task, or neither
            record_event(funder, SENT, "; ".join(item.words for item in items))
            _email(funder, to, items, today)
        sent += 1
    return sent


def _email(funder, to, items, today):
    base = settings.SEEDBED["BASE_URL"].rstrip("/")
    notify.email(
        to,
        "officer_digest",
        {
            "funder": funder,
            "today": today,
            "items": items,
            "things": sum(item.count for item in items),
            "base_url": base,
            "staff_home_url": base + reverse("staff_home"),
        },
        # Replies stay with the funder's own team.
        reply_to=[funder.contact_email] if funder.contact_email else None,
    )
