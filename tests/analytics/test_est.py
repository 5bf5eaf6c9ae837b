"""EST analytics against independent references (statsmodels, scipy, hand calculations,
Benjamini and Hochberg's own example) and on generated series where the truth is known:
planted spikes are found, stationary series raise alerts no more often than the nominal rate."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import optimize, stats
from statsmodels.stats.multitest import multipletests

from analytics import est
from analytics.change import DECREASE, INCREASE, NO_CERTAIN_CHANGE
from analytics.est_calendar import (
    MIDSOMMAR,
    NYAR,
    SKOLAVSLUTNING,
    VALBORG,
    midsommarafton,
    skolavslutning,
    week_calendar,
)

AREAS = [f"area{i}" for i in range(8)]
CATEGORIES = [f"category{j}" for j in range(13)]
CELLS = [(area, category) for area in AREAS for category in CATEGORIES]
FIRST_WEEK = dt.date(2022, 1, 3)


def weekly_frame(counts: np.ndarray, weeks: list[dt.date]) -> pd.DataFrame:
    """The data layer's shape from a cells x weeks array (only non-zero rows, as SQL gives)."""
    rows = [
        (weeks[j], CELLS[i][0], CELLS[i][1], int(counts[i, j]))
        for i, j in zip(*np.nonzero(counts), strict=True)
    ]
    return pd.DataFrame(rows, columns=["week_start", "area_id", "category_id", "count"])


def seasonal_means(weeks: list[dt.date], rng: np.random.Generator) -> np.ndarray:
    """Cell means from 0.02 to 3 reports a week with a summer peak of +/-40 %."""
    level = np.exp(rng.uniform(np.log(0.02), np.log(3.0), len(CELLS)))
    day = np.array([(week + dt.timedelta(days=3)).timetuple().tm_yday for week in weeks])
    season = np.exp(0.35 * np.cos(2 * np.pi * (day - 196) / 365.25))
    return level[:, None] * season[None, :]


# --- calendar --------------------------------------------------------------------------------


def test_special_evenings_fall_on_the_right_days() -> None:
    # Midsommarafton: the Friday between 19 and 25 June (2023-06-23, 2024-06-21, ...).
    assert [midsommarafton(year) for year in (2023, 2024, 2025, 2026)] == [
        dt.date(2023, 6, 23),
        dt.date(2024, 6, 21),
        dt.date(2025, 6, 20),
        dt.date(2026, 6, 19),
    ]
    assert skolavslutning(2025) == dt.date(2025, 6, 13)
    assert skolavslutning(2025).weekday() == 4
    valborg_week = week_calendar(dt.date(2025, 4, 28))
    assert valborg_week[VALBORG] == 1.0
    # Första maj (Thursday 1 May 2025) is a public holiday in the same week.
    assert valborg_week["public_holidays"] == 1.0
    assert week_calendar(dt.date(2025, 6, 16))[MIDSOMMAR] == 1.0
    assert week_calendar(dt.date(2025, 6, 9))[SKOLAVSLUTNING] == 1.0
    # 31 Dec 2023 is a Sunday: New Year's night touches both weeks.
    assert week_calendar(dt.date(2023, 12, 25))[NYAR] == 1.0
    assert week_calendar(dt.date(2024, 1, 1))[NYAR] == 1.0
    assert week_calendar(dt.date(2025, 3, 10)) == {
        VALBORG: 0.0,
        SKOLAVSLUTNING: 0.0,
        MIDSOMMAR: 0.0,
        NYAR: 0.0,
        "public_holidays": 0.0,
    }


# --- the model against independent references ------------------------------------------------


