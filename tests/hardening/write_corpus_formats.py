"""Writes the corpus files for the formats people hold (tests/hardening/corpus/formats_*):
Origo's SPSS pupil files, Brå's workbooks (lägesbild, NTU's results for counties) and its statistics database's long layout, Skolverket's pupils per grade. The values
are invented (example data in the published layouts). The files are committed; run this only
to change them:

    .venv/bin/python -m tests.hardening.write_corpus_formats

The files are the same bytes on every run (fixed times in the workbooks' and SPSS files'
metadata: write_corpus.deterministic), so running it leaves the committed corpus unchanged
(tests/hardening/test_corpus_writer.py).

Each case is (file, kind, line, column, message, write): write(path) makes the file. Rows of
expected.csv for other files are kept.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat

from tests.hardening.write_corpus import CORPUS, deterministic, write_cases
from tests.importers import (
    bra_long_fixtures,
    bra_workbook_fixtures,
    ntu_county_fixtures,
    skolverket_fixtures,
)

PREFIX = "formats_"

PUPILS = {
    "ID": ["X-1", "X-2"],
    "ar": [2024.0, 2024.0],
    "Hemkommun": [19.0, 19.0],
    "ARSKURS": [9.0, 9.0],
    "F2": [1.0, 2.0],
    "F67c": [1.0, 2.0],
}


def sav(changes: dict, *, cut: bool = False) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        columns = {**PUPILS, **changes}
        frame = pd.DataFrame({key: value for key, value in columns.items() if value is not None})
        pyreadstat.write_sav(frame, str(path), file_label="Exempeldata (påhittade värden)")
        deterministic(path)
        if cut:
            whole = path.read_bytes()
            path.write_bytes(whole[: len(whole) // 2])

    return write


CASES: list[tuple[str, str, str, str, str, Callable[[Path], None]]] = [
    (
        "formats_sav_truncated.sav",
        "stockholmsenkaten",
        "",
        "",
        "kan inte läsas som SPSS-fil",
        sav({}, cut=True),
    ),
    (
        "formats_sav_bad_code.sav",
        "stockholmsenkaten",
        "2",
        "F67c",
        "svaret '7' är ingen kod för F67c",
        sav({"F67c": [1.0, 7.0]}),
    ),
    (
        "formats_sav_wrong_municipality.sav",
        "stockholmsenkaten",
        "1",
        "Hemkommun",
        "okänd hemkommun '55'",
        sav({"Hemkommun": [55.0, 19.0]}),
    ),
    (
        "formats_sav_no_grade.sav",
        "stockholmsenkaten",
        "",
        "ARSKURS",
        "variabeln 'ARSKURS' saknas",
        sav({"ARSKURS": None}),
    ),
]


def workbook(changes: dict | None = None, *, drop: str | None = None) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        bra_workbook_fixtures.write(path, changes=changes)
        if drop:
            book = openpyxl.load_workbook(path)
            book.remove(book[drop])
            book.save(path)

    return write


def suppressed_everywhere(path: Path) -> None:
    bra_workbook_fixtures.write(path)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float):
                    cell.value = ".."
    book.save(path)


CRIME_SHEET = "Anmälda brott totalt (anmälda)"


def shifted_header(path: Path) -> None:
    """The header row moved below the data rows."""
    bra_workbook_fixtures.write(path)
    book = openpyxl.load_workbook(path)
    book[CRIME_SHEET].move_range("A2:G2", rows=5)
    book.save(path)


CASES += [
    (
        "formats_bra_workbook_no_crime_sheet.xlsx",
        "bra",
        "",
        "",
        "inget blad heter '... (anmälda)'",
        workbook(drop=CRIME_SHEET),
    ),
    (
        "formats_bra_workbook_shifted_header.xlsx",
        "bra",
        "",
        "",
        "bladet 'Anmälda brott totalt (anmälda)' har inga rader under rubrikraden",
        shifted_header,
    ),
    (
        "formats_bra_workbook_suppressed_everywhere.xlsx",
        "bra",
        "",
        "",
        "inga värden, bara Brås tecken '..'",
        suppressed_everywhere,
    ),
    (
        "formats_bra_workbook_wrong_municipality.xlsx",
        "bra",
        "3",
        "A",
        "okänd kommun eller region 'Vaxholmen'",
        workbook({(CRIME_SHEET, 3, 1): "Vaxholmen"}),
    ),
    (
        "formats_bra_workbook_negative_rate.xlsx",
        "bra",
        "4",
        "E",
        "'-5' är ingen takt per 100 000 (negativ)",
        workbook({(CRIME_SHEET, 4, 5): -5}),
    ),
    (
        "formats_bra_workbook_share_over_100.xlsx",
        "bra",
        "5",
        "H",
        "andelen 101.5 ligger inte mellan 0 och 100",
        workbook({("Otrygghet", 5, 8): 101.5}),
    ),
]


def long_file(lines: list[str]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        bra_long_fixtures.write(path.parent, lines, path.name)

    return write


def _without_column(line: str, index: int) -> str:
    return ",".join(cell for number, cell in enumerate(line.split(",")) if number != index)


def _hidden(line: str) -> str:
    cells = line.split(",")
    cells[21:25] = ["", "", "..", ".."]
    return ",".join(cells)


LONG_HEADER, LONG_ROWS = bra_long_fixtures.HEADER, bra_long_fixtures.GOOD[1:]
CASES += [
    (
        "formats_bra_long_no_period_type.csv",
        "bra",
        "1",
        "Periodtyp",
        "kolumnen 'Periodtyp' saknas (År, Kvartal eller Månad)",
        long_file([_without_column(line, 3) for line in bra_long_fixtures.GOOD]),
    ),
    (
        "formats_bra_long_shifted_header.csv",
        "bra",
        "1",
        "",
        "okänt format: väntade rubriken 'Kommun;Antal;Per 100 000 inv.'",
        long_file(["Exempeldata (påhittade värden): anmälda brott", *bra_long_fixtures.GOOD]),
    ),
    (
        "formats_bra_long_suppressed_everywhere.csv",
        "bra",
        "",
        "",
        "filen har inga värden, bara Brås tecken '..' (saknas)",
        long_file([LONG_HEADER, *map(_hidden, LONG_ROWS)]),
    ),
    (
        "formats_bra_long_wrong_region_id.csv",
        "bra",
        "2",
        "Region_ID",
        "okänt Region_ID 9999 och okänd region 'Vaxholmen'",
        long_file([LONG_HEADER, LONG_ROWS[0].replace(",Vaxholm,8541,", ",Vaxholmen,9999,")]),
    ),
    (
        "formats_bra_long_region_id_of_another.csv",
        "bra",
        "2",
        "Region_ID",
        "Region_ID 8543 är 0117 men Region 'Vaxholm' är 0187",
        long_file([LONG_HEADER, LONG_ROWS[0].replace(",8541,", ",8543,")]),
    ),
    (
        "formats_bra_long_negative_rate.csv",
        "bra",
        "2",
        "Per100000",
        "'-4150.0' är ingen takt (tal >= 0)",
        long_file([LONG_HEADER, LONG_ROWS[0].replace(",598,4150.0,", ",598,-4150.0,")]),
    ),
    (
        "formats_bra_long_bad_period_type.csv",
        "bra",
        "3",
        "Periodtyp",
        "okänd periodtyp 'Vecka' (År, Kvartal eller Månad)",
        long_file([LONG_HEADER, LONG_ROWS[0], LONG_ROWS[1].replace(",Kvartal,", ",Vecka,")]),
    ),
]


def pupils_file(text_lines: list[str]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        skolverket_fixtures.write(path, text_lines)

    return write


def _all_marks(row: str) -> str:
    cells = row.split(";")
    cells[11:14] = ["..", "..", ".."]
    return ";".join(cells)


PUPIL_ROWS = skolverket_fixtures.ROWS
CASES += [
    (
        "formats_skolverket_wrong_municipality.csv",
        "skolverket",
        "7",
        "Kommun-kod",
        "okänd kommunkod '0999'",
        pupils_file(skolverket_fixtures.lines([PUPIL_ROWS[0].replace(";0187;", ";0999;")])),
    ),
    (
        "formats_skolverket_shifted_header.csv",
        "skolverket",
        "",
        "",
        "ingen rubrikrad med Skola;Skol-enhetskod;…;Elever, årskurs 9",
        pupils_file([*skolverket_fixtures.PREAMBLE, *[""] * 20, *skolverket_fixtures.lines()[5:]]),
    ),
    (
        "formats_skolverket_suppressed_everywhere.csv",
        "skolverket",
        "",
        "",
        "filen har inga elevantal, bara Skolverkets tecken '.' och '..'",
        pupils_file(skolverket_fixtures.lines([_all_marks(row) for row in PUPIL_ROWS])),
    ),
    (
        "formats_skolverket_no_grade_9.csv",
        "skolverket",
        "6",
        "Elever, årskurs 9",
        "kolumnen 'Elever, årskurs 9' saknas",
        pupils_file(
            [
                *skolverket_fixtures.PREAMBLE,
                skolverket_fixtures.HEADER.replace("Elever, årskurs 9;", ""),
                *PUPIL_ROWS,
            ]
        ),
    ),
    (
        "formats_skolverket_no_school_year.csv",
        "skolverket",
        "",
        "",
        "raden 'Valt läsår: ÅÅÅÅ/ÅÅ' saknas före rubrikraden",
        pupils_file(skolverket_fixtures.lines(preamble=skolverket_fixtures.PREAMBLE[:3])),
    ),
]

GY = skolverket_fixtures.gymnasium_lines()
GY_ROWS = skolverket_fixtures.GY_ROWS


def _gy_cell(row: str, value: str) -> str:
    """A gymnasium row with its "Elever, årskurs 2" cell (the 11th) set to `value`."""
    cells = row.split(";")
    cells[10] = value
    return ";".join(cells)


CASES += [
    (
        "formats_skolverket_gy_no_grade_2.csv",
        "skolverket",
        "6",
        "Elever, årskurs 2",
        "kolumnen 'Elever, årskurs 2' saknas",
        pupils_file(
            [*GY[:5], skolverket_fixtures.GY_HEADER.replace("årskurs 2;", "år två;"), *GY[6:]]
        ),
    ),
    (
        "formats_skolverket_gy_wrong_municipality.csv",
        "skolverket",
        "7",
        "Kommun-kod",
        "okänd kommunkod '0999'",
        pupils_file([*GY[:6], GY_ROWS[0].replace(";0187;", ";0999;"), *GY[7:]]),
    ),
    (
        "formats_skolverket_gy_suppressed_everywhere.csv",
        "skolverket",
        "",
        "",
        "filen har inga elevantal, bara Skolverkets tecken '.' och '..'",
        pupils_file([*GY[:6], *(_gy_cell(row, "..") for row in GY_ROWS), *GY[9:]]),
    ),
    (
        "formats_skolverket_gy_shifted_header.csv",
        "skolverket",
        "",
        "",
        "ingen rubrikrad med Skola;Skol-enhetskod;…;Elever, årskurs 2",
        pupils_file([*GY[:5], *[""] * 20, *GY[5:]]),
    ),
    (
        "formats_skolverket_gy_truncated.csv",
        "skolverket",
        "7",
        "",
        "raden har 8 kolumner, rubrikraden 13",
        pupils_file([*GY[:6], GY_ROWS[0][: GY_ROWS[0].index(";260;") + 4]]),
    ),
]


def county(changes: dict | None = None, *, edit: Callable | None = None) -> Callable[[Path], None]:
    """NTU's county workbook (invented values), one cell changed or the whole book edited."""

    def write(path: Path) -> None:
        ntu_county_fixtures.write(path, changes=changes)
        if edit:
            book = openpyxl.load_workbook(path)
            edit(book)
            book.save(path)

    return write


