"""Accounts that cannot be taken over (issue 15, findings 1, 2 and 6).

- No password anywhere: the password pages lead to the code page and change nothing, nobody
  is authenticated by a password (even one left in the database), the admin site is signed
  into by emailed code and second factor, and "confirm it's you" never takes a password.
- No sign-up page, and the same answer for known and unknown addresses.
- Accounts are made only when an emailed code is typed in, never on request.
"""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from grants.models import User
from tests.conftest import code_from_outbox, give_second_factor, make_user
from tests.support.second_factor import authenticator_code

pytestmark = pytest.mark.django_db

CODE_PAGE = "/accounts/login/code/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate limits and used authenticator codes live in the cache
    yield
    cache.clear()


def with_old_password(user, raw="correct horse battery staple"):
    """An account as it could be before this change: a usable password in the database (from
    `createsuperuser` or the old reset page). Written straight to the column, as `set_password`
    now refuses."""
    User.objects.filter(pk=user.pk).update(password=make_password(raw))
    user.refresh_from_db()
    assert user.has_usable_password()
    return raw


@pytest.fixture
def admin(db):
    return give_second_factor(
        make_user("alex.admin@example.com", "Alex", is_staff=True, is_superuser=True)
    )


# --------------------------------------------------------------------------------------------
# Finding 1: no password anywhere
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/1-set-password/",
        "/accounts/password/change/",
        "/accounts/password/set/",
        "/accounts/reauthenticate/",
        "/accounts/signup/",
    ],
)
def test_password_and_signup_pages_lead_to_the_code_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_PAGE)


def test_asking_to_reset_the_admins_password_sends_nothing_and_changes_nothing(client, admin):
    before = User.objects.get(pk=admin.pk).password
    mail.outbox = []
    response = client.post("/accounts/password/reset/", {"email": admin.email})
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    assert mail.outbox == []
    assert User.objects.get(pk=admin.pk).password == before


def test_setting_or_changing_a_password_while_signed_in_changes_nothing(client_for, admin):
    client = client_for(admin)
    for url in ("/accounts/password/set/", "/accounts/password/change/"):
        client.post(url, {"password1": "Tr0ub4dor&3xx", "password2": "Tr0ub4dor&3xx"})
    admin.refresh_from_db()
    assert not admin.has_usable_password()


def test_nobody_is_authenticated_by_a_password_even_one_left_in_the_database(admin):
    raw = with_old_password(admin)
    assert authenticate(None, username=admin.email, password=raw) is None
    assert authenticate(None, email=admin.email, password=raw) is None
    assert Client().login(username=admin.email, password=raw) is False


def test_the_admin_login_page_sends_people_to_the_code_sign_in_and_takes_no_password(client, admin):
    raw = with_old_password(admin)
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302
    assert page["Location"] == f"{CODE_PAGE}?next=/admin/"
    # 30 tries with the right password: never signed in, never a password form.
    for _ in range(30):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": admin.email, "password": raw}
        )
        assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_admin_site_needs_a_second_factor(client):
    operator = make_user("ops@example.org", is_staff=True, is_superuser=True)
    client.force_login(operator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("staff_second_factor_needed")
    give_second_factor(operator)
    assert client.get("/admin/").status_code == 200


def test_the_admin_signs_in_with_the_emailed_code_then_the_second_factor(client, admin):
    mail.outbox = []
    client.post(reverse("account_request_login_code"), {"email": admin.email})
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_from_outbox(admin.email)}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not in yet
    client.post(reverse("mfa_authenticate"), {"code": authenticator_code()})
    assert client.get("/admin/").status_code == 200


def test_no_password_can_be_set_on_an_account(admin):
    with pytest.raises(ValueError, match="no passwords"):
        admin.set_password("Tr0ub4dor&3xx")
    with pytest.raises(ValueError, match="no passwords"):
        User.objects.create_superuser("root@example.org", "Tr0ub4dor&3xx")
    assert not User.objects.filter(email="root@example.org").exists()


