"""Limits on guessing voting codes that slow a guesser down without locking out neighbours.

A library or community hall puts many residents behind one internet address, so a limit per
address alone lets one person's mistakes (or one guesser) stop everyone else. Wrong codes are
counted three ways, each over `WINDOW_SECONDS`:

- **per browser** (the session): after `Limit.free` wrong codes, one try every `Limit.wait`
  seconds from that browser;
- **per code pattern** (the first four characters typed, whoever types them): a guesser who
  clears their cookies still spreads over patterns, and a resident's real code almost never
  shares one (1 in 457,000);
- **per internet address**, generously, and again as a slow-down, never a lock-out: someone
  else at the library waits a few seconds at most.

Nothing is blocked for minutes: past a limit, each wrong code makes the next try wait that
limit's few seconds, so a script guesses a few codes a minute while a person barely notices. The address is the one the web server saw
unless `TRUSTED_PROXY_COUNT` says how many proxies in front of Seedbed add to X-Forwarded-For
(0 by default: a client-sent header is never trusted).
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

WINDOW_SECONDS = 10 * 60


@dataclass(frozen=True)
class Limit:
    name: str
    free: int  # wrong codes before tries are slowed
    wait: int  # seconds between tries after that


BROWSER = Limit("browser", free=5, wait=30)
PATTERN = Limit("pattern", free=10, wait=20)
ADDRESS = Limit("address", free=30, wait=5)
PATTERN_LENGTH = 4


def _key(limit, value):
    digest = hashlib.sha256(str(value or "unknown").encode()).hexdigest()[:32]
    return f"voting:wrong-codes:{limit.name}:{digest}"


def _pattern(typed):
    return "".join(ch for ch in str(typed or "").upper() if ch.isalnum())[:PATTERN_LENGTH]


def _buckets(browser, address, typed):
    return [(BROWSER, browser), (PATTERN, _pattern(typed)), (ADDRESS, address)]


def turn_key(limit, value):
    """Set for `limit.wait` seconds after a wrong code past the limit: the next try waits."""
    return f"{_key(limit, value)}:turn"


def seconds_to_wait(*, browser, address, typed) -> int:
    """0 when this try may go ahead now; else how many seconds to wait."""
    for limit, value in _buckets(browser, address, typed):
        if cache.get(turn_key(limit, value)):
            return limit.wait
    return 0


def wrong_code_note(*, browser, address, typed):
    """Count one wrong code against the browser, the code's pattern and the address; past a
    limit, the next try from there must wait that limit's few seconds."""
    for limit, value in _buckets(browser, address, typed):
        key = _key(limit, value)
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
        if count >= limit.free:
            cache.set(turn_key(limit, value), 1, limit.wait)
