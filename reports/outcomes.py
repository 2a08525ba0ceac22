"""What funders see: outcome figures for a funder, per round and across rounds.

Every figure is worked out by the database (`aggregate`/`annotate`), so the number of queries is
the same whatever the amount of data (about thirty for the whole dashboard page, three of them
the fairness funnel's, `reports.fairness`, one spending's, `reports.spending`).

Definitions (shown on the page too):

- **Applications received**: applications that were sent (not drafts).
- **Unregistered group**: an informal group, or a group with no charity or company number.
- **Funded**: an application (or group) with a live award: accepted, paid, being changed or
  closed. Marked "awarded" by the panel is not enough: an offer never made, declined, lapsed or
  cancelled is not funded. The definition is `awards.selectors`' (see docs/figures.md), so every
  page counts the same.
- **Success rate**: applications funded ÷ applications received.
- **Awarded**: the amounts of live awards.
- **Paid**: payments sent, less money received back, on every award (a cancelled award's money
  was still paid).
- **People reached, sessions, volunteers, volunteer hours**: from accepted end reports (a
  mid-point report is not added, so nobody is counted twice).
- **Deprivation decile**: from the group's postcode, where area data is loaded. Core20 means
  the most deprived 20% of areas in England (deciles 1 and 2).
- **Reports**: in (sent or accepted), due (ready to fill in, not yet late), overdue (past the
  due date and not sent), with changes asked for, not open yet.
- **Period**: a financial year or a range of dates. Which date places each figure in a period
  (the date an application was sent, an offer accepted, a payment made, a report due) is set
  out in docs/figures.md; the period before is worked out beside it for comparison.
- **Money against plan**: each round's budget, offered, accepted, paid, to recover and left,
  from `awards.selectors` (the same figures as the round's own page), for whole rounds.
"""

from dataclasses import dataclass, field, replace

