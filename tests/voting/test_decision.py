"""Closing, counting with the round's rule, left-over money, confirming and publishing."""

import pytest
from django.urls import reverse

from awards.models import Award
from core.audit import timeline
from core.transitions import TransitionRefused
from grants.models import Application, ApplicationState, RoundState
from tests.voting.helpers import approve, dots, voting_round
from voting.models import ExtraAllocation, VoteState
from voting.services.decision import (
    allocation,
    decision_confirm,
    decision_publish,
    extra_add,
    left_over,
    vote_close_and_count,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(approval_vote, officer):
    """Apps cost 500, 600, 700 (budget 1,500). Votes: app2 ×3, app1 ×2, app0 ×1."""
    rnd, apps, users, vote = approval_vote
    approve(vote, users[0], apps[1], apps[2])
    approve(vote, users[1], apps[1], apps[2], apps[0])
    approve(vote, users[2], apps[2])
    vote = vote_close_and_count(vote, by=officer)
    return rnd, apps, users, vote


def test_close_and_count_with_greedy(funder, officer):
    rnd, apps, users, vote = voting_round(funder, 3, allocation_rule="greedy")
    approve(vote, users[0], apps[1], apps[2])
    approve(vote, users[1], apps[1], apps[2], apps[0])
    approve(vote, users[2], apps[2])
    vote = vote_close_and_count(vote, by=officer)
    assert vote.state == VoteState.COUNTED
    results = vote.outcome["results"]
    assert vote.outcome["selected"] == [apps[2].reference, apps[1].reference]
    assert results[apps[2].reference]["funded"] and results[apps[1].reference]["funded"]
    assert not results[apps[0].reference]["funded"]
    assert results[apps[0].reference]["reason"].startswith("Not funded")
    assert vote.outcome["spent"] == 1300 and vote.outcome["ballots"] == 3


@pytest.mark.parametrize("rule", ["mes", "mes-add1"])
def test_count_with_equal_shares(funder, officer, rule):
    rnd, apps, users, vote = voting_round(funder, 3, allocation_rule=rule)
    approve(vote, users[0], apps[1], apps[2])
    approve(vote, users[1], apps[1], apps[2], apps[0])
    approve(vote, users[2], apps[2])
    vote = vote_close_and_count(vote, by=officer)
    assert vote.outcome["rule"] == rule
    assert all(r["reason"] for r in vote.outcome["results"].values())
    assert vote.outcome["spent"] <= 1500


def test_count_with_dots(dots_vote, officer):
    rnd, apps, users, vote = dots_vote
    dots(vote, users[0], **{apps[0].reference: 5})
    dots(vote, users[1], **{apps[0].reference: 4, apps[1].reference: 1})
    vote = vote_close_and_count(vote, by=officer)
    assert vote.outcome["results"][apps[0].reference]["points"] == 9
    assert vote.outcome["results"][apps[0].reference]["funded"]


def _score(rnd, users, app, value):
    """Every member gives `app` the same score on every criterion (through the panels app)."""
    from panels import services as panel_services

    for user in users:
        member = panel_services.active_membership(user, rnd)
        values = {c.pk: value for c in rnd.criteria.all()}
        panel_services.scores_save(member, app, values=values, by=user)


def test_count_from_the_panels_scores_with_a_tie_and_an_unscored_plan(funder, officer):
    """Not mocked: the panel's scores become ranks (a tie broken by the applications' order),
    ranks become points (top gets as many as there are scored plans, unscored get none), and the
    greedy count funds by points within the budget."""
    rnd, apps, users, vote = voting_round(
        funder, 4, voting_method="scores", budget=1300, amounts=[500, 500, 700, 100]
    )
    Round = type(rnd)
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.SCORING)
    rnd.refresh_from_db()
    _score(rnd, users, apps[2], 4)  # best
    _score(rnd, users, apps[0], 2)  # tied with apps[1]: the panel's list order breaks the tie
    _score(rnd, users, apps[1], 2)
    # apps[3] is not scored at all.
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.VOTING)

    from voting.services.decision import panel_applications, panel_ranking

    listed = [a.pk for a in panel_applications(rnd)]
    first, second = sorted([apps[0], apps[1]], key=lambda a: listed.index(a.pk))
    assert panel_ranking(rnd) == [
        (apps[2].reference, 1), (first.reference, 2), (second.reference, 3),
        (apps[3].reference, None),
    ]  # fmt: skip

    vote = vote_close_and_count(vote, by=officer)
    results = vote.outcome["results"]
    points = {ref: r.get("points") for ref, r in results.items()}
    assert points[apps[2].reference] == 3
    assert points[first.reference] == 2
    assert points[second.reference] == 1
    assert not points[apps[3].reference]  # unscored: no points
    assert vote.outcome["rule"] == "greedy"
    funded = {ref for ref, r in results.items() if r["funded"]}
    # Budget 1,300: 700 first, then the first of the tied 500s; the second 500 no longer fits.
    # The unscored 100 would fit in the 100 left, but it has no points, so it is not funded.
    assert funded == {apps[2].reference, first.reference}
    assert vote.outcome["spent"] == 1200
    assert "1st of 3" in results[apps[2].reference]["reason"]
    assert "3rd of 3" in results[second.reference]["reason"]


