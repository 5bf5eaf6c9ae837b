"""The published table's rule (analytics.suppression.published_table_mask) against an attacker
who sees every public filter of one week: each area alone and all areas, each category alone
and all categories, i.e. every entry of the area x category table with its totals. The
attacker's best knowledge of a hidden entry is the range a linear programme (scipy, an
independent reference) finds under every shown entry, every sum and the symbols' bounds
("<5" is 1..4); no hidden entry may be pinned to one value."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from analytics.suppression import (
    PRIMARY,
    SMALL_COUNT_MAX,
    TOTAL,
    published_table_mask,
    small_count_mask,
    table_with_totals,
)


def attacker_ranges(counts: pd.DataFrame, mask: pd.DataFrame) -> dict:
    """Min and max of each hidden entry of 1-4 given all that is shown (linear programming)."""
    table = table_with_totals(counts).to_numpy()
    hidden_mask = mask.to_numpy()
    hidden = [tuple(cell) for cell in np.argwhere(hidden_mask != "")]
    position = {cell: k for k, cell in enumerate(hidden)}
    n_rows, n_cols = table.shape
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    a_eq, b_eq = [], []
    for line in lines:
        row, constant = np.zeros(len(hidden)), 0.0
        for cell in line:
            sign = -1.0 if cell == line[-1] else 1.0
            if cell in position:
                row[position[cell]] += sign
            else:
                constant -= sign * table[cell]
        if row.any():
            a_eq.append(row)
            b_eq.append(constant)
    bounds = [
        (1, SMALL_COUNT_MAX) if hidden_mask[cell] == PRIMARY else (0, None) for cell in hidden
    ]
    ranges = {}
    for k, cell in enumerate(hidden):
        if not 1 <= table[cell] <= SMALL_COUNT_MAX:
            continue  # only counts of 1-4 are protected
        objective = np.zeros(len(hidden))
        objective[k] = 1
        low = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        high = linprog(-objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        assert low.status == 0
        ranges[cell] = (low.fun, -high.fun if high.status == 0 else np.inf)
    return ranges


def tables(max_rows: int = 4, max_cols: int = 5):
    """Small count tables, mostly zeros and small counts, as a week's area x category."""
    return st.tuples(st.integers(1, max_rows), st.integers(1, max_cols)).flatmap(
        lambda shape: st.lists(
            st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 14]),
            min_size=shape[0] * shape[1],
            max_size=shape[0] * shape[1],
        ).map(lambda values: pd.DataFrame(np.array(values).reshape(shape)))
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.booleans())
def test_no_small_count_is_pinned_across_all_filters(counts, cells_published):
    """Every entry of 1-4 (a cell, an area's or a category's total) keeps at least two
    possible values for a reader of every public filter of the week."""
    mask = published_table_mask(counts, cells_published=cells_published)
    table = table_with_totals(counts).to_numpy()
    small = (table >= 1) & (table <= SMALL_COUNT_MAX)
    assert (mask.to_numpy()[small] != "").all()
    if not cells_published:
        assert (mask.to_numpy()[:-1, :-1] != "").all()
    for cell, (low, high) in attacker_ranges(counts, mask).items():
        assert high - low >= 1 - 1e-6, (cell, low, high, counts, mask)


def test_old_rule_let_two_views_pin_a_hidden_count():
    """The old per-view rule: a week of all categories in an area shows 6; the same area with
    one category shows 5 (another view), so the other category's "<5" is 6 - 5 = 1."""
    counts = pd.DataFrame([[5, 1], [9, 0]], index=["a", "b"], columns=["x", "y"])
    per_view = small_count_mask(counts, rows_have_totals=False, columns_have_totals=False)
    assert per_view.loc["a", "x"] == "" and per_view.loc["a", "y"] == PRIMARY
    for cells_published in (True, False):
        mask = published_table_mask(counts, cells_published=cells_published)
        ranges = attacker_ranges(counts, mask)
        assert high_minus_low(ranges, counts) >= 1
        assert mask.loc["a", TOTAL] != "" or mask.loc["a", "x"] != ""


def high_minus_low(ranges: dict, counts: pd.DataFrame) -> float:
    """The narrowest range of a hidden entry of 1-4."""
    table = table_with_totals(counts).to_numpy()
    return min(
        (high - low for cell, (low, high) in ranges.items() if 1 <= table[cell] <= 4),
        default=np.inf,
    )


@pytest.mark.parametrize("fill", [0, 3])
def test_two_small_counts_with_a_known_sum_of_two_are_not_left_alone(fill):
    # Row a: 1 + 1 = 2 (both "<5" but their shown total would pin both to 1).
    counts = pd.DataFrame([[1, 1, 7], [6, 8, fill]], columns=["x", "y", "z"])
    mask = published_table_mask(counts, cells_published=True)
    assert high_minus_low(attacker_ranges(counts, mask), counts) >= 1
