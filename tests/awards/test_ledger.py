"""Money that adds up (issue 13, finding 1): an award is never paid more than it is worth,
even while a change of amount waits to be agreed."""

import pytest

from awards.models import AwardState, Payment, PaymentState
from awards.services import offers as award_service
from awards.services.payments import PaymentRefused, payment_mark_made, payment_record
from core.transitions import TransitionRefused
from tests.grants.test_awards import accept, offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(open_round, group_a, applicant, officer):
    return accept(offer(open_round, group_a, applicant, officer, amount=400), applicant)


def _made_total(award):
    return sum(p.amount for p in Payment.objects.filter(award=award, state=PaymentState.MADE))


def test_while_a_cut_waits_payments_are_checked_against_the_lower_amount(accepted, officer):
    award = award_service.variation_propose(accepted, by=officer, reason="Smaller", amount=200)
    with pytest.raises(PaymentRefused, match="at most £200 can be added"):
        payment_record(award, by=officer, amount=400, payee="group")
    assert _made_total(award) == 0
    award.refresh_from_db()
    assert award.state == AwardState.VARIED and award.amount == 400
    payment_record(award, by=officer, amount=200, payee="group")
    award = award_service.variation_agree(
        award, by=officer, reason="Agreed by phone with the group"
    )
    assert (award.amount, award.paid_total(), award.state) == (200, 200, AwardState.PAID)


def test_a_planned_payment_cannot_be_sent_past_a_waiting_cut(accepted, officer):
    planned = payment_record(accepted, by=officer, amount=300, payee="group", made=False)
    award = award_service.variation_propose(accepted, by=officer, reason="x", amount=300)
    # A second plan would take the money past the lower amount.
    with pytest.raises(PaymentRefused):
        payment_record(award, by=officer, amount=100, payee="group", made=False)
    payment_mark_made(planned, by=officer)
    assert _made_total(award) == 300


def test_a_change_cannot_be_agreed_below_what_was_paid(accepted, officer):
    """Even if the money went out before the rule above existed (or by another road), agreeing
    a change never leaves the award below what was paid."""
    award = award_service.variation_propose(accepted, by=officer, reason="Smaller", amount=200)
    # Money sent through the old road: straight onto the ledger, as the old check allowed.
    payment = Payment.objects.create(award=award, payee="group", amount=400)
    Payment.objects.filter(pk=payment.pk).update(state=PaymentState.MADE)
    with pytest.raises(TransitionRefused, match="less than the money already paid"):
        award_service.variation_agree(award, by=officer, reason="Agreed by phone with the group")
    award.refresh_from_db()
    assert (award.amount, award.state) == (400, AwardState.VARIED)
    assert award.pending_variation() is not None


def test_the_reported_overpayment_cannot_happen(accepted, officer):
    """The path from the issue: change £400 → £200, send £400 while it waits, agree."""
    award = award_service.variation_propose(accepted, by=officer, reason="Smaller", amount=200)
    with pytest.raises(PaymentRefused):
        payment_record(award, by=officer, amount=400, payee="group")
    award = award_service.variation_agree(
        award, by=officer, reason="Agreed by phone with the group"
    )
    assert award.amount == 200 and award.paid_total() == 0
