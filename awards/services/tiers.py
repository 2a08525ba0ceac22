"""The round's reporting tier for a grant of a given size."""

from grants.round_template import DEFAULT_REPORTING_TIERS


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
