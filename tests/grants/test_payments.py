"""Payments: never before acceptance, never more than the award, even when two officers record
at the same moment; the payments-due list and the finance CSV; the payment forms."""

import contextlib
import csv
import io
import threading
import time
from datetime import date

import pytest
from django.db import OperationalError, close_old_connections
from django.urls import reverse

from awards.models import Award, AwardState, Payment, PaymentState
from awards.services.payments import PaymentRefused, payment_mark_made, payment_record, payments_due
from core.transitions import TransitionRefused
from grants.models import Role
from tests.conftest import give_second_factor, make_user
from tests.grants.test_awards import accept, offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_round, group_a, applicant, officer):
    return offer(open_round, group_a, applicant, officer, amount=800)


@pytest.fixture
def accepted(award, applicant):
    return accept(award, applicant)


def test_no_payment_before_the_group_accepts(award, officer):
    with pytest.raises(PaymentRefused, match="has not accepted the offer yet"):
        payment_record(award, by=officer, amount=100, payee="group")
    with pytest.raises(PaymentRefused, match="has not accepted"):
        payment_record(award, by=officer, amount=100, payee="group", made=False)
    assert not Payment.objects.exists()


def test_payments_add_up_to_the_award_and_no_further(accepted, officer, outbox):
    outbox.clear()
    first = payment_record(accepted, by=officer, amount=500, payee="group", reference="BACS-1")
    assert first.state == PaymentState.MADE and first.paid_on is not None
    assert first.payee_name == "Tuesday Lunch Club"
    with pytest.raises(PaymentRefused, match="at most £300 can be added"):
        payment_record(accepted, by=officer, amount=301, payee="group")
    accepted.refresh_from_db()
    assert accepted.state == AwardState.ACCEPTED
    payment_record(accepted, by=officer, amount=300, payee="group")
    accepted.refresh_from_db()
    assert accepted.state == AwardState.PAID
    assert accepted.paid_total() == 800
    with pytest.raises(PaymentRefused, match="already paid in full"):
        payment_record(accepted, by=officer, amount=1, payee="group")
    from core.models import AuditEvent

    assert list(
        AuditEvent.objects.filter(
            object_id=str(first.pk), transition__in=["record_payment", "make"]
        )
        .order_by("pk")
        .values_list("transition", "to_state")
    ) == [("record_payment", "scheduled"), ("make", "made")]
    assert [m.subject for m in outbox] == [
        "Seedbed: £500 is on its way to Tuesday Lunch Club",
        "Seedbed: £300 is on its way to Tuesday Lunch Club",
    ]


def test_a_stale_page_cannot_overpay(accepted, officer, funder):
    """Two officers loaded the award at once; the second sees the first's payment under lock."""
    second_officer = give_second_factor(make_user("second.officer@example.com", "Sol"))
    Role.objects.create(user=second_officer, kind=Role.Kind.OFFICER, funder=funder)
    seen_by_first = Award.objects.get(pk=accepted.pk)
    seen_by_second = Award.objects.get(pk=accepted.pk)
    payment_record(seen_by_first, by=officer, amount=600, payee="group")
    with pytest.raises(PaymentRefused, match="more than is left"):
        payment_record(seen_by_second, by=second_officer, amount=600, payee="group")
    assert accepted.paid_total() == 600


