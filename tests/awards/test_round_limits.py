"""Offers stay within the round's largest grant and budget unless an officer says why
(issue 13, finding 2). The test round: budget £10,000, largest grant £3,000."""

import pytest
from django.urls import reverse

from awards.models import Award
from awards.selectors import round_money
from awards.services import offers as award_service
from core.models import AuditEvent
from core.transitions import TransitionRefused
from tests.grants.test_awards import awarded_application, offer

pytestmark = pytest.mark.django_db


def test_an_offer_above_the_largest_grant_is_refused(open_round, group_a, applicant, officer):
    app = awarded_application(open_round, group_a, applicant, officer)
    with pytest.raises(TransitionRefused, match="more than the round's largest grant"):
        award_service.offer_make(app, amount=3001, by=officer)
    assert not Award.objects.exists()
    assert not AuditEvent.objects.filter(transition="make_offer").exists()


def test_offers_that_would_pass_the_budget_are_refused(open_round, group_a, applicant, officer):
    for _ in range(3):
        offer(open_round, group_a, applicant, officer, amount=3000)
    app = awarded_application(open_round, group_a, applicant, officer)
    with pytest.raises(TransitionRefused, match="£1,001 over it"):
        award_service.offer_make(app, amount=2001, by=officer)
    assert Award.objects.count() == 3
    assert round_money(open_round).committed == 9000
    award_service.offer_make(app, amount=1000, by=officer)  # exactly fills the budget
    assert round_money(open_round).left == 0


def test_an_officer_may_go_past_the_limits_with_a_reason(open_round, group_a, applicant, officer):
    app = awarded_application(open_round, group_a, applicant, officer)
    award = award_service.offer_make(
        app, amount=12000, by=officer, override_reason="The board agreed on 3 March"
    )
    assert award.limit_override_reason == "The board agreed on 3 March"
    event = AuditEvent.objects.get(transition="limits_overridden", object_id=str(award.pk))
    assert event.actor == officer
    assert "largest grant" in event.reason and "over it" in event.reason
    assert "The board agreed on 3 March" in event.reason


def test_lapsed_and_declined_offers_free_the_budget(open_round, group_a, applicant, officer):
    first = offer(open_round, group_a, applicant, officer, amount=3000)
    award_service.offer_decline(first, by=applicant)
    assert round_money(open_round).committed == 0


def _offer_form(app, amount, **extra):
    return {
        "amount": str(amount),
        "conditions": "",
        "start_date": "",
        "end_date": "",
        "accept_by": "2099-01-01",
        "geo_code": "",
        "geo_code_type": "",
        **extra,
    }


def test_the_offer_form_refuses_and_then_takes_a_reason(
    client_for, open_round, group_a, applicant, officer
):
    app = awarded_application(open_round, group_a, applicant, officer)
    client = client_for(officer)
    url = reverse("staff_make_offer", args=[app.pk])
    page = client.get(url)
    assert "£10,000" in page.content.decode() and "£3,000" in page.content.decode()
    response = client.post(url, _offer_form(app, 5000))
    assert response.status_code == 200
    text = response.content.decode()
    assert "more than the round&#x27;s largest grant (£3,000)" in text
    assert 'value="5000"' in text  # what was typed is kept
    assert not Award.objects.exists()
    response = client.post(url, _offer_form(app, 5000, override_reason="Agreed by the board"))
    award = Award.objects.get()
    assert response.status_code == 302 and award.amount == 5000
    detail = client.get(reverse("staff_award", args=[award.pk])).content.decode()
    assert "Past the round" in detail and "Agreed by the board" in detail
