"""The small-number rule: primary "<5", secondary suppression against totals, survey n < 30."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analytics.suppression import (
    apply_count_mask,
    display_counts,
    hide_small_survey_cells,
    small_count_mask,
)


def test_primary_and_secondary_by_hand() -> None:
    counts = pd.DataFrame(
        {"klotter": [3, 10, 0], "brand": [12, 7, 20], "hot": [9, 1, 0]},
        index=["Vaxön", "Rindö", "Resarö"],
    )
    mask = small_count_mask(counts)
    # Worked by hand, rows then columns, smallest other positive cell first:
    # rows: Vaxön 3 -> hide hot 9; Rindö 1 -> hide brand 7;
    # columns: klotter (3 alone) -> hide Rindö 10; brand (7 alone) -> hide Vaxön 12;
    # hot already has two. Then every line has 0 or >= 2 hidden cells.
    assert mask.loc["Vaxön"].tolist() == ["primary", "secondary", "secondary"]
    assert mask.loc["Rindö"].tolist() == ["secondary", "secondary", "primary"]
    assert mask.loc["Resarö"].tolist() == ["", "", ""]
    shown = display_counts(counts, mask)
    assert shown.loc["Vaxön", "klotter"] == "<5"
    assert shown.loc["Resarö", "hot"] == "-"
    assert shown.loc["Rindö", "brand"] == ".."
    assert shown.loc["Resarö", "brand"] == "20"


def test_without_totals_only_small_counts_are_hidden() -> None:
    counts = pd.DataFrame({"a": [3, 10], "b": [12, 7]})
    mask = small_count_mask(counts, rows_have_totals=False, columns_have_totals=False)
    assert mask.to_numpy().tolist() == [["primary", ""], ["", ""]]
    assert apply_count_mask(counts, mask).isna().to_numpy().tolist() == [
        [True, False],
        [False, False],
    ]


@settings(max_examples=200, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(0, 30))
)
def test_no_hidden_cell_can_be_recovered_from_row_or_column_totals(values) -> None:
    counts = pd.DataFrame(values)
    mask = small_count_mask(counts)
    hidden = (mask != "").to_numpy()
    # Every small count is hidden.
    assert hidden[(values >= 1) & (values <= 4)].all()
    # A line with a hidden cell has at least two, unless the line is that one cell alone.
    for line in [*hidden, *hidden.T]:
        assert line.sum() != 1 or line.size == 1


def test_survey_cells_under_30_respondents_are_blanked_and_counted() -> None:
    frame = pd.DataFrame(
        {
            "group": ["alla", "16–29 år", "publicerad"],
            "share": [90.0, 70.0, 61.0],
            "ci_lower": [87.0, 50.0, None],
            "n": [450, 22, None],
        }
    )
    hidden, count = hide_small_survey_cells(frame)
    assert count == 1
    assert hidden["share"].tolist()[0] == 90.0 and np.isnan(hidden["share"].iloc[1])
    assert hidden["share"].iloc[2] == 61.0, "published figure without n stays as published"
    assert frame["share"].iloc[1] == 70.0, "input not mutated"
