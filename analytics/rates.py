"""Rates per 100 000 inhabitants with exact Poisson confidence limits.

This module turns event counts (reported crimes, incidents, call-outs) and population
figures into rates per 100 000 inhabitants and attaches exact Poisson (Garwood) confidence
limits, which stay honest for the small counts typical of a municipality of about 12 000
inhabitants. It also back-computes whole-number counts for sources (such as Kolada) that only
publish rates. All functions are pure: no I/O and inputs are never mutated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analytics._validation import (
    check_confidence,
    check_count,
    check_per,
    check_population,
    column_as_float,
    is_missing,
    require_columns,
    series_as_float,
)

PER_100K: float = 100_000.0
"""Default rate multiplier: rates are expressed per 100 000 inhabitants."""


@dataclass(frozen=True)
class RateEstimate:
    """A rate with its confidence limits, all expressed per ``per`` persons.

    Attributes:
        rate: Point estimate, count / population * per (rate per 100 000 by default).
        lower: Lower exact Poisson confidence limit, same unit as ``rate``.
        upper: Upper exact Poisson confidence limit, same unit as ``rate``.
    """

    rate: float
    lower: float
    upper: float


def garwood_count_limits(
    counts: np.ndarray, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Return exact Poisson (Garwood) limits for the expected count of each observed count.

    ``lower = chi2.ppf(alpha/2, 2k) / 2`` (0 when k = 0) and
    ``upper = chi2.ppf(1 - alpha/2, 2k + 2) / 2`` with ``alpha = 1 - confidence``.

    Args:
        counts: Array of non-negative whole event counts; NaN entries give NaN limits.
        confidence: Two-sided confidence level, strictly between 0 and 1.

    Returns:
        Two new float arrays (lower, upper) in units of events (not rates).
    """
    confidence = check_confidence(confidence)
    alpha = 1.0 - confidence
    counts = np.asarray(counts, dtype=float)
    lower = np.full(counts.shape, np.nan)
    upper = np.full(counts.shape, np.nan)
    observed = ~np.isnan(counts)
    positive = observed & (counts > 0)
    lower[observed & (counts == 0)] = 0.0
    lower[positive] = stats.chi2.ppf(alpha / 2.0, 2.0 * counts[positive]) / 2.0
    upper[observed] = stats.chi2.ppf(1.0 - alpha / 2.0, 2.0 * counts[observed] + 2.0) / 2.0
    return lower, upper


def poisson_rate_interval(
    count: int,
    population: float,
    *,
    per: float = PER_100K,
    confidence: float = 0.95,
) -> RateEstimate:
    """Return a rate per ``per`` persons with exact Poisson (Garwood) confidence limits.

    The rate is ``count / population * per`` (rate per 100 000 by default); the limits are the
    Garwood limits of the expected count scaled by the same factor, so for k = 0 at 95 % the
    upper limit is 3.689 events.

    Args:
        count: Number of events in the period; a non-negative whole number (``3.0`` accepted).
        population: Population at risk (persons); must be positive.
        per: Rate multiplier, 100 000 for a rate per 100 000 inhabitants.
        confidence: Two-sided confidence level, strictly between 0 and 1.

    Returns:
        A ``RateEstimate`` (rate, lower, upper), all per ``per`` persons.

    Missing values:
        A missing count or population (None, NaN, ``pd.NA``) gives a ``RateEstimate`` of NaNs.

    Raises:
        ValueError: If count is negative or not a whole number, or population <= 0.
    """
    per = check_per(per)
    confidence = check_confidence(confidence)
    if is_missing(count) or is_missing(population):
        return RateEstimate(rate=np.nan, lower=np.nan, upper=np.nan)
    events = check_count(count)
    persons = check_population(population)
    lower_count, upper_count = garwood_count_limits(np.array([events], dtype=float), confidence)
    scale = per / persons
    return RateEstimate(
        rate=events * scale,
        lower=float(lower_count[0]) * scale,
        upper=float(upper_count[0]) * scale,
    )


