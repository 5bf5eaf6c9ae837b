"""Monte Carlo and reference checks of the overdispersion-aware change and trend tests.

Counts are drawn as Poisson(mu x year effect), the year effect lognormal with a coefficient of
variation (CV) of 0-30 % (negative-binomial-like, Var = mu + CV^2 mu^2): real Kolada crime
counts vary 3-50 times more than Poisson. Before this change (pure exact Poisson test, 1.96
trend limits) a flat series got a verdict 19-79 % of the time at CV 30 % and the trend interval
covered 71-89 % with 3-5 years.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analytics.change import NO_CERTAIN_CHANGE, compare_rates
from analytics.trend import (
    estimate_poisson_trend,
    fit_loglinear_trends,
    pooled_dispersion,
    series_dispersion,
)

SIZES = (20, 50, 150, 500)
CVS = (0.0, 0.1, 0.2, 0.3)


def _draw(rng: np.random.Generator, mu: np.ndarray, cv: float, n: int, slope: float = 0.0):
    """Counts, shape (len(mu), n): Poisson around mu x exp(slope t) x lognormal year effect."""
    sigma2 = math.log1p(cv**2)
    effect = rng.normal(-sigma2 / 2, math.sqrt(sigma2), size=(mu.size, n))
    t = np.arange(n) - (n - 1) / 2
    return rng.poisson(mu[:, None] * np.exp(slope * t + effect)).astype(float)


def test_loglinear_fit_matches_statsmodels_quasi_poisson() -> None:
    rng = np.random.default_rng(187)
    years = np.arange(2015, 2024, dtype=float)
    population = np.linspace(11_000, 12_300, years.size)
    counts = _draw(rng, np.array([150.0, 40.0, 480.0]), 0.25, years.size, slope=-0.03)
    fit = fit_loglinear_trends(counts, population, years)
    design = np.column_stack([np.ones(years.size), years - years.mean()])
    for row in range(counts.shape[0]):
        reference = sm.GLM(
            counts[row], design, family=sm.families.Poisson(), offset=np.log(population)
        ).fit(scale="X2")
        assert fit.slope[row] == pytest.approx(reference.params[1], abs=1e-9)
        assert fit.intercept[row] == pytest.approx(reference.params[0], abs=1e-9)
        # statsmodels' quasi-Poisson scale is Pearson chi2 / df_resid.
        assert fit.pearson_chi2[row] / fit.df_resid[row] == pytest.approx(reference.scale)
        scaled = fit.covariance[row] * reference.scale
        assert scaled == pytest.approx(np.asarray(reference.cov_params()), rel=1e-7)


def test_dispersion_by_hand() -> None:
    # Flat exposure, counts 90, 110, 90, 110: the ML trend is flat at 100 except for the slope
    # the alternation implies; check against a hand fit of the two-parameter model.
    counts = np.array([80.0, 120.0, 80.0, 120.0, 100.0])
    years = np.arange(5, dtype=float)
    fit = fit_loglinear_trends(counts, 1.0, years)
    mu = np.exp(fit.intercept[0] + fit.slope[0] * (years - 2))
    assert mu.sum() == pytest.approx(counts.sum())  # score equation for the intercept
    assert ((counts - mu) * (years - 2)).sum() == pytest.approx(0, abs=1e-8)
    dispersion = series_dispersion(counts, 1.0, years)
    assert dispersion.value == pytest.approx(((counts - mu) ** 2 / mu).sum() / 3)
    assert dispersion.df == 3
    # Exactly constant counts: Pearson chi2 0, floored at 1.
    assert series_dispersion(np.full(4, 50.0), 1.0, np.arange(4.0)).value == 1.0


def test_pooled_dispersion_by_hand() -> None:
    # Own series 3 years (df 1) is pooled: alpha = sum(chi2 - df) / sum(df x mean mu).
    counts = np.array([[100.0, 130.0, 90.0, np.nan], [50.0, 70.0, 40.0, 60.0]])
    years = np.arange(4.0)
    fit = fit_loglinear_trends(counts, 1.0, years)
    alpha = (fit.pearson_chi2 - fit.df_resid).sum() / (fit.df_resid * fit.mean_fitted).sum()
    pooled = pooled_dispersion(counts, 1.0, years)
    assert pooled.pooled and pooled.df == 3
    assert pooled.value == pytest.approx(max(1.0, 1 + alpha * fit.mean_fitted[0]))


def test_quasi_poisson_change_by_hand() -> None:
    change = compare_rates(100, 10_000, 150, 10_000, dispersion=4.0, dispersion_df=5)
    se = math.sqrt(4.0 * (1 / 100 + 1 / 150))
    statistic = math.log(1.5) / se
    assert change.p_value == pytest.approx(2 * stats.t.sf(statistic, 5))
    assert change.lower == pytest.approx(math.exp(math.log(1.5) - stats.t.ppf(0.975, 5) * se))
    assert change.verdict == NO_CERTAIN_CHANGE  # the exact Poisson test says increase
    assert compare_rates(100, 10_000, 150, 10_000).verdict != NO_CERTAIN_CHANGE


@pytest.mark.slow
@pytest.mark.parametrize("n_years, peers", [(5, 0), (4, 10), (3, 10)])
def test_no_change_verdicts_at_most_five_percent(n_years: int, peers: int) -> None:
    """A flat level with 0-30 % year-to-year variation: the last pair gets a verdict <= 5 %."""
    rng = np.random.default_rng(8541 + n_years)
    reps = 400
    rates = {}
    for mu in SIZES:
        for cv in CVS:
            own = _draw(rng, np.full(reps, float(mu)), cv, n_years)
            verdicts = 0
            for row in own:
                block = row[None, :]
                if peers:
                    others = _draw(rng, rng.uniform(20, 500, peers), cv, n_years)
                    block = np.vstack([block, others])
                dispersion = pooled_dispersion(block, 12_000.0, np.arange(float(n_years)))
                change = compare_rates(
                    int(row[-2]),
                    12_000,
                    int(row[-1]),
                    12_000,
                    dispersion=dispersion.value,
                    dispersion_df=dispersion.df,
                )
                verdicts += change.verdict != NO_CERTAIN_CHANGE
            rates[(mu, cv)] = verdicts / reps
    # Binomial Monte Carlo error at 5 %: sd 1.1 points with 400 draws.
    assert max(rates.values()) <= 0.05 + 2.5 * math.sqrt(0.05 * 0.95 / reps), rates


def test_trend_interval_covers_at_least_93_percent() -> None:
    """3-5 years, a -5 %/year trend, 0-30 % variation: the t-based interval covers >= 93 %."""
    rng = np.random.default_rng(187)
    reps = 3000
    true_slope = math.log(0.95)
    for n_years in (3, 4, 5):
        for mu in SIZES:
            for cv in CVS:
                counts = _draw(rng, np.full(reps, float(mu)), cv, n_years, slope=true_slope)
                fit = fit_loglinear_trends(counts, 12_000.0, np.arange(float(n_years)))
                scale = np.maximum(1.0, fit.pearson_chi2 / fit.df_resid)
                se = np.sqrt(scale * fit.covariance[:, 1, 1])
                quantile = stats.t.ppf(0.975, fit.df_resid)
                coverage = np.mean(np.abs(fit.slope - true_slope) <= quantile * se)
                # The page's function gives exactly these limits (checked on a few draws).
                for row in range(3):
                    trend = estimate_poisson_trend(
                        pd.DataFrame(
                            {"year": range(n_years), "count": counts[row], "population": 12_000}
                        )
                    )
                    assert trend.lower == pytest.approx(
                        math.expm1(fit.slope[row] - quantile[row] * se[row]), rel=1e-6
                    )
                assert coverage >= 0.93 - 2.5 * math.sqrt(0.07 * 0.93 / reps), (
                    n_years,
                    mu,
                    cv,
                    coverage,
                )
