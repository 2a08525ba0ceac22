"""The dashboard's figures as people read them: the headline figures (in words for the page
and the PDF, typed for the spreadsheet), the filters in words, the board's one-page summary
and money against plan. One list of figures, so the page, the PDF and the spreadsheet agree.
"""

from grants.selectors import rounds_of

from .charts import money, number
from .forms import KIND_CHOICES
from .periods import round_ids

NUMBER, MONEY, PERCENT = "number", "money", "percent"

# (label, key in the headline, kind): the order they are shown in.
HEADLINE = [
    ("Applications received", "received", NUMBER),
    ("Applications from unregistered groups", "received_unregistered", NUMBER),
    ("Share of applications from unregistered groups", "unregistered_share", PERCENT),
    ("Money asked for", "asked", MONEY),
    ("Grants awarded", "grants", NUMBER),
    ("Money awarded", "awarded", MONEY),
    ("Money paid", "paid", MONEY),
    ("Success rate", "success_rate", PERCENT),
    ("Success rate for unregistered groups", "success_rate_unregistered", PERCENT),
    ("Groups funded", "groups", NUMBER),
    ("Unregistered groups funded", "groups_unregistered", NUMBER),
    ("People reached", "people", NUMBER),
    ("Sessions or events", "sessions", NUMBER),
    ("Volunteers", "volunteers", NUMBER),
    ("Volunteer hours", "volunteer_hours", NUMBER),
    ("Reports in", "reports_in", NUMBER),
    ("Reports due", "reports_due", NUMBER),
    ("Reports overdue", "reports_overdue", NUMBER),
]

# Shown once area data is loaded (deprivation comes from the group's postcode).
CORE20_HEADLINE = [
    ("Applications from Core20 areas (most deprived 20%)", "core20_received", NUMBER),
    ("Share of applications from Core20 areas", "core20_share_of_applications", PERCENT),
    ("Share of money to Core20 areas", "core20_share_of_money", PERCENT),
]

# How the table of wards can be sorted: key -> column heading. Words go A to Z, numbers
# biggest first; "Not known" stays last.
WARD_COLUMNS = {
    "label": "Ward",
    "received": "Applications",
    "funded": "Funded",
    "success_rate": "Success rate",
    "awarded": "Money awarded",
}
WARDS_BY_DEFAULT = "awarded"

PLAN_COLUMNS = [
    ("Budget", "budget"),
    ("Offered, waiting for an answer", "offered"),
    ("Accepted", "accepted"),
    ("Paid", "paid"),
    ("To recover", "to_recover"),
    ("Left", "left"),
]


def counted(value, noun):
    """3 grants, 1 grant."""
    return f"{number(value)} {noun}{'' if value == 1 else 's'}"


def in_words(value, kind):
    if value is None:
        return "No budget set" if kind == MONEY else ""
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
        words.append(("Period", result.period.label if result.period else "Any time"))
        if result.previous_period is not None:
            words.append(("Compared with", result.previous_period.label))
    return words + [
        ("Rounds" if len(titles) > 1 else "Round", ", ".join(titles) or "All rounds"),
        ("Groups", kinds.get(filters.get("kind") or "", filters.get("kind"))),
        ("Area", filters.get("area") or "All areas"),
    ]


def filter_line(words):
    """The filters on one line, for the top of every PDF page (without the comparison)."""
    return " · ".join(which for what, which in words if what != "Compared with")


def plan_rows(result):
    """Money against plan in words: [(round title, [figure, ...])], then the total."""
    rows = [(row["round"].title, row) for row in result.plan]
    if result.plan_total is not None and len(rows) > 1:
        rows.append(("All these rounds", result.plan_total))
    return [
        (title, [in_words(row[key], MONEY) for _label, key in PLAN_COLUMNS]) for title, row in rows
    ]


def _compared(previous, key, kind):
    if previous is None:
        return ""
    return f" (the period before: {in_words(previous[key], kind)})"


def board_summary(result):
    """The five figures a board asks for: [(figure, sentence)]."""
    h, before = result.headline, result.previous
    total = result.plan_total or {}
    budget = ""
    if total.get("budget") and total.get("left") is not None:
        budget = (
            f" Of these rounds' budgets of {money(total['budget'])}, "
            f"{money(total['left'])} is left."
        )
    return [
        (
            money(h["awarded"]),
            f"awarded in {counted(h['grants'], 'grant')} to {counted(h['groups'], 'group')}"
            f"{_compared(before, 'awarded', MONEY)}.{budget}",
        ),
        (
            money(h["paid"]),
            f"paid to groups, less any money given back{_compared(before, 'paid', MONEY)}.",
        ),
        (
            f"{h['success_rate']}%",
            f"of {counted(h['received'], 'application')} received were funded"
            f"{_compared(before, 'success_rate', PERCENT)}.",
        ),
        (
            f"{number(h['groups_unregistered'])} of {number(h['groups'])}",
            "groups funded are not registered: informal groups, or groups with no charity or "
            f"company number{_compared(before, 'groups_unregistered', NUMBER)}.",
        ),
        (
            number(h["people"]),
            "people reached, as groups told us in accepted end reports"
            f"{_compared(before, 'people', NUMBER)}. Reports overdue: "
            f"{number(h['reports_overdue'])}.",
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
