"""The award's money, as a property: whatever officers and groups do, in whatever order,
paid − recovered never exceeds the award, and paid + planned never exceeds what may be paid.
Driven through the services (offers, acceptance, changes, payments, cancelling, recoveries)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from awards.models import Award, AwardState, PaymentState, RecoveryState
from awards.services import offers as award_service
from awards.services import payments as payment_service
from awards.services.recoveries import recovery_record_received
from core.transitions import TransitionRefused
from tests.grants.test_awards import offer

pytestmark = pytest.mark.django_db

amounts = st.sampled_from([100, 150, 200, 300, 400, 600])

# Changes are only tried where they can be made, so that the runs reach the money more often;
# refusals of the rest are tested by example.
CHANGEABLE = (AwardState.ACCEPTED, AwardState.PAID)


def snapshot(award):
    award = Award.objects.get(pk=award.pk)
    payments = tuple(award.payments.order_by("pk").values_list("pk", "amount", "state"))
    payments += tuple(award.recoveries.order_by("pk").values_list("pk", "amount", "state"))
    variations = tuple(
        award.variations.order_by("pk").values_list("pk", "new_amount", "agreed_at", "withdrawn")
    )
    return award.state, award.amount, payments, variations


class AwardMoney(RuleBasedStateMachine):
    world = None  # set by the test: the round, group, people

    def __init__(self):
        super().__init__()
        # Each run starts from the same database and leaves nothing behind.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        w = self.world
        self.officer = w["officer"]
        self.applicant = w["applicant"]
        self.award = offer(w["round"], w["group"], w["applicant"], w["officer"], amount=400)
        self.steps = 0

    @initialize(accepted=st.booleans())
    def start(self, accepted):
        """Most runs start from an accepted offer, so the money moves early."""
        if accepted:
            self.accept()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _try(self, action):
        self.steps += 1
        before = snapshot(self.award)
        try:
            action()
        except TransitionRefused:
            assert snapshot(self.award) == before, "a refusal changed the data"
        self.award = Award.objects.get(pk=self.award.pk)

    @precondition(lambda self: self.award.state == AwardState.OFFERED)
    @rule()
    def accept(self):
        self._try(
            lambda: award_service.offer_accept(
                self.award,
                by=self.applicant,
                accepted_name="Amina Yusuf",
                payment_route="bank",
                payee_name="Tuesday Lunch Club",
                two_people_agree=True,
            )
        )

    @precondition(lambda self: self.award.state in CHANGEABLE)
    @rule(amount=amounts)
    def propose_change(self, amount):
        self._try(
            lambda: award_service.variation_propose(
                self.award, by=self.officer, reason="Change", amount=amount
            )
        )

    @precondition(lambda self: self.award.state in CHANGEABLE)
    @rule(amount=amounts)
    def group_asks_for_change(self, amount):
        self._try(
            lambda: award_service.change_ask(
                self.award, by=self.applicant, reason="Please", amount=amount
            )
        )

    @precondition(lambda self: self.award.state == AwardState.VARIED)
    @rule()
    def agree_change(self):
        self._try(
            lambda: award_service.variation_agree(
                self.award, by=self.officer, reason="Agreed by phone with the group"
            )
        )

    @precondition(lambda self: self.award.state == AwardState.VARIED)
    @rule()
    def decline_change(self):
        self._try(lambda: award_service.variation_decline(self.award, by=self.officer, reason="No"))

    @rule(amount=amounts, made=st.booleans())
    def pay(self, amount, made):
        self._try(
            lambda: payment_service.payment_record(
                self.award, by=self.officer, amount=amount, payee="group", made=made
            )
        )

    def _planned(self, which):
        planned = list(self.award.payments.filter(state=PaymentState.SCHEDULED).order_by("pk"))
        return planned[which % len(planned)] if planned else None

    @rule(which=st.integers(min_value=0, max_value=5))
    def send_a_planned_payment(self, which):
        payment = self._planned(which)
        if payment:
            self._try(lambda: payment_service.payment_mark_made(payment, by=self.officer))

    @rule(which=st.integers(min_value=0, max_value=5))
    def cancel_a_planned_payment(self, which):
        payment = self._planned(which)
        if payment:
            self._try(lambda: payment_service.payment_cancel_planned(payment, by=self.officer))

    @precondition(lambda self: self.steps >= 6)
    @rule(to_recover=st.integers(min_value=0, max_value=800))
    def cancel(self, to_recover):
        self._try(
            lambda: award_service.award_cancel(
                self.award, by=self.officer, reason="Stopped", amount_to_recover=to_recover
            )
        )

    @rule()
    def money_comes_back(self):
        due = self.award.recoveries.filter(state=RecoveryState.DUE).first()
        if due:
            self._try(lambda: recovery_record_received(due, by=self.officer))

    @invariant()
    def never_paid_more_than_the_award(self):
        award = Award.objects.get(pk=self.award.pk)
        assert award.paid_total() - award.recovered_total() <= award.amount
        assert 0 <= award.recovered_total() <= award.paid_total()
        if award.state != AwardState.CANCELLED:
            assert award.committed_total() <= award.payable_limit() <= award.amount
        if award.state == AwardState.PAID:
            assert award.paid_total() >= award.amount


def test_the_award_money_always_adds_up(open_round, group_a, applicant, officer, outbox):
    AwardMoney.world = {
        "round": open_round,
        "group": group_a,
        "applicant": applicant,
        "officer": officer,
    }
    AwardMoney.TestCase.settings = settings(
        max_examples=75,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    AwardMoney.TestCase().runTest()
