"""Tests for analytics.rates against textbook Garwood limits and Poisson-CDF inversion."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analytics.rates import (
    RateEstimate,
    add_rate_columns,
    counts_from_rates,
    poisson_rate_interval,
)

# Textbook 95 % exact Poisson limits for the expected count (e.g. Ulm 1990 / Daly 1992 tables).
GARWOOD_TABLE_95 = {
    0: (0.0, 3.689),
    1: (0.0253, 5.572),
    10: (4.795, 18.390),
}


@pytest.mark.parametrize("count", sorted(GARWOOD_TABLE_95))
def test_garwood_limits_match_textbook_table(count: int) -> None:
    expected_lower, expected_upper = GARWOOD_TABLE_95[count]
    # per == population, so the "rate" is the count itself.
    estimate = poisson_rate_interval(count, 100_000)
    assert estimate.rate == pytest.approx(count)
    assert estimate.lower == pytest.approx(expected_lower, abs=5e-4)
    assert estimate.upper == pytest.approx(expected_upper, abs=5e-4)


def test_zero_count_upper_limit_is_minus_log_alpha_half() -> None:
    # P(X = 0 | mu) = exp(-mu) = alpha / 2  =>  mu = ln(2 / alpha): ln 40 at 95 %, ln 20 at 90 %.
    assert poisson_rate_interval(0, 1, per=1).upper == pytest.approx(math.log(40.0), rel=1e-9)
    ninety = poisson_rate_interval(0, 1, per=1, confidence=0.90)
    assert ninety.upper == pytest.approx(math.log(20.0), rel=1e-9)
    assert ninety.lower == 0.0


@pytest.mark.parametrize("count", [1, 2, 5, 10, 37, 144, 1000])
@pytest.mark.parametrize("confidence", [0.90, 0.95, 0.99])
def test_limits_satisfy_defining_poisson_tail_property(count: int, confidence: float) -> None:
    alpha = 1.0 - confidence
    estimate = poisson_rate_interval(count, 1, per=1, confidence=confidence)
    # Lower limit: P(X >= k | lower) = alpha/2; upper limit: P(X <= k | upper) = alpha/2.
    assert stats.poisson.sf(count - 1, estimate.lower) == pytest.approx(alpha / 2, rel=1e-7)
    assert stats.poisson.cdf(count, estimate.upper) == pytest.approx(alpha / 2, rel=1e-7)


def test_rate_is_scaled_per_100k_inhabitants() -> None:
    # Vaxholm-sized example: 144 events among 12 330 inhabitants.
    estimate = poisson_rate_interval(144, 12_330)
    assert estimate.rate == pytest.approx(1167.883211678832, rel=1e-12)
    unit = poisson_rate_interval(144, 1, per=1)
    assert estimate.lower == pytest.approx(unit.lower * 100_000 / 12_330, rel=1e-12)
    assert estimate.upper == pytest.approx(unit.upper * 100_000 / 12_330, rel=1e-12)


def test_whole_float_and_numpy_counts_are_accepted() -> None:
    assert poisson_rate_interval(3.0, 1000) == poisson_rate_interval(3, 1000)
    assert poisson_rate_interval(np.int64(3), np.float64(1000)) == poisson_rate_interval(3, 1000)


@pytest.mark.parametrize(
    ("count", "population"),
    [(-1, 1000), (2.5, 1000), (3, 0), (3, -10), (3, math.inf), (math.inf, 1000)],
)
def test_invalid_inputs_raise_value_error(count: float, population: float) -> None:
    with pytest.raises(ValueError):
        poisson_rate_interval(count, population)


def test_invalid_confidence_raises() -> None:
    with pytest.raises(ValueError):
        poisson_rate_interval(3, 1000, confidence=1.0)


@pytest.mark.parametrize("missing", [math.nan, None, pd.NA, np.nan])
def test_missing_count_or_population_gives_nan(missing: object) -> None:
    for estimate in (poisson_rate_interval(missing, 1000), poisson_rate_interval(3, missing)):
        assert isinstance(estimate, RateEstimate)
        assert math.isnan(estimate.rate)
        assert math.isnan(estimate.lower)
        assert math.isnan(estimate.upper)


def test_add_rate_columns_values_missing_rows_and_no_mutation() -> None:
    frame = pd.DataFrame(
        {
            "year": [2021, 2022, 2023, 2024],
            "count": pd.array([10, None, 0, 144], dtype="Int64"),
            "population": [100_000.0, 12_000.0, 50_000.0, np.nan],
        }
    )
    original = frame.copy(deep=True)
    result = add_rate_columns(frame)
    pd.testing.assert_frame_equal(frame, original)
    assert list(result.columns) == [
        "year",
        "count",
        "population",
        "rate_per_100k",
        "rate_lower",
        "rate_upper",
    ]
    assert result.loc[0, "rate_per_100k"] == pytest.approx(10.0)
    assert result.loc[0, "rate_lower"] == pytest.approx(4.795, abs=5e-4)
    assert result.loc[0, "rate_upper"] == pytest.approx(18.390, abs=5e-4)
    assert result.loc[2, "rate_per_100k"] == 0.0
    assert result.loc[2, "rate_lower"] == 0.0
    # 0 events among 50 000: upper 3.689 events -> 3.689 * 2 per 100 000.
    assert result.loc[2, "rate_upper"] == pytest.approx(2 * 3.689, abs=1e-3)
    for row in (1, 3):
        assert result.loc[row, ["rate_per_100k", "rate_lower", "rate_upper"]].isna().all()


def test_add_rate_columns_custom_names_and_validation() -> None:
    frame = pd.DataFrame({"n": [5, 7], "pop": [1000, 2000]})
    result = add_rate_columns(frame, count_col="n", population_col="pop", per=1000)
    assert result["rate_per_100k"].tolist() == pytest.approx([5.0, 3.5])
    with pytest.raises(ValueError):
        add_rate_columns(pd.DataFrame({"count": [1.5], "population": [100]}))
    with pytest.raises(ValueError):
        add_rate_columns(pd.DataFrame({"count": [1], "population": [0]}))
    with pytest.raises(KeyError):
        add_rate_columns(pd.DataFrame({"count": [1]}))


def test_counts_from_rates_recovers_vaxholm_theft_count() -> None:
    # Kolada U07417, Vaxholm 2023: 1167.80908 reported thefts per 100 000, population 12 330.
    rates = pd.Series([1167.80908, np.nan, 500.0], index=[10, 11, 12])
    populations = pd.Series([12_330, 12_000, np.nan], index=[10, 11, 12])
    counts = counts_from_rates(rates, populations)
    assert str(counts.dtype) == "Int64"
    assert counts.index.tolist() == [10, 11, 12]
    assert counts.iloc[0] == 144
    assert counts.iloc[1:].isna().all()
    assert rates.iloc[0] == 1167.80908  # input untouched


def test_counts_from_rates_rounds_halves_up() -> None:
    # 50, 150, 250 per 100 000 of 1 000 inhabitants = 0.5, 1.5, 2.5 events.
    counts = counts_from_rates(pd.Series([50.0, 150.0, 250.0, 149.0]), pd.Series([1000] * 4))
    assert counts.tolist() == [1, 2, 3, 1]


def test_counts_from_rates_rejects_negative_values() -> None:
    with pytest.raises(ValueError):
        counts_from_rates(pd.Series([-1.0]), pd.Series([1000]))


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=100_000),
    population=st.floats(min_value=1.0, max_value=1e8, allow_nan=False),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_property_rate_and_limits_are_ordered_and_non_negative(
    count: int, population: float, confidence: float
) -> None:
    estimate = poisson_rate_interval(count, population, confidence=confidence)
    assert 0.0 <= estimate.lower <= estimate.rate <= estimate.upper
    assert math.isfinite(estimate.upper)


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=10_000),
    population=st.integers(min_value=1, max_value=10_000_000),
    factor=st.integers(min_value=1, max_value=50),
)
def test_property_scaling_count_and_population_keeps_rate(
    count: int, population: int, factor: int
) -> None:
    base = poisson_rate_interval(count, population)
    scaled = poisson_rate_interval(count * factor, population * factor)
    assert scaled.rate == pytest.approx(base.rate, rel=1e-12, abs=1e-12)
    # More data at the same rate can only make the interval narrower.
    assert scaled.upper - scaled.lower <= (base.upper - base.lower) * (1 + 1e-12)
