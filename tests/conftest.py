"""Fixtures every test uses: a person for each role, signed-in clients, and a real browser."""

import os
import re
import shutil
import warnings

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from grants.demo import DEMO_TOTP_SECRET
from grants.middleware import CHECK_KEY
from grants.models import Funder, Group, GroupMember, Role, Round, RoundState, User
from grants.round_template import apply_template
from tests.support.pages import browser_required

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# ------------------------------------------------------------------------------------------
# The world: two funders, an open round, two groups
# ------------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _in_english_unless_chosen():
    """A page asked for in Welsh leaves Welsh active in the thread (Django's LocaleMiddleware
    does not switch back); each test starts, and ends, in the site's language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _due_rounds_already_checked():
    """The first-request check for rounds due to close runs at most once a minute per cache,
    and the test cache outlives each test: left alone, which request of which test runs it
    would depend on the clock (a query-count test could count it once and not the other time).
    Each test starts with the check done; tests of the check delete `CHECK_KEY` themselves.
    Nothing else from another test is left: limits, kept pages and the tables' stamps (a test's
    data is rolled back without a write, so a stamp would outlive what it stood for)."""
    cache.clear()
    cache.set(CHECK_KEY, True, None)


@pytest.fixture
def funder(db):
    return Funder.objects.create(
        name="NHS Testshire Integrated Care Board", slug="testshire-icb", prefix_360="360G-test"
    )


@pytest.fixture
def other_funder(db):
    return Funder.objects.create(name="Elsewhere Council", slug="elsewhere")


def make_round(funder, **extra):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    values = {
        "title": "Healthy Neighbours",
        "slug": f"healthy-{funder.slug}-{Round.objects.count()}",
        "summary": "Money for groups that help people feel well.",
        "who_can_apply": "Local groups.",
        "budget": 10000,
        "min_grant": 300,
        "max_grant": 3000,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
    }
    values.update(extra)
    state = values.pop("state", RoundState.OPEN)
    rnd = Round.objects.create(funder=funder, **values)
    apply_template(rnd)
    Round.objects.filter(pk=rnd.pk).update(state=state)
    rnd.refresh_from_db()
    return rnd


@pytest.fixture
def open_round(funder):
    return make_round(funder)


def make_group(name, member=None, **extra):
    values = {
        "kind": Group.Kind.INFORMAL,
        "contact_name": "Pat Contact",
        "contact_email": f"contact@{name.lower().replace(' ', '')}.example",
        "contact_phone": "07700 900123",
        "second_contact_name": "Lee Second",
        "second_contact_email": f"second@{name.lower().replace(' ', '')}.example",
        "contacts_unrelated": True,
        "area": "Northfield",
        "postcode": "RV1 2AB",
        "payment_route": Group.PaymentRoute.BANK,
        "bank_account_name": name,
    }
    values.update(extra)
    group = Group.objects.create(name=name, **values)
    if member:
        GroupMember.objects.create(group=group, user=member)
    return group


def make_user(email, name="", **extra):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def give_second_factor(user):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


# ------------------------------------------------------------------------------------------
# People, one per role
# ------------------------------------------------------------------------------------------
@pytest.fixture
def applicant(db):
    return make_user("amina@example.com", "Amina")


@pytest.fixture
def group_a(applicant):
    return make_group("Tuesday Lunch Club", applicant)


@pytest.fixture
def applicant_b(db):
    return make_user("bob@example.com", "Bob")


@pytest.fixture
def group_b(applicant_b):
    return make_group("Millbrook Walkers", applicant_b, kind=Group.Kind.CONSTITUTED)


@pytest.fixture
def supporter(funder):
    user = make_user("sam.supporter@example.com", "Sam")
    Role.objects.create(user=user, kind=Role.Kind.SUPPORTER, funder=funder)
    return user


@pytest.fixture
def panel_member(open_round):
    user = make_user("rose.panel@example.com", "Rose")
    Role.objects.create(user=user, kind=Role.Kind.PANEL_MEMBER, round=open_round)
    return user


@pytest.fixture
def officer(funder):
    user = give_second_factor(make_user("olu.officer@example.com", "Olu"))
    Role.objects.create(user=user, kind=Role.Kind.OFFICER, funder=funder)
    return user


@pytest.fixture
def officer_without_second_factor(funder):
    user = make_user("new.officer@example.com", "Nell")
    Role.objects.create(user=user, kind=Role.Kind.OFFICER, funder=funder)
    return user


@pytest.fixture
def other_officer(other_funder):
    user = give_second_factor(make_user("yan.officer@example.com", "Yan"))
    Role.objects.create(user=user, kind=Role.Kind.OFFICER, funder=other_funder)
    return user


@pytest.fixture
def funder_viewer(funder):
    user = give_second_factor(make_user("fran.viewer@example.com", "Fran"))
    Role.objects.create(user=user, kind=Role.Kind.FUNDER_VIEWER, funder=funder)
    return user


@pytest.fixture
def admin_user(db):
    return give_second_factor(
        make_user("alex.admin@example.com", "Alex", is_staff=True, is_superuser=True)
    )


def mark_recently_authenticated(client, user, *, seconds_ago=0):
    """Write allauth's record of a sign-in (by emailed code, then the second factor) into the
    client's session, as if `user` signed in `seconds_ago` seconds ago. Sensitive staff steps
    (`grants.reauth`) ask for a sign-in within the last few minutes."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str

    at = time.time() - seconds_ago
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "code", "at": at, "email": user.email},
        {"method": "mfa", "at": at, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client signed in as `user` just now (staff as if they used
    their second factor, so steps that ask to confirm who you are go ahead)."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return mark_recently_authenticated(c, user)

    return make


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


# ------------------------------------------------------------------------------------------
# A real browser against the live server
# ------------------------------------------------------------------------------------------
def _chromium_path():
    candidates = [
        os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and os.path.exists(c)), None)


