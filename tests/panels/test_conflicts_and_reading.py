"""Conflicts of interest are enforced in the services, the rules and the pages; reading is blind."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.permissions import can
from grants.models import Answer
from panels import services
from panels.models import Declaration
from tests.panels.helpers import SECRET_CONTACTS, active_member, score_post

pytestmark = pytest.mark.django_db


def page_url(rnd, app):
    return reverse("panel_application", args=[rnd.pk, app.pk])


def score_url(rnd, app):
    return reverse("panel_score", args=[rnd.pk, app.pk])


def test_a_conflicted_member_cannot_open_or_score_that_application(
    scoring, declared_member, client_for
):
    rnd, apps = scoring
    client = client_for(declared_member.user)
    assert client.get(page_url(rnd, apps[0])).status_code == 404
    response = client.post(score_url(rnd, apps[0]), score_post(rnd, [4, 4, 4, 4]))
    assert response.status_code in (403, 404)
    assert not declared_member.score_sheets.exists()
    # ...but can open and score the others.
    assert client.get(page_url(rnd, apps[1])).status_code == 200
    assert client.post(score_url(rnd, apps[1]), score_post(rnd, [4, 4, 4, 4])).status_code == 302


def test_the_rules_and_querysets_leave_out_conflicted_applications(scoring, declared_member):
    rnd, apps = scoring
    user = declared_member.user
    assert not can(user, "read_for_panel", apps[0])
    assert not can(user, "score_application", apps[0])
    assert can(user, "read_for_panel", apps[1])
    assert can(user, "score_application", apps[1])
    assert set(services.applications_for_member(declared_member)) == set(apps[1:])
    assert set(services.eligible_applications_for(user, rnd)) == set(apps[1:])
    assert services.member_is_conflicted(user, apps[0])
    assert not services.member_is_conflicted(user, apps[1])
    assert not services.member_may_vote_on(user, apps[0])
    assert services.member_may_vote_on(user, apps[1])
    assert list(services.active_members(rnd)) == [user]
    with pytest.raises(Exception, match="cannot score"):
        services.scores_save(declared_member, apps[0], values={}, by=user)


def test_nothing_opens_until_every_application_is_declared(scoring, member, client_for):
    rnd, apps = scoring
    services.declaration_record(member, apps[1], link="none", by=member.user)
    client = client_for(member.user)
    assert not can(member.user, "read_for_panel", apps[1])
    assert list(services.applications_for_member(member)) == []
    response = client.get(page_url(rnd, apps[1]))
    assert response.status_code == 302
    assert response.url == reverse("panel_declare", args=[rnd.pk])
    assert client.post(score_url(rnd, apps[1]), score_post(rnd, [1, 1, 1, 1])).status_code == 302
    assert not member.score_sheets.exists()


def test_declaring_through_the_page(scoring, member, client_for):
    rnd, apps = scoring
    client = client_for(member.user)
    url = reverse("panel_declare", args=[rnd.pk])
    page = client.get(url).content.decode()
    assert "only by sight" in page
    data = {f"link_{apps[0].pk}": "other", f"details_{apps[0].pk}": ""}
    data[f"link_{apps[1].pk}"] = "none"
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Say what the link is, in a few words" in body
    assert f"Say if you have a link to {apps[2].group.name}" in body
    # The answered one without an error is saved; the others are kept as typed.
    assert Declaration.objects.filter(member=member).count() == 1
    data[f"details_{apps[0].pk}"] = "My neighbour runs it"
    data[f"link_{apps[2].pk}"] = "works_with"
    assert client.post(url, data).status_code == 302
    links = dict(Declaration.objects.filter(member=member).values_list("application_id", "link"))
    assert links == {apps[0].pk: "other", apps[1].pk: "none", apps[2].pk: "works_with"}
    assert list(services.applications_for_member(member)) == [apps[1]]


def test_a_member_cannot_quietly_take_back_a_declared_link(scoring, declared_member, officer):
    rnd, apps = scoring
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.declaration_record(declared_member, apps[0], link="none", by=declared_member.user)
    # An officer can correct it.
    services.declaration_record(declared_member, apps[0], link="none", by=officer)
    assert not services.member_is_conflicted(declared_member.user, apps[0])


def test_a_later_link_removes_the_application_and_its_scores_from_the_results(
    scoring, declared_member, client_for
):
    rnd, apps = scoring
    client = client_for(declared_member.user)
    client.post(score_url(rnd, apps[1]), score_post(rnd, [4, 4, 4, 4]))
    assert services.complete_score_counts(rnd)[apps[1].pk] == 1
    services.declaration_record(declared_member, apps[1], link="member", by=declared_member.user)
    assert services.complete_score_counts(rnd)[apps[1].pk] == 0
    assert client.get(page_url(rnd, apps[1])).status_code == 404


def test_recusals_are_shown_to_officers(scoring, declared_member, client_for, officer):
    rnd, apps = scoring
    page = client_for(officer).get(reverse("staff_panel", args=[rnd.pk])).content.decode()
    assert "has a link to" in page and apps[0].reference in page
    meeting = client_for(officer).get(reverse("panel_meeting", args=[rnd.pk])).content.decode()
    assert "Not scoring or voting" in meeting and declared_member.name in meeting


def test_people_not_on_the_panel_cannot_read(scoring, client_for, applicant, officer, open_round):
    rnd, apps = scoring
    stranger = active_member(open_round, "other.panel@example.com")  # on another round's panel
    for user in (applicant, stranger.user):
        assert client_for(user).get(page_url(rnd, apps[1])).status_code == 404
        assert client_for(user).post(score_url(rnd, apps[1]), {}).status_code == 404
        assert not can(user, "read_for_panel", apps[1])


def test_reading_is_blind_to_contact_details(scoring, declared_member, client_for):
    rnd, apps = scoring
    client = client_for(declared_member.user)
    html = client.get(page_url(rnd, apps[1])).content.decode()
    assert "Answer 1 to question 0." in html
    assert "Hall hire" in html and "£600" in html
    assert "Informal group" in html and "Ward 1" in html
    for pages in (
        html,
        client.get(reverse("panel_home", args=[rnd.pk])).content.decode(),
        client.get(reverse("panel_declare", args=[rnd.pk])).content.decode(),
        client.get(reverse("panel_results", args=[rnd.pk])).content.decode(),
    ):
        for key, value in SECRET_CONTACTS.items():
            if key == "payment_route":
                continue
            assert value not in pages, key
        assert "07700" not in pages


def test_one_at_a_time_with_next_previous_and_progress(scoring, declared_member, client_for):
    rnd, _apps = scoring
    first, second = services.applications_for_member(declared_member)
    client = client_for(declared_member.user)
    html = client.get(page_url(rnd, first)).content.decode()
    assert "0 of 2 scored" in html and "Plan 1 of 2" in html
    assert page_url(rnd, second) in html
    response = client.post(score_url(rnd, first), score_post(rnd, [2, 3, 4, 1], go="next"))
    assert response.url == page_url(rnd, second)
    html = client.get(page_url(rnd, second)).content.decode()
    assert "1 of 2 scored" in html and "Plan 2 of 2" in html and page_url(rnd, first) in html
    response = client.post(score_url(rnd, second), score_post(rnd, [2, 3, 4, 1], go="next"))
    assert response.url == reverse("panel_home", args=[rnd.pk])


def test_a_recording_is_streamed_only_to_those_who_may_read(
    scoring, declared_member, client_for, settings, tmp_path
):
    rnd, apps = scoring
    answers = []
    for app in apps[:2]:
        answer = Answer.objects.filter(application=app).first()
        answer.recording.save("voice.mp3", ContentFile(b"ID3fake-audio"), save=False)
        answer.recording_type = "audio/mpeg"
        answer.save()
        answers.append(answer)
    client = client_for(declared_member.user)
    html = client.get(page_url(rnd, apps[1])).content.decode()
    url = reverse("panel_recording", args=[rnd.pk, apps[1].pk, answers[1].pk])
    assert f'<audio controls preload="none" src="{url}"' in html
    assert settings.MEDIA_URL not in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert b"".join(response.streaming_content) == b"ID3fake-audio"
    conflicted = reverse("panel_recording", args=[rnd.pk, apps[0].pk, answers[0].pk])
    assert client.get(conflicted).status_code == 404
    wrong_app = reverse("panel_recording", args=[rnd.pk, apps[1].pk, answers[0].pk])
    assert client.get(wrong_app).status_code == 404
