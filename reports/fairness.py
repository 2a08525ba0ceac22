"""The fairness funnel: of the applications sent, how many were eligible, scored and funded, in
total, by kind of group, by deprivation decile and by the groups' own answers to the optional
equity questions (who runs the group, who it works with).

Definitions (docs/figures.md, "Fairness"):

- **Applied**: applications sent (not drafts), in the period and filters chosen, as everywhere
  on the dashboard.
- **Eligible**: of those, passed screening (eligible, then awarded or not awarded).
- **Scored**: of the eligible, scored by at least one panel member not conflicted on it (a
  complete score sheet; the panels app defines it, `grants.selectors.scored_expression`).
- **Funded**: with a live award (`awards.selectors.funded_application_q`).

The equity answers are the group's answers now (not when it applied). A group may choose
several population groups, so it counts under each it chose, and those rows do not add up to
the total. Counts of 1 to 4 in the equity rows are hidden ("fewer than 5"), so nobody can pick
out a small group; kinds of group and deciles are shown in full elsewhere on the dashboard and
are here too.

Queries: two or three, whatever the data: the figures of each group (with its kind and
postcode), those groups' equity answers, and the deciles of their postcodes.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.selectors import funded_application_q
from grants.equity import POPULATION_GROUPS, questions, translated
from grants.models import ApplicationState, Group, Reply
from grants.selectors import equity_answers_by_group, scored_expression

from .models import PostcodeArea

STAGES = [("applied", _("Applied")), ("eligible", _("Eligible")), ("scored", _("Scored")),
          ("funded", _("Funded"))]  # fmt: skip
SMALL = 5  # equity counts below this (and above 0) are hidden
SMALL_NOTE = _(
    "To keep groups from being picked out, counts from 1 to 4 in the rows about who runs a "
    "group and who it works with show as “fewer than 5”."
)
EQUITY_HEADINGS = {
    "leadership": _("Who runs the group (the group's own answer)"),
    "mission": _("Who the group mainly works with (the group's own answer)"),
}
PASSED_SCREENING = [ApplicationState.ELIGIBLE, ApplicationState.AWARDED,
                    ApplicationState.NOT_AWARDED]  # fmt: skip
NOT_KNOWN = _("Not known")


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list = field(default_factory=list)  # {"label", "applied", ..., "hidden": {stage}}
    small_hidden: bool = False

    @property
    def table(self):
        """[(label, [count or None (hidden) for each stage])], for the page and spreadsheet."""
        return [(row["label"], [row[key] for key, _label in STAGES]) for row in self.rows]


@dataclass
class Funnel:
    total: dict
    breakdowns: list

    stage_labels = [label for _key, label in STAGES]
    small_note = SMALL_NOTE

    @property
    def total_counts(self):
        return [self.total[key] for key, _label in STAGES]


def _figures():
    eligible = Q(state__in=PASSED_SCREENING)
    return {
        "applied": Count("pk"),
        "eligible": Count("pk", filter=eligible),
        "scored": Count("pk", filter=eligible & Q(was_scored=True)),
        "funded": Count("pk", filter=funded_application_q()),
    }


def _row(label, figures):
    return {"label": label, **{key: figures.get(key, 0) for key, _label in STAGES}, "hidden": set()}


def _add(into, figures):
    for key, _label in STAGES:
        into[key] += figures[key]


def _by_kind(per_group):
    kinds = dict(Group.Kind.choices)
    totals = {}
    for row in per_group:
        _add(totals.setdefault(row["group__kind"], _row("", {})), row)
    rows = [{**totals[kind], "label": kinds.get(kind, NOT_KNOWN)} for kind in sorted(totals)]
    return Breakdown("kind", gettext("By kind of group"), rows)


def _by_decile(per_group):
    decile_of = dict(
        PostcodeArea.objects.filter(postcode_key__in={r["postcode_key"] for r in per_group})
        .values_list("postcode_key", "imd_decile")
    )  # fmt: skip
    totals = {}
    for row in per_group:
        _add(totals.setdefault(decile_of.get(row["postcode_key"]), _row("", {})), row)
    rows = []
    for decile in sorted(d for d in totals if d) + ([None] if None in totals else []):
        if not decile:
            label = NOT_KNOWN
        elif decile in (1, 2):
            label = gettext("Decile %(decile)s (Core20)") % {"decile": decile}
        else:
            label = gettext("Decile %(decile)s") % {"decile": decile}
        rows.append({**totals[decile], "label": label})
    return Breakdown("decile", gettext("By deprivation decile of the group's postcode"), rows)


def _answer_labels(question):
    """(key, label) of every answer to one question, in the order shown."""
    return POPULATION_GROUPS + [
        (Reply.NONE_OF_THESE.value, translated(question.none_of_these)),
        (Reply.PREFER_NOT.value, Reply.PREFER_NOT.label),
        (Reply.NOT_ANSWERED.value, Reply.NOT_ANSWERED.label),
    ]


def _answer_keys(kept, question):
    if kept is None:
        return [Reply.NOT_ANSWERED.value]
    reply = getattr(kept, f"{question.field}_reply")
    return list(getattr(kept, question.field)) if reply == Reply.CHOSE else [reply]


def hide_small(rows):
    """Counts from 1 to 4 become None (their stage named in the row's `hidden`)."""
    hidden_any = False
    for row in rows:
        for key, _label in STAGES:
            if 0 < row[key] < SMALL:
                row[key] = None
                row["hidden"].add(key)
                hidden_any = True
    return hidden_any


def _by_equity(per_group):
    answers = equity_answers_by_group([r["group_id"] for r in per_group])
    breakdowns = []
    for question in questions():
        labels = _answer_labels(question)
        totals = {key: _row(label, {}) for key, label in labels}
        for row in per_group:
            kept = answers.get(row["group_id"])
            for key in _answer_keys(kept, question):
                if key in totals:
                    _add(totals[key], row)
        rows = [totals[key] for key, _label in labels]
        breakdown = Breakdown(question.area, EQUITY_HEADINGS[question.area], rows)
        breakdown.small_hidden = hide_small(rows)
        breakdowns.append(breakdown)
    return breakdowns


def fairness_funnel(apps, *, area_data_loaded, postcode_key):
    """The funnel of `apps` (the dashboard's applications, filtered and in the period).
    `postcode_key` is the expression of the group's tidy postcode (reports.outcomes)."""
    apps = apps.annotate(was_scored=scored_expression(), postcode_key=postcode_key)
    per_group = list(
        apps.values("group_id", "group__kind", "postcode_key").annotate(**_figures()).order_by()
    )
    total = _row(gettext("All applications"), {})
    for row in per_group:
        _add(total, row)
    breakdowns = [_by_kind(per_group)]
    if area_data_loaded:
        breakdowns.append(_by_decile(per_group))
    breakdowns += _by_equity(per_group)
    return Funnel(total=total, breakdowns=breakdowns)
