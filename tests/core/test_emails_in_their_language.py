"""Emails go out in each person's own language: the one they chose (kept on their account),
else the site's. Two people on one email who chose different languages get one each."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from core import notify
from core.models import OutgoingEmail
from grants.models import User

INVITE = {
    "member": {"name": "Sam"},
    "funder": {"name": "Lambeth Fund"},
    "round": {"title": "Brixton Small Grants", "shown_title": "Brixton Small Grants"},
}


def subject_in(language):
    with translation.override(language):
        return "Seedbed: " + gettext("Join the panel for %(title)s") % {
            "title": "Brixton Small Grants"
        }


@pytest.mark.django_db
def test_each_person_gets_the_email_in_the_language_they_chose(mailoutbox):
    User.objects.create_user("cerys@example.com", language="cy")
    User.objects.create_user("bilal@example.com", language="ur")
    User.objects.create_user("ann@example.com")  # chose nothing: the site's language

    with translation.override("ur"):  # whoever caused the email reads Urdu: it does not matter
        notify.email(
            ["Cerys@example.com", "bilal@example.com", "ann@example.com", "new@example.com"],
            "panel_invitation",
            INVITE,
            key="invite:7",
        )

    got = {tuple(m.to): m.subject for m in mailoutbox}
    assert got == {
        ("Cerys@example.com",): subject_in("cy"),
        ("bilal@example.com",): subject_in("ur"),
        ("ann@example.com", "new@example.com"): subject_in("en-gb"),
    }
    assert subject_in("cy") != subject_in("en-gb") != subject_in("ur")
    # Sent once each however often it is queued again.
    notify.email(["cerys@example.com", "ann@example.com"], "panel_invitation", INVITE, key="x")
    notify.email(["cerys@example.com", "ann@example.com"], "panel_invitation", INVITE, key="x")
    assert OutgoingEmail.objects.filter(key__startswith="x:").count() == 2


@pytest.mark.django_db
def test_one_language_one_email_with_its_key_as_given(mailoutbox):
    User.objects.create_user("cerys@example.com", language="cy")
    notify.email("cerys@example.com", "panel_invitation", INVITE, key="invite:8")
    assert OutgoingEmail.objects.get().key == "invite:8"
    assert mailoutbox[0].subject == subject_in("cy")


@pytest.mark.django_db
@pytest.mark.parametrize(("browser", "kept"), [("cy", "cy"), ("ur,en;q=0.5", "ur"), ("en-GB", "")])
def test_signing_in_keeps_the_language_the_browser_reads_in(client, mailoutbox, browser, kept):
    """Someone whose browser reads Welsh, who never touched the language links, signs in: their
    account keeps Welsh, so the emails they get later are in Welsh too (English: nothing kept,
    the site's language)."""
    from tests.conftest import code_from_outbox

    person = User.objects.create_user("gwen@example.com")
    header = {"HTTP_ACCEPT_LANGUAGE": browser}
    client.post("/accounts/login/code/", {"email": person.email}, **header)
    response = client.post(
        "/accounts/login/code/confirm/", {"code": code_from_outbox(person.email)}, **header
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == kept


@pytest.mark.django_db
@pytest.mark.parametrize(("written_in", "heard_in"), [("cy", "cy"), ("ur", "ur"), ("bn", "en-gb")])
def test_people_who_chose_nothing_hear_in_the_applications_language(
    mailoutbox, written_in, heard_in
):
    """A group that applied in Welsh: its contacts with no account (or no choice) get Welsh;
    someone who chose a language still gets theirs. Bengali, which Seedbed does not speak yet:
    English."""
    from types import SimpleNamespace

    User.objects.create_user("bilal@example.com", language="ur")
    context = {**INVITE, "application": SimpleNamespace(language=written_in)}
    notify.email(["contact@example.com", "bilal@example.com"], "panel_invitation", context)
    got = {address: m.subject for m in mailoutbox for address in m.to}
    assert got == {
        "contact@example.com": subject_in(heard_in),
        "bilal@example.com": subject_in("ur"),
    }
