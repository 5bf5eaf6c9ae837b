"""The example-data generator (data/example.py): deterministic, in Brå's shape, consistent with
Kolada's real theft and damage rates and with its own crime-type tree."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data import db, example


@pytest.fixture(scope="module")
def built_con(built_db: Path):
    con = db.connect(built_db)
    yield con
    con.close()


def frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def test_write_example_files_is_byte_for_byte_deterministic(tmp_path: Path) -> None:
    first = example.write_example_files(tmp_path / "a")
    second = example.write_example_files(tmp_path / "b")
    for one, other in ((first.population, second.population), (first.crime, second.crime)):
        assert one.name == other.name
        assert one.read_bytes() == other.read_bytes()
        assert len(one.read_bytes()) > 1_000
    assert sorted(path.name for path in (tmp_path / "a").iterdir()) == [
        "exempeldata_bra_anmalda_brott_lang.csv",
        "exempeldata_folkmangd_scb_pxweb.csv",
    ]


@pytest.fixture(scope="module")
def example_files(tmp_path_factory: pytest.TempPathFactory) -> example.ExampleFiles:
    return example.write_example_files(tmp_path_factory.mktemp("example"))


def test_bra_long_file_shape(example_files: example.ExampleFiles) -> None:
    raw = example_files.crime.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8").split("\r\n")
    assert lines[0] == ("År;Period;Region_ID;Region;Brottstyp;Nivå;Antal;Per 100 000 inv.;Status")
    assert lines[-1] == ""  # CRLF after every row, including the last
    vaxholm_theft_2023 = [
        line for line in lines if line.startswith("2023;Helår;8541;") and ";Stöld" in line
    ]
    assert vaxholm_theft_2023, "Vaxholm's theft row for 2023 is missing"
    fields = vaxholm_theft_2023[0].split(";")
    assert fields[3] == "Vaxholm kommun"  # Brå's own region name (bra_solwebb file)
    assert fields[5].startswith("Totalt antal brott > Brott mot brottsbalken > ")
    assert "," in fields[7]  # decimal comma in the rate
    assert fields[8] == "Slutlig"


def test_population_file_shape(example_files: example.ExampleFiles) -> None:
    lines = example_files.population.read_bytes().decode("utf-8").split("\r\n")
    assert "EXEMPELDATA" in lines[0]
    assert lines[2].startswith('"region","2010",')
    assert lines[2].endswith('"2024"')
    assert any(line.startswith('"0187 Vaxholm",') for line in lines)


def test_example_theft_follows_kolada_rates_for_vaxholm(built_con) -> None:
    joined = frame(
        built_con,
        """
        SELECT c.year, c.count, k.value AS rate, p.population
        FROM crime_counts c
        JOIN kolada_values k ON k.kpi = 'U07417' AND k.gender = 'T'
             AND k.municipality_code = c.municipality_code AND k.year = c.year
        JOIN population p ON p.municipality_code = c.municipality_code AND p.year = c.year
        WHERE c.municipality_code = '0187' AND c.crime_code = 'stold' AND c.period = 'year'
              AND k.value IS NOT NULL
        ORDER BY c.year
        """,
    )
    assert set(range(2015, 2024)) <= set(joined["year"])
    for row in joined.itertuples():
        assert row.count == round(row.rate * row.population / 100_000), row.year
    counts = dict(zip(joined["year"], joined["count"], strict=True))
    assert counts[2023] == round(1167.80908 * 12_300 / 100_000)


@pytest.mark.parametrize(("crime_code", "kpi"), [("stold", "U07417"), ("skadegorelse", "U07452")])
def test_example_counts_follow_kolada_for_every_municipality(
    built_con, crime_code: str, kpi: str
) -> None:
    joined = frame(
        built_con,
        f"""
        SELECT c.municipality_code, c.year, c.count, k.value AS rate, p.population
        FROM crime_counts c
        JOIN municipalities m USING (municipality_code)
        JOIN kolada_values k ON k.kpi = '{kpi}' AND k.gender = 'T'
             AND k.municipality_code = c.municipality_code AND k.year = c.year
        JOIN population p ON p.municipality_code = c.municipality_code AND p.year = c.year
        WHERE c.crime_code = '{crime_code}' AND c.period = 'year' AND m.level = 'kommun'
              AND k.value IS NOT NULL
        """,  # noqa: S608 - fixed test parameters
    )
    assert joined["municipality_code"].nunique() == 26
    expected = [
        round(rate * population / 100_000)
        for rate, population in zip(joined["rate"], joined["population"], strict=True)
    ]
    mismatches = joined[joined["count"] != expected]
    assert mismatches.empty, mismatches.head().to_string()


def test_parent_counts_cover_their_children(built_con) -> None:
    violations = frame(
        built_con,
        """
        WITH children AS (
            SELECT c.municipality_code, c.year, t.parent_code AS crime_code,
                   sum(c.count) AS children_sum, count(*) AS n_children
            FROM crime_counts c JOIN crime_types t USING (crime_code)
            WHERE t.parent_code IS NOT NULL AND c.period = 'year'
            GROUP BY ALL
        )
        SELECT p.municipality_code, p.year, p.crime_code, p.count, ch.children_sum
        FROM crime_counts p JOIN children ch USING (municipality_code, year, crime_code)
        WHERE p.period = 'year' AND (p.count IS NULL OR p.count < ch.children_sum)
        """,
    )
    assert violations.empty, violations.head().to_string()
    checked = frame(
        built_con,
        "SELECT count(*) AS n FROM crime_counts c JOIN crime_types t USING (crime_code) "
        "WHERE t.crime_code IN (SELECT parent_code FROM crime_types)",
    )
    # 12 parent types x 28 areas x 15 years were compared above.
    assert checked["n"].iloc[0] == 12 * 28 * 15


def test_every_crime_type_for_every_area_and_year(built_con) -> None:
    counts = frame(
        built_con,
        "SELECT count(DISTINCT crime_code) AS types, count(DISTINCT municipality_code) AS areas, "
        "count(DISTINCT year) AS years, count(*) AS n, count(count) AS with_count "
        "FROM crime_counts",
    ).iloc[0]
    assert counts["types"] == 38
    assert counts["areas"] == 28
    assert counts["years"] == 15
    assert counts["n"] == 38 * 28 * 15 == counts["with_count"]


def test_county_equals_sum_of_its_26_municipalities(built_con) -> None:
    compared = frame(
        built_con,
        """
        SELECT c.year, c.crime_code, any_value(l.count) AS county, sum(c.count) AS total,
               count(*) AS n_municipalities
        FROM crime_counts c
        JOIN municipalities m USING (municipality_code)
        JOIN crime_counts l ON l.municipality_code = '0001' AND l.year = c.year
             AND l.period = c.period AND l.crime_code = c.crime_code
        WHERE m.level = 'kommun' AND m.county_code = '0001' AND c.period = 'year'
        GROUP BY c.year, c.crime_code
        """,
    )
    assert len(compared) == 38 * 15
    assert (compared["n_municipalities"] == 26).all()
    differing = compared[compared["county"] != compared["total"]]
    assert differing.empty, differing.head().to_string()


def test_county_population_equals_sum_of_municipalities(built_con) -> None:
    compared = frame(
        built_con,
        """
        SELECT p.year, any_value(l.population) AS county, sum(p.population) AS total
        FROM population p JOIN municipalities m USING (municipality_code)
        JOIN population l ON l.municipality_code = '0001' AND l.year = p.year
        WHERE m.level = 'kommun' AND m.county_code = '0001'
        GROUP BY p.year
        """,
    )
    assert len(compared) == 15
    assert (compared["county"] == compared["total"]).all()


def test_only_the_latest_year_is_preliminary(built_con) -> None:
    flags = frame(
        built_con,
        "SELECT year, bool_and(is_preliminary) AS all_preliminary, "
        "bool_or(is_preliminary) AS any_preliminary FROM crime_counts GROUP BY year ORDER BY year",
    )
    assert list(flags["year"]) == list(range(2010, 2025))
    latest = flags[flags["year"] == 2024].iloc[0]
    assert latest["all_preliminary"]
    earlier = flags[flags["year"] < 2024]
    assert not earlier["any_preliminary"].any()
