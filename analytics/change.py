"""Tests of change between two periods: rates per 100 000 and survey shares.

This module answers "did it really change?" for the dashboard. Two rates (events per
population) are compared with the exact conditional binomial test and a Clopper-Pearson based
rate-ratio interval; consecutive years of a series are compared pairwise; two survey shares are
compared with a pooled two-proportion z-test and a Newcombe interval for the difference. Each
result carries a verdict that is one of the module constants ``INCREASE``, ``DECREASE`` or
``NO_CERTAIN_CHANGE``. All functions are pure: no I/O and inputs are never mutated.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from analytics._validation import (
    check_confidence,
    check_count,
    check_population,
    check_years,
    column_as_float,
    is_missing,
    require_columns,
)
from analytics.rates import PER_100K

INCREASE: str = "increase"
"""Verdict: a statistically certain increase at the chosen confidence level."""
DECREASE: str = "decrease"
"""Verdict: a statistically certain decrease at the chosen confidence level."""
NO_CERTAIN_CHANGE: str = "no_certain_change"
"""Verdict: the data are compatible with no change at the chosen confidence level."""
VERDICTS: tuple[str, str, str] = (INCREASE, DECREASE, NO_CERTAIN_CHANGE)
"""All possible verdict values."""

YEAR_OVER_YEAR_COLUMNS: list[str] = [
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
"""Columns returned by :func:`year_over_year`, in order."""


def verdict_from_test(p_value: float, direction: float, confidence: float) -> str:
    """Return the verdict for a two-sided test.

    Args:
        p_value: Two-sided p-value of the test of "no change".
        direction: Signed effect; > 0 means up, < 0 means down (e.g. ratio - 1, difference).
        confidence: Confidence level; significance threshold is ``alpha = 1 - confidence``.

    Returns:
        ``INCREASE`` if ``p_value < alpha`` and ``direction > 0``, ``DECREASE`` if
        ``p_value < alpha`` and ``direction < 0``, else ``NO_CERTAIN_CHANGE`` (also for NaN).
    """
    alpha = 1.0 - check_confidence(confidence)
    if math.isnan(p_value) or math.isnan(direction) or not p_value < alpha:
        return NO_CERTAIN_CHANGE
    if direction > 0:
        return INCREASE
    if direction < 0:
        return DECREASE
    return NO_CERTAIN_CHANGE


@dataclass(frozen=True)
class RateChange:
    """Comparison of two rates per 100 000 inhabitants (after versus before).

    Attributes:
        count_before: Events in the earlier period.
        count_after: Events in the later period.
        rate_before: Earlier rate per 100 000 inhabitants.
        rate_after: Later rate per 100 000 inhabitants.
        rate_ratio: rate_after / rate_before (inf if only the earlier count is 0, NaN if both).
        lower: Lower confidence limit of the rate ratio.
        upper: Upper confidence limit of the rate ratio (may be inf).
        p_value: Two-sided exact conditional (binomial) p-value for equal rates.
        verdict: ``INCREASE``, ``DECREASE`` or ``NO_CERTAIN_CHANGE``.
    """

    count_before: int
    count_after: int
    rate_before: float
    rate_after: float
    rate_ratio: float
    lower: float
    upper: float
    p_value: float
    verdict: str


def _proportion_to_rate_ratio(proportion: float, population_ratio: float) -> float:
    """Map the after-share p = k_after / n to the rate ratio (p / (1 - p)) * pop_before/pop_after."""
    if proportion >= 1.0:
        return math.inf
    return proportion / (1.0 - proportion) * population_ratio


def compare_rates(
    count_before: int,
    population_before: float,
    count_after: int,
    population_after: float,
    *,
    confidence: float = 0.95,
    dispersion: float = 1.0,
    dispersion_df: float | None = None,
) -> RateChange:
    """Compare two rates; exact Poisson test, or a quasi-Poisson t-test with a dispersion.

    Conditional on the total ``n = count_before + count_after``, under equal rates
    ``count_after ~ Binomial(n, p0)`` with ``p0 = population_after / (population_before +
    population_after)``. The two-sided p-value is the exact binomial test (scipy
    ``binomtest``); the rate-ratio interval is the Clopper-Pearson interval (pL, pU) for
    ``count_after / n`` mapped through ``RR = p / (1 - p) * population_before /
    population_after``. Rates are per 100 000 inhabitants.

    Overdispersion: real yearly crime counts vary 3-50 times more than Poisson around their
    trend, and the exact test then calls ordinary year-to-year variation a change (20-40 % of
    "no change" years at 10-30 % variation). Given ``dispersion`` (phi >= 1, Var(count) = phi x
    E(count), estimated e.g. by :func:`analytics.trend.pooled_dispersion` from the series' own
    history) and its degrees of freedom ``dispersion_df``, the test is instead the Wald test of
    the log rate ratio with variance ``phi x (1/count_before + 1/count_after)`` against the t
    distribution with ``dispersion_df`` degrees of freedom (normal when None); the interval is
    the same statistic inverted, so verdict and interval always agree. A zero count is replaced
    by 0.5 in this variance and ratio (the interval then stays finite; ``rate_ratio`` keeps its
    0 / inf). ``dispersion == 1`` with ``dispersion_df`` None is the known-Poisson exact test.

    Zero counts (exact test):
        * both counts 0: ``rate_ratio`` NaN, interval [0, inf], ``p_value`` 1, no certain change;
        * only ``count_before`` 0: ``rate_ratio`` inf and ``upper`` inf, ``lower`` finite;
        * only ``count_after`` 0: ``rate_ratio`` 0 and ``lower`` 0, ``upper`` finite.

    Args:
        count_before: Events in the earlier period, a non-negative whole number.
        population_before: Population (persons) in the earlier period, > 0.
        count_after: Events in the later period, a non-negative whole number.
        population_after: Population (persons) in the later period, > 0.
        confidence: Confidence level; the verdict uses ``alpha = 1 - confidence``.
        dispersion: Quasi-Poisson dispersion phi (>= 1) of the counts.
        dispersion_df: Degrees of freedom of an estimated ``dispersion``; None if it is known.

    Returns:
        A ``RateChange``; verdict is ``INCREASE`` if p < alpha and the ratio > 1, ``DECREASE``
        if p < alpha and the ratio < 1, otherwise ``NO_CERTAIN_CHANGE``.

    Missing values:
        Missing (NaN) counts or populations raise ``ValueError``; drop them first.

    Raises:
        ValueError: For missing, negative or fractional counts, or populations <= 0.
    """
    confidence = check_confidence(confidence)
    events_before = check_count(count_before, "count_before")
    events_after = check_count(count_after, "count_after")
    persons_before = check_population(population_before, "population_before")
    persons_after = check_population(population_after, "population_after")

    rate_before = events_before / persons_before * PER_100K
    rate_after = events_after / persons_after * PER_100K
    total = events_before + events_after
    if total == 0:
        return RateChange(
            count_before=0,
            count_after=0,
            rate_before=0.0,
            rate_after=0.0,
            rate_ratio=math.nan,
            lower=0.0,
            upper=math.inf,
            p_value=1.0,
            verdict=NO_CERTAIN_CHANGE,
        )

    if not dispersion >= 1.0 or not math.isfinite(dispersion):
        raise ValueError(f"dispersion must be a finite number >= 1, got {dispersion!r}.")
    if dispersion_df is not None and not dispersion_df > 0:
        raise ValueError(f"dispersion_df must be > 0, got {dispersion_df!r}.")
    if dispersion > 1.0 or dispersion_df is not None:
        return _quasi_poisson_change(
            events_before,
            persons_before,
            events_after,
            persons_after,
            confidence=confidence,
            dispersion=dispersion,
            dispersion_df=dispersion_df,
        )

    population_ratio = persons_before / persons_after
    null_proportion = persons_after / (persons_before + persons_after)
    test = stats.binomtest(events_after, total, null_proportion, alternative="two-sided")
    interval = test.proportion_ci(confidence_level=confidence, method="exact")
    rate_ratio = math.inf if events_before == 0 else rate_after / rate_before
    p_value = float(min(1.0, test.pvalue))
    return RateChange(
        count_before=events_before,
        count_after=events_after,
        rate_before=rate_before,
        rate_after=rate_after,
        rate_ratio=rate_ratio,
        lower=_proportion_to_rate_ratio(float(interval.low), population_ratio),
        upper=_proportion_to_rate_ratio(float(interval.high), population_ratio),
        p_value=p_value,
        verdict=verdict_from_test(p_value, rate_ratio - 1.0, confidence),
    )


def _quasi_poisson_change(
    events_before: int,
    persons_before: float,
    events_after: int,
    persons_after: float,
    *,
    confidence: float,
    dispersion: float,
    dispersion_df: float | None,
) -> RateChange:
    """compare_rates' Wald t-test of the log rate ratio with a quasi-Poisson variance."""
    rate_before = events_before / persons_before * PER_100K
    rate_after = events_after / persons_after * PER_100K
    if events_before == 0 and events_after == 0:
        rate_ratio = math.nan
    elif events_before == 0:
        rate_ratio = math.inf
    else:
        rate_ratio = rate_after / rate_before
    before = max(events_before, 0.5)
    after = max(events_after, 0.5)
    log_ratio = math.log(after / persons_after) - math.log(before / persons_before)
    if events_before == 0 and events_after == 0:
        log_ratio = 0.0
    se = math.sqrt(dispersion * (1.0 / before + 1.0 / after))
    if dispersion_df is None:
        quantile = float(stats.norm.ppf(0.5 + confidence / 2.0))
        p_value = float(2.0 * stats.norm.sf(abs(log_ratio) / se))
    else:
        quantile = float(stats.t.ppf(0.5 + confidence / 2.0, dispersion_df))
        p_value = float(2.0 * stats.t.sf(abs(log_ratio) / se, dispersion_df))
    return RateChange(
        count_before=events_before,
        count_after=events_after,
        rate_before=rate_before,
        rate_after=rate_after,
        rate_ratio=rate_ratio,
        lower=math.exp(log_ratio - quantile * se),
        upper=math.exp(log_ratio + quantile * se),
        p_value=p_value,
        verdict=verdict_from_test(p_value, log_ratio, confidence),
    )


