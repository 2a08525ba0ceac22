"""Officers see a panel member's declarations of links, and correct one on the member's behalf
with a reason: audited, shown on the member's page, and enforced in what the member may read
and in which scores count."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape

from core.audit import timeline
from panels import services
from panels.models import Declaration
from tests.panels.helpers import active_member, declare_all, scoring_round
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db


def member_url(rnd, member):
    return reverse("staff_panel_member", args=[rnd.pk, member.pk])


def change_url(rnd, member, app):
    return reverse("staff_panel_declaration", args=[rnd.pk, member.pk, app.pk])


def said(member, app):
    declaration = Declaration.objects.filter(member=member, application=app).first()
    return None if declaration is None else (declaration.link, declaration.details)


def scores_on_results_page(client, rnd, app):
    """The "Scores" cell of the application's row on the results page."""
    html = client.get(reverse("panel_results", args=[rnd.pk])).content.decode()
    row = html[html.index(f'id="result-{app.pk}"') :]
    row = row[: row.index("</tr>")]
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[3].strip()


@pytest.fixture
def linked_last(scoring, member):
    """A member with a family link to the last application (by reference), none to the rest."""
    _rnd, apps = scoring
    declare_all(member, apps, conflicts=[apps[2]])
    return member


def test_the_officer_sees_each_plan_with_links_first(scoring, member, officer, client_for):
    rnd, apps = scoring
    by_reference = sorted(apps, key=lambda app: app.reference)
    linked = by_reference[-1]  # last by reference, so only "links first" puts it first
    declare_all(member, apps, conflicts=[linked])
    html = client_for(officer).get(member_url(rnd, member)).content.decode()
    table = html[html.index('id="links"') :]
    positions = [table.index(app.reference) for app in (linked, *by_reference[:-1])]
    assert positions == sorted(positions), "the link is not listed first"
    assert "seedbed-link-row" in table
    assert "Family or someone I live with is in the group" in table
    for app in apps:
        assert app.group.name in table and app.title in table
        assert f'href="{change_url(rnd, member, app)}"' in table
    assert "Rose has a link to 1 group." in html


def test_plans_not_answered_yet_are_listed_and_can_be_answered_for_them(
    scoring, member, officer, client_for
):
    rnd, apps = scoring
    Declaration.objects.create(member=member, application=apps[0], link="none")
    client = client_for(officer)
    html = client.get(member_url(rnd, member)).content.decode()
    assert "Not answered" in html and "not answered for 2 plans yet" in html
    response = client.post(
        change_url(rnd, member, apps[1]),
        {"link": "none", "reason": "She phoned to answer for this plan."},
    )
    assert response.status_code == 302
    assert said(member, apps[1]) == ("none", "")
    event = timeline(member).get()
    assert (event.from_state, event.to_state) == ("Not answered", "No link")


def test_an_officer_records_a_forgotten_link_with_a_reason(
    scoring, linked_last, officer, client_for
):
    rnd, apps = scoring
    client = client_for(officer)
    page = client.get(change_url(rnd, linked_last, apps[1])).content.decode()
    assert "Why are you changing this?" in page
    assert "only by sight" in page
    for label in Declaration.Link.labels:
        assert label in page
    response = client.post(
        change_url(rnd, linked_last, apps[1]),
        {"link": "family", "details": "", "reason": "She phoned: her sister runs the group."},
    )
    assert response.status_code == 302
    assert response.url == member_url(rnd, linked_last)
    assert said(linked_last, apps[1]) == ("family", "")

    event = timeline(linked_last).get(transition="correct_declaration")
    assert event.actor == officer
    assert (event.from_state, event.to_state) == ("No link", "Family or household")
    assert "She phoned: her sister runs the group." in event.reason
    assert apps[1].reference in event.reason

    html = client.get(member_url(rnd, linked_last)).content.decode()
    assert "Changes officers made to their links" in html
    assert escape(event.actor_label) in html
    assert escape("“No link” to “Family or household”") in html
    assert "She phoned: her sister runs the group." in html
    assert "Rose has a link to 2 groups." in html


