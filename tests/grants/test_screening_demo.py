"""The demo data: applications in every state, with a real audit trail, made only once."""

import time

import pytest
from django.core.management import call_command

from core.models import AuditEvent
from grants.models import Application, ApplicationState, Round, RoundState

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_has_every_application_state(capsys):
    started = time.monotonic()
    call_command("seed_demo")
    assert time.monotonic() - started < 5
    first = {
        "applications": Application.objects.count(),
        "events": AuditEvent.objects.count(),
        "rounds": Round.objects.count(),
    }
    assert first["applications"] >= 20
    states = set(Application.objects.values_list("state", flat=True))
    assert states >= set(ApplicationState.values)
    # The open round stays open for new applicants, and an older one is being checked.
    assert Round.objects.get(slug="healthy-neighbours-2027").state == RoundState.OPEN
    assert Round.objects.get(slug="winter-warmth-2026").state == RoundState.SCREENING
    # Groups are of several kinds; some applications came by phone or with help.
    assert Application.objects.values("group__kind").distinct().count() >= 4
    assert Application.objects.exclude(assisted_by=None).exists()
    assert Application.objects.filter(channel="phone").exists()
    # The trail is real: every sent application has a submit event by a person.
    ineligible = Application.objects.filter(state=ApplicationState.INELIGIBLE).first()
    assert ineligible.outcome_message
    event = AuditEvent.objects.get(object_id=str(ineligible.pk), transition="mark_ineligible")
    assert event.actor.email == "officer@seedbed.example"
    call_command("seed_demo")
    assert {
        "applications": Application.objects.count(),
        "events": AuditEvent.objects.count(),
        "rounds": Round.objects.count(),
    } == first
