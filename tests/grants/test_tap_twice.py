"""Every form that creates or sends is safe to tap twice: one object, one email, and the second
tap (or Back and send again) lands on the same result page."""

import re

import pytest
from django.urls import reverse

from core.models import OnceToken
from grants.models import Application, ApplicationState, Group
from tests.grants.test_apply import GOOD_GROUP, eligible, fill_complete

pytestmark = pytest.mark.django_db


def once_token(page):
    return re.search(r'name="once_token" value="([^"]+)"', page).group(1)


def test_two_taps_on_a_new_group_profile_make_one_group_and_one_draft(
    client_for, applicant, open_round
):
    client = client_for(applicant)
    eligible(client, open_round)
    url = f"{reverse('group_new')}?round={open_round.slug}"
    data = {**GOOD_GROUP, "once_token": once_token(client.get(url).text)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert Group.objects.filter(name="Lunch Friends").count() == 1
    app = Application.objects.get(round=open_round)
    step = reverse("application_step", args=[app.reference, "about"])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == step


def test_two_taps_when_a_supporter_makes_a_group_make_one(client_for, supporter, open_round):
    client = client_for(supporter)
    url = reverse("apply_assisted", args=[open_round.slug])
    url = client.post(url, {"group": "new"})["Location"]
    data = {**GOOD_GROUP, "once_token": once_token(client.get(url).text)}
    first, second = client.post(url, data), client.post(url, data)
    assert Group.objects.count() == 1 and Application.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_form_shown_again_with_problems_keeps_its_token(client_for, applicant):
    client = client_for(applicant)
    token = once_token(client.get(reverse("group_new")).text)
    page = client.post(reverse("group_new"), {**GOOD_GROUP, "name": "", "once_token": token})
    assert once_token(page.text) == token  # nothing was made, so the same token goes again
    assert not OnceToken.objects.exists()
    response = client.post(reverse("group_new"), {**GOOD_GROUP, "once_token": token})
    assert response["Location"] == reverse("my_home")
    assert Group.objects.count() == 1


def test_another_persons_token_does_not_show_their_result(client_for, applicant, applicant_b):
    client = client_for(applicant)
    token = once_token(client.get(reverse("group_new")).text)
    client.post(reverse("group_new"), {**GOOD_GROUP, "once_token": token})
    response = client_for(applicant_b).post(
        reverse("group_new"), {**GOOD_GROUP, "name": "Other", "once_token": token}
    )
    assert response.status_code == 302 and response["Location"] == reverse("my_home")
    assert Group.objects.filter(name="Other").count() == 1
    assert Group.objects.filter(name="Lunch Friends").count() == 1


def test_a_second_send_and_back_land_on_the_confirmation(
    client_for, applicant, group_a, open_round, outbox
):
    from grants.services import applications as rules

    app = rules.application_start(open_round, group_a, by=applicant)
    fill_complete(app)
    client = client_for(applicant)
    check = reverse("application_check", args=[app.reference])
    sent = reverse("application_sent", args=[app.reference])
    assert client.post(check)["Location"] == sent
    again = client.post(check)
    assert again["Location"] == sent
    back = client.get(check)
    assert back["Location"] == sent
    page = client.get(sent).text
    assert "There is a problem" not in page
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    assert len(outbox) == 1


def test_a_second_tap_on_take_it_back_is_not_a_problem(client_for, applicant, group_a, open_round):
    from grants.services import applications as rules

    app = rules.application_start(open_round, group_a, by=applicant)
    client = client_for(applicant)
    url = reverse("application_withdraw", args=[app.reference])
    client.post(url, {"reason": "No longer needed"})
    page = client.post(url, {"reason": "No longer needed"}, follow=True).text
    assert "There is a problem" not in page
    assert "You cannot take this form back now" not in page


def test_old_tokens_are_cleared_away(client_for, applicant):
    from datetime import timedelta

    from django.utils import timezone

    OnceToken.objects.create(token="old", created_at=timezone.now() - timedelta(days=3))
    client = client_for(applicant)
    token = once_token(client.get(reverse("group_new")).text)
    client.post(reverse("group_new"), {**GOOD_GROUP, "once_token": token})
    assert list(OnceToken.objects.values_list("token", flat=True)) == [token]
