"""Brå's statistics database in the long layout published for all municipalities (År, Månad,
Kvartal, Periodtyp, ..., Kommun, Region_ID, Brott, ..., Antal, Per100000, Status_Antal,
Status_Per100000), with invented values (example data in the published layout): imported
through `python -m data import bra`, and a negative rate or a bad period is refused naming line
and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows
from tests.importers.bra_long_fixtures import GOOD, HEADER, write


def test_published_long_layout_is_imported(database: Path, tmp_path: Path) -> None:
    result = import_file(database, "bra", write(tmp_path, GOOD))
    assert result.file_format == "bra-lång (utf-8, ',')"
    assert result.rows == 3
    stored = query_rows(
        database,
        "SELECT municipality_code, year, period, crime_code, count, rate_per_100k, mark, "
        "is_preliminary FROM crime_counts WHERE source_id = 'bra' ORDER BY ALL",
    )
    assert stored == [
        ("0117", 2025, "M05", "totalt", None, None, "..", True),
        ("0187", 2024, "Q3", "totalt", 171, 1186.7, None, False),
        ("0187", 2024, "year", "totalt", 598, 4150.0, None, False),
    ]


@pytest.mark.parametrize(
    ("bad", "line", "column", "message"),
    [
        (GOOD[1].replace(",598,4150.0,", ",598,-4150.0,"), 2, "Per100000", "ingen takt"),
        (GOOD[1].replace(",År,", ",Vecka,"), 2, "Periodtyp", "okänd periodtyp 'Vecka'"),
        (GOOD[2].replace(",3,Kvartal,", ",5,Kvartal,"), 2, "Kvartal", "'5' är inget nummer"),
        (GOOD[1].replace(",False,", ",Kanske,"), 2, "Preliminär", "True eller False"),
        (
            GOOD[1].replace(",8541,", ",9999,").replace("Vaxholm", "Vaxholmen"),
            2,
            "Region_ID",
            "okänt Region_ID 9999",
        ),
    ],
)
def test_a_wrong_cell_is_refused_naming_line_and_column(
    database: Path, tmp_path: Path, bad: str, line: int, column: str, message: str
) -> None:
    path = write(tmp_path, [HEADER, bad])
    before = file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, "bra", path)
    assert message in str(failure.value)
    assert (failure.value.line, failure.value.column) == (line, column)
    assert file_digest(database) == before
