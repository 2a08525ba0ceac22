"""The edges of the payment and recovery services that the mutation check
(benchmarks/mutation.py) found no test watching: who a payment is made out to, a planned
payment sent past a waiting cut or after the award is paid in full, the officer's message
about a waiting change, the dates, references and reasons kept, and their lengths."""

from datetime import date

import pytest

from awards.models import Award, AwardState, Payment, PaymentState, Variation
from awards.services import offers as award_service
from awards.services.payments import (
    PaymentRefused,
    payment_cancel_planned,
    payment_mark_made,
    payment_record,
)
from awards.services.recoveries import recovery_record_received
from core.models import AuditEvent
from tests.conftest import make_group
from tests.grants.test_awards import accept, offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(open_round, group_a, applicant, officer):
    return accept(offer(open_round, group_a, applicant, officer, amount=400), applicant)


# -- who the payment is made out to ----------------------------------------------------------
@pytest.mark.parametrize(
    "route, payee, expected",
    [
        ("bank", "group", "Named On The Acceptance"),  # the name the group gave when accepting
        ("bank", "host", "The Group's Own Host"),  # the group's host, as on its profile
        ("host", "host", "Named On The Acceptance"),
        ("host", "group", "Group Bank Account"),  # the group's own account name
    ],
)
def test_the_payee_name_follows_the_route_the_group_chose(
    open_round, applicant, officer, route, payee, expected
):
    group = make_group(
        "Knit and Natter", applicant, bank_account_name="Group Bank Account",
        host_name="The Group's Own Host",
    )  # fmt: skip
    award = accept(
        offer(open_round, group, applicant, officer, amount=400),
        applicant,
        route=route,
        payee="Named On The Acceptance",
    )
    payment = payment_record(award, by=officer, amount=100, payee=payee, made=False)
    assert payment.payee_name == expected


def test_a_group_without_an_account_name_is_paid_in_its_own_name(open_round, applicant, officer):
    group = make_group("Knit and Natter", applicant, bank_account_name="", host_name="Host")
    award = accept(offer(open_round, group, applicant, officer), applicant, route="host")
    payment = payment_record(award, by=officer, amount=100, payee="group", made=False)
    assert payment.payee_name == "Knit and Natter"


# -- planned payments sent later -------------------------------------------------------------
# A change cannot be proposed below the money paid or planned, and an award paid in full has no
# planned payments left, so these two are set up by another road (straight onto the ledger, as
# older data may be): sending the planned money must still be refused.
def test_a_planned_payment_cannot_be_sent_past_a_cut_waiting_to_be_agreed(accepted, officer):
    planned = payment_record(accepted, by=officer, amount=300, payee="group", made=False)
    Variation.objects.create(award=accepted, reason="Smaller", old_amount=400, new_amount=200)
    Award.objects.filter(pk=accepted.pk).update(state=AwardState.VARIED)
    with pytest.raises(PaymentRefused, match=r"at most £200, counting any change waiting"):
        payment_mark_made(planned, by=officer)
    planned.refresh_from_db()
    assert planned.state == PaymentState.SCHEDULED
    assert not Payment.objects.filter(state=PaymentState.MADE).exists()


def test_a_planned_payment_cannot_be_sent_once_the_award_is_paid_in_full(accepted, officer):
    payment_record(accepted, by=officer, amount=400, payee="group")
    planned = Payment.objects.create(award=accepted, payee="group", amount=100)
    accepted.refresh_from_db()
    assert (accepted.state, accepted.paid_total()) == (AwardState.PAID, 400)
    with pytest.raises(PaymentRefused, match="This award is already paid in full."):
        payment_mark_made(planned, by=officer)
    assert Payment.objects.get(pk=planned.pk).state == PaymentState.SCHEDULED
    assert accepted.paid_total() == 400


def test_the_refusal_says_when_a_change_keeps_payments_lower(accepted, officer):
    with pytest.raises(PaymentRefused) as plain:
        payment_record(accepted, by=officer, amount=500, payee="group")
    assert "waiting to be agreed" not in plain.value.message
    award_service.variation_propose(accepted, by=officer, reason="More", amount=600)
    with pytest.raises(PaymentRefused) as raised:  # a rise waits: the old £400 still holds
        payment_record(accepted, by=officer, amount=500, payee="group")
    assert "waiting to be agreed" not in raised.value.message
    assert "at most £400 can be added" in raised.value.message


def test_the_refusal_names_a_cut_waiting_to_be_agreed(accepted, officer):
    award_service.variation_propose(accepted, by=officer, reason="Smaller", amount=250)
    with pytest.raises(PaymentRefused) as cut:
        payment_record(accepted, by=officer, amount=300, payee="group")
    assert cut.value.message.endswith(
        "A change to £250 is waiting to be agreed, so payments are kept within it."
    )


# -- dates, references and reasons kept ------------------------------------------------------
def test_money_sent_is_due_on_the_day_it_was_sent_and_planned_money_when_planned(accepted, officer):
    sent = payment_record(accepted, by=officer, amount=100, payee="group", paid_on=date(2027, 5, 1))
    planned = payment_record(
        accepted, by=officer, amount=100, payee="group", made=False, due_on=date(2027, 6, 1)
    )
    assert (sent.due_on, sent.paid_on) == (date(2027, 5, 1), date(2027, 5, 1))
    assert (planned.due_on, planned.paid_on) == (date(2027, 6, 1), None)


def test_a_planned_payment_keeps_its_reference_cut_to_60_characters(accepted, officer):
    planned = payment_record(
        accepted, by=officer, amount=100, payee="group", made=False, reference="R" * 70,
        payee_name="P" * 200,
    )  # fmt: skip
    planned.refresh_from_db()
    assert planned.reference == "R" * 60
    assert planned.payee_name == "P" * 150
    short = payment_record(
        accepted, by=officer, amount=100, payee="group", made=False, reference="BACS 7"
    )
    assert Payment.objects.get(pk=short.pk).reference == "BACS 7"


def test_cancelling_a_planned_payment_is_recorded_with_its_reason(accepted, officer):
    first = payment_record(accepted, by=officer, amount=100, payee="group", made=False)
    second = payment_record(accepted, by=officer, amount=100, payee="group", made=False)
    payment_cancel_planned(first, by=officer)
    payment_cancel_planned(second, by=officer, reason="Paid by cheque instead")
    reasons = list(
        AuditEvent.objects.filter(
            transition="cancel", object_id__in=[str(first.pk), str(second.pk)]
        )
        .order_by("pk")
        .values_list("reason", flat=True)
    )
    assert reasons == ["Planned payment cancelled", "Paid by cheque instead"]
    assert accepted.committed_total() == 0


def test_money_due_back_keeps_the_reason_and_the_reference(accepted, officer):
    payment_record(accepted, by=officer, amount=300, payee="group")
    award = award_service.award_cancel(
        accepted, by=officer, reason="The group has closed.", amount_to_recover=300
    )
    (recovery,) = award.recoveries.all()
    assert (recovery.amount, recovery.reason) == (300, "The group has closed.")
    recovery_record_received(recovery, by=officer, reference="B" * 70)
    recovery.refresh_from_db()
    assert recovery.reference == "B" * 60
