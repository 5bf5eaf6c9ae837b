"""Tests for analytics.trend against a direct maximum-likelihood fit and hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from analytics.change import DECREASE, INCREASE, NO_CERTAIN_CHANGE
from analytics.trend import Trend, estimate_poisson_trend, estimate_theil_sen_trend


def t_95(df: int) -> float:
    """Two-sided 95 % t quantile (the dispersion is estimated, so limits use t, not 1.96)."""
    return float(stats.t.ppf(0.975, df))


# A realistic overdispersed series (counts and populations of a ~12 000-inhabitant municipality).
YEARS = list(range(2015, 2024))
COUNTS = [152, 160, 131, 149, 120, 118, 125, 101, 97]
POPULATIONS = [11_000, 11_150, 11_300, 11_420, 11_600, 11_750, 11_900, 12_100, 12_330]


def _direct_poisson_fit(
    years: list[int], counts: list[float], populations: list[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maximise the Poisson log-likelihood with scipy.optimize; return params, design, mu."""
    year_array = np.asarray(years, dtype=float)
    design = np.column_stack([np.ones(year_array.size), year_array - year_array.mean()])
    count_array = np.asarray(counts, dtype=float)
    log_population = np.log(np.asarray(populations, dtype=float))

    def negative_log_likelihood(params: np.ndarray) -> float:
        eta = design @ params + log_population
        return float(np.sum(np.exp(eta) - count_array * eta))

    def gradient(params: np.ndarray) -> np.ndarray:
        eta = design @ params + log_population
        return design.T @ (np.exp(eta) - count_array)

    start = np.array([math.log(count_array.sum() / np.exp(log_population).sum()), 0.0])
    solution = optimize.minimize(
        negative_log_likelihood, start, jac=gradient, method="BFGS", options={"gtol": 1e-10}
    )
    params = solution.x
    mu = np.exp(design @ params + log_population)
    return params, design, mu


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"year": YEARS, "count": COUNTS, "population": POPULATIONS})


def test_geometric_decline_gives_exactly_minus_ten_percent() -> None:
    # 1000 * 0.9**t for t = 0..3 is 1000, 900, 810, 729 (whole numbers).
    frame = pd.DataFrame(
        {"year": [2020, 2021, 2022, 2023], "count": [1000, 900, 810, 729], "population": 50_000}
    )
    trend = estimate_poisson_trend(frame)
    assert isinstance(trend, Trend)
    assert trend.method == "poisson"
    assert trend.annual_change == pytest.approx(-0.10, abs=1e-6)
    assert trend.lower < -0.10 < trend.upper < 0
    assert trend.verdict == DECREASE
    assert (trend.first_year, trend.last_year, trend.n_years) == (2020, 2023, 4)
    # Fitted rate per 100 000: 1000 / 50 000 * 100 000 = 2000 in 2020, then * 0.9 per year.
    assert trend.fitted["fitted"].tolist() == pytest.approx([2000, 1800, 1620, 1458], rel=1e-6)


def test_geometric_decline_with_non_integer_counts() -> None:
    years = list(range(2010, 2018))
    counts = [1000 * 0.9**t for t in range(len(years))]
    frame = pd.DataFrame({"year": years, "count": counts, "population": 12_000})
    assert estimate_poisson_trend(frame).annual_change == pytest.approx(-0.10, abs=1e-6)


def test_constant_series_has_no_certain_change() -> None:
    frame = pd.DataFrame({"year": range(2015, 2024), "count": 140, "population": 12_000})
    trend = estimate_poisson_trend(frame)
    assert trend.annual_change == pytest.approx(0.0, abs=1e-9)
    assert trend.p_value == pytest.approx(1.0, abs=1e-6)
    assert trend.verdict == NO_CERTAIN_CHANGE


def test_slope_and_quasi_poisson_interval_match_direct_likelihood_fit() -> None:
    params, design, mu = _direct_poisson_fit(YEARS, COUNTS, POPULATIONS)
    slope = params[1]
    counts = np.asarray(COUNTS, dtype=float)
    pearson_dispersion = float(np.sum((counts - mu) ** 2 / mu)) / (len(COUNTS) - 2)
    dispersion = max(1.0, pearson_dispersion)
    fisher_information = design.T @ (mu[:, None] * design)
    slope_se = math.sqrt(dispersion * np.linalg.inv(fisher_information)[1, 1])

    trend = estimate_poisson_trend(_frame())
    assert math.log1p(trend.annual_change) == pytest.approx(slope, abs=1e-6)
    df = len(COUNTS) - 2
    assert trend.lower == pytest.approx(math.expm1(slope - t_95(df) * slope_se), rel=1e-5)
    assert trend.upper == pytest.approx(math.expm1(slope + t_95(df) * slope_se), rel=1e-5)
    assert trend.p_value == pytest.approx(2 * stats.t.sf(abs(slope / slope_se), df), rel=1e-4)
    assert trend.verdict == DECREASE
    # Fitted rate per 100 000 from the direct fit: mu / population * 100 000.
    expected_fitted = mu / np.asarray(POPULATIONS) * 100_000
    assert trend.fitted["fitted"].to_numpy() == pytest.approx(expected_fitted, rel=1e-6)
    assert (trend.fitted["lower"] < trend.fitted["fitted"]).all()
    assert (trend.fitted["fitted"] < trend.fitted["upper"]).all()
    assert list(trend.fitted.columns) == ["year", "fitted", "lower", "upper"]