def _no_values(book) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float):
                    cell.value = ".."


def _truncated(path: Path) -> None:
    ntu_county_fixtures.write(path)
    deterministic(path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


CASES += [
    (
        "formats_ntu_county_sheet_missing.xlsx",
        "bra",
        "",
        "",
        "inga NTU-frågor som dashboarden känner till (blad: R4.9)",
        county(edit=lambda book: book.remove(book["R4.1"])),
    ),
    (
        "formats_ntu_county_shifted_header.xlsx",
        "bra",
        "14",
        "",
        "bladet 'R4.1' har inga rader under rubrikraden",
        county(edit=lambda book: book["R4.1"].move_range("A3:H3", rows=11)),
    ),
    (
        "formats_ntu_county_suppressed_everywhere.xlsx",
        "bra",
        "",
        "",
        "inga värden, bara Brås tecken '..'",
        county(edit=_no_values),
    ),
    (
        "formats_ntu_county_wrong_region.xlsx",
        "bra",
        "5",
        "B",
        "bladet 'R4.1': okänt län 'Vaxholm'",
        county({("R4.1", 5, 2): "Vaxholm"}),
    ),
    (
        "formats_ntu_county_share_over_100.xlsx",
        "bra",
        "7",
        "D",
        "bladet 'R4.1': andelen 123 ligger inte mellan 0 och 100",
        county({("R4.1", 7, 4): 123.0}),
    ),
    (
        "formats_ntu_county_truncated.xlsx",
        "bra",
        "",
        "",
        "kan inte läsas som Excel-fil",
        _truncated,
    ),
]


def _write(path: Path, write: Callable[[Path], None]) -> None:
    write(path)
    deterministic(path)


def main(corpus: Path = CORPUS) -> None:
    """Write the formats_* files and their rows of expected.csv into `corpus` (its
    expected.csv must exist: the other writers' rows are kept)."""
    with open(corpus / "expected.csv", encoding="utf-8", newline="") as handle:
        kept = [row for row in csv.DictReader(handle) if not row["file"].startswith(PREFIX)]
    for path in corpus.glob(f"{PREFIX}*"):
        path.unlink()
    written = write_cases(CASES, kept, _write, corpus)
    print(f"{written} files written ({PREFIX}*)", file=sys.stderr)


if __name__ == "__main__":
    main()