def test_unpenalised_fit_equals_statsmodels_glm() -> None:
    rng = np.random.default_rng(11)
    weeks = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=155))
    calendar = est.design_matrix(weeks, reference=weeks[-1])
    design = np.hstack([np.ones((len(weeks), 1)), calendar[["trend", "sin_1", "cos_1"]]])
    truth = np.array([1.2, -0.1, 0.3, -0.2])
    counts = rng.poisson(np.exp(design @ truth))
    fit = est.fit_poisson(counts, design)
    reference = sm.GLM(counts, design, family=sm.families.Poisson()).fit()
    np.testing.assert_allclose(fit.coefficients, reference.params, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(fit.fitted, reference.fittedvalues, rtol=1e-7)
    assert fit.converged


def test_penalised_fit_maximises_the_penalised_likelihood() -> None:
    rng = np.random.default_rng(12)
    design = np.hstack([np.ones((60, 1)), rng.normal(size=(60, 3))])
    counts = rng.poisson(np.exp(design @ np.array([0.5, 0.4, -0.3, 0.0])))
    penalty = np.array([0.0, 1.0, 4.0, 10.0])
    fit = est.fit_poisson(counts, design, penalty)

    def objective(beta: np.ndarray) -> float:
        eta = design @ beta
        return float(np.exp(eta).sum() - counts @ eta + 0.5 * beta @ (penalty * beta))

    reference = optimize.minimize(objective, np.zeros(4), method="BFGS", options={"gtol": 1e-10})
    np.testing.assert_allclose(fit.coefficients, reference.x, atol=1e-5)


def test_overdispersion_estimate_recovers_a_known_alpha() -> None:
    rng = np.random.default_rng(13)
    design = np.ones((20_000, 1))
    mean = 2.0
    # Negative binomial with variance mean + 0.5 mean^2 (size 2).
    counts = rng.negative_binomial(2, 2 / (2 + mean), size=20_000)
    assert est.fit_poisson(counts, design).alpha == pytest.approx(0.5, abs=0.05)
    assert est.fit_poisson(rng.poisson(mean, 20_000), design).alpha < 0.02


def test_predictive_tail_by_hand() -> None:
    # Poisson(1): P(Y >= 3) = 1 - e^-1 (1 + 1 + 1/2)
    assert est.predictive_tail(np.array([3]), np.array([1.0]), np.array([1.0]))[0] == (
        pytest.approx(1 - np.exp(-1) * 2.5)
    )
    # Mean 2, variance 4: negative binomial with size 2 and p = 1/2, P(Y = 0) = (1/2)^2.
    assert est.predictive_tail(np.array([1]), np.array([2.0]), np.array([2.0]))[0] == (
        pytest.approx(0.75)
    )
    assert est.predictive_tail(np.array([0]), np.array([2.0]), np.array([2.0]))[0] == 1.0
    assert est.predictive_quantile(0.95, np.array([1.0]), np.array([1.0]))[0] == 3.0


def test_benjamini_hochberg_on_the_papers_example() -> None:
    # Benjamini & Hochberg (1995), section 4: 15 p-values, q = 0.05 rejects the four smallest.
    p_values = np.array(
        [
            0.0001,
            0.0004,
            0.0019,
            0.0095,
            0.0201,
            0.0278,
            0.0298,
            0.0344,
            0.0459,
            0.3240,
            0.4262,
            0.5719,
            0.6528,
            0.7590,
            1.0000,
        ]
    )
    shuffled = np.random.default_rng(1).permutation(len(p_values))
    rejected, adjusted = est.benjamini_hochberg(p_values[shuffled], 0.05)
    assert rejected.sum() == 4
    assert set(p_values[shuffled][rejected]) == {0.0001, 0.0004, 0.0019, 0.0095}
    reference_rejected, reference_adjusted, _, _ = multipletests(
        p_values[shuffled], 0.05, method="fdr_bh"
    )
    np.testing.assert_array_equal(rejected, reference_rejected)
    np.testing.assert_allclose(adjusted, reference_adjusted)


# --- alerts on generated series --------------------------------------------------------------


def test_planted_spikes_are_found() -> None:
    rng = np.random.default_rng(21)
    weeks = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=156))
    means = seasonal_means(weeks, rng)
    target = weeks[-1]
    planted = {CELLS[5]: 8.0, CELLS[40]: 10.0, CELLS[77]: 12.0}
    for cell, extra in planted.items():
        means[CELLS.index(cell), -1] += extra
    weekly = weekly_frame(rng.poisson(means), weeks)
    assessment = est.assess_week(
        weekly, week=target, areas=AREAS, categories=CATEGORIES, first_week=FIRST_WEEK
    )
    found = set(zip(assessment.alerts["area_id"], assessment.alerts["category_id"], strict=True))
    assert set(planted) <= found
    assert len(found - set(planted)) <= 1
    assert assessment.n_tests == 104 and assessment.history_weeks == 156
    row = assessment.cells.set_index(["area_id", "category_id"]).loc[CELLS[77]]
    assert row["observed"] > row["upper"] >= row["expected"]


