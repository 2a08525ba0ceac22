"""The results and outcome pages use the same number of queries for 10 or 50 applications."""

import pytest
from django.urls import reverse

from tests.support.pages import count_queries
from tests.voting.helpers import approve, voting_round
from voting.services.decision import decision_confirm, decision_publish, vote_close_and_count

pytestmark = pytest.mark.django_db


def _counted_round(funder, officer, n):
    rnd, apps, users, vote = voting_round(funder, n, budget=5000)
    for user in users:
        approve(vote, user, *apps[: n // 2])
    vote = vote_close_and_count(vote, by=officer)
    return rnd, users, vote


def _queries(client, url):
    client.get(url)  # warm up (session, caches)
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_results_page_queries_do_not_grow(funder, officer, client_for):
    small_round, small_users, _ = _counted_round(funder, officer, 10)
    big_round, big_users, _ = _counted_round(funder, officer, 50)
    small = _queries(client_for(small_users[0]), reverse("vote_results", args=[small_round.pk]))
    big = _queries(client_for(big_users[0]), reverse("vote_results", args=[big_round.pk]))
    assert small == big
    assert small <= 15


def test_public_results_page_queries_do_not_grow(funder, officer, client):
    counts = []
    for n in (10, 50):
        rnd, _users, vote = _counted_round(funder, officer, n)
        vote = decision_confirm(vote, by=officer).vote
        decision_publish(vote, by=officer)
        counts.append(_queries(client, reverse("vote_results", args=[rnd.pk])))
    assert counts[0] == counts[1]


def test_officer_outcome_page_queries_do_not_grow(funder, officer, client_for):
    counts = []
    for n in (10, 50):
        rnd, _users, _vote = _counted_round(funder, officer, n)
        counts.append(_queries(client_for(officer), reverse("staff_vote_outcome", args=[rnd.pk])))
    assert counts[0] == counts[1]


def test_ballot_page_queries_do_not_grow(funder, client_for):
    counts = []
    for n in (10, 50):
        rnd, _apps, users, _vote = voting_round(funder, n)
        counts.append(_queries(client_for(users[1]), reverse("vote_ballot", args=[rnd.pk])))
    assert counts[0] == counts[1]
