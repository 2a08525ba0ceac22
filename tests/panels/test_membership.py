"""Inviting residents, joining (guide read, code agreed), stepping down, and the round's checks."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.transitions import TransitionRefused, perform
from grants.models import Role, RoundState
from panels import services
from panels.models import MemberState, PanelMember
from tests.conftest import make_user
from tests.panels.helpers import active_member, declare_all, score_post, scoring_round

pytestmark = pytest.mark.django_db


def test_an_officer_invites_a_resident_who_gets_an_email_with_a_link(open_round, officer, outbox):
    member = services.member_invite(open_round, name="Kofi", email="Kofi@Example.com", by=officer)
    assert member.state == MemberState.INVITED
    assert member.user.email == "kofi@example.com"
    assert member.user.name == "Kofi"
    (message,) = outbox
    assert message.to == ["kofi@example.com"]
    assert "Join the panel" in message.subject
    assert reverse("panel_invitation", args=[member.token]) in message.body


def test_only_the_rounds_officers_can_invite(open_round, other_officer, panel_member):
    from django.core.exceptions import PermissionDenied

    for user in (other_officer, panel_member):
        with pytest.raises(PermissionDenied):
            services.member_invite(open_round, name="X", email="x@example.com", by=user)


def test_an_officer_invites_through_the_staff_page(client_for, officer, open_round, outbox):
    client = client_for(officer)
    url = reverse("staff_panel_invite", args=[open_round.pk])
    response = client.post(url, {"name": "Beth", "email": "beth@example.com", "chair": "on"})
    assert response.status_code == 302
    member = PanelMember.objects.get()
    assert member.panel.chair == member
    assert len(outbox) == 1
    page = client.get(reverse("staff_panel", args=[open_round.pk]))
    assert "Beth" in page.content.decode()


def test_joining_needs_the_guide_and_the_code_of_conduct(client_for, open_round, officer):
    member = services.member_invite(open_round, name="Kofi", email="kofi@example.com", by=officer)
    client = client_for(member.user)
    url = reverse("panel_invitation", args=[member.token])
    response = client.post(url, {"read_guide": "on"})
    assert response.status_code == 200
    assert "Tick the box to say you agree to the code of conduct" in response.content.decode()
    member.refresh_from_db()
    assert member.state == MemberState.INVITED
    response = client.post(url, {"read_guide": "on", "agree_conduct": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.state == MemberState.ACTIVE
    assert member.read_guide_at and member.agreed_conduct_at and member.joined_at
    assert Role.objects.filter(user=member.user, kind="panel_member", round=open_round).exists()
    event = AuditEvent.objects.get(transition="accept")
    assert (event.from_state, event.to_state, event.actor) == ("invited", "active", member.user)


def test_the_transition_refuses_without_the_guide_read(open_round, officer):
    member = services.member_invite(open_round, name="Kofi", email="kofi@example.com", by=officer)
    with pytest.raises(TransitionRefused) as refused:
        perform(member, "accept", by=member.user)
    assert "Read the panel guide first." in refused.value.problems


def test_someone_else_cannot_use_the_invitation(client_for, open_round, officer, applicant):
    member = services.member_invite(open_round, name="Kofi", email="kofi@example.com", by=officer)
    url = reverse("panel_invitation", args=[member.token])
    response = client_for(applicant).post(url, {"read_guide": "on", "agree_conduct": "on"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.state == MemberState.INVITED
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.invitation_accept(member, by=applicant, read_guide=True, agreed_conduct=True)


def test_signed_out_visitors_are_asked_to_sign_in_and_come_back(client, open_round, officer):
    member = services.member_invite(open_round, name="Kofi", email="kofi@example.com", by=officer)
    url = reverse("panel_invitation", args=[member.token])
    page = client.get(url).content.decode()
    assert "Sign in to join" in page
    assert re.search(r"next=%2Fpanel%2Fjoin%2F", page)
    assert client.get("/panel/join/not-a-real-token/").status_code == 404


def test_a_member_steps_down_with_a_reason_and_loses_the_role(client_for, open_round):
    member = active_member(open_round, "kofi@example.com", "Kofi")
    client = client_for(member.user)
    url = reverse("panel_step_down", args=[open_round.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the error, shown
    response = client.post(url, {"reason": "Moving away"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.state == MemberState.STEPPED_DOWN
    assert member.step_down_reason == "Moving away"
    assert not Role.objects.filter(user=member.user, kind="panel_member").exists()
    event = AuditEvent.objects.get(transition="step_down")
    assert event.reason == "Moving away"


def test_an_officer_takes_a_member_off_and_invites_them_again(
    client_for, officer, open_round, outbox
):
    member = active_member(open_round, "kofi@example.com", "Kofi")
    client = client_for(officer)
    url = reverse("staff_panel_member_step_down", args=[open_round.pk, member.pk])
    assert client.post(url, {"reason": "Did not declare a link"}).status_code == 302
    member.refresh_from_db()
    assert member.state == MemberState.STEPPED_DOWN
    old_token = member.token
    again = reverse("staff_panel_invite_again", args=[open_round.pk, member.pk])
    assert client.post(again).status_code == 302
    member.refresh_from_db()
    assert member.state == MemberState.INVITED
    assert member.token != old_token
    assert len(outbox) == 1
    # the old link no longer works
    assert client_for(member.user).get(f"/panel/join/{old_token}/").status_code == 404


def test_another_member_cannot_step_someone_down(open_round):
    member = active_member(open_round, "kofi@example.com", "Kofi")
    other = active_member(open_round, "beth@example.com", "Beth")
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.member_step_down(member, by=other.user, reason="no")


def test_payments_are_recorded_by_officers(client_for, officer, open_round):
    member = active_member(open_round, "kofi@example.com", "Kofi")
    client = client_for(officer)
    url = reverse("staff_panel_payment_new", args=[open_round.pk, member.pk])
    response = client.post(
        url, {"kind": "voucher", "what_for": "Reading day", "amount": "25.50", "paid_on": ""}
    )
    assert response.status_code == 302
    payment = member.payments.get()
    assert str(payment.amount) == "25.50" and not payment.is_paid
    edit = reverse("staff_panel_payment", args=[open_round.pk, member.pk, payment.pk])
    client.post(
        edit,
        {"kind": "voucher", "what_for": "Reading day", "amount": "25.50", "paid_on": "01/04/2027"},
    )
    payment.refresh_from_db()
    assert payment.paid_on.isoformat() == "2027-04-01"
    page = client.get(reverse("staff_panel_member", args=[open_round.pk, member.pk]))
    assert "Paid: 25.50 pounds" in page.content.decode()
    # A panel member cannot reach it.
    assert client_for(member.user).get(url).status_code in (403, 404)


def test_scoring_cannot_start_without_a_quorum(funder, officer):
    rnd, _apps = scoring_round(funder, 2, state=RoundState.SCREENING, panel_quorum=3)
    active_member(rnd, "a@example.com")
    with pytest.raises(TransitionRefused) as refused:
        perform(rnd, "start_scoring", by=officer)
    assert any("The panel needs at least 3 people" in p for p in refused.value.problems)
    active_member(rnd, "b@example.com")
    active_member(rnd, "c@example.com")
    rnd = perform(rnd, "start_scoring", by=officer)
    assert rnd.state == RoundState.SCORING


def test_voting_cannot_start_until_each_application_has_enough_scores(funder, officer, client_for):
    rnd, apps = scoring_round(funder, 2, min_scores_per_application=2)
    members = [active_member(rnd, f"m{i}@example.com") for i in range(3)]
    for m in members:
        declare_all(m, apps, conflicts=[apps[0]] if m is members[2] else [])
    # Two full scores on app 1; on app 0 one full, one partial, and one conflicted member.
    for m in members[:2]:
        client_for(m.user).post(
            reverse("panel_score", args=[rnd.pk, apps[1].pk]), score_post(rnd, [3, 3, 3, 3])
        )
    client_for(members[0].user).post(
        reverse("panel_score", args=[rnd.pk, apps[0].pk]), score_post(rnd, [3, 3, 3, 3])
    )
    client_for(members[1].user).post(
        reverse("panel_score", args=[rnd.pk, apps[0].pk]), score_post(rnd, [3, None, 3, 3])
    )
    with pytest.raises(TransitionRefused) as refused:
        perform(rnd, "start_voting", by=officer)
    assert refused.value.problems[0].startswith("1 application has fewer than 2 complete scores")
    assert [a.pk for a in services.applications_short_of_scores(rnd)] == [apps[0].pk]

    client = client_for(officer)
    waive = reverse("staff_panel_waive", args=[rnd.pk])
    assert client.post(waive, {"reason": "  "}).status_code == 400
    assert client.post(waive, {"reason": "Two members are ill"}).status_code == 302
    event = AuditEvent.objects.get(transition="waive_minimum_scores")
    assert event.reason == "Two members are ill" and event.actor == officer
    rnd = perform(rnd, "start_voting", by=officer)
    assert rnd.state == RoundState.VOTING


def test_completing_scores_lets_voting_start(funder, officer, client_for):
    rnd, apps = scoring_round(funder, 1, min_scores_per_application=1)
    m = active_member(rnd, "m@example.com")
    declare_all(m, apps)
    client_for(m.user).post(
        reverse("panel_score", args=[rnd.pk, apps[0].pk]), score_post(rnd, [1, 2, 3, 4])
    )
    assert perform(rnd, "start_voting", by=officer).state == RoundState.VOTING


def test_a_panel_member_only_may_not_waive(funder):
    rnd, _ = scoring_round(funder, 1)
    m = active_member(rnd, "m@example.com")
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.minimum_scores_waive(rnd, by=m.user, reason="Let us vote")
    with pytest.raises(ValueError):
        services.minimum_scores_waive(rnd, by=make_user("x@example.com"), reason="")


def test_my_page_lists_the_panels(client_for, open_round, officer):
    member = services.member_invite(open_round, name="Kofi", email="kofi@example.com", by=officer)
    page = client_for(member.user).get("/me/").content.decode()
    assert "Your panels" in page
    assert reverse("panel_invitation", args=[member.token]) in page