from django.db.models import (
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Replace, Upper
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext

from awards import selectors as award_money
from awards.models import Award, AwardState
from awards.selectors import FUNDED_AWARD_STATES, Money, awards_of, funded_application_q
from grants.models import Group
from grants.selectors import rounds_of, sent_applications_of

from .charts import bar_chart, money
from .fairness import fairness_funnel
from .measures import answers_of, outcome_measures, wellbeing
from .models import LsoaDeprivation, PostcodeArea, Report, ReportState
from .periods import period_of, round_ids
from .spending import spending

CORE20_DECILES = (1, 2)
NOT_KNOWN = gettext_lazy("Not known")


def unregistered_q(prefix="group__"):
    """Informal groups, and groups with neither a charity nor a company number."""
    return Q(**{f"{prefix}kind": Group.Kind.INFORMAL}) | (
        Q(**{f"{prefix}charity_number": ""}) & Q(**{f"{prefix}company_number": ""})
    )


def postcode_key_expression(path="group__postcode"):
    return Upper(Replace(path, Value(" "), Value("")))


def with_area(queryset, path="group__postcode"):
    """Annotate `imd_decile` and `ward` from the group's postcode (None when not known)."""
    areas = PostcodeArea.objects.filter(postcode_key=OuterRef("postcode_key"))
    return queryset.annotate(postcode_key=postcode_key_expression(path)).annotate(
        imd_decile=Subquery(areas.values("imd_decile")[:1], output_field=IntegerField()),
        ward=Subquery(areas.values("ward_name")[:1], output_field=CharField()),
    )


# Figures other apps add to the headline (the directory adds the groups people can now find).
# Each is `figures(funder) -> [(key, label, value)]`; registered from the app's ready().
_HEADLINE_EXTRAS = []


def register_headline_figures(figures):
    if figures not in _HEADLINE_EXTRAS:
        _HEADLINE_EXTRAS.append(figures)
    return figures


def _extra_figures(funder):
    return [row for figures in _HEADLINE_EXTRAS for row in figures(funder)]


@dataclass
class Outcomes:
    funder: object
    filters: dict
    today: object
    headline: dict = field(default_factory=dict)
    by_round: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    wards: list = field(default_factory=list)
    authorities: list = field(default_factory=list)  # local authority districts
    deciles: list = field(default_factory=list)
    area_data_loaded: bool = False
    charts: list = field(default_factory=list)
    period: object = None  # a reports.periods.Period, or None for any time
    previous_period: object = None
    previous: dict | None = None  # the headline figures of the period before
    plan: list = field(default_factory=list)  # money against plan, per round
    plan_total: dict | None = None
    wellbeing: list = field(default_factory=list)  # ONS4, from accepted reports
    measures: list = field(default_factory=list)  # the funder's outcome measure
    fairness: object = None  # a reports.fairness.Funnel: applied, eligible, scored, funded
    spending: object = None  # a reports.spending.Spending: against plan, cost per person

    @property
    def wellbeing_answered(self):
        return any(row["answered"] for row in self.wellbeing)


def _apply_filters(queryset, filters, *, round_field="round_id", group_prefix="group__"):
    if round_ids(filters):
        queryset = queryset.filter(**{f"{round_field}__in": round_ids(filters)})
    kind = filters.get("kind")
    if kind == "unregistered":
        queryset = queryset.filter(unregistered_q(group_prefix))
    elif kind == "registered":
        queryset = queryset.exclude(unregistered_q(group_prefix))
    elif kind:
        queryset = queryset.filter(**{f"{group_prefix}kind": kind})
    if filters.get("area"):
        queryset = queryset.filter(**{f"{group_prefix}area": filters["area"]})
    return queryset


def querysets(funder, filters, period=None):
    """The filtered applications, live awards, every award and reports of a funder. In a
    `period`: applications sent in it, awards accepted in it, reports due in it (every award
    stays: its money is placed in the period by the awards' selectors)."""
    apps = _apply_filters(sent_applications_of(funder), filters)
    every_award = _apply_filters(awards_of(funder), filters)
    awards = every_award.filter(state__in=FUNDED_AWARD_STATES)
    reports = _apply_filters(
        Report.objects.filter(funder=funder).exclude(
            award__state__in=[AwardState.CANCELLED, AwardState.DECLINED, AwardState.LAPSED]
        ),
        filters,
    )
    if period is not None:
        dates = (period.start, period.end)
        apps = apps.filter(submitted_at__date__range=dates)
        awards = awards.filter(accepted_at__date__range=dates)
        reports = reports.filter(due_on__range=dates)
    return apps, awards, every_award, reports


def _money(every_award, period):
    if period is None:
        return award_money.money(every_award)
    return award_money.money_in_period(every_award, period.start, period.end)


def _money_per_round(every_award, period):
    if period is None:
        return award_money.money_per_round(every_award)
    return award_money.money_per_round_in_period(every_award, period.start, period.end)


def _award_of_application():
    """How an application query reaches its award (the awards app names the relation)."""
    return Award._meta.get_field("application").related_query_name()


def _application_figures():
    funded = funded_application_q()
    unregistered = unregistered_q()
    award = _award_of_application()
    return {
        "received": Count("pk"),
        "received_unregistered": Count("pk", filter=unregistered),
        "asked": Coalesce(Sum("amount_requested"), 0),
        "funded": Count("pk", filter=funded),
        "funded_unregistered": Count("pk", filter=funded & unregistered),
        "awarded": Coalesce(
            Sum(f"{award}__amount", filter=Q(**{f"{award}__state__in": FUNDED_AWARD_STATES})), 0
        ),
    }


def _report_figures(today):
    final_accepted = Q(kind=Report.Kind.FINAL, state=ReportState.ACCEPTED)
    return {
        "reports_in": Count(
            "pk", filter=Q(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED])
        ),
        "reports_accepted": Count("pk", filter=Q(state=ReportState.ACCEPTED)),
        "reports_due": Count("pk", filter=Q(state=ReportState.DUE, due_on__gte=today)),
        "reports_overdue": Count("pk", filter=Q(state=ReportState.DUE, due_on__lt=today)),
        "reports_changes": Count("pk", filter=Q(state=ReportState.CHANGES_REQUESTED)),
        "reports_scheduled": Count("pk", filter=Q(state=ReportState.SCHEDULED)),
        "people": Coalesce(Sum("people_count", filter=final_accepted), 0),
        "sessions": Coalesce(Sum("sessions_count", filter=final_accepted), 0),
        "volunteers": Coalesce(Sum("volunteers_count", filter=final_accepted), 0),
        "volunteer_hours": Coalesce(Sum("volunteer_hours", filter=final_accepted), 0),
    }


