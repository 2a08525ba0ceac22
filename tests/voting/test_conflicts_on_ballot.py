"""Finding 4: a conflict declared during the vote reaches the ballot, as it reaches scores.
When a member declares a link, an officer records one, or a member steps down while the vote
is open, that support (or the whole ballot) is taken out; the member is told in plain words;
the audit trail says so without the choice. A member with a link does not see that
application's place or scores on "Scores so far"."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEvent
from panels.models import CriterionScore, Declaration, PanelMember, ScoreSheet
from panels.services import (
    counted_sheets,
    declaration_correct,
    declaration_record,
    member_step_down,
)
from tests.voting.helpers import approve, dots, voting_round
from voting.models import Ballot, VoterParticipation
from voting.services.ballots import current_ballot, voter_has_voted
from voting.services.decision import vote_close_and_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote3(funder):
    """Three members, no links yet; three applications."""
    return voting_round(funder, 3, members=3)


def _member(rnd, user):
    return PanelMember.objects.get(panel__round=rnd, user=user)


def _support(vote, officer):
    counted = vote_close_and_count(vote, by=officer)
    return {ref: r["support"] for ref, r in counted.outcome["results"].items()}


def _audit(vote):
    return list(
        AuditEvent.objects.filter(object_id=str(vote.pk), transition__contains="ballot")
        .order_by("pk")
        .values_list("reason", flat=True)
    )


def test_a_member_declaring_a_link_takes_their_support_out(
    vote3, officer, django_capture_on_commit_callbacks
):
    rnd, apps, users, vote = vote3
    approve(vote, users[0], apps[0], apps[1])
    approve(vote, users[1], apps[1])  # no support for apps[0]
    mail.outbox.clear()
    for user in users[:2]:
        with django_capture_on_commit_callbacks(execute=True):
            declaration_record(_member(rnd, user), apps[0], link=Declaration.Link.MEMBER, by=user)
    assert current_ballot(users[0], vote).contents == {"approve": [apps[1].reference]}
    assert current_ballot(users[1], vote).contents == {"approve": [apps[1].reference]}
    # Told in plain words, and the words (like the audit record) do not say how they voted.
    assert [m.to for m in mail.outbox] == [[users[0].email], [users[1].email]]
    bodies = [
        m.body.replace(u.display_name, "NAME") for m, u in zip(mail.outbox, users[:2], strict=True)
    ]
    assert bodies[0] == bodies[1]
    assert "your vote no longer counts for their plan" in bodies[0]
    reasons = _audit(vote)
    assert len(reasons) == 2
    names = [_member(rnd, u).name for u in users[:2]]
    assert reasons[0].replace(names[0], "X") == reasons[1].replace(names[1], "X")
    assert "How they voted is not recorded" in reasons[0]
    assert _support(vote, officer)[apps[0].reference] == 0


def test_an_officer_recording_a_link_takes_the_support_out(vote3, officer):
    rnd, apps, users, vote = vote3
    approve(vote, users[0], apps[1], apps[2])
    declaration_correct(
        _member(rnd, users[0]),
        apps[2],
        link=Declaration.Link.FAMILY,
        reason="Told me at the meeting",
        by=officer,
    )
    assert current_ballot(users[0], vote).contents == {"approve": [apps[1].reference]}
    assert len(_audit(vote)) == 1
    assert _support(vote, officer)[apps[2].reference] == 0


def test_a_dots_ballot_keeps_its_other_dots(funder, officer):
    rnd, apps, users, vote = voting_round(funder, 3, members=2, voting_method="dots")
    dots(vote, users[0], **{apps[0].reference: 3, apps[2].reference: 2})
    declaration_correct(
        _member(rnd, users[0]),
        apps[0],
        link=Declaration.Link.FAMILY,
        reason="Told me at the meeting",
        by=officer,
    )
    assert current_ballot(users[0], vote).contents == {"points": {apps[2].reference: 2}}
    support = _support(vote, officer)
    assert support[apps[0].reference] == 0 and support[apps[2].reference] == 1


def test_a_ballot_left_empty_is_taken_out_and_the_member_may_vote_again(vote3, officer):
    rnd, apps, users, vote = vote3
    approve(vote, users[0], apps[0])
    declaration_record(_member(rnd, users[0]), apps[0], link=Declaration.Link.OTHER, by=users[0])
    assert current_ballot(users[0], vote) is None and not voter_has_voted(users[0], vote)
    approve(vote, users[0], apps[1])
    assert voter_has_voted(users[0], vote)


def test_stepping_down_takes_the_whole_ballot_out(
    vote3, officer, django_capture_on_commit_callbacks
):
    rnd, apps, users, vote = vote3
    approve(vote, users[0], apps[0], apps[1])
    approve(vote, users[1], apps[1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member_step_down(_member(rnd, users[0]), by=users[0], reason="Moving away")
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert not VoterParticipation.objects.filter(vote=vote, voter__user=users[0]).exists()
    assert [m.to for m in mail.outbox] == [[users[0].email]]
    assert "your vote in it no longer counts" in mail.outbox[0].body
    assert any("left the panel while the vote was open" in r for r in _audit(vote))
    support = _support(vote, officer)
    assert support[apps[0].reference] == 0 and support[apps[1].reference] == 1


def test_scores_and_ballots_follow_one_rule(vote3, officer):
    rnd, apps, users, vote = vote3
    member = _member(rnd, users[0])
    sheet = ScoreSheet.objects.create(member=member, application=apps[0], is_complete=True)
    for criterion in rnd.criteria.all():
        CriterionScore.objects.create(sheet=sheet, criterion=criterion, value=3)
    approve(vote, users[0], apps[0])
    assert counted_sheets(rnd).filter(member=member, application=apps[0]).exists()
    declaration_record(member, apps[0], link=Declaration.Link.MEMBER, by=users[0])
    scores_count = counted_sheets(rnd).filter(member=member, application=apps[0]).exists()
    ballot_counts = current_ballot(users[0], vote) is not None
    assert scores_count is False and ballot_counts is False


def test_after_close_a_link_changes_nothing_and_fails_nothing(vote3, officer):
    rnd, apps, users, vote = vote3
    approve(vote, users[0], apps[0])
    vote_close_and_count(vote, by=officer)
    declaration_record(_member(rnd, users[0]), apps[0], link=Declaration.Link.MEMBER, by=users[0])
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_scores_so_far_hides_a_linked_applications_place_and_scores(funder, client_for, officer):
    rnd, apps, users, _vote = voting_round(funder, 3, members=2, conflicts={0: [1]})
    for user in users:
        member = _member(rnd, user)
        for value, app in zip((4, 3, 2), apps, strict=True):
            if Declaration.objects.get(member=member, application=app).is_conflict:
                continue
            sheet = ScoreSheet.objects.create(member=member, application=app, is_complete=True)
            for criterion in rnd.criteria.all():
                CriterionScore.objects.create(sheet=sheet, criterion=criterion, value=value)
    url = reverse("panel_results", args=[rnd.pk])
    linked = client_for(users[0]).get(url).content.decode()
    assert f"result-{apps[1].pk}" not in linked and apps[1].reference not in linked
    assert "left out of this list" in linked
    places = [int(p) for p in re.findall(r'<td class="govuk-table__cell">(\d+)</td>', linked)]
    assert places == [1, 2]
    other = client_for(users[1]).get(url).content.decode()
    assert f"result-{apps[1].pk}" in other
    staff = client_for(officer).get(url).content.decode()
    assert f"result-{apps[1].pk}" in staff


def test_the_meeting_page_hides_a_linked_application_from_a_chair_with_a_link(
    funder, client_for, officer
):
    """The chair runs the meeting, but a chair with a link to an application does not see its
    place or scores there either (officers still see every application)."""
    rnd, apps, users, _vote = voting_round(funder, 3, members=2, conflicts={0: [1]})
    chair = _member(rnd, users[0])
    chair.panel.chair = chair
    chair.panel.save(update_fields=["chair"])
    url = reverse("panel_meeting", args=[rnd.pk])
    page = client_for(users[0]).get(url)
    assert page.status_code == 200
    assert f"application-{apps[1].pk}" not in page.content.decode()
    assert apps[1].reference not in page.content.decode()
    assert f"application-{apps[0].pk}" in page.content.decode()
    staff = client_for(officer).get(url).content.decode()
    assert f"application-{apps[1].pk}" in staff
