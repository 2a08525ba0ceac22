"""Races, on PostgreSQL (real row locks): many submissions of one voter's ballot at the same
moment make one ballot; two officers confirming at once award once and stay within budget.

Run with DATABASE_URL=postgres://... ; skipped on SQLite (which runs one writer at a time)."""

import threading

import pytest
from django.db import connection

from awards.models import Award
from core.transitions import TransitionRefused
from grants.models import Application, ApplicationState, User
from tests.voting.helpers import approve, voting_round
from voting.models import Ballot, Vote, Voter, VoterParticipation
from voting.services.ballots import BallotRefused, ballot_cast
from voting.services.decision import decision_confirm, vote_close_and_count

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
    ),
]


def _run_together(n, work):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=10)
            results.append(work(i))
        except Exception as exc:  # noqa: BLE001  (collected and checked by the test)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_parallel_ballots_from_one_voter_make_one_ballot(funder):
    _rnd, apps, users, vote = voting_round(funder, 3, members=2)
    user_pk, vote_pk = users[1].pk, vote.pk
    refs = [a.reference for a in apps]

    def cast(i):
        user = User.objects.get(pk=user_pk)
        return ballot_cast(Vote.objects.get(pk=vote_pk), user, {"approve": [refs[i % 3]]})

    results, errors = _run_together(8, cast)
    assert not errors, errors
    assert len(results) == 8
    assert Ballot.objects.filter(vote_id=vote_pk).count() == 1
    assert Voter.objects.filter(vote_id=vote_pk).count() == 1
    assert VoterParticipation.objects.filter(vote_id=vote_pk).count() == 1


def test_parallel_ballots_from_many_voters_each_count(funder):
    _rnd, apps, users, vote = voting_round(funder, 3, members=6)
    pks, vote_pk, ref = [u.pk for u in users], vote.pk, apps[1].reference

    def cast(i):
        user = User.objects.get(pk=pks[i % len(pks)])
        return ballot_cast(Vote.objects.get(pk=vote_pk), user, {"approve": [ref]})

    _results, errors = _run_together(12, cast)
    assert not errors, errors
    assert Ballot.objects.filter(vote_id=vote_pk).count() == 6


def test_a_ballot_racing_the_close_is_either_counted_or_refused(funder, officer):
    _rnd, apps, users, vote = voting_round(funder, 3, members=2)
    vote_pk, user_pk, officer_pk, ref = vote.pk, users[1].pk, officer.pk, apps[1].reference

    def work(i):
        if i == 0:
            return vote_close_and_count(
                Vote.objects.get(pk=vote_pk), by=User.objects.get(pk=officer_pk)
            )
        try:
            return ballot_cast(
                Vote.objects.get(pk=vote_pk), User.objects.get(pk=user_pk), {"approve": [ref]}
            )
        except BallotRefused:
            return "refused"

    results, errors = _run_together(2, work)
    assert not errors, errors
    vote = Vote.objects.get(pk=vote_pk)
    ballots = Ballot.objects.filter(vote=vote).count()
    assert vote.outcome["ballots"] == ballots  # a ballot that got in was counted


def test_two_officers_confirming_at_once_award_once(funder, officer):
    from grants.models import Role
    from tests.conftest import give_second_factor, make_user

    second = give_second_factor(make_user("second.officer@example.com", "Sid"))
    Role.objects.create(user=second, kind=Role.Kind.OFFICER, funder=funder)
    rnd, apps, users, vote = voting_round(funder, 3, members=3)
    for user in users:
        approve(vote, user, apps[1], apps[2])
    vote = vote_close_and_count(vote, by=officer)
    vote_pk, officer_pks = vote.pk, [officer.pk, second.pk]

    def decide(i):
        try:
            return decision_confirm(
                Vote.objects.get(pk=vote_pk), by=User.objects.get(pk=officer_pks[i])
            )
        except TransitionRefused as refused:
            return refused

    results, errors = _run_together(2, decide)
    assert not errors, errors
    assert sum(isinstance(r, TransitionRefused) for r in results) == 1
    awards = Award.objects.filter(round=rnd)
    assert awards.count() == len(vote.outcome["selected"])
    assert sum(a.amount for a in awards) <= rnd.budget
    assert Application.objects.filter(round=rnd, state=ApplicationState.AWARDED).count() == len(
        vote.outcome["selected"]
    )
