"""Tests for analytics.change against hand-computed binomial sums and textbook intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.change import (
    DECREASE,
    INCREASE,
    NO_CERTAIN_CHANGE,
    RateChange,
    ShareChange,
    compare_rates,
    compare_shares,
    wilson_interval,
    year_over_year,
)


def _hand_two_sided_binomial_p(successes: int, trials: int, probability: float) -> float:
    """Exact two-sided p: sum of all outcome probabilities no larger than the observed one."""
    pmf = stats.binom.pmf(np.arange(trials + 1), trials, probability)
    observed = pmf[successes]
    return float(min(1.0, pmf[pmf <= observed * (1 + 1e-7)].sum()))


def _rate_ratio_to_proportion(rate_ratio: float, population_before: float, after: float) -> float:
    """Invert RR = p / (1 - p) * pop_before / pop_after to the after-share p."""
    odds = rate_ratio * after / population_before
    return odds / (1.0 + odds)


def test_constants() -> None:
    assert (INCREASE, DECREASE, NO_CERTAIN_CHANGE) == ("increase", "decrease", "no_certain_change")


def test_equal_populations_p_value_from_pure_combinatorics() -> None:
    # 10 vs 25 events in equal populations: k_after ~ Bin(35, 1/2); symmetric two-sided p is
    # 2 * sum_{j>=25} C(35, j) / 2^35.
    expected_p = 2 * sum(math.comb(35, j) for j in range(25, 36)) / 2**35
    result = compare_rates(10, 10_000, 25, 10_000)
    assert isinstance(result, RateChange)
    assert result.p_value == pytest.approx(expected_p, rel=1e-9)
    assert result.p_value == pytest.approx(0.016674, abs=1e-6)
    assert result.rate_before == pytest.approx(100.0)
    assert result.rate_after == pytest.approx(250.0)
    assert result.rate_ratio == pytest.approx(2.5)
    assert result.lower < 2.5 < result.upper
    assert result.verdict == INCREASE
    assert (result.count_before, result.count_after) == (10, 25)


def test_unequal_populations_p_value_matches_summed_binomial_pmf() -> None:
    result = compare_rates(98, 11_800, 144, 12_330)
    null_share = 12_330 / (11_800 + 12_330)
    assert result.p_value == pytest.approx(
        _hand_two_sided_binomial_p(144, 242, null_share), rel=1e-9
    )
    assert result.rate_ratio == pytest.approx((144 / 12_330) / (98 / 11_800), rel=1e-12)
    assert result.verdict == INCREASE


@pytest.mark.parametrize(
    ("before", "population_before", "after", "population_after"),
    [
        (10, 10_000, 25, 10_000),
        (98, 11_800, 144, 12_330),
        (3, 12_000, 1, 12_300),
        (0, 9000, 4, 9100),
    ],
)
@pytest.mark.parametrize("confidence", [0.90, 0.95])
def test_rate_ratio_limits_are_clopper_pearson_limits(
    before: int, population_before: float, after: int, population_after: float, confidence: float
) -> None:
    alpha = 1.0 - confidence
    total = before + after
    result = compare_rates(
        before, population_before, after, population_after, confidence=confidence
    )
    lower_share = _rate_ratio_to_proportion(result.lower, population_before, population_after)
    # Defining property of the exact interval: P(X >= k | pL) = alpha/2 ...
    assert stats.binom.sf(after - 1, total, lower_share) == pytest.approx(alpha / 2, rel=1e-6)
    if before > 0:
        upper_share = _rate_ratio_to_proportion(result.upper, population_before, population_after)
        # ... and P(X <= k | pU) = alpha/2.
        assert stats.binom.cdf(after, total, upper_share) == pytest.approx(alpha / 2, rel=1e-6)
    else:
        assert result.upper == math.inf


def test_loose_agreement_with_poisson_e_test() -> None:
    # Krishnamoorthy-Thomson E-test is a different test; only a loose sanity check.
    for before, after in [(10, 25), (98, 144), (40, 44), (5, 2)]:
        ours = compare_rates(before, 10_000, after, 10_000).p_value
        e_test = stats.poisson_means_test(after, 10_000, before, 10_000).pvalue
        assert (ours < 0.05) == (e_test < 0.05)
        assert 1 / 3 < ours / e_test < 3


def test_zero_counts_edge_cases() -> None:
    both_zero = compare_rates(0, 12_000, 0, 12_300)
    assert math.isnan(both_zero.rate_ratio)
    assert (both_zero.lower, both_zero.upper, both_zero.p_value) == (0.0, math.inf, 1.0)
    assert both_zero.verdict == NO_CERTAIN_CHANGE

    from_zero = compare_rates(0, 10_000, 5, 10_000)
    assert from_zero.rate_ratio == math.inf
    assert from_zero.upper == math.inf
    # k = n = 5: pL = (alpha/2)^(1/5); RR_L = pL / (1 - pL).
    lower_share = 0.025 ** (1 / 5)
    assert from_zero.lower == pytest.approx(lower_share / (1 - lower_share), rel=1e-9)
    assert from_zero.p_value == pytest.approx(2 * 0.5**5)  # 0.0625
    assert from_zero.verdict == NO_CERTAIN_CHANGE

    to_zero = compare_rates(5, 10_000, 0, 10_000)
    assert to_zero.rate_ratio == 0.0
    assert to_zero.lower == 0.0
    upper_share = 1 - 0.025 ** (1 / 5)
    assert to_zero.upper == pytest.approx(upper_share / (1 - upper_share), rel=1e-9)

    big_drop = compare_rates(12, 10_000, 0, 10_000)
    assert big_drop.p_value == pytest.approx(2 * 0.5**12)
    assert big_drop.verdict == DECREASE


def test_verdicts_depend_on_direction_and_confidence() -> None:
    assert compare_rates(25, 10_000, 10, 10_000).verdict == DECREASE
    assert compare_rates(20, 10_000, 22, 10_000).verdict == NO_CERTAIN_CHANGE
    # p = 0.0167 is significant at 95 % but not at 99 %.
    assert compare_rates(10, 10_000, 25, 10_000, confidence=0.99).verdict == NO_CERTAIN_CHANGE


@pytest.mark.parametrize(
    "arguments",
    [(-1, 1000, 2, 1000), (1.5, 1000, 2, 1000), (1, 0, 2, 1000), (1, 1000, math.nan, 1000)],
)
def test_compare_rates_rejects_invalid_input(arguments: tuple[float, ...]) -> None:
    with pytest.raises(ValueError):
        compare_rates(*arguments)


def test_year_over_year_pairs_previous_available_year() -> None:
    frame = pd.DataFrame(
        {
            "year": [2023, 2019, 2020, 2021, 2022],
            "count": pd.array([144, 100, 120, None, 98], dtype="Int64"),
            "population": [12_330.0, 11_800.0, 11_900.0, 12_000.0, 12_100.0],
        }
    )
    original = frame.copy(deep=True)
    result = year_over_year(frame)
    pd.testing.assert_frame_equal(frame, original)
    assert list(result.columns) == [
        "year_before",
        "year",
        "rate_before",
        "rate_after",
        "rate_ratio",
        "lower",
        "upper",
        "p_value",
        "verdict",
    ]
    # 2021 has no count, so 2022 is compared with 2020.
    assert result["year_before"].tolist() == [2019, 2020, 2022]
    assert result["year"].tolist() == [2020, 2022, 2023]
    assert result["rate_before"].tolist() == pytest.approx(
        [100 / 11_800 * 1e5, 120 / 11_900 * 1e5, 98 / 12_100 * 1e5]
    )
    last = compare_rates(98, 12_100, 144, 12_330)
    assert result.iloc[2]["p_value"] == pytest.approx(last.p_value)
    assert result.iloc[2]["verdict"] == last.verdict == INCREASE


def test_year_over_year_edge_cases() -> None:
    single = year_over_year(pd.DataFrame({"year": [2020], "count": [5], "population": [1e4]}))
    assert single.empty
    assert "verdict" in single.columns
    with pytest.raises(ValueError, match="more than one row"):
        year_over_year(
            pd.DataFrame({"year": [2020, 2020], "count": [5, 6], "population": [1e4, 1e4]})
        )
    renamed = pd.DataFrame({"yr": [2020, 2021], "n": [5, 6], "pop": [1e4, 1e4]})
    result = year_over_year(renamed, year_col="yr", count_col="n", population_col="pop")
    assert result["year"].tolist() == [2021]


def _hand_wilson(successes: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval written out from the formula."""
    share = successes / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half_width = z / (1 + z * z / n) * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return centre - half_width, centre + half_width


