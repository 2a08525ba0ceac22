"""The move of the audit trail to core and of awards to their own app keeps every row.

A database is built by the migrations as they were before the move, filled with data in each
moved table (and the tables that point at them), then migrated forward. The same rows must be
there after, reachable through the new apps, with the audit trail still pointing at them.
Runs on SQLite and on PostgreSQL (CI runs the suite on both)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [
    ("grants", "0007_variation_asked_or_declined"),
    ("reports", "0001_initial"),
    ("awards", None),
    ("core", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _fill(old):
    """Rows in every moved table, made with the models as they were before the move."""
    now = datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)
    user = old.get_model("grants", "User").objects.create(email="officer@example.org", name="Olu")
    funder = old.get_model("grants", "Funder").objects.create(name="ICB", slug="icb")
    rnd = old.get_model("grants", "Round").objects.create(
        funder=funder, title="Round", slug="round", budget=1000, opens_at=now, closes_at=now
    )
    group = old.get_model("grants", "Group").objects.create(name="Lunch Club", kind="informal")
    app = old.get_model("grants", "Application").objects.create(
        round=rnd, group=group, title="Lunches", reference="SB-AAAAAA", state="awarded"
    )
    award = old.get_model("grants", "Award").objects.create(
        application=app, funder=funder, round=rnd, group=group, amount=400, state="accepted"
    )
    old.get_model("grants", "Payment").objects.create(award=award, payee="group", amount=150)
    old.get_model("grants", "Variation").objects.create(
        award=award, reason="Later end", old_amount=400, new_amount=400
    )
    content_type = old.get_model("contenttypes", "ContentType")
    award_type, _ = content_type.objects.get_or_create(app_label="grants", model="award")
    old.get_model("grants", "AuditEvent").objects.create(
        content_type=award_type,
        object_id=str(award.pk),
        object_label="Award",
        transition="accept",
        from_state="offered",
        to_state="accepted",
        actor=user,
        actor_label="Olu",
        at=now,
        reason="Accepted",
    )
    old.get_model("reports", "Report").objects.create(
        award=award,
        funder=funder,
        round=rnd,
        group=group,
        kind="final",
        due_on=now.date(),
        opens_on=now.date(),
    )
    return award.pk


@pytest.mark.django_db(transaction=True)
def test_moving_awards_and_the_audit_trail_keeps_every_row():
    latest = _latest()
    try:
        award_pk = _fill(_migrate(BEFORE_THE_MOVE))
        new = _migrate(latest)
    finally:
        _migrate(latest)
    award_model = new.get_model("awards", "Award")
    award = award_model.objects.get(pk=award_pk)
    assert (award.amount, award.state, award.application.reference) == (
        400,
        "accepted",
        "SB-AAAAAA",
    )
    assert [p.amount for p in new.get_model("awards", "Payment").objects.filter(award=award)] == [
        150
    ]
    assert new.get_model("awards", "Variation").objects.get(award=award).reason == "Later end"
    assert new.get_model("reports", "Report").objects.get().award_id == award_pk
    event = new.get_model("core", "AuditEvent").objects.get()
    assert (event.content_type.app_label, event.content_type.model) == ("awards", "award")
    assert (event.object_id, event.actor.email, event.reason) == (
        str(award_pk),
        "officer@example.org",
        "Accepted",
    )
