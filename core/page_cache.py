"""Pages kept ready: a page's whole answer is kept and given again, without running its view,
until anything it read in the database changes.

How a kept page stays true:

- **What a page read.** While a page is made, every query it makes is watched and the tables
  it reads are noted (`FROM`/`JOIN "table"`). The page is kept with each table's *stamp*.
- **What changed.** Every statement that writes (`INSERT`, `UPDATE`, `DELETE`, and anything
  else that is not a read, such as a migration) gives the tables it writes a new stamp, from
  any process, any code path: services, bulk updates, the admin, commands and workers alike.
  A write inside a transaction stamps again when the transaction commits (and, with a cache in
  the database, only then, so two transactions never wait on each other's stamp). On SQLite
  with the cache in the database, a write's stamp waits for the end of its request (SQLite
  cannot write the cache while the statement's rows are being read).
- **Given again** only while every table the page read has the stamp it had before the page was
  made. So a page made while something changed is already out of date when it is kept.
- **Never kept**: anything but a 200 answer; a page over `PAGE_MOST_BYTES`; a page whose
  view wrote anything, set a cookie, changed the session or added a message; a page made
  inside a transaction; a page made when a table it read had no stamp known beforehand (the
  view's tables are learned on its first run). Nothing is ever given when the person has a
  message waiting.
- **Whose.** A kept page is the person's own: the key holds who is signed in, everything in
  their session, the language, the time zone, the address with its query and the host. The
  page's guard (signed in, second factor, staff) still runs first on every request.
- **Per request.** The CSRF token and the CSP nonce are put in fresh each time, as the
  template would. A kept page is at most `PAGE_SECONDS` behind the clock (words such as "closes
  in 3 days"), never behind the data.

What it cannot see: a change made inside the database itself (a trigger, a cascade declared
in the database, another program writing to it). Seedbed has none; code that adds one must
stamp the tables it changes with `tables_changed`. A new version of the code gives new pages
only as the kept ones run out (at most `PAGE_SECONDS`), unless its migrations changed tables.

`kept_value(key, make)` keeps a value (the funder dashboard's figures) the same way, and a
page made with it depends on the tables the value was made from.
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from functools import wraps
from itertools import count

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone, translation

PAGE_SECONDS = 60  # a kept page is made again at least this often (the clock moves on)
VALUE_SECONDS = 600  # a kept value likewise
PAGE_MOST_BYTES = 2_000_000  # a longer page is made anew each time rather than fill the cache
EVERYTHING = "*"  # the stamp every kept page also depends on: changed by any write not understood
STAMP_KEY = "seedbed:stamp:"
PAGE_KEY = "seedbed:page:"
VALUE_KEY = "seedbed:value:"

READS = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"')
WRITES = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"([^"]+)"',
    re.IGNORECASE,
)
NOT_WRITES = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW ", "PRAGMA")
TOKENS = re.compile(rb"[A-Za-z0-9]{%d}" % CSRF_TOKEN_LENGTH)

_local = threading.local()
logger = logging.getLogger(__name__)
_serial = count()
_view_tables = {}  # a view's tables, learned on its first run (this process's memory)


# --------------------------------------------------------------------------------------------
# Stamps: every table's, changed by every write
# --------------------------------------------------------------------------------------------
def _ignored_tables():
    backend = settings.CACHES.get("default", {})
    table = backend.get("LOCATION") if "DatabaseCache" in backend.get("BACKEND", "") else None
    return {table, "django_session"}  # sessions: their content is in every key instead


def _new_stamp():
    return f"{time.time_ns()}.{next(_serial)}"


def tables_changed(tables):
    """Give each table a new stamp: every page or value made from it is out of date. (Before
    the cache's own table is made, as while a new site's database is first migrated, there is
    nothing kept to be out of date.)"""
    try:
        cache.set_many({STAMP_KEY + table: _new_stamp() for table in tables}, None)
    except DatabaseError:
        if not isinstance(caches["default"], DatabaseCache):
            raise
        logger.debug("No cache table yet: nothing kept to stamp (%s)", ", ".join(sorted(tables)))


def stamp_waiting_writes(**kwargs):
    """Stamp the tables written on SQLite with the cache in the database (see _written)."""
    if not getattr(_local, "unstamped", False):  # nothing waits in this thread (nearly always)
        return
    _local.unstamped = False
    for connection in connections.all(initialized_only=True):
        tables = getattr(connection, "_seedbed_unstamped", None)
        if tables:
            connection._seedbed_unstamped = set()
            tables_changed(tables)


def stamps(tables):
    """Each table's stamp now; a table without one is given one (never 'none', which a
    forgotten stamp would match)."""
    stamp_waiting_writes()
    keys = [STAMP_KEY + table for table in tables]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_stamp(), None)
            found[key] = cache.get(key)
    return {key[len(STAMP_KEY) :]: found[key] for key in keys}


def _real_blocks(connection):
    """The transactions the code opened (not the ones a test case wraps each test in)."""
    return [block for block in connection.atomic_blocks if not block._from_testcase]


def _written(connection, tables):
    if not tables:
        return
    recording = getattr(_local, "recording", None)
    if recording is not None:
        recording.wrote = True
    in_transaction = bool(_real_blocks(connection))
    in_database = isinstance(caches["default"], DatabaseCache)
    if in_database and connection.vendor == "sqlite" and not in_transaction:
        # SQLite cannot write the cache while this statement's rows are still being read:
        # the stamp waits for the end of the request, the next page looked up, or the end of
        # the process, whichever comes first.
        connection._seedbed_unstamped = getattr(connection, "_seedbed_unstamped", set()) | tables
        _local.unstamped = True
    elif not in_transaction or not in_database:
        tables_changed(tables)
    if in_transaction:
        pending = getattr(connection, "_seedbed_pending", None)
        waiting = pending is not None and any(
            callback is pending[0] for _, callback, _ in connection.run_on_commit
        )
        if not waiting:
            written = set()

            def stamp_on_commit():
                tables_changed(written)

            connection._seedbed_pending = pending = (stamp_on_commit, written)
            connection.on_commit(stamp_on_commit)
        pending[1].update(tables)


def watch(execute, sql, params, many, context):
    """Every query on every connection passes here (installed when a connection opens)."""
    result = execute(sql, params, many, context)
    if sql.startswith("SELECT") or sql.lstrip()[:6].upper() == "SELECT":
        recording = getattr(_local, "recording", None)
        if recording is not None:
            recording.tables.update(READS.findall(sql))
        return result
    found = WRITES.match(sql)
    if found:
        tables = {found[1]} - _ignored_tables()
    elif sql.lstrip().upper().startswith(NOT_WRITES):
        return result
    else:
        tables = {EVERYTHING}
    _written(context["connection"], tables)
    return result


def watch_connection(sender, connection, **kwargs):
    """connection_created: watch the queries of each new connection."""
    if connection.alias == DEFAULT_DB_ALIAS and watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


# --------------------------------------------------------------------------------------------
# Recording what a page reads
# --------------------------------------------------------------------------------------------
class Recording:
    def __init__(self):
        self.tables = set()
        self.wrote = False

    def __enter__(self):
        self.outer = getattr(_local, "recording", None)
        _local.recording = self
        return self

    def __exit__(self, *exc):
        _local.recording = self.outer
        self.tables -= _ignored_tables()
        if self.outer is not None:
            self.outer.tables |= self.tables
            self.outer.wrote |= self.wrote


def _fresh(kept):
    """A kept page or value is fresh while every table it read keeps its stamp."""
    now = stamps(kept["stamps"])
    return all(now[table] == stamp for table, stamp in kept["stamps"].items())


def _may_keep(recording, before):
    connection = connections[DEFAULT_DB_ALIAS]
    return (
        not recording.wrote and not _real_blocks(connection) and recording.tables <= before.keys()
    )


def _learn(name, tables):
    """Remember the tables a view or value reads (a new set each time: other threads may be
    reading the old one)."""
    _view_tables[name] = frozenset(_view_tables.get(name, ())) | tables


def kept_value(key, make, *, reads=(), seconds=VALUE_SECONDS):
    """make(), kept under key (a tuple whose first item names the kind of value) until a
    table it read changes, or one of the tables in `reads` (what was read before it and passed
    in), or until `seconds` pass."""
    if not settings.SEEDBED_PAGE_CACHE:
        return make()
    full_key = VALUE_KEY + hashlib.sha256(repr(key).encode()).hexdigest()
    kept = cache.get(full_key)
    if kept is not None and _fresh(kept):
        recording = getattr(_local, "recording", None)
        if recording is not None:
            recording.tables |= kept["stamps"].keys()
        return kept["value"]
    name = f"value:{key[0]}"
    before = stamps(_view_tables.get(name, {EVERYTHING, *reads}))
    with Recording() as recording:
        value = make()
        recording.tables |= {EVERYTHING, *reads}
    _learn(name, recording.tables)
    if _may_keep(recording, before):
        cache.set(full_key, {"stamps": before, "value": value}, seconds)
    return value


# --------------------------------------------------------------------------------------------
# Kept pages
# --------------------------------------------------------------------------------------------
def _page_key(request, view):
    session = request.session
    parts = (
        view.__module__,
        view.__qualname__,
        request.get_host(),
        request.is_secure(),
        request.get_full_path(),
        request.user.pk,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        sorted(session.items(), key=lambda item: item[0]),
    )
    return PAGE_KEY + hashlib.sha256(repr(parts).encode()).hexdigest()


def _csrf_secret(request):
    return request.META.get("CSRF_COOKIE")


def _cut_at_tokens(request, content):
    """The page's bytes cut where its CSP nonce and CSRF tokens are: a list of pieces in which
    every other one (the odd places) is a marker saying which to put back. Joining the pieces
    once is cheaper, on a long page, than searching it for each."""
    found = {}
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:  # a LazyNonce is true once the page used it
        found[str(nonce).encode()] = b"nonce"
    secret = _csrf_secret(request)
    if secret:
        for token in set(TOKENS.findall(content)):
            if _unmask_cipher_token(token.decode()) == secret:
                found[token] = b"csrf"
    if not found:
        return [content]
    cuts = re.compile(b"(" + b"|".join(re.escape(value) for value in found) + b")")
    pieces = cuts.split(content)
    pieces[1::2] = [found[value] for value in pieces[1::2]]
    return pieces


def _given_again(request, kept):
    pieces = kept["pieces"]
    if len(pieces) > 1:
        fresh = {b"nonce": str(getattr(request, "_csp_nonce", "")).encode()}
        if b"csrf" in pieces[1::2]:
            fresh[b"csrf"] = get_token(request).encode()
        pieces = pieces.copy()
        pieces[1::2] = [fresh[marker] for marker in pieces[1::2]]
    # Written piece by piece, not joined: a long page is not copied once more to be sent.
    response = HttpResponse(status=200)
    for piece in pieces:
        response.write(piece)
    for header, value in kept["headers"]:
        response.headers[header] = value
    response.headers["Content-Length"] = str(sum(map(len, pieces)))
    return response


class NearBy:
    """This process's own copies of the pages it kept most recently, so a page is not read
    back from the shared cache (and unpickled) each time. Whether a copy is still fresh is
    always asked of the shared stamps, as for any kept page."""

    MOST_BYTES = 64_000_000

    def __init__(self):
        self.pages, self.bytes, self.lock = OrderedDict(), 0, threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return found[1]

    def put(self, key, kept, size):
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = (time.monotonic() + PAGE_SECONDS, kept, size)
            self.bytes += size
            while self.bytes > self.MOST_BYTES and self.pages:
                self._drop(next(iter(self.pages)))

    def _drop(self, key):
        self.bytes -= self.pages.pop(key)[2]


near_by = NearBy()


def _keepable(request, response, recording, before):
    return (
        type(response) is HttpResponse
        and response.status_code == 200
        and len(response.content) <= PAGE_MOST_BYTES
        and not response.cookies
        and not request.session.modified
        and not len(get_messages(request))
        and _may_keep(recording, before)
    )


def cached_page(view):
    """Keep the view's page (GET only) until a table it read changes: see the module's notes.
    Put it under the page's guard, so the guard still runs on every request."""
    name = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.SEEDBED_PAGE_CACHE or request.method != "GET" or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = _page_key(request, view)
        kept = near_by.get(key) or cache.get(key)
        if kept is not None and _fresh(kept):
            return _given_again(request, kept)
        before = stamps(_view_tables.get(name, {EVERYTHING}))
        with Recording() as recording:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        # The person (loaded before the view) is part of every page.
        recording.tables |= {EVERYTHING, get_user_model()._meta.db_table}
        _learn(name, recording.tables)
        if _keepable(request, response, recording, before):
            pieces = _cut_at_tokens(request, response.content)
            headers = list(response.headers.items())
            kept = {"stamps": before, "pieces": pieces, "headers": headers}
            cache.set(key, kept, PAGE_SECONDS)
            near_by.put(key, kept, len(response.content))
        return response

    return wrapper
