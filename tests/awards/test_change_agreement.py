"""Issue 13, finding 5: a change an officer proposes is agreed with the group. The group is
emailed and agrees on its page (or the officer records an agreement given by phone, with a
note); only then does the change apply, and a change letter is kept beside the offer letter."""

from datetime import date

import pytest
from django.urls import reverse

from awards import privacy as awards_privacy
from awards.models import AgreedHow, AwardState, Variation
from awards.services import offers as award_service
from core.models import AuditEvent
from tests.grants.test_award_pages import HOSTILE, assert_field_error
from tests.grants.test_awards import accept, offer
from tests.support.pages import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_round, group_a, applicant, officer):
    """Group A's accepted grant: £750, 1 April 2027 to 31 March 2028."""
    return accept(offer(open_round, group_a, applicant, officer), applicant)


def agree_url(award):
    return reverse("award_agree_change", args=[award.pk])


def proposed(client_for, officer, award, **data):
    data = {"amount": "900", "start_date": "", "end_date": "", "reason": "More sessions", **data}
    response = client_for(officer).post(reverse("staff_award_vary", args=[award.pk]), data)
    assert response.status_code == 302
    award.refresh_from_db()
    return award


def test_an_officers_proposal_waits_for_the_group_and_the_group_is_emailed(
    award, client_for, officer, applicant, group_a, outbox
):
    outbox.clear()
    award = proposed(client_for, officer, award)
    assert (award.state, award.amount) == (AwardState.VARIED, 750)  # nothing applies yet
    [message] = outbox
    assert message.to == [group_a.contact_email, applicant.email]
    assert message.subject == "Seedbed: Please agree a change to your grant"
    assert "£750 to £900" in message.body and "More sessions" in message.body
    assert reverse("award_detail", args=[award.pk]) in message.body
    page = client_for(applicant).get(reverse("award_detail", args=[award.pk]))
    assert "wants to change your grant" in page.text
    assert agree_url(award) in page.text and "We agree to this change" in page.text


def test_the_officer_cannot_apply_their_own_proposal_without_saying_how_the_group_agreed(
    award, client_for, officer
):
    award = proposed(client_for, officer, award)
    page = client_for(officer).post(
        reverse("staff_award_variation_agreed", args=[award.pk]), {"reason": ""}, follow=True
    )
    assert "Say when and how the group agreed" in page.text
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.VARIED, 750)
    assert not AuditEvent.objects.filter(transition="variation_agreed").exists()


