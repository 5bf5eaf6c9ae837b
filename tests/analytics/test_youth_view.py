"""The page's views of Stockholmsenkäten: the small-number rule applied once for charts, tables
and downloads, real rows preferred to example rows, the comparison group pooled, published
points kept apart; and the whole pupil analysis on the example data (two implementations of
the outcome rules agree, the model finds the associations the generator put in)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics.outcomes import share_table
from analytics.risk_factors import ABOVE_REFERENCE, RISK_LEVELS
from analytics.youth import (
    GIRL_TERM,
    analyse_pupils,
    level_prevalence,
    outcome_model,
    outcome_view,
    profile_table,
    select_pupils,
)
from data import example_youth
from data.stockholmsenkaten_metadata import index_items, outcome_items, rise_cutoffs


def result_row(code: str, year: int, share: float, n: float | None, **changes: object) -> dict:
    row = {
        "indicator_id": "sthlm_snus",
        "municipality_code": code,
        "name": {"0187": "Vaxholm", "0117": "Österåker", "0120": "Värmdö", "0001": "Län"}[code],
        "year": year,
        "grade": "ak9",
        "sex": "alla",
        "share": share,
        "n": n,
        "note": None,
        "source_url": None,
        "source_id": "stockholmsenkaten_example",
        "is_example": True,
    }
    row.update(changes)
    return row


RESULTS = pd.DataFrame(
    [
        result_row("0187", 2020, 10.0, 120),
        result_row("0187", 2022, 20.0, 25),  # fewer than 30 respondents
        result_row("0187", 2024, 15.0, 130),
        result_row("0187", 2024, 16.0, 128, source_id="stockholmsenkaten", is_example=False),
        result_row(
            "0187", 2022, 18.0, None, source_id="stockholmsenkaten_published", is_example=False
        ),
        result_row(
            "0001", 2022, 14.0, None, source_id="stockholmsenkaten_published", is_example=False
        ),
        result_row("0117", 2024, 10.0, 400),
        result_row("0120", 2024, 20.0, 100),
        result_row("0120", 2022, 50.0, 20),  # too small to enter the pooled share
        result_row("0187", 2024, 40.0, 60, sex="pojkar"),
    ]
)


def test_outcome_view_applies_the_small_number_rule_and_prefers_real_rows() -> None:
    view = outcome_view(
        RESULTS,
        area_code="0187",
        comparison_codes=["0117", "0120"],
        published_codes=["0187", "0001"],
        grade="ak9",
        sex="alla",
    )
    area = view.area.set_index("year")
    assert area.index.tolist() == [2020, 2022, 2024]
    # 2022 rests on 25 pupils: its share and interval are blank in every view made from it.
    assert area.loc[2022, ["share", "lower", "upper"]].isna().all()
    assert view.hidden == 1
    # 2024: the real result table wins over the example row for the same wave.
    assert (area.loc[2024, "share"], area.loc[2024, "source_id"]) == (16.0, "stockholmsenkaten")
    low, high = area.loc[2020, ["lower", "upper"]]
    # Wilson for 12 of 120 by hand: centre 0.112408, half-width 0.054275.
    assert (low, high) == pytest.approx((5.8133, 16.6683), abs=1e-3)
    # Pooled comparison: (10 x 400 + 20 x 100) / 500; the 20-pupil cell is left out.
    assert view.comparison.to_dict("records") == [{"year": 2024, "share": 12.0, "n": 500}]
    assert sorted(view.published["municipality_code"]) == ["0001", "0187"]
    # The change is tested only between visible waves: 2020 -> 2024.
    assert view.changes[["year_before", "year"]].values.tolist() == [[2020, 2024]]


def test_outcome_view_for_one_sex() -> None:
    view = outcome_view(
        RESULTS,
        area_code="0187",
        comparison_codes=["0117"],
        published_codes=["0187"],
        grade="ak9",
        sex="pojkar",
    )
    assert view.area[["year", "share"]].values.tolist() == [[2024, 40.0]]
    assert view.published.empty and view.comparison.empty and view.changes.empty


@pytest.fixture(scope="module")
def pupils() -> pd.DataFrame:
    return example_youth.example_pupils()


@pytest.fixture(scope="module")
def analysis(pupils: pd.DataFrame):
    items = index_items()
    kinds = {
        "rise_skola_positiv": "protective",
        "rise_wellbeing": "protective",
    }
    items = items.assign(factor_type=items["index_id"].map(kinds).fillna("risk"))
    answers = pupils.rename(columns={"ar": "year"}).assign(
        sex=pupils["F2"].map(example_youth.SEX_NAMES),
        is_example=True,
        source_id="stockholmsenkaten_example",
    )
    return analyse_pupils(answers, items, outcome_items(), rise_cutoffs())


def test_two_implementations_of_the_outcome_rules_agree(pupils, analysis) -> None:
    """The generator's result tables (its own rule code) equal the analytics' shares
    computed from the pupil answers."""
    published = example_youth.example_results(pupils)
    groups = analysis.pupils[["municipality_code", "year", "grade"]]
    for indicator in ("sthlm_narkotika_nagon_gang", "sthlm_psykosomatiska_besvar", "sthlm_snus"):
        ours = share_table(analysis.outcomes[indicator], groups)
        theirs = published[(published["indicator_id"] == indicator) & (published["sex"] == "alla")]
        merged = ours.merge(
            theirs, on=["municipality_code", "year", "grade"], suffixes=("", "_file")
        )
        assert len(merged) == len(ours) == len(theirs) > 0
        assert (merged["n"] == merged["n_file"]).all()
        np.testing.assert_allclose(merged["share"], merged["share_file"], atol=0.05)


def test_the_reference_is_rises_fixed_population(analysis) -> None:
    """The expected shares are RISE's reference population's (25 / 10 %, 15 / 15 %), whatever
    pupils the database holds."""
    cutoffs = analysis.cutoffs.set_index("index_id")
    risk = cutoffs[cutoffs["factor_type"] == "risk"]
    assert (risk["reference_flagged"] == 25).all() and (risk["reference_top"] == 10).all()
    protective = cutoffs[cutoffs["factor_type"] == "protective"]
    assert (protective[["reference_flagged", "reference_top"]] == 15).all().all()


def test_pupils_without_any_shift_are_near_rises_reference_shares(analysis) -> None:
    """The generator's locations are calibrated on RISE's scale: boys in year 9 of the
    municipality without shifts (Täby) in 2014 (no wave shift) sit near RISE's reference
    shares, within what sampling, missing answers and Parenting's coarse scale allow."""
    # Boys of year 9 in Täby in 2014 have no shift at all (the sex shifts are girls').
    mask = select_pupils(analysis, grade="ak9", sex="pojkar", municipality_code="0160", year=2014)
    profile = profile_table(analysis, mask).set_index("index_id")
    # About 410 boys: a binomial SD of 2.1 percentage points at 25 %.
    assert (profile["flagged_share"] - profile["flagged_expected"]).abs().max() < 6
    assert (profile["flagged_verdict"] == "no_certain_difference").all()