def test_every_step_is_audited(counted):
    _rnd, _apps, _users, vote = counted
    steps = [e.transition for e in timeline(vote)]
    assert steps == ["open_vote", "close", "count"]


def test_left_over_money_can_part_fund_the_next_application(counted, officer):
    rnd, apps, _users, vote = counted
    lines = {ln.application.pk: ln for ln in allocation(vote)}
    funded = [pk for pk, ln in lines.items() if ln.awarded]
    unfunded = [a for a in apps if a.pk not in funded]
    left = left_over(vote)
    assert left == 1500 - vote.outcome["spent"]
    assert unfunded and left > 0
    target = unfunded[0]
    with pytest.raises(TransitionRefused, match="Only"):
        extra_add(vote, target, amount=left + 1, reason="Too much", by=officer)
    extra = extra_add(vote, target, amount=left, reason="The panel asked us to.", by=officer)
    assert left_over(vote) == 0
    with pytest.raises(TransitionRefused):
        extra_add(vote, target, amount=1, reason="Again", by=officer)
    line = next(ln for ln in allocation(vote) if ln.application.pk == target.pk)
    assert line.amount == extra.amount and "in part" in line.reason
    assert "The panel asked us to." in line.reason


def test_left_over_money_cannot_go_to_a_funded_application(counted, officer):
    _rnd, apps, _users, vote = counted
    funded = next(a for a in apps if vote.outcome["results"][a.reference]["funded"])
    with pytest.raises(TransitionRefused, match="already funded"):
        extra_add(vote, funded, amount=1, reason="x", by=officer)


def test_only_officers_use_left_over_money(counted, funder_viewer, other_officer):
    _rnd, apps, _users, vote = counted
    for person in (funder_viewer, other_officer):
        with pytest.raises(TransitionRefused):
            extra_add(vote, apps[0], amount=1, reason="x", by=person)


def test_confirm_decides_the_round_awards_and_emails(
    counted, officer, outbox, django_capture_on_commit_callbacks
):
    rnd, apps, _users, vote = counted
    target = next(a for a in apps if not vote.outcome["results"][a.reference]["funded"])
    extra_add(vote, target, amount=100, reason="A small start.", by=officer)
    result = decision_confirm(vote, by=officer)
    rnd.refresh_from_db()
    assert rnd.state == RoundState.DECIDED
    assert result.vote.state == VoteState.CONFIRMED
    states = dict(Application.objects.filter(round=rnd).values_list("pk", "state"))
    awards = {a.application_id: a.amount for a in Award.objects.filter(round=rnd)}
    for app in apps:
        app.refresh_from_db()
        assert app.outcome_message
        if vote.outcome["results"][app.reference]["funded"]:
            assert states[app.pk] == ApplicationState.AWARDED
            assert awards[app.pk] == app.amount_requested
        elif app.pk == target.pk:
            assert states[app.pk] == ApplicationState.AWARDED
            assert awards[app.pk] == 100
            assert "A small start." in app.outcome_message
        else:
            assert states[app.pk] == ApplicationState.NOT_AWARDED
            assert app.outcome_message.startswith("Not funded")
    assert sum(awards.values()) <= 1500
    subjects = [m.subject for m in outbox]
    # One email per funded group: the offer, which also says why they were funded.
    assert sum("Good news" in s for s in subjects) == len(awards)
    assert not any("will get money" in s for s in subjects)
    offers = [m for m in outbox if "an offer of" in m.subject]
    assert len(offers) == len(awards)
    assert all("Why: " in m.body for m in offers)
    assert any("A small start." in m.body for m in offers)
    assert any("The decision on" in s for s in subjects) or len(awards) == len(apps)
    assert not result.offer_problems


def test_confirming_twice_does_not_award_twice(counted, officer):
    rnd, _apps, _users, vote = counted
    decision_confirm(vote, by=officer)
    with pytest.raises(TransitionRefused, match="already been decided"):
        decision_confirm(vote, by=officer)
    assert Award.objects.filter(round=rnd).count() == len(vote.outcome["selected"])


def test_confirm_needs_a_count(approval_vote, officer):
    _rnd, _apps, _users, vote = approval_vote
    with pytest.raises(TransitionRefused, match="Close and count"):
        decision_confirm(vote, by=officer)