# The false-alarm claims are checked on data that break the model's assumptions in
# tests/analytics/test_est_calibration.py.


def test_a_week_without_enough_history_is_not_assessed() -> None:
    weeks = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=10))
    weekly = weekly_frame(np.full((len(CELLS), len(weeks)), 3), weeks)
    assessment = est.assess_week(
        weekly, week=weeks[-1], areas=AREAS, categories=CATEGORIES, first_week=FIRST_WEEK
    )
    assert not assessment.assessed
    assert assessment.alerts.empty
    assert assessment.cells["expected"].isna().all()
    assert int(assessment.cells["observed"].sum()) == 3 * len(CELLS)


def test_sparse_cell_uses_the_rate_with_half_a_report_added() -> None:
    weeks = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=100))
    counts = np.zeros((len(CELLS), len(weeks)))
    counts[0, 10] = counts[0, 50] = 1  # two reports in 100 weeks of history
    weekly = weekly_frame(counts, weeks)
    assessment = est.assess_week(
        weekly, week=weeks[-1], areas=AREAS, categories=CATEGORIES, first_week=FIRST_WEEK
    )
    first = assessment.cells.iloc[0]
    assert first["method"] == "rate"
    assert first["expected"] == pytest.approx(2.5 / 100)
    assert assessment.cells.iloc[1]["expected"] == pytest.approx(0.5 / 100)


# --- area totals, trend band, hotspots, weekday x hour ----------------------------------------


def test_area_summary_adds_up_the_cells() -> None:
    rng = np.random.default_rng(41)
    weeks = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=80))
    weekly = weekly_frame(rng.poisson(seasonal_means(weeks, rng)), weeks)
    assessment = est.assess_week(
        weekly, week=weeks[-1], areas=AREAS, categories=CATEGORIES, first_week=FIRST_WEEK
    )
    summary = est.area_summary(assessment, categories=CATEGORIES[:3]).set_index("area_id")
    cells = assessment.cells[assessment.cells["category_id"].isin(CATEGORIES[:3])]
    by_area = cells.groupby("area_id")[["observed", "expected"]].sum()
    np.testing.assert_allclose(summary.loc[by_area.index, "expected"], by_area["expected"])
    assert (summary.loc[by_area.index, "observed"] == by_area["observed"]).all()
    assert (summary["upper"] >= summary["expected"]).all()


def test_trend_band_is_the_poisson_interval_of_the_weekly_total() -> None:
    weeks = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=3))
    series = pd.DataFrame(
        {
            "week_start": np.repeat(weeks, 2),
            "area_id": ["a", "b"] * 4,
            "category_id": "c",
            "observed": [1, 2, 3, 4, 5, 6, 7, 8],
            "expected": [2.0, 3.0] * 4,
            "dispersion": 1.0,
        }
    )
    band = est.trend_band(series)
    assert band["observed"].tolist() == [3, 7, 11, 15]
    assert band["expected"].tolist() == [5.0, 5.0, 5.0, 5.0]
    assert band["lower"].iloc[0] == stats.poisson.ppf(0.025, 5.0)
    assert band["upper"].iloc[0] == stats.poisson.ppf(0.975, 5.0)
    only_b = est.trend_band(series, areas=["b"], first_week=weeks[2])
    assert only_b["observed"].tolist() == [6, 8]


PERIOD_START = dt.date(2024, 4, 1)


def _place_history(totals: dict[tuple[str, str], list[int]], weeks: int) -> pd.DataFrame:
    """Weekly history whose period totals (newest period first) are `totals`: each period's
    reports in its first week."""
    rows = [
        (area, place, PERIOD_START - dt.timedelta(weeks=(block + 1) * weeks), count)
        for (area, place), counts in totals.items()
        for block, count in enumerate(counts)
        if count
    ]
    return pd.DataFrame(rows, columns=["area_id", "place", "week_start", "count"])