def test_the_admin_cannot_give_anyone_a_password_in_the_admin_site(client_for, admin):
    person = make_user("pat@example.com")
    url = f"/admin/grants/user/{person.pk}/password/"
    response = client_for(admin).post(
        url, {"password1": "Tr0ub4dor&3xx", "password2": "Tr0ub4dor&3xx"}
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert not person.has_usable_password()
    assert client_for(admin).get("/admin/password_change/").status_code == 404


def test_confirm_its_you_never_counts_a_password(admin):
    """A session whose only recent proof is a password (as the old admin login left) is asked
    for the second factor before a sensitive step; nothing is downloaded."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str

    from grants.models import Funder

    funder = Funder.objects.create(name="Testshire", slug="testshire")
    client = Client()
    client.force_login(admin)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": admin.email}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(admin)
    session.save()
    response = client.get(reverse("payments_due_csv", args=[funder.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_make_admin_makes_an_admin_with_no_password_who_signs_in_by_code(client):
    call_command("make_admin", "Ops@Example.org", "--name", "Operator")
    user = User.objects.get(email="ops@example.org")
    assert (user.is_staff, user.is_superuser, user.is_active) == (True, True, True)
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
    # Again: the same account, still one address, still no password.
    call_command("make_admin", "ops@example.org")
    assert User.objects.filter(email="ops@example.org").count() == 1
    assert EmailAddress.objects.filter(user=user).count() == 1
    # The admin site waits for their second factor.
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_make_admin_promotes_an_existing_account_and_removes_its_password(admin):
    person = make_user("pat@example.com")
    with_old_password(person)
    call_command("make_admin", "pat@example.com")
    person.refresh_from_db()
    assert person.is_superuser and person.is_staff and not person.has_usable_password()


def test_the_migration_makes_every_usable_password_unusable(admin):
    person = make_user("pat@example.com")
    with_old_password(admin)
    with_old_password(person)
    migration = importlib.import_module("grants.migrations.0009_no_passwords")
    migration.make_passwords_unusable(apps, None)
    for user in (admin, person):
        user.refresh_from_db()
        assert not user.has_usable_password()


# --------------------------------------------------------------------------------------------
# Finding 2: no sign-up page, no account enumeration
# --------------------------------------------------------------------------------------------
def test_signing_up_makes_no_account_and_answers_known_and_unknown_alike(client, admin):
    answers = []
    for email in (admin.email, "someone.new@example.com"):
        mail.outbox = []
        response = Client().post("/accounts/signup/", {"email": email})
        answers.append((response.status_code, response.get("Location"), len(mail.outbox)))
    assert answers[0] == answers[1]
    assert not User.objects.filter(email="someone.new@example.com").exists()


def _ask_for_a_code(email):
    client = Client()
    mail.outbox = []
    response = client.post(reverse("account_request_login_code"), {"email": email})
    followed = client.get(response["Location"])
    (message,) = mail.outbox
    code = code_from_outbox(email)
    return {
        "status": response.status_code,
        "location": response["Location"],
        "page": re.sub(
            r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", followed.content.decode()
        ).replace(email, "EMAIL"),
        "subject": message.subject,
        "body": message.body.replace(code, "CODE"),
    }


def test_the_sign_in_answer_is_the_same_for_known_and_unknown_addresses(admin):
    known = _ask_for_a_code(admin.email)
    unknown = _ask_for_a_code("someone.new@example.com")
    assert known == unknown
    assert known["status"] == 302


# --------------------------------------------------------------------------------------------
# Finding 6: accounts only when a code is confirmed
# --------------------------------------------------------------------------------------------
def test_asking_for_codes_makes_no_accounts_even_when_refused(settings):
    from config.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS  # as in production
    before = User.objects.count()
    statuses = []
    for n in range(30):  # one visitor (the same address), a fresh session each time
        response = Client().post(reverse("account_request_login_code"), {"email": f"new{n}@x.test"})
        statuses.append(response.status_code)
    assert 200 in statuses, "the per-visitor limit should refuse some of the 30"
    assert User.objects.count() == before
    assert not EmailAddress.objects.filter(email__endswith="@x.test").exists()


def test_someone_new_gets_their_account_when_they_type_the_code(client):
    mail.outbox = []
    client.post(reverse("account_request_login_code"), {"email": "New.Person@Example.com"})
    assert not User.objects.filter(email="new.person@example.com").exists()
    # A wrong code makes nothing.
    client.post(reverse("account_confirm_login_code"), {"code": "ZZZ-ZZZ"})
    assert not User.objects.filter(email="new.person@example.com").exists()
    code = code_from_outbox("new.person@example.com")
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("my_home")).status_code == 200


def test_an_invitation_needs_a_code_sent_to_its_address_in_this_session(officer_and_round):
    """An account with the invited address that never typed a code sent to it (one made
    through the old sign-up page, say) cannot take up the invitation."""
    from panels import services
    from panels.models import MemberState

    officer, rnd = officer_and_round
    member = services.member_invite(rnd, name="Kofi", email="kofi@example.com", by=officer)
    url = reverse("panel_invitation", args=[member.token])
    squatter = Client()
    squatter.force_login(member.user)  # signed in, but not by a code sent to kofi@
    response = squatter.post(url, {"read_guide": "on", "agree_conduct": "on"})
    assert response.status_code == 403
    assert "sign in with a code sent to the email" in response.content.decode()
    member.refresh_from_db()
    assert member.state == MemberState.INVITED
    # Kofi signs in with the code sent to him, and joins.
    kofi = Client()
    mail.outbox = []
    kofi.post(reverse("account_request_login_code"), {"email": "kofi@example.com"})
    kofi.post(reverse("account_confirm_login_code"), {"code": code_from_outbox("kofi@example.com")})
    assert kofi.post(url, {"read_guide": "on", "agree_conduct": "on"}).status_code == 302
    member.refresh_from_db()
    assert member.state == MemberState.ACTIVE


@pytest.fixture
def officer_and_round(db):
    from grants.models import Funder, Role
    from tests.conftest import make_round

    funder = Funder.objects.create(name="Testshire", slug="testshire")
    officer = give_second_factor(make_user("olu.officer@example.com"))
    Role.objects.create(user=officer, kind=Role.Kind.OFFICER, funder=funder)
    return officer, make_round(funder)
