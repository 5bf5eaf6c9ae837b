"""Tests for analytics.comparison against hand-computed quartiles, ranks and weighted means."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.comparison import (
    peer_band,
    position_against_peers,
    rank_municipalities,
    weighted_rate,
)


def _peer_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality_code": ["0187", "0120", "0138", "0160", "0182", "0186", "0188"] * 2,
            "year": [2022] * 7 + [2023] * 7,
            "value": [100.0, 200, 300, 400, 500, 1000, np.nan]
            + [120.0, 340, 560, 210, 980, np.nan, np.nan],
        }
    )


def test_peer_band_matches_hand_interpolated_quartiles() -> None:
    frame = _peer_frame()
    original = frame.copy(deep=True)
    band = peer_band(frame)
    pd.testing.assert_frame_equal(frame, original)
    assert list(band.columns) == ["year", "median", "q1", "q3", "n_municipalities"]
    first, second = band.iloc[0], band.iloc[1]
    # 2022: sorted 100, 200, 300, 400, 500, 1000 (n=6): q1 at position 1.25 -> 225,
    # median at 2.5 -> 350, q3 at 3.75 -> 475.
    assert first["year"] == 2022
    assert (first["q1"], first["median"], first["q3"]) == pytest.approx((225.0, 350.0, 475.0))
    assert first["n_municipalities"] == 6
    # 2023: sorted 120, 210, 340, 560, 980 (n=5): positions 1, 2, 3 exactly.
    assert (second["q1"], second["median"], second["q3"]) == pytest.approx((210, 340, 560))
    assert second["n_municipalities"] == 5
    # Same as numpy.percentile with its default linear interpolation.
    values_2022 = [100.0, 200, 300, 400, 500, 1000]
    assert [first["q1"], first["median"], first["q3"]] == pytest.approx(
        np.percentile(values_2022, [25, 50, 75])
    )


def test_peer_band_all_missing_year_and_custom_columns() -> None:
    frame = pd.DataFrame({"ar": [2021, 2021, 2022], "rate": [np.nan, np.nan, 5.0]})
    band = peer_band(frame, value_col="rate", year_col="ar")
    assert band["ar"].tolist() == [2021, 2022]
    assert math.isnan(band.iloc[0]["median"])
    assert band["n_municipalities"].tolist() == [0, 1]


def test_rank_municipalities_ties_missing_and_percentiles() -> None:
    frame = pd.DataFrame(
        {"municipality_code": ["a", "b", "c", "d", "e"], "value": [3.0, 1.0, 3.0, np.nan, 5.0]}
    )
    original = frame.copy(deep=True)
    ranked = rank_municipalities(frame)
    pd.testing.assert_frame_equal(frame, original)
    assert ranked["municipality_code"].tolist() == ["a", "b", "c", "d", "e"]  # order kept
    # Lower is better: b=1, a and c tie at 2 ("min"), e=4, d not ranked.
    assert ranked["rank"].tolist() == [2, 1, 2, pd.NA, 4]
    assert str(ranked["rank"].dtype) == "Int64"
    assert ranked["n_ranked"].tolist() == [4] * 5
    # Share of the 3 other ranked municipalities with a strictly worse value.
    expected = [100 * 1 / 3, 100.0, 100 * 1 / 3, np.nan, 0.0]
    np.testing.assert_allclose(ranked["percentile"].to_numpy(dtype=float), expected)

    higher = rank_municipalities(frame, higher_is_better=True)
    assert higher["rank"].tolist() == [2, 4, 2, pd.NA, 1]
    np.testing.assert_allclose(
        higher["percentile"].to_numpy(dtype=float), [100 / 3, 0.0, 100 / 3, np.nan, 100.0]
    )


def test_rank_municipalities_rejects_several_years_and_handles_single() -> None:
    with pytest.raises(ValueError, match="more than once"):
        rank_municipalities(_peer_frame())
    single = rank_municipalities(pd.DataFrame({"municipality_code": ["0187"], "value": [7.0]}))
    assert single["rank"].tolist() == [1]
    assert math.isnan(single["percentile"].iloc[0])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.5, "below_q1"),
        (2.0, "within_iqr"),  # quartiles themselves are inside the range
        (3.0, "within_iqr"),
        (4.0, "within_iqr"),
        (4.5, "above_q3"),
        (math.nan, "unknown"),
    ],
)
def test_position_against_peers(value: float, expected: str) -> None:
    # Peers 1..5 (plus a missing value): q1 = 2, q3 = 4.
    assert position_against_peers(value, [1.0, 2.0, 3.0, np.nan, 4.0, 5.0]) == expected


def test_position_against_peers_without_peer_values() -> None:
    assert position_against_peers(3.0, []) == "unknown"
    assert position_against_peers(3.0, [np.nan, np.nan]) == "unknown"


def test_weighted_rate_equals_pooled_rate() -> None:
    # 1 event per 1 000 (100 per 100 000) and 6 per 3 000 (200 per 100 000): pooled 7 / 4 000.
    frame = pd.DataFrame(
        {"value": [100.0, 200.0, np.nan, 50.0], "population": [1000, 3000, 500, np.nan]}
    )
    assert weighted_rate(frame) == pytest.approx(7 / 4000 * 100_000)
    assert weighted_rate(frame) == pytest.approx(175.0)
    assert math.isnan(weighted_rate(frame.iloc[2:]))
    renamed = frame.rename(columns={"value": "rate", "population": "pop"})
    assert weighted_rate(renamed, rate_col="rate", population_col="pop") == pytest.approx(175.0)
    with pytest.raises(ValueError):
        weighted_rate(pd.DataFrame({"value": [1.0], "population": [-5]}))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(min_value=0, max_value=1e4, allow_nan=False), st.just(math.nan)),
        min_size=1,
        max_size=30,
    ),
    st.booleans(),
)
def test_property_ranks_and_percentiles_are_bounded(values: list[float], higher: bool) -> None:
    frame = pd.DataFrame({"municipality_code": range(len(values)), "value": values})
    ranked = rank_municipalities(frame, higher_is_better=higher)
    n_ranked = int(frame["value"].notna().sum())
    present = ranked["rank"].dropna()
    assert ((present >= 1) & (present <= n_ranked)).all()
    percentiles = ranked["percentile"].dropna()
    assert ((percentiles >= 0) & (percentiles <= 100)).all()