def _pearson_dispersion(totals: list[int]) -> float:
    """statsmodels' quasi-Poisson dispersion of an intercept-only model of the totals."""
    fit = sm.GLM(np.array(totals, float), np.ones((len(totals), 1)), sm.families.Poisson()).fit()
    return fit.pearson_chi2 / fit.df_resid


def test_hotspot_ranking_with_changes_and_ties() -> None:
    current = pd.DataFrame(
        {
            "area_id": ["v", "v", "r", "v"],
            "place": ["Hamnen", "Torget", "Bryggan", None],
            "count": [30, 12, 12, 50],
            "mean_severity": [1.5, 2.0, 1.0, 1.2],
        }
    )
    previous = pd.DataFrame(
        {
            "area_id": ["v", "r"],
            "place": ["Hamnen", "Bryggan"],
            "count": [10, 12],
            "mean_severity": [1.0, 1.0],
        }
    )
    # Six periods of history, the newest being `previous`: Hamnen and Bryggan steady,
    # Torget's count swings from nothing to 30 and back.
    totals = {
        ("v", "Hamnen"): [10, 12, 8, 10, 11, 9],
        ("r", "Bryggan"): [12, 11, 13, 12, 10, 14],
        ("v", "Torget"): [0, 30, 0, 0, 25, 0],
    }
    history = _place_history(totals, 13)
    first = PERIOD_START - dt.timedelta(weeks=6 * 13)
    spread = est.place_dispersion(
        history,
        current.dropna().assign(previous_count=[10, 0, 12]),
        weeks=13,
        first_week=first,
        period_start=PERIOD_START,
    ).set_index("place")
    assert spread.loc["Torget", "dispersion"] == pytest.approx(
        _pearson_dispersion(totals[("v", "Torget")])
    )
    assert _pearson_dispersion(totals[("v", "Hamnen")]) < 1  # shown as 1: never below Poisson
    assert spread.loc["Hamnen", "dispersion"] == 1.0
    assert spread["dispersion_df"].tolist() == [5, 5, 5]
    assert spread["source"].tolist() == ["own", "own", "own"]

    ranking = est.hotspot_ranking(
        current, previous, weeks=13, history=history, first_week=first, period_start=PERIOD_START
    )
    assert ranking["place"].tolist() == ["Hamnen", "Bryggan", "Torget"]
    assert ranking["rank"].tolist() == [1, 2, 2]
    assert ranking["previous_count"].tolist() == [10, 12, 0]
    assert ranking.loc[0, "rate_ratio"] == pytest.approx(3.0)
    # 30 vs 10 with phi 1: t = log 3 / sqrt(1/30 + 1/10) on 5 degrees of freedom, p = 0.03.
    statistic = np.log(3) / np.sqrt(1 / 30 + 1 / 10)
    assert 2 * stats.t.sf(statistic, 5) < 0.05
    # Torget's 12 after 0 was an increase to the Poisson test (p < 0.001) but is ordinary
    # for a place that swings like Torget.
    assert stats.binomtest(12, 12, 0.5).pvalue < 0.001
    assert ranking["verdict"].tolist() == [INCREASE, NO_CERTAIN_CHANGE, NO_CERTAIN_CHANGE]
    reverse = est.hotspot_ranking(
        previous, current, weeks=13, history=history, first_week=first, period_start=PERIOD_START
    ).set_index("place")
    assert reverse.loc["Hamnen", "verdict"] == DECREASE
    assert reverse.loc["Hamnen", "rate_ratio"] == pytest.approx(1 / 3)


