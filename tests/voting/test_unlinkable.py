"""Finding 2: after close no ballot can be linked to its voter, even by someone holding the
database and the server's secret key. The tests play that attacker: they line ballots up with
"has voted" records by every order a database keeps (SQLite rowid, PostgreSQL ctid and xmin,
ids, the default order) and must do no better than chance."""

import hashlib
import hmac

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.voting.helpers import approve, voting_round
from voting.models import Ballot, Vote, VoterParticipation
from voting.services import codes
from voting.services.decision import vote_close_and_count

pytestmark = pytest.mark.django_db

VOTERS = 40
#: A random order gets one match on average; 6 or more is about 1 in 1,400.
CHANCE = 5


def _pattern(i, apps):
    """Voter i's own ballot: a different set of applications for each voter."""
    return sorted(a.reference for bit, a in enumerate(apps) if (i + 1) >> bit & 1)


@pytest.fixture
def cast(funder, officer):
    """A vote with 40 residents, each with a ballot no one else cast. Returns (vote,
    {voter id: contents}, ballot ids and vote secret as they were before close)."""
    rnd, apps, _users, vote = voting_round(funder, 6, members=1)
    made = codes.codes_issue(vote, VOTERS, by=officer)
    truth = {}
    for i, code in enumerate(made):
        voter = codes.voter_for_code(code)
        contents = {"approve": _pattern(i, apps)}
        codes.community_ballot_cast(voter, contents)
        truth[voter.pk] = contents
    vote.refresh_from_db()
    before = {"ids": set(Ballot.objects.values_list("id", flat=True)), "secret": vote.secret}
    return vote, truth, before


def _matches(ballot_order, voter_order, truth):
    """How many voters the attacker names right by pairing the two lists in order."""
    contents = dict(Ballot.objects.values_list("id", "contents"))
    return sum(
        1
        for bid, voter in zip(ballot_order, voter_order, strict=False)
        if contents[bid] == truth[voter]
    )


def _raw(sql):
    """Raw SQL, as an attacker with the database would run it (the tests write every query)."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def _voters_in(order):
    table = VoterParticipation._meta.db_table
    return _raw(f"SELECT voter_id FROM {table} ORDER BY {order}")  # noqa: S608


def _ballots_in(order):
    return _raw(f"SELECT id FROM {Ballot._meta.db_table} ORDER BY {order}")  # noqa: S608


def _close(vote, officer):
    return vote_close_and_count(Vote.objects.get(pk=vote.pk), by=officer)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own row order")
def test_sqlite_row_order_names_no_one_after_close(cast, officer):
    vote, truth, _before = cast
    assert _matches(_ballots_in("rowid"), _voters_in("rowid"), truth) == VOTERS  # the attack
    _close(vote, officer)
    for voter_order in ("rowid", "voted_at", "id", "voter_id"):
        for ballot_order in ("rowid", "id", "receipt_hash"):
            found = _matches(_ballots_in(ballot_order), _voters_in(voter_order), truth)
            assert found <= CHANCE, (ballot_order, voter_order, found)
    assert _matches(Ballot.objects.values_list("id", flat=True), _voters_in("rowid"), truth) <= 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ctid and xmin")
def test_postgres_ctid_and_xmin_name_no_one_after_close(cast, officer):
    vote, truth, _before = cast
    ballots = Ballot._meta.db_table
    participations = VoterParticipation._meta.db_table
    # The attack: each first vote wrote its ballot and its "has voted" record one after the
    # other, so their transaction ids (xmin) come in the same order.
    xmin = "xmin::text::bigint"
    assert _matches(_ballots_in(xmin), _voters_in(xmin), truth) == VOTERS
    _close(vote, officer)
    for voter_order in ("ctid", "voted_at", "id", "voter_id", xmin):
        for ballot_order in ("ctid", "id", "receipt_hash", xmin):
            found = _matches(_ballots_in(ballot_order), _voters_in(voter_order), truth)
            assert found <= CHANCE, (ballot_order, voter_order, found)
    # Every ballot was written by the one closing transaction, which wrote no "has voted".
    ballot_xmins = set(_raw(f"SELECT xmin::text FROM {ballots}"))  # noqa: S608
    assert len(ballot_xmins) == 1
    voter_xmins = set(_raw(f"SELECT xmin::text FROM {participations}"))  # noqa: S608
    assert not ballot_xmins & voter_xmins


def test_the_server_key_and_even_the_old_secret_find_no_ballot(cast, officer):
    vote, truth, before = cast
    _close(vote, officer)
    vote.refresh_from_db()
    assert vote.secret == ""
    now = set(Ballot.objects.filter(vote=vote).values_list("id", flat=True))
    assert len(now) == VOTERS and not now & before["ids"]
    for voter in truth:
        message = f"{vote.pk}:{before['secret']}:{voter}".encode()
        guess = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
        assert guess not in now
    counted = sorted(
        sorted(c["approve"]) for c in Ballot.objects.values_list("contents", flat=True)
    )
    assert counted == sorted(sorted(c["approve"]) for c in truth.values())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite file's bytes")
def test_the_database_file_keeps_no_old_ids_or_secret(cast, officer):
    vote, _truth, before = cast
    _close(vote, officer)
    image = connection.connection.serialize()
    assert before["secret"].encode() not in image
    for old in before["ids"]:
        assert old.encode() not in image


def test_receipts_prove_inclusion_and_sessions_hold_none(funder, officer, client_for):
    rnd, apps, users, vote = voting_round(funder, 3, members=2)
    member = client_for(users[0])
    response = member.post(reverse("vote_ballot", args=[rnd.pk]), {"approve": [apps[1].reference]})
    assert response.status_code == 302
    # The member never opens the receipt page: nothing of it is in their session.
    session = member.session
    assert not [k for k, _v in session.items() if "receipt" in k]
    receipt = member.get(reverse("vote_receipt", args=[rnd.pk]))
    code = receipt.context["code"]
    _close(vote, officer)
    checked = Client().post(reverse("vote_results", args=[rnd.pk]), {"receipt": code})
    assert checked.status_code in (200, 404)
    staff = client_for(officer).post(reverse("vote_results", args=[rnd.pk]), {"receipt": code})
    assert staff.context["receipt_result"] is True


def test_receipts_left_in_sessions_by_older_versions_are_forgotten_at_close(cast, officer):
    vote, _truth, _before = cast
    store = SessionStore()
    store["_auth_user_id"] = str(officer.pk)
    store[f"voting_receipt_{vote.pk}"] = "ACDE-FGHJ-KLMN"
    store["voting_code_receipt"] = {"round": vote.round_id, "code": "ACDE-FGHJ-KLMP"}
    store.create()
    _close(vote, officer)
    kept = SessionStore(session_key=store.session_key).load()
    assert kept == {"_auth_user_id": str(officer.pk)}


@pytest.mark.django_db(transaction=True)
def test_closing_for_real_reclaims_the_space(funder, officer):
    """Outside a test transaction the close commits and the tables are rewritten (VACUUM)."""
    _rnd, apps, users, vote = voting_round(funder, 3, members=2)
    approve(vote, users[0], apps[1])
    before = set(Ballot.objects.values_list("id", flat=True))
    _close(vote, officer)
    assert not before & set(Ballot.objects.values_list("id", flat=True))
    if connection.vendor == "sqlite":
        image = connection.connection.serialize()
        assert not any(old.encode() in image for old in before)
