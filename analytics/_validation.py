"""Shared input checks for the analytics package.

These private helpers validate scalar arguments (counts, populations, confidence levels) and
convert pandas columns, including nullable extension dtypes, into float arrays with NaN for
missing values. They are used by the public modules so that every function rejects bad input
with the same clear ``ValueError`` messages. Nothing here is part of the public API.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd


def is_missing(value: object) -> bool:
    """Return True when a scalar is None, pandas NA or a float NaN."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return math.isnan(float(value))
    return False


def check_confidence(confidence: float) -> float:
    """Return ``confidence`` as a float after checking that it lies strictly between 0 and 1."""
    if is_missing(confidence) or not 0.0 < float(confidence) < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}.")
    return float(confidence)


def check_per(per: float) -> float:
    """Return the rate multiplier ``per`` (e.g. 100 000) after checking it is positive."""
    if is_missing(per) or not math.isfinite(float(per)) or float(per) <= 0:
        raise ValueError(f"per must be a positive finite number, got {per!r}.")
    return float(per)


def _as_real(value: object, name: str) -> float:
    """Return a real-number scalar as float, raising TypeError for other types."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}.")
    return float(value)


def check_count(count: object, name: str = "count") -> int:
    """Return a non-missing event count as int; it must be a non-negative whole number."""
    if is_missing(count):
        raise ValueError(f"{name} is missing (NaN); a count is required.")
    value = _as_real(count, name)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative finite number, got {count!r}.")
    if value != math.floor(value):
        raise ValueError(f"{name} must be a whole number of events, got {count!r}.")
    return int(value)


def check_population(population: object, name: str = "population") -> float:
    """Return a non-missing population as float; it must be positive and finite."""
    if is_missing(population):
        raise ValueError(f"{name} is missing (NaN); a population is required.")
    value = _as_real(population, name)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {population!r}.")
    return value


def require_columns(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise KeyError naming every column of ``columns`` that ``frame`` lacks."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise KeyError(f"Missing required column(s) {missing}; available: {list(frame.columns)}.")


def column_as_float(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Return ``frame[column]`` as a new float64 array with NaN for missing values.

    Nullable extension dtypes (``Int64``, ``Float64``) are supported; ``pd.NA`` becomes NaN.
    Non-numeric values raise ``ValueError``.
    """
    numeric = pd.to_numeric(frame[column], errors="raise")
    return np.array(numeric.to_numpy(dtype=float, na_value=np.nan), dtype=float, copy=True)


def series_as_float(series: pd.Series) -> pd.Series:
    """Return a float64 copy of ``series`` (same index) with NaN for missing values."""
    numeric = pd.to_numeric(series, errors="raise")
    values = numeric.to_numpy(dtype=float, na_value=np.nan)
    return pd.Series(np.array(values, copy=True), index=series.index, name=series.name)


def check_years(years: np.ndarray, year_col: str) -> np.ndarray:
    """Return ``years`` as int64 after checking they are whole numbers and unique."""
    if np.any(years != np.floor(years)):
        raise ValueError(f"Column {year_col!r} must contain whole years.")
    integer_years = years.astype(np.int64)
    unique_years, occurrences = np.unique(integer_years, return_counts=True)
    duplicated = unique_years[occurrences > 1]
    if duplicated.size:
        raise ValueError(
            f"Column {year_col!r} has more than one row for year(s) {duplicated.tolist()}; "
            "aggregate to one row per year first."
        )
    return integer_years
