"""Other ways to apply: a supporter fills in the form with a group; an officer types in one
given by phone or on paper. The application records who helped and how."""

import pytest
from django.urls import reverse

from grants.models import Application, ApplicationState, Group, GroupMember
from grants.services import applications as rules
from tests.conftest import make_group

pytestmark = pytest.mark.django_db

GROUP = {
    "name": "Riverside Mums",
    "kind": "informal",
    "area": "Riverside",
    "postcode": "RV3 9ZZ",
    "income_band": "none",
    "contact_name": "Jo Rivers",
    "contact_email": "jo@example.com",
    "second_contact_name": "Kim Banks",
    "second_contact_phone": "07700 900456",
    "contacts_unrelated": "on",
    "payment_route": "host",
    "host_name": "Riverside Community Trust",
    "host_contact_name": "Pat Trust",
    "host_contact_email": "pat@trust.example",
}


def test_a_supporter_starts_a_form_with_a_group_they_support(
    client_for, supporter, group_a, open_round
):
    group_a.supporters.add(supporter)
    client = client_for(supporter)
    url = reverse("apply_assisted", args=[open_round.slug])
    page = client.get(url).text
    assert "Apply with a group" in page
    assert "Tuesday Lunch Club" in page
    assert "They sent it on paper" not in page  # paper and phone are for officers
    response = client.post(url, {"group": group_a.pk})
    app = Application.objects.get()
    assert response["Location"] == reverse("application_step", args=[app.reference, "about"])
    assert (app.channel, app.assisted_by, app.created_by) == (
        Application.Channel.ASSISTED,
        supporter,
        supporter,
    )
    page = client.get(reverse("application", args=[app.reference])).text
    assert "Filled in with help from Sam" in page


def test_a_supporter_cannot_pick_a_group_they_do_not_support(
    client_for, supporter, group_a, open_round
):
    response = client_for(supporter).post(
        reverse("apply_assisted", args=[open_round.slug]), {"group": group_a.pk}
    )
    assert response.status_code == 200
    assert "Choose a group" in response.text
    assert not Application.objects.exists()


def test_a_supporter_makes_a_new_group_with_them(client_for, supporter, open_round, outbox):
    client = client_for(supporter)
    response = client.post(reverse("apply_assisted", args=[open_round.slug]), {"group": "new"})
    assert response.status_code == 302
    assert "helper=1" in response["Location"]
    response = client.post(response["Location"], GROUP)
    group = Group.objects.get(name="Riverside Mums")
    assert supporter in group.supporters.all()
    assert not GroupMember.objects.filter(group=group).exists()
    app = Application.objects.get(group=group)
    assert app.assisted_by == supporter
    assert app.channel == Application.Channel.ASSISTED
    # The supporter fills it in and sends it; the group's contact gets the email.
    app = rules.application_save_about(app, {"title": "Baby group", "amount_requested": 400})
    for question in open_round.questions.all():
        rules.answer_save(app, question, text="Told to us by the group.")
    rules.budget_save(app, [("Room", 400)])
    response = client.post(reverse("application_check", args=[app.reference]))
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    assert "jo@example.com" in outbox[0].to


def test_an_officer_types_in_a_form_given_by_phone(client_for, officer, open_round, group_b):
    from tests.conftest import make_round

    # The officer can pick a group that applied to one of the funder's rounds before.
    earlier = make_round(open_round.funder, slug="earlier")
    Application.objects.create(round=earlier, group=group_b)
    client = client_for(officer)
    url = reverse("apply_assisted", args=[open_round.slug])
    page = client.get(url).text
    assert "They told me by phone" in page and "They sent it on paper" in page
    assert "Millbrook Walkers" in page
    response = client.post(url, {"group": group_b.pk})
    assert "Choose one" in response.text  # how it reached us is needed
    response = client.post(url, {"group": group_b.pk, "channel": "phone"})
    app = Application.objects.get(round=open_round)
    assert (app.channel, app.assisted_by) == (Application.Channel.PHONE, officer)
    page = client.get(reverse("application", args=[app.reference])).text
    assert "Given to us by phone. Olu typed it in." in page


def test_an_officer_records_a_paper_form_for_a_new_group(client_for, officer, open_round):
    client = client_for(officer)
    response = client.post(
        reverse("apply_assisted", args=[open_round.slug]), {"group": "new", "channel": "paper"}
    )
    response = client.post(response["Location"], GROUP)
    app = Application.objects.get()
    assert (app.channel, app.assisted_by) == (Application.Channel.PAPER, officer)


def test_an_officer_without_a_second_factor_is_sent_to_set_one_up(
    client_for, officer_without_second_factor, open_round
):
    response = client_for(officer_without_second_factor).get(
        reverse("apply_assisted", args=[open_round.slug])
    )
    assert response["Location"] == reverse("staff_second_factor_needed")


def test_applicants_and_other_funders_officers_cannot_apply_with_any_group(
    client_for, applicant, other_officer, open_round
):
    url = reverse("apply_assisted", args=[open_round.slug])
    assert client_for(applicant).get(url).status_code == 404
    assert client_for(other_officer).get(url).status_code == 404
    assert client_for(applicant).get(
        f"{reverse('group_new')}?round={open_round.slug}&helper=1"
    ).status_code in (302, 404)


def test_the_one_per_group_rule_applies_to_helpers_too(
    client_for, supporter, applicant, group_a, open_round
):
    group_a.supporters.add(supporter)
    first = rules.application_start(open_round, group_a, by=applicant)
    rules.application_save_about(first, {"title": "x", "amount_requested": 300})
    for question in open_round.questions.all():
        rules.answer_save(first, question, text="yes")
    rules.budget_save(first, [("Tea", 300)])
    rules.application_submit(first, by=applicant)
    response = client_for(supporter).post(
        reverse("apply_assisted", args=[open_round.slug]), {"group": group_a.pk}
    )
    assert "has already applied to this round" in response.text


def test_a_supporters_forms_list_shows_the_groups_they_help(client_for, supporter, open_round):
    group = make_group("Men's Shed")
    group.supporters.add(supporter)
    app = rules.application_start(
        open_round, group, by=supporter, assisted_by=supporter, channel=Application.Channel.ASSISTED
    )
    page = client_for(supporter).get(reverse("my_applications")).text
    assert app.reference in page
