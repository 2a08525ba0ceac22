"""A group adds and removes its people on "Your group's people": someone added by name and email
signs in with that email (the emailed code confirms it) and sees the group, as a contact named by
a supporter does. The two main contacts, who are not related, always stay: to change one, the
group names someone else in its details first. Every change is in the audit trail."""

import json

import pytest
from django.urls import reverse

from core.models import AuditEvent
from grants.models import GroupContact, GroupMember
from grants.privacy.export import export_personal_data
from grants.privacy.retention import remove_group_personal_data
from grants.services import applications as rules
from grants.services.groups import who_can_accept
from tests.conftest import make_user
from tests.grants.test_group_people import sign_in_by_code
from tests.grants.test_tap_twice import once_token
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db


def people_url(group):
    return reverse("group_people", args=[group.pk])


def remove_url(group):
    return reverse("group_person_remove", args=[group.pk])


@pytest.fixture
def group(group_a):
    """The Tuesday Lunch Club with its two main contacts (Amina signed in; Pat has not)."""
    group_a.contact_name, group_a.contact_email = "Amina", "amina@example.com"
    group_a.second_contact_name, group_a.second_contact_email = "Pat Lee", "pat@example.com"
    group_a.contacts_unrelated = True
    group_a.save()
    return group_a


def test_a_member_adds_a_person_who_then_signs_in_and_sees_the_group(
    client_for, client, applicant, group, open_round
):
    app = rules.application_start(open_round, group, by=applicant)
    amina = client_for(applicant)
    response = amina.post(
        people_url(group), {"name": "Jo Rivers", "email": "Jo.Rivers@Example.com"}
    )
    assert response.status_code == 302
    page = amina.get(response["Location"]).text
    assert "We added Jo Rivers" in page
    assert "jo.rivers@example.com" in page
    person = GroupContact.objects.get(group=group)
    assert (person.name, person.email, person.named_by) == (
        "Jo Rivers",
        "jo.rivers@example.com",
        applicant,
    )
    event = AuditEvent.objects.get(transition="person_added")
    assert event.actor == applicant and "Jo Rivers" in event.reason

    # Jo signs in with that email, by the emailed code, and finds the group's form.
    sign_in_by_code(client, "jo.rivers@example.com", reverse("application", args=[app.reference]))
    jo = GroupMember.objects.get(group=group, user__email="jo.rivers@example.com")
    assert jo.added_by == applicant
    assert client.get(reverse("application", args=[app.reference])).status_code == 200
    assert "(added by Amina)" in client.get(reverse("my_home")).text


def test_a_member_removes_a_person_and_they_no_longer_see_the_group(
    client_for, applicant, group, open_round
):
    app = rules.application_start(open_round, group, by=applicant)
    jo = make_user("jo@example.com", "Jo")
    client_for(applicant).post(people_url(group), {"name": "Jo", "email": "jo@example.com"})
    assert GroupMember.objects.filter(group=group, user=jo).exists()  # confirmed before

    person = GroupContact.objects.get(group=group)
    amina = client_for(applicant)
    response = amina.post(remove_url(group), {"person": f"contact-{person.pk}"})
    assert response.status_code == 302
    assert "We removed Jo" in amina.get(response["Location"]).text
    assert not GroupContact.objects.filter(group=group).exists()
    assert not GroupMember.objects.filter(group=group, user=jo).exists()
    assert client_for(jo).get(reverse("application", args=[app.reference])).status_code == 404
    assert AuditEvent.objects.filter(transition="person_removed", actor=applicant).exists()


@pytest.mark.parametrize("which", ["first", "second"])
def test_a_main_contact_cannot_be_removed_so_two_unrelated_contacts_stay(
    client_for, applicant, group, which
):
    pat = make_user("pat@example.com", "Pat")
    amina_member = GroupMember.objects.get(group=group, user=applicant)
    GroupMember.objects.create(group=group, user=pat)
    target = amina_member if which == "first" else GroupMember.objects.get(user=pat)
    before = list(GroupMember.objects.values_list("pk", flat=True).order_by("pk"))

    response = client_for(applicant).post(
        remove_url(group), {"person": f"member-{target.pk}"}, follow=True
    )

    assert "A group needs two main contacts who are not related" in response.text
    assert list(GroupMember.objects.values_list("pk", flat=True).order_by("pk")) == before
    group.refresh_from_db()
    assert group.contact_email == "amina@example.com"
    assert group.second_contact_email == "pat@example.com"
    assert not AuditEvent.objects.filter(transition="person_removed").exists()


