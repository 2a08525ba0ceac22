"""The sums behind the panel's results, as plain functions with no database.

A member's *score* for an application is the average of their scores on the round's criteria, so
it sits on the round's scale (for example 1 to 4).

Some people score everything high and some score everything low. The *normalised* score evens
that out: each member's scores are turned into z-scores (how far each is above or below that
member's own average, in units of that member's own spread: mean 0, standard deviation 1). A
member with only one score, or who gave every application the same score, tells us nothing
about harshness, so their z-scores are 0. An application's normalised score is the average of
its z-scores, put back on the round's scale (the panel's overall average plus that many of the
panel's overall standard deviations) so it can be read beside the plain average.

Money is added up with whole pounds or Decimal, never floats.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import fmean, median, pstdev

Key = Hashable


def average_of_criteria(values: Iterable[int]) -> float | None:
    values = list(values)
    return fmean(values) if values else None


def z_scores(scores: Mapping[tuple[Key, Key], float]) -> dict[tuple[Key, Key], float]:
    """`{(member, application): score}` → the same keys with each member's scores standardised.

    A member's z-score for an application is (score − member's mean) ÷ member's standard
    deviation (population, so a member's z-scores have mean 0 and standard deviation 1). Members
    with fewer than two scores, or no spread at all, get 0 for each.
    """
    by_member: dict[Key, dict[Key, float]] = defaultdict(dict)
    for (member, application), score in scores.items():
        by_member[member][application] = float(score)
    result = {}
    for member, given in by_member.items():
        values = list(given.values())
        spread = pstdev(values) if len(values) >= 2 else 0.0
        centre = fmean(values)
        for application, score in given.items():
            result[(member, application)] = (score - centre) / spread if spread > 0 else 0.0
    return result


def normalised_means(scores: Mapping[tuple[Key, Key], float]) -> dict[Key, float]:
    """The average z-score of each application that has at least one score."""
    per_application: dict[Key, list[float]] = defaultdict(list)
    for (_member, application), z in z_scores(scores).items():
        per_application[application].append(z)
    return {application: fmean(zs) for application, zs in per_application.items()}


def rescale(z: float, *, centre: float, spread: float, low: float, high: float) -> float:
    """Put an average z-score back on the round's scale: centre + z × spread, kept in range."""
    value = centre + z * spread
    return min(max(value, low), high)


def is_wide_disagreement(values: Iterable[float], *, low: float, high: float) -> bool:
    """Scores are far apart when the highest and lowest differ by half the scale or more
    (on a 1 to 4 scale: 1.5 points or more)."""
    values = list(values)
    if len(values) < 2:
        return False
    return (max(values) - min(values)) >= (high - low) / 2


def within_budget(amounts: Iterable[int | Decimal | None], budget: int | Decimal | None) -> int:
    """How many of the applications, in ranked order, fit in the budget when added up in turn.

    The budget line is drawn after that many: the first one that would take the running total
    over the budget is below the line. Missing amounts count as £0. No budget: all fit.
    """
    amounts = [Decimal(a or 0) for a in amounts]
    if budget is None:
        return len(amounts)
    running = Decimal(0)
    for index, amount in enumerate(amounts):
        running += amount
        if running > Decimal(budget):
            return index
    return len(amounts)


@dataclass
class ApplicationResult:
    key: Key
    scores: list[float] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    normalised_z: float | None = None
    normalised: float | None = None
    wide_disagreement: bool = False
    lowest: float | None = None
    highest: float | None = None
    rank: int | None = None

    @property
    def count(self) -> int:
        return len(self.scores)


def summarise(
    scores: Mapping[tuple[Key, Key], float],
    applications: Iterable[Key],
    *,
    low: float,
    high: float,
) -> list[ApplicationResult]:
    """Every application's mean, median, count, normalised score and disagreement flag, ranked
    best first (normalised score, then mean, then most scorers). Unscored ones come last, in the
    order given."""
    applications = list(applications)
    order = {key: i for i, key in enumerate(applications)}
    results = {key: ApplicationResult(key=key) for key in applications}
    for (_member, application), score in scores.items():
        if application in results:
            results[application].scores.append(float(score))
    used = {k: v for k, v in scores.items() if k[1] in results}
    all_values = [float(v) for v in used.values()]
    centre = fmean(all_values) if all_values else (low + high) / 2
    spread = pstdev(all_values) if len(all_values) >= 2 else 0.0
    normalised = normalised_means(used)
    for key, result in results.items():
        if not result.scores:
            continue
        result.mean = fmean(result.scores)
        result.median = median(result.scores)
        result.lowest, result.highest = min(result.scores), max(result.scores)
        result.normalised_z = normalised[key]
        result.normalised = rescale(
            result.normalised_z, centre=centre, spread=spread, low=low, high=high
        )
        result.wide_disagreement = is_wide_disagreement(result.scores, low=low, high=high)
    ranked = sorted(
        results.values(),
        key=lambda r: (
            r.normalised_z is None,
            -(r.normalised_z or 0.0),
            -(r.mean or 0.0),
            -r.count,
            order[r.key],
        ),
    )
    for rank, result in enumerate(ranked, start=1):
        result.rank = rank if result.scores else None
    return ranked
