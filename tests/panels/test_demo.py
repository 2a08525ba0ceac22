"""The demo data adds a panel, and running it twice changes nothing."""

import pytest

from grants.demo import seed
from grants.models import Application, ApplicationState, Role
from panels.models import Declaration, PanelMember, ScoreSheet
from panels.services import active_members
from tests.conftest import make_group, make_round

pytestmark = pytest.mark.django_db


def test_demo_panel_is_idempotent_and_copes_with_no_eligible_applications():
    _funder, rnd, _users = seed()
    assert active_members(rnd).count() == 5
    assert Role.objects.filter(user__email="panel@seedbed.example", round=rnd).count() == 1
    counts = (PanelMember.objects.count(), Declaration.objects.count(), ScoreSheet.objects.count())
    seed()
    assert (
        PanelMember.objects.count(),
        Declaration.objects.count(),
        ScoreSheet.objects.count(),
    ) == counts


def test_demo_scores_an_older_round_with_eligible_applications():
    funder, rnd, _users = seed()
    older = make_round(funder, state="screening", slug="older-demo")
    for i in range(3):
        app = Application.objects.create(
            round=older, group=make_group(f"Demo group {i}"), amount_requested=1000
        )
        Application.objects.filter(pk=app.pk).update(state=ApplicationState.ELIGIBLE)
    seed()
    assert active_members(older).count() == 5
    assert Declaration.objects.filter(application__round=older).count() == 15
    assert Declaration.objects.filter(application__round=older).exclude(link="none").count() == 1
    assert ScoreSheet.objects.filter(application__round=older, is_complete=True).count() == 14
    seed()
    assert ScoreSheet.objects.filter(application__round=older).count() == 14
