"""Casting, changing and checking secret ballots; who may vote on what."""

import pytest
from django.urls import reverse

from grants.models import RoundState
from panels.models import Declaration
from tests.conftest import make_user
from tests.panels.helpers import active_member
from tests.voting.helpers import approve, dots, voting_round
from voting.models import Ballot, Voter, VoterParticipation, VoteState
from voting.services.ballots import (
    BallotRefused,
    ballot_options,
    current_ballot,
    receipt_check,
    receipt_hash,
    turnout,
    vote_for,
)
from voting.services.decision import vote_close_and_count

pytestmark = pytest.mark.django_db


def test_the_vote_opens_with_the_rounds_settings(approval_vote):
    rnd, _apps, _users, vote = approval_vote
    assert vote.state == VoteState.OPEN
    assert (vote.method, vote.rule, vote.budget) == ("approval", rnd.allocation_rule, 1500)
    assert vote.secret


def test_no_vote_before_the_round_votes(funder):
    from tests.conftest import make_round

    rnd = make_round(funder, state=RoundState.SCORING)
    assert vote_for(rnd) is None


def test_starting_the_vote_opens_it_and_tells_the_panel(
    funder, officer, outbox, django_capture_on_commit_callbacks
):
    from core.transitions import perform
    from tests.panels.helpers import scoring_round

    rnd, apps = scoring_round(funder, 2)
    member = active_member(rnd, "kai@example.com", "Kai")
    for app in apps:
        Declaration.objects.create(member=member, application=app, link="none")
    from panels.services import minimum_scores_waive

    minimum_scores_waive(rnd, by=officer, reason="Testing")
    with django_capture_on_commit_callbacks(execute=True):
        perform(rnd, "start_voting", by=officer)
    rnd.refresh_from_db()
    assert rnd.state == RoundState.VOTING
    vote = vote_for(rnd, create=False)
    assert vote is not None and vote.state == VoteState.OPEN
    assert any("kai@example.com" in m.to and "vote is open" in m.subject for m in outbox)


def test_cast_and_change_keeps_one_ballot_and_gives_a_new_receipt(approval_vote):
    _rnd, apps, users, vote = approval_vote
    first = approve(vote, users[1], apps[0])
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert receipt_check(vote, first)
    second = approve(vote, users[1], apps[1], apps[2])
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert VoterParticipation.objects.filter(vote=vote).count() == 1
    assert first != second
    assert not receipt_check(vote, first)
    assert receipt_check(vote, second)
    assert current_ballot(users[1], vote).contents == {
        "approve": sorted([apps[1].reference, apps[2].reference])
    }


def test_ballots_hold_nothing_that_names_the_voter(approval_vote):
    _rnd, apps, users, vote = approval_vote
    code = approve(vote, users[1], apps[1])
    ballot = Ballot.objects.get(vote=vote)
    names = {f.name for f in Ballot._meta.get_fields()}
    assert names == {"id", "vote", "receipt_hash", "contents"}
    assert str(users[1].pk) not in ballot.contents.__repr__()
    assert ballot.receipt_hash == receipt_hash(code) and code not in ballot.receipt_hash


def test_closing_forgets_the_link_between_voters_and_ballots(approval_vote, officer):
    _rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[1])
    vote = vote_close_and_count(vote, by=officer)
    assert vote.secret == ""
    assert current_ballot(users[1], vote) is None
    with pytest.raises(BallotRefused):
        approve(vote, users[1], apps[2])


def test_a_conflicted_member_does_not_see_that_application(approval_vote):
    _rnd, apps, users, vote = approval_vote
    refs = [a.reference for a in ballot_options(users[0], vote)]
    assert apps[0].reference not in refs
    assert len(refs) == 2


def test_a_conflicted_member_cannot_vote_for_it_through_the_service(approval_vote):
    _rnd, apps, users, vote = approval_vote
    with pytest.raises(BallotRefused, match="cannot vote for one of those"):
        approve(vote, users[0], apps[0])
    with pytest.raises(BallotRefused):
        dots_like = {"approve": [apps[0].reference, apps[1].reference]}
        from voting.services.ballots import ballot_cast

        ballot_cast(vote, users[0], dots_like)
    assert not Ballot.objects.filter(vote=vote).exists()


