"""The round's reporting tier for a grant of a given size, and when its reports are due (the
one rule both the letters and the reports app follow)."""

from datetime import timedelta

from grants.round_template import DEFAULT_REPORTING_TIERS

FINAL_REPORT_DAYS_AFTER_END = 30  # the end report is due a month after the project ends


def reporting_tier_for(rnd, amount):
    """The round's reporting tier for a grant of `amount` pounds (a copy of the tier dict).

    Tiers are `[{"up_to": int | None, "name", "mid_point", "numbers", "outcome_measure"}]`,
    smallest first; `up_to: None` means "any amount above"."""
    tiers = rnd.reporting_tiers or DEFAULT_REPORTING_TIERS
    ordered = sorted(tiers, key=lambda t: (t.get("up_to") is None, t.get("up_to") or 0))
    for tier in ordered:
        if tier.get("up_to") is None or amount <= tier["up_to"]:
            return dict(tier)
    return dict(ordered[-1]) if ordered else {}


def report_due_dates(tier, start, end):
    """When the reports of a grant with this reporting `tier` are due, from its start and end:
    [("mid_point", date), ("final", date)] — half way through only when the tier asks for it,
    the end report a month after the end. A date that needs a missing start or end is None."""
    dates = []
    if tier.get("mid_point"):
        dates.append(("mid_point", start + (end - start) / 2 if start and end else None))
    dates.append(("final", end + timedelta(days=FINAL_REPORT_DAYS_AFTER_END) if end else None))
    return dates