@pytest.mark.django_db(transaction=True)
def test_two_officers_recording_at_the_same_moment_never_overpay(
    open_round, group_a, applicant, officer
):
    award = accept(offer(open_round, group_a, applicant, officer, amount=800), applicant)
    barrier = threading.Barrier(4)
    outcomes = []

    def pay(reference):
        """One officer pressing "Record": retried while the database is busy, as a person
        would (SQLite's in-memory test database locks whole tables), unless their payment is
        already in the list (the lock met the email to the group, after the payment was made)."""
        try:
            barrier.wait(timeout=5)
            for _attempt in range(50):
                try:
                    payment_record(
                        Award.objects.get(pk=award.pk),
                        by=officer,
                        amount=300,
                        payee="group",
                        reference=reference,
                    )
                    outcomes.append("paid")
                    return
                except PaymentRefused:
                    outcomes.append("refused")
                    return
                except OperationalError:
                    time.sleep(0.05)
                    with contextlib.suppress(OperationalError):
                        if Payment.objects.filter(reference=reference).exists():
                            outcomes.append("paid")
                            return
            outcomes.append("gave up")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=pay, args=(f"BACS {i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    made = Payment.objects.filter(award=award, state=PaymentState.MADE)
    total = sum(p.amount for p in made)
    assert total <= 800, outcomes
    assert sorted(outcomes) == ["paid", "paid", "refused", "refused"], outcomes
    assert total == 600


def test_planned_payments_count_toward_the_limit(accepted, officer):
    planned = payment_record(
        accepted, by=officer, amount=400, payee="host", made=False, due_on=date(2027, 6, 1)
    )
    assert planned.state == PaymentState.SCHEDULED and planned.paid_on is None
    payment_record(accepted, by=officer, amount=400, payee="group")
    with pytest.raises(PaymentRefused, match="more than is left"):
        payment_record(accepted, by=officer, amount=1, payee="group", made=False)
    payment_mark_made(planned, by=officer, paid_on=date(2027, 6, 2), reference="BACS-9")
    planned.refresh_from_db()
    accepted.refresh_from_db()
    assert (planned.state, planned.paid_on, planned.reference) == (
        "made",
        date(2027, 6, 2),
        "BACS-9",
    )
    assert accepted.state == AwardState.PAID


def test_only_the_funders_officers_record_payments(
    accepted, other_officer, funder_viewer, applicant
):
    for person in (other_officer, funder_viewer, applicant):
        with pytest.raises(PaymentRefused, match="not allowed"):
            payment_record(accepted, by=person, amount=10, payee="group")


def test_no_payments_on_declined_or_cancelled_awards(award, applicant, officer):
    from awards.services.offers import offer_decline

    award = offer_decline(award, by=applicant)
    with pytest.raises(PaymentRefused, match="Declined"):
        payment_record(award, by=officer, amount=10, payee="group")


@pytest.mark.parametrize("amount", [0, -1, "ten"])
def test_payment_amounts_must_be_positive(accepted, officer, amount):
    with pytest.raises(PaymentRefused, match="more than £0"):
        payment_record(accepted, by=officer, amount=amount, payee="group")


def test_a_planned_payment_cannot_be_sent_twice(accepted, officer):
    planned = payment_record(accepted, by=officer, amount=100, payee="group", made=False)
    payment_mark_made(planned, by=officer)
    with pytest.raises(TransitionRefused):
        payment_mark_made(planned, by=officer)


# --------------------------------------------------------------------------------------------
# Payments due and the finance CSV
# --------------------------------------------------------------------------------------------
def test_payments_due_page_and_csv(accepted, officer, funder, client_for, funder_viewer):
    payment_record(
        accepted, by=officer, amount=400, payee="group", made=False, due_on=date(2027, 5, 1)
    )
    assert list(payments_due(funder, until=date(2027, 4, 30))) == []
    assert len(payments_due(funder, until=date(2027, 5, 1))) == 1
    client = client_for(officer)
    page = client.get(reverse("payments_due", args=[funder.slug]))
    assert page.status_code == 200
    assert "Tuesday Lunch Club" in page.text and "£400" in page.text
    response = client.get(reverse("payments_due_csv", args=[funder.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Due on", "Award reference", "Group"]
    assert rows[1][0] == "2027-05-01" and rows[1][5] == "400"
    assert (
        client_for(funder_viewer).get(reverse("payments_due", args=[funder.slug])).status_code
        == 404
    )


def test_the_finance_csv_defuses_spreadsheet_formulas(
    open_round, applicant, officer, funder, client_for
):
    from tests.conftest import make_group

    group = make_group("=HYPERLINK(evil)", applicant, bank_account_name="@SUM(1)")
    award = accept(offer(open_round, group, applicant, officer), applicant, payee="@SUM(1)")
    payment_record(award, by=officer, amount=100, payee="group", made=False)
    response = client_for(officer).get(reverse("payments_due_csv", args=[funder.slug]))
    row = list(csv.reader(io.StringIO(response.content.decode())))[1]
    assert row[2] == "'=HYPERLINK(evil)" and row[4] == "'@SUM(1)"


# --------------------------------------------------------------------------------------------
# The payment forms
# --------------------------------------------------------------------------------------------
def _pay(client, award, **data):
    values = {"kind": "made", "payee": "group", "amount": "100", "date": "2027-05-01"}
    values.update(data)
    return client.post(reverse("staff_award_pay", args=[award.pk]), values)


def test_recording_a_payment_through_the_page(accepted, officer, client_for):
    response = _pay(client_for(officer), accepted, reference="BACS 12/3")
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.amount, payment.paid_on, payment.reference) == (
        100,
        date(2027, 5, 1),
        "BACS 12/3",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": ""}, "amount", "Enter the amount."),
        ({"amount": "12.50"}, "amount", "Enter a whole number of pounds"),
        ({"amount": "ten"}, "amount", "Enter a whole number of pounds"),
        ({"amount": "0"}, "amount", "at least £1"),
        ({"amount": "99999999"}, "amount", "no more than £1,000,000"),
        ({"date": ""}, "date", "Enter the date."),
        ({"date": "31/02/2027"}, "date", "Enter a real date"),
        ({"kind": "gift"}, "kind", "Choose sent or planned."),
        ({"payee": ""}, "payee", "Choose who is paid."),
        ({"reference": "x" * 61}, "reference", "Use 60 characters or fewer."),
        ({"reference": "<script>alert(1)</script>"}, "reference", "simple punctuation"),
    ],
)
def test_payment_form_problems_are_shown_beside_the_field_and_values_kept(
    accepted, officer, client_for, data, field, message
):
    response = _pay(client_for(officer), accepted, **data)
    assert response.status_code == 200
    html = response.text
    assert f'id="id_{field}-error"' in html
    assert message.replace("'", "&#x27;") in html
    assert "govuk-error-summary" in html
    for name, value in data.items():
        if value and name in ("amount", "date", "reference"):
            from django.utils.html import escape

            assert f'value="{escape(value)}"' in html
    assert "<script>alert(1)</script>" not in html
    assert not Payment.objects.exists()


def test_overpaying_through_the_page_shows_the_limit_beside_the_amount(
    accepted, officer, client_for
):
    response = _pay(client_for(officer), accepted, amount="900")
    assert response.status_code == 200
    assert 'id="id_amount-error"' in response.text
    assert "at most £800 can be added" in response.text
    assert 'value="900"' in response.text


def test_paying_before_acceptance_through_the_page_is_refused(award, officer, client_for):
    response = _pay(client_for(officer), award)
    assert "has not accepted the offer yet" in response.text
    assert not Payment.objects.exists()


def test_payment_pages_are_for_the_funders_officers_only(
    accepted, other_officer, funder_viewer, client_for
):
    url = reverse("staff_award_pay", args=[accepted.pk])
    assert client_for(other_officer).get(url).status_code == 404
    assert client_for(funder_viewer).get(url).status_code == 404


def test_marking_a_planned_payment_sent_through_the_page(accepted, officer, client_for):
    planned = payment_record(accepted, by=officer, amount=800, payee="group", made=False)
    client = client_for(officer)
    url = reverse("staff_payment_sent", args=[planned.pk])
    bad = client.post(url, {"paid_on": "yesterday", "reference": "ok"})
    assert 'id="id_paid_on-error"' in bad.text and 'value="yesterday"' in bad.text
    assert client.post(url, {"paid_on": "2/5/2027", "reference": "R1"}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == AwardState.PAID
