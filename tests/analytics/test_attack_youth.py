"""Unga against the attacker (tests/analytics/youth_attack.py): every trend, levels table and
response-rate line the filters offer for one outcome, index and grade, at once. The old page
pooled every wave into the levels tables and hid levels one table at a time: on the bundled
example 13 of 25 (åk 9) and 9 of 23 (gy 2) hidden counts were pinned (bench.attack_all)."""

import pytest

from analytics.youth import published_levels, trend_hidden_waves
from tests.analytics.youth_attack import (
    GROUP,
    INDEX,
    OUTCOME,
    attack_youth,
    database_analysis,
    results_from_pupils,
    small_municipality,
)


@pytest.fixture(scope="module")
def analysis(built_db):
    return database_analysis(built_db)


def test_the_bundled_example_pins_no_hidden_count(analysis) -> None:
    results = results_from_pupils(analysis, OUTCOME)
    pinned, targets = attack_youth(
        analysis, results, grade="ak9", outcome_id=OUTCOME, index_id=INDEX, group=GROUP
    )
    assert targets >= 20
    assert pinned == 0


@pytest.mark.parametrize("seed", [1])
def test_a_small_municipality_pins_no_hidden_count(analysis, seed) -> None:
    small = small_municipality(analysis, seed)
    results = results_from_pupils(small, OUTCOME)
    assert trend_hidden_waves(results, grade="ak9"), "the trend must hide waves here"
    pinned, targets = attack_youth(
        small, results, grade="ak9", outcome_id=OUTCOME, index_id=INDEX, group=GROUP
    )
    assert targets >= 40
    assert pinned == 0


def test_hidden_waves_are_in_no_pooled_table(analysis) -> None:
    small = small_municipality(analysis, 1)
    results = results_from_pupils(small, OUTCOME)
    hidden = trend_hidden_waves(results, grade="ak9")
    vaxholm = {year for code, year in hidden if code == "0187"}
    table = published_levels(
        small,
        hidden,
        grade="ak9",
        sex="alla",
        municipality_code="0187",
        outcome_id=OUTCOME,
        index_id=INDEX,
    )
    pupils = small.pupils
    kept = (
        (pupils["municipality_code"] == "0187")
        & (pupils["grade"] == "ak9")
        & ~pupils["year"].isin(vaxholm)
        & small.outcomes[OUTCOME].notna()
    )
    assert table["n"].sum() == kept.sum()


def test_a_level_hidden_alone_takes_another_with_it(analysis) -> None:
    # Vaxholm åk 9, all pupils: only "otillräckliga svar" has fewer than 30 pupils; its
    # positives were the trend's total minus the other levels. Now a second level is hidden.
    results = results_from_pupils(analysis, OUTCOME)
    table = published_levels(
        analysis,
        trend_hidden_waves(results, grade="ak9"),
        grade="ak9",
        sex="alla",
        municipality_code="0187",
        outcome_id=OUTCOME,
        index_id=INDEX,
    ).set_index("level")
    assert table.loc["insufficient", "n"] < 30
    assert table["positives"].isna().sum() >= 2