def test_wilson_interval_textbook_and_formula() -> None:
    # Newcombe (1998, Stat Med 17:857) example: 81/263 -> 0.2553 to 0.3662.
    lower, upper = wilson_interval(81, 263)
    assert (lower, upper) == pytest.approx((0.2553, 0.3662), abs=5e-5)
    assert (lower, upper) == pytest.approx(_hand_wilson(81, 263), rel=1e-9)
    # 0/10: [0, z^2 / (n + z^2)].
    zero_lower, zero_upper = wilson_interval(0, 10)
    assert zero_lower == pytest.approx(0.0, abs=1e-12)
    assert zero_upper == pytest.approx(1.959963984540054**2 / (10 + 1.959963984540054**2))
    assert all(math.isnan(value) for value in wilson_interval(math.nan, 10))
    with pytest.raises(ValueError):
        wilson_interval(11, 10)
    with pytest.raises(ValueError):
        wilson_interval(1, 0)


def test_compare_shares_pooled_z_test_by_hand() -> None:
    # 30/100 -> 45/100: pooled share 0.375, se = sqrt(0.375*0.625*(2/100)), z = 0.15 / se.
    z = 0.15 / math.sqrt(0.375 * 0.625 * 0.02)
    result = compare_shares(30, 100, 45, 100)
    assert isinstance(result, ShareChange)
    assert result.p_value == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    assert result.p_value == pytest.approx(0.028460, abs=1e-6)
    assert (result.share_before, result.share_after) == pytest.approx((30.0, 45.0))
    assert result.difference_pp == pytest.approx(15.0)
    assert result.verdict == INCREASE
    assert compare_shares(45, 100, 30, 100).verdict == DECREASE


