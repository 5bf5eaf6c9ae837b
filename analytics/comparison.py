"""Comparison of Vaxholm with peer municipalities.

This module summarises how a set of comparable municipalities (e.g. the county, or Kolada's
similar municipalities) is spread each year, ranks municipalities within one year, places one
value against the peers' inter-quartile range, and computes population-weighted mean rates
(e.g. a county rate per 100 000 from municipal rates). Values are whatever the input holds,
typically a rate per 100 000 inhabitants or a percentage. All functions are pure: no I/O and
inputs are never mutated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics._validation import column_as_float, require_columns

BELOW_Q1: str = "below_q1"
"""Position: the value is below the peers' first quartile."""
WITHIN_IQR: str = "within_iqr"
"""Position: the value lies within the peers' inter-quartile range (limits included)."""
ABOVE_Q3: str = "above_q3"
"""Position: the value is above the peers' third quartile."""
UNKNOWN: str = "unknown"
"""Position: the value or all peer values are missing."""

PEER_BAND_COLUMNS: list[str] = ["median", "q1", "q3", "n_municipalities"]
"""Statistic columns returned by :func:`peer_band` after the year column."""


def peer_band(
    frame: pd.DataFrame, *, value_col: str = "value", year_col: str = "year"
) -> pd.DataFrame:
    """Return the peers' median and inter-quartile band for each year.

    Quartiles use pandas' default linear interpolation (same as ``numpy.percentile``).

    Args:
        frame: One row per municipality and year with a year column and a value column
            (e.g. rate per 100 000 inhabitants, or a percentage).
        value_col: Name of the value column.
        year_col: Name of the year column.

    Returns:
        A new DataFrame sorted by year with columns ``<year_col>``, ``median``, ``q1`` (25th
        percentile), ``q3`` (75th percentile) in the unit of ``value_col``, and
        ``n_municipalities`` (number of non-missing values that year).

    Missing values:
        NaN values are ignored; a year whose values are all NaN gets NaN statistics and
        ``n_municipalities`` 0. Rows with a missing year are dropped.

    Raises:
        KeyError: If a required column is absent.
    """
    require_columns(frame, [year_col, value_col])
    data = pd.DataFrame(
        {year_col: frame[year_col].to_numpy(), "value": column_as_float(frame, value_col)}
    )
    grouped = data.groupby(year_col, sort=True, dropna=True)["value"]
    result = pd.DataFrame(
        {
            "median": grouped.median(),
            "q1": grouped.quantile(0.25),
            "q3": grouped.quantile(0.75),
            "n_municipalities": grouped.count().astype("int64"),
        }
    )
    result.index.name = year_col
    return result.reset_index()[[year_col, *PEER_BAND_COLUMNS]]


