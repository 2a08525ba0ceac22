"""Security settings and behaviours: production settings, the content security policy, sign-in
rate limits, confirming who you are before sensitive staff steps, and private uploaded files.

(`tests/test_project.py::test_production_settings_pass_check_deploy` runs `check --deploy`.)
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from awards.models import Payment
from tests.conftest import mark_recently_authenticated
from tests.hardening.matrix import project_patterns, url_for
from tests.hardening.test_permission_matrix import EXPECTED
from tests.hardening.world import build_world
from tests.support.second_factor import authenticator_code

ROOT = Path(__file__).resolve().parents[2]
LONG_AGO = 60 * 60  # an hour: longer than ACCOUNT_REAUTHENTICATION_TIMEOUT


# --------------------------------------------------------------------------------------------
# Production settings
# --------------------------------------------------------------------------------------------
def production_settings(**env):
    """The production settings' security values, read in a fresh process with `env`."""
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "MEDIA_ROOT",
        "MEDIA_URL",
        "STATIC_ROOT",
        "STATICFILES_DIRS",
        "ACCOUNT_RATE_LIMITS",
        "ACCOUNT_REAUTHENTICATION_TIMEOUT",
        "SECURE_CSP",
    ]
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "pR0d-5ecret_vAlue-9f8e7d6c5b4a3210-ZyXwVuTsRqPoNmLkJiHgFeDcBa",
        "ALLOWED_HOSTS": "grants.example.org",
        **env,
    }
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(  # noqa: S603 (our own fixed script, run by this Python)
        [sys.executable, "-c", script], cwd=ROOT, env=full_env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_hsts_is_on_by_default():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    # The real sign-in limits are on in production (the test settings turn them off).
    assert values["ACCOUNT_RATE_LIMITS"]["request_login_code"] == "20/m/ip,3/m/key"
    assert values["ACCOUNT_REAUTHENTICATION_TIMEOUT"] == 600


def test_hsts_and_the_https_redirect_are_set_from_the_environment():
    values = production_settings(
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="true",
        SECURE_SSL_REDIRECT="false",  # e.g. the load balancer redirects instead
    )
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_SSL_REDIRECT"] is False
    # Cookies stay secure whatever the environment says.
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True


def test_production_never_serves_uploaded_files():
    values = production_settings(MEDIA_ROOT="/srv/seedbed/private-files")
    media = Path(values["MEDIA_ROOT"])
    assert media == Path("/srv/seedbed/private-files")
    public_dirs = [Path(values["STATIC_ROOT"])] + [Path(d) for d in values["STATICFILES_DIRS"]]
    for public in public_dirs:
        assert not media.is_relative_to(public) and not public.is_relative_to(media), public


# --------------------------------------------------------------------------------------------
# Content security policy
# --------------------------------------------------------------------------------------------
def _csp(response):
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*application/json)")
INLINE_STYLE = re.compile(r"""<[a-zA-Z][^>]*\sstyle\s*=|<style\b""")
# Templates turned into PDFs on the server (never shown by a browser) may carry their own styles.
PDF_TEMPLATES = {"pdf/base.html", "awards/offer_letter.html", "reports/pdf_outcomes.html"}


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_unsafe_inline(client):
    response = client.get(reverse("home"))
    policy = _csp(response)
    assert policy, "no Content-Security-Policy header"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert any(v.startswith("'nonce-") for v in policy["script-src"])
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def _templates():
    dirs = [ROOT / "templates"] + [
        ROOT / app / "templates" for app in ("grants", "panels", "voting", "reports")
    ]
    for base in dirs:
        if base.is_dir():
            for path in base.rglob("*.html"):
                yield path.relative_to(base).as_posix(), path


