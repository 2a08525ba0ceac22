"""The dashboard's figures as people read them: the headline figures (in words for the page
and the PDF, typed for the spreadsheet), the filters in words, the board's one-page summary
and money against plan. One list of figures, so the page, the PDF and the spreadsheet agree.
"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from grants.selectors import rounds_of

from .charts import money, number
from .forms import KIND_CHOICES
from .periods import round_ids

NUMBER, MONEY, PERCENT = "number", "money", "percent"

# (label, key in the headline, kind): the order they are shown in.
HEADLINE = [
    (_("Applications received"), "received", NUMBER),
    (_("Applications from unregistered groups"), "received_unregistered", NUMBER),
    (_("Share of applications from unregistered groups"), "unregistered_share", PERCENT),
    (_("Money asked for"), "asked", MONEY),
    (_("Grants awarded"), "grants", NUMBER),
    (_("Money awarded"), "awarded", MONEY),
    (_("Money paid"), "paid", MONEY),
    (_("Success rate"), "success_rate", PERCENT),
    (_("Success rate for unregistered groups"), "success_rate_unregistered", PERCENT),
    (_("Groups funded"), "groups", NUMBER),
    (_("Unregistered groups funded"), "groups_unregistered", NUMBER),
    (_("People reached"), "people", NUMBER),
    (_("Sessions or events"), "sessions", NUMBER),
    (_("Volunteers"), "volunteers", NUMBER),
    (_("Volunteer hours"), "volunteer_hours", NUMBER),
    (_("Reports in"), "reports_in", NUMBER),
    (_("Reports due"), "reports_due", NUMBER),
    (_("Reports overdue"), "reports_overdue", NUMBER),
]

# Shown once area data is loaded (deprivation comes from the group's postcode).
CORE20_HEADLINE = [
    (_("Applications from Core20 areas (most deprived 20%)"), "core20_received", NUMBER),
    (_("Share of applications from Core20 areas"), "core20_share_of_applications", PERCENT),
    (_("Share of money to Core20 areas"), "core20_share_of_money", PERCENT),
]

# How the table of wards can be sorted: key -> column heading. Words go A to Z, numbers
# biggest first; "Not known" stays last.
WARD_COLUMNS = {
    "label": _("Ward"),
    "received": _("Applications"),
    "funded": _("Funded"),
    "success_rate": _("Success rate"),
    "awarded": _("Money awarded"),
}
WARDS_BY_DEFAULT = "awarded"

PLAN_COLUMNS = [
    (_("Budget"), "budget"),
    (_("Offered, waiting for an answer"), "offered"),
    (_("Accepted"), "accepted"),
    (_("Paid"), "paid"),
    (_("To recover"), "to_recover"),
    (_("Left"), "left"),
]

# The filter that names the period compared with (left off the line atop each PDF page).
COMPARED_WITH = _("Compared with")


def _count(message, value):
    """3 grants, 1 grant: `message` is the ngettext(...) for `value`, holding %(count)s."""
    return message % {"count": number(value)}


def in_words(value, kind):
    if value is None:
        return gettext("No budget set") if kind == MONEY else ""
    if kind == MONEY:
        return money(value)
    if kind == PERCENT:
        return f"{value}%"
    return number(value)


def headline_figures(headline, previous=None):
    """[(label, value, value before or None, kind)], typed: for the spreadsheet."""
    spec = HEADLINE + (CORE20_HEADLINE if headline.get("area_data_loaded") else [])
    rows = [
        (label, headline[key], previous.get(key) if previous else None, kind)
        for label, key, kind in spec
    ]
    return rows + [(label, value, None, NUMBER) for _k, label, value in headline.get("extra", [])]


def headline_rows(headline, previous=None):
    """[{label, value, before}] in words, for the page and the PDF (`before`: the period
    before, or "" when nothing is compared)."""
    return [
        {
            "label": label,
            "value": in_words(value, kind),
            "before": "" if previous is None or before is None else in_words(before, kind),
        }
        for label, value, before, kind in headline_figures(headline, previous)
    ]


def filter_words(funder, filters, result=None):
    """The filters the figures were worked out with, in words: [(what, which)]."""
    filters = filters or {}
    chosen = round_ids(filters)
    titles = [r.title for r in rounds_of(funder).filter(pk__in=chosen)] if chosen else []
    kinds = dict(KIND_CHOICES)
    words = []
    if result is not None:
        words.append(
            (gettext("Period"), result.period.label if result.period else gettext("Any time"))
        )
        if result.previous_period is not None:
            words.append((COMPARED_WITH, result.previous_period.label))
    return words + [
        (
            gettext("Rounds") if len(titles) > 1 else gettext("Round"),
            ", ".join(titles) or gettext("All rounds"),
        ),
        (gettext("Groups"), kinds.get(filters.get("kind") or "", filters.get("kind"))),
        (gettext("Area"), filters.get("area") or gettext("All areas")),
    ]


def filter_line(words):
    """The filters on one line, for the top of every PDF page (without the comparison)."""
    return " · ".join(str(which) for what, which in words if str(what) != str(COMPARED_WITH))


def plan_rows(result):
    """Money against plan in words: [(round title, [figure, ...])], then the total."""
    rows = [(row["round"].title, row) for row in result.plan]
    if result.plan_total is not None and len(rows) > 1:
        rows.append((gettext("All these rounds"), result.plan_total))
    return [
        (title, [in_words(row[key], MONEY) for _label, key in PLAN_COLUMNS]) for title, row in rows
    ]


def _compared(previous, key, kind):
    """(the period before: £1,000), or "" when nothing is compared."""
    if previous is None:
        return ""
    return " " + gettext("(the period before: %(value)s)") % {
        "value": in_words(previous[key], kind)
    }


def board_summary(result):
    """The five figures a board asks for: [(figure, sentence)]. In each sentence,
    %(compared)s is the figure of the period before, or nothing."""
    h, before = result.headline, result.previous
    total = result.plan_total or {}
    budget = ""
    if total.get("budget") and total.get("left") is not None:
        budget = " " + gettext("Of these rounds' budgets of %(budget)s, %(left)s is left.") % {
            "budget": money(total["budget"]),
            "left": money(total["left"]),
        }
    # Translators: %(compared)s is nothing, or “ (the period before: …)”, space first.
    awarded = gettext("awarded in %(grants)s to %(groups)s%(compared)s.") % {
        "grants": _count(ngettext("%(count)s grant", "%(count)s grants", h["grants"]), h["grants"]),
        "groups": _count(ngettext("%(count)s group", "%(count)s groups", h["groups"]), h["groups"]),
        "compared": _compared(before, "awarded", MONEY),
    }
    return [
        (money(h["awarded"]), awarded + budget),
        (
            money(h["paid"]),
            # Translators: %(compared)s is nothing, or “ (the period before: …)”, space first.
            gettext("paid to groups, less any money given back%(compared)s.")
            % {"compared": _compared(before, "paid", MONEY)},
        ),
        (
            f"{h['success_rate']}%",
            # Translators: %(compared)s is nothing, or “ (the period before: …)”, space first.
            gettext("of %(applications)s received were funded%(compared)s.")
            % {
                "applications": _count(
                    ngettext("%(count)s application", "%(count)s applications", h["received"]),
                    h["received"],
                ),
                "compared": _compared(before, "success_rate", PERCENT),
            },
        ),
        (
            gettext("%(part)s of %(whole)s")
            % {"part": number(h["groups_unregistered"]), "whole": number(h["groups"])},
            # Translators: %(compared)s is nothing, or “ (the period before: …)”, space first.
            gettext(
                "groups funded are not registered: informal groups, or groups with no charity "
                "or company number%(compared)s."
            )
            % {"compared": _compared(before, "groups_unregistered", NUMBER)},
        ),
        (
            number(h["people"]),
            # Translators: %(compared)s is nothing, or “ (the period before: …)”, space first.
            gettext(
                "people reached, as groups told us in accepted end reports%(compared)s. "
                "Reports overdue: %(overdue)s."
            )
            % {
                "compared": _compared(before, "people", NUMBER),
                "overdue": number(h["reports_overdue"]),
            },
        ),
    ]


def sorted_rows(rows, by):
    """(the column sorted by, the rows in that order) for a breakdown such as wards."""
    by = by if by in WARD_COLUMNS else WARDS_BY_DEFAULT
    known = [row for row in rows if row["key"] not in ("", None)]
    unknown = [row for row in rows if row["key"] in ("", None)]
    if by == "label":
        known.sort(key=lambda row: str(row["label"]).lower())
    else:
        known.sort(key=lambda row: (-row[by], str(row["label"]).lower()))
    return by, known + unknown
