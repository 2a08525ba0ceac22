"""Load test: many people at once against gunicorn, on loopback, for at most 60 seconds.

Makes a throwaway database (a new PostgreSQL database on the server DATABASE_URL names,
dropped afterwards; without DATABASE_URL an SQLite file in a temporary folder, which says
little about a real site's concurrency), seeds the benchmarks' world into it
(benchmarks/bench_world.py), starts gunicorn (config.wsgi, production settings served over
plain HTTP: benchmarks/load_settings.py) on 127.0.0.1, and drives simulated people from
threads, each with its own kept-alive connection (http.client):

- residents read the public pages (a round's page, the home page, accessibility);
- applicants read their page and their application;
- panel members read their reading list and an application, save a score for it (a write, with
  the page's CSRF token, as a browser would: every kept page that read the scores is then made
  anew) and read the results.

Each simulated person waits a moment between pages (--think, default 0.5–1.5 s, as people
read; --think 0 sends requests back to back). Signed-in people use sessions this script makes
in the throwaway database for the seeded people (as Django's test client's force_login does):
nothing in the site is changed or opened for it.

Prints p50, p95 and the slowest time for each kind of page, requests per second and errors.
Exits non-zero when a page's p95 is 300 ms or more, or on any error (a status other than 200,
or no answer). Gunicorn is stopped on the way out, whatever happens.

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/ uv run python benchmarks/load.py
    uv run python benchmarks/load.py --users 20 --seconds 15
"""

import argparse
import gc
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "load_settings"
os.environ.setdefault("SECRET_KEY", "load-" + secrets.token_urlsafe(40))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from bench_world import World, throwaway_database  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

P95_BAR_MS = 300
MOST_SECONDS = 60  # warming up and the run together
WARM_UP_SECONDS = 20
# Kinds of people, taken in turn: of every ten, four residents, three applicants, three panel
# members.
MIX = ["resident", "applicant", "panel"] * 3 + ["resident"]
OK = 200  # a form answered by going on to a page (302) counts as answered
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --------------------------------------------------------------------------------------------
# Gunicorn on loopback
# --------------------------------------------------------------------------------------------
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """DATABASE_URL for gunicorn: the throwaway database this process made."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + db["NAME"]))


def start_gunicorn(port, workers, threads):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--keep-alive", "30", "--log-level", "warning", "--timeout", "30",
    ]  # fmt: skip
    # Its own process group, so that stopping it stops its workers too.
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not start within 30 s")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --------------------------------------------------------------------------------------------
# Simulated people
# --------------------------------------------------------------------------------------------
def session_for(user):
    """A signed-in session for a seeded person, made in the throwaway database."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def routes(world):
    """Each kind of person: (who, [(kind of page, url)])."""
    scoring = world.scoring.pk
    app = world.panel_app.pk
    score = {f"score-criterion_{c.pk}": str(1 + c.pk % 3) for c in world.criteria}
    score["score-comment"] = "Read on the bus; a clear plan."
    return {
        "resident": (
            None,
            [
                ("Resident: a round's page", f"/rounds/{world.open.slug}/"),
                ("Resident: home page", "/"),
                ("Resident: accessibility", "/accessibility/"),
            ],
        ),
        "applicant": (
            world.applicant,
            [
                ("Applicant: your page", "/me/"),
                ("Applicant: an application", f"/applications/{world.mine.reference}/"),
            ],
        ),
        "panel": (
            world.panel_user,
            [
                ("Panel: reading list", f"/panel/{scoring}/"),
                ("Panel: an application", f"/panel/{scoring}/applications/{world.panel_app.pk}/"),
                # A write: every page that read the scores is made anew after it.
                ("Panel: saves a score", f"/panel/{scoring}/applications/{app}/score/", score),
                ("Panel: results", f"/panel/{scoring}/results/"),
            ],
        ),
    }


class Person(threading.Thread):
    def __init__(self, port, cookie, pages, until, think, results, lock, rng):
        super().__init__(daemon=True)
        self.port, self.cookie, self.pages, self.until = port, cookie, pages, until
        self.think, self.results, self.lock, self.rng = think, results, lock, rng
        self.csrf_cookie = self.csrf_token = ""
        self.last = None

    def ask(self, connection_, url, form):
        """GET the page, or POST the form with the CSRF token the last page gave (as a
        browser would); the status, or OK for a form answered by going on to a page."""
        cookies = "; ".join(filter(None, [self.cookie, self.csrf_cookie]))
        headers = {"Cookie": cookies} if cookies else {}
        if form is None:
            connection_.request("GET", url, headers=headers)
        else:
            body = urlencode({**form, "csrfmiddlewaretoken": self.csrf_token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection_.request("POST", url, body=body, headers=headers)
        self.last = response = connection_.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith(f"{settings.CSRF_COOKIE_NAME}="):
                self.csrf_cookie = value.split(";", 1)[0]
        if found := CSRF_FIELD.search(content):
            self.csrf_token = found[1].decode()
        if form is not None and response.status == 302:
            return OK
        return response.status

    def run(self):
        connection_ = None
        step = self.rng.randrange(len(self.pages))
        while len(self.pages[step % len(self.pages)]) > 2:  # a form comes after a page
            step += 1
        time.sleep(self.rng.uniform(0, self.think or 0.05))  # people do not all arrive at once
        while time.monotonic() < self.until:
            kind, url, *form = self.pages[step % len(self.pages)]
            step += 1
            started = time.perf_counter()
            try:
                connection_ = connection_ or http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=15
                )
                outcome = self.ask(connection_, url, form[0] if form else None)
                response = self.last
                if response.getheader("Connection", "").lower() == "close":
                    connection_.close()
                    connection_ = None
            except (OSError, http.client.HTTPException) as problem:
                outcome = type(problem).__name__
                connection_ = None
            took = time.perf_counter() - started
            with self.lock:
                self.results.append((kind, took, outcome, time.monotonic()))
            if self.think:
                time.sleep(self.rng.uniform(self.think * 0.5, self.think * 1.5))
        if connection_:
            connection_.close()


def cast(world, users):
    """Each simulated person: (their cookie, their pages). Sessions are made here, once."""
    plan = routes(world)
    people = []
    for i in range(users):
        who, pages = plan[MIX[i % len(MIX)]]
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_for(who)}" if who else ""
        people.append((cookie, pages))
    return people


