"""Money due back is real work (finding 3), and "funded" means one thing everywhere
(finding 4): figures from awards.selectors on every page."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardState, Recovery, RecoveryState
from awards.selectors import award_money
from awards.services import offers as award_service
from awards.services.payments import payment_record
from awards.services.recoveries import recovery_record_received
from core.models import AuditEvent
from core.transitions import TransitionRefused
from reports.outcomes import outcomes
from tests.grants.test_awards import accept, awarded_application, offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_600(open_round, group_a, applicant, officer):
    award = accept(offer(open_round, group_a, applicant, officer, amount=600), applicant)
    payment_record(award, by=officer, amount=600, payee="group")
    award.refresh_from_db()
    return award


def test_cancelling_with_money_to_get_back_opens_a_recovery_and_tells_the_group(
    paid_600, officer, outbox
):
    outbox.clear()
    award = award_service.award_cancel(
        paid_600, by=officer, reason="The club closed", amount_to_recover=400
    )
    recovery = Recovery.objects.get(award=award)
    assert (recovery.amount, recovery.state) == (400, RecoveryState.DUE)
    assert AuditEvent.objects.filter(
        transition="open_recovery", object_id=str(recovery.pk)
    ).exists()
    (mail,) = outbox
    assert "£400 to pay back" in mail.subject
    assert "What happens next" in mail.body and "The club closed" in mail.body
    figures = award_money(award)
    assert (figures.paid, figures.recovered, figures.to_recover) == (600, 0, 400)


def test_no_recovery_of_more_than_was_paid(paid_600, officer, outbox):
    with pytest.raises(TransitionRefused, match="more than was paid"):
        award_service.award_cancel(paid_600, by=officer, reason="x", amount_to_recover=601)
    paid_600.refresh_from_db()
    assert paid_600.state == AwardState.PAID
    assert not Recovery.objects.exists()


def test_money_due_back_is_on_payments_due_and_in_the_finance_file_until_received(
    paid_600, officer, funder, client_for, outbox
):
    award_service.award_cancel(paid_600, by=officer, reason="Closed", amount_to_recover=400)
    recovery = Recovery.objects.get()
    client = client_for(officer)
    page = client.get(reverse("payments_due", args=[funder.slug])).content.decode()
    assert "Money due back" in page and "£400" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("payments_due_csv", args=[funder.slug])).content.decode()
            )
        )
    )
    assert rows[-1][-1] == "Money due back" and rows[-1][5] == "400"
    outbox.clear()
    response = client.post(
        reverse("staff_recovery_received", args=[recovery.pk]),
        {"received_on": "2026-01-05", "reference": "BACS back"},
    )
    assert response.status_code == 302
    recovery.refresh_from_db()
    assert recovery.state == RecoveryState.RECEIVED and recovery.received_by == officer
    event = AuditEvent.objects.get(transition="receive", object_id=str(recovery.pk))
    assert event.actor == officer
    assert "received £400 from" in outbox[0].body.replace("We have ", "")
    page = client.get(reverse("payments_due", args=[funder.slug])).content.decode()
    assert "No money is due back." in page
    with pytest.raises(TransitionRefused):
        recovery_record_received(recovery, by=officer)


def test_the_dashboard_counts_money_actually_paid_less_money_back(
    paid_600, officer, funder, open_round
):
    award_service.award_cancel(paid_600, by=officer, reason="Closed", amount_to_recover=400)
    result = outcomes(funder)
    assert result.headline["paid"] == 600  # £600 left the bank; none back yet
    (row,) = [r for r in result.by_round if r["round"].pk == open_round.pk]
    assert row["paid"] == 600
    recovery_record_received(Recovery.objects.get(), by=officer)
    assert outcomes(funder).headline["paid"] == 200


def test_funded_means_a_live_award_on_every_figure(open_round, group_a, applicant, officer):
    """Three applications marked awarded: one accepted, one whose offer lapsed, one cancelled,
    and one with no offer yet. Only the accepted one is funded, wherever it is counted."""
    live = accept(offer(open_round, group_a, applicant, officer, amount=500), applicant)
    lapsed = offer(open_round, group_a, applicant, officer, amount=700)
    (gone,) = award_service.offers_lapse_overdue(now=timezone.now() + timedelta(days=60))
    assert gone.pk == lapsed.pk and gone.state == AwardState.LAPSED
    cancelled = accept(offer(open_round, group_a, applicant, officer, amount=900), applicant)
    award_service.award_cancel(cancelled, by=officer, reason="Closed")
    awarded_application(open_round, group_a, applicant, officer)  # no offer made
    result = outcomes(open_round.funder)
    head = result.headline
    assert (head["grants"], head["funded"], head["groups"], head["awarded"]) == (1, 1, 1, 500)
    assert head["success_rate"] == 25  # 1 funded of 4 received
    (row,) = [r for r in result.by_round if r["round"].pk == open_round.pk]
    assert (row["funded"], row["grants"], row["awarded"]) == (1, 1, 500)
    assert sum(r["funded"] for r in result.deciles) == 1
    assert sum(r["funded"] for r in result.kinds) == 1
    assert live.state == AwardState.ACCEPTED
