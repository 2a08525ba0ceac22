"""Results of scoring and the decision meeting: the numbers, the budget line, notes, who may see
them, and a bounded number of queries whatever the size of the round."""

import pytest
from django.urls import reverse

from panels import services
from panels.models import CriterionScore, Declaration, MeetingNote, ScoreSheet
from tests.panels.helpers import active_member, declare_all, scoring_round
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db


def fill_scores(rnd, apps, members, pattern):
    """`pattern(m_index, a_index)` gives one score used for every criterion (None: skip)."""
    criteria = list(rnd.criteria.all())
    for m_index, member in enumerate(members):
        for a_index, app in enumerate(apps):
            value = pattern(m_index, a_index)
            if value is None:
                continue
            sheet = ScoreSheet.objects.create(member=member, application=app, is_complete=True)
            CriterionScore.objects.bulk_create(
                CriterionScore(sheet=sheet, criterion=c, value=value) for c in criteria
            )


def scored_round(funder, n, *, budget=10000):
    rnd, apps = scoring_round(funder, n, budget=budget, amounts=[1000] * n)
    members = [active_member(rnd, f"m{i}.{rnd.pk}@example.com", f"Member {i}") for i in range(3)]
    for member in members:
        declare_all(member, apps, conflicts=[apps[0]] if member is members[2] else [])
    fill_scores(rnd, apps, members, lambda m, a: None if (m, a) == (2, 0) else 1 + (a + m) % 4)
    chair = members[0]
    type(chair.panel).objects.filter(pk=chair.panel_id).update(chair=chair)
    for app in apps[:3]:
        MeetingNote.objects.create(panel=chair.panel, application=app, text=f"Note {app.pk}")
    return rnd, apps, members


def test_ranked_results_with_the_budget_line(funder):
    rnd, apps = scoring_round(funder, 4, budget=1500, amounts=[1000, 400, 300, 200])
    members = [active_member(rnd, f"m{i}@example.com") for i in range(2)]
    for m in members:
        declare_all(m, apps)
    # app0 is best, then app1, app2, app3.
    fill_scores(rnd, apps, members, lambda m, a: 4 - a)
    data = services.results(rnd)
    assert [row.application for row in data["rows"]] == apps
    # 1000 + 400 = 1400 fits; + 300 = 1700 does not.
    assert data["line_after"] == 2
    assert [row.above_line for row in data["rows"]] == [True, True, False, False]
    first = data["rows"][0].result
    assert (first.count, first.mean, first.median) == (2, 4.0, 4.0)


def test_disagreement_is_flagged(funder):
    rnd, apps = scoring_round(funder, 2)
    members = [active_member(rnd, f"m{i}@example.com") for i in range(2)]
    for m in members:
        declare_all(m, apps)
    fill_scores(rnd, apps, members, lambda m, a: (1 if m == 0 else 4) if a == 0 else 3)
    rows = {row.application: row for row in services.results(rnd)["rows"]}
    assert rows[apps[0]].result.wide_disagreement
    assert not rows[apps[1]].result.wide_disagreement


def test_stepped_down_and_conflicted_scores_do_not_count(funder, officer):
    rnd, apps = scoring_round(funder, 1)
    members = [active_member(rnd, f"m{i}@example.com") for i in range(3)]
    for m in members:
        declare_all(m, apps)
    fill_scores(rnd, apps, members, lambda m, a: 4)
    services.member_step_down(members[0], by=officer, reason="Left the area")
    Declaration.objects.filter(member=members[1]).update(link="family")
    (row,) = services.results(rnd)["rows"]
    assert row.result.count == 1


@pytest.mark.parametrize("who", ["officer", "member", "chair"])
def test_results_and_meeting_pages_use_the_same_queries_for_10_and_100(
    funder, officer, client_for, who
):
    counts = []
    for n in (10, 100):
        rnd, apps, members = scored_round(funder, n)
        user = {"officer": officer, "member": members[1].user, "chair": members[0].user}[who]
        client = client_for(user)
        urls = [reverse("panel_results", args=[rnd.pk])]
        if who != "member":
            urls.append(reverse("panel_meeting", args=[rnd.pk]))
        client.get(urls[0])  # warm up the session
        per_page = []
        for url in urls:
            with count_queries() as queries:
                response = client.get(url)
            assert response.status_code == 200
            assert apps[-1].reference in response.content.decode()
            per_page.append(len(queries))
        counts.append(per_page)
    assert counts[0] == counts[1], counts


def test_the_results_page_explains_the_numbers(funder, client_for):
    rnd, apps, members = scored_round(funder, 10, budget=5000)
    html = client_for(members[1].user).get(reverse("panel_results", args=[rnd.pk])).content.decode()
    assert "Fair score" in html and "evens out people who score hard or soft" in html
    assert "The money runs out here" in html


def test_who_may_see_results_and_run_the_meeting(
    funder, client_for, officer, funder_viewer, other_officer, applicant
):
    rnd, apps, members = scored_round(funder, 10)
    results = reverse("panel_results", args=[rnd.pk])
    meeting = reverse("panel_meeting", args=[rnd.pk])
    assert client_for(funder_viewer).get(results).status_code == 200
    assert client_for(funder_viewer).get(meeting).status_code == 404
    for outsider in (other_officer, applicant):
        assert client_for(outsider).get(results).status_code == 404
        assert client_for(outsider).get(meeting).status_code == 404
    assert client_for(members[1].user).get(meeting).status_code == 404  # not the chair
    assert client_for(members[0].user).get(meeting).status_code == 200  # the chair
    big = client_for(officer).get(meeting + "?big=1").content.decode()
    assert "seedbed-big" in big


def test_notes_are_saved_by_the_officer_or_the_chair(funder, client_for, officer):
    rnd, apps, members = scored_round(funder, 10)
    app = apps[5]
    url = reverse("panel_meeting_note", args=[rnd.pk, app.pk])
    response = client_for(members[0].user).post(url, {f"note{app.pk}-text": "Fund if money left"})
    assert response.status_code == 302
    assert MeetingNote.objects.get(application=app).text == "Fund if money left"
    assert client_for(members[1].user).post(url, {f"note{app.pk}-text": "x"}).status_code == 404
    # Too long: refused next to the field, and what was typed is kept.
    response = client_for(officer).post(url, {f"note{app.pk}-text": "y" * 2001, "big": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep the notes to 2,000 characters or fewer" in html and "y" * 2001 in html
    assert "seedbed-big" in html
    hostile = "<script>alert('x')</script>"
    client_for(officer).post(url, {f"note{app.pk}-text": hostile})
    html = client_for(officer).get(reverse("panel_meeting", args=[rnd.pk])).content.decode()
    assert hostile not in html
