"""Finding 6: wrong voting codes slow the guesser down, per browser, per code pattern and
(generously) per internet address, without locking out the neighbours sharing that address;
X-Forwarded-For is trusted only when the deployment says how many proxies there are."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.test_project import _production
from voting.services import code_limits, codes
from voting.services.code_limits import ADDRESS, BROWSER, PATTERN
from voting.views.codes import TOO_MANY

pytestmark = pytest.mark.django_db

LIBRARY = "192.0.2.10"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def right_code(approval_vote, officer):
    return codes.codes_issue(approval_vote[3], 1, by=officer)[0]


def _type(client, code):
    return client.post(reverse("vote_code"), {"code": code})


def _wrong_codes(right, n, *, prefix=None):
    made = []
    while len(made) < n:
        code = codes.code_new()
        if prefix:
            code = prefix + code[4:]
        if code[:4] != right[:4] and code not in made:
            made.append(code)
    return made


def _visitor(address=LIBRARY, **extra):
    return Client(REMOTE_ADDR=address, **extra)


def test_one_browser_is_slowed_and_its_neighbours_are_not(right_code):
    guesser = _visitor()
    for code in _wrong_codes(right_code, BROWSER.free):
        assert _type(guesser, code).status_code == 400
    slowed = _type(guesser, _wrong_codes(right_code, 1)[0])
    assert slowed.status_code == 429
    assert TOO_MANY.format(seconds=BROWSER.wait) in slowed.content.decode()
    assert slowed["Retry-After"] == str(BROWSER.wait)
    # Someone else at the same library types their right code straight away.
    assert _type(_visitor(), right_code).status_code == 302


def test_slowed_not_blocked_the_next_turn_comes_after_the_wait(right_code):
    guesser = _visitor()
    for code in _wrong_codes(right_code, BROWSER.free):
        _type(guesser, code)
    assert _type(guesser, right_code).status_code == 429
    # The wait passing is the turn expiring; the right code then goes through at once.
    cache.delete(code_limits.turn_key(BROWSER, guesser.session.session_key))
    assert _type(guesser, right_code).status_code == 302


def test_a_guesser_who_drops_cookies_is_slowed_per_code_pattern(right_code):
    prefix = "ACDE" if right_code[:4] != "ACDE" else "CDEF"
    for code in _wrong_codes(right_code, PATTERN.free, prefix=prefix):
        assert _type(_visitor(f"198.51.100.{code.count('A') + 1}"), code).status_code == 400
    response = _type(_visitor("203.0.113.99"), _wrong_codes(right_code, 1, prefix=prefix)[0])
    assert response.status_code == 429
    # Codes of any other pattern are untouched.
    assert _type(_visitor("203.0.113.99"), right_code).status_code == 302


def test_a_busy_address_is_slowed_for_seconds_never_locked_for_minutes(right_code):
    for code in _wrong_codes(right_code, ADDRESS.free):
        assert _type(_visitor(), code).status_code == 400  # a fresh browser each time
    response = _type(_visitor(), right_code)
    assert response.status_code in (302, 429)
    if response.status_code == 429:
        assert response["Retry-After"] == str(ADDRESS.wait) and ADDRESS.wait <= 10
    assert code_limits.WINDOW_SECONDS == 600 and max(BROWSER.wait, PATTERN.wait) <= 60


def test_a_client_sent_forwarded_for_is_ignored_unless_proxies_are_configured(right_code, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for i, code in enumerate(_wrong_codes(right_code, ADDRESS.free)):
        spoofed = _visitor(HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
        assert _type(spoofed, code).status_code == 400
    # All those came from one address, whatever the header said: the address is now slowed.
    spoofed = _visitor(HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert _type(spoofed, _wrong_codes(right_code, 1)[0]).status_code == 429
    assert _type(_visitor(HTTP_X_FORWARDED_FOR="203.0.113.201"), right_code).status_code == 429


def test_behind_a_configured_proxy_visitors_are_told_apart(right_code, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for i, code in enumerate(_wrong_codes(right_code, ADDRESS.free)):
        assert _type(_visitor(HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"), code).status_code == 400
    neighbour = _visitor(HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert _type(neighbour, right_code).status_code == 302


def test_production_trusts_no_forwarded_for_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    script = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = _production(tmp_path, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0"
    configured = _production(tmp_path, "shell", "-c", script, TRUSTED_PROXY_COUNT="2")
    assert configured.stdout.strip().splitlines()[-1] == "2"
