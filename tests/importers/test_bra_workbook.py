"""Brå "Indikatorer för kommuners lägesbild" workbooks (fixtures with invented values in the
published layout, tests/importers/bra_workbook_fixtures.py): both layouts give the same rows in
crime_counts and survey_results; broken workbooks are refused naming sheet, row and column with
the database unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows
from tests.importers.bra_workbook_fixtures import write

CRIMES = (
    "SELECT municipality_code, year, period, crime_code, count, rate_per_100k, mark, "
    "is_preliminary, source_id, is_example FROM crime_counts WHERE source_id = 'bra' "
    "ORDER BY ALL"
)
NTU = (
    "SELECT indicator_id, area, year, respondent_group, share, n, ci_lower, ci_upper, "
    "pooled_years, series_break, source_id, is_example FROM survey_results "
    "WHERE source_id = 'bra_ntu' ORDER BY ALL"
)


@pytest.mark.parametrize("layout", ["2024", "2026"])
def test_workbook_fills_crime_counts_and_ntu_results(
    database: Path, tmp_path: Path, layout: str
) -> None:
    result = import_file(database, "bra", write(tmp_path / f"Vaxholm {layout}.xlsx", layout=layout))
    assert result.file_format == "bra-lägesbild (xlsx)"
    assert result.notes[0] == "9 brottsrader, 8 NTU-resultat"
    assert "Förtroende" in result.notes[1]
    crimes = query_rows(database, CRIMES)
    assert len(crimes) == 9
    assert ("0187", 2023, "year", "totalt", 655, 4598.2, None, False, "bra", False) in crimes
    assert ("0000", 2024, "year", "totalt", 1_390_200, 13100.2, None, False, "bra", False) in crimes
    ntu = query_rows(database, NTU)
    # Vaxholm 2021–2022 is '..' in the file: not stored. n comes from "Antal svarande i NTU".
    assert len(ntu) == 8
    first = ("survey_ntu_otrygg_kvall", "Vaxholm", 2020, "alla", 18.0, 240, 13.1, 22.9, 2, False)
    assert (*first, "bra_ntu", False) in ntu
    assert not any(row[1] == "Vaxholm" and row[2] == 2022 for row in ntu)
    assert ("survey_ntu_otrygg_kvall", "Riket", 2024, "alla", 28.9, 72_000) == next(
        row[:6] for row in ntu if row[1] == "Riket" and row[2] == 2024
    )


def test_both_layouts_store_the_same_rows(built_db: Path, tmp_path: Path) -> None:
    stored = []
    for layout in ("2024", "2026"):
        db = tmp_path / f"{layout}.duckdb"
        shutil.copyfile(built_db, db)
        import_file(db, "bra", write(tmp_path / f"{layout}.xlsx", layout=layout))
        stored.append((query_rows(db, CRIMES), query_rows(db, NTU)))
    assert stored[0] == stored[1]


@pytest.mark.parametrize(
    ("changes", "line", "column", "message"),
    [
        # A negative rate per 100 000.
        ({("Anmälda brott totalt (anmälda)", 3, 6): -12.5}, 3, "F", "ingen takt per 100 000"),
        # A share above 100 %.
        ({("Otrygghet", 4, 5): 123.0}, 4, "E", "andelen 123 ligger inte mellan 0 och 100"),
        # A municipality Brå does not have.
        ({("Anmälda brott totalt (anmälda)", 4, 1): "Vaxholmen"}, 4, "A", "okänd kommun"),
        # The interval does not hold its share.
        ({("Otrygghet", 4, 3): 19.0}, 4, "B", "intervallet 19.0–22.9 innehåller inte 18.0"),
        # The header row shifted: its year cells are no longer "Antal ÅÅÅÅ".
        ({("Otrygghet", 3, 1): "Period"}, None, None, "saknar rubrikraden"),
    ],
)
def test_a_broken_workbook_is_refused_naming_sheet_row_and_column(
    database: Path, tmp_path: Path, changes: dict, line, column, message: str
) -> None:
    path = write(tmp_path / "bad.xlsx", changes=changes)
    before = file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, "bra", path)
    assert message in str(failure.value)
    assert "bladet '" in str(failure.value)
    assert (failure.value.line, failure.value.column) == (line, column)
    assert file_digest(database) == before
