"""Awards: the offer (and its letter), acceptance, declining, lapsing, changes, cancelling,
closing. Helpers here (`awarded_application`, `offer`) are used by the other award tests."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardState, PaymentState
from awards.services import offers as award_service
from awards.services.payments import payment_record
from core.models import AuditEvent
from core.transitions import TransitionRefused, perform
from grants.models import Application, Group
from tests.conftest import make_group, make_user

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Helpers used across the award tests
# --------------------------------------------------------------------------------------------
def awarded_application(rnd, group, applicant, officer, *, asked=800, title="Tuesday lunches"):
    """An application taken through draft → submitted → eligible → awarded, as people do."""
    app = Application.objects.create(
        round=rnd, group=group, title=title, amount_requested=asked, created_by=applicant
    )
    app = perform(app, "submit", by=applicant)
    app = perform(app, "mark_eligible", by=officer)
    return perform(app, "award", by=officer, reason="The panel chose it")


def offer(rnd, group, applicant, officer, *, amount=750, **extra):
    app = awarded_application(rnd, group, applicant, officer)
    extra.setdefault("start_date", date(2027, 4, 1))
    extra.setdefault("end_date", date(2028, 3, 31))
    return award_service.offer_make(app, amount=amount, by=officer, **extra)


def accept(award, applicant, *, route="bank", payee="Tuesday Lunch Club"):
    return award_service.offer_accept(
        award,
        by=applicant,
        accepted_name="Amina Yusuf",
        payment_route=route,
        payee_name=payee,
        two_people_agree=True,
    )


@pytest.fixture
def award(open_round, group_a, applicant, officer, outbox):
    return offer(open_round, group_a, applicant, officer)


# --------------------------------------------------------------------------------------------
# Making the offer
# --------------------------------------------------------------------------------------------
def test_an_offer_is_made_for_an_awarded_application(
    open_round, group_a, applicant, officer, outbox
):
    app = awarded_application(open_round, group_a, applicant, officer, asked=800)
    award = award_service.offer_make(
        app, amount=650, by=officer, conditions="Credit the ICB in posts."
    )
    assert award.state == AwardState.OFFERED
    assert award.amount == 650  # may differ from what was asked
    assert (award.funder, award.round, award.group) == (open_round.funder, open_round, group_a)
    assert award.reporting_tier["name"] == "Short end report"
    assert award.accept_by == timezone.localdate() + timedelta(days=28)
    event = AuditEvent.objects.filter(transition="make_offer").get()
    assert (event.from_state, event.to_state, event.actor) == ("", "offered", officer)
    [message] = outbox
    assert message.to == [group_a.contact_email, applicant.email]
    assert "£650" in message.subject
    assert f"/awards/{award.pk}/letter.pdf" in message.body
    assert f"/awards/{award.pk}/" in message.body


def test_the_reporting_tier_follows_the_amount(open_round, group_a, applicant, officer):
    award = offer(
        open_round, group_a, applicant, officer, amount=12000, override_reason="Tier test"
    )
    assert award.reporting_tier["name"] == "Mid-point and end reports"
    assert award_service.reporting_tier_for(open_round, 1000)["name"] == "Short end report"
    assert award_service.reporting_tier_for(open_round, 1001)["name"] == "End report with numbers"


def test_no_offer_for_an_application_that_was_not_funded(open_round, group_a, applicant, officer):
    app = Application.objects.create(round=open_round, group=group_a, amount_requested=500)
    app = perform(app, "submit", by=applicant)
    with pytest.raises(TransitionRefused, match="only be made for an application the panel"):
        award_service.offer_make(app, amount=500, by=officer)
    assert not Award.objects.exists()


def test_only_one_offer_per_application(open_round, group_a, applicant, officer):
    award = offer(open_round, group_a, applicant, officer)
    with pytest.raises(TransitionRefused, match="already has an offer"):
        award_service.offer_make(award.application, amount=100, by=officer)


def test_another_funders_officer_cannot_make_the_offer(
    open_round, group_a, applicant, officer, other_officer
):
    app = awarded_application(open_round, group_a, applicant, officer)
    with pytest.raises(TransitionRefused, match="not allowed"):
        award_service.offer_make(app, amount=500, by=other_officer)
    with pytest.raises(TransitionRefused, match="not allowed"):
        award_service.offer_make(app, amount=500, by=applicant)


@pytest.mark.parametrize("amount", [0, -5, "lots", None])
def test_the_amount_must_be_positive_pounds(open_round, group_a, applicant, officer, amount):
    app = awarded_application(open_round, group_a, applicant, officer)
    with pytest.raises(TransitionRefused, match="amount to offer"):
        award_service.offer_make(app, amount=amount, by=officer)


def test_the_decision_can_make_offers_automatically(open_round, group_a, applicant, officer):
    app = awarded_application(open_round, group_a, applicant, officer)
    award = award_service.offer_make(app, amount=500, by=None)
    event = AuditEvent.objects.get(transition="make_offer")
    assert award.offered_by is None and event.actor_label == "Seedbed (automatic)"


# --------------------------------------------------------------------------------------------
# The offer letter
# --------------------------------------------------------------------------------------------
def test_the_offer_letter_is_a_pdf_in_plain_words_with_page_numbers(award):
    pdf = award_service.offer_letter_pdf(award)
    assert pdf.startswith(b"%PDF-")
    text = award_service.offer_letter_text(award)
    assert "NHS Testshire Integrated Care Board" in text
    assert "Tuesday Lunch Club" in text
    assert "£750" in text
    assert "you asked for £800" in text
    assert award.reference in text
    assert "Page 1 of" in text
    assert "Short end report" in text
    # The bytes themselves say the same (read back without a PDF library).
    from tests.support.pages import pdf_text as text_of_pdf

    read_back = " ".join(text_of_pdf(pdf).split())
    for words in ("NHS Testshire Integrated Care Board", "Tuesday Lunch Club", "£750", "Page 1 of"):
        assert words in read_back, words


def test_the_letter_stays_as_it_was_sent(award, applicant, funder):
    """Renaming the funder or the round, or the group accepting, never rewrites a sent letter."""
    assert award.letter_html  # kept when the offer was made
    funder.name = "NHS Newshire ICB"
    funder.save()
    award.round.title = "A new name for the round"
    award.round.save()
    accept(award, applicant)
    award.refresh_from_db()
    text = award_service.offer_letter_text(award)
    assert "NHS Testshire Integrated Care Board" in text and "NHS Newshire ICB" not in text
    assert "A new name for the round" not in text
    # Offers made before letters were kept are written afresh, with today's names.
    type(award).objects.filter(pk=award.pk).update(letter_html="")
    award.refresh_from_db()
    assert "NHS Newshire ICB" in award_service.offer_letter_text(award)


def test_the_letter_is_only_for_the_group_and_the_funders_staff(
    award, client_for, applicant, applicant_b, group_b, funder_viewer, other_officer, client
):
    url = reverse("award_letter", args=[award.pk])
    response = client_for(applicant).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert client_for(funder_viewer).get(url).status_code == 200
    assert client_for(applicant_b).get(url).status_code == 404
    assert client_for(other_officer).get(url).status_code == 404
    assert client.get(url).status_code == 302  # sign in first


# --------------------------------------------------------------------------------------------
# Accepting and declining
# --------------------------------------------------------------------------------------------
def test_the_group_accepts_and_it_is_recorded_with_the_time(award, applicant, outbox):
    outbox.clear()
    before = timezone.now()
    award = accept(award, applicant, route="host", payee="Riverside Community Hub")
    assert award.state == AwardState.ACCEPTED
    assert award.accepted_by == applicant
    assert award.accepted_name == "Amina Yusuf"
    assert award.payment_route == "host" and award.payee_name == "Riverside Community Hub"
    assert award.two_people_agree
    assert award.accepted_at >= before
    event = AuditEvent.objects.get(transition="accept")
    assert event.actor == applicant and "Amina Yusuf" in event.reason
    assert any("You accepted £750" in m.subject for m in outbox)


def test_acceptance_needs_a_name_a_payee_and_two_people(award, applicant):
    with pytest.raises(TransitionRefused) as refused:
        award_service.offer_accept(
            award,
            by=applicant,
            accepted_name=" ",
            payment_route="cash",
            payee_name="",
            two_people_agree=False,
        )
    assert len(refused.value.problems) == 4
    award.refresh_from_db()
    assert award.state == AwardState.OFFERED


def test_only_the_groups_members_may_accept(award, applicant_b, group_b, supporter, officer):
    group = award.group
    group.supporters.add(supporter)
    for person in (applicant_b, supporter, officer):
        with pytest.raises(TransitionRefused, match="not allowed"):
            accept(award, person)


def test_an_offer_cannot_be_accepted_after_its_deadline(award, applicant):
    Award.objects.filter(pk=award.pk).update(accept_by=timezone.localdate() - timedelta(days=1))
    award.refresh_from_db()
    with pytest.raises(TransitionRefused, match="The time to accept this offer ended on"):
        accept(award, applicant)


def test_the_group_declines_with_an_optional_reason(award, applicant, funder):
    award = award_service.offer_decline(award, by=applicant, reason="We found other money")
    assert award.state == AwardState.DECLINED
    assert award.decline_reason == "We found other money"
    with pytest.raises(TransitionRefused, match="cannot be done any more"):
        accept(award, applicant)


# --------------------------------------------------------------------------------------------
# Lapsing, with a controlled clock
# --------------------------------------------------------------------------------------------
def _at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def test_offers_lapse_the_day_after_their_deadline(
    open_round, group_a, group_b, applicant, applicant_b, officer, outbox
):
    waiting = offer(open_round, group_a, applicant, officer, accept_by=date(2027, 3, 1))
    answered = offer(open_round, group_b, applicant_b, officer, accept_by=date(2027, 3, 1))
    Award.objects.filter(pk=answered.pk).update(accept_by=date(2099, 1, 1))
    answered.refresh_from_db()
    answered = accept(answered, applicant_b)
    outbox.clear()

    assert award_service.offers_lapse_overdue(now=_at(date(2027, 3, 1), 23)) == []
    lapsed = award_service.offers_lapse_overdue(now=_at(date(2027, 3, 2), 0))
    assert [a.pk for a in lapsed] == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.state == AwardState.LAPSED
    assert waiting.lapsed_at == _at(date(2027, 3, 2), 0)
    event = AuditEvent.objects.get(transition="lapse")
    assert event.actor is None
    assert event.reason == "Not accepted by 1 March 2027"
    assert event.actor_label == "Seedbed (automatic)"
    answered.refresh_from_db()
    assert answered.state == AwardState.ACCEPTED
    assert [m.subject for m in outbox] == ["Seedbed: Your offer of £750 has ended"]
    # Running again changes nothing.
    assert award_service.offers_lapse_overdue(now=_at(date(2027, 3, 9))) == []


def test_the_lapse_command_and_task(open_round, group_a, applicant, officer):
    award = offer(open_round, group_a, applicant, officer, accept_by=date(2027, 3, 1))
    out = io.StringIO()
    call_command("lapse_offers", "--today", "2027-03-01", stdout=out)
    assert "0 offer(s) lapsed" in out.getvalue()
    call_command("lapse_offers", "--today", "2027-03-02", stdout=out)
    assert "1 offer(s) lapsed" in out.getvalue()
    award.refresh_from_db()
    assert award.state == AwardState.LAPSED

    from awards.tasks import lapse_offers_task

    result = lapse_offers_task.enqueue()
    assert result.return_value == 0


# --------------------------------------------------------------------------------------------
# Changes (variations), cancelling, closing
# --------------------------------------------------------------------------------------------
def test_a_change_is_proposed_then_agreed_and_applies(award, applicant, officer):
    award = accept(award, applicant)
    award = award_service.variation_propose(
        award, by=officer, reason="Venue costs more", amount=1200, end_date=date(2028, 6, 30)
    )
    assert award.state == AwardState.VARIED
    assert award.amount == 750  # not yet
    award = award_service.variation_agree(
        award, by=officer, reason="Agreed by phone with the group"
    )
    assert award.state == AwardState.ACCEPTED
    assert award.amount == 1200
    assert award.end_date == date(2028, 6, 30)
    assert award.reporting_tier["name"] == "End report with numbers"
    steps = list(
        AuditEvent.objects.filter(object_id=str(award.pk)).values_list("transition", flat=True)
    )
    assert steps[-2:] == ["vary", "variation_agreed"]


def test_a_paid_award_returns_to_paid_after_a_change_of_dates(award, applicant, officer):
    award = accept(award, applicant)
    payment_record(award, by=officer, amount=750, payee="group")
    award.refresh_from_db()
    assert award.state == AwardState.PAID
    award = award_service.variation_propose(
        award, by=officer, reason="Later finish", end_date=date(2028, 9, 30)
    )
    award = award_service.variation_agree(
        award, by=officer, reason="Agreed by phone with the group"
    )
    assert award.state == AwardState.PAID

    award = award_service.variation_propose(award, by=officer, reason="More people", amount=900)
    award = award_service.variation_agree(
        award, by=officer, reason="Agreed by phone with the group"
    )
    assert award.state == AwardState.ACCEPTED  # £150 still to pay


def test_a_change_cannot_cut_below_what_was_paid(award, applicant, officer):
    award = accept(award, applicant)
    payment_record(award, by=officer, amount=500, payee="group")
    with pytest.raises(TransitionRefused, match="cannot be less than the money already paid"):
        award_service.variation_propose(award, by=officer, reason="Less", amount=400)
    with pytest.raises(TransitionRefused, match="Say why"):
        award_service.variation_propose(award, by=officer, reason="", amount=600)


def test_a_change_cannot_be_proposed_on_an_offer_or_by_the_group(award, applicant, officer):
    with pytest.raises(TransitionRefused, match="cannot be done any more"):
        award_service.variation_propose(award, by=officer, reason="x", amount=10)
    award = accept(award, applicant)
    with pytest.raises(TransitionRefused, match="not allowed"):
        award_service.variation_propose(award, by=applicant, reason="x", amount=900)


def test_cancelling_records_the_money_to_recover_and_stops_planned_payments(
    award, applicant, officer
):
    award = accept(award, applicant)
    payment_record(award, by=officer, amount=300, payee="group")
    planned = payment_record(
        award, by=officer, amount=200, payee="group", made=False, due_on=date(2027, 6, 1)
    )
    with pytest.raises(TransitionRefused, match="more than was paid"):
        award_service.award_cancel(award, by=officer, reason="Group closed", amount_to_recover=500)
    award = award_service.award_cancel(
        award, by=officer, reason="Group closed", amount_to_recover=300
    )
    assert award.state == AwardState.CANCELLED
    assert (award.cancel_reason, award.amount_to_recover) == ("Group closed", 300)
    planned.refresh_from_db()
    assert planned.state == PaymentState.CANCELLED


@pytest.mark.parametrize("state_name", ["offered", "accepted", "paid", "varied", "closed"])
def test_any_award_can_be_cancelled(award, applicant, officer, state_name):
    if state_name != "offered":
        award = accept(award, applicant)
    if state_name in ("paid", "closed"):
        payment_record(award, by=officer, amount=award.amount, payee="group")
        award.refresh_from_db()
    if state_name == "varied":
        award = award_service.variation_propose(award, by=officer, reason="x", amount=800)
    if state_name == "closed":
        award = award_service.award_close(award, officer, "Final report accepted")
    assert award.state == state_name
    award = award_service.award_cancel(award, by=officer, reason="Fraud suspected")
    assert award.state == AwardState.CANCELLED


def test_closing_needs_a_paid_award(award, applicant, officer):
    award = accept(award, applicant)
    with pytest.raises(TransitionRefused):
        award_service.award_close(award, officer, "Final report accepted")
    payment_record(award, by=officer, amount=750, payee="group")
    award.refresh_from_db()
    award = award_service.award_close(award, officer, "Final report accepted")
    assert award.state == AwardState.CLOSED and award.closed_at is not None


def test_the_state_field_cannot_be_set_directly(award):
    with pytest.raises(AttributeError):
        award.state = AwardState.PAID


# --------------------------------------------------------------------------------------------
# Demo data
# --------------------------------------------------------------------------------------------
def test_the_demo_has_awards_in_several_states_and_stays_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    states = sorted(Award.objects.values_list("state", flat=True))
    call_command("seed_demo", stdout=io.StringIO())
    assert sorted(Award.objects.values_list("state", flat=True)) == states
    assert set(states) >= {"offered", "accepted", "paid"}


def test_an_award_belongs_to_one_group_only(open_round, officer):
    member = make_user("x@example.com", "X")
    group = make_group("Knit Club", member, kind=Group.Kind.FAITH)
    award = offer(open_round, group, member, officer)
    assert list(Award.objects.filter(group=group)) == [award]
