"""The pupil analysis one wave at a time (score_wave per wave, then combine_waves) equals the
analysis of every pupil at once, cell for cell, on the generated example pupils: a pupil's
level does not depend on the other pupils (the reference is RISE's), and the compact dtypes
hold the same values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.risk_factors import PROTECTIVE_LEVELS, RISK_LEVELS
from analytics.youth import (
    CATEGORICAL_PUPIL_COLUMNS,
    analyse_pupils,
    combine_waves,
    level_prevalence,
    outcome_model,
    profile_table,
    score_wave,
    select_pupils,
)
from data import example_youth
from data.stockholmsenkaten_metadata import index_items, outcome_items, rise_cutoffs

PROTECTIVE_INDICES = {"rise_skola_positiv", "rise_wellbeing"}


@pytest.fixture(scope="module")
def items() -> pd.DataFrame:
    items = index_items()
    return items.assign(
        factor_type=np.where(items["index_id"].isin(PROTECTIVE_INDICES), "protective", "risk")
    )


@pytest.fixture(scope="module")
def answers() -> pd.DataFrame:
    pupils = example_youth.example_pupils()
    answers = pupils.rename(columns={"ar": "year"}).assign(
        sex=pupils["F2"].map(example_youth.SEX_NAMES),
        is_example=True,
        # Two sources, so the waves' categoricals have different categories to unite.
        source_id=np.where(pupils["ar"] % 4 == 0, "stockholmsenkaten_example", "other_source"),
    )
    return answers.sort_values("year", kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def at_once(answers, items):
    return analyse_pupils(answers, items, outcome_items(), rise_cutoffs())


@pytest.fixture(scope="module")
def per_wave(answers, items):
    waves = [
        score_wave(wave, items, outcome_items()) for _, wave in answers.groupby("year", sort=True)
    ]
    assert len(waves) > 2
    return combine_waves(waves, items, outcome_items(), rise_cutoffs())


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values without their storage: categoricals as objects, floats as float64."""
    return frame.astype(
        {
            column: object if isinstance(dtype, pd.CategoricalDtype) else dtype
            for column, dtype in frame.dtypes.items()
        }
    ).astype({c: float for c in frame.columns if pd.api.types.is_float_dtype(frame[c])})


@pytest.mark.parametrize("part", ["pupils", "scores", "levels", "flagged", "outcomes", "cutoffs"])
def test_per_wave_analysis_equals_the_analysis_at_once(at_once, per_wave, part) -> None:
    pd.testing.assert_frame_equal(
        plain(getattr(per_wave, part)), plain(getattr(at_once, part)), check_exact=True
    )


def test_levels_do_not_depend_on_the_other_pupils(answers, items, per_wave) -> None:
    """One wave analysed alone gets the same levels as within every wave: the cut-offs are
    RISE's, not percentiles of the database's pupils."""
    wave = answers[answers["year"] == 2018]
    alone = combine_waves(
        [score_wave(wave, items, outcome_items())], items, outcome_items(), rise_cutoffs()
    )
    within = per_wave.levels[(per_wave.pupils["year"] == 2018).to_numpy()]
    pd.testing.assert_frame_equal(plain(alone.levels), plain(within.reset_index(drop=True)))
    assert len(per_wave.pupils) == len(answers)


def test_the_analysis_keeps_compact_dtypes(per_wave) -> None:
    for column in CATEGORICAL_PUPIL_COLUMNS:
        assert isinstance(per_wave.pupils[column].dtype, pd.CategoricalDtype), column
    assert set(per_wave.pupils["source_id"].cat.categories) == {
        "stockholmsenkaten_example",
        "other_source",
    }
    kinds = per_wave.cutoffs.set_index("index_id")["factor_type"]
    for index_id, level in per_wave.levels.items():
        expected = RISK_LEVELS if kinds[index_id] == "risk" else PROTECTIVE_LEVELS
        assert list(level.cat.categories) == list(expected)
    assert set(per_wave.flagged.dtypes) == {np.dtype(np.float32)}
    assert set(per_wave.outcomes.dtypes) == {np.dtype(np.float32)}
    assert set(per_wave.scores.dtypes) == {np.dtype(np.float64)}


def test_the_page_views_are_the_same(at_once, per_wave) -> None:
    for grade, sex, area, year in (("ak9", "alla", "0187", 2024), ("gy2", "flickor", None, None)):
        masks = [
            select_pupils(analysis, grade=grade, sex=sex, municipality_code=area, year=year)
            for analysis in (per_wave, at_once)
        ]
        np.testing.assert_array_equal(*masks)
        pd.testing.assert_frame_equal(
            profile_table(per_wave, masks[0]),
            profile_table(at_once, masks[1]),
            check_exact=True,
        )
        for index_id in ("rise_utagerande", "rise_wellbeing"):
            pd.testing.assert_frame_equal(
                level_prevalence(per_wave, masks[0], "sthlm_narkotika_nagon_gang", index_id),
                level_prevalence(at_once, masks[1], "sthlm_narkotika_nagon_gang", index_id),
                check_exact=True,
            )
        models = [
            outcome_model(analysis, mask, "sthlm_snus", adjust_for_sex=sex == "alla")
            for analysis, mask in zip((per_wave, at_once), masks, strict=True)
        ]
        pd.testing.assert_frame_equal(models[0].table, models[1].table, check_exact=True)
        assert (models[0].n, models[0].events) == (models[1].n, models[1].events)


def test_combining_no_waves_is_an_error(items) -> None:
    with pytest.raises(ValueError, match="no pupils"):
        combine_waves([], items, outcome_items(), rise_cutoffs())
