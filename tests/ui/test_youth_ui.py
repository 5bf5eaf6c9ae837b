"""UI helpers of the youth page: counts as tables and downloads show them (DESIGN §4)."""

import numpy as np
import pandas as pd

from ui.youth import public_counts


def test_public_counts_use_the_swedish_symbols() -> None:
    counts = pd.Series([0, 1, 4, 5, 120, np.nan, 12])
    hidden = pd.Series([False, False, False, False, False, False, True])
    assert public_counts(counts, hidden).tolist() == ["-", "<5", "<5", "5", "120", ".", ".."]


def test_public_counts_keep_the_index() -> None:
    counts = pd.Series([3, 40], index=[7, 9])
    shown = public_counts(counts, pd.Series([False, False], index=[7, 9]))
    assert shown.index.tolist() == [7, 9]