def _rate(part, whole):
    return round(100 * part / whole) if whole else 0


def _row(value, figures, label_of=None):
    label = label_of(value) if label_of else value
    return {
        "key": value,
        "label": label or NOT_KNOWN,
        "received": figures["received"],
        "funded": figures["funded"],
        "awarded": figures["awarded"],
        "asked": figures["asked"],
        "success_rate": _rate(figures["funded"], figures["received"]),
    }


def _breakdown(apps, key, label_of=None):
    rows = apps.values(key).annotate(**_application_figures()).order_by(key)
    return [_row(row[key], row, label_of) for row in rows]


ADDED_UP = ("received", "funded", "awarded", "asked")


def _located_breakdowns(apps, ward_label, decile_label):
    """Breakdowns by ward, by deprivation decile and by local authority, in two queries
    whatever the data: the figures for each postcode, then the area of each of those postcodes.
    (Looking up the area row by row inside the grouping query costs far more as the
    applications grow.)"""
    keyed = apps.annotate(postcode_key=postcode_key_expression())
    per_postcode = list(keyed.values("postcode_key").annotate(**_application_figures()).order_by())
    area_of = {
        key: (ward or "", decile, authority or "")
        for key, ward, decile, authority in PostcodeArea.objects.filter(
            postcode_key__in=keyed.values("postcode_key")
        ).values_list("postcode_key", "ward_name", "imd_decile", "la_name")
    }
    wards, deciles, authorities = {}, {}, {}
    for row in per_postcode:
        place = area_of.get(row["postcode_key"], ("", None, ""))
        for totals, value in zip((wards, deciles, authorities), place, strict=True):
            into = totals.setdefault(value, dict.fromkeys(ADDED_UP, 0))
            for name in ADDED_UP:
                into[name] += row[name]

    def ordered(totals, label_of):
        # Known values in order, then "Not known" last.
        known = sorted(value for value in totals if value not in ("", None))
        unknown = [value for value in totals if value in ("", None)]
        return [_row(value, totals[value], label_of) for value in known + unknown]

    return ordered(wards, ward_label), ordered(deciles, decile_label), ordered(authorities, None)


def _headline(apps, awards, every_award, reports, today, period=None):
    """The headline figures (one aggregate per set)."""
    head = apps.aggregate(**_application_figures())
    head.pop("awarded")
    head.update(
        awards.aggregate(
            grants=Count("pk"),
            awarded=Coalesce(Sum("amount"), 0),
            groups=Count("group", distinct=True),
            groups_unregistered=Count("group", distinct=True, filter=unregistered_q()),
        )
    )
    ledger = _money(every_award, period)
    head["paid"] = ledger.net_paid
    head["offered"] = ledger.offered
    head.update(reports.aggregate(**_report_figures(today)))
    head["success_rate"] = _rate(head["funded"], head["received"])
    head["success_rate_unregistered"] = _rate(
        head["funded_unregistered"], head["received_unregistered"]
    )
    head["unregistered_share"] = _rate(head["received_unregistered"], head["received"])
    return head