def _no_browser(reason):
    message = f"BROWSER TESTS NOT RUN: {reason}"
    if browser_required():
        pytest.fail(message + " (SEEDBED_REQUIRE_BROWSER is set, so this is a failure)")
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


@pytest.fixture(scope="session")
def _playwright_browser():
    executable = _chromium_path()
    if executable is None:
        _no_browser("Chromium was not found (install Debian's 'chromium' package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _no_browser("the playwright package is not installed")
    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    manager.stop()


AUTOSAVE_REQUESTS = re.compile(r".*/autosave/$")


def block_autosave(context):
    """Stop the question page's save-as-you-type requests (static/js/autosave.js). They are
    sent on their own — after a pause, and as a page is left or the browser closes — so one
    could reach the live server while the test's data is being wiped, and deadlock it. Tests
    of saving as you type opt in with `@pytest.mark.autosave` and wait for their saves."""
    context.route(AUTOSAVE_REQUESTS, lambda route: route.abort())


@pytest.fixture
def browser_context(request, _playwright_browser, live_server):
    """A fresh browser profile at phone size (375 × 812), pointed at the live server."""
    from playwright.sync_api import expect

    context = _playwright_browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url
    )
    if request.node.get_closest_marker("autosave") is None:
        block_autosave(context)
    # CI machines are busy: give pages and `expect(...)` assertions time to load.
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    yield page
    # Leave the page while the context (and its routes) still stand, so anything the page
    # sends as it is left (a last autosave) is dealt with now, not during the data wipe.
    try:
        page.goto("about:blank")
    finally:
        page.close()


def sign_in_in_browser(page, email):
    """Sign in the way people do: type your email, read the code from the email, type it.
    Returns once the browser has left the sign-in pages (and loaded the next one)."""
    mail.outbox = []
    page.goto("/accounts/login/code/")
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    code = code_from_outbox(email)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login/code" not in url)
    return code


def sign_in_staff_in_browser(page, user):
    """Sign in as a member of staff: the emailed code, then the authenticator app's code.
    Returns once the browser has left the sign-in and second-factor pages."""
    from tests.support.second_factor import authenticator_code

    sign_in_in_browser(page, user.email)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(authenticator_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/2fa/" not in url)


def code_from_outbox(email, *, timeout=20):
    """The sign-in code last emailed to `email`. The live server sends it while it answers the
    browser, so wait a little for it (up to `timeout` seconds) rather than look too soon."""
    import re
    import time

    deadline = time.monotonic() + timeout
    while True:
        for message in reversed(mail.outbox):
            if email in message.to:
                match = re.search(
                    r"^\s*([A-Z0-9]{3,4}-?[A-Z0-9]{3,4})\s*$", message.body, re.MULTILINE
                )
                if match:
                    return match.group(1)
        if time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    raise AssertionError(
        f"No sign-in code was emailed to {email}: {[m.subject for m in mail.outbox]}"
    )


@pytest.fixture(autouse=True)
def _test_settings_sanity():
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