def test_no_template_has_inline_script_or_style():
    found = []
    for name, path in _templates():
        if name in PDF_TEMPLATES:
            continue
        text = path.read_text()
        for pattern, what in (
            (INLINE_SCRIPT, "inline <script> without a nonce"),
            (INLINE_STYLE, "an inline style (use a class in static CSS)"),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_every_page_shown_keeps_to_the_policy():
    """Every page of the matrix that shows HTML, as the people who see most of them: each
    sends the policy, and has no inline style or script the policy would block."""
    world = build_world()
    from tests.hardening.world import signed_in_client

    clients = {
        role: signed_in_client(world.users[role])
        for role in ("anonymous", "applicant_a", "panel_member", "officer_x", "admin")
    }
    problems, pages = [], 0
    for pattern in project_patterns():
        row = EXPECTED.get(pattern.key)
        if pattern.area != "project" or row is None:
            continue
        url = url_for(pattern, world, on=row.on, kw=row.kw)
        for role, client in clients.items():
            if row.statuses[role] != 200:
                continue
            response = client.get(url)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            html = response.content.decode()
            if not _csp(response):
                problems.append(f"{url} as {role}: no Content-Security-Policy header")
            nonce = next(v for v in _csp(response)["script-src"] if v.startswith("'nonce-"))
            for tag in re.findall(r"<script\b[^>]*>", html):
                if "src=" not in tag and "application/json" not in tag and nonce[7:-1] not in tag:
                    problems.append(f"{url} as {role}: inline script without the nonce: {tag}")
            if INLINE_STYLE.search(html):
                problems.append(
                    f"{url} as {role}: inline style: {INLINE_STYLE.search(html).group(0)[:80]}"
                )
    assert pages > 60
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Sign-in rate limits
# --------------------------------------------------------------------------------------------
PRODUCTION_RATE_LIMITS = {
    "request_login_code": "20/m/ip,3/m/key",
    "login_failed": "10/m/ip,5/5m/key",
}


@pytest.mark.django_db
def test_a_fourth_code_request_for_one_email_within_a_minute_is_refused(settings, client, outbox):
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS
    cache.clear()
    url = reverse("account_request_login_code")
    statuses = []
    for _ in range(4):
        response = Client().post(url, {"email": "someone@example.com"})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 200]  # the 4th: the form again, with a message
    text = response.content.decode()
    assert "You have tried too many times. Wait a few minutes, then try again." in text
    assert 'id="email-error"' in text or "govuk-error-message" in text  # beside the field
    assert "someone@example.com" in text  # what was typed is kept
    assert len(outbox) == 3  # no fourth code was sent
    # Another email address is not held up by the first one's limit.
    assert Client().post(url, {"email": "other@example.com"}).status_code == 302
    cache.clear()


# --------------------------------------------------------------------------------------------
# Confirming who you are before sensitive staff steps
# --------------------------------------------------------------------------------------------
SENSITIVE = {
    "staff_award_pay": "recording a payment",
    "staff_payment_sent": "recording a planned payment as sent",
    "payments_due_csv": "the finance file: payees' names",
    "open_data_export": "the 360Giving file",
    "open_data_settings": "making the funder's grants public as open data",
    "outcomes_csv": "grants with groups' names and areas",
    "outcomes_xlsx": "grants with groups' names and areas",
}
# Confirming a round's decision, once the voting pages carry the check.
CONFIRM_DECISION = "staff_vote_confirm"


def _view_of(name):
    return next(p.view for p in project_patterns() if p.key == name)


@pytest.mark.parametrize("name", [*SENSITIVE, CONFIRM_DECISION])
def test_sensitive_staff_steps_ask_staff_to_confirm_who_they_are(name):
    assert getattr(_view_of(name), "reauthentication_required", False), (
        f"{name} should be wrapped in grants.reauth.reauthentication_required"
    )


def _officer_signed_in_long_ago(user):
    client = Client()
    client.force_login(user)
    return mark_recently_authenticated(client, user, seconds_ago=LONG_AGO)


@pytest.fixture
def world(db):
    cache.clear()  # allauth remembers used authenticator codes (no replays) in the cache
    yield build_world()
    cache.clear()


def test_an_officer_who_signed_in_long_ago_confirms_before_a_payment_is_recorded(world):
    officer, award = world.users["officer_x"], world.award
    client = _officer_signed_in_long_ago(officer)
    url = reverse("staff_award_pay", args=[award.pk])
    before = Payment.objects.filter(award=award).count()
    data = {"kind": "made", "payee": "group", "amount": "100", "date": "2027-05-01",
            "reference": "BACS 1"}  # fmt: skip

    response = client.post(url, data)
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == reverse("mfa_reauthenticate")
    assert f"next={url}".replace("/", "%2F") in target.query
    assert Payment.objects.filter(award=award).count() == before  # nothing recorded

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"code" in page.content.lower()
    # A wrong code changes nothing.
    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200
    assert Payment.objects.filter(award=award).count() == before

    done = client.post(response["Location"], {"code": authenticator_code()})
    # allauth replays the payment the officer sent, then the page moves on as usual.
    assert done.status_code == 302, done.content[:500]
    assert done["Location"] == reverse("staff_award", args=[award.pk])
    assert Payment.objects.filter(award=award).count() == before + 1
    payment = Payment.objects.filter(award=award).latest("pk")
    assert payment.amount == 100 and payment.reference == "BACS 1"

    # For the next few minutes the officer is not asked again.
    assert client.get(url).status_code == 200