def test_confirm_is_for_officers_only(counted, funder_viewer):
    rnd, _apps, _users, vote = counted
    with pytest.raises(TransitionRefused):
        decision_confirm(vote, by=funder_viewer)
    rnd.refresh_from_db()
    assert rnd.state == RoundState.VOTING


def test_publishing_shows_results_to_everyone(counted, officer, client):
    rnd, apps, _users, vote = counted
    url = reverse("vote_results", args=[rnd.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(TransitionRefused):
        decision_publish(vote, by=officer)  # not decided yet
    decision_confirm(vote, by=officer)
    assert client.get(url).status_code == 404
    decision_publish(vote, by=officer)
    html = client.get(url).content.decode()
    for app in apps:
        assert app.title in html
    assert "Not funded" in html or "No money" in html
    assert client.get(reverse("vote_export_public", args=[rnd.pk])).status_code == 200


def test_panel_sees_results_after_close(counted, client_for):
    rnd, apps, users, _vote = counted
    html = client_for(users[1]).get(reverse("vote_results", args=[rnd.pk])).content.decode()
    assert "Vote results" in html and "still has to check" in html
    for app in apps:
        assert app.title in html


def test_receipt_check_after_close(approval_vote, officer, client_for):
    rnd, apps, users, vote = approval_vote
    code = approve(vote, users[1], apps[1])
    vote_close_and_count(vote, by=officer)
    client = client_for(users[1])
    url = reverse("vote_results", args=[rnd.pk])
    yes = client.post(url, {"receipt": code.lower().replace("-", " ")}).content.decode()
    assert "A vote with that receipt code is in the count" in yes
    no = client.post(url, {"receipt": "AAAA-AAAA-AAAA"}).content.decode()
    assert "No vote has that receipt code" in no


def test_staff_pages_close_confirm_and_publish(approval_vote, officer, client_for):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[1])
    client = client_for(officer)
    refused = client.post(reverse("staff_vote_close", args=[rnd.pk]), {})
    assert (
        refused.status_code == 400 and "Tick the box to close the vote" in refused.content.decode()
    )
    response = client.post(reverse("staff_vote_close", args=[rnd.pk]), {"sure": "on"})
    assert response.status_code == 302
    page = client.get(reverse("staff_vote_outcome", args=[rnd.pk])).content.decode()
    assert "Make the decision" in page and apps[1].title in page
    target = next(a for a in apps if a.pk != apps[1].pk)
    response = client.post(
        reverse("staff_vote_extra", args=[rnd.pk]),
        {"application": str(target.pk), "amount": "50", "reason": "Panel wish"},
    )
    assert response.status_code == 302
    extra = ExtraAllocation.objects.get(vote=vote)
    response = client.post(reverse("staff_vote_extra_remove", args=[rnd.pk, extra.pk]))
    assert not ExtraAllocation.objects.filter(vote=vote).exists()
    response = client.post(reverse("staff_vote_confirm", args=[rnd.pk]), {"sure": "on"})
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.state == RoundState.DECIDED
    client.post(reverse("staff_vote_publish", args=[rnd.pk]))
    vote.refresh_from_db()
    assert vote.state == VoteState.PUBLISHED


def test_other_funders_officers_cannot_see_or_close(approval_vote, other_officer, client_for):
    rnd = approval_vote[0]
    client = client_for(other_officer)
    assert client.get(reverse("staff_vote", args=[rnd.pk])).status_code == 404
    assert (
        client.post(reverse("staff_vote_close", args=[rnd.pk]), {"sure": "on"}).status_code == 404
    )


def test_funder_viewer_cannot_close(approval_vote, funder_viewer, client_for):
    rnd, _apps, _users, vote = approval_vote
    response = client_for(funder_viewer).post(
        reverse("staff_vote_close", args=[rnd.pk]), {"sure": "on"}
    )
    assert response.status_code == 403
    vote.refresh_from_db()
    assert vote.state == VoteState.OPEN


def test_count_from_the_panels_scores_uses_the_panels_results(funder, officer):
    """Unmocked: with no scores yet, nothing is funded and each reason says so."""
    _rnd, apps, _users, vote = voting_round(funder, 2, voting_method="scores")
    vote = vote_close_and_count(vote, by=officer)
    assert vote.outcome["selected"] == []
    for app in apps:
        assert vote.outcome["results"][app.reference]["reason"] == (
            "Not funded: the panel did not score it."
        )


def test_a_round_cannot_be_decided_before_its_vote_is_counted(approval_vote, officer):
    """The round's own `decide` step refuses until the tally is run; the confirm step is the
    only way in."""
    from core.transitions import perform

    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[1])
    with pytest.raises(TransitionRefused) as refused:
        perform(rnd, "decide", by=officer)
    assert "Close and count the vote first" in refused.value.message
    rnd.refresh_from_db()
    assert rnd.state == RoundState.VOTING