def test_compare_shares_newcombe_interval_textbook() -> None:
    # Newcombe (1998, Stat Med 17:873) example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
    result = compare_shares(48, 80, 56, 70)
    assert result.difference_pp == pytest.approx(100 * (56 / 70 - 48 / 80))
    assert result.lower == pytest.approx(5.24, abs=0.005)
    assert result.upper == pytest.approx(33.39, abs=0.005)
    # Same interval from the hand-coded Wilson limits (Newcombe's square-and-add).
    after_share, before_share = 56 / 70, 48 / 80
    after_low, after_high = _hand_wilson(56, 70)
    before_low, before_high = _hand_wilson(48, 80)
    difference = after_share - before_share
    hand_lower = difference - math.hypot(after_share - after_low, before_high - before_share)
    hand_upper = difference + math.hypot(after_high - after_share, before_share - before_low)
    assert result.lower == pytest.approx(100 * hand_lower, rel=1e-9)
    assert result.upper == pytest.approx(100 * hand_upper, rel=1e-9)


def test_compare_shares_edge_cases() -> None:
    all_zero = compare_shares(0, 100, 0, 50)
    assert all_zero.p_value == 1.0
    assert all_zero.verdict == NO_CERTAIN_CHANGE
    assert all_zero.lower < 0 < all_zero.upper
    assert compare_shares(20, 20, 30, 30).p_value == 1.0
    with pytest.raises(ValueError):
        compare_shares(101, 100, 5, 100)
    with pytest.raises(ValueError):
        compare_shares(5, 0, 5, 100)
    with pytest.raises(ValueError):
        compare_shares(math.nan, 100, 5, 100)
