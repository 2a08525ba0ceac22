"""Signing in by emailed code, and the second factor staff must have."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import User
from tests.conftest import code_from_outbox
from tests.support.second_factor import authenticator_code

pytestmark = pytest.mark.django_db


def request_code(client, email):
    mail.outbox = []
    return client.post(reverse("account_request_login_code"), {"email": email})


def test_someone_new_signs_in_with_a_code_and_gets_an_account(client):
    response = request_code(client, "New.Person@Example.com")
    assert response.status_code == 302
    assert "/accounts/login/code/confirm/" in response["Location"]
    # Nothing is made on request: the account comes when the code is typed in.
    assert not User.objects.filter(email="new.person@example.com").exists()
    code = code_from_outbox("new.person@example.com")
    assert "Your code to sign in" in mail.outbox[-1].subject
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.com").exists()
    page = client.get(reverse("my_home"))
    assert page.status_code == 200
    assert "Your page" in page.text


def test_the_sign_in_page_has_no_password_box(client):
    page = client.get(reverse("account_request_login_code"))
    assert page.status_code == 200
    assert 'type="password"' not in page.text
    assert "You do not need a password" in page.text
    # The old password page leads here.
    assert client.get("/accounts/login/")["Location"].startswith("/accounts/login/code/")


def test_a_wrong_code_is_refused_with_a_clear_message(client, applicant):
    request_code(client, applicant.email)
    response = client.post(reverse("account_confirm_login_code"), {"code": "ZZZ-ZZZ"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert client.get(reverse("my_home")).status_code == 302  # still signed out


def email_input_value(html):
    """The value of the page's email box (unescaped), or None if it has no value."""
    import html as html_lib

    tag = re.search(r'<input[^>]*\bname="(?:login-)?email"[^>]*>', html)
    assert tag, "the page has no email box"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html_lib.unescape(value.group(1)) if value else ""


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter your email address"),
        ("not-an-email", "Enter an email address like name@example.com"),
        ("<script>alert(1)</script>@x", "Enter an email address like name@example.com"),
        ("a" * 300 + "@example.com", "it must be 254 characters or fewer"),
    ],
)
def test_bad_email_addresses_get_a_message_and_keep_what_was_typed(client, typed, message):
    response = request_code(client, typed)
    assert response.status_code == 200
    assert message in response.text
    assert "govuk-error-summary" in response.text
    assert email_input_value(response.text) == typed  # what was typed is kept, as typed
    assert "<script>alert(1)</script>" not in response.text
    assert not mail.outbox


def test_staff_sign_in_asks_for_the_second_factor(client, officer):
    request_code(client, officer.email)
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_from_outbox(officer.email)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("staff_home")).status_code == 302  # not in yet
    response = client.post(reverse("mfa_authenticate"), {"code": authenticator_code()})
    assert response.status_code == 302
    assert client.get(reverse("staff_home")).status_code == 200


def test_staff_without_a_second_factor_cannot_reach_staff_pages(
    client_for, officer_without_second_factor, open_round
):
    client = client_for(officer_without_second_factor)
    for url in [reverse("staff_home"), reverse("staff_round", args=[open_round.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("staff_second_factor_needed")
    page = client.get(reverse("staff_second_factor_needed"))
    assert "Set up an authenticator app" in page.text


def test_a_new_officer_is_sent_to_set_up_a_second_factor_after_signing_in(
    client, officer_without_second_factor
):
    request_code(client, officer_without_second_factor.email)
    response = client.post(
        reverse("account_confirm_login_code"),
        {"code": code_from_outbox(officer_without_second_factor.email)},
    )
    assert response["Location"] == reverse("staff_second_factor_needed")


def test_people_who_are_not_staff_get_403_on_staff_pages(client_for, applicant, panel_member):
    for user in (applicant, panel_member):
        assert client_for(user).get(reverse("staff_home")).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("staff_home"))
    assert response.status_code == 302
    assert re.match(r"^/accounts/login/code/\?next=/staff/", response["Location"])
