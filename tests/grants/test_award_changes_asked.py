"""A group asks for a change to its grant from its own award page; the funder's officers agree
to it or turn it down (with a reason), and the group hears the answer by email, once."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from awards.models import AwardState, Variation
from awards.services import offers as award_service
from awards.services.payments import payment_record
from core.models import AuditEvent
from core.transitions import TransitionRefused
from tests.conftest import make_user
from tests.grants.test_award_pages import HOSTILE, assert_field_error
from tests.grants.test_awards import accept, offer

pytestmark = pytest.mark.django_db

ASK_OK = {"end_date": "2028-06-30", "start_date": "", "amount": "", "reason": "The hall shut."}


@pytest.fixture
def award(open_round, group_a, applicant, officer):
    """Group A's accepted grant: £750, 1 April 2027 to 31 March 2028."""
    return accept(offer(open_round, group_a, applicant, officer), applicant)


def ask_url(award):
    return reverse("award_ask_change", args=[award.pk])


def turn_down_url(award):
    return reverse("staff_award_variation_declined", args=[award.pk])


def steps_of(award):
    return list(
        AuditEvent.objects.filter(object_id=str(award.pk))
        .order_by("at", "pk")
        .values_list("transition", "from_state", "to_state", "actor__email", "reason")
    )


def asked(award, applicant, **what):
    what = what or {"end_date": date(2028, 6, 30)}
    return award_service.change_ask(award, by=applicant, reason="The hall shut.", **what)


# --------------------------------------------------------------------------------------------
# The group asks
# --------------------------------------------------------------------------------------------
def test_the_group_asks_for_a_later_end_date(
    award, client_for, applicant, officer, funder_viewer, group_a, outbox
):
    client = client_for(applicant)
    page = client.get(reverse("award_detail", args=[award.pk]))
    assert ask_url(award) in page.text and "Ask for a change" in page.text
    form = client.get(ask_url(award))
    assert form.status_code == 200
    assert "Leave it empty to keep it" in form.text
    outbox.clear()

    response = client.post(ask_url(award), ASK_OK)
    assert response.status_code == 302
    assert response["Location"] == reverse("award_detail", args=[award.pk])
    award.refresh_from_db()
    assert award.state == AwardState.VARIED
    assert award.end_date == date(2028, 3, 31)  # not until it is agreed
    variation = award.pending_variation()
    assert variation.asked_by_group and variation.proposed_by == applicant
    assert (variation.new_end_date, variation.new_amount, variation.new_start_date) == (
        date(2028, 6, 30),
        None,
        None,
    )
    assert variation.reason == "The hall shut."

    # The funder's officers are emailed (not the viewer), with a link to the staff page.
    [message] = outbox
    assert message.to == [officer.email]
    assert message.subject == "Seedbed: Tuesday Lunch Club asked to change their grant"
    assert reverse("staff_award", args=[award.pk]) in message.body
    assert "30 June 2028" in message.body and "The hall shut." in message.body
    assert funder_viewer.email not in message.to

    # The group's page says the change is waiting for the funder, and offers no second ask.
    page = client.get(reverse("award_detail", args=[award.pk]), follow=True)
    assert "We sent your request" in page.text
    assert "Your change is waiting for" in page.text
    assert "30 June 2028" in page.text
    assert ask_url(award) not in page.text
    # The officers see who asked, and can agree or turn it down.
    staff = client_for(officer).get(reverse("staff_award", args=[award.pk]))
    assert "The group asked for this change" in staff.text
    assert turn_down_url(award) in staff.text
    assert reverse("staff_award_variation_agreed", args=[award.pk]) in staff.text

    assert steps_of(award)[-1] == (
        "change_asked",
        "accepted",
        "varied",
        applicant.email,
        "The hall shut.",
    )


def test_a_supporter_of_the_group_may_ask_but_not_another_supporter(
    award, client_for, group_a, supporter, funder
):
    group_a.supporters.add(supporter)
    assert client_for(supporter).get(ask_url(award)).status_code == 200
    stranger = make_user("other.supporter@example.com", "Ola")
    funder.roles.create(user=stranger, kind="supporter")
    assert client_for(stranger).get(ask_url(award)).status_code == 404


