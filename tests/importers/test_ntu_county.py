"""Brå's NTU county workbook ("Resultat för län"; fixtures with invented values in the published
layout, tests/importers/ntu_county_fixtures.py): sections filled down, header rows found by
pattern, the last year's interval as limits or as a margin; broken workbooks are refused
naming sheet, row and column with the database unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows
from tests.importers.ntu_county_fixtures import write

NTU = (
    "SELECT indicator_id, area, year, respondent_group, share, n, ci_lower, ci_upper, "
    "pooled_years, series_break, source_id, is_example FROM survey_results "
    "WHERE source_id = 'bra_ntu_lan' ORDER BY ALL"
)


def test_county_workbook_fills_survey_results(database: Path, tmp_path: Path) -> None:
    result = import_file(database, "bra", write(tmp_path / "NTU län.xlsx"))
    assert result.file_format == "ntu-län (xlsx)"
    assert result.rows == 24
    assert result.notes == (
        "24 NTU-resultat för Stockholms län och Riket",
        "1 andra län lästes men lagras inte",
        "okända blad hoppades över: R4.9",
    )
    rows = query_rows(database, NTU)
    # 2 areas x 3 sections x 4 years; limits only for the last year.
    assert len(rows) == 24
    q = "survey_ntu_otrygg_kvall"
    assert (q, "Stockholms län", 2024, "alla", 29.6, None, 28.8, 30.4, 1, False) == rows[
        [r[1:4] for r in rows].index(("Stockholms län", 2024, "alla"))
    ][:10]
    # "Män" is written once above its rows: its Riket row (two rows down) is men's.
    assert (q, "Riket", 2022, "män", 15.9, None, None, None, 1, False) == next(
        r[:10] for r in rows if r[1:4] == ("Riket", 2022, "män")
    )
    assert all(r[10:] == ("bra_ntu_lan", False) for r in rows)
    assert {r[2] for r in rows if r[6] is not None} == {2024}


def test_margin_layout_and_shifted_rows_store_the_same_rows(built_db: Path, tmp_path: Path) -> None:
    stored = []
    for margin, shift in ((False, 0), (True, 3)):
        db = tmp_path / f"{margin}.duckdb"
        shutil.copyfile(built_db, db)
        import_file(db, "bra", write(tmp_path / f"{margin}.xlsx", margin=margin, shift=shift))
        stored.append(query_rows(db, NTU))
    assert stored[0] == stored[1]


@pytest.mark.parametrize(
    ("changes", "line", "column", "message"),
    [
        # A share above 100 % (Stockholms län, Män, 2022).
        ({("R4.1", 7, 4): 123.0}, 7, "D", "andelen 123 ligger inte mellan 0 och 100"),
        # A region that is no county.
        ({("R4.1", 5, 2): "Vaxholm"}, 5, "B", "okänt län 'Vaxholm'"),
        # An unknown section.
        ({("R4.1", 7, 1): "Äldre"}, 7, "A", "okänt avsnitt 'Äldre'"),
        # The interval does not hold the share.
        ({("R4.1", 4, 7): 29.7}, 4, "F", "intervallet 29.7–30.4 innehåller inte 29.6"),
        # Only one limit.
        ({("R4.1", 3, 8): None}, 3, "G", "intervallet har bara en gräns"),
    ],
)
def test_a_broken_county_workbook_is_refused_naming_sheet_row_and_column(
    database: Path, tmp_path: Path, changes: dict, line, column, message: str
) -> None:
    path = write(tmp_path / "bad.xlsx", changes=changes)
    before = file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, "bra", path)
    assert message in str(failure.value)
    assert "bladet 'R4.1'" in str(failure.value)
    assert (failure.value.line, failure.value.column) == (line, column)
    assert file_digest(database) == before
