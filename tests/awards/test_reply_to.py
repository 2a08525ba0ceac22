"""Issue 13, finding 6 (part): emails about a funder's award reply to the funder's contact, so
"reply to this email" reaches someone at the funder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards.services import offers as award_service
from tests.grants.test_awards import offer

pytestmark = pytest.mark.django_db


def test_award_emails_reply_to_the_funders_contact(
    funder, open_round, group_a, applicant, officer, outbox
):
    funder.contact_email = "grants@testshire-icb.example"
    funder.save(update_fields=["contact_email"])
    outbox.clear()
    award = offer(open_round, group_a, applicant, officer)
    award_service.offers_lapse_overdue(now=timezone.now() + timedelta(days=60))
    assert [m.subject.split(":")[0] for m in outbox] == ["Seedbed", "Seedbed"]
    for message in outbox:
        assert message.reply_to == ["grants@testshire-icb.example"], message.subject
    assert award.reference in outbox[-1].body
