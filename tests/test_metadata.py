"""Metadata is data: every indicator, crime type and source the pages show is described in the
database (title sv/en, unit, definition, source, licence), as Datasette's test_docs checks."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data import db


@pytest.fixture(scope="module")
def con(built_db: Path):
    connection = db.connect(built_db)
    yield connection
    connection.close()


def values(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    return [row[0] if len(row) == 1 else row for row in con.execute(sql).fetchall()]


def blank(text: object) -> bool:
    return text is None or not str(text).strip()


def test_every_indicator_with_observations_is_fully_described(con) -> None:
    described = con.execute(
        """
        SELECT i.indicator_id, i.title_sv, i.title_en, i.unit, i.definition_sv,
               i.definition_en, i.source_id, s.licence, s.attribution
        FROM indicators i LEFT JOIN sources s USING (source_id)
        WHERE i.indicator_id IN (SELECT DISTINCT kpi FROM kolada_values)
        ORDER BY i.indicator_id
        """
    ).fetchall()
    assert len(described) == 23
    problems = [
        (row[0], field)
        for row in described
        for field, text in zip(
            (
                "title_sv",
                "title_en",
                "unit",
                "definition_sv",
                "definition_en",
                "source_id",
                "licence",
                "attribution",
            ),
            row[1:],
            strict=True,
        )
        if blank(text)
    ]
    assert problems == []
    for indicator_id, title_sv, title_en, *_ in described:
        assert title_sv != title_en, f"{indicator_id}: the English title is not translated"


def test_every_kpi_with_observations_is_an_indicator(con) -> None:
    unknown = values(
        con,
        "SELECT DISTINCT kpi FROM kolada_values "
        "WHERE kpi NOT IN (SELECT indicator_id FROM indicators) ORDER BY kpi",
    )
    assert unknown == []
    assert len(values(con, "SELECT DISTINCT kpi FROM kolada_values")) == 23


def test_every_crime_code_is_a_crime_type(con) -> None:
    unknown = values(
        con,
        "SELECT DISTINCT crime_code FROM crime_counts "
        "WHERE crime_code NOT IN (SELECT crime_code FROM crime_types)",
    )
    assert unknown == []


def test_crime_type_tree_is_well_formed(con) -> None:
    types = con.execute(
        "SELECT crime_code, parent_code, level, name_sv, name_en FROM crime_types"
    ).fetchall()
    by_code = {code: (parent, level) for code, parent, level, _, _ in types}
    roots = [code for code, (parent, _) in by_code.items() if parent is None]
    assert roots == ["totalt"]
    for code, parent, level, name_sv, name_en in types:
        assert not blank(name_sv) and not blank(name_en), code
        if parent is not None:
            assert parent in by_code, f"{code}: unknown parent {parent}"
            assert level == by_code[parent][1] + 1, code


def test_indicator_crime_codes_exist(con) -> None:
    linked = values(
        con,
        "SELECT indicator_id, crime_code FROM indicators WHERE crime_code IS NOT NULL "
        "ORDER BY indicator_id",
    )
    assert linked == [("U07417", "stold"), ("U07452", "skadegorelse")]
    known = set(values(con, "SELECT crime_code FROM crime_types"))
    assert {code for _, code in linked} <= known


def test_every_source_has_licence_and_attribution(con) -> None:
    sources = con.execute(
        "SELECT source_id, name_sv, name_en, publisher, licence, attribution FROM sources"
    ).fetchall()
    assert len(sources) == 22  # 16 + Stockholmsenkäten's 4 + Skolverket's pupil counts + NTU län
    problems = [
        (row[0], column)
        for row in sources
        for column, text in zip(
            ("name_sv", "name_en", "publisher", "licence", "attribution"), row[1:], strict=True
        )
        if blank(text)
    ]
    assert problems == []


def test_every_source_in_use_is_known(con) -> None:
    known = set(values(con, "SELECT source_id FROM sources"))
    used = set(
        values(
            con,
            "SELECT source_id FROM indicators UNION SELECT source_id FROM imports "
            "UNION SELECT source_id FROM crime_counts UNION SELECT source_id FROM population "
            "UNION SELECT source_id FROM survey_results "
            "UNION SELECT source_id FROM est_incidents UNION SELECT source_id FROM est_actions "
            "UNION SELECT source_id FROM stockholmsenkaten_results "
            "UNION SELECT source_id FROM stockholmsenkaten_pupils",
        )
    )
    assert used <= known


def test_example_sources_are_flagged_and_say_so(con) -> None:
    sources = {
        source_id: (is_example, name_sv, licence)
        for source_id, is_example, name_sv, licence in con.execute(
            "SELECT source_id, is_example, name_sv, licence FROM sources"
        ).fetchall()
    }
    example_ids = {source_id for source_id, (flag, _, _) in sources.items() if flag}
    assert example_ids == {
        "bra_example",
        "population_example",
        "survey_example",
        "est_example",
        "insatser_example",
        "stockholmsenkaten_example",
    }
    for source_id in example_ids:
        _, name_sv, licence = sources[source_id]
        assert "exempeldata" in name_sv.lower(), source_id
        assert "exempeldata" in licence.lower(), source_id
    # Rows stored from an example source carry the example flag, and the others do not.
    mismatched = values(
        con,
        """
        SELECT 'crime_counts', c.source_id FROM crime_counts c JOIN sources s USING (source_id)
        WHERE c.is_example <> s.is_example
        UNION ALL
        SELECT 'population', p.source_id FROM population p JOIN sources s USING (source_id)
        WHERE p.is_example <> s.is_example
        UNION ALL
        SELECT 'survey_results', r.source_id FROM survey_results r JOIN sources s USING (source_id)
        WHERE r.is_example <> s.is_example
        UNION ALL
        SELECT 'est_incidents', e.source_id FROM est_incidents e JOIN sources s USING (source_id)
        WHERE e.is_example <> s.is_example
        UNION ALL
        SELECT 'est_actions', a.source_id FROM est_actions a JOIN sources s USING (source_id)
        WHERE a.is_example <> s.is_example
        UNION ALL
        SELECT 'stockholmsenkaten_results', r.source_id FROM stockholmsenkaten_results r
        JOIN sources s USING (source_id) WHERE r.is_example <> s.is_example
        UNION ALL
        SELECT 'stockholmsenkaten_pupils', p.source_id FROM stockholmsenkaten_pupils p
        JOIN sources s USING (source_id) WHERE p.is_example <> s.is_example
        UNION ALL
        SELECT 'imports', i.source_id FROM imports i JOIN sources s USING (source_id)
        WHERE i.is_example <> s.is_example
        """,
    )
    assert mismatched == []


def test_headline_indicators_are_ordered_and_unique(con) -> None:
    orders = values(
        con,
        "SELECT headline_order FROM indicators WHERE headline_order IS NOT NULL "
        "ORDER BY headline_order",
    )
    assert orders, "no headline indicators"
    assert len(orders) == len(set(orders))


def test_factor_types_and_directions(con) -> None:
    rows = con.execute(
        "SELECT indicator_id, factor_type, higher_is_better, unit FROM indicators"
    ).fetchall()
    for indicator_id, factor_type, higher_is_better, _ in rows:
        if factor_type == "protective":
            assert higher_is_better is True, indicator_id
        if factor_type == "risk":
            assert higher_is_better is False, indicator_id
    units = {indicator_id: unit for indicator_id, _, _, unit in rows}
    # Kolada's title says "per 1 000"; the values are per 100 000 (DESIGN §3.1).
    assert units["U07417"] == units["U07452"] == "per_100k"