def test_another_groups_member_and_the_funders_staff_cannot_ask(
    award, client_for, applicant_b, group_b, officer, funder_viewer, other_officer
):
    for person in (applicant_b, funder_viewer, officer, other_officer):
        client = client_for(person)
        assert client.get(ask_url(award)).status_code == 404
        assert client.post(ask_url(award), ASK_OK).status_code == 404
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED and not award.variations.exists()
    # The officers change awards on the staff pages, so the group's link is not shown to them.
    page = client_for(funder_viewer).get(reverse("award_detail", args=[award.pk]))
    assert ask_url(award) not in page.text


def test_the_service_refuses_people_outside_the_group(award, applicant, officer, applicant_b):
    with pytest.raises(TransitionRefused, match="not allowed"):
        award_service.change_ask(award, by=applicant_b, reason="x", end_date=date(2028, 6, 30))
    # And the group still cannot use the officers' way in.
    with pytest.raises(TransitionRefused, match="not allowed"):
        award_service.variation_propose(award, by=applicant, reason="x", amount=900)
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED


def test_asking_twice_while_one_is_waiting_is_refused(award, client_for, applicant, outbox):
    client = client_for(applicant)
    assert client.post(ask_url(award), ASK_OK).status_code == 302
    outbox.clear()
    again = client.post(ask_url(award), {**ASK_OK, "amount": "900"}, follow=True)
    assert "A change to this grant is already waiting for the funder." in again.text
    assert again.redirect_chain[-1][0] == reverse("award_detail", args=[award.pk])
    assert client.get(ask_url(award)).status_code == 302
    assert Variation.objects.filter(award=award).count() == 1
    assert not outbox
    with pytest.raises(TransitionRefused, match="already waiting"):
        asked(award, applicant, amount=900)


def test_a_change_the_officers_proposed_also_blocks_asking(award, client_for, applicant, officer):
    award_service.variation_propose(award, by=officer, reason="Budget", amount=800)
    page = client_for(applicant).get(ask_url(award), follow=True)
    assert "already waiting for the funder" in page.text


def test_an_offer_not_yet_accepted_cannot_be_changed(
    open_round, group_b, applicant_b, officer, client_for
):
    offered = offer(open_round, group_b, applicant_b, officer)
    client = client_for(applicant_b)
    assert ask_url(offered) not in client.get(reverse("award_detail", args=[offered.pk])).text
    page = client.get(ask_url(offered), follow=True)
    assert "You can ask for a change once you have accepted the grant." in page.text


