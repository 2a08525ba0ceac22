"""Fuzzing the vote's forms: ballots (approval and dots), receipts, closing, left-over money,
confirming the decision, re-counting a Pabulib file, and codes for residents (making them, and
typing one)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.hardening.fuzz_support import (
    FUZZ_SETTINGS,
    Case,
    FileSpec,
    covers,
    fuzz,
    rows,
    small_upload_limits,
)
from tests.voting.helpers import approve, voting_round
from voting.models import Vote
from voting.services import codes, decision

pytestmark = pytest.mark.django_db


def vote_picture():
    from voting import models

    pictures = [rows(Vote.objects.all(), "pk", "state", "outcome")]
    for name in ("Ballot", "BallotRecord", "Voter", "ExtraAllocation"):
        model = getattr(models, name, None)
        if model is not None:
            pictures.append(rows(model.objects.all(), *[f.attname for f in model._meta.fields]))
    return pictures


@pytest.fixture
def approval(funder):
    return voting_round(funder, 3, members=3, conflicts={0: [0]})


@pytest.fixture
def dots(funder):
    return voting_round(funder, 3, members=3, voting_method="dots", dots_per_voter=5)


@pytest.fixture
def counted(approval, officer):
    rnd, apps, users, vote = approval
    approve(vote, users[1], apps[0])
    approve(vote, users[2], apps[1], apps[2])
    decision.vote_close_and_count(vote, by=officer)
    return approval


@covers("voting.forms.ApprovalBallotForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_approval_ballot(client_for, approval, data):
    rnd, apps, users, vote = approval
    approve(vote, users[1], apps[1])  # a ballot already cast, which a bad post must keep
    case = Case(
        form="voting.forms.ApprovalBallotForm",
        client=client_for(users[1]),
        url=reverse("vote_ballot", args=[rnd.pk]),
        fields={"approve": "multi"},
        base={"approve": [apps[2].reference]},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.DotsBallotForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_dots_ballot(client_for, dots, data):
    rnd, apps, users, vote = dots
    fields = {f"dots_{a.reference}": "number" for a in apps}
    fields["dots_SB-NOTREAL"] = "number"
    case = Case(
        form="voting.forms.DotsBallotForm",
        client=client_for(users[0]),
        url=reverse("vote_ballot", args=[rnd.pk]),
        fields=fields,
        base={f"dots_{apps[0].reference}": "2", f"dots_{apps[1].reference}": "3"},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.ReceiptForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_receipt(client_for, officer, counted, data):
    rnd, _apps, _users, _vote = counted
    case = Case(
        form="voting.forms.ReceiptForm",
        client=client_for(officer),
        url=reverse("vote_results", args=[rnd.pk]),
        fields={"receipt": "text"},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.CloseVoteForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_close_vote(client_for, officer, approval, data):
    rnd, _apps, _users, _vote = approval
    case = Case(
        form="voting.forms.CloseVoteForm",
        client=client_for(officer),
        url=reverse("staff_vote_close", args=[rnd.pk]),
        fields={"sure": "bool", "reason": "text"},
        base={"sure": "on"},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.ExtraForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_extra_money(client_for, officer, counted, data):
    from voting.services.decision import allocation

    rnd, _apps, _users, vote = counted
    vote = type(vote).objects.get(pk=vote.pk)  # counted since
    unfunded = next(line.application for line in allocation(vote) if not line.awarded)
    case = Case(
        form="voting.forms.ExtraForm",
        client=client_for(officer),
        url=reverse("staff_vote_extra", args=[rnd.pk]),
        fields={"application": "choice", "amount": "money", "reason": "text"},
        base={"application": str(unfunded.pk), "amount": "100", "reason": "Money left over."},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.ConfirmForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_confirm(client_for, officer, counted, data):
    rnd, _apps, _users, _vote = counted
    case = Case(
        form="voting.forms.ConfirmForm",
        client=client_for(officer),
        url=reverse("staff_vote_confirm", args=[rnd.pk]),
        fields={"sure": "bool"},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.RecountForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_recount(client_for, officer, counted, data, monkeypatch):
    small_upload_limits(monkeypatch)
    rnd, _apps, _users, _vote = counted
    case = Case(
        form="voting.forms.RecountForm",
        client=client_for(officer),
        url=reverse("staff_vote_recount", args=[rnd.pk]),
        fields={"file": "file", "rule": "choice"},
        base={"rule": "greedy", "file": FileSpec("votes.pb", "pabulib_ok")},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.IssueCodesForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_issue_codes(client_for, officer, approval, data):
    rnd, _apps, _users, vote = approval
    codes.codes_issue(vote, 2, label="Made earlier", by=officer)  # which a bad post must keep
    case = Case(
        form="voting.forms.IssueCodesForm",
        client=client_for(officer),
        url=reverse("staff_vote_codes", args=[rnd.pk]),
        fields={"how_many": "number", "label": "text"},
        base={"how_many": "3", "label": "Library drop-in"},
        snapshot=vote_picture,
    )
    fuzz(case, data)


@covers("voting.forms.CodeForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_vote_code(client, officer, approval, data):
    _rnd, _apps, _users, vote = approval
    issued = codes.codes_issue(vote, 2, by=officer)
    case = Case(
        form="voting.forms.CodeForm",
        client=client,
        url=reverse("vote_code"),
        fields={"code": "text"},
        base={"code": issued[0]},  # a real code: the accepted example
        snapshot=vote_picture,
        before_each=cache.clear,  # wrong codes are counted in the cache
    )
    fuzz(case, data)


@covers("voting.forms.ApprovalBallotForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_resident_ballot(client, officer, approval, data):
    rnd, apps, _users, vote = approval
    code = codes.codes_issue(vote, 1, by=officer)[0]
    cache.clear()
    assert client.post(reverse("vote_code"), {"code": code}).status_code == 302
    case = Case(
        form="voting.forms.ApprovalBallotForm",
        client=client,
        url=reverse("vote_code_ballot"),
        fields={"approve": "multi"},
        base={"approve": [apps[0].reference]},
        snapshot=vote_picture,
    )
    fuzz(case, data)