def rank_municipalities(
    frame: pd.DataFrame,
    *,
    value_col: str = "value",
    municipality_col: str = "municipality_code",
    higher_is_better: bool = False,
) -> pd.DataFrame:
    """Rank municipalities on one year's values (1 = best).

    With ``higher_is_better=False`` (crime rates) the lowest value gets rank 1. Ties share the
    best rank of the group (pandas ``method="min"``: 1, 2, 2, 4). ``percentile`` is the share,
    in percent (0-100), of the *other* ranked municipalities that have a strictly worse value:
    100 for a unique best, 0 for the worst.

    Args:
        frame: Rows for ONE year, one row per municipality, with a municipality column and a
            value column (e.g. rate per 100 000 inhabitants).
        value_col: Name of the value column.
        municipality_col: Name of the municipality identifier column (must be unique).
        higher_is_better: True when a high value is good (e.g. share feeling safe).

    Returns:
        A copy of ``frame`` (same row order) with columns ``rank`` (Int64), ``n_ranked``
        (int64, number of ranked municipalities) and ``percentile`` (float64).

    Missing values:
        Rows with a NaN value are not ranked: ``rank`` is ``<NA>`` and ``percentile`` NaN.
        With a single ranked municipality ``percentile`` is NaN (no others to compare with).

    Raises:
        KeyError: If a required column is absent.
        ValueError: If a municipality appears more than once (pass one year only).
    """
    require_columns(frame, [value_col, municipality_col])
    municipalities = frame[municipality_col]
    duplicated = municipalities[municipalities.duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(
            f"Municipality values {duplicated} appear more than once; pass one year's rows."
        )
    values = pd.Series(column_as_float(frame, value_col), index=frame.index)
    ascending = not higher_is_better
    best_rank = values.rank(method="min", ascending=ascending, na_option="keep")
    worst_rank = values.rank(method="max", ascending=ascending, na_option="keep")
    n_ranked = int(values.notna().sum())
    result = frame.copy()
    result["rank"] = best_rank.astype("Int64")
    result["n_ranked"] = np.full(len(frame), n_ranked, dtype=np.int64)
    if n_ranked > 1:
        result["percentile"] = 100.0 * (n_ranked - worst_rank) / (n_ranked - 1)
    else:
        result["percentile"] = np.full(len(frame), np.nan)
    return result


def position_against_peers(value: float, peer_values: Sequence[float]) -> str:
    """Place one value against the peers' inter-quartile range.

    Quartiles are computed with linear interpolation (``numpy.percentile`` default, same as
    :func:`peer_band`). Values equal to a quartile count as within the range.

    Args:
        value: The municipality's value (e.g. rate per 100 000 inhabitants).
        peer_values: The peers' values in the same unit (may include the municipality itself).

    Returns:
        ``"below_q1"``, ``"within_iqr"``, ``"above_q3"``, or ``"unknown"`` when ``value`` is
        missing or no peer value is present.

    Missing values:
        NaN peer values are ignored; a NaN ``value`` gives ``"unknown"``.
    """
    if value is None or value is pd.NA or math.isnan(float(value)):
        return UNKNOWN
    peers = pd.to_numeric(pd.Series(list(peer_values), dtype="object"), errors="raise")
    present = peers.to_numpy(dtype=float, na_value=np.nan)
    present = present[~np.isnan(present)]
    if present.size == 0:
        return UNKNOWN
    first_quartile, third_quartile = np.percentile(present, [25.0, 75.0])
    if float(value) < first_quartile:
        return BELOW_Q1
    if float(value) > third_quartile:
        return ABOVE_Q3
    return WITHIN_IQR


def weighted_rate(
    frame: pd.DataFrame, *, rate_col: str = "value", population_col: str = "population"
) -> float:
    """Return the population-weighted mean of rates, e.g. a county rate from municipal rates.

    ``sum(rate * population) / sum(population)``; with rates per 100 000 inhabitants the result
    is the rate per 100 000 of the combined population.

    Args:
        frame: Rows with a rate column (e.g. rate per 100 000) and a population column (persons).
        rate_col: Name of the rate column.
        population_col: Name of the population column.

    Returns:
        The weighted mean rate in the unit of ``rate_col``; NaN if no complete row remains or
        the remaining population sums to 0.

    Missing values:
        Rows with a missing rate or population are dropped.

    Raises:
        KeyError: If a required column is absent.
        ValueError: If a population is negative or a value is infinite.
    """
    require_columns(frame, [rate_col, population_col])
    rates = column_as_float(frame, rate_col)
    populations = column_as_float(frame, population_col)
    complete = ~(np.isnan(rates) | np.isnan(populations))
    rates, populations = rates[complete], populations[complete]
    if not (np.all(np.isfinite(rates)) and np.all(np.isfinite(populations))):
        raise ValueError("Rates and populations must be finite.")
    if np.any(populations < 0):
        raise ValueError(f"Column {population_col!r} must not hold negative populations.")
    total_population = float(populations.sum())
    if total_population == 0:
        return math.nan
    return float(np.dot(rates, populations) / total_population)