def add_rate_columns(
    frame: pd.DataFrame,
    *,
    count_col: str = "count",
    population_col: str = "population",
    per: float = PER_100K,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return a copy of ``frame`` with columns ``rate_per_100k``, ``rate_lower``, ``rate_upper``.

    Each row gets ``count / population * per`` and its exact Poisson (Garwood) limits, as in
    :func:`poisson_rate_interval`. The column is called ``rate_per_100k`` whatever ``per`` is;
    with the default ``per=100_000`` it is a rate per 100 000 inhabitants.

    Args:
        frame: Table with a count column (whole events) and a population column (persons).
        count_col: Name of the event-count column.
        population_col: Name of the population column.
        per: Rate multiplier, 100 000 for a rate per 100 000 inhabitants.
        confidence: Two-sided confidence level, strictly between 0 and 1.

    Returns:
        A new DataFrame (same index and columns plus the three rate columns, float64).

    Missing values:
        Rows with a missing count or population get NaN in all three new columns.

    Raises:
        KeyError: If a required column is absent.
        ValueError: If a present count is negative or fractional, or a present population <= 0.
    """
    require_columns(frame, [count_col, population_col])
    per = check_per(per)
    confidence = check_confidence(confidence)
    counts = column_as_float(frame, count_col)
    populations = column_as_float(frame, population_col)
    complete = ~np.isnan(counts) & ~np.isnan(populations)
    present_counts = counts[~np.isnan(counts)]
    if np.any(present_counts < 0) or np.any(~np.isfinite(present_counts)):
        raise ValueError(f"Column {count_col!r} must hold non-negative finite counts.")
    if np.any(present_counts != np.floor(present_counts)):
        raise ValueError(f"Column {count_col!r} must hold whole numbers of events.")
    present_populations = populations[~np.isnan(populations)]
    if np.any(present_populations <= 0) or np.any(~np.isfinite(present_populations)):
        raise ValueError(f"Column {population_col!r} must hold positive finite populations.")

    usable_counts = np.where(complete, counts, np.nan)
    lower_count, upper_count = garwood_count_limits(usable_counts, confidence)
    scale = np.where(complete, per / np.where(complete, populations, 1.0), np.nan)
    result = frame.copy()
    result["rate_per_100k"] = usable_counts * scale
    result["rate_lower"] = lower_count * scale
    result["rate_upper"] = upper_count * scale
    return result


def counts_from_rates(rate_per_100k: pd.Series, population: pd.Series) -> pd.Series:
    """Back-compute whole event counts from published rates per 100 000 inhabitants.

    Some sources (e.g. Kolada) publish only a rate per 100 000 inhabitants. The underlying
    count is recovered as ``rate_per_100k * population / 100 000`` rounded to the nearest
    integer (halves round up), e.g. 1167.80908 per 100 000 with 12 330 inhabitants gives 144.
    The back-computed counts can then be used with the exact Poisson methods.

    Args:
        rate_per_100k: Published rates per 100 000 inhabitants (non-negative).
        population: Population (persons) that the rate refers to (non-negative).

    Returns:
        A new ``Int64`` Series named ``count``. The two inputs are aligned on their index as in
        ordinary pandas arithmetic (labels present in only one input give ``<NA>``).

    Missing values:
        A missing rate or population gives ``<NA>`` for that row.

    Raises:
        ValueError: If any present rate or population is negative or infinite.
    """
    rates = series_as_float(rate_per_100k)
    populations = series_as_float(population)
    for label, values in (("rate_per_100k", rates), ("population", populations)):
        present = values.dropna()
        if bool((present < 0).any()) or not bool(np.isfinite(present).all()):
            raise ValueError(f"{label} must hold non-negative finite values.")
    expected_counts = rates * populations / PER_100K
    rounded = np.floor(expected_counts + 0.5)
    return rounded.astype("Int64").rename("count")
