"""Backups (docs/backups.md): the demo data survives a dump and a restore with nothing lost.

- Every database: `dumpdata` to a file, `flush`, `loaddata` back. Every model's row count and a
  fingerprint of every row are the same before and after.
- SQLite: the online backup (what `sqlite3 db.sqlite3 ".backup 'file'"` does) copies every row,
  and restoring from that file brings the same rows back.
- PostgreSQL: `pg_dump -Fc` then `pg_restore --clean --if-exists` into a fresh database gives
  the same rows in every table.
"""

import io
import os
import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

# Rebuilt by `migrate`/`flush` on the target (post_migrate), so not dumped; compared by their
# natural keys instead of their ids.
REBUILT = ["contenttypes", "auth.permission"]


# --------------------------------------------------------------------------------------------
# What the database holds, model by model
# --------------------------------------------------------------------------------------------
def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _label(model):
    return model._meta.label_lower


def _natural(model, pk):
    """Content types and permissions by what they are, not their ids (which may change)."""
    if pk is None:
        return None
    obj = model._default_manager.get(pk=pk)
    return obj.natural_key()


def _row_values(model):
    fields = [f for f in model._meta.concrete_fields]
    related = {
        f.attname: f.related_model
        for f in fields
        if f.is_relation and f.related_model in (ContentType, Permission)
    }
    for row in model._default_manager.order_by().values_list(*(f.attname for f in fields)):
        values = dict(zip((f.attname for f in fields), row, strict=True))
        for attname, target in related.items():
            values[attname] = _natural(target, values[attname])
        if model._meta.auto_created:
            # Many-to-many link rows are dumped as lists on their owner, so a restore gives
            # them new ids; what matters is which rows are linked.
            values.pop("id")
        if model in (ContentType, Permission):
            values.pop("id")
            values["natural_key"] = model._default_manager.get(pk=row[0]).natural_key()
            values.pop("content_type_id", None)
        yield repr(sorted(values.items()))


def snapshot():
    """{model label: (row count, sorted fingerprints of every row)} for every model."""
    return {
        _label(model): (model._default_manager.count(), sorted(_row_values(model)))
        for model in _models()
    }


def assert_same(before, after):
    assert set(after) == set(before)
    lost = {
        label: (before[label][0], after[label][0])
        for label in before
        if before[label][0] != after[label][0]
    }
    assert not lost, f"row counts differ (before, after): {lost}"
    changed = [label for label in before if before[label][1] != after[label][1]]
    assert not changed, f"rows changed in: {changed}"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    before = snapshot()
    filled = [label for label, (count, _rows) in before.items() if count]
    # The demo covers the whole journey: people, rounds, applications, panels, votes, awards.
    for label in ("grants.user", "grants.application", "core.auditevent", "mfa.authenticator"):
        assert before[label][0] > 0, f"the demo data has no {label}"
    assert len(filled) >= 20, filled
    return before


# --------------------------------------------------------------------------------------------
# Every database: dumpdata → flush → loaddata
# --------------------------------------------------------------------------------------------
def test_dumpdata_and_loaddata_restore_the_demo_data_with_nothing_lost(demo, tmp_path):
    dump = tmp_path / "seedbed-backup.xml"
    call_command(
        "dumpdata",
        format="xml",
        natural_foreign=True,
        exclude=REBUILT,
        output=str(dump),
        stdout=io.StringIO(),
    )
    assert dump.stat().st_size > 10_000

    call_command("flush", interactive=False, stdout=io.StringIO())
    from grants.models import Application, User

    assert not User.objects.exists() and not Application.objects.exists()

    call_command("loaddata", str(dump), stdout=io.StringIO())
    assert_same(demo, snapshot())


def test_restored_data_keeps_working(demo, tmp_path):
    """After a restore the ids carry on from the highest restored id: new rows do not clash."""
    dump = tmp_path / "seedbed-backup.xml"
    call_command(
        "dumpdata",
        format="xml",
        natural_foreign=True,
        exclude=REBUILT,
        output=str(dump),
        stdout=io.StringIO(),
    )
    call_command("flush", interactive=False, stdout=io.StringIO())
    call_command("loaddata", str(dump), stdout=io.StringIO())
    from core.models import AuditEvent
    from grants.models import Funder

    highest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    highest_funder = Funder.objects.order_by("-pk").values_list("pk", flat=True).first()
    made = Funder.objects.create(name="After the restore", slug="after-restore")
    assert made.pk > highest_funder
    from core.audit import record_transition

    record_transition(
        sender=Funder,
        instance=made,
        name="restore_check",
        source="",
        target="",
        method_kwargs={"by": None, "reason": "checking ids after a restore"},
    )
    assert AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() > highest


# --------------------------------------------------------------------------------------------
# SQLite: the online backup and a restore from it
# --------------------------------------------------------------------------------------------
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup; needs SQLite")
def test_sqlite_online_backup_and_restore(demo, tmp_path):
    backup_file = tmp_path / "seedbed-backup.sqlite3"
    connection.ensure_connection()
    live = connection.connection  # the running database, as Python's sqlite3 sees it
    with sqlite3.connect(backup_file) as target:
        live.backup(target)  # what `sqlite3 db.sqlite3 ".backup 'file'"` does
    target.close()

    copy = sqlite3.connect(backup_file)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for model in _models():
        (count,) = copy.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"').fetchone()  # noqa: S608
        assert count == demo[_label(model)][0], model._meta.label
    copy.close()

    # Lose everything, then restore from the backup file (`.restore`, or copy the file back).
    call_command("flush", interactive=False, stdout=io.StringIO())
    with sqlite3.connect(backup_file) as source:
        source.backup(live)
    source.close()
    ContentType.objects.clear_cache()
    assert_same(demo, snapshot())


# --------------------------------------------------------------------------------------------
# PostgreSQL: pg_dump -Fc and pg_restore into a fresh database
# --------------------------------------------------------------------------------------------
def _pg_env_and_args(settings_dict):
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    return env, args


def _table_fingerprints(cursor, tables):
    found = {}
    for table in tables:
        cursor.execute(
            f"SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
        )
        found[table] = cursor.fetchone()
    return found


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backup; needs PostgreSQL"
)
def test_pg_dump_and_pg_restore_bring_back_every_row(demo, tmp_path):
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed (Debian's postgresql-client package)")
    import psycopg

    settings_dict = connection.settings_dict
    env, args = _pg_env_and_args(settings_dict)
    dump = tmp_path / "seedbed.dump"
    subprocess.run(  # noqa: S603
        ["pg_dump", *args, "-Fc", "--no-owner", "-f", str(dump), settings_dict["NAME"]],  # noqa: S607
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert dump.stat().st_size > 10_000

    tables = sorted({model._meta.db_table for model in _models()})
    with connection.cursor() as cursor:
        original = _table_fingerprints(cursor, tables)

    restored_name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    conninfo = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        # Restore into an empty database, then again over itself (--clean --if-exists): the
        # documented way to restore over a damaged copy.
        for extra in ([], ["--clean", "--if-exists"]):
            subprocess.run(  # noqa: S603
                ["pg_restore", *args, *extra, "--no-owner", "-d", restored_name, str(dump)],  # noqa: S607
                env=env,
                check=True,
                capture_output=True,
                timeout=120,
            )
        with (
            psycopg.connect(dbname=restored_name, **conninfo) as restored,
            restored.cursor() as cursor,
        ):
            copy = _table_fingerprints(cursor, tables)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')

    assert copy == original
    assert sum(count for count, _md5 in original.values()) > 500
