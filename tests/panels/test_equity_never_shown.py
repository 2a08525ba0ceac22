"""A group's optional equity answers are never shown to the panel: not on the reading page,
the page after scoring, the panel's home, the results or the meeting page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.equity import LABELS, POPULATION_GROUPS
from grants.models import GroupEquityAnswers, Reply
from tests.panels.helpers import score_post

pytestmark = pytest.mark.django_db

ALL_CODES = [code for code, _ in POPULATION_GROUPS]


def answer_everything(apps):
    for app in apps:
        GroupEquityAnswers.objects.create(
            group=app.group,
            led_by_reply=Reply.CHOSE,
            led_by=ALL_CODES,
            works_with_reply=Reply.CHOSE,
            works_with=ALL_CODES,
            may_publish=True,
            questions_version="2026-12",
            answered_at=timezone.now(),
        )


def assert_no_equity_answers(html):
    for code, label in LABELS.items():
        assert code not in html
        assert label not in html, label
    assert "Prefer not to say" not in html
    assert "Who runs your group" not in html


def test_the_panels_pages_never_show_equity_answers(scoring, declared_member, client_for):
    rnd, apps = scoring
    answer_everything(apps)
    client = client_for(declared_member.user)
    scored = client.post(
        reverse("panel_score", args=[rnd.pk, apps[1].pk]),
        score_post(rnd, [3, 3, 3, 3]),
        follow=True,
    )
    assert_no_equity_answers(scored.content.decode())
    pages = [
        reverse("panel_home", args=[rnd.pk]),
        reverse("panel_application", args=[rnd.pk, apps[1].pk]),
        reverse("panel_application", args=[rnd.pk, apps[2].pk]),
        reverse("panel_results", args=[rnd.pk]),
        reverse("panel_meeting", args=[rnd.pk]),
    ]
    shown = 0
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403, 404), url
        shown += response.status_code == 200
        assert_no_equity_answers(response.content.decode())
    assert shown >= 3  # the reading and scoring pages were really drawn