def test_a_conflicted_member_posting_that_application_is_refused(approval_vote, client_for):
    rnd, apps, users, vote = approval_vote
    client = client_for(users[0])
    url = reverse("vote_ballot", args=[rnd.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert apps[0].reference not in page.content.decode()
    response = client.post(url, {"approve": [apps[0].reference, apps[1].reference]})
    assert response.status_code == 200
    assert "You cannot vote for one of those applications" in response.content.decode()
    assert not Ballot.objects.filter(vote=vote).exists()


def test_a_conflicted_member_cannot_give_dots_to_it(funder, client_for):
    rnd, apps, users, vote = voting_round(
        funder, 3, voting_method="dots", dots_per_voter=5, conflicts={0: [0]}
    )
    with pytest.raises(BallotRefused):
        dots(vote, users[0], **{apps[0].reference: 1})
    response = client_for(users[0]).post(
        reverse("vote_ballot", args=[rnd.pk]),
        {f"dots_{apps[0].reference}": "3", f"dots_{apps[1].reference}": "1"},
    )
    assert response.status_code == 200
    assert "cannot give dots to one of those" in response.content.decode()
    assert not Ballot.objects.filter(vote=vote).exists()


def test_a_member_who_has_not_declared_gets_no_ballot(approval_vote, client_for):
    rnd, apps, _users, vote = approval_vote
    member = active_member(rnd, "late@example.com", "Late")
    Declaration.objects.create(member=member, application=apps[0], link="none")
    assert ballot_options(member.user, vote) == []
    response = client_for(member.user).get(reverse("vote_ballot", args=[rnd.pk]))
    assert "Tell us about links first" in response.content.decode()
    with pytest.raises(BallotRefused):
        approve(vote, member.user, apps[0])


def test_people_not_on_the_panel_cannot_vote(approval_vote, client_for, officer, applicant):
    rnd, apps, _users, vote = approval_vote
    for person in (officer, applicant, make_user("someone@example.com")):
        assert client_for(person).get(reverse("vote_ballot", args=[rnd.pk])).status_code == 404
        with pytest.raises(BallotRefused):
            approve(vote, person, apps[1])


def test_signed_out_people_are_sent_to_sign_in(approval_vote, client):
    rnd = approval_vote[0]
    response = client.get(reverse("vote_ballot", args=[rnd.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_picks_must_fit_the_budget_when_the_round_says_so(funder):
    _rnd, apps, users, vote = voting_round(funder, 3, picks_must_fit_budget=True, budget=1000)
    with pytest.raises(BallotRefused, match="add up to £1,100, but there is only £1,000"):
        approve(vote, users[1], apps[0], apps[1])
    approve(vote, users[1], apps[0])


def test_picks_may_go_over_the_budget_otherwise(funder):
    _rnd, apps, users, vote = voting_round(funder, 3, budget=1000)
    approve(vote, users[1], apps[0], apps[1], apps[2])


def test_dots_cannot_go_over_the_number_each_voter_has(dots_vote):
    _rnd, apps, users, vote = dots_vote
    with pytest.raises(BallotRefused, match="You have 5 dots. You gave 6"):
        dots(vote, users[1], **{apps[0].reference: 3, apps[1].reference: 3})
    dots(vote, users[1], **{apps[0].reference: 3, apps[1].reference: 2})
    assert Ballot.objects.get(vote=vote).contents == {
        "points": {apps[0].reference: 3, apps[1].reference: 2}
    }


def test_the_scores_method_has_no_ballot(funder, client_for):
    rnd, apps, users, vote = voting_round(funder, 2, voting_method="scores")
    response = client_for(users[0]).get(reverse("vote_ballot", args=[rnd.pk]))
    assert "No vote in this round" in response.content.decode()
    with pytest.raises(BallotRefused):
        approve(vote, users[0], apps[0])


def test_ballot_page_casts_and_shows_the_receipt_once(approval_vote, client_for):
    rnd, apps, users, vote = approval_vote
    client = client_for(users[1])
    url = reverse("vote_ballot", args=[rnd.pk])
    response = client.post(url, {"approve": [apps[1].reference]})
    assert response.status_code == 302
    receipt_page = client.get(reverse("vote_receipt", args=[rnd.pk]))
    html = receipt_page.content.decode()
    assert "Your vote is in" in html
    import re

    code = re.search(r'id="receipt-code">([A-Z0-9-]+)<', html).group(1)
    assert receipt_check(vote, code)
    again = client.get(reverse("vote_receipt", args=[rnd.pk]))
    assert again.status_code == 302  # shown once only
    # Coming back shows the ballot ticked and offers to change it.
    back = client.get(url).content.decode()
    assert "Change my vote" in back and "checked" in back


def test_turnout_counts_voters_not_votes(approval_vote):
    _rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[1])
    approve(vote, users[1], apps[2])
    approve(vote, users[2], apps[2])
    assert turnout(vote) == (2, 3)
    assert Voter.objects.filter(vote=vote).count() == 2


def test_a_member_who_stepped_down_cannot_vote(approval_vote):
    from panels.models import MemberState, PanelMember

    _rnd, apps, users, vote = approval_vote
    PanelMember.objects.filter(user=users[1]).update(state=MemberState.STEPPED_DOWN)
    users[1].__dict__.pop("_seedbed_panel_memberships", None)
    with pytest.raises(BallotRefused):
        approve(vote, users[1], apps[1])


def test_your_page_links_to_the_vote(approval_vote, client_for):
    rnd, apps, users, vote = approval_vote
    html = client_for(users[1]).get(reverse("my_home")).content.decode()
    assert reverse("vote_ballot", args=[rnd.pk]) in html and "Vote now" in html
    approve(vote, users[1], apps[1])
    html = client_for(users[1]).get(reverse("my_home")).content.decode()
    assert "You have voted" in html
