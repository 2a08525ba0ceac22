"""Nobody, officers and admins included, sees what was voted or any totals before the vote
closes: no page, export, admin list or results page."""

import re

import pytest
from django.urls import reverse

from tests.voting.helpers import approve
from voting.services.ballots import BallotRefused, ballot_rows
from voting.services.pabulib import pb_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(approval_vote):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[2])
    approve(vote, users[2], apps[2])
    return rnd, apps, users, vote


def _no_totals(html, apps, *, turnout_shown=False):
    """The page names no application voted for and shows no count of votes for one (the admin
    may say how many ballots there are: that is the turnout, not a total)."""
    for app in apps[2:]:
        assert app.reference not in html
        assert app.title not in html
    if not turnout_shown:
        assert not re.search(r"\b2 (people|votes?|ballots?)\b", html)


def test_officer_vote_page_shows_turnout_only(voted, client_for, officer):
    rnd, apps, _users, _vote = voted
    response = client_for(officer).get(reverse("staff_vote", args=[rnd.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 of 3 panel members" in html
    _no_totals(html, apps)


def test_officer_outcome_page_waits_for_the_close(voted, client_for, officer):
    rnd = voted[0]
    response = client_for(officer).get(reverse("staff_vote_outcome", args=[rnd.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_vote", args=[rnd.pk])


@pytest.mark.parametrize("who", ["officer", "funder_viewer", "member", "applicant", "anonymous"])
def test_results_page_shows_nothing_before_close(voted, client_for, client, who, request):
    rnd, apps, users, _vote = voted
    if who == "anonymous":
        c = client
    elif who == "member":
        c = client_for(users[1])
    else:
        c = client_for(request.getfixturevalue(who))
    response = c.get(reverse("vote_results", args=[rnd.pk]))
    html = response.content.decode()
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "No results yet" in html
    _no_totals(html, apps)


@pytest.mark.parametrize("name", ["staff_vote_export", "vote_export_public"])
def test_pabulib_export_is_refused_before_close(voted, client_for, officer, admin_user, name):
    rnd, apps, _users, vote = voted
    for person in (officer, admin_user):
        response = client_for(person).get(reverse(name, args=[rnd.pk]))
        assert response.status_code in (302, 403, 404)
        _no_totals(response.content.decode(), apps)
    with pytest.raises(BallotRefused):
        pb_export(vote)
    with pytest.raises(BallotRefused):
        ballot_rows(vote)


def test_admin_has_no_ballots_and_no_totals(voted, client_for, admin_user):
    rnd, apps, _users, vote = voted
    client = client_for(admin_user)
    assert client.get("/admin/voting/ballot/").status_code == 404
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/voting/ballot/" not in index
    vote_page = client.get(reverse("admin:voting_vote_change", args=[vote.pk]))
    assert "Shown once the vote has closed." in vote_page.content.decode()
    _no_totals(vote_page.content.decode(), apps)


def test_officer_round_page_shows_no_totals(voted, client_for, officer):
    rnd, apps, _users, _vote = voted
    html = client_for(officer).get(reverse("staff_round", args=[rnd.pk])).content.decode()
    assert reverse("staff_vote", args=[rnd.pk]) in html
    _no_totals(html, apps)