def test_an_officer_who_signed_in_long_ago_confirms_before_the_decision_is_made(world):
    from grants.models import RoundState

    rnd = world.round
    client = _officer_signed_in_long_ago(world.users["officer_x"])
    response = client.post(reverse("staff_vote_confirm", args=[rnd.pk]), {"sure": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    rnd.refresh_from_db()
    assert rnd.state == RoundState.VOTING  # nothing decided yet

    done = client.post(response["Location"], {"code": authenticator_code()})
    assert done.status_code == 302
    assert done["Location"] == reverse("staff_vote_outcome", args=[rnd.pk])
    rnd.refresh_from_db()
    assert rnd.state == RoundState.DECIDED


def test_downloads_with_peoples_details_ask_an_officer_who_signed_in_long_ago(world):
    officer = world.users["officer_x"]
    stale = _officer_signed_in_long_ago(officer)
    fresh = Client()
    fresh.force_login(officer)
    mark_recently_authenticated(fresh, officer)
    downloads = {  # url -> the start of the file's content type
        reverse("payments_due_csv", args=[world.funder_x.slug]): "text/csv",
        reverse("open_data_export", args=[world.funder_x.slug, "csv"]): "text/csv",
        reverse("outcomes_csv"): "text/csv",
        reverse("outcomes_xlsx"): "application/vnd.openxmlformats-officedocument.spreadsheetml",
    }
    for url, content_type in downloads.items():
        response = stale.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), url
        assert "attachment" not in response.get("Content-Disposition", "")
        # Signed in just now: the file itself, straight away (no redirect, not even a page).
        got = fresh.get(url)
        assert got.status_code == 200, (url, got.status_code, got.get("Location"))
        assert got["Content-Type"].startswith(content_type), (url, got["Content-Type"])
        assert "attachment" in got.get("Content-Disposition", ""), url


def test_a_download_goes_ahead_after_confirming(world):
    officer = world.users["officer_x"]
    client = _officer_signed_in_long_ago(officer)
    url = reverse("payments_due_csv", args=[world.funder_x.slug])
    response = client.get(url)
    confirm = client.post(response["Location"], {"code": authenticator_code()})
    assert confirm.status_code == 302 and confirm["Location"] == url
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")


def test_a_fresh_sign_in_counts_as_confirming(world, client_for):
    """`client_for` signs people in just now: no extra step for them (nor for other tests)."""
    url = reverse("staff_award_pay", args=[world.award.pk])
    assert client_for(world.users["officer_x"]).get(url).status_code == 200


# --------------------------------------------------------------------------------------------
# Uploaded files are private
# --------------------------------------------------------------------------------------------
def test_no_url_pattern_serves_the_media_folder():
    prefix = settings.MEDIA_URL.strip("/")
    for pattern in project_patterns():
        assert not pattern.route.startswith(prefix), pattern.route
        assert "serve" not in pattern.key or pattern.area != "project", pattern.key
    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + "answers/x.mp3")


def test_uploaded_files_are_only_reached_through_checked_pages(world):
    answer, photo = world.answer, world.photo
    for stored in (answer.recording, photo.image, world.pdf_job.file):
        assert Path(stored.path).is_file()
        assert Path(stored.path).is_relative_to(Path(settings.MEDIA_ROOT))
        for role in ("anonymous", "applicant_a", "officer_x", "admin"):
            from tests.hardening.world import signed_in_client

            client = signed_in_client(world.users[role])
            for path in (
                settings.MEDIA_URL + stored.name,
                "/" + stored.name,
                "/static/" + stored.name,
                "/media/" + stored.name,
            ):
                assert client.get(path).status_code == 404, (path, role)
    # The same file through its page: the group gets it, someone else gets "not found".
    from tests.hardening.world import signed_in_client

    url = reverse("application_recording", args=[answer.application.reference, answer.pk])
    response = signed_in_client(world.users["applicant_a"]).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert signed_in_client(world.users["applicant_b"]).get(url).status_code == 404


def test_the_private_files_address_gives_not_found(client, db):
    response = client.get("/private-files-are-never-served-directly/answers/anything.mp3")
    assert response.status_code == 404