def _by_round(rounds, filters, sets, today, period):
    """The figures of each round (four grouped queries, merged here)."""
    apps, awards, every_award, reports = sets
    chosen = round_ids(filters)
    per_round = {
        r.pk: {"round": r, "received": 0, "received_unregistered": 0, "asked": 0, "funded": 0}
        for r in rounds
        if not chosen or r.pk in chosen
    }
    blank = {
        "awarded": 0, "grants": 0, "paid": 0, "people": 0, "volunteer_hours": 0, "sessions": 0,
        "reports_in": 0, "reports_due": 0, "reports_overdue": 0,
    }  # fmt: skip
    for row in per_round.values():
        row.update(blank)
    figures = _application_figures()
    figures.pop("awarded")
    for row in apps.values("round_id").annotate(**figures).order_by("round_id"):
        per_round.get(row["round_id"], {}).update(row)
    for row in (
        awards.values("round_id")
        .annotate(awarded=Coalesce(Sum("amount"), 0), grants=Count("pk"))
        .order_by("round_id")
    ):
        per_round.get(row["round_id"], {}).update(row)
    for round_id, figures in _money_per_round(every_award, period).items():
        per_round.get(round_id, {}).update(paid=figures.net_paid, money=figures)
    report_figures = _report_figures(today)
    for row in reports.values("round_id").annotate(**report_figures).order_by("round_id"):
        per_round.get(row["round_id"], {}).update(row)
    for row in per_round.values():
        row["success_rate"] = _rate(row["funded"], row["received"])
    # A round is listed when something happened in it: applications, grants or money paid.
    return [row for row in per_round.values() if row["received"] or row["grants"] or row["paid"]]


def _decile_label(decile):
    if not decile:
        return None
    core20 = decile in CORE20_DECILES
    words = gettext("Decile %(decile)s (Core20)") if core20 else gettext("Decile %(decile)s")
    return words % {"decile": decile}


def _core20(deciles):
    """Core20 figures from the breakdown by decile: the shares are of the applications (and
    the money awarded to them) in that breakdown, so a share never passes 100%."""
    core20 = [r for r in deciles if r["key"] in CORE20_DECILES]
    figures = {name: sum(r[name] for r in core20) for name in ("received", "funded", "awarded")}
    return {
        "core20_received": figures["received"],
        "core20_funded": figures["funded"],
        "core20_awarded": figures["awarded"],
        "core20_share_of_applications": _rate(
            figures["received"], sum(r["received"] for r in deciles)
        ),
        "core20_share_of_money": _rate(figures["awarded"], sum(r["awarded"] for r in deciles)),
        "located": sum(r["received"] for r in deciles if r["key"]),
    }


PLAN_FIGURES = ("budget", "offered", "accepted", "paid", "to_recover", "left")


def _plan(by_round, whole_rounds):
    """Money against plan for whole rounds: [row], total. When the figures per round are
    already for whole rounds (no period, kind or area chosen) they are used again; otherwise
    three queries, whatever the data."""
    rounds = [row["round"] for row in by_round]
    if whole_rounds:
        money = [(row["round"], replace(row.get("money", Money()), budget=row["round"].budget))
                 for row in by_round]  # fmt: skip
    else:
        money = award_money.rounds_money(rounds)
    rows = [
        {"round": rnd, "budget": m.budget, "offered": m.offered, "accepted": m.awarded,
         "paid": m.net_paid, "to_recover": m.to_recover, "left": m.left}
        for rnd, m in money
    ]  # fmt: skip
    total = {name: sum(row[name] or 0 for row in rows) for name in PLAN_FIGURES}
    if any(row["budget"] is None for row in rows):
        total["left"] = None  # a round without a budget: nothing to say is left
    return rows, total


