"""Groups are their people: every contact named on a group (by the group, a supporter or an
officer) who signs in with that email joins the group, sees its forms and grants, and can
accept an offer. A supporter sees what they helped with and is told who can accept."""

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from awards.models import AwardState
from awards.services import offers as award_service
from core.transitions import perform
from grants.models import Application, ApplicationState, Group, GroupMember
from grants.services import applications as rules
from tests.conftest import code_from_outbox, make_group, make_user

pytestmark = pytest.mark.django_db

NEW_GROUP = {
    "name": "Brixton Knit & Natter",
    "kind": "informal",
    "area": "Brixton",
    "postcode": "RV3 9ZZ",
    "income_band": "none",
    "contact_name": "Jo Rivers",
    "contact_email": "Jo@Example.com",
    "second_contact_name": "Kim Banks",
    "second_contact_email": "kim@example.com",
    "contacts_unrelated": "on",
    "payment_route": "host",
    "host_name": "Riverside Community Trust",
    "host_contact_name": "Pat Trust",
    "host_contact_email": "pat@trust.example",
}


def sign_in_by_code(client, email, start_url):
    """Open `start_url` signed out, and sign in by the emailed code as a person would."""
    response = client.get(start_url, follow=True)
    assert response.redirect_chain, "the page asks you to sign in"
    sign_in_url = response.redirect_chain[-1][0]
    assert "/accounts/login/code/" in sign_in_url
    mail.outbox = []
    response = client.post(sign_in_url, {"email": email})
    assert response.status_code == 302, response.text
    code = code_from_outbox(email.lower())
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    return response["Location"]


def supporter_sends_a_form_for_a_new_group(client_for, supporter, rnd, outbox):
    client = client_for(supporter)
    response = client.post(reverse("apply_assisted", args=[rnd.slug]), {"group": "new"})
    response = client.post(response["Location"], NEW_GROUP)
    assert response.status_code == 302
    group = Group.objects.get(name="Brixton Knit & Natter")
    app = Application.objects.get(group=group)
    rules.application_save_about(app, {"title": "Wool for winter", "amount_requested": 400})
    for question in rnd.questions.all():
        rules.answer_save(app, question, text="Told to us by the group.")
    rules.budget_save(app, [("Wool", 400)])
    client.post(reverse("application_check", args=[app.reference]))
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    return client, group, app


