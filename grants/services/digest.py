"""The officers' daily digest: one plain email to each funder's officers (or, with none, its
contact address) saying what needs looking at — the concerns the apps register with
`core.attention` (offers lapsing or lapsed, payments due, money to get back, reports
overdue). Sent only when there is something to say. Run daily: `manage.py officer_digest`
or `officer_digest_task`."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import notify
from core.attention import items_for

from ..models import Funder
from ..selectors import officer_emails


def send_officer_digests(now=None):
    """Email each funder's officers what needs looking at today. Returns how many funders'
    officers were emailed."""
    today = timezone.localdate(now or timezone.now())
    funders = list(Funder.objects.order_by("pk"))
    sent = 0
    base = settings.SEEDBED["BASE_URL"].rstrip("/")
    for funder in funders:
        items = items_for([funder], today=today)[funder.pk]
        if not items:
            continue
        to = officer_emails(funder) or [funder.contact_email]
        if not any(to):
            continue
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
        sent += 1
    return sent
