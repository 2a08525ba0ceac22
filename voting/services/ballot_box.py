"""Sealing the ballot box when the vote closes, so no ballot can ever be linked to a voter.

While the vote is open a ballot's id is a keyed hash of (the vote's secret, the voter), so a
voter can change their ballot from any device (`voting.services.ballots`). A database keeps
more than the rows say, though: SQLite numbers rows in the order they were written (rowid),
PostgreSQL keeps them in that order on disk (ctid) and stamps each with the transaction that
wrote it (xmin), and a first vote writes the ballot and the "has voted" record together. Lined
up, those name every voter's ballot, with or without the server's secret key.

So, in the same transaction that closes the vote (`ballot_box_seal`):

1. every ballot is read, shuffled with the operating system's random numbers, and written back
   under a fresh random id, all in one statement batch: row order, rowid, ctid and xmin now
   say nothing but "written at close";
2. the old rows are deleted (SQLite runs with `secure_delete`, so their bytes are zeroed);
3. the vote's secret is wiped (`Vote.close`), so even the old ids could not be recomputed;
4. receipts stay only as their keyed hash on the ballot: a receipt proves that a ballot is in
   the count, and nothing on the server says whose receipt it is. Receipts are handed to the
   voter in a short-lived cookie, never kept in the session; `receipts_forget_in_sessions`
   clears any left there by older versions.

After the transaction commits, `ballot_box_reclaim_space` rewrites the tables (SQLite `VACUUM` and a WAL
checkpoint; PostgreSQL `VACUUM FULL` of the ballots and votes), so the old row versions are
not left in the database files either. What cannot be helped is written down in
`docs/security.md` (backups and WAL archives taken while the vote was open).
"""

import logging
import secrets

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..models import Ballot, Vote

logger = logging.getLogger(__name__)

RECEIPT_SESSION_PREFIXES = ("voting_receipt_", "voting_code_receipt")
DB_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


def ballot_box_seal(vote) -> int:
    """Rewrite `vote`'s ballot box in a random order under fresh random ids. Call inside the
    transaction that closes the vote. Returns how many ballots there are."""
    rows = list(Ballot.objects.filter(vote=vote).values_list("receipt_hash", "contents"))
    secrets.SystemRandom().shuffle(rows)
    Ballot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create(
        [
            Ballot(id=secrets.token_hex(32), vote=vote, receipt_hash=receipt, contents=contents)
            for receipt, contents in rows
        ],
        batch_size=500,
    )
    receipts_forget_in_sessions()
    transaction.on_commit(ballot_box_reclaim_space)
    return len(rows)


def receipts_forget_in_sessions() -> int:
    """Take receipt codes out of every stored session (older versions kept them there until
    the receipt page was opened). Returns how many sessions were changed."""
    if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
        return 0
    store = SessionStore()
    changed = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = store.decode(session.session_data)
        keys = [k for k in data if k.startswith(RECEIPT_SESSION_PREFIXES)]
        if not keys:
            continue
        for key in keys:
            data.pop(key)
        session.session_data = store.encode(data)
        session.save(update_fields=["session_data"])
        changed += 1
    return changed


def ballot_box_reclaim_space():
    """Rewrite the tables so deleted ballots and the wiped secret leave no bytes behind.
    Only outside a transaction (the databases refuse otherwise); a no-op inside one."""
    if connection.in_atomic_block:
        return
    tables = [Ballot._meta.db_table, Vote._meta.db_table]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            elif connection.vendor == "postgresql":
                for table in tables:
                    cursor.execute(f"VACUUM (FULL) {connection.ops.quote_name(table)}")
    except DatabaseError:
        # The vote is closed and sealed either way; only the old bytes may linger until the
        # database's own housekeeping (or an operator's VACUUM) reclaims them.
        logger.warning("Could not reclaim the ballot tables' space after closing a vote.")
