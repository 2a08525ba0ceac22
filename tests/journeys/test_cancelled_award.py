"""Story 3, through HTTP as the people do it: an award is paid in part, then cancelled with
money to get back; what the officer, the group and the funder's figures show at each step.

The funder's "paid" is money sent less money received back, on every award, cancelled ones
included (docs/figures.md): after the cancelling it stays £400, with £400 to recover, until
the officer records the £400 as received; then paid and to-recover are both £0.
The offer and its acceptance are made through the services (story 1 covers them by HTTP)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardState, Payment, PaymentState
from reports.outcomes import outcomes
from tests.grants.test_awards import accept, offer

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def figures(funder):
    head = outcomes(funder, {}).headline
    return {key: head[key] for key in ("grants", "awarded", "paid")}


def register(client, funder, round_):
    """The award register's figures, as the officer sees them: its totals, and the round's row
    of "Each round's money" (budget, offered, awarded, paid, to get back, left)."""
    page = text_of(client.get(reverse("award_register", args=[funder.slug])))
    totals = re.search(r"Paid £([\d,]+) Received back £([\d,]+) Still to get back £([\d,]+)", page)
    row = re.search(re.escape(round_.title) + r"((?: £[\d,]+){6})", page)
    assert totals and row, f"no totals or no row for the round on the register: {page}"
    pounds = [int(v.replace(",", "")) for v in re.findall(r"£([\d,]+)", row.group(1))]
    paid, recovered, to_recover = (int(g.replace(",", "")) for g in totals.groups())
    return {
        "total_paid": paid,
        "recovered": recovered,
        "to_recover": to_recover,
        "round_paid": pounds[3],
        "round_to_recover": pounds[4],
    }


def dashboard_paid(client, round_):
    """The outcomes dashboard's "paid" (its headline, and the round's row), as the officer
    sees it; the two must agree."""
    dashboard = client.get(reverse("outcomes"))
    assert dashboard.status_code == 200
    result = dashboard.context["result"]
    (row,) = [r for r in result.by_round if r["round"] == round_]
    assert row["paid"] == result.headline["paid"]
    return row["paid"]


def test_a_cancelled_award_with_money_to_get_back(
    funder, open_round, group_a, applicant, officer, client_for, outbox
):
    award = accept(offer(open_round, group_a, applicant, officer, amount=750), applicant)
    staff, group = client_for(officer), client_for(applicant)
    assert figures(funder) == {"grants": 1, "awarded": 750, "paid": 0}

    # The officer records £400 sent.
    response = staff.post(
        reverse("staff_award_pay", args=[award.pk]),
        {"kind": "made", "payee": "group", "amount": "400", "date": "2027-04-02",
         "reference": "BACS 1"},
    )  # fmt: skip
    assert response.status_code == 302
    (payment,) = Payment.objects.filter(award=award)
    assert (payment.amount, payment.state) == (400, PaymentState.MADE)
    assert figures(funder) == {"grants": 1, "awarded": 750, "paid": 400}
    before = text_of(group.get(reverse("award_detail", args=[award.pk])))
    assert "£400" in before and "ancelled" not in before

    # Asking for more back than was paid is refused, and nothing changes.
    cancel_url = reverse("staff_award_cancel", args=[award.pk])
    too_much = staff.post(
        cancel_url, {"reason": "The group has closed.", "amount_to_recover": "500"}
    )
    assert too_much.status_code == 200
    assert "You cannot get back more than was paid (£400)." in text_of(too_much)
    assert Award.objects.get(pk=award.pk).state == AwardState.ACCEPTED
    assert figures(funder) == {"grants": 1, "awarded": 750, "paid": 400}

    # The officer cancels it, with £400 to get back.
    done = staff.post(cancel_url, {"reason": "The group has closed.", "amount_to_recover": "400"})
    assert done.status_code == 302 and done["Location"] == reverse("staff_award", args=[award.pk])
    award.refresh_from_db()
    assert (award.state, award.amount_to_recover) == (AwardState.CANCELLED, 400)

    # The officer sees why, and how much is to come back.
    page = text_of(staff.get(reverse("staff_award", args=[award.pk])))
    assert "Cancelled The group has closed.; money to get back: £400" in page
    # The group's own page says it is cancelled.
    assert "ancelled" in text_of(group.get(reverse("award_detail", args=[award.pk])))

    # The funder's figures: a cancelled award is not counted as awarded, but "paid" is money
    # sent less money received back (docs/figures.md), so the £400 stays paid until it comes
    # back, and is shown as still to get back.
    assert figures(funder) == {"grants": 0, "awarded": 0, "paid": 400}
    assert dashboard_paid(staff, open_round) == 400
    assert register(staff, funder, open_round) == {
        "total_paid": 400, "recovered": 0, "to_recover": 400, "round_paid": 400,
        "round_to_recover": 400,
    }  # fmt: skip
    due = text_of(staff.get(reverse("payments_due", args=[funder.slug])))
    assert group_a.name in due and "£400" in due

    # The group sends the £400 back; the officer records it as received, from the award page.
    award_page = staff.get(reverse("staff_award", args=[award.pk])).content.decode()
    (received_url,) = set(re.findall(r'href="(/staff/recoveries/\d+/received/)"', award_page))
    form = staff.get(received_url)
    assert form.status_code == 200 and "£400 due back" in text_of(form)
    today = timezone.localdate().isoformat()  # a date received cannot be in the future
    got_back = staff.post(received_url, {"received_on": today, "reference": "BACS back"})
    assert got_back.status_code == 302, text_of(got_back)
    assert got_back["Location"] == reverse("staff_award", args=[award.pk])
    (recovery,) = award.recoveries.all()
    assert (recovery.state, recovery.amount, recovery.reference) == ("received", 400, "BACS back")
    page = text_of(staff.get(reverse("staff_award", args=[award.pk])))
    assert "£400 received back, £0 still to get back" in page

    # Now nothing is paid (the money came back) and nothing is left to recover.
    assert figures(funder) == {"grants": 0, "awarded": 0, "paid": 0}
    assert dashboard_paid(staff, open_round) == 0
    figures_now = register(staff, funder, open_round)
    # (The register's *total* "Paid" is checked in the test below: it is not net yet.)
    figures_now.pop("total_paid")
    assert figures_now == {
        "recovered": 400, "to_recover": 0, "round_paid": 0, "round_to_recover": 0
    }  # fmt: skip
    due = text_of(staff.get(reverse("payments_due", args=[funder.slug])))
    assert group_a.name not in due


def test_the_registers_total_paid_is_net_of_money_received_back(
    funder, open_round, group_a, applicant, officer, client_for
):
    from awards.services import offers as award_service
    from awards.services import payments as payment_service
    from awards.services import recoveries

    award = accept(offer(open_round, group_a, applicant, officer, amount=750), applicant)
    payment_service.payment_record(award, by=officer, amount=400, payee="group")
    award_service.award_cancel(award, by=officer, reason="Closed", amount_to_recover=400)
    recoveries.recovery_record_received(
        award.recoveries.get(), by=officer, received_on=timezone.localdate(), reference=""
    )
    figures_now = register(client_for(officer), funder, open_round)
    assert figures_now["round_paid"] == 0
    assert figures_now["total_paid"] == 0, "the register's total 'Paid' is not net of £400 back"
