"""The officer's round page offers only steps it can take: deciding is done on the vote's pages
(confirming the count decides the round), so no bare "decide" button that would be refused."""

import pytest
from django.urls import reverse

from tests.hardening.world import build_world, signed_in_client


@pytest.mark.django_db
def test_the_round_page_offers_only_steps_that_work():
    world = build_world()
    officer = signed_in_client(world.users["officer_x"])
    page = officer.get(reverse("staff_round", args=[world.round.pk])).content.decode()
    offered = [chunk.split('"', 1)[0] for chunk in page.split('name="step" value="')[1:]]
    assert "decide" not in offered
    for step in offered:  # every button offered is taken, not refused as unknown
        response = officer.post(
            reverse("staff_round_step", args=[world.round.pk]), {"step": step}, follow=True
        )
        assert "That step is not one Seedbed knows." not in response.content.decode(), step