# --------------------------------------------------------------------------------------------
# The answer: agreed
# --------------------------------------------------------------------------------------------
def test_an_officer_agrees_and_the_group_is_emailed_once(
    award, client_for, applicant, officer, group_a, outbox
):
    asked(award, applicant)
    outbox.clear()
    response = client_for(officer).post(
        reverse("staff_award_variation_agreed", args=[award.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.state, award.end_date, award.amount) == (
        AwardState.ACCEPTED,
        date(2028, 6, 30),
        750,
    )
    [message] = outbox
    assert message.to == [group_a.contact_email, applicant.email]
    assert message.subject == "Seedbed: The change to your grant is agreed"
    assert "It ends on 30 June 2028" in message.body
    assert reverse("award_detail", args=[award.pk]) in message.body
    assert [s[0] for s in steps_of(award)][-2:] == ["change_asked", "variation_agreed"]
    page = client_for(applicant).get(reverse("award_detail", args=[award.pk]))
    assert "waiting for" not in page.text
    assert ask_url(award) in page.text  # they may ask again


def test_agreeing_a_new_amount_tells_the_group_the_new_amount(award, applicant, officer, outbox):
    asked(award, applicant, amount=900)
    outbox.clear()
    award = award_service.variation_agree(award, by=officer)
    assert award.amount == 900
    [message] = outbox
    assert "Amount: £900" in message.body


# --------------------------------------------------------------------------------------------
# The answer: turned down
# --------------------------------------------------------------------------------------------
def test_an_officer_turns_the_change_down_with_a_reason(
    award, client_for, applicant, officer, group_a, outbox
):
    asked(award, applicant, amount=900)
    outbox.clear()
    client = client_for(officer)
    form = client.get(turn_down_url(award))
    assert form.status_code == 200 and "The hall shut." in form.text
    response = client.post(turn_down_url(award), {"reason": "The round's money is all given."})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_award", args=[award.pk])
    award.refresh_from_db()
    assert (award.state, award.amount, award.end_date) == (
        AwardState.ACCEPTED,
        750,
        date(2028, 3, 31),
    )
    variation = award.variations.get()
    assert variation.withdrawn and variation.agreed_at is None
    assert variation.declined_reason == "The round's money is all given."
    assert variation.declined_at is not None
    assert award.pending_variation() is None

    [message] = outbox
    assert message.to == [group_a.contact_email, applicant.email]
    assert "said no to the change you asked for" in message.subject
    assert "The round's money is all given." in message.body
    assert "Amount: £750" in message.body

    assert steps_of(award)[-2:] == [
        ("change_asked", "accepted", "varied", applicant.email, "The hall shut."),
        ("variation_declined", "varied", "accepted", officer.email,
         "The round's money is all given."),
    ]  # fmt: skip
    page = client_for(applicant).get(reverse("award_detail", args=[award.pk]))
    assert "said no to the change you asked for" in page.text
    assert escape("The round's money is all given.") in page.text
    assert ask_url(award) in page.text


def test_a_paid_award_goes_back_to_paid_when_a_change_is_turned_down(award, applicant, officer):
    payment_record(award, by=officer, amount=750, payee="group")
    award.refresh_from_db()
    assert award.state == AwardState.PAID
    award = asked(award, applicant, end_date=date(2028, 9, 30))
    assert award.state == AwardState.VARIED
    award = award_service.variation_decline(award, by=officer, reason="Please finish on time.")
    assert award.state == AwardState.PAID


def test_turning_down_an_officers_own_proposal_tells_the_group_plainly(award, officer, outbox):
    award = award_service.variation_propose(award, by=officer, reason="Budget", amount=800)
    outbox.clear()
    award_service.variation_decline(award, by=officer, reason="We found the money after all.")
    [message] = outbox
    assert message.subject == "Seedbed: The change to your grant will not happen"


def test_a_funder_viewer_cannot_turn_a_change_down(
    award, client_for, applicant, funder_viewer, other_officer
):
    asked(award, applicant)
    for person in (funder_viewer, other_officer):
        client = client_for(person)
        assert client.get(turn_down_url(award)).status_code == 404
        assert client.post(turn_down_url(award), {"reason": "No"}).status_code == 404
    page = client_for(funder_viewer).get(reverse("staff_award", args=[award.pk]))
    assert turn_down_url(award) not in page.text
    award.refresh_from_db()
    assert award.state == AwardState.VARIED


def test_the_group_cannot_turn_down_its_own_change(award, client_for, applicant):
    asked(award, applicant)
    assert client_for(applicant).post(turn_down_url(award), {"reason": "No"}).status_code == 403
    with pytest.raises(TransitionRefused, match="not allowed"):
        award_service.variation_decline(award, by=applicant, reason="No")


def test_nothing_to_turn_down_sends_the_officer_back(award, client_for, officer):
    response = client_for(officer).post(turn_down_url(award), {"reason": "No"}, follow=True)
    assert "There is no change waiting to be answered." in response.text
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED


# --------------------------------------------------------------------------------------------
# Bad input on the two new forms
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": ""}, "reason", "Tell us why the grant needs to change."),
        ({"reason": "   "}, "reason", "Tell us why the grant needs to change."),
        ({"reason": "x" * 2001}, "reason", "Use 2,000 characters or fewer."),
        ({"reason": "Hall\x00shut"}, "reason", "Remove the hidden control characters"),
        ({"reason": "\x1b[31mred"}, "reason", "Remove the hidden control characters"),
        ({"amount": "lots"}, "amount", "Enter a whole number of pounds, like 750."),
        ({"amount": "12.50"}, "amount", "Enter a whole number of pounds, like 750."),
        ({"amount": "-5"}, "amount", "Enter an amount of at least £1."),
        ({"amount": "0"}, "amount", "Enter an amount of at least £1."),
        ({"amount": HOSTILE}, "amount", "Enter a whole number of pounds"),
        ({"end_date": "31/2/2027"}, "end_date", "Enter a real date, like 31/3/2027."),
        ({"end_date": "next week"}, "end_date", "Enter a real date"),
        ({"end_date": HOSTILE}, "end_date", "Enter a real date"),
        ({"start_date": "2027-02-31"}, "start_date", "Enter a real date"),
        ({"end_date": "2027-01-01"}, "end_date", "on or after the start date"),
        ({"end_date": "", "start_date": "2028-06-01"}, "start_date", "on or after the start"),
        ({"end_date": ""}, "end_date", "Tell us the new end date, start date or amount."),
    ],
)
def test_ask_form_problems(award, client_for, applicant, outbox, change, field, message):
    outbox.clear()
    data = {**ASK_OK, **change}
    response = client_for(applicant).post(ask_url(award), data)
    assert_field_error(response, field, message)
    typed = change.get(field, "")
    if field == "reason" and typed.strip() and "\x00" not in typed and "\x1b" not in typed:
        assert escape(typed) in response.text
    elif field != "reason" and typed:
        assert f'value="{escape(typed)}"' in response.text
    if field != "reason":
        assert "The hall shut." in response.text  # the rest of what was typed is kept
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED and not award.variations.exists()
    assert not outbox