def drive(port, cast_, *, seconds, think, seed=20):
    """Every person reads their pages in turn until time is up; their requests' (kind of page,
    seconds taken, status or error, when answered), and the seconds it took."""
    rng = random.Random(seed)
    results, lock = [], threading.Lock()
    until = time.monotonic() + seconds
    people = [
        Person(port, cookie, pages, until, think, results, lock, random.Random(rng.random()))
        for cookie, pages in cast_
    ]
    started = time.monotonic()
    for person in people:
        person.start()
    for person in people:
        person.join(timeout=max(until - time.monotonic(), 0) + 20)
    return results, time.monotonic() - started


def warm_up(port, people, most):
    """Drive the people briefly until no request takes 300 ms or more (each new worker and
    thread loads its code, templates and database connection on its first requests), for at
    most `most` seconds. Nothing here is counted. Returns the seconds it took."""
    started = time.monotonic()
    first_slowest = None
    while True:
        results, _ = drive(port, people, seconds=3, think=0.2)
        slowest = max((took for _, took, *_ in results), default=float("inf"))
        first_slowest = first_slowest or slowest
        if slowest < P95_BAR_MS / 1000 or time.monotonic() - started + 3 > most:
            break
    took = time.monotonic() - started
    print(
        f"Warmed up in {took:.0f} s, not counted (a cold worker's first requests took up to "
        f"{first_slowest * 1000:.0f} ms; the last warm-up's slowest {slowest * 1000:.0f} ms)"
    )
    return took


# --------------------------------------------------------------------------------------------
def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def report(results, elapsed, users, think):
    """Print the figures beside their bars; return the bars missed."""
    missed = []
    print(
        f"\n{'kind of page':32} {'requests':>8} {'p50 ms':>7} {'p95 ms (<300)':>14} {'max ms':>7}"
    )
    kinds = sorted({kind for kind, *_ in results})
    for kind in kinds + ["All pages"]:
        times = [took * 1000 for k, took, *_ in results if kind in (k, "All pages")]
        p95 = percentile(times, 0.95)
        ok = p95 < P95_BAR_MS
        print(
            f"{kind:32} {len(times):8} {statistics.median(times):7.0f} {p95:8.0f} "
            f"{'ok' if ok else 'MISSED':>5} {max(times):7.0f}"
        )
        if not ok:
            missed.append(f"{kind}: p95 {p95:.0f} ms (bar: under {P95_BAR_MS} ms)")
    errors = [(kind, outcome) for kind, _, outcome, _ in results if outcome not in (200, OK)]
    print(
        f"\n{users} people (think time {think:g} s on average) for {elapsed:.0f} s: "
        f"{len(results) / elapsed:.1f} requests/s, {len(errors)} errors (bar: 0)"
    )
    for kind, outcome in sorted(set(errors))[:10]:
        print(f"  {kind}: {outcome}")
    first = min(at for *_, at in results)
    slowest = sorted(results, key=lambda row: -row[1])[:5]
    print("Slowest: " + "; ".join(
        f"{kind} {took * 1000:.0f} ms, answered at {at - first:.1f} s" for kind, took, _, at in slowest
    ))  # fmt: skip
    if errors:
        missed.append(f"{len(errors)} errors")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--seconds", type=float, default=MOST_SECONDS, help="at most 60")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between pages")
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    options = parser.parse_args()
    seconds = min(options.seconds, MOST_SECONDS)
    if "DATABASE_URL" not in os.environ:
        print("No DATABASE_URL: using SQLite (a real site runs PostgreSQL; figures differ).")
    with throwaway_database() as where:
        print(f"Database: {where}")
        call_command("createcachetable", verbosity=0)
        world = World()
        world.add_batch(options.applications)
        print(f"Seeded {world.applications:,} applications")
        people = cast(world, options.users)
        connection.close()
        # What seeding left in this process's memory must not pause the simulated people
        # while Python's collector walks it.
        gc.collect()
        gc.freeze()
        port = free_port()
        server = start_gunicorn(port, options.workers, options.threads)
        print(
            f"gunicorn on 127.0.0.1:{port}: {options.workers} workers × {options.threads} "
            f"threads; {options.users} people for {seconds:g} s, warming up included"
        )
        try:
            warmed = warm_up(port, people, most=WARM_UP_SECONDS)
            seconds = min(seconds, MOST_SECONDS - warmed)  # warming up counts in the 60 s
            results, elapsed = drive(port, people, seconds=seconds, think=options.think)
        finally:
            stop(server)
    if not results:
        print("No requests were answered.")
        return False
    missed = report(results, elapsed, options.users, options.think)
    print("\nBars missed:" if missed else "\nEvery bar held.")
    for line in missed:
        print(f"  {line}")
    return not missed


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
