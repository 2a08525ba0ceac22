"""Every panel form with missing, too long, wrong type and hostile values: each gets a plain
message beside the field and keeps what was typed."""

import pytest
from django.urls import reverse

from panels.forms import (
    AcceptForm,
    DeclarationForm,
    InviteForm,
    NoteForm,
    PaymentForm,
    ScoreForm,
    StepDownForm,
    WaiveForm,
)
from panels.models import MemberPayment, PanelMember
from tests.panels.helpers import active_member

pytestmark = pytest.mark.django_db

HOSTILE = ["<script>alert(1)</script>", "'; DROP TABLE panels_panel; --", "{{ 7*7 }}"]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": "", "email": "a@example.com"}, "name", "Enter their name"),
        ({"name": "A", "email": ""}, "email", "Enter their email address"),
        ({"name": "x" * 151, "email": "a@example.com"}, "name", "150 characters or fewer"),
        ({"name": "A", "email": "a" * 250 + "@example.com"}, "email", "254 characters or fewer"),
        ({"name": "A", "email": "not an email"}, "email", "Enter an email address like"),
        ({"name": "A\x00B", "email": "a@example.com"}, "name", "hidden control characters"),
        ({"name": "A", "email": "<script>@x"}, "email", "Enter an email address like"),
    ],
)
def test_invite_form(data, field, message):
    form = InviteForm(data)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_invite_form_accepts_hostile_looking_names_as_plain_text():
    for name in HOSTILE:
        form = InviteForm({"name": name, "email": "A@Example.com"})
        assert form.is_valid()
        assert form.cleaned_data["name"] == name
        assert form.cleaned_data["email"] == "a@example.com"


def test_invite_page_keeps_what_was_typed(client_for, officer, open_round):
    response = client_for(officer).post(
        reverse("staff_panel_invite", args=[open_round.pk]),
        {"name": "<b>Kofi</b>", "email": "kofi@"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter an email address like name@example.com" in html
    assert 'value="kofi@"' in html and "&lt;b&gt;Kofi&lt;/b&gt;" in html
    assert "<b>Kofi</b>" not in html
    assert not PanelMember.objects.exists()


@pytest.mark.parametrize(
    "data, missing",
    [
        ({}, {"read_guide", "agree_conduct"}),
        ({"read_guide": "on"}, {"agree_conduct"}),
        ({"agree_conduct": "on", "read_guide": ""}, {"read_guide"}),
    ],
)
def test_accept_form(data, missing):
    form = AcceptForm(data)
    assert not form.is_valid()
    assert set(form.errors) == missing


def test_accept_form_takes_odd_values_as_ticked_or_not():
    assert AcceptForm({"read_guide": "<script>", "agree_conduct": "1"}).is_valid()
    assert not AcceptForm({"read_guide": "false", "agree_conduct": "0"}).is_valid()


@pytest.mark.parametrize("form_class", [StepDownForm, WaiveForm])
@pytest.mark.parametrize(
    "reason, ok, message",
    [
        ("", False, "Say why"),
        ("   ", False, "Say why"),
        ("x" * 1001, False, "1,000 characters or fewer"),
        ("bad\x07bell", False, "hidden control characters"),
        (HOSTILE[0], True, None),
        ("Moving away", True, None),
    ],
)
def test_reason_forms(form_class, reason, ok, message):
    form = form_class({"reason": reason})
    assert form.is_valid() is ok
    if message:
        assert message in " ".join(form.errors["reason"])


@pytest.mark.parametrize(
    "text, ok",
    [("", True), ("x" * 2000, True), ("x" * 2001, False), ("\x00", False), (HOSTILE[1], True)],
)
def test_note_form(text, ok):
    assert NoteForm({"text": text}).is_valid() is ok


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"kind": ""}, "kind", "Choose how it is paid"),
        ({"kind": "bitcoin"}, "kind", "Choose how it is paid"),
        ({"what_for": ""}, "what_for", "Say what it is for"),
        ({"what_for": "x" * 151}, "what_for", "150 characters or fewer"),
        ({"amount": ""}, "amount", "Enter the amount"),
        ({"amount": "ten pounds"}, "amount", "Enter the amount as a number"),
        ({"amount": "0"}, "amount", "more than £0"),
        ({"amount": "-5"}, "amount", "more than £0"),
        ({"amount": "100000"}, "amount", "less than £100,000"),
        ({"amount": "1.234"}, "amount", "2 numbers after the point"),
        ({"amount": "NaN"}, "amount", "Enter the amount as a number"),
        ({"paid_on": "31/02/2027"}, "paid_on", "Enter the date like"),
        ({"paid_on": "yesterday"}, "paid_on", "Enter the date like"),
        ({"paid_on": HOSTILE[0]}, "paid_on", "Enter the date like"),
    ],
)
def test_payment_form(changes, field, message):
    data = {"kind": "voucher", "what_for": "Reading day", "amount": "25", "paid_on": ""}
    data.update(changes)
    form = PaymentForm(data)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_payment_page_keeps_what_was_typed(client_for, officer, open_round):
    member = active_member(open_round, "kofi@example.com", "Kofi")
    url = reverse("staff_panel_payment_new", args=[open_round.pk, member.pk])
    response = client_for(officer).post(
        url, {"kind": "cash", "what_for": "Meeting <b>day</b>", "amount": "abc", "paid_on": "x"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="abc"' in html and "Meeting &lt;b&gt;day&lt;/b&gt;" in html
    assert not MemberPayment.objects.exists()


def test_declaration_form(scoring, member):
    rnd, apps = scoring
    apps = list(type(apps[0]).objects.filter(pk__in=[a.pk for a in apps]).select_related("group"))
    a, b, c = apps
    data = {
        f"link_{a.pk}": "other",  # other, with no words: error
        f"details_{a.pk}": "",
        f"link_{b.pk}": "cousin",  # not a choice
        f"link_{c.pk}": "none",
        f"details_{c.pk}": "x" * 201,  # too long
    }
    form = DeclarationForm(data, applications=apps)
    assert not form.is_valid()
    assert "Say what the link is" in " ".join(form.errors[f"details_{a.pk}"])
    assert f"link_{b.pk}" in form.errors
    assert "200 characters or fewer" in " ".join(form.errors[f"details_{c.pk}"])
    assert form.answers() == {}
    data = {f"link_{a.pk}": "other", f"details_{a.pk}": HOSTILE[0], f"link_{c.pk}": "none"}
    form = DeclarationForm(data, applications=apps)
    assert not form.is_valid()  # b is missing
    assert f"Say if you have a link to {b.group.name}" in form.errors[f"link_{b.pk}"]
    assert form.answers() == {a: ("other", HOSTILE[0]), c: ("none", "")}


def test_score_form(scoring):
    rnd, _apps = scoring
    criteria = list(rnd.criteria.all())
    first = f"criterion_{criteria[0].pk}"
    for bad in ["0", "5", "x", "1.0", "<b>", "-1"]:
        form = ScoreForm({first: bad}, criteria=criteria, score_max=4)
        assert not form.is_valid()
        assert form.errors[first] == ["Choose a score from 1 to 4"]
    form = ScoreForm({first: "4", "comment": "ok"}, criteria=criteria, score_max=4)
    assert form.is_valid()
    assert form.values()[criteria[0].pk] == 4
    assert form.values()[criteria[1].pk] is None
    assert not ScoreForm({"comment": "x" * 2001}, criteria=criteria, score_max=4).is_valid()
