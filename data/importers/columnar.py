"""The cell rules of common.py (`parse_number`, `parse_count`, `parse_year`, ...) run on whole
columns, for the importers' one reader (`tabular.read_checked`: Arrow text columns).

Each function returns, next to the values, a boolean per row that is True exactly where the
rule raises ImportFailed for that cell. An importer collects these per rule and calls
`refuse_first`: at the first row with a bad cell it runs the rule itself on that cell with its
file, line and column, so the error is the rule's own message (tested in
tests/importers/test_one_reader.py and the hardening corpus).

How values are kept exact:
- `per_distinct` runs the row-wise function itself once per distinct cell text (years,
  names, codes, marks: few distinct values);
- `numbers` parses the common shapes vectorised: after the same clean-up as `parse_number`
  (Unicode minus to `-`, thousands spaces removed, decimal comma to point), an ASCII number
  (`[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?` with ASCII digits) is cast by Arrow, whose
  string-to-double conversion rounds correctly like Python's `float` (tested). Every other
  non-empty cell (digits outside ASCII, words, stray signs) goes through `parse_number` once
  per distinct text, so it is accepted or refused exactly as the reference does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.importers.common import (
    MAX_COUNT,
    THOUSANDS_SEPARATORS,
    ImportFailed,
    parse_number,
)

# parse_number's pattern with ASCII digits only, after the decimal comma became a point.
_ASCII_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_MINUS_OR_SEPARATOR = "[\u2212" + "".join(THOUSANDS_SEPARATORS) + "]"
_NOWHERE = Path("-")


def distinct(values: pa.Array) -> tuple[np.ndarray, list[Any]]:
    """(code per row, distinct values): row i holds distinct[codes[i]]."""
    encoded = pc.dictionary_encode(values)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    return codes, encoded.dictionary.to_pylist()


def per_distinct(
    values: pa.Array, function: Callable[[str], Any]
) -> tuple[np.ndarray, list[Any], np.ndarray]:
    """`function` once per distinct cell text: (code per row, results, bad per row).

    results[codes[i]] is row i's result; bad[i] is True where `function` raised ImportFailed
    for row i's text (its result is then None)."""
    codes, texts = distinct(values)
    results: list[Any] = []
    failed = np.zeros(len(texts), dtype=bool)
    for index, text in enumerate(texts):
        try:
            results.append(function(text))
        except ImportFailed:
            results.append(None)
            failed[index] = True
    return codes, results, failed[codes]


def take(results: list[Any], codes: np.ndarray, dtype: Any = object) -> np.ndarray:
    """results[codes[i]] in row i, as a numpy array of `dtype`."""
    array = np.empty(len(results), dtype=dtype)
    array[:] = results
    return array[codes]


def numbers(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`parse_number` of every cell: (float64 per row, bad per row).

    bad[i] is True exactly where parse_number(values[i]) raises (an empty cell too); the value
    of a bad row is NaN."""
    count = len(values)
    result = np.full(count, np.nan)
    if not count:
        return result, np.zeros(0, dtype=bool)
    cleaned = values
    if pc.any(pc.match_substring_regex(values, _MINUS_OR_SEPARATOR)).as_py():
        cleaned = pc.replace_substring(cleaned, "\u2212", "-")
        for separator in THOUSANDS_SEPARATORS:
            cleaned = pc.replace_substring(cleaned, separator, "")
    cleaned = pc.replace_substring(cleaned, ",", ".")
    fast = pc.match_substring_regex(cleaned, _ASCII_NUMBER).to_numpy(zero_copy_only=False)
    bad = np.zeros(count, dtype=bool)
    if fast.any():
        rows = np.flatnonzero(fast)
        texts = cleaned if fast.all() else cleaned.take(pa.array(rows))
        try:
            parsed = pc.cast(texts, pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:
            # An exponent too long for Arrow: every cell the row-wise way.
            fast[:] = False
        else:
            result[rows] = parsed
            # parse_number refuses what float() makes infinite ('1e999').
            bad[rows] = ~np.isfinite(parsed)
    if not fast.all():
        rows = np.flatnonzero(~fast)
        codes, parsed, failed = per_distinct(values.take(pa.array(rows)), _number)
        result[rows] = take([np.nan if value is None else value for value in parsed], codes, float)
        bad[rows] = failed
    result[bad] = np.nan
    return result, bad


def counts(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`parse_count` of every cell: (int64 per row, bad per row); a bad row holds 0."""
    parsed, bad = numbers(values)
    with np.errstate(invalid="ignore"):
        bad = bad | (parsed < 0) | (parsed != np.floor(parsed)) | (parsed > MAX_COUNT)
    parsed[bad] = 0
    return parsed.astype(np.int64), bad


def text_column(texts: pa.Array | list[str | None], codes: np.ndarray | None = None) -> object:
    """A text column as `pd.DataFrame.from_records` makes it of the same values (str, or None
    for a missing value): its string dtype, or objects when every value is None. With `codes`,
    row i holds texts[codes[i]]."""
    if not isinstance(texts, pa.Array):
        texts = pa.array(texts, pa.large_string())
    if codes is not None:
        texts = texts.take(pa.array(codes))
    if texts.null_count == len(texts):
        return np.full(len(texts), None, dtype=object)
    return pd.array(texts, dtype="str")


def blank_to_null(texts: pa.Array) -> pa.Array:
    """`cell or None` of every cell."""
    return pc.if_else(pc.equal(texts, ""), pa.scalar(None, texts.type), texts)


def floats_or_none(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """A column of floats with None where `missing`, as from_records makes it: float64 with
    NaN, or objects (all None) when every row is missing."""
    if len(values) and missing.all():
        return np.full(len(values), None, dtype=object)
    column = values.astype(np.float64, copy=True)
    column[missing] = np.nan
    return column


def refuse_first(checks: Sequence[tuple[np.ndarray, Callable[[int], object]]]) -> None:
    """Raise the error of the first refused cell, if any.

    Each check is (bad per row, refuse): `refuse(i)` runs the cell's own rule on row i with its
    file, line and column (`parse_number(text, path=..., line=..., column=...)`), which raises
    ImportFailed for a bad cell. The first row with any bad cell is found, and there the
    checks are run in their order, so the error is the one of the first bad cell of that row
    in the order the rules are listed."""
    rows = [first(bad) for bad, _ in checks]
    found = [row for row in rows if row is not None]
    if not found:
        return
    row = min(found)
    for bad, refuse in checks:
        if bad[row]:
            refuse(row)
    raise AssertionError(f"row {row} was flagged but its rules accepted it")


def first(bad: np.ndarray) -> int | None:
    """Index of the first True, or None."""
    return int(np.argmax(bad)) if bad.any() else None


def _number(text: str) -> float:
    return parse_number(text, path=_NOWHERE, line=None, column="")
