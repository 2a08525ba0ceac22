"""Outcomes summarised honestly: the ONS4 wellbeing answers and the funder's outcome measure,
from accepted reports: how many reports answered and how many people, the middle value
(median) and the range, never an average that looks more precise than the answers are."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.measures import FEW, summarise
from reports.models import Report
from reports.outcomes import outcomes
from reports.pdf import outcomes_pdf_text

from .dataset import build

pytestmark = pytest.mark.django_db


def answer(report, life, people, outcome=None, question=""):
    Report.objects.filter(pk=report.pk).update(
        wellbeing_people=people,
        wellbeing_life_satisfaction=Decimal(life),
        wellbeing_anxiety=Decimal("3.0"),
        outcome_value=outcome,
        outcome_question=question,
    )


@pytest.fixture
def data(funder, officer):
    built = build(funder, officer)
    lunch, walkers = Report.objects.filter(state="accepted").order_by("group__name")[:2]
    question = "How many people said they feel less alone?"
    answer(lunch, "6.5", 12, outcome=9, question=question)
    answer(walkers, "8.0", 20, outcome=25, question=question)
    return built


def test_the_median_needs_enough_answers():
    assert summarise([Decimal("6.5"), Decimal("8.0")]) == {
        "answered": 2, "middle": None, "lowest": Decimal("6.5"), "highest": Decimal("8.0"),
    }  # fmt: skip
    three = summarise([Decimal("6.5"), Decimal("8.0"), Decimal("7.1")])
    assert three["middle"] == Decimal("7.1") and FEW == 3
    four = summarise([Decimal("6"), Decimal("8"), Decimal("7"), Decimal("9")])
    assert four["middle"] == Decimal("7.5")  # the middle of an even count, not a mean of all
    assert summarise([])["answered"] == 0


def test_wellbeing_and_outcome_measure_figures(funder, data):
    result = outcomes(funder)
    life = next(row for row in result.wellbeing if row["key"] == "wellbeing_life_satisfaction")
    assert (life["answered"], life["people"], life["middle"]) == (2, 32, None)
    assert (life["lowest"], life["highest"]) == (Decimal("6.5"), Decimal("8.0"))
    happy = next(row for row in result.wellbeing if row["key"] == "wellbeing_happiness")
    assert happy["answered"] == 0
    (measure,) = result.measures
    assert measure["question"] == "How many people said they feel less alone?"
    assert (measure["answered"], measure["total"], measure["lowest"], measure["highest"]) == (
        2, 34, 9, 25,
    )  # fmt: skip


def test_the_page_and_the_pdf_say_how_many_answered(client_for, funder_viewer, funder, data):
    html = client_for(funder_viewer).get(reverse("outcomes")).content.decode()
    assert "How people said they feel" in html
    assert "2 reports, 32 people" in html and "6.5 to 8.0" in html
    assert "Too few reports to give a middle value" in html
    assert "How many people said they feel less alone?" in html and ">34<" in html
    text = " ".join(outcomes_pdf_text(funder).split())
    assert "How people said they feel" in text and "6.5 to 8.0" in text
    assert "How many people said they feel less alone? 2 34" in text


def test_the_spreadsheet_has_the_answers_as_numbers(client_for, funder_viewer, funder, data):
    import io

    from openpyxl import load_workbook

    response = client_for(funder_viewer).get(reverse("outcomes_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row[1:] for row in book["Wellbeing"].iter_rows(values_only=True)}
    assert rows["Satisfied with life"] == (2, 32, None, 6.5, 8.0)
    (header, measure) = book["Outcome measure"].iter_rows(values_only=True)
    assert header == ("Question", "Reports", "Total", "Middle value", "Lowest", "Highest")
    assert measure == ("How many people said they feel less alone?", 2, 34, None, 9, 25)