def test_the_amount_cannot_go_below_the_money_already_sent(award, client_for, applicant, officer):
    payment_record(award, by=officer, amount=500, payee="group")
    response = client_for(applicant).post(ask_url(award), {**ASK_OK, "amount": "400"})
    assert_field_error(response, "amount", "cannot be less than the money sent or planned")
    assert "£500" in response.text and 'value="400"' in response.text


def test_a_reason_with_markup_is_kept_as_text(award, client_for, applicant, officer):
    response = client_for(applicant).post(ask_url(award), {**ASK_OK, "reason": HOSTILE})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.pending_variation().reason == HOSTILE
    for page in (
        client_for(applicant).get(reverse("award_detail", args=[award.pk])),
        client_for(officer).get(reverse("staff_award", args=[award.pk])),
        client_for(officer).get(turn_down_url(award)),
    ):
        assert escape(HOSTILE) in page.text and HOSTILE not in page.text


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why are you turning it down?"),
        ("  ", "Enter why are you turning it down?"),
        ("n" * 2001, "Use 2,000 characters or fewer."),
        ("No\x00way", "Remove the hidden control characters"),
        ("\x07bell", "Remove the hidden control characters"),
    ],
)
def test_turn_down_form_problems(award, client_for, applicant, officer, outbox, reason, message):
    asked(award, applicant)
    outbox.clear()
    response = client_for(officer).post(turn_down_url(award), {"reason": reason})
    assert_field_error(response, "reason", message)
    if reason.strip() and reason.isprintable():
        assert reason in response.text
    award.refresh_from_db()
    assert award.state == AwardState.VARIED
    assert not award.variations.get().withdrawn
    assert not outbox


def test_a_turn_down_reason_with_markup_is_kept_as_text(award, client_for, applicant, officer):
    asked(award, applicant)
    too_long = client_for(officer).post(turn_down_url(award), {"reason": HOSTILE + "x" * 2000})
    assert_field_error(too_long, "reason", "Use 2,000 characters or fewer.")
    assert escape(HOSTILE + "x" * 2000) in too_long.text
    assert client_for(officer).post(turn_down_url(award), {"reason": HOSTILE}).status_code == 302
    page = client_for(applicant).get(reverse("award_detail", args=[award.pk]))
    assert escape(HOSTILE) in page.text and HOSTILE not in page.text


@pytest.mark.parametrize("bad", ["x" * 2001, "Agreed\x00on the phone"])
def test_agreeing_with_a_note_that_is_not_valid_changes_nothing(
    award, client_for, applicant, officer, outbox, bad
):
    """A note that cannot be kept (too long, or with a control character) must not let the
    change apply with the note silently dropped: nothing changes and the officer is told why."""
    asked(award, applicant)
    outbox.clear()
    before = steps_of(award)
    response = client_for(officer).post(
        reverse("staff_award_variation_agreed", args=[award.pk]), {"reason": bad}, follow=True
    )
    award.refresh_from_db()
    assert award.state == AwardState.VARIED
    assert award.end_date != date(2028, 6, 30)
    assert steps_of(award) == before
    assert outbox == []
    assert "The change was not agreed" in response.text