def year_over_year(
    frame: pd.DataFrame,
    *,
    year_col: str = "year",
    count_col: str = "count",
    population_col: str = "population",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Compare each year's rate per 100 000 with the previous available year.

    Years are sorted; each year is compared with the closest earlier year that has data (so a
    gap 2019 -> 2021 is compared directly and ``year_before`` records 2019), using
    :func:`compare_rates`.

    Args:
        frame: One row per year with a year column, whole event counts and population (persons).
        year_col: Name of the year column (whole years).
        count_col: Name of the event-count column.
        population_col: Name of the population column.
        confidence: Confidence level for the intervals and verdicts.

    Returns:
        A new DataFrame with columns ``year_before``, ``year``, ``rate_before``, ``rate_after``
        (rates per 100 000), ``rate_ratio``, ``lower``, ``upper``, ``p_value`` and ``verdict``;
        one row per compared pair (empty with these columns when fewer than two years).

    Missing values:
        Rows with a missing year, count or population are dropped before pairing.

    Raises:
        KeyError: If a required column is absent.
        ValueError: If a year appears twice, or counts/populations are invalid.
    """
    require_columns(frame, [year_col, count_col, population_col])
    confidence = check_confidence(confidence)
    years = column_as_float(frame, year_col)
    counts = column_as_float(frame, count_col)
    populations = column_as_float(frame, population_col)
    complete = ~(np.isnan(years) | np.isnan(counts) | np.isnan(populations))
    years, counts, populations = years[complete], counts[complete], populations[complete]
    integer_years = check_years(years, year_col)
    order = np.argsort(integer_years)

    rows: list[dict[str, object]] = []
    for previous, current in itertools.pairwise(order):
        change = compare_rates(
            counts[previous],
            populations[previous],
            counts[current],
            populations[current],
            confidence=confidence,
        )
        rows.append(
            {
                "year_before": int(integer_years[previous]),
                "year": int(integer_years[current]),
                "rate_before": change.rate_before,
                "rate_after": change.rate_after,
                "rate_ratio": change.rate_ratio,
                "lower": change.lower,
                "upper": change.upper,
                "p_value": change.p_value,
                "verdict": change.verdict,
            }
        )
    result = pd.DataFrame(rows, columns=YEAR_OVER_YEAR_COLUMNS)
    result["year_before"] = result["year_before"].astype("int64")
    result["year"] = result["year"].astype("int64")
    for column in ("rate_before", "rate_after", "rate_ratio", "lower", "upper", "p_value"):
        result[column] = result[column].astype("float64")
    return result


@dataclass(frozen=True)
class ShareChange:
    """Comparison of two survey shares (after versus before), in percent and percentage points.

    Attributes:
        successes_before: Respondents with the attribute in the earlier survey.
        n_before: Respondents in the earlier survey.
        successes_after: Respondents with the attribute in the later survey.
        n_after: Respondents in the later survey.
        share_before: Earlier share in percent (0-100).
        share_after: Later share in percent (0-100).
        difference_pp: share_after - share_before in percentage points.
        lower: Lower Newcombe (hybrid Wilson score) limit of the difference, percentage points.
        upper: Upper Newcombe limit of the difference, percentage points.
        p_value: Two-sided pooled two-proportion z-test p-value for equal shares.
        verdict: ``INCREASE``, ``DECREASE`` or ``NO_CERTAIN_CHANGE``.
    """

    successes_before: float
    n_before: float
    successes_after: float
    n_after: float
    share_before: float
    share_after: float
    difference_pp: float
    lower: float
    upper: float
    p_value: float
    verdict: str


def _check_share_inputs(successes: object, n: object, label: str) -> tuple[float, float]:
    """Validate a (successes, n) pair: 0 <= successes <= n, n > 0; return them as floats."""
    if is_missing(successes) or is_missing(n):
        raise ValueError(f"successes_{label} and n_{label} must not be missing (NaN).")
    respondents = check_population(n, f"n_{label}")
    hits = float(successes)  # type: ignore[arg-type]
    if not math.isfinite(hits) or hits < 0 or hits > respondents:
        raise ValueError(
            f"successes_{label} must lie between 0 and n_{label} ({respondents}), got {successes!r}."
        )
    return hits, respondents


def compare_shares(
    successes_before: float,
    n_before: float,
    successes_after: float,
    n_after: float,
    *,
    confidence: float = 0.95,
    design_effect_before: float = 1.0,
    design_effect_after: float = 1.0,
) -> ShareChange:
    """Compare two independent survey shares with a pooled two-proportion z-test.

    The p-value comes from statsmodels ``proportions_ztest`` (pooled variance under equal
    shares); the interval for the difference (after - before) is Newcombe's hybrid score
    interval (method 10, statsmodels ``confint_proportions_2indep(method="newcomb")``). When
    both surveys have 0 % or both 100 % the z statistic is undefined and ``p_value`` is 1.

    The verdict is read from the interval that is printed: an increase when its lower limit
    is above 0, a decrease when its upper limit is below 0 (the z-test's p-value is reported
    but no longer decides, so verdict and interval cannot contradict each other; they did in
    about 2 % of cases). A design effect (clustered or weighted samples, e.g. NTU's ~1.4)
    enters test and interval alike as effective sample sizes ``n / design_effect`` (with
    successes scaled the same way), as it enters the survey's own printed limits.

    Args:
        successes_before: Respondents with the attribute earlier (0 <= successes <= n; may be
            non-integer when back-computed from a weighted percentage).
        n_before: Number of respondents earlier, > 0.
        successes_after: Respondents with the attribute later.
        n_after: Number of respondents later, > 0.
        confidence: Confidence level for the interval; verdict uses ``alpha = 1 - confidence``.
        design_effect_before: Design effect (>= 1) of the earlier survey's estimate.
        design_effect_after: Design effect (>= 1) of the later survey's estimate.

    Returns:
        A ``ShareChange`` with shares in percent and the difference and its limits in
        percentage points.

    Missing values:
        Missing (NaN) inputs raise ``ValueError``.

    Raises:
        ValueError: If n <= 0, successes outside [0, n] or values are missing.
    """
    confidence = check_confidence(confidence)
    alpha = 1.0 - confidence
    hits_before, respondents_before = _check_share_inputs(successes_before, n_before, "before")
    hits_after, respondents_after = _check_share_inputs(successes_after, n_after, "after")
    proportion_before = hits_before / respondents_before
    proportion_after = hits_after / respondents_after
    for effect in (design_effect_before, design_effect_after):
        if not (math.isfinite(effect) and effect >= 1.0):
            raise ValueError(f"A design effect must be a finite number >= 1, got {effect!r}.")
    hits_before, respondents_before = (
        hits_before / design_effect_before,
        respondents_before / design_effect_before,
    )
    hits_after, respondents_after = (
        hits_after / design_effect_after,
        respondents_after / design_effect_after,
    )
    pooled = (hits_before + hits_after) / (respondents_before + respondents_after)
    if pooled in (0.0, 1.0):
        p_value = 1.0
    else:
        _, p_value_raw = proportions_ztest(
            count=np.array([hits_after, hits_before]),
            nobs=np.array([respondents_after, respondents_before]),
            value=0.0,
            alternative="two-sided",
            prop_var=False,
        )
        p_value = float(p_value_raw)
    lower, upper = confint_proportions_2indep(
        hits_after,
        respondents_after,
        hits_before,
        respondents_before,
        method="newcomb",
        compare="diff",
        alpha=alpha,
    )
    difference = proportion_after - proportion_before
    return ShareChange(
        successes_before=hits_before,
        n_before=respondents_before,
        successes_after=hits_after,
        n_after=respondents_after,
        share_before=100.0 * proportion_before,
        share_after=100.0 * proportion_after,
        difference_pp=100.0 * difference,
        lower=100.0 * float(lower),
        upper=100.0 * float(upper),
        p_value=p_value,
        verdict=INCREASE if lower > 0 else (DECREASE if upper < 0 else NO_CERTAIN_CHANGE),
    )


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Return the Wilson score interval for a proportion, as proportions (0-1, not percent).

    Args:
        successes: Number with the attribute, 0 <= successes <= n (may be non-integer).
        n: Number of respondents, > 0.
        confidence: Two-sided confidence level.

    Returns:
        ``(lower, upper)`` as proportions.

    Missing values:
        A missing successes or n gives ``(nan, nan)``.

    Raises:
        ValueError: If n <= 0 or successes lies outside [0, n].
    """
    confidence = check_confidence(confidence)
    if is_missing(successes) or is_missing(n):
        return (math.nan, math.nan)
    hits, respondents = _check_share_inputs(successes, n, "")
    lower, upper = proportion_confint(hits, respondents, alpha=1.0 - confidence, method="wilson")
    return (float(lower), float(upper))
