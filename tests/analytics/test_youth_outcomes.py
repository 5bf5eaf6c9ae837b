"""Outcomes: who counts as "yes" by hand, shares with hand-computed Wilson intervals, wave
changes, and the logistic model checked against independent references: a one-predictor fit
equals the 2x2 table's odds ratio with Woolf's standard error, and a multi-predictor fit
equals statsmodels' Logit (a different implementation of maximum likelihood)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analytics.change import DECREASE, INCREASE, NO_CERTAIN_CHANGE
from analytics.outcomes import (
    decide_outcomes,
    fit_odds_ratios,
    overlapping_indices,
    pooled_share,
    positive_codes,
    prevalence_by_level,
    share_table,
    wave_changes,
)

RULES = pd.DataFrame(
    {
        "indicator_id": ["drugs", "recent", "any", "any", "two", "two", "two"],
        "item_id": ["F46", "F50", "F77a", "F77b", "F90", "F93", "F95"],
        "positive_values": ["2", "1-98", "2 3", "2 3", "4 5", "1 2", "1 2"],
        "routed_is_no": [False, True, False, False, False, False, False],
        "min_positive": [1, 1, 1, 1, 2, 2, 2],
    }
)


def test_positive_codes() -> None:
    assert positive_codes("4 5") == {4, 5}
    assert positive_codes("1-3") == {1, 2, 3}
    assert positive_codes("1 5-6") == {1, 5, 6}


def test_decide_outcomes_by_hand() -> None:
    nan = np.nan
    answers = pd.DataFrame(
        {
            "F46": [2, 1, 999, 1, nan],
            "F50": [3, 996, 996, 0, nan],
            "F77a": [1, 2, 999, 1, nan],
            "F77b": [1, 999, 999, nan, nan],
            "F90": [4, 4, 1, 999, nan],
            "F93": [1, 5, 5, 5, nan],
            "F95": [999, 999, 5, 1, nan],
        }
    )
    decided = decide_outcomes(answers, RULES)
    pd.testing.assert_series_equal(
        decided["drugs"], pd.Series([1.0, 0.0, nan, 0.0, nan]), check_names=False
    )
    # 996 (routed past: never used drugs) counts as "no" for the four-week question.
    pd.testing.assert_series_equal(
        decided["recent"], pd.Series([1.0, 0.0, 0.0, 0.0, nan]), check_names=False
    )
    # Any of two: one positive decides; a blank with no positive leaves it undecided; an item
    # not asked (F77b NaN in row 4) does not count.
    pd.testing.assert_series_equal(
        decided["any"], pd.Series([0.0, 1.0, nan, 0.0, nan]), check_names=False
    )
    # Two of three: row 1 has two positives; row 2 one positive and one blank (undecided);
    # row 3 none and no blank (no); row 4 one positive and one blank (undecided).
    pd.testing.assert_series_equal(
        decided["two"], pd.Series([1.0, nan, 0.0, nan, nan]), check_names=False
    )


def test_routed_code_is_unanswered_unless_the_rule_says_otherwise() -> None:
    rules = RULES[RULES["indicator_id"] == "recent"].assign(routed_is_no=False)
    decided = decide_outcomes(pd.DataFrame({"F50": [996, 0]}), rules)
    assert decided["recent"].isna().tolist() == [True, False]


def test_overlapping_indices() -> None:
    index_items = pd.DataFrame(
        {"index_id": ["psy", "psy", "well"], "item_id": ["F90", "F94", "F94"]}
    )
    assert overlapping_indices("two", RULES, index_items) == {"psy"}
    assert overlapping_indices("drugs", RULES, index_items) == set()


def wilson_by_hand(k: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def test_share_table_groups_and_intervals() -> None:
    flags = pd.Series([1, 0, 0, 1, 1, np.nan, 0.0])
    groups = pd.DataFrame({"grade": ["ak9", "ak9", "ak9", "ak9", "gy2", "gy2", "gy2"]})
    table = share_table(flags, groups)
    assert table["grade"].tolist() == ["ak9", "gy2"]
    assert table["n"].tolist() == [4, 2]
    assert table["positives"].tolist() == [2, 1]
    assert table["share"].tolist() == [50.0, 50.0]
    assert (table.loc[0, "lower"], table.loc[0, "upper"]) == pytest.approx(wilson_by_hand(2, 4))


def test_prevalence_by_level_lists_every_level() -> None:
    flags = pd.Series([1, 0, 1, 1, 0, np.nan])
    levels = pd.Series(["low", "low", "elevated", "elevated", "elevated", "low"])
    table = prevalence_by_level(flags, levels, ("low", "somewhat_elevated", "elevated"))
    assert table["level"].tolist() == ["low", "somewhat_elevated", "elevated"]
    assert table["n"].tolist() == [2, 0, 3]
    assert table.loc[2, "share"] == pytest.approx(200 / 3)
    assert math.isnan(table.loc[1, "share"])
    assert (table.loc[2, "lower"], table.loc[2, "upper"]) == pytest.approx(wilson_by_hand(2, 3))


def test_pooled_share() -> None:
    frame = pd.DataFrame({"share": [10.0, 20.0, np.nan], "n": [100, 300, 50]})
    assert pooled_share(frame) == pytest.approx((10 * 100 + 20 * 300) / 400)
    assert math.isnan(pooled_share(frame.iloc[2:]))


def test_wave_changes_pair_consecutive_waves_with_a_count() -> None:
    series = pd.DataFrame(
        {
            "year": [2018, 2014, 2016, 2020, 2022],
            "share": [10.0, 30.0, 10.0, 12.0, 11.0],
            "n": [400, 400, 400, None, 400],
        }
    )
    changes = wave_changes(series)
    # 2020 has no n (a published point) and is left out: 2018 is compared with 2022.
    assert changes[["year_before", "year"]].values.tolist() == [
        [2014, 2016],
        [2016, 2018],
        [2018, 2022],
    ]
    assert changes["difference_pp"].tolist() == pytest.approx([-20.0, 0.0, 1.0])
    assert changes["verdict"].tolist() == [DECREASE, NO_CERTAIN_CHANGE, NO_CERTAIN_CHANGE]
    # Pooled two-proportion z-test by hand for 2014 -> 2016 (120/400 -> 40/400).
    pooled = 160 / 800
    z = (0.1 - 0.3) / math.sqrt(pooled * (1 - pooled) * (2 / 400))
    assert changes.loc[0, "p_value"] == pytest.approx(math.erfc(abs(z) / math.sqrt(2)))
    rising = wave_changes(pd.DataFrame({"year": [1, 2], "share": [10.0, 30.0], "n": [400, 400]}))
    assert rising["verdict"].tolist() == [INCREASE]


def two_by_two(a: int, b: int, c: int, d: int) -> tuple[pd.Series, pd.DataFrame]:
    """a exposed with outcome, b exposed without, c unexposed with, d unexposed without."""
    exposed = [1] * (a + b) + [0] * (c + d)
    outcome = [1] * a + [0] * b + [1] * c + [0] * d
    return pd.Series(outcome, dtype=float), pd.DataFrame({"factor": exposed}, dtype=float)


def test_one_binary_predictor_gives_the_two_by_two_odds_ratio() -> None:
    a, b, c, d = 30, 70, 15, 185
    outcome, predictors = two_by_two(a, b, c, d)
    model = fit_odds_ratios(outcome, predictors, random_state=7)
    row = model.table.iloc[0]
    odds_ratio = (a * d) / (b * c)  # 5.2857...
    woolf = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    assert row["odds_ratio"] == pytest.approx(odds_ratio, rel=1e-6)
    assert row["standard_error"] == pytest.approx(woolf, rel=1e-5)
    assert row["lower"] == pytest.approx(
        math.exp(math.log(odds_ratio) - 1.959964 * woolf), rel=1e-5
    )
    assert row["upper"] == pytest.approx(
        math.exp(math.log(odds_ratio) + 1.959964 * woolf), rel=1e-5
    )
    assert (row["n_flagged"], row["events_flagged"]) == (100, 30)
    assert (model.n, model.events, model.dropped) == (300, 45, ())


def test_several_predictors_match_statsmodels_logit() -> None:
    rng = np.random.default_rng(187)
    n = 3000
    predictors = pd.DataFrame(
        {
            "acting_out": rng.random(n) < 0.25,
            "school": rng.random(n) < 0.3,
            "girl": rng.random(n) < 0.5,
        }
    ).astype(float)
    linear = (
        -2.0
        + 1.1 * predictors["acting_out"]
        + 0.5 * predictors["school"]
        - 0.4 * predictors["girl"]
    )
    outcome = pd.Series((rng.random(n) < 1 / (1 + np.exp(-linear))).astype(float))
    ours = fit_odds_ratios(outcome, predictors, random_state=0).table.set_index("term")
    reference = sm.Logit(outcome, sm.add_constant(predictors)).fit(disp=0)
    for term in predictors:
        assert ours.at[term, "coefficient"] == pytest.approx(reference.params[term], abs=1e-6)
        assert ours.at[term, "standard_error"] == pytest.approx(reference.bse[term], rel=1e-5)
        assert ours.at[term, "p_value"] == pytest.approx(
            reference.pvalues[term], rel=1e-4, abs=1e-12
        )
        low, high = np.exp(reference.conf_int().loc[term])
        assert (ours.at[term, "lower"], ours.at[term, "upper"]) == pytest.approx(
            (low, high), rel=1e-5
        )


def test_the_fit_does_not_depend_on_the_random_state() -> None:
    outcome, predictors = two_by_two(20, 80, 10, 190)
    first = fit_odds_ratios(outcome, predictors, random_state=0).table
    second = fit_odds_ratios(outcome, predictors, random_state=99).table
    pd.testing.assert_frame_equal(first, second, check_exact=False, rtol=1e-8)


def test_too_few_events_gives_no_model() -> None:
    outcome, predictors = two_by_two(3, 97, 5, 195)  # 8 pupils with the outcome
    assert fit_odds_ratios(outcome, predictors) is None
    assert fit_odds_ratios(outcome, predictors, min_events=5) is not None


def test_a_predictor_with_an_empty_cell_is_left_out_and_said() -> None:
    outcome, predictors = two_by_two(20, 80, 10, 190)
    predictors["perfect"] = predictors["factor"] * outcome  # only pupils with the outcome
    model = fit_odds_ratios(outcome, predictors)
    assert model.table["term"].tolist() == ["factor"]
    assert model.dropped == ("perfect",)


def test_rows_with_a_missing_value_are_left_out() -> None:
    outcome, predictors = two_by_two(20, 80, 10, 190)
    outcome.iloc[0] = np.nan
    predictors.iloc[-1, 0] = np.nan
    assert fit_odds_ratios(outcome, predictors).n == 298


def test_wave_changes_do_not_cross_a_series_break() -> None:
    # Snus: nicotine pouches (F19a) counted from 2022, so 2020 -> 2022 is no comparison.
    series = pd.DataFrame({"year": [2018, 2020, 2022, 2024], "share": [10.0, 12.0, 25.0, 24.0]})
    series["n"] = 400
    changes = wave_changes(series, break_year=2022)
    assert list(zip(changes["year_before"], changes["year"], strict=True)) == [
        (2018, 2020),
        (2022, 2024),
    ]
