"""The one small-number rule (DESIGN §4), applied identically to charts, tables and downloads.

- Counts 1–4 are hidden and shown as "<5" (primary suppression); 0 is shown as "-" and a
  missing value as "." (Swedish official-statistics symbols).
- Secondary suppression: where a table shows row or column totals, a row or column with
  exactly one hidden cell would give it away (total minus the others), so the smallest other
  non-zero cell of that line (a zero if nothing else is left) is hidden too, shown as "..",
  until no line has exactly one hidden cell.
- Survey cells with fewer than 30 respondents are not shown ("..").

Functions return masks and display frames; callers drop or blank the hidden values in every
view (chart data, table, CSV) from the same mask, so no view can reveal what another hides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Counts from 1 up to this value are hidden (shown as "<5").
SMALL_COUNT_MAX = 4
# Survey cells answered by fewer respondents than this are not shown.
MIN_SURVEY_RESPONDENTS = 30
PRIMARY, SECONDARY = "primary", "secondary"
# Swedish symbols: hidden small count, hidden for another reason, zero, missing.
SYMBOL_SMALL, SYMBOL_HIDDEN, SYMBOL_ZERO, SYMBOL_MISSING = "<5", "..", "-", "."


def small_count_mask(
    counts: pd.DataFrame, *, rows_have_totals: bool = True, columns_have_totals: bool = True
) -> pd.DataFrame:
    """Which cells of a count table to hide: "" (shown), "primary" or "secondary".

    counts: a table of non-negative whole counts (rows x columns, e.g. area x category);
    NaN is missing and never hidden. `rows_have_totals` / `columns_have_totals` say whether
    the view also shows each row's / column's total (then secondary suppression applies).
    """
    values = counts.to_numpy(dtype=float)
    mask = np.full(values.shape, "", dtype=object)
    primary = (values >= 1) & (values <= SMALL_COUNT_MAX)
    mask[primary] = PRIMARY
    changed = True
    while changed:
        changed = False
        lines = []
        if rows_have_totals:
            lines += [(mask[i, :], values[i, :], ("row", i)) for i in range(values.shape[0])]
        if columns_have_totals:
            lines += [(mask[:, j], values[:, j], ("col", j)) for j in range(values.shape[1])]
        for line_mask, line_values, (axis, index) in lines:
            hidden = line_mask != ""
            if hidden.sum() != 1:
                continue
            visible = ~hidden & ~np.isnan(line_values)
            candidates = np.where(visible & (line_values > 0))[0]
            if candidates.size == 0:
                # Only zeros left: hiding one of them still leaves two unknowns.
                candidates = np.where(visible)[0]
            if candidates.size == 0:
                continue
            # Hide the smallest other cell: it loses the least information.
            pick = candidates[np.argmin(line_values[candidates])]
            if axis == "row":
                mask[index, pick] = SECONDARY
            else:
                mask[pick, index] = SECONDARY
            changed = True
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)


def apply_count_mask(counts: pd.DataFrame, mask: pd.DataFrame) -> pd.DataFrame:
    """The numbers a chart or CSV may carry: hidden cells become NaN (same shape)."""
    return counts.where(mask == "", np.nan)


def display_counts(counts: pd.DataFrame, mask: pd.DataFrame) -> pd.DataFrame:
    """Text for tables: numbers, "<5" (primary), ".." (secondary), "-" (zero), "." (missing)."""

    def cell(value: float, how: str) -> str:
        if how == PRIMARY:
            return SYMBOL_SMALL
        if how == SECONDARY:
            return SYMBOL_HIDDEN
        if pd.isna(value):
            return SYMBOL_MISSING
        if value == 0:
            return SYMBOL_ZERO
        return str(int(value))

    return pd.DataFrame(
        [
            [cell(v, m) for v, m in zip(row_values, row_mask, strict=True)]
            for row_values, row_mask in zip(counts.to_numpy(), mask.to_numpy(), strict=True)
        ],
        index=counts.index,
        columns=counts.columns,
    )


def hide_small_survey_cells(
    frame: pd.DataFrame,
    *,
    n_col: str = "n",
    value_cols: tuple[str, ...] = ("share", "ci_lower", "ci_upper"),
) -> tuple[pd.DataFrame, int]:
    """Blank the values of survey cells with n < 30; returns (frame copy, cells hidden).

    Rows keep their keys so a table can say the cell exists but is not shown; a missing n
    (published figures without respondent counts) is left as published.
    """
    result = frame.copy()
    small = result[n_col].notna() & (result[n_col] < MIN_SURVEY_RESPONDENTS)
    present = [column for column in value_cols if column in result]
    result[present] = result[present].astype(float)
    result.loc[small, present] = np.nan
    return result, int(small.sum())
