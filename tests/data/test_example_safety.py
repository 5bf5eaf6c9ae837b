"""The example safety surveys (data/example_safety.py) and their named queries: deterministic
files in the result-table shape, consistent with every real published point, realistic
respondent counts with small cells, and fully described indicators."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data import db, example_safety


@pytest.fixture(scope="module")
def con(built_db: Path):
    connection = db.connect(built_db)
    yield connection
    connection.close()


def test_files_are_byte_for_byte_deterministic_and_in_the_two_shapes(tmp_path: Path) -> None:
    first = example_safety.write_example_files(tmp_path / "a")
    second = example_safety.write_example_files(tmp_path / "b")
    for one, other in ((first.trygghetsmatning, second.trygghetsmatning), (first.ntu, second.ntu)):
        assert one.read_bytes() == other.read_bytes()
    police = first.trygghetsmatning.read_bytes()
    assert police.startswith(b"\xef\xbb\xbf")
    assert police.decode("utf-8-sig").split("\r\n")[0] == (
        "undersökning;indikator;område;år;grupp;andel;n;ki_nedre;ki_övre;anmärkning"
    )
    ntu = first.ntu.read_text(encoding="utf-8").split("\n")
    assert ntu[0] == (
        "survey,indicator,area,year,group,share,n,ci_lower,ci_upper,pooled_years,series_break,note"
    )


def test_example_agrees_with_every_real_published_point(con: duckdb.DuckDBPyConnection) -> None:
    pairs = con.execute(
        """
        SELECT p.indicator_id, p.area, p.year, p.share AS published, e.share AS example
        FROM survey_results p JOIN survey_results e
          USING (survey, indicator_id, area, year, respondent_group)
        WHERE p.source_id = 'survey_published' AND e.source_id = 'survey_example'
        ORDER BY 1, 2, 3
        """
    ).fetchall()
    # 14 published police points have an example counterpart (Vallentuna's have none).
    assert len(pairs) == 14
    assert all(abs(example - published) < 0.5 for *_, published, example in pairs), pairs
    assert ("survey_trygg_kvall", "Vaxholm", 2023, 90.0, 90.0) in pairs
    assert ("survey_trygg_kvall", "LPO Södra Roslagen", 2023, 80.0, 80.0) in pairs
    assert ("survey_trygg_kvall", "Polisregion Stockholm", 2023, 71.0, 71.0) in pairs


def test_respondent_counts_are_realistic_and_some_cells_are_small(
    con: duckdb.DuckDBPyConnection,
) -> None:
    vaxholm = dict(
        con.execute(
            "SELECT year, n FROM survey_results WHERE source_id = 'survey_example' "
            "AND survey = 'trygghetsmatning' AND indicator_id = 'survey_trygg_kvall' "
            "AND area = 'Vaxholm' AND respondent_group = 'alla' ORDER BY year"
        ).fetchall()
    )
    assert list(vaxholm) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert vaxholm[2023] == 538  # as reported for 2023 (nykommun.se), of 1 000 invited
    assert all(400 <= n <= 560 for n in vaxholm.values())
    small = con.execute(
        "SELECT DISTINCT area, year FROM survey_results WHERE n < 30 ORDER BY area, year"
    ).fetchall()
    assert {area for area, _ in small} == {"Bogesundslandet", "Rindö"}
    assert len([1 for area, _ in small if area == "Bogesundslandet"]) == 6


def test_ntu_pools_two_years_with_limits_and_the_2017_break(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = con.execute(
        "SELECT year, pooled_years, series_break, share, ci_lower, ci_upper FROM survey_results "
        "WHERE survey = 'ntu' ORDER BY year"
    ).fetchall()
    assert {year for year, *_ in rows} == {2014, 2016, 2018, 2020, 2022, 2024}
    assert {pooled for _, pooled, *_ in rows} == {2}
    assert {year for year, _, brk, *_ in rows if brk} == {2018}
    assert all(lower < share < upper for *_, share, lower, upper in rows)


def test_every_survey_indicator_with_results_is_fully_described(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = con.execute(
        """
        SELECT i.indicator_id, i.theme, i.unit, i.title_sv, i.title_en, i.definition_sv,
               i.definition_en, s.licence, s.attribution
        FROM indicators i JOIN sources s USING (source_id)
        WHERE i.indicator_id IN (SELECT indicator_id FROM survey_results)
        """
    ).fetchall()
    known = {row[0] for row in rows}
    used = {
        indicator for (indicator,) in con.execute(
            "SELECT DISTINCT indicator_id FROM survey_results"
        ).fetchall()
    }  # fmt: skip
    assert used == known
    for indicator_id, theme, unit, *texts in rows:
        assert theme in ("safety", "youth"), indicator_id
        assert unit == "percent", indicator_id
        assert all(text and text.strip() for text in texts), indicator_id
        assert texts[0] != texts[1], f"{indicator_id}: English title not translated"


def test_named_queries(con: duckdb.DuckDBPyConnection) -> None:
    indicators = db.fetch_survey_indicators(con, "safety")
    assert "survey_trygg_kvall" in set(indicators["indicator_id"])
    assert "survey_se_snus" not in set(indicators["indicator_id"])  # theme youth
    trygg = indicators.set_index("indicator_id").loc["survey_trygg_kvall"]
    assert trygg["surveys"] == "trygghetsmatning"
    assert (trygg["first_year"], trygg["last_year"]) == (2020, 2025)
    assert trygg["has_example"] and trygg["has_real"]
    results = db.fetch_survey_results(con, "survey_lag_tillit")
    assert results[["area", "year", "share", "source_id"]].values.tolist() == [
        ["Vaxholm", 2023, 4.4, "survey_published"]
    ]
    assert results["source_name_sv"].iloc[0] == "Publicerade trygghetssiffror för Vaxholm"
