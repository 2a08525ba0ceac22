"""Scoring: saved as you go, blanks allowed, nothing typed lost, closed once the round moves on."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from grants.models import Round, RoundState
from panels.models import ScoreSheet
from tests.panels.helpers import score_post

pytestmark = pytest.mark.django_db


def score_url(rnd, app):
    return reverse("panel_score", args=[rnd.pk, app.pk])


def test_the_form_shows_each_points_plain_descriptor(scoring, declared_member, client_for):
    rnd, apps = scoring
    html = (
        client_for(declared_member.user)
        .get(reverse("panel_application", args=[rnd.pk, apps[1].pk]))
        .content.decode()
    )
    criterion = rnd.criteria.first()
    for point, descriptor in enumerate(criterion.descriptors, start=1):
        assert f"<strong>{point}</strong>: {descriptor}" in html
    assert escape(criterion.guidance) in html
    assert "Save and next" in html


def test_partial_scores_are_saved_and_can_be_finished_later(scoring, declared_member, client_for):
    rnd, apps = scoring
    client = client_for(declared_member.user)
    response = client.post(score_url(rnd, apps[1]), score_post(rnd, [3, None, None, 2], "Good"))
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get()
    assert not sheet.is_complete
    assert sorted(sheet.scores.values_list("value", flat=True)) == [2, 3]
    assert sheet.comment == "Good"
    client.post(score_url(rnd, apps[1]), score_post(rnd, [3, 4, 1, 2], "Good"))
    sheet.refresh_from_db()
    assert sheet.is_complete
    # Changeable while scoring: change one, blank another.
    client.post(score_url(rnd, apps[1]), score_post(rnd, [1, 4, 1, None], ""))
    sheet.refresh_from_db()
    assert not sheet.is_complete
    assert sorted(sheet.scores.values_list("value", flat=True)) == [1, 1, 4]


def test_a_bad_value_keeps_everything_that_was_typed(scoring, declared_member, client_for):
    rnd, apps = scoring
    data = score_post(rnd, [3, 2, 1, 4], "My long thoughts")
    bad = f"score-criterion_{rnd.criteria.first().pk}"
    data[bad] = "99"
    response = client_for(declared_member.user).post(score_url(rnd, apps[1]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a score from 1 to 4" in html
    assert "My long thoughts" in html
    assert html.count(" checked") == 3
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["", "0", "5", "-1", "2.5", "two", "<script>alert(1)</script>", "1' OR '1'='1", "9" * 500],
)
def test_hostile_or_wrong_scores_are_refused_plainly(scoring, declared_member, client_for, value):
    rnd, apps = scoring
    data = score_post(rnd, [None, None, None, None])
    data[f"score-criterion_{rnd.criteria.first().pk}"] = value
    response = client_for(declared_member.user).post(score_url(rnd, apps[1]), data)
    if value == "":
        assert response.status_code == 302  # blank is allowed
    else:
        assert response.status_code == 400
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert not ScoreSheet.objects.filter(scores__isnull=False).exists()


def test_comment_too_long_or_hostile(scoring, declared_member, client_for):
    rnd, apps = scoring
    client = client_for(declared_member.user)
    response = client.post(score_url(rnd, apps[1]), score_post(rnd, [1, 1, 1, 1], "x" * 2001))
    assert response.status_code == 400
    assert "2,000 characters or fewer" in response.content.decode()
    response = client.post(score_url(rnd, apps[1]), score_post(rnd, [1, 1, 1, 1], "bad\x00byte"))
    assert response.status_code == 400
    hostile = "<img src=x onerror=alert(1)>"
    client.post(score_url(rnd, apps[1]), score_post(rnd, [1, 1, 1, 1], hostile))
    html = client.get(reverse("panel_application", args=[rnd.pk, apps[1].pk])).content.decode()
    assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_scores_are_locked_once_the_round_leaves_scoring(scoring, declared_member, client_for):
    rnd, apps = scoring
    client = client_for(declared_member.user)
    client.post(score_url(rnd, apps[1]), score_post(rnd, [1, 1, 1, 1]))
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.VOTING)
    response = client.post(score_url(rnd, apps[1]), score_post(rnd, [4, 4, 4, 4]))
    assert response.status_code == 403
    assert set(ScoreSheet.objects.get().scores.values_list("value", flat=True)) == {1}
    html = client.get(reverse("panel_application", args=[rnd.pk, apps[1].pk])).content.decode()
    assert "Scoring is not open now" in html


def test_scoring_needs_post(scoring, declared_member, client_for):
    rnd, apps = scoring
    assert client_for(declared_member.user).get(score_url(rnd, apps[1])).status_code == 405