def test_overdispersion_widens_interval_and_underdispersion_is_floored() -> None:
    noisy_counts = [100, 160, 90, 170, 95, 180, 100]
    noisy_years = list(range(2017, 2024))
    populations = [12_000] * 7
    params, design, mu = _direct_poisson_fit(noisy_years, noisy_counts, populations)
    pearson_dispersion = float(np.sum((np.asarray(noisy_counts) - mu) ** 2 / mu)) / 5
    assert pearson_dispersion > 5  # clearly overdispersed
    plain_se = math.sqrt(np.linalg.inv(design.T @ (mu[:, None] * design))[1, 1])
    noisy = estimate_poisson_trend(
        pd.DataFrame({"year": noisy_years, "count": noisy_counts, "population": populations})
    )
    quasi_se = plain_se * math.sqrt(pearson_dispersion)
    assert noisy.upper == pytest.approx(math.expm1(params[1] + t_95(5) * quasi_se), rel=1e-5)

    # Under-dispersed (too regular) counts: dispersion floored at 1, i.e. plain Poisson.
    calm_counts = [100, 101, 99, 100, 101]
    calm_years = list(range(2019, 2024))
    params, design, mu = _direct_poisson_fit(calm_years, calm_counts, [12_000] * 5)
    plain_se = math.sqrt(np.linalg.inv(design.T @ (mu[:, None] * design))[1, 1])
    calm = estimate_poisson_trend(
        pd.DataFrame({"year": calm_years, "count": calm_counts, "population": 12_000})
    )
    assert calm.upper == pytest.approx(math.expm1(params[1] + t_95(3) * plain_se), rel=1e-5)


def test_break_year_is_never_crossed() -> None:
    frame = pd.DataFrame(
        {
            "year": range(2010, 2024),
            "count": [400, 420, 410, 430, 415, 150, 152, 160, 131, 149, 120, 118, 125, 101],
            "population": 12_000,
        }
    )
    after_break = estimate_poisson_trend(frame, break_year=2015)
    subset = estimate_poisson_trend(frame[frame["year"] >= 2015])
    assert (after_break.first_year, after_break.n_years) == (2015, 9)
    assert after_break.annual_change == pytest.approx(subset.annual_change, rel=1e-10)
    assert after_break.fitted["year"].min() == 2015
    # Break before (or after) all data: the series does not cross it, everything is used.
    assert estimate_poisson_trend(frame, break_year=2000).n_years == 14
    assert estimate_poisson_trend(frame, break_year=2030).n_years == 14
    with pytest.raises(ValueError, match="at least 3 years.*2022"):
        estimate_poisson_trend(frame, break_year=2022)


def test_poisson_trend_input_handling() -> None:
    frame = _frame()
    frame.loc[3, "count"] = np.nan
    original = frame.copy(deep=True)
    trend = estimate_poisson_trend(frame)
    pd.testing.assert_frame_equal(frame, original)
    assert trend.n_years == 8
    assert 2018 not in trend.fitted["year"].tolist()
    with pytest.raises(ValueError, match="at least 3 years"):
        estimate_poisson_trend(_frame().head(2))
    with pytest.raises(ValueError, match="more than one row"):
        estimate_poisson_trend(pd.concat([_frame(), _frame().head(1)]))
    with pytest.raises(ValueError, match="All counts are 0"):
        estimate_poisson_trend(pd.DataFrame({"year": [1, 2, 3], "count": 0, "population": 10}))
    with pytest.raises(ValueError, match="unbounded"):
        estimate_poisson_trend(
            pd.DataFrame({"year": [1, 2, 3], "count": [0, 0, 4], "population": 10})
        )
    with pytest.raises(KeyError):
        estimate_poisson_trend(_frame().drop(columns="population"))


