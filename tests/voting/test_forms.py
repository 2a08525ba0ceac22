"""Every voting form with missing, too long, wrong type and hostile values: a clear message next
to the field, what was typed kept, nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.forms import CONTROL_MESSAGE
from tests.voting.helpers import approve
from voting.forms import (
    ApprovalBallotForm,
    CloseVoteForm,
    ConfirmForm,
    DotsBallotForm,
    ExtraForm,
    ReceiptForm,
    RecountForm,
)
from voting.models import Ballot, ExtraAllocation
from voting.services.decision import vote_close_and_count

pytestmark = pytest.mark.django_db

HOSTILE = ["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "../../etc/passwd", "🙂" * 50]


# -- approval ballot ---------------------------------------------------------------------------
def _approval(vote, options, data):
    return ApprovalBallotForm(data, vote=vote, options=options)


def test_approval_missing(approval_vote):
    _rnd, apps, _users, vote = approval_vote
    form = _approval(vote, apps, {})
    assert not form.is_valid()
    assert form.errors["approve"] == ["Choose at least one application"]


@pytest.mark.parametrize("value", ["x" * 5000, "SB-NOTREAL", *HOSTILE])
def test_approval_unknown_or_hostile_values(approval_vote, value):
    _rnd, apps, _users, vote = approval_vote
    form = _approval(vote, apps, {"approve": [value]})
    assert not form.is_valid()
    assert "Choose from the list" in form.errors["approve"][0]


def test_approval_same_choice_twice_counts_once_or_is_refused(approval_vote):
    _rnd, apps, _users, vote = approval_vote
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("approve", [apps[1].reference, apps[1].reference])
    form = _approval(vote, apps, data)
    assert not form.is_valid() or form.contents()["approve"] == [apps[1].reference]


def test_approval_page_keeps_what_was_ticked(funder, client_for):
    from tests.voting.helpers import voting_round

    rnd, apps, users, vote = voting_round(funder, 3, picks_must_fit_budget=True, budget=1000)
    response = client_for(users[1]).post(
        reverse("vote_ballot", args=[rnd.pk]), {"approve": [apps[0].reference, apps[1].reference]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "there is only £1,000" in html
    assert html.count("checked") == 2
    assert 'aria-describedby="approve-hint id_approve-error"' in html
    assert not Ballot.objects.exists()


# -- dots ballot -------------------------------------------------------------------------------
def _dots(vote, options, data):
    return DotsBallotForm(data, vote=vote, options=options)


def test_dots_missing(dots_vote):
    _rnd, apps, _users, vote = dots_vote
    form = _dots(vote, apps, {})
    assert not form.is_valid()
    assert form.non_field_errors() == ["Give at least one dot."]


@pytest.mark.parametrize(
    "value, message",
    [
        ("two", "Enter a whole number of dots, like 2"),
        ("1.5", "Enter a whole number of dots, like 2"),
        ("-1", "Dots cannot be less than 0"),
        ("6", "You have 5 dots in all, so give 5 or fewer"),
        ("9" * 5000, None),
        ("<script>", "Enter a whole number of dots, like 2"),
        ("\x00", None),
    ],
)
def test_dots_wrong_values(dots_vote, value, message):
    _rnd, apps, _users, vote = dots_vote
    form = _dots(vote, apps, {f"dots_{apps[0].reference}": value})
    assert not form.is_valid()
    errors = form.errors.get(f"dots_{apps[0].reference}") or form.non_field_errors()
    assert errors
    if message:
        assert message in errors


def test_dots_total_over_the_limit(dots_vote):
    _rnd, apps, _users, vote = dots_vote
    form = _dots(vote, apps, {f"dots_{apps[0].reference}": "3", f"dots_{apps[1].reference}": "3"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["You have 5 dots. You gave 6. Take some away."]


def test_dots_for_an_application_not_on_the_ballot(dots_vote):
    _rnd, apps, _users, vote = dots_vote
    form = _dots(
        vote, apps[1:], {f"dots_{apps[0].reference}": "1", f"dots_{apps[1].reference}": "1"}
    )
    assert not form.is_valid()
    assert "cannot give dots" in form.non_field_errors()[0]


def test_dots_page_keeps_what_was_typed(dots_vote, client_for):
    rnd, apps, users, _vote = dots_vote
    response = client_for(users[1]).post(
        reverse("vote_ballot", args=[rnd.pk]),
        {f"dots_{apps[0].reference}": "4", f"dots_{apps[1].reference}": "lots"},
    )
    html = response.content.decode()
    assert 'value="4"' in html and 'value="lots"' in html
    assert "Enter a whole number of dots, like 2" in html
    assert not Ballot.objects.exists()


# -- receipt -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Enter your receipt code"),
        ("A" * 21, "A receipt code is 12 letters and numbers, like ABCD-EFGH-JKLM"),
        ("1234", "A receipt code is 12 letters and numbers, like ABCD-EFGH-JKLM"),
        ("<script>x</script>", None),
        ("ABCD-EFGH-JKL\x00", None),
        ("BBBB-BBBB-BBBO", "A receipt code is 12 letters and numbers, like ABCD-EFGH-JKLM"),
    ],
)
def test_receipt_form(value, message):
    form = ReceiptForm({"receipt": value})
    assert not form.is_valid()
    if message:
        assert form.errors["receipt"] == [message]


def test_receipt_check_page_keeps_what_was_typed(approval_vote, officer, client_for):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[1])
    vote_close_and_count(vote, by=officer)
    response = client_for(users[1]).post(reverse("vote_results", args=[rnd.pk]), {"receipt": "12"})
    html = response.content.decode()
    assert 'value="12"' in html and "There is a problem" in html


# -- officer forms -----------------------------------------------------------------------------
def test_close_form():
    assert CloseVoteForm({}).errors["sure"] == ["Tick the box to close the vote"]
    long = CloseVoteForm({"sure": "on", "reason": "x" * 501})
    assert long.errors["reason"] == ["Keep it to 500 characters or fewer"]
    hidden = CloseVoteForm({"sure": "on", "reason": "bad\x07"})
    assert hidden.errors["reason"] == [CONTROL_MESSAGE]
    assert CloseVoteForm({"sure": "on", "reason": "<b>fine</b>"}).is_valid()


def test_confirm_form():
    assert ConfirmForm({}).errors["sure"] == ["Tick the box to confirm the decision"]
    assert ConfirmForm({"sure": "on"}).is_valid()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "application", "Choose an application"),
        ({}, "amount", "Enter how much to give, in whole pounds"),
        ({}, "reason", "Say why, in a few words"),
        ({"application": "99999"}, "application", "Choose an application from the list"),
        ({"application": "<script>"}, "application", "Choose an application from the list"),
        ({"amount": "ten"}, "amount", "Enter a whole number of pounds, like 250"),
        ({"amount": "12.5"}, "amount", "Enter a whole number of pounds, like 250"),
        ({"amount": "0"}, "amount", "Give £1 or more"),
        ({"amount": "-5"}, "amount", "Give £1 or more"),
        ({"amount": "9" * 30}, "amount", "That is more than the whole budget"),
        ({"reason": "x" * 1001}, "reason", "Keep it to 1,000 characters or fewer"),
        ({"reason": "why\x1b"}, "reason", CONTROL_MESSAGE),
    ],
)
def test_extra_form(approval_vote, data, field, message):
    _rnd, apps, _users, _vote = approval_vote
    form = ExtraForm(data, applications=apps)
    assert not form.is_valid()
    assert message in form.errors[field]


def test_extra_page_keeps_what_was_typed_and_refuses_too_much(approval_vote, officer, client_for):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[1])
    vote_close_and_count(vote, by=officer)
    target = apps[2]
    response = client_for(officer).post(
        reverse("staff_vote_extra", args=[rnd.pk]),
        {"application": str(target.pk), "amount": "5000", "reason": "<b>kept</b>"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Only £900 is left" in html
    assert "&lt;b&gt;kept&lt;/b&gt;" in html and 'value="5000"' in html
    assert not ExtraAllocation.objects.exists()


# -- recount upload ----------------------------------------------------------------------------
PB = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;60\n2;50\nVOTES\nvoter_id;vote\n1;1\n2;1,2\n"


def _recount(name, content, rule="greedy"):
    upload = SimpleUploadedFile(name, content)
    return RecountForm({"rule": rule}, {"file": upload})


def test_recount_form_values():
    assert RecountForm({}, {}).errors["file"] == ["Choose a .pb file"]
    assert RecountForm({}, {}).errors["rule"] == ["Choose how to share out the money"]
    assert _recount("votes.csv", PB.encode()).errors["file"] == ["The file must end in .pb"]
    assert _recount("v.pb", PB.encode(), rule="<script>").errors["rule"] == [
        "Choose one of the ways listed"
    ]
    assert _recount("v.pb", b"").errors["file"] == ["The file is empty"]
    assert _recount("v.pb", PB.encode()).is_valid()


@pytest.mark.parametrize(
    "content", [b"not a pabulib file", b"\xff\xfe\x00garbage", b"META\nkey;value\nbudget;lots\n"]
)
def test_recount_page_refuses_bad_files(approval_vote, officer, client_for, content):
    rnd = approval_vote[0]
    response = client_for(officer).post(
        reverse("staff_vote_recount", args=[rnd.pk]),
        {"rule": "greedy", "file": SimpleUploadedFile("bad.pb", content)},
    )
    assert response.status_code == 400
    assert "This file could not be read" in response.content.decode()


def test_recount_page_counts_a_file(approval_vote, officer, client_for):
    rnd = approval_vote[0]
    response = client_for(officer).post(
        reverse("staff_vote_recount", args=[rnd.pk]),
        {"rule": "greedy", "file": SimpleUploadedFile("good.pb", PB.encode())},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The result" in html and "Funded" in html
