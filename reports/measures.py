"""Outcomes summarised honestly, from accepted reports: the ONS4 personal wellbeing answers and
the funder's outcome measure.

Each report gives its group's *average* answer to each wellbeing question (0 to 10) and how
many people answered. Averaging those averages again would look more precise than it is, so
for each question we give how many reports answered and how many people, the middle value
(the median of the reports' answers) and the range (lowest to highest). With fewer than `FEW`
reports there is no middle value: only the range. The outcome measure's answers are counts
(for example, how many people said they feel less alone), so they are also added up.

One query whatever the data (`answers_of`): the answers are read as plain values and
summarised here.
"""

from decimal import Decimal
from statistics import median

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import ReportState
from .services import WELLBEING_QUESTIONS

FEW = 3  # fewer reports than this: no middle value, only the range

WELLBEING_LABELS = {
    "wellbeing_life_satisfaction": _("Satisfied with life"),
    "wellbeing_worthwhile": _("Feel the things they do are worthwhile"),
    "wellbeing_happiness": _("Felt happy yesterday"),
    "wellbeing_anxiety": _("Felt anxious yesterday (lower is better)"),
}
ONE_PLACE = Decimal("0.1")


def summarise(values):
    """{answered, middle (None when too few), lowest, highest} of some answers."""
    values = sorted(value for value in values if value is not None)
    return {
        "answered": len(values),
        "middle": median(values) if len(values) >= FEW else None,
        "lowest": values[0] if values else None,
        "highest": values[-1] if values else None,
    }


def _reports(count):
    return ngettext("%(count)s report", "%(count)s reports", count) % {"count": f"{count:,}"}


def _people(count):
    return ngettext("%(count)s person", "%(count)s people", count) % {"count": f"{count:,}"}


def _words(row, fmt):
    if not row["answered"]:
        return {"middle_words": gettext("No answers yet"), "range_words": ""}
    return {
        "middle_words": (
            fmt(row["middle"])
            if row["middle"] is not None
            else gettext("Too few reports to give a middle value")
        ),
        "range_words": gettext("%(lowest)s to %(highest)s")
        % {"lowest": fmt(row["lowest"]), "highest": fmt(row["highest"])},
    }


def _score(value):
    return str(Decimal(value).quantize(ONE_PLACE))


WELLBEING_KEYS = [key for key, _question in WELLBEING_QUESTIONS]


def answers_of(reports):
    """The answers of the accepted reports among `reports`: (people who answered the wellbeing
    questions, the four average answers, the outcome question, its answer) each."""
    return list(
        reports.filter(state=ReportState.ACCEPTED).values_list(
            "wellbeing_people", *WELLBEING_KEYS, "outcome_question", "outcome_value"
        )
    )


def wellbeing(answers):
    """One row per ONS4 question: key, label, question, answered, people, middle, lowest,
    highest, and the same in words."""
    rows = []
    for index, (key, question) in enumerate(WELLBEING_QUESTIONS, start=1):
        given = [row for row in answers if row[index] is not None]
        row = summarise([answer[index] for answer in given])
        people = sum(answer[0] or 0 for answer in given)
        row.update(key=key, label=WELLBEING_LABELS[key], question=question, people=people)
        row["answered_words"] = (
            gettext("%(reports)s, %(people)s")
            % {"reports": _reports(row["answered"]), "people": _people(people)}
            if row["answered"]
            else gettext("None")
        )
        row.update(_words(row, _score))
        rows.append(row)
    return rows


def outcome_measures(answers):
    """One row per outcome question asked: question, answered, total, middle, lowest,
    highest, and the same in words."""
    by_question = {}
    for *_wellbeing, question, value in answers:
        if question and value is not None:
            by_question.setdefault(question, []).append(value)
    rows = []
    for question, values in sorted(by_question.items()):
        row = summarise(values)
        row.update(question=question, total=sum(values))
        row.update(_words(row, lambda value: f"{value:,}"))
        rows.append(row)
    return rows