# Theil-Sen on a 5-point series: years 2019..2023, values 10, 12, 11, 15, 14.
# The 10 pairwise slopes (j > i): 2, 1/2, 5/3, 1, -1, 3/2, 2/3, 4, 3/2, -1.
# Sorted: -1, -1, 1/2, 2/3, 1, 3/2, 3/2, 5/3, 2, 4  ->  median (1 + 3/2) / 2 = 1.25.
# Sen's 95 % interval: C = 1.96 * sqrt(Var S) = 1.96 * sqrt(5*4*15/18) = 8.0, so the limits are
# the slopes at (10 - 8)/2 = 1 and (10 + 8)/2 = 9 (0-based): -1 and 4.
# Mann-Kendall: 8 increasing and 2 decreasing pairs, S = 6 (two inversions). The exact null
# distribution has 1 + 4 + 9 = 14 of the 120 permutations with <= 2 inversions, so the
# two-sided p-value is 2 * 14 / 120.
THEIL_SEN_FRAME = pd.DataFrame({"year": range(2019, 2024), "value": [10.0, 12, 11, 15, 14]})


def test_theil_sen_matches_hand_computed_median_of_pairwise_slopes() -> None:
    trend = estimate_theil_sen_trend(THEIL_SEN_FRAME)
    assert trend.method == "theil_sen"
    assert trend.annual_change == pytest.approx(1.25 / 12)  # slope / median value
    assert trend.lower == pytest.approx(-1 / 12)
    assert trend.upper == pytest.approx(4 / 12)
    assert trend.p_value == pytest.approx(2 * 14 / 120)
    assert trend.verdict == NO_CERTAIN_CHANGE
    fitted = trend.fitted.set_index("year")
    # Line through the pivot (2021, 12) with slope 1.25.
    assert fitted["fitted"].tolist() == pytest.approx([9.5, 10.75, 12.0, 13.25, 14.5])
    # Band: slopes -1 and 4 through the same pivot.
    assert fitted.loc[2019, "lower"] == pytest.approx(4.0)  # 12 + 4 * (-2)
    assert fitted.loc[2019, "upper"] == pytest.approx(14.0)  # 12 - 1 * (-2)
    assert fitted.loc[2023, "lower"] == pytest.approx(10.0)
    assert fitted.loc[2023, "upper"] == pytest.approx(20.0)
    assert fitted.loc[2021, ["lower", "upper"]].tolist() == pytest.approx([12.0, 12.0])


def test_theil_sen_drops_missing_values_and_respects_break() -> None:
    with_gaps = pd.concat(
        [THEIL_SEN_FRAME, pd.DataFrame({"year": [2024, 2018], "value": [np.nan, np.nan]})]
    )
    assert estimate_theil_sen_trend(with_gaps).annual_change == pytest.approx(1.25 / 12)
    longer = pd.concat(
        [pd.DataFrame({"year": [2016, 2017, 2018], "value": [90.0, 95, 99]}), THEIL_SEN_FRAME]
    )
    after_break = estimate_theil_sen_trend(longer, break_year=2019)
    assert (after_break.first_year, after_break.n_years) == (2019, 5)
    assert after_break.annual_change == pytest.approx(1.25 / 12)
    with pytest.raises(ValueError, match="at least 3 years"):
        estimate_theil_sen_trend(THEIL_SEN_FRAME, break_year=2022)


def test_theil_sen_clear_monotone_trend_is_significant() -> None:
    frame = pd.DataFrame({"year": range(2012, 2024), "value": np.linspace(500, 280, 12)})
    trend = estimate_theil_sen_trend(frame)
    assert trend.annual_change == pytest.approx(-20 / 390)  # slope -20, median 390
    assert trend.verdict == DECREASE
    rising = estimate_theil_sen_trend(frame.assign(value=frame["value"][::-1].to_numpy()))
    assert rising.verdict == INCREASE


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=5000),
    population=st.integers(min_value=1000, max_value=1_000_000),
    n_years=st.integers(min_value=3, max_value=15),
)
def test_property_constant_series_has_no_significant_trend(
    count: int, population: int, n_years: int
) -> None:
    years = list(range(2024 - n_years, 2024))
    poisson = estimate_poisson_trend(
        pd.DataFrame({"year": years, "count": count, "population": population})
    )
    assert poisson.verdict == NO_CERTAIN_CHANGE
    assert poisson.annual_change == pytest.approx(0.0, abs=1e-8)
    theil_sen = estimate_theil_sen_trend(
        pd.DataFrame({"year": years, "value": count / population * 100_000})
    )
    assert theil_sen.verdict == NO_CERTAIN_CHANGE
    assert theil_sen.annual_change == 0.0