def test_the_page_shows_everyone_and_who_cannot_be_removed(client_for, applicant, group):
    client_for(applicant).post(people_url(group), {"name": "Jo", "email": "jo@example.com"})
    page = client_for(applicant).get(people_url(group)).text
    for words in ("Amina", "Pat Lee", "pat@example.com", "Jo", "jo@example.com"):
        assert words in page
    assert page.count('name="person"') == 1  # only Jo can be removed here
    assert "Main contact" in page


def test_adding_someone_already_in_the_group_is_refused_beside_the_box(
    client_for, applicant, group
):
    response = client_for(applicant).post(
        people_url(group), {"name": "Pat again", "email": "PAT@example.com"}
    )
    assert response.status_code == 200
    assert "pat@example.com is already one of the group&#x27;s people" in response.text
    assert not GroupContact.objects.exists()


@pytest.mark.parametrize(
    "values, message",
    [
        ({"name": "", "email": "jo@example.com"}, "Enter their name"),
        ({"name": "Jo", "email": ""}, "Enter their email address"),
        ({"name": "Jo", "email": "not an email"}, "Enter an email address like name@example.com"),
        ({"name": "J" * 121, "email": "jo@example.com"}, "120 characters or fewer"),
        ({"name": "Jo", "email": "j" * 250 + "@example.com"}, "254 characters or fewer"),
        ({"name": "Jo", "email": ["a@example.com", "b@example.com"]}, None),
        ({"name": "<script>alert(1)</script>", "email": "jo@example.com"}, None),
        ({"name": "Jo\x00\x07", "email": "jo@example.com"}, None),
    ],
)
def test_bad_values_are_answered_beside_the_field(client_for, applicant, group, values, message):
    response = client_for(applicant).post(people_url(group), values)
    assert response.status_code in (200, 302)
    assert "<script>alert(1)</script>" not in response.text
    if message:
        assert response.status_code == 200
        assert message in response.text
        assert not GroupContact.objects.exists()
    for person in GroupContact.objects.all():
        assert "\x00" not in person.name and "\x07" not in person.name


def test_another_groups_member_cannot_see_add_or_remove(client_for, applicant_b, group):
    client = client_for(applicant_b)
    assert client.get(people_url(group)).status_code == 404
    assert (
        client.post(people_url(group), {"name": "X", "email": "x@example.com"}).status_code == 404
    )
    member = GroupMember.objects.get(group=group)
    assert client.post(remove_url(group), {"person": f"member-{member.pk}"}).status_code == 404
    assert not GroupContact.objects.exists()
    assert GroupMember.objects.filter(pk=member.pk).exists()


def test_a_supporter_of_the_group_may_add_people(client_for, supporter, group):
    group.supporters.add(supporter)
    client_for(supporter).post(people_url(group), {"name": "Jo", "email": "jo@example.com"})
    assert GroupContact.objects.get(group=group).named_by == supporter


def test_the_page_uses_the_same_number_of_queries_for_many_people(client_for, applicant, group):
    client = client_for(applicant)
    client.post(people_url(group), {"name": "Jo", "email": "jo@example.com"})
    with count_queries() as few:
        client.get(people_url(group))
    for n in range(10):
        client.post(people_url(group), {"name": f"P{n}", "email": f"p{n}@example.com"})
        GroupMember.objects.create(group=group, user=make_user(f"m{n}@example.com"))
    with count_queries() as many:
        client.get(people_url(group))
    assert len(many) == len(few) <= 12


def test_added_people_are_in_the_data_download_and_go_with_the_groups_contact_details(
    client_for, applicant, group
):
    client_for(applicant).post(people_url(group), {"name": "Jo", "email": "jo@example.com"})
    exported = export_personal_data(applicant)
    assert '"jo@example.com"' in json.dumps(exported)
    assert remove_group_personal_data(group) is True
    assert not GroupContact.objects.exists()


def test_a_supporter_is_told_an_added_person_can_accept(client_for, applicant, group):
    client_for(applicant).post(people_url(group), {"name": "Jo", "email": "jo@example.com"})
    assert "Jo (jo@example.com)" in who_can_accept(group)


def test_two_taps_on_add_this_person_add_them_once_and_land_on_the_same_page(
    client_for, applicant, group
):
    client = client_for(applicant)
    token = once_token(client.get(people_url(group)).text)
    values = {"name": "Jo", "email": "jo@example.com", "once_token": token}
    first = client.post(people_url(group), values)
    second = client.post(people_url(group), values)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert GroupContact.objects.filter(group=group).count() == 1
    assert "already one of the group" not in client.get(second["Location"]).text