def outcomes(funder, filters=None, *, today=None, rounds=None):
    """All the dashboard's figures for `funder` with `filters` (rounds, kind, area, and a
    financial year or dates)."""
    filters = filters or {}
    today = today or timezone.localdate()
    result = Outcomes(funder=funder, filters=filters, today=today, period=period_of(filters))
    sets = querysets(funder, filters, result.period)

    head = _headline(*sets, today, result.period)
    head["extra"] = _extra_figures(funder)
    head.update({key: value for key, _label, value in head["extra"]})
    result.headline = head
    if result.period is not None:
        result.previous_period = result.period.previous()
        before = querysets(funder, filters, result.previous_period)  # used again for Core20
        result.previous = _headline(*before, today, result.previous_period)

    rounds = list(rounds_of(funder)) if rounds is None else rounds
    result.by_round = _by_round(rounds, filters, sets, today, result.period)
    whole_rounds = result.period is None and not filters.get("kind") and not filters.get("area")
    result.plan, result.plan_total = _plan(result.by_round, whole_rounds)
    apps = sets[0]

    # Breakdowns
    kinds = dict(Group.Kind.choices)
    result.themes = _breakdown(apps, "theme")
    result.kinds = _breakdown(apps, "group__kind", lambda k: kinds.get(k, k))
    result.areas = _breakdown(apps, "group__area")
    result.area_data_loaded = LsoaDeprivation.objects.exists()
    result.wards, result.deciles, result.authorities = _located_breakdowns(
        apps, None, _decile_label
    )
    head.update(_core20(result.deciles))
    head["area_data_loaded"] = result.area_data_loaded
    if result.previous is not None and result.area_data_loaded:
        result.previous.update(_core20(_located_breakdowns(before[0], None, _decile_label)[1]))

    result.fairness = fairness_funnel(
        apps, area_data_loaded=result.area_data_loaded, postcode_key=postcode_key_expression()
    )
    result.spending = spending(sets[3])
    answers = answers_of(sets[3])
    result.wellbeing = wellbeing(answers)
    result.measures = outcome_measures(answers)
    result.charts = charts_for(result)
    return result


def _decile_charts(result):
    return [
        bar_chart(
            "chart-deciles",
            gettext("Applications by deprivation decile"),
            gettext(
                "Decile 1 is the most deprived tenth of areas in England. Core20 is deciles 1 "
                "and 2."
            ),
            [(r["label"], r["received"]) for r in result.deciles],
        ),
        bar_chart(
            "chart-decile-money",
            gettext("Money awarded by deprivation decile"),
            gettext("Money awarded in pounds, by the deprivation decile of the group's postcode."),
            [(r["label"], r["awarded"]) for r in result.deciles],
            fmt=money,
        ),
    ]


def charts_for(result):
    h = result.headline
    charts = [
        bar_chart(
            "chart-money",
            gettext("Money asked for, awarded and paid"),
            gettext("Money in pounds."),
            [
                (gettext("Asked for"), h["asked"]),
                (gettext("Awarded"), h["awarded"]),
                (gettext("Paid"), h["paid"]),
            ],
            fmt=money,
        ),
        bar_chart(
            "chart-kinds",
            gettext("Applications by kind of group"),
            gettext("How many applications came from each kind of group."),
            [(r["label"], r["received"]) for r in result.kinds],
        ),
        bar_chart(
            "chart-themes",
            gettext("Money awarded by theme"),
            gettext("Money awarded in pounds, for each theme."),
            [(r["label"], r["awarded"]) for r in result.themes],
            fmt=money,
        ),
        bar_chart(
            "chart-areas",
            gettext("Money awarded by area"),
            gettext("Money awarded in pounds, by the area the group named."),
            [(r["label"], r["awarded"]) for r in result.areas],
            fmt=money,
        ),
    ]
    if result.area_data_loaded:
        charts += _decile_charts(result)
    charts.append(
        bar_chart(
            "chart-reports",
            gettext("Reports"),
            gettext("How many reports are in, due, overdue or sent back for changes."),
            [
                (pgettext("reports that are", "In"), h["reports_in"]),
                (gettext("Due"), h["reports_due"]),
                (gettext("Overdue"), h["reports_overdue"]),
                (gettext("Changes asked for"), h["reports_changes"]),
            ],
        )
    )
    return charts
