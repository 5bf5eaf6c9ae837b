"""Skolverket's pupils per grade: the real bundled file (4 696 school units, 2023/24) and an
invented fixture in its layout imported; broken files refused naming line and column, the
database unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from data import db
from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows
from tests.importers import skolverket_fixtures as fixture

REAL = db.DATA_DIR / "real" / "skolverket_grundskola_elever_per_arskurs_2023_skolenhet.csv"


def test_fixture_is_imported(database: Path, tmp_path: Path) -> None:
    result = import_file(database, "skolverket", fixture.write(tmp_path / "elever.csv"))
    assert result.rows == 4
    assert result.file_format == "skolverket-elever-per-årskurs (utf-8, ';')"
    assert query_rows(
        database,
        "SELECT school_year, school_unit_code, municipality_code, grade, pupils, mark "
        "FROM school_pupils WHERE school_unit_code LIKE '1000000_' ORDER BY school_unit_code",
    ) == [
        (2023, "10000001", "0187", "ak9", 120, None),
        (2023, "10000002", "0187", "ak9", 30, None),
        (2023, "10000003", "0187", "ak9", None, "."),
        (2023, "10000004", "0117", "ak9", None, ".."),
    ]
    again = import_file(database, "skolverket", tmp_path / "elever.csv")
    assert again.already_imported


def test_gymnasium_file_gives_gy2_pupils(database: Path, tmp_path: Path) -> None:
    """The same family for gymnasiet: the preamble's "Gymnasieskola" chooses "Elever, årskurs
    2" (a grundskola file has such a column too, and keeps giving åk 9)."""
    path = fixture.write(tmp_path / "gymnasiet.csv", fixture.gymnasium_lines())
    result = import_file(database, "skolverket", path)
    assert result.rows == 3
    assert result.notes == ("1 skolenhet med dolt antal ('..')",)
    assert query_rows(
        database,
        "SELECT school_year, school_unit_code, municipality_code, grade, pupils, mark "
        "FROM school_pupils WHERE school_unit_code LIKE '2000000_' ORDER BY school_unit_code",
    ) == [
        (2023, "20000001", "0187", "gy2", 86, None),
        (2023, "20000002", "0117", "gy2", None, ".."),
        (2023, "20000003", "0160", "gy2", None, "."),
    ]


def test_gymnasium_file_without_the_gy2_column_is_refused(database: Path, tmp_path: Path) -> None:
    lines = fixture.gymnasium_lines()
    lines[5] = fixture.GY_HEADER.replace("Elever, årskurs 2;", "Elever, årskurs 2b;")
    before = file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, "skolverket", fixture.write(tmp_path / "gy.csv", lines))
    assert "kolumnen 'Elever, årskurs 2' saknas" in str(failure.value)
    assert (failure.value.line, failure.value.column) == (6, "Elever, årskurs 2")
    assert file_digest(database) == before


def test_gymnasium_file_without_a_header_row_names_the_gy2_column(
    database: Path, tmp_path: Path
) -> None:
    """A gymnasium file whose header row is not among the searched lines: the error names the
    column the file would be read by ("Elever, årskurs 2"), not the grundskola file's."""
    lines = fixture.gymnasium_lines()
    lines[5:5] = [""] * 20
    before = file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, "skolverket", fixture.write(tmp_path / "gy.csv", lines))
    message = str(failure.value)
    assert "ingen rubrikrad med Skola;Skol-enhetskod;…;Elever, årskurs 2 bland de 20" in message
    assert "årskurs 9" not in message
    assert file_digest(database) == before


def test_real_file_matches_pandas(database: Path) -> None:
    """Every school unit of the real file, the åk 9 counts as pandas reads them."""
    import_file(database, "skolverket", REAL)
    text = REAL.read_text(encoding="utf-8-sig").splitlines()
    table = text[5 : text.index("", 6)]  # header to the blank line before the notes
    frame = pd.read_csv(io.StringIO("\n".join(table)), sep=";", dtype=str, keep_default_na=False)
    assert len(frame) == 4665
    counts = pd.to_numeric(frame["Elever, årskurs 9"], errors="coerce")
    stored = query_rows(
        database,
        "SELECT count(*), sum(pupils), count(pupils), count(*) FILTER (mark = '..') "
        "FROM school_pupils WHERE school_year = 2023",
    )
    assert stored == [
        (
            len(frame),
            int(counts.sum()),
            int(counts.notna().sum()),
            int(frame["Elever, årskurs 9"].eq("..").sum()),
        )
    ]
    # Kronängsskolan, Vaxholm, åk 9: 147 (data/real/README.md).
    assert query_rows(
        database, "SELECT pupils FROM school_pupils WHERE school_unit_code = '48724676'"
    ) == [(147,)]


@pytest.mark.parametrize(
    ("text_lines", "line", "column", "message"),
    [
        (
            fixture.lines([fixture.ROWS[0].replace(";0187;", ";0999;")]),
            7,
            "Kommun-kod",
            "okänd kommunkod '0999'",
        ),
        (
            fixture.lines([fixture.ROWS[0].replace(";120;", ";-3;")]),
            7,
            "Elever, årskurs 9",
            "'-3' är inget antal",
        ),
        (
            fixture.lines([fixture.ROWS[0], fixture.ROWS[0]]),
            8,
            "Skol-enhetskod",
            "dubblett: skolenhet 10000001 finns redan på rad 7",
        ),
        (
            [*fixture.PREAMBLE, fixture.HEADER.replace("Elever, årskurs 9;", ""), *fixture.ROWS],
            6,
            "Elever, årskurs 9",
            "kolumnen 'Elever, årskurs 9' saknas",
        ),
    ],
)
def test_a_wrong_cell_is_refused_naming_line_and_column(
    database: Path, tmp_path: Path, text_lines, line: int, column: str, message: str
) -> None:
    path = fixture.write(tmp_path / "elever.csv", text_lines)
    before = file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, "skolverket", path)
    assert message in str(failure.value)
    assert (failure.value.line, failure.value.column) == (line, column)
    assert file_digest(database) == before