def test_place_dispersion_pools_alpha_where_history_is_short() -> None:
    # Three 13-week periods: too few for a place's own estimate. The negative-binomial
    # alpha pooled over the places, by hand: each place's variance s^2 of its totals and
    # mean m, alpha = sum 2 (s^2 - m) / sum 2 m^2.
    totals = {("v", "A"): [20, 40, 30], ("v", "B"): [5, 3, 4], ("r", "C"): [0, 6, 0]}
    history = _place_history(totals, 13)
    places = pd.DataFrame(
        {
            "area_id": ["v", "v", "r", "v"],
            "place": ["A", "B", "C", "New"],
            "count": [30, 4, 2, 8],
            "previous_count": [20, 5, 0, 0],
        }
    )
    spread = est.place_dispersion(
        history,
        places,
        weeks=13,
        first_week=PERIOD_START - dt.timedelta(weeks=39),
        period_start=PERIOD_START,
    ).set_index("place")
    variances = {key: np.var(value, ddof=1) for key, value in totals.items()}
    means = {key: np.mean(value) for key, value in totals.items()}
    alpha = sum(variances[k] - means[k] for k in totals) / sum(means[k] ** 2 for k in totals)
    assert alpha > 0
    # Each place's own weekly alpha is the floor: 39 weeks, the period's reports in its
    # first week (so a place's weekly counts vary far more than its period totals).
    weekly = {key: np.zeros(39) for key in totals}
    for key, value in totals.items():
        weekly[key][[0, 13, 26]] = value
    own = {k: (np.var(w, ddof=1) - w.mean()) / w.mean() ** 2 for k, w in weekly.items()}
    assert own[("v", "A")] > alpha
    assert spread.loc["A", "dispersion"] == pytest.approx(1 + own[("v", "A")] * 30)
    assert spread.loc["B", "dispersion"] == pytest.approx(1 + max(alpha, own[("v", "B")]) * 4)
    # A place new in the period: the pooled alpha, its level the mean of the two periods.
    assert spread.loc["New", "dispersion"] == pytest.approx(1 + alpha * 4)
    assert (spread["dispersion_df"] == 6).all()
    assert (spread["source"] == "pooled").all()


def test_hotspot_ranking_without_history_gives_no_verdict() -> None:
    current = pd.DataFrame(
        {"area_id": ["v"], "place": ["Hamnen"], "count": [40], "mean_severity": [1.0]}
    )
    previous = current.assign(count=[5])
    empty = pd.DataFrame(columns=["area_id", "place", "week_start", "count"])
    ranking = est.hotspot_ranking(
        current,
        previous,
        weeks=4,
        history=empty,
        first_week=PERIOD_START,
        period_start=PERIOD_START,
    )
    assert ranking.loc[0, "rate_ratio"] == pytest.approx(8.0)
    assert ranking.loc[0, "verdict"] == NO_CERTAIN_CHANGE
    with pytest.raises(ValueError, match="between first_week and period_start"):
        est.place_dispersion(
            _place_history({("v", "Hamnen"): [3]}, 4),
            current.assign(previous_count=5),
            weeks=4,
            first_week=PERIOD_START,
            period_start=PERIOD_START,
        )


def test_weekday_hour_grid_is_complete_and_bands_add_up() -> None:
    counts = pd.DataFrame(
        {
            "weekday": [5, 5, 6, 1, 3],
            "hour": [21.0, 22.0, 23.0, 0.0, np.nan],
            "count": [4, 6, 2, 1, 9],
        }
    )
    grid, without_time = est.weekday_hour_grid(counts)
    assert grid.shape == (7, 24)
    assert (grid.loc[5, 21], grid.loc[5, 22], grid.loc[6, 23], grid.loc[1, 0]) == (4, 6, 2, 1)
    assert int(grid.to_numpy().sum()) == 13 and without_time == 9
    bands, _ = est.weekday_hour_grid(counts, band_hours=3)
    assert list(bands.columns) == [0, 3, 6, 9, 12, 15, 18, 21]
    assert bands.loc[5, 21] == 10 and bands.loc[6, 21] == 2
    with pytest.raises(ValueError):
        est.weekday_hour_grid(counts, band_hours=5)


def test_count_matrix_fills_weeks_without_reports_with_zeros() -> None:
    weeks = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=2))
    weekly = pd.DataFrame(
        {
            "week_start": [pd.Timestamp(weeks[1]), pd.Timestamp(weeks[1] + dt.timedelta(days=2))],
            "area_id": ["area0", "area0"],
            "category_id": ["category1", "category1"],
            "count": [2, 3],
        }
    )
    matrix = est.count_matrix(weekly, cells=CELLS[:2], weeks=weeks)
    np.testing.assert_array_equal(matrix, [[0, 0, 0], [0, 5, 0]])