def test_profile_of_vaxholm_uses_rise_logits_and_hides_small_groups(analysis) -> None:
    mask = select_pupils(analysis, grade="ak9", municipality_code="0187", year=2024)
    profile = profile_table(analysis, mask).set_index("index_id")
    assert profile.loc["rise_utagerande", "lower_cutoff"] == pytest.approx(0.446)
    assert profile.loc["rise_wellbeing", "upper_cutoff"] == pytest.approx(0.789)
    assert (profile["n"] >= 100).all()
    # The generator gives Vaxholm far less weak neighbourhood control than the others (0.35 SD):
    # clearly fewer pupils below P15, but with about 130 pupils in a few schools the design
    # effect of the clustering leaves the reference inside the interval: no certain difference.
    community = profile.loc["rise_community"]
    assert community["flagged_share"] < community["flagged_expected"] - 5
    assert community["flagged_design_effect"] > 5
    assert community["flagged_lower"] < community["flagged_expected"] < community["flagged_upper"]
    assert community["flagged_verdict"] == "no_certain_difference"
    tiny = mask & (analysis.pupils["sex"] == "annan").to_numpy()
    hidden = profile_table(analysis, tiny)
    assert hidden["flagged_share"].isna().all() and hidden["flagged_verdict"].isna().all()


