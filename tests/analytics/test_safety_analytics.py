"""Safety-survey analytics against independent references: Wilson limits from Newcombe (1998)
and by hand, the two-proportion comparison from Newcombe's textbook example and a hand-worked
z-test, the n < 30 rule, series breaks, and the comparison of Vaxholm with the rest of an area."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.change import DECREASE, INCREASE, NO_CERTAIN_CHANGE
from analytics.safety import (
    INTERVAL_SOURCE,
    INTERVAL_WILSON,
    KIND_EXAMPLE,
    KIND_PUBLISHED,
    STATUS_FIRST_WAVE,
    STATUS_NO_COUNTS,
    STATUS_SERIES_BREAK,
    STATUS_TESTED,
    add_intervals,
    build_survey_view,
    change_from_previous,
    compare_areas,
    contains,
    prefer_real_results,
    sort_areas,
    successes,
    suppress_small_cells,
    view_table,
    year_label,
)

Z_95 = 1.959963984540054


def results(*rows: dict) -> pd.DataFrame:
    """Survey results in the data layer's shape; unspecified columns take plain defaults."""
    defaults = {
        "survey": "trygghetsmatning",
        "indicator_id": "survey_trygg_kvall",
        "area": "Vaxholm",
        "year": 2023,
        "respondent_group": "alla",
        "share": 50.0,
        "n": 100,
        "ci_lower": np.nan,
        "ci_upper": np.nan,
        "pooled_years": 1,
        "series_break": False,
        "source_url": None,
        "note": None,
        "source_id": "survey_example",
        "is_example": True,
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    return frame.astype({"n": "Int64", "ci_lower": float, "ci_upper": float})


def hand_wilson(hits: float, n: float) -> tuple[float, float]:
    """Wilson's score interval written out: (p + z²/2n ± z√(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = hits / n
    z2 = Z_95**2
    centre = p + z2 / (2 * n)
    half = Z_95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - half) / (1 + z2 / n), (centre + half) / (1 + z2 / n)


# --- intervals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hits", "n", "lower", "upper"),
    [
        # Newcombe (1998), Stat Med 17:857-872, Table I, method 3 (score, no correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_limits_match_newcombe(hits: int, n: int, lower: float, upper: float) -> None:
    frame = add_intervals(results({"share": 100 * hits / n, "n": n}))
    assert frame["lower"].iloc[0] == pytest.approx(100 * lower, abs=0.006)
    assert frame["upper"].iloc[0] == pytest.approx(100 * upper, abs=0.006)
    assert frame["interval_method"].iloc[0] == INTERVAL_WILSON


def test_wilson_limits_by_hand_for_vaxholm_2023() -> None:
    # 90 % of 538 respondents: 484.2 "successes" (the percentage as published, not rounded).
    lower, upper = hand_wilson(0.9 * 538, 538)
    frame = add_intervals(results({"share": 90.0, "n": 538}))
    assert frame["lower"].iloc[0] == pytest.approx(100 * lower, rel=1e-9)
    assert frame["upper"].iloc[0] == pytest.approx(100 * upper, rel=1e-9)
    # Worked by hand: z²/2n = 0.0035701, half-width 0.0256003, denominator 1.0071402, so
    # (0.9035701 ∓ 0.0256003) / 1.0071402 = 87.17 % to 92.26 %.
    assert round(frame["lower"].iloc[0], 2) == 87.17
    assert round(frame["upper"].iloc[0], 2) == 92.26


def test_source_interval_is_kept_and_published_points_get_none() -> None:
    frame = add_intervals(
        results(
            {"share": 29.1, "n": 74_000, "ci_lower": 28.4, "ci_upper": 29.9},
            {"share": 90.0, "n": pd.NA, "is_example": False, "source_id": "survey_published"},
        )
    )
    assert frame[["lower", "upper"]].iloc[0].tolist() == [28.4, 29.9]
    assert frame["interval_method"].iloc[0] == INTERVAL_SOURCE
    assert frame[["lower", "upper"]].iloc[1].isna().all()
    assert pd.isna(frame["interval_method"].iloc[1])


def test_add_intervals_does_not_mutate_its_input() -> None:
    frame = results({"share": 40.0, "n": 50})
    copy = frame.copy()
    add_intervals(frame)
    pd.testing.assert_frame_equal(frame, copy)


# --- the n < 30 rule -------------------------------------------------------------------------


def test_cells_with_fewer_than_30_respondents_are_blanked_and_counted() -> None:
    frame = add_intervals(
        results(
            {"area": "Bogesundslandet", "share": 88.9, "n": 29},
            {"area": "Rindö", "share": 80.0, "n": 30},
            {"area": "Vaxholm", "share": 90.0, "n": pd.NA, "is_example": False},
            {"area": "Kullö", "share": 75.0, "n": 12, "ci_lower": 50.0, "ci_upper": 90.0},
        )
    )
    hidden, count = suppress_small_cells(frame)
    assert count == 2
    assert hidden["suppressed"].tolist() == [True, False, False, True]
    for column in ("share", "lower", "upper", "ci_lower", "ci_upper"):
        assert hidden.loc[[0, 3], column].isna().all(), column
    assert hidden.loc[1, "share"] == 80.0
    assert hidden.loc[2, "share"] == 90.0
    # The rows stay (the table says the cell exists) and the input is untouched.
    assert hidden["area"].tolist() == ["Bogesundslandet", "Rindö", "Vaxholm", "Kullö"]
    assert frame.loc[0, "share"] == 88.9


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=5_000),
    share=st.floats(min_value=0, max_value=100, allow_nan=False),
)
def test_shown_cells_have_at_least_30_respondents_and_limits_around_the_share(
    n: int, share: float
) -> None:
    frame, _ = suppress_small_cells(add_intervals(results({"share": share, "n": n})))
    row = frame.iloc[0]
    if n < 30:
        assert pd.isna(row["share"]) and pd.isna(row["lower"]) and pd.isna(row["upper"])
    else:
        assert 0 <= row["lower"] <= row["share"] + 1e-9
        assert row["share"] - 1e-9 <= row["upper"] <= 100


# --- change between waves --------------------------------------------------------------------


def test_successes_are_rounded_whole_respondents() -> None:
    assert successes(90.0, 538) == 484  # 484.2
    assert successes(12.5, 4) == 1  # 0.5 rounds up
    assert successes(85.1, 462) == 393  # 393.16


def test_wave_change_matches_newcombes_textbook_example() -> None:
    # Newcombe (1998), Stat Med 17:873-890, example (a): 56/70 against 48/80; the hybrid score
    # interval (method 10) for the difference is +0.0524 to +0.3339.
    frame, _ = suppress_small_cells(
        results({"year": 2022, "share": 60.0, "n": 80}, {"year": 2023, "share": 80.0, "n": 70})
    )
    wave = change_from_previous(frame, 2023)
    assert wave.status == STATUS_TESTED
    assert (wave.year_before, wave.label_before) == (2022, "2022")
    assert (wave.change.successes_before, wave.change.successes_after) == (48, 56)
    assert wave.change.difference_pp == pytest.approx(20.0)
    assert wave.change.lower == pytest.approx(5.24, abs=0.005)
    assert wave.change.upper == pytest.approx(33.39, abs=0.005)
    # Pooled two-proportion z-test by hand: p = 104/150, z = 0.2 / sqrt(p(1-p)(1/70 + 1/80)).
    pooled = 104 / 150
    z = 0.2 / math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80))
    assert z == pytest.approx(2.6502, abs=1e-4)
    assert wave.change.p_value == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    assert wave.verdict == INCREASE


def test_decrease_and_no_certain_change() -> None:
    down = results({"year": 2022, "share": 80.0, "n": 500}, {"year": 2023, "share": 70.0, "n": 500})
    flat = results({"year": 2022, "share": 80.0, "n": 500}, {"year": 2023, "share": 78.0, "n": 500})
    assert change_from_previous(suppress_small_cells(down)[0], 2023).verdict == DECREASE
    assert change_from_previous(suppress_small_cells(flat)[0], 2023).verdict == NO_CERTAIN_CHANGE


def test_no_change_across_a_series_break_without_counts_or_before_the_first_wave() -> None:
    ntu = results(
        {"year": 2016, "share": 16.0, "n": 300, "pooled_years": 2},
        {"year": 2018, "share": 29.0, "n": 300, "pooled_years": 2, "series_break": True},
        {"year": 2020, "share": 28.0, "n": 300, "pooled_years": 2},
    )
    frame, _ = suppress_small_cells(ntu)
    broken = change_from_previous(frame, 2018)
    assert broken.status == STATUS_SERIES_BREAK and broken.change is None
    assert broken.label_before == "2015–2016"
    assert change_from_previous(frame, 2020).status == STATUS_TESTED
    assert change_from_previous(frame, 2016).status == STATUS_FIRST_WAVE
    published = results({"year": 2020, "n": pd.NA}, {"year": 2023, "n": pd.NA})
    frame, _ = suppress_small_cells(published)
    wave = change_from_previous(frame, 2023)
    assert wave.status == STATUS_NO_COUNTS and wave.verdict == NO_CERTAIN_CHANGE


def test_a_hidden_wave_is_skipped_not_compared() -> None:
    frame, _ = suppress_small_cells(
        results(
            {"year": 2021, "share": 80.0, "n": 40},
            {"year": 2022, "share": 95.0, "n": 20},
            {"year": 2023, "share": 85.0, "n": 45},
        )
    )
    wave = change_from_previous(frame, 2023)
    assert wave.year_before == 2021
    assert wave.change.n_before == 40


def test_a_break_in_a_hidden_wave_still_separates_the_waves_around_it() -> None:
    frame, _ = suppress_small_cells(
        results(
            {"year": 2016, "share": 16.0, "n": 300, "pooled_years": 2},
            {"year": 2018, "share": 29.0, "n": 20, "pooled_years": 2, "series_break": True},
            {"year": 2020, "share": 28.0, "n": 300, "pooled_years": 2},
        )
    )
    wave = change_from_previous(frame, 2020)
    assert (wave.status, wave.label_before) == (STATUS_SERIES_BREAK, "2015–2016")
    assert change_from_previous(frame, 2018).status == STATUS_FIRST_WAVE  # hidden itself


def test_year_label_for_pooled_results() -> None:
    assert year_label(2023, 1) == "2023"
    assert year_label(2024, 2) == "2023–2024"


# --- areas -----------------------------------------------------------------------------------


def test_containment_of_areas() -> None:
    assert contains("LPO Södra Roslagen", "Vaxholm")
    assert contains("Polisregion Stockholm", "Vaxholm")
    assert contains("Riket", "LPO Södra Roslagen")
    assert contains("Vaxholm", "Rindö")
    assert not contains("Vaxholm", "Vallentuna")
    assert not contains("Vaxholm", "LPO Södra Roslagen")
    assert sort_areas(["Rindö", "Riket", "Vallentuna", "Vaxholm", "LPO Södra Roslagen"]) == [
        "Vaxholm",
        "LPO Södra Roslagen",
        "Riket",
        "Rindö",
        "Vallentuna",
    ]


def test_vaxholm_is_compared_with_the_rest_of_its_police_area() -> None:
    home = pd.Series({"area": "Vaxholm", "year": 2023, "share": 90.0, "n": 500})
    lpo = pd.Series({"area": "LPO Södra Roslagen", "year": 2023, "share": 80.0, "n": 5_000})
    comparison = compare_areas(home, lpo, "LPO Södra Roslagen")
    assert comparison.against_rest
    # Rest of the area: 4 000 - 450 = 3 550 of 5 000 - 500 = 4 500 (78.9 %).
    assert (comparison.change.successes_before, comparison.change.n_before) == (3_550, 4_500)
    assert (comparison.change.successes_after, comparison.change.n_after) == (450, 500)
    assert comparison.difference_pp == pytest.approx(10.0)  # as published, not against the rest
    assert comparison.change.difference_pp == pytest.approx(90 - 100 * 3_550 / 4_500)
    assert comparison.verdict == INCREASE
    other = pd.Series({"area": "Vallentuna", "year": 2023, "share": 92.0, "n": 600})
    separate = compare_areas(home, other, "Vallentuna")
    assert not separate.against_rest
    assert separate.change.n_before == 600
    assert separate.verdict == NO_CERTAIN_CHANGE
    published = pd.Series({"area": "LPO Södra Roslagen", "year": 2023, "share": 80.0, "n": pd.NA})
    untestable = compare_areas(home, published, "LPO Södra Roslagen")
    assert untestable.change is None and untestable.difference_pp == pytest.approx(10.0)


def test_real_results_replace_example_cells_but_published_points_do_not() -> None:
    frame = results(
        {"year": 2022, "share": 88.0},
        {"year": 2022, "share": 87.0, "is_example": False, "source_id": "survey"},
        {"year": 2023, "share": 90.0},
        {"year": 2023, "share": 90.0, "n": pd.NA, "is_example": False},
    )
    kept = prefer_real_results(frame)
    assert list(zip(kept["year"], kept["share"], kept["is_example"], strict=True)) == [
        (2022, 87.0, False),
        (2023, 90.0, True),
        (2023, 90.0, False),
    ]


# --- the whole view --------------------------------------------------------------------------


def test_view_filters_suppresses_once_and_composes_the_headline() -> None:
    published_url = "https://www.vaxholm.se/x"
    data = results(
        {"year": 2022, "share": 88.0, "n": 460},
        {"year": 2023, "share": 90.0, "n": 538},
        {"year": 2023, "share": 90.0, "n": pd.NA, "is_example": False,
         "source_id": "survey_published", "source_url": published_url},
        {"year": 2023, "area": "LPO Södra Roslagen", "share": 80.0, "n": 4_955},
        {"year": 2023, "area": "Bogesundslandet", "share": 100.0, "n": 17},
        {"year": 2023, "area": "Resarö", "share": 95.0, "n": 113},
        {"year": 2023, "respondent_group": "kvinnor", "share": 85.0, "n": 270},
        {"year": 2019, "share": 70.0, "n": 400},
    )  # fmt: skip
    view = build_survey_view(
        data,
        group="alla",
        areas=["Vaxholm", "LPO Södra Roslagen", "Bogesundslandet", "Resarö"],
        first_year=2020,
        last_year=2023,
    )
    rows = view.rows
    # Bogesundslandet (n 17) and, so that Vaxholm minus Resarö cannot give it back, Resarö.
    assert view.hidden == 2
    assert rows.loc[rows["area"] == "Resarö", "suppressed_how"].tolist() == ["secondary"]
    assert rows.loc[rows["area"].isin(["Resarö", "Bogesundslandet"]), "n"].isna().all()
    assert rows["respondent_group"].eq("alla").all()
    assert rows["year"].min() == 2022
    assert rows.loc[rows["area"] == "Bogesundslandet", "share"].isna().all()
    assert list(dict.fromkeys(rows["area"])) == [
        "Vaxholm",
        "LPO Södra Roslagen",
        "Bogesundslandet",
        "Resarö",
    ]
    assert view.headline_row["year"] == 2023 and view.headline_row["kind"] == KIND_EXAMPLE
    assert view.headline.status == STATUS_TESTED and view.headline.year_before == 2022
    # Districts are shown, but the headline compares Vaxholm with the reference areas only.
    assert [c.reference for c in view.comparisons] == ["LPO Södra Roslagen"]
    assert view.latest_published["source_url"] == published_url
    assert view.latest_published["kind"] == KIND_PUBLISHED
    table = view_table(view)
    assert table.loc[table["area"] == "Bogesundslandet", "suppressed"].tolist() == [True]
    assert table.loc[table["area"] == "Bogesundslandet", "share"].isna().all()
    vaxholm_2023 = table[(table["area"] == "Vaxholm") & (table["year_label"] == "2023")]
    verdicts = dict(zip(vaxholm_2023["kind"], vaxholm_2023["change_verdict"], strict=True))
    assert verdicts[KIND_EXAMPLE] == NO_CERTAIN_CHANGE  # 88 % of 460 -> 90 % of 538
    assert pd.isna(verdicts[KIND_PUBLISHED])  # a published point has no counts to test


def test_view_without_areas_is_empty_and_has_no_headline() -> None:
    view = build_survey_view(
        results({"year": 2023}), group="alla", areas=[], first_year=2020, last_year=2025
    )
    assert view.rows.empty and view.headline is None and view.hidden == 0