def test_a_group_helped_by_a_supporter_sees_its_form_and_accepts_its_offer(
    client_for, supporter, officer, open_round, outbox
):
    supporter_client, group, app = supporter_sends_a_form_for_a_new_group(
        client_for, supporter, open_round, outbox
    )
    # The group's contact gets "We got your form" with a link to it.
    sent = next(m for m in outbox if "jo@example.com" in [t.lower() for t in m.to])
    link = re.search(r"https?://[^\s]+/applications/[A-Z0-9-]+/", sent.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path

    # Jo signs in from the emailed link and lands on the form: no 404.
    jo = Client()
    landing = sign_in_by_code(jo, "jo@example.com", path)
    page = jo.get(landing, follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [] or page.redirect_chain[-1][0].endswith(path)
    assert "Wool for winter" in page.text
    # The first sign-in says which group she belongs to and who added her.
    assert "You are one of the people of Brixton Knit &amp; Natter" in page.text
    assert "Sam, who helps the group, named you" in page.text
    assert GroupMember.objects.get(group=group, user__email="jo@example.com").added_by == supporter
    # Only once.
    assert "You are one of the people" not in jo.get(path).text
    home = jo.get(reverse("my_home")).text
    assert "You are not part of a group" not in home
    assert "Brixton Knit &amp; Natter" in home and "added by Sam" in home

    # The panel funds it; the officer makes the offer.
    app = perform(app, "mark_eligible", by=officer)
    app = perform(app, "award", by=officer, reason="The panel chose it")
    award = award_service.offer_make(
        app, amount=400, by=officer, start_date=date(2027, 4, 1), end_date=date(2028, 3, 31)
    )

    # The supporter sees the offer, no button, and who can accept it.
    page = supporter_client.get(reverse("award_detail", args=[award.pk])).text
    assert "Accept the grant" not in page
    assert "Who can accept this offer" in page
    assert "Jo" in page and "Kim Banks (kim@example.com)" in page
    assert "Brixton Knit &amp; Natter" in supporter_client.get(reverse("my_home")).text

    # Jo accepts.
    page = jo.get(reverse("award_detail", args=[award.pk])).text
    assert "Accept the grant" in page
    response = jo.post(
        reverse("award_accept", args=[award.pk]),
        {
            "payment_route": "host",
            "payee_name": "Riverside Community Trust",
            "accepted_name": "Jo Rivers",
            "two_people_agree": "on",
        },
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED


def test_the_second_contact_joins_too_and_a_stranger_does_not(
    client_for, supporter, open_round, outbox
):
    _client, group, app = supporter_sends_a_form_for_a_new_group(
        client_for, supporter, open_round, outbox
    )
    path = reverse("application", args=[app.reference])
    kim = Client()
    sign_in_by_code(kim, "KIM@example.com", path)
    assert kim.get(path).status_code == 200
    stranger = Client()
    sign_in_by_code(stranger, "someone@example.com", path)
    assert stranger.get(path).status_code == 404
    assert list(group.members.values_list("email", flat=True)) == ["kim@example.com"]


def test_a_contact_who_signed_in_before_joins_when_named(client_for, applicant, open_round):
    """Amina has confirmed her email already (she signed in before): naming her on a group
    makes her one of its people at once."""
    officer_made = make_group("Lunch Buddies", contact_email="AMINA@example.com")
    from grants.services.groups import contacts_join_confirmed

    contacts_join_confirmed(officer_made)
    assert GroupMember.objects.filter(group=officer_made, user=applicant).exists()


def test_changing_a_contact_email_names_the_new_contact(client_for, applicant, supporter):
    group = make_group("Tuesday Lunch Club", applicant)
    group.supporters.add(supporter)
    newcomer = make_user("newcomer@example.com", "Nia")
    data = {
        f: getattr(group, f)
        for f in (
            "name",
            "kind",
            "area",
            "postcode",
            "contact_name",
            "contact_email",
            "second_contact_name",
            "payment_route",
            "bank_account_name",
        )
    }
    data.update(
        second_contact_email="newcomer@example.com", contacts_unrelated="on", income_band="none"
    )
    response = client_for(supporter).post(reverse("group_edit", args=[group.pk]), data)
    assert response.status_code == 302
    member = GroupMember.objects.get(group=group, user=newcomer)
    assert member.added_by == supporter


def test_the_look_alike_hint_matches_a_contact_email_and_a_near_name(
    client_for, officer, open_round, applicant, applicant_b
):
    first = make_group("The Brixton Knit & Natter Group", contact_email="jo@example.com")
    Application.objects.create(round=open_round, group=first, title="Wool")
    same_email = make_group("Knitters of Brixton", applicant, contact_email="JO@example.com")
    near_name = make_group("Brixton Knit and Natter", applicant_b)
    unrelated = make_group("Millbrook Walkers")
    a = Application.objects.create(round=open_round, group=same_email, created_by=applicant)
    b = Application.objects.create(round=open_round, group=near_name, created_by=applicant_b)
    c = Application.objects.create(round=open_round, group=unrelated)
    assert [x.why for x in rules.look_alikes(a)] == ["same contact email"]
    assert [x.why for x in rules.look_alikes(b)] == ["nearly the same name"]
    assert rules.look_alikes(c) == []
    page = client_for(applicant).get(reverse("application", args=[a.reference])).text
    assert "Your group may have sent a form to this round already" in page
    b = perform(b, "submit", by=applicant_b)
    page = client_for(officer).get(reverse("staff_application", args=[b.pk])).text
    assert "This may be the same group as another form" in page
    assert "nearly the same name" in page
