"""The aggregation maths, against examples worked out by hand."""

from decimal import Decimal
from math import sqrt

import pytest

from panels.scoring import (
    is_wide_disagreement,
    normalised_means,
    rescale,
    summarise,
    within_budget,
    z_scores,
)

# A (harsh) scores X=1, Y=2, Z=3. B (lenient) scores X=3, Y=4 and not Z.
EXAMPLE = {("A", "X"): 1, ("A", "Y"): 2, ("A", "Z"): 3, ("B", "X"): 3, ("B", "Y"): 4}


def test_z_scores_by_hand():
    # A: mean 2, population sd sqrt(((1-2)² + 0 + (3-2)²)/3) = sqrt(2/3) ≈ 0.8165
    # B: mean 3.5, population sd 0.5
    z = z_scores(EXAMPLE)
    assert z[("A", "X")] == pytest.approx(-1 / sqrt(2 / 3))  # -1.2247
    assert z[("A", "Y")] == pytest.approx(0)
    assert z[("A", "Z")] == pytest.approx(1 / sqrt(2 / 3))  # +1.2247
    assert z[("B", "X")] == pytest.approx(-1)
    assert z[("B", "Y")] == pytest.approx(1)


def test_each_members_z_scores_have_mean_0_and_sd_1():
    z = z_scores({("M", a): v for a, v in zip("PQRST", [1, 4, 2, 2, 3], strict=True)})
    values = list(z.values())
    mean = sum(values) / len(values)
    sd = sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    assert mean == pytest.approx(0)
    assert sd == pytest.approx(1)


def test_one_score_or_no_spread_gives_zero():
    z = z_scores({("C", "X"): 4, ("D", "X"): 2, ("D", "Y"): 2, ("D", "Z"): 2})
    assert set(z.values()) == {0.0}


def test_normalised_means_by_hand():
    n = normalised_means(EXAMPLE)
    assert n["X"] == pytest.approx((-1.224745 + -1) / 2, abs=1e-5)  # -1.1124
    assert n["Y"] == pytest.approx((0 + 1) / 2)  # 0.5
    assert n["Z"] == pytest.approx(1.224745, abs=1e-5)


def test_summary_ranks_by_normalised_score_and_rescales_to_the_scale():
    ranked = summarise(EXAMPLE, ["X", "Y", "Z"], low=1, high=4)
    # Plain means: X 2, Y 3, Z 3 — Y and Z tie. Corrected for A's harshness, Z comes first.
    assert [r.key for r in ranked] == ["Z", "Y", "X"]
    by_key = {r.key: r for r in ranked}
    assert by_key["Y"].mean == pytest.approx(3)
    assert by_key["Y"].median == pytest.approx(3)
    assert by_key["Z"].count == 1
    # All five scores: mean 13/5 = 2.6; population sd sqrt(5.2/5) = sqrt(1.04) ≈ 1.0198.
    spread = sqrt(1.04)
    assert by_key["Z"].normalised == pytest.approx(2.6 + 1.224745 * spread, abs=1e-4)  # 3.849
    assert by_key["Y"].normalised == pytest.approx(2.6 + 0.5 * spread, abs=1e-4)  # 3.110
    assert by_key["X"].normalised == pytest.approx(2.6 - 1.112372 * spread, abs=1e-4)  # 1.466
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_median_of_an_even_number_of_scores():
    ranked = summarise(
        {("A", "X"): 1, ("B", "X"): 2, ("C", "X"): 4, ("D", "X"): 4}, ["X"], low=1, high=4
    )
    assert ranked[0].median == pytest.approx(3)
    assert ranked[0].mean == pytest.approx(2.75)


def test_unscored_applications_come_last_without_a_rank():
    ranked = summarise(EXAMPLE, ["W", "X", "Y", "Z"], low=1, high=4)
    assert ranked[-1].key == "W"
    assert ranked[-1].rank is None
    assert ranked[-1].mean is None


def test_rescaled_scores_stay_on_the_scale():
    assert rescale(10, centre=2.5, spread=1, low=1, high=4) == 4
    assert rescale(-10, centre=2.5, spread=1, low=1, high=4) == 1
    assert rescale(0.5, centre=2.5, spread=1, low=1, high=4) == 3


def test_wide_disagreement_is_half_the_scale_or_more():
    assert is_wide_disagreement([1, 2.5], low=1, high=4)  # 1.5 apart on a 1–4 scale
    assert not is_wide_disagreement([1, 2.25], low=1, high=4)
    assert not is_wide_disagreement([1], low=1, high=4)
    assert is_wide_disagreement([3, 8], low=1, high=10)  # 5 ≥ 4.5


def test_the_budget_line_falls_where_the_money_runs_out():
    assert within_budget([400, 300, 500, 100], 1000) == 2  # 400+300=700; +500 = 1200 > 1000
    assert within_budget([400, 600], 1000) == 2  # exactly the budget fits
    assert within_budget([1200, 100], 1000) == 0
    assert within_budget([Decimal("333.33")] * 3, Decimal("999.99")) == 3
    assert within_budget([None, 500], 400) == 1
    assert within_budget([100, 200], None) == 2
