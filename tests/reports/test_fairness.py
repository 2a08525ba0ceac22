"""The fairness funnel (issue 19): applied → eligible → scored → funded, in total, by kind of
group, by deprivation decile and by the groups' own equity answers (with "not answered"), for
the dashboard's filters; small equity counts hidden; on the page and in the spreadsheet; the
same number of queries for more data."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grants.models import Application, GroupEquityAnswers, Reply
from panels.models import ScoreSheet
from reports.outcomes import outcomes
from tests.panels.helpers import active_member
from tests.support.pages import count_queries

from .dataset import build
from .test_outcomes import load_area_data

pytestmark = pytest.mark.django_db
STAGES = ("applied", "eligible", "scored", "funded")


def answer(group, **values):
    GroupEquityAnswers.objects.create(
        group=group, questions_version="2026-12", answered_at=timezone.now(), **values
    )


def build_with_answers(funder, officer, copy=0):
    """The dashboard's dataset (tests/reports/dataset.py), with, for each copy: group A (the
    lunch club) led by older people and for anyone; B prefers not to say who runs it; C and D
    never answered. A's and C's round-one applications were scored."""
    data = build(funder, officer, copy=copy)
    a, b, c, _d = data["groups"]
    r1, _r2 = data["rounds"]
    answer(a, led_by_reply=Reply.CHOSE, led_by=["DEI060000"], works_with_reply=Reply.NONE_OF_THESE)
    answer(b, led_by_reply=Reply.PREFER_NOT)
    member = active_member(r1, f"scorer{copy}@example.com", "Scorer")
    for group in (a, c):
        app = Application.objects.get(round=r1, group=group)
        ScoreSheet.objects.create(member=member, application=app, is_complete=True)
    return data


def figures(row):
    return tuple(row[s] for s in STAGES)


def rows_of(result, key):
    breakdown = next(b for b in result.fairness.breakdowns if b.key == key)
    return {row["label"]: figures(row) for row in breakdown.rows}, breakdown


def test_the_funnel_in_total_and_by_kind_matches_the_numbers_worked_out_by_hand(funder, officer):
    build_with_answers(funder, officer)
    result = outcomes(funder)
    # 6 sent; A's round-two application was ineligible; A's and C's round-one were scored;
    # A, B and C (round two) have live awards (D's offer still waits).
    assert figures(result.fairness.total) == (6, 5, 2, 3)
    kinds, _ = rows_of(result, "kind")
    assert kinds == {
        "Informal group (not registered)": (2, 1, 1, 1),
        "Constituted group (has a set of rules)": (1, 1, 0, 1),
        "Registered charity": (2, 2, 1, 1),
        "Community interest company": (1, 1, 0, 0),
    }


def test_by_deprivation_decile_once_area_data_is_loaded(funder, officer):
    build_with_answers(funder, officer)
    assert "decile" not in [b.key for b in outcomes(funder).fairness.breakdowns]
    load_area_data()
    deciles, _ = rows_of(outcomes(funder), "decile")
    assert deciles == {
        "Decile 1 (Core20)": (2, 1, 1, 1),
        "Decile 2 (Core20)": (1, 1, 0, 1),
        "Decile 7": (2, 2, 1, 1),
        "Decile 10": (1, 1, 0, 0),
    }


def test_by_the_groups_equity_answers_with_not_answered(funder, officer):
    for copy in range(5):
        build_with_answers(funder, officer, copy=copy)
    result = outcomes(funder)
    led, breakdown = rows_of(result, "leadership")
    assert led["People aged 60 or over"] == (10, 5, 5, 5)
    assert led["Prefer not to say"] == (5, 5, 0, 5)
    assert led["Not answered"] == (15, 15, 5, 5)
    assert led["Women and girls"] == (0, 0, 0, 0)
    assert not breakdown.small_hidden
    works, _ = rows_of(result, "mission")
    assert works["No, our group is for anyone"] == (10, 5, 5, 5)
    assert works["Not answered"] == (20, 20, 5, 10)


def test_equity_counts_under_five_are_hidden(funder, officer):
    build_with_answers(funder, officer)
    led, breakdown = rows_of(outcomes(funder), "leadership")
    assert led["People aged 60 or over"] == (None, None, None, None)
    assert led["Women and girls"] == (0, 0, 0, 0)  # nothing to hide in a nought
    assert breakdown.small_hidden


def test_the_funnel_follows_the_dashboards_filters(funder, officer):
    data = build_with_answers(funder, officer)
    r1, _r2 = data["rounds"]
    assert figures(outcomes(funder, {"round": r1.pk}).fairness.total) == (4, 4, 2, 2)
    assert figures(outcomes(funder, {"kind": "unregistered"}).fairness.total) == (3, 2, 1, 2)
    last_year = timezone.localdate().year - 2
    assert figures(outcomes(funder, {"year": last_year}).fairness.total) == (0, 0, 0, 0)


def test_the_page_shows_the_funnel_with_not_answered_and_the_note(
    client_for, funder_viewer, funder, officer
):
    build_with_answers(funder, officer)
    html = client_for(funder_viewer).get(reverse("outcomes")).content.decode()
    section = html[html.index('id="fairness"') :]
    for words in ("Applied", "Eligible", "Scored", "Funded", "Not answered",
                  "Who runs the group", "Who the group mainly works with", "fewer than 5",
                  "Informal group (not registered)"):  # fmt: skip
        assert words in section, words


def test_the_spreadsheet_has_a_typed_fairness_sheet(client_for, funder_viewer, funder, officer):
    build_with_answers(funder, officer)
    response = client_for(funder_viewer).get(reverse("outcomes_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["Fairness"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["Breakdown", "Group", "Applied", "Eligible", "Scored", "Funded", "Note"]
    rows = {(r[0], r[1]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("All applications", "All applications")][2:6] == (6, 5, 2, 3)
    older = rows[("Who runs the group (the group's own answer)", "People aged 60 or over")]
    assert older[2:6] == (None, None, None, None) and "fewer than 5" in older[6]


def test_the_dashboard_costs_the_same_queries_with_more_answers(
    client_for, funder_viewer, funder, officer
):
    build_with_answers(funder, officer)
    load_area_data()
    client = client_for(funder_viewer)
    client.get(reverse("outcomes"))
    with count_queries() as once:
        client.get(reverse("outcomes"))
    for copy in range(1, 4):
        build_with_answers(funder, officer, copy=copy)
    with count_queries() as more:
        client.get(reverse("outcomes"))
    assert len(once) == len(more)


def test_the_board_pdf_shows_the_funnel(funder, officer):
    """The board PDF carries the fairness funnel, as the dashboard does (it had none)."""
    from reports.pdf import outcomes_pdf_text

    build_with_answers(funder, officer)
    text = " ".join(outcomes_pdf_text(funder).split())
    assert "Fairness: who gets through each step" in text
    assert "All applications 6 5 2 3" in text and "Not answered" in text