def test_an_officer_takes_back_a_link_ticked_by_mistake(scoring, linked_last, officer, client_for):
    rnd, apps = scoring
    client = client_for(officer)
    response = client.post(
        change_url(rnd, linked_last, apps[2]),
        {"link": "none", "details": "", "reason": "He ticked the wrong box."},
    )
    assert response.status_code == 302
    assert said(linked_last, apps[2]) == ("none", "")
    event = timeline(linked_last).get()
    assert (event.from_state, event.to_state) == ("Family or household", "No link")
    assert event.actor == officer and "He ticked the wrong box." in event.reason
    html = client.get(member_url(rnd, linked_last)).content.decode()
    assert "Rose has told us of no links." in html
    assert "He ticked the wrong box." in html


def test_the_member_sees_the_change_on_their_own_pages(scoring, linked_last, officer, client_for):
    rnd, apps = scoring
    member_client = client_for(linked_last.user)
    read = reverse("panel_application", args=[rnd.pk, apps[2].pk])
    assert member_client.get(read).status_code == 404

    officer_client = client_for(officer)
    officer_client.post(
        change_url(rnd, linked_last, apps[2]), {"link": "none", "reason": "Ticked by mistake."}
    )
    assert member_client.get(read).status_code == 200
    home = member_client.get(reverse("panel_home", args=[rnd.pk])).content.decode()
    assert "Groups you have a link to" not in home
    assert reverse("panel_application", args=[rnd.pk, apps[2].pk]) in home

    officer_client.post(
        change_url(rnd, linked_last, apps[1]),
        {"link": "other", "details": "Her landlord", "reason": "She phoned us."},
    )
    home = member_client.get(reverse("panel_home", args=[rnd.pk])).content.decode()
    assert "Groups you have a link to" in home and apps[1].group.name in home
    assert (
        member_client.get(reverse("panel_application", args=[rnd.pk, apps[1].pk])).status_code
        == 404
    )
    declare = member_client.get(reverse("panel_declare", args=[rnd.pk])).content.decode()
    assert "You told us you have a link" in declare


def test_scores_stop_counting_once_a_link_is_recorded(scoring, linked_last, officer, client_for):
    rnd, apps = scoring
    criteria = list(rnd.criteria.all())
    services.scores_save(
        linked_last, apps[1], values={c.pk: 4 for c in criteria}, by=linked_last.user
    )

    def count_for(app):
        row = next(r for r in services.results(rnd)["rows"] if r.application.pk == app.pk)
        return row.result.count

    assert count_for(apps[1]) == 1
    client = client_for(officer)
    assert scores_on_results_page(client, rnd, apps[1]) == "1"
    page = client.get(change_url(rnd, linked_last, apps[1])).content.decode()
    assert "They have already scored this plan" in page
    client.post(
        change_url(rnd, linked_last, apps[1]),
        {"link": "works_with", "reason": "She volunteers there on Saturdays."},
    )
    assert count_for(apps[1]) == 0
    assert services.complete_score_counts(rnd).get(apps[1].pk, 0) == 0
    assert scores_on_results_page(client, rnd, apps[1]) == "0"

    # Taken back: the scores count again.
    client.post(
        change_url(rnd, linked_last, apps[1]), {"link": "none", "reason": "Wrong group, sorry."}
    )
    assert count_for(apps[1]) == 1


