"""Stockholmsenkäten pupil answers as Origo delivers them, SPSS .sav (fixtures with invented
values, tests/importers/sav_fixtures.py): stored exactly as the same answers in a pupil CSV,
the names before 2024 renamed through RISE's table, Hemkommun read through the value labels,
and broken files refused naming row and column with the database unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest
from tests.importers.sav_fixtures import write_2024, write_before_2024
from tests.importers.test_stockholmsenkaten import pupil_rows, write


def test_sav_is_stored_as_the_same_answers_in_a_csv_are(built_db: Path, tmp_path: Path) -> None:
    sav_db, csv_db = tmp_path / "sav.duckdb", tmp_path / "csv.duckdb"
    shutil.copyfile(built_db, sav_db)
    shutil.copyfile(built_db, csv_db)
    result = import_file(sav_db, "stockholmsenkaten", write_2024(tmp_path / "vaxholm.sav"))
    assert result.file_format == "stockholmsenkaten-elevsvar-spss"
    assert result.rows == 3
    assert "Skolenhetskod" in result.notes[-1]
    # The same answers as a CSV (the school code left out: it is never stored).
    same = write(
        tmp_path,
        "vaxholm.csv",
        [
            "ID;ar;Hemkommun;ARSKURS;F2;F67c;F102;F50",
            "S-001;2024;19;9;1;4;1;3",
            "S-002;2024;19;9;2;1;999;996",
            "S-003;2024;26;2;999;99;;998",
        ],
    )
    import_file(csv_db, "stockholmsenkaten", same)
    stored = [row for row in pupil_rows(sav_db) if row[2].startswith("S-")]
    assert stored == [row for row in pupil_rows(csv_db) if row[2].startswith("S-")]
    # User-missing codes are kept as codes; the system-missing F102 is "not asked".
    assert stored[2][1:7] == ("0117", "S-003", "gy2", "ej_svar", ["F67c", "F50"], [99, 998])
    # Importing the same file again changes nothing.
    before = file_digest(sav_db)
    assert import_file(sav_db, "stockholmsenkaten", tmp_path / "vaxholm.sav").already_imported
    assert file_digest(sav_db) == before


def test_names_before_2024_are_renamed_and_hemkommun_read_through_its_labels(
    database: Path, tmp_path: Path
) -> None:
    result = import_file(database, "stockholmsenkaten", write_before_2024(tmp_path / "old.sav"))
    assert result.file_format == "stockholmsenkaten-elevsvar-spss (variabelnamn före 2024)"
    assert "SkolSDO" in result.notes[-1]
    stored = [row for row in pupil_rows(database) if row[2].startswith("G-")]
    # Hemkommun 7 is Vaxholm by the file's labels (19 in the 2024 codebook); f66c -> F67c,
    # F100 -> F102, Kön -> F2.
    assert [row[:7] for row in stored] == [
        (2022, "0187", "G-001", "ak9", "flicka", ["F67c", "F102"], [3, 2]),
        (2022, "0187", "G-002", "ak9", "pojke", ["F67c", "F102"], [99, 1]),
    ]


def _sav(path: Path, frame: pd.DataFrame, **options: object) -> Path:
    pyreadstat.write_sav(frame, str(path), **options)
    return path


BASE = {
    "ID": ["X-1", "X-2"],
    "ar": [2024.0, 2024.0],
    "Hemkommun": [19.0, 19.0],
    "ARSKURS": [9.0, 9.0],
    "F2": [1.0, 2.0],
    "F67c": [1.0, 2.0],
}


@pytest.mark.parametrize(
    ("change", "line", "column", "message"),
    [
        ({"F67c": [1.0, 7.0]}, 2, "F67c", "svaret '7' är ingen kod för F67c"),
        ({"Hemkommun": [19.0, 55.0]}, 2, "Hemkommun", "okänd hemkommun '55'"),
        ({"ar": [2022.0, 2024.0]}, None, "ar", "blandar år före 2024"),
        ({"ARSKURS": [9.0, 5.0]}, 2, "ARSKURS", "årskurs '5' ska vara 9 eller 2"),
        ({"ID": ["X-1", "X-1"]}, 2, "ID", "dubblett"),
    ],
)
def test_a_wrong_cell_is_refused_naming_row_and_column(
    database: Path, tmp_path: Path, change: dict, line: int | None, column: str, message: str
) -> None:
    path = _sav(tmp_path / "bad.sav", pd.DataFrame({**BASE, **change}))
    before = file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, "stockholmsenkaten", path)
    assert message in str(failure.value)
    assert (failure.value.line, failure.value.column) == (line, column)
    assert file_digest(database) == before


def test_a_missing_variable_and_a_truncated_file_are_refused(
    database: Path, tmp_path: Path
) -> None:
    before = file_digest(database)
    no_grade = {key: value for key, value in BASE.items() if key != "ARSKURS"}
    with pytest.raises(ImportFailed, match="variabeln 'ARSKURS' saknas"):
        import_file(database, "stockholmsenkaten", _sav(tmp_path / "a.sav", pd.DataFrame(no_grade)))
    whole = _sav(tmp_path / "whole.sav", pd.DataFrame(BASE)).read_bytes()
    cut = tmp_path / "cut.sav"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportFailed, match="kan inte läsas som SPSS-fil"):
        import_file(database, "stockholmsenkaten", cut)
    assert file_digest(database) == before
