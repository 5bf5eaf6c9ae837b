"""Risk and protective factors: index scores by hand, cut-offs and levels at the percentile
boundaries, shares with Wilson intervals and an exact binomial test computed independently, the
prioritised profile, and the documented claim that levels do not depend on the scale (raw
means or a Rasch-like increasing transform give the same levels)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.risk_factors import (
    ABOVE_REFERENCE,
    BELOW_REFERENCE,
    LEVEL_ELEVATED,
    LEVEL_LOW,
    LEVEL_MEDIUM,
    LEVEL_SOMEWHAT_ELEVATED,
    LEVEL_STRONG,
    LEVEL_WEAK,
    NO_CERTAIN_DIFFERENCE,
    assign_levels,
    derive_cutoffs,
    flagged_indicators,
    level_shares,
    minimum_answered,
    prioritised_profile,
    score_indices,
    standardise,
)

ITEMS = pd.DataFrame(
    {
        "index_id": ["risk", "risk", "risk", "care"],
        "item_id": ["A", "B", "C", "D"],
        "direction": [1, 1, -1, 1],
        "value_min": [1, 1, 1, 1],
        "value_max": [4, 4, 5, 5],
    }
)


def test_minimum_answered_is_half_rounded_up() -> None:
    assert [minimum_answered(n) for n in (1, 2, 6, 7, 9)] == [1, 1, 3, 4, 5]


def test_scores_by_hand() -> None:
    answers = pd.DataFrame(
        {
            # A, B: 1-4 -> (c-1)/3; C reverse-coded 1-5 -> 1 - (c-1)/4; D 1-5 -> (c-1)/4
            "A": [4, 1, 2, 999, 3],
            "B": [4, 1, 3, 998, np.nan],
            "C": [1, 5, 3, 2, 99],
            "D": [5, 1, 3, 999, 2],
        }
    )
    scores = score_indices(answers, ITEMS)
    expected_risk = [
        (1 + 1 + 1) / 3,  # all three at the risk end
        (0 + 0 + 0) / 3,
        (1 / 3 + 2 / 3 + 0.5) / 3,
        np.nan,  # only C answered (999, 998 are missing codes): 1 of 3 items, 2 needed
        np.nan,  # only A answered (B not asked, C = 99 Ej svar)
    ]
    np.testing.assert_allclose(scores["risk"], expected_risk)
    np.testing.assert_allclose(scores["care"], [1.0, 0.0, 0.5, np.nan, 0.25])


def test_codes_outside_the_answer_range_count_as_unanswered() -> None:
    answers = pd.DataFrame({"A": [0, 4], "B": [5, 4], "C": [3, 3]})
    scores = score_indices(answers, ITEMS[ITEMS["index_id"] == "risk"])
    # Row 1: only C is a valid answer (0 and 5 are outside 1-4): no score.
    assert math.isnan(scores.loc[0, "risk"])
    assert scores.loc[1, "risk"] == pytest.approx((1 + 1 + 0.5) / 3)


def test_items_not_in_the_answers_are_not_asked() -> None:
    scores = score_indices(pd.DataFrame({"A": [4], "B": [1]}), ITEMS[ITEMS["index_id"] == "risk"])
    assert scores.loc[0, "risk"] == pytest.approx(0.5)


def reference(values: list[float], kind: str = "risk") -> pd.DataFrame:
    return derive_cutoffs(pd.DataFrame({"x": values}), {"x": kind})


def test_cutoffs_are_the_linear_percentiles_by_hand() -> None:
    # 1..100: P75 = 1 + 0.75 x 99 = 75.25, P90 = 90.1 (linear interpolation).
    risk = reference(list(range(1, 101))).iloc[0]
    assert (risk["lower_cutoff"], risk["upper_cutoff"]) == pytest.approx((75.25, 90.1))
    assert risk["reference_flagged"] == pytest.approx(25.0)  # 76..100
    assert risk["reference_top"] == pytest.approx(10.0)  # 91..100
    assert risk["mean"] == pytest.approx(50.5)
    assert risk["sd"] == pytest.approx(math.sqrt(100 * 101 / 12))  # sample sd of 1..100
    protective = reference(list(range(1, 101)), "protective").iloc[0]
    # P15 = 15.85, P85 = 85.15: below P15 are 1..15, from P85 are 86..100.
    assert (protective["lower_cutoff"], protective["upper_cutoff"]) == pytest.approx((15.85, 85.15))
    assert protective["reference_flagged"] == pytest.approx(15.0)
    assert protective["reference_top"] == pytest.approx(15.0)


def test_tied_scores_make_the_reference_share_differ_from_25_percent() -> None:
    risk = reference([0.0, 0.5, 0.5, 0.5, 1.0]).iloc[0]
    # P75 of 0, .5, .5, .5, 1 is 0.5: four of five pupils are "from P75".
    assert risk["lower_cutoff"] == 0.5
    assert risk["reference_flagged"] == pytest.approx(80.0)


def test_levels_at_the_boundaries() -> None:
    cutoffs = pd.DataFrame(
        {
            "index_id": ["risk", "care"],
            "factor_type": ["risk", "protective"],
            "lower_cutoff": [0.5, 0.3],
            "upper_cutoff": [0.8, 0.9],
        }
    )
    scores = pd.DataFrame(
        {"risk": [0.49, 0.5, 0.79, 0.8, np.nan], "care": [0.29, 0.3, 0.89, 0.9, 0.5]}
    )
    levels = assign_levels(scores, cutoffs)
    assert levels["risk"].tolist()[:4] == [
        LEVEL_LOW,
        LEVEL_SOMEWHAT_ELEVATED,
        LEVEL_SOMEWHAT_ELEVATED,
        LEVEL_ELEVATED,
    ]
    assert pd.isna(levels["risk"].iloc[4])
    assert levels["care"].tolist() == [
        LEVEL_WEAK,
        LEVEL_MEDIUM,
        LEVEL_MEDIUM,
        LEVEL_STRONG,
        LEVEL_MEDIUM,
    ]
    flags = flagged_indicators(levels, cutoffs)
    assert flags["risk"].tolist()[:4] == [0.0, 1.0, 1.0, 1.0]
    assert pd.isna(flags["risk"].iloc[4])
    assert flags["care"].tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]


def test_standardised_reference_has_mean_zero_and_sd_one() -> None:
    scores = pd.DataFrame({"x": [0.1, 0.4, 0.4, 0.9, 0.2]})
    z = standardise(scores, derive_cutoffs(scores, {"x": "risk"}))["x"]
    assert z.mean() == pytest.approx(0.0)
    assert z.std(ddof=1) == pytest.approx(1.0)


def wilson_by_hand(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def binomial_p_by_hand(k: int, n: int, p: float) -> float:
    """Exact two-sided p-value: the probability of outcomes no more likely than k."""
    pmf = [math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)]
    return sum(value for value in pmf if value <= pmf[k] * (1 + 1e-7))


def levels_frame(counts: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"x": [level for level, count in counts.items() for _ in range(count)]})


RISK_CUTOFF = pd.DataFrame(
    {
        "index_id": ["x"],
        "factor_type": ["risk"],
        "lower_cutoff": [0.5],
        "upper_cutoff": [0.8],
        "reference_flagged": [25.0],
        "reference_top": [10.0],
    }
)


def test_level_shares_against_hand_computed_wilson_and_binomial_test() -> None:
    # 40 of 100 from P75 (15 of them from P90) where the reference has 25 % and 10 %.
    levels = levels_frame({LEVEL_LOW: 60, LEVEL_SOMEWHAT_ELEVATED: 25, LEVEL_ELEVATED: 15})
    row = level_shares(levels, RISK_CUTOFF).iloc[0]
    assert (row["n"], row["flagged"], row["top"]) == (100, 40, 15)
    assert row["flagged_share"] == pytest.approx(40.0)
    lower, upper = wilson_by_hand(40, 100)
    assert (row["flagged_lower"], row["flagged_upper"]) == pytest.approx((100 * lower, 100 * upper))
    assert row["flagged_p_value"] == pytest.approx(binomial_p_by_hand(40, 100, 0.25), rel=1e-6)
    assert row["flagged_verdict"] == ABOVE_REFERENCE
    assert row["top_p_value"] == pytest.approx(binomial_p_by_hand(15, 100, 0.10), rel=1e-6)
    assert row["top_verdict"] == NO_CERTAIN_DIFFERENCE  # p = 0.11
    assert row["flagged_expected"] == 25.0


def test_fewer_than_expected_is_below_the_reference() -> None:
    levels = levels_frame({LEVEL_LOW: 95, LEVEL_SOMEWHAT_ELEVATED: 5})
    row = level_shares(levels, RISK_CUTOFF).iloc[0]
    assert row["flagged_verdict"] == BELOW_REFERENCE
    assert row["flagged_p_value"] == pytest.approx(binomial_p_by_hand(5, 100, 0.25), rel=1e-6)


def test_protective_shares_count_weak_and_strong() -> None:
    cutoffs = RISK_CUTOFF.assign(
        factor_type="protective", reference_flagged=15.0, reference_top=15.0
    )
    levels = levels_frame({LEVEL_WEAK: 3, LEVEL_MEDIUM: 10, LEVEL_STRONG: 7})
    row = level_shares(levels, cutoffs).iloc[0]
    assert (row["flagged"], row["top"], row["n"]) == (3, 7, 20)
    assert row["top_share"] == pytest.approx(35.0)


def test_profile_puts_certain_excess_first_then_by_excess() -> None:
    shares = pd.DataFrame(
        {
            "index_id": ["a", "b", "c", "d"],
            "flagged_share": [30.0, 45.0, 20.0, 60.0],
            "flagged_expected": [25.0, 25.0, 15.0, 25.0],
            "flagged_verdict": [
                ABOVE_REFERENCE,
                NO_CERTAIN_DIFFERENCE,
                ABOVE_REFERENCE,
                NO_CERTAIN_DIFFERENCE,
            ],
        }
    )
    profile = prioritised_profile(shares)
    # Certain excess first (a +5, c +5: stable order), then d +35 before b +20.
    assert profile["index_id"].tolist() == ["a", "c", "d", "b"]
    assert profile["priority"].tolist() == [1, 2, 3, 4]
    assert profile["excess_pp"].tolist() == [5.0, 5.0, 35.0, 20.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=27), min_size=5, max_size=200))
def test_levels_do_not_depend_on_the_scale(raw: list[int]) -> None:
    """Percentile cut-offs follow a strictly increasing transform (raw mean -> logit-like), so
    the levels are the same on either scale: why the raw-score percentiles stand in for RISE's
    Rasch-logit percentiles."""
    means = pd.DataFrame({"x": np.array(raw, dtype=float) / 27})
    logits = pd.DataFrame({"x": np.log((means["x"] + 0.01) / (1.01 - means["x"])) * 1.7 - 0.3})
    for kind in ("risk", "protective"):
        on_means = assign_levels(means, derive_cutoffs(means, {"x": kind}))
        on_logits = assign_levels(logits, derive_cutoffs(logits, {"x": kind}))
        pd.testing.assert_frame_equal(on_means, on_logits)
