"""The results table's rows are made by `{% result_rows %}` (panels/templatetags/panel_tags.py)
rather than a {% for %} loop, for speed: the HTML must be the loop's, byte for byte, whatever
the rows hold (no place, no title, no amount, scores far apart, text that needs escaping) and
wherever the money runs out."""

import itertools
from types import SimpleNamespace

import pytest
from django.template import engines

# The loop the tag replaced, as it was in panels/includes/results_table.html.
THE_LOOP = """{% load seedbed %}  {% for row in rows %}
    {% if forloop.counter0 == line_after %}
    <tr class="govuk-table__row seedbed-budget-line">
      <td class="govuk-table__cell" colspan="8">The money runs out here. Plans above this line fit in the {{ budget|pounds }}.</td>
    </tr>
    {% endif %}
    <tr class="govuk-table__row" id="result-{{ row.application.pk }}">
      <td class="govuk-table__cell">{{ row.result.rank|default:"–" }}</td>
      <td class="govuk-table__cell">{{ row.application.title|default:row.application.reference }}<br><span class="govuk-body-s">{{ row.application.reference }}</span></td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.application.amount_requested|pounds }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.result.count }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.result.mean|two_places }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.result.median|two_places }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.result.normalised|two_places }}</td>
      <td class="govuk-table__cell">{% if row.result.wide_disagreement %}<span class="seedbed-flag">Yes: scores far apart</span>{% else %}No{% endif %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501
THE_TAG = "{% load panel_tags %}  {% result_rows rows line_after budget %}"

TITLES = ["Lunch club", "", None, 'Tea & "talk" <for> O\'Brien’s group']
AMOUNTS = [1500, 0, None, 1234567]
SCORES = [
    (1, 3, 2.5, 2.5, 0.123456, False),
    (None, 0, None, None, None, True),
    (12, 5, 3, 4, -0.0, True),
]


def _rows(n):
    combos = itertools.cycle(itertools.product(TITLES, AMOUNTS, SCORES))
    rows = []
    for pk, (title, amount, (rank, count, mean, median, normalised, wide)) in zip(
        range(1, n + 1), combos, strict=False
    ):
        rows.append(
            SimpleNamespace(
                application=SimpleNamespace(
                    pk=pk, title=title, reference=f"SB-{pk:04d}<", amount_requested=amount
                ),
                result=SimpleNamespace(
                    rank=rank, count=count, mean=mean, median=median, normalised=normalised,
                    wide_disagreement=wide,
                ),
            )
        )  # fmt: skip
    return rows


@pytest.mark.parametrize("line_after", [0, 3, 47, 48, None])
@pytest.mark.parametrize("budget", [10_000, None])
def test_the_tag_makes_the_loops_html(line_after, budget):
    django = engines["django"]
    context = {"rows": _rows(48), "line_after": line_after, "budget": budget}
    loop = django.from_string(THE_LOOP).render(context)
    tag = django.from_string(THE_TAG).render(context)
    assert tag == loop


def test_no_rows_no_html():
    django = engines["django"]
    context = {"rows": [], "line_after": 0, "budget": 100}
    assert django.from_string(THE_TAG).render(context) == django.from_string(THE_LOOP).render(
        context
    )
