"""Stockholmsenkäten example data and its place in the built database: deterministic files in
the real shapes, realistic cohorts, levels checked against the real published figures for
Vaxholm, the named queries, and example rows labelled as such."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from data import db, example_youth
from tests.conftest import file_digest, query_rows

# Real published figures for Vaxholm (data/real/vaxholm_published_figures.csv) and how close
# the example data must come (percentage points): one class of ~65 pupils moves a share by
# 1.5 points per pupil.
PUBLISHED_CHECKS = [
    ("sthlm_narkotika_nagon_gang", 2022, "ak9", "pojkar", 16.0, 2.0),
    ("sthlm_narkotika_nagon_gang", 2022, "ak9", "flickor", 6.0, 2.0),
    ("sthlm_narkotika_nagon_gang", 2022, "gy2", "alla", 24.0, 2.0),
    ("sthlm_narkotika_nagon_gang", 2018, "ak9", "alla", 9.0, 2.0),  # 91 % never tried
    ("sthlm_nykter", 2018, "ak9", "alla", 61.0, 2.0),
    ("sthlm_trygg_ute_sent", 2022, "ak9", "pojkar", 90.0, 2.0),
    ("sthlm_trygg_ute_sent", 2022, "ak9", "flickor", 80.0, 2.0),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> example_youth.ExampleFiles:
    return example_youth.write_example_files(tmp_path_factory.mktemp("youth"))


def test_same_seed_same_files(files: example_youth.ExampleFiles, tmp_path: Path) -> None:
    again = example_youth.write_example_files(tmp_path)
    assert [path.name for path in again.pupils] == [path.name for path in files.pupils]
    for first, second in zip(
        (*files.pupils, files.results), (*again.pupils, again.results), strict=True
    ):
        assert file_digest(first) == file_digest(second)


def test_pupil_files_have_the_codebook_shape(files: example_youth.ExampleFiles) -> None:
    assert [path.name for path in files.pupils] == [
        f"exempeldata_stockholmsenkaten_elevsvar_{wave}.csv"
        for wave in (2014, 2016, 2018, 2020, 2022, 2024)
    ]
    headers = {}
    for path in files.pupils:
        with open(path, encoding="utf-8", newline="") as handle:
            headers[path.name[-8:-4]] = next(csv.reader(handle, delimiter=";"))
    assert headers["2024"][:5] == ["ID", "ar", "Hemkommun", "ARSKURS", "F2"]
    # E-cigarettes (F15) from 2020, nicotine pouches (F19a) from 2022, as in the real survey.
    assert "F15" not in headers["2018"] and "F15" in headers["2020"]
    assert "F19a" not in headers["2020"] and "F19a" in headers["2022"]
    assert len(headers["2024"]) == 5 + 62


def test_cohorts_are_realistic(files: example_youth.ExampleFiles) -> None:
    pupils = pd.concat(pd.read_csv(path, sep=";") for path in files.pupils)
    vaxholm = pupils[pupils["Hemkommun"] == 19].groupby(["ar", "ARSKURS"]).size()
    assert vaxholm.between(100, 150).all()
    assert len(vaxholm) == 12
    assert 30_000 < len(pupils) < 40_000
    assert set(pupils["F2"]) == {1, 2, 3, 999}
    # Some answers are missing, as in any survey: blanks (999), don't know (998), routing (996).
    codes = pupils.drop(columns=["ID", "ar", "Hemkommun", "ARSKURS", "F2"]).stack()
    assert 0.005 < codes.isin([999]).mean() < 0.05
    assert codes.isin([998]).any() and codes.isin([996]).any()


@pytest.mark.parametrize(
    ("indicator", "year", "grade", "sex", "published", "tolerance"), PUBLISHED_CHECKS
)
def test_example_levels_match_the_real_published_figures(
    files: example_youth.ExampleFiles,
    indicator: str,
    year: int,
    grade: str,
    sex: str,
    published: float,
    tolerance: float,
) -> None:
    results = pd.read_csv(files.results, sep=";", decimal=",", dtype={"kommunkod": str})
    row = results[
        (results["indikator"] == indicator)
        & (results["kommunkod"] == "0187")
        & (results["år"] == year)
        & (results["årskurs"] == grade)
        & (results["kön"] == sex)
    ]
    assert len(row) == 1
    assert abs(row["andel"].iloc[0] - published) <= tolerance


# --- the built database ------------------------------------------------------------------


def test_build_holds_pupils_results_and_published_points(built_db: Path) -> None:
    counts = dict(
        query_rows(
            built_db,
            "SELECT source_id || ':' || is_example, count(*) FROM stockholmsenkaten_results "
            "GROUP BY ALL",
        )
    )
    assert counts["stockholmsenkaten_published:false"] == 17
    assert counts["stockholmsenkaten_example:true"] > 2000
    assert query_rows(
        built_db,
        "SELECT count(*), count(DISTINCT import_id), bool_and(is_example), "
        "min(year), max(year) FROM stockholmsenkaten_pupils",
    ) == [(pytest.approx(34_271, abs=2000), 6, True, 2014, 2024)]
    assert query_rows(built_db, "SELECT count(*) FROM stockholmsenkaten_index_items") == [(55,)]
    assert query_rows(built_db, "SELECT count(*) FROM stockholmsenkaten_cutoffs") == [(14,)]


def test_example_rows_carry_the_example_source(built_db: Path) -> None:
    mismatched = query_rows(
        built_db,
        """
        SELECT 'results', r.source_id FROM stockholmsenkaten_results r
        JOIN sources s USING (source_id) WHERE r.is_example <> s.is_example
        UNION ALL
        SELECT 'pupils', p.source_id FROM stockholmsenkaten_pupils p
        JOIN sources s USING (source_id) WHERE p.is_example <> s.is_example
        """,
    )
    assert mismatched == []


def test_answers_query_equals_a_plain_unnest(built_db: Path) -> None:
    con = db.connect(built_db)
    try:
        wide = db.fetch_youth_answers(con)
        sample = con.execute(
            "SELECT year, municipality_code, respondent_id, unnest(item_ids) AS item_id, "
            "unnest(answer_codes) AS code FROM stockholmsenkaten_pupils "
            "WHERE municipality_code = '0187' AND year = 2020"
        ).df()
    finally:
        con.close()
    assert list(wide.columns[:7]) == [
        "year",
        "municipality_code",
        "respondent_id",
        "grade",
        "sex",
        "is_example",
        "source_id",
    ]
    long = wide.melt(
        id_vars=["year", "municipality_code", "respondent_id"],
        value_vars=list(wide.columns[7:]),
        var_name="item_id",
        value_name="code",
    ).dropna(subset=["code"])
    long = long[(long["municipality_code"] == "0187") & (long["year"] == 2020)]
    key = ["respondent_id", "item_id"]
    merged = sample.merge(long, on=key, suffixes=("", "_wide"), how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["code"] == merged["code_wide"]).all()
    assert "F19a" in wide.columns and wide.loc[wide["year"] < 2022, "F19a"].isna().all()