def test_outcome_rises_with_the_risk_level(analysis) -> None:
    mask = select_pupils(analysis, grade="ak9")
    table = level_prevalence(analysis, mask, "sthlm_narkotika_nagon_gang", "rise_utagerande")
    # Pupils with too few answers are a level of their own, never dropped.
    assert table["level"].tolist() == list(RISK_LEVELS)
    shares = table["share"].tolist()
    assert shares[0] < shares[1] < shares[2]
    assert shares[2] > 2.5 * shares[0]


def test_small_levels_are_hidden(analysis) -> None:
    mask = select_pupils(analysis, grade="ak9", sex="pojkar", municipality_code="0187", year=2024)
    table = level_prevalence(analysis, mask, "sthlm_narkotika_nagon_gang", "rise_utagerande")
    small = table["n"] < 30
    assert small.any()
    assert table.loc[small, ["positives", "share", "lower", "upper"]].isna().all().all()


def test_model_finds_the_associations_the_generator_put_in(analysis) -> None:
    mask = select_pupils(analysis, grade="ak9")
    model = outcome_model(analysis, mask, "sthlm_narkotika_nagon_gang", adjust_for_sex=True)
    odds = model.table.set_index("term")["odds_ratio"]
    # The generator's strongest drivers of drug use are acting out (0.75 per SD) and parenting
    # (0.45); the neighbourhood (0.2) is weaker. Girls have fewer "yes" at the same factors.
    assert odds["rise_utagerande"] > 2.5
    assert odds["rise_parenting"] > 1.6
    assert odds["rise_utagerande"] > odds["rise_parenting"] > odds["rise_community"]
    assert odds[GIRL_TERM] < 1
    assert model.table["lower"].gt(0).all()


def test_model_leaves_out_indices_that_share_items_with_the_outcome(analysis) -> None:
    mask = select_pupils(analysis, grade="gy2")
    model = outcome_model(analysis, mask, "sthlm_psykosomatiska_besvar", adjust_for_sex=False)
    assert "rise_psyk_som_besv" not in set(model.table["term"])
    assert GIRL_TERM not in set(model.table["term"])


def test_model_hides_terms_with_fewer_than_30_flagged_pupils(analysis) -> None:
    mask = select_pupils(analysis, grade="ak9", sex="flickor", municipality_code="0187", year=2014)
    model = outcome_model(analysis, mask, "sthlm_psykosomatiska_besvar", adjust_for_sex=False)
    assert model is not None
    small = model.table["n_flagged"] < 30
    assert small.any()
    assert model.table.loc[small, "odds_ratio"].isna().all()
    assert model.table.loc[~small, "odds_ratio"].notna().all()


def test_vaxholm_is_not_flagged_everywhere(analysis) -> None:
    """The profile is a comparison, not a default alarm: with Vaxholm's shifts most factors
    show no certain difference from the reference in a single wave."""
    mask = select_pupils(analysis, grade="ak9", municipality_code="0187", year=2024)
    profile = profile_table(analysis, mask)
    assert (profile["flagged_verdict"] == ABOVE_REFERENCE).sum() <= 2
    assert not math.isnan(profile["excess_pp"].iloc[0])


def test_all_pupils_minus_the_shown_sex_does_not_give_a_hidden_one_back() -> None:
    # 2024: all 60 (50 %), girls 35 (40 %: 14), boys 25 (hidden). The old view showed the
    # girls and all pupils with n, so the boys were (30 - 14) / 25 = 64 %.
    results = pd.DataFrame(
        [
            result_row("0187", 2024, 50.0, 60),
            result_row("0187", 2024, 40.0, 35, sex="flickor"),
            result_row("0187", 2024, 64.0, 25, sex="pojkar"),
        ]
    )
    views = {
        sex: outcome_view(
            results,
            area_code="0187",
            comparison_codes=[],
            published_codes=[],
            grade="ak9",
            sex=sex,
        ).area.set_index("year")
        for sex in ("alla", "flickor", "pojkar")
    }
    assert views["pojkar"].loc[2024, ["share", "n"]].isna().all()
    # Either the girls or all pupils are hidden too, with their n.
    assert views["flickor"].loc[2024, ["share", "n"]].isna().all() or (
        views["alla"].loc[2024, ["share", "n"]].isna().all()
    )