def test_the_reason_is_required_and_the_choice_is_kept(scoring, linked_last, officer, client_for):
    rnd, apps = scoring
    response = client_for(officer).post(
        change_url(rnd, linked_last, apps[1]), {"link": "family", "details": "", "reason": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reason-error"' in html and "Say why you are changing this" in html
    assert 'value="family" checked' in html
    assert said(linked_last, apps[1]) == ("none", "")
    assert not timeline(linked_last).exists()


def test_another_link_needs_a_few_words(scoring, linked_last, officer, client_for):
    rnd, apps = scoring
    response = client_for(officer).post(
        change_url(rnd, linked_last, apps[1]), {"link": "other", "reason": "She phoned."}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_details-error"' in html and "Say what the link is, in a few words" in html
    assert 'value="other" checked' in html and "She phoned." in html
    assert said(linked_last, apps[1]) == ("none", "")


def test_too_long_hostile_and_hidden_characters_are_refused_beside_the_field(
    scoring, linked_last, officer, client_for
):
    rnd, apps = scoring
    client = client_for(officer)
    long_reason = "Because " * 130
    details = '<script>alert("x")</script>\x07'
    response = client.post(
        change_url(rnd, linked_last, apps[1]),
        {"link": "other", "details": details, "reason": long_reason},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reason-error"' in html and "1,000 characters or fewer" in html
    assert 'id="id_details-error"' in html and "hidden control characters" in html
    assert escape(long_reason.strip()) in html
    assert escape('<script>alert("x")</script>') in html
    assert '<script>alert("x")</script>' not in html
    assert said(linked_last, apps[1]) == ("none", "")

    response = client.post(
        change_url(rnd, linked_last, apps[1]),
        {"link": "other", "details": "x" * 201, "reason": "Fine\x00"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep it to 200 characters or fewer" in html and "x" * 201 in html
    assert 'id="id_reason-error"' in html

    # Words that look like code are kept as words, and shown safely.
    client.post(
        change_url(rnd, linked_last, apps[1]),
        {"link": "other", "details": "<b>cousin</b>", "reason": "<script>alert(1)</script>"},
    )
    assert said(linked_last, apps[1]) == ("other", "<b>cousin</b>")
    html = client.get(member_url(rnd, linked_last)).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>cousin</b>" not in html
    assert escape("<script>alert(1)</script>") in html


def test_the_same_answer_again_is_not_a_change(scoring, linked_last, officer, client_for):
    rnd, apps = scoring
    response = client_for(officer).post(
        change_url(rnd, linked_last, apps[2]), {"link": "family", "reason": "Checking."}
    )
    assert response.status_code == 400
    assert "That is what they already told us" in response.content.decode()
    assert not timeline(linked_last).exists()


def test_who_may_see_and_change(
    scoring, linked_last, officer, other_officer, funder_viewer, client_for
):
    rnd, apps = scoring
    url = change_url(rnd, linked_last, apps[2])
    post = {"link": "none", "reason": "Trying."}
    # Another funder's officer is not told the round exists.
    other = client_for(other_officer)
    assert other.get(member_url(rnd, linked_last)).status_code == 404
    assert other.get(url).status_code == 404
    assert other.post(url, post).status_code == 404
    # The funder's viewer sees the panel's links, but not a resident's own page, and cannot
    # change anything.
    viewer = client_for(funder_viewer)
    panel = viewer.get(reverse("staff_panel", args=[rnd.pk]))
    assert panel.status_code == 200
    assert f"has a link to {apps[2].reference}" in panel.content.decode()
    assert viewer.get(member_url(rnd, linked_last)).status_code == 404
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, post).status_code == 403
    # The member themselves cannot use the officer's page.
    assert client_for(linked_last.user).get(url).status_code == 403
    assert said(linked_last, apps[2]) == ("family", "")
    # An application outside the round is not found.
    other_rnd, other_apps = scoring_round(rnd.funder, 1)
    assert client_for(officer).get(change_url(rnd, linked_last, other_apps[0])).status_code == 404


def test_the_service_needs_an_officer_and_a_reason(scoring, linked_last, officer):
    _rnd, apps = scoring
    with pytest.raises(PermissionDenied):
        services.declaration_correct(
            linked_last, apps[2], link="none", reason="Mine", by=linked_last.user
        )
    with pytest.raises(services.CorrectionRefused, match="Say why"):
        services.declaration_correct(linked_last, apps[2], link="none", reason=" ", by=officer)
    assert said(linked_last, apps[2]) == ("family", "")
    assert not timeline(linked_last).exists()


def test_links_of_someone_who_left_cannot_change(scoring, linked_last, officer, client_for):
    rnd, apps = scoring
    services.member_step_down(linked_last, by=officer, reason="Moved away.")
    client = client_for(officer)
    page = client.get(change_url(rnd, linked_last, apps[2])).content.decode()
    assert "not on the panel now" in page
    response = client.post(change_url(rnd, linked_last, apps[2]), {"link": "none", "reason": "X"})
    assert response.status_code == 400
    assert said(linked_last, apps[2]) == ("family", "")


def test_the_member_page_uses_the_same_queries_for_3_and_30_plans(funder, officer, client_for):
    counts = []
    for n in (3, 30):
        rnd, apps = scoring_round(funder, n)
        member = active_member(rnd, f"m{n}@example.com", f"Member {n}")
        declare_all(member, apps[:-1], conflicts=apps[:2])
        services.declaration_correct(member, apps[2], link="member", reason="Phoned.", by=officer)
        client = client_for(officer)
        client.get(member_url(rnd, member))  # warm up the session
        with count_queries() as queries:
            response = client.get(member_url(rnd, member))
        assert response.status_code == 200
        assert apps[-1].reference in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