def test_the_group_agrees_on_its_page_and_the_change_letter_is_kept(
    award, client_for, officer, applicant, outbox
):
    award = proposed(client_for, officer, award)
    outbox.clear()
    client = client_for(applicant)
    response = client.post(agree_url(award), {"agreed_name": "Amina Yusuf"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.ACCEPTED, 900)
    variation = Variation.objects.get(award=award)
    assert variation.agreed_how == AgreedHow.GROUP and variation.agreed_by == applicant
    event = AuditEvent.objects.get(transition="variation_agreed")
    assert event.actor == applicant and "Amina Yusuf" in event.reason
    # The group's page shows the grant as it is now, and both letters.
    page = client.get(reverse("award_detail", args=[award.pk]))
    assert "£900" in page.text and "We agree to this change" not in page.text
    letter_url = reverse("award_change_letter", args=[award.pk, variation.pk])
    assert letter_url in page.text and reverse("award_letter", args=[award.pk]) in page.text
    letter = client.get(letter_url)
    assert letter["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(letter.streaming_content if letter.streaming else [letter.content]))
    assert "£900" in text and "£750" in text and "Amina Yusuf" in text
    # The group and the funder's officers hear.
    subjects = sorted(m.subject for m in outbox)
    assert subjects == [
        "Seedbed: The change to your grant is agreed",
        f"Seedbed: The group agreed the change to {award.reference}",
    ]
    [to_group] = [m for m in outbox if m.subject.endswith("is agreed")]
    assert "Your group agreed the change" in to_group.body
    assert letter_url in to_group.body and "Amount: £900" in to_group.body


def test_the_name_given_when_agreeing_is_in_the_persons_own_data(
    award, client_for, officer, applicant
):
    award = proposed(client_for, officer, award)
    client_for(applicant).post(agree_url(award), {"agreed_name": "Amina Yusuf"})
    [mine] = awards_privacy.export(applicant)
    [change] = mine["changes_agreed"]
    assert change["you_agreed_it"] and "Amina Yusuf" in change["name_given_when_agreeing"]


def test_the_officer_records_an_agreement_given_by_phone(award, client_for, officer, outbox):
    award = proposed(client_for, officer, award, amount="", end_date="2028-06-30")
    note = "Agreed by phone with Amina Yusuf on 3 March"
    response = client_for(officer).post(
        reverse("staff_award_variation_agreed", args=[award.pk]), {"reason": note}
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.state, award.end_date) == (AwardState.ACCEPTED, date(2028, 6, 30))
    variation = Variation.objects.get(award=award)
    assert (variation.agreed_how, variation.agreed_note) == (AgreedHow.RECORDED, note)
    assert "30 June 2028" in pdf_text(award_service.change_letter_pdf(variation))


def test_the_group_cannot_agree_its_own_request_for_the_funder(award, client_for, applicant):
    award = award_service.change_ask(
        award, by=applicant, reason="The hall shut.", end_date=date(2028, 6, 30)
    )
    client = client_for(applicant)
    assert agree_url(award) not in client.get(reverse("award_detail", args=[award.pk])).text
    response = client.post(agree_url(award), {"agreed_name": "Amina Yusuf"})
    assert response.status_code == 404
    award.refresh_from_db()
    assert (award.state, award.end_date) == (AwardState.VARIED, date(2028, 3, 31))


def test_the_groups_supporter_sees_the_change_and_who_can_agree_it(
    award, client_for, officer, supporter, group_a
):
    group_a.supporters.add(supporter)
    award = proposed(client_for, officer, award)
    client = client_for(supporter)
    page = client.get(reverse("award_detail", args=[award.pk]))
    assert "wants to change your grant" in page.text
    assert agree_url(award) not in page.text
    assert "Only the group's own people can agree it" in page.text
    assert group_a.contact_email in page.text
    assert client.post(agree_url(award), {"agreed_name": "Sam"}).status_code == 404
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.VARIED, 750)


def test_someone_from_another_group_cannot_agree(award, client_for, officer, applicant_b):
    award = proposed(client_for, officer, award)
    response = client_for(applicant_b).post(agree_url(award), {"agreed_name": "Someone"})
    assert response.status_code == 404
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.VARIED, 750)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Type your full name."),
        ("A" * 121, "Use 120 characters or fewer."),
        (HOSTILE, "Use only letters, numbers, spaces and simple punctuation"),
        ("   ", "Type your full name."),
    ],
)
def test_the_agreement_form_refuses_bad_names_and_changes_nothing(
    award, client_for, officer, applicant, name, error
):
    award = proposed(client_for, officer, award)
    response = client_for(applicant).post(agree_url(award), {"agreed_name": name})
    assert_field_error(response, "agreed_name", error)
    award.refresh_from_db()
    assert (award.state, award.amount) == (AwardState.VARIED, 750)


def test_a_change_letter_keeps_the_terms_agreed_at_that_time(award, client_for, officer, applicant):
    award = proposed(client_for, officer, award)
    client_for(applicant).post(agree_url(award), {"agreed_name": "Amina Yusuf"})
    first = Variation.objects.get(award=award)
    award.refresh_from_db()
    award = proposed(client_for, officer, award, amount="1000", reason="Even more")
    client_for(applicant).post(agree_url(award), {"agreed_name": "Amina Yusuf"})
    first_text = pdf_text(award_service.change_letter_pdf(first))
    assert "£900" in first_text and "£1,000" not in first_text
