"""What the import contract accepts (DESIGN §3, §6) imports identically: the same rows written
with `;` or `,`, with or without a BOM, in UTF-8 or cp1252, with CRLF or LF, with decimal
comma or point and thousands spaces, or as an Excel sheet (alone, beside empty sheets, or beside
a sheet of notes whose first row is not the table) give the same stored rows. The bad
neighbours of these variants are in the corpus (test_bad_inputs.py). Personal data in free text
is redacted or refused, never stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from data.importers import import_file
from data.importers.common import ImportFailed
from data.importers.tabular import read_columns
from tests.conftest import file_digest, query_rows

EST_CELLS = [
    ["id", "datum", "tid", "vecka", "område", "plats", "kategori", "organisation"]
    + ["allvarlighet", "beskrivning"],
    ["E-1", "2024-04-30", "22:15", "18", "Vaxön", "Söderhamnen", "Ordningsstörning", "Polisen"]
    + ["2", "Bråk vid hamnen, två personer."],
    ["E-2", "2024-05-01", "", "18", "Rindö", "", "Klotter", "Kommunen", "1", "Klotter; busskur."],
    ["E-3", "2024-05-05", "07:05", "18", "Övriga öar", "Återvinningsstationen"]
    + ["Nedskräpning", "Allmänheten", "1", ""],
]
INSATS_CELLS = [
    ["id", "titel", "medborgarlöfte", "ansvariga", "områden", "kategorier", "start", "slut"]
    + ["status", "uppföljning"],
    ["I-1", "Patrull vid hamnen", "Tryggare hamn", "Polisen | Kommunen", "Vaxön"]
    + ["Ordningsstörning | Alkohol", "2025-05-02", "", "pågår", "Varje fredag, åtta veckor"],
    ["I-2", "Föräldramöten", "Mot langning", "Skola", "alla", "Alkohol | Narkotika"]
    + ["2025-03-03", "2025-06-30", "genomförd", "Två möten; 40 föräldrar"],
]
SURVEY_CELLS = [
    ["undersökning", "indikator", "område", "år", "grupp", "andel", "n", "ki_nedre", "ki_övre"],
    ["trygghetsmatning", "survey_trygg_kvall", "Vaxholm", "2023", "alla", "90,0", "538", "", ""],
    ["ntu", "survey_ntu_otrygg_kvall", "Riket", "2018", "alla", "29,1", "74 000", "28,6", "29,6"],
]
RESULT_CELLS = [
    ["indikator", "kommunkod", "år", "årskurs", "kön", "andel", "antal"],
    ["sthlm_narkotika_nagon_gang", "0187", "2022", "åk9", "pojkar", "15,4", "65"],
    ["sthlm_nykter", "0001", "2018", "gy2", "alla", "23,5", "20 514"],
]
PUPIL_CELLS = [
    ["ID", "ar", "Hemkommun", "ARSKURS", "F2", "F46", "F50", "F67c", "F82", "F90"],
    ["A-001", "2024", "19", "9", "1", "2", "3", "4", "1", "5"],
    ["A-002", "2024", "19", "9", "2", "1", "996", "1", "998", "1"],
    ["A-003", "2024", "26", "2", "999", "999", "999", "999", "", "2"],
]


def csv_bytes(
    cells: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\r\n",
    decimal_point: bool = False,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    for row in cells:
        if decimal_point:
            row = [
                cell.replace(",", ".") if cell.replace(",", "").isdigit() else cell for cell in row
            ]
        writer.writerow(row)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def excel(cells: list[list[str]], *, extra: str | None = None, typed: bool = True) -> Callable:
    """An .xlsx writer: the cells in a sheet 'Data' (numbers and dates as Excel values when
    `typed`), and `extra` = 'empty' (two empty sheets) or 'notes' (a sheet of definitions)."""

    def value(cell: str) -> object:
        if not typed or not cell:
            return cell or None
        if cell.isdigit() and not cell.startswith("0"):
            return int(cell)
        try:
            return dt.date.fromisoformat(cell)
        except ValueError:
            return cell

    def build(path: Path) -> None:
        book = openpyxl.Workbook()
        if extra == "notes":
            notes = book.active
            notes.title = "Förklaringar"
            notes.append(["Exporterad ur verksamhetssystemet", None])
            notes.append(["Allvarlighet", "1 = låg, 3 = hög"])
            sheet = book.create_sheet("Data")
        else:
            sheet = book.active
            sheet.title = "Data"
        for row in cells:
            sheet.append([value(cell) for cell in row])
        if extra == "empty":
            book.create_sheet("Blad2")
            book.create_sheet("Blad3")
        book.save(path)

    return build


def stored(database: Path, table: str, order: str) -> list[tuple]:
    columns = [
        name
        for (name,) in query_rows(
            database,
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        )
        if name != "import_id"
    ]
    return query_rows(database, f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")  # noqa: S608


def import_variants(
    fresh_db: Path, tmp_path: Path, kind: str, variants: dict[str, bytes | Callable]
) -> dict[str, Path]:
    databases = {}
    for name, content in variants.items():
        suffix = ".csv" if isinstance(content, bytes) else ".xlsx"
        source = tmp_path / f"{name}{suffix}"
        if isinstance(content, bytes):
            source.write_bytes(content)
        else:
            content(source)
        database = tmp_path / f"{name}.duckdb"
        shutil.copyfile(fresh_db, database)
        import_file(database, kind, source)
        databases[name] = database
    return databases


def assert_identical(databases: dict[str, Path], table: str, order: str, rows: int) -> None:
    reference_name, reference = next(iter(databases.items()))
    expected = stored(reference, table, order)
    assert len(expected) == rows
    for name, database in databases.items():
        assert stored(database, table, order) == expected, (name, reference_name)


def test_est_variants_import_identically(fresh_db: Path, tmp_path: Path) -> None:
    english = [
        ["id", "date", "time", "week", "area", "place", "category", "organisation", "severity"]
        + ["description"],
        *EST_CELLS[1:],
    ]
    without_week = [row[:3] + row[4:] for row in EST_CELLS]
    databases = import_variants(
        fresh_db,
        tmp_path,
        "est",
        {
            "utf8_semicolon_bom": csv_bytes(EST_CELLS, bom=True),
            "utf8_semicolon": csv_bytes(EST_CELLS),
            "utf8_comma_lf": csv_bytes(EST_CELLS, delimiter=",", newline="\n"),
            "cp1252_semicolon": csv_bytes(EST_CELLS, encoding="cp1252"),
            "cp1252_comma": csv_bytes(EST_CELLS, delimiter=",", encoding="cp1252"),
            "english_header": csv_bytes(english, delimiter=","),
            "without_week": csv_bytes(without_week),
            "excel": excel(EST_CELLS),
            "excel_text_cells": excel(EST_CELLS, typed=False),
            "excel_empty_sheets": excel(EST_CELLS, extra="empty"),
            "excel_notes_sheet": excel(EST_CELLS, extra="notes"),
        },
    )
    assert_identical(databases, "est_incidents", "incident_id", rows=3)


def test_insatser_variants_import_identically(fresh_db: Path, tmp_path: Path) -> None:
    databases = import_variants(
        fresh_db,
        tmp_path,
        "insatser",
        {
            "utf8_semicolon_bom": csv_bytes(INSATS_CELLS, bom=True),
            "utf8_comma": csv_bytes(INSATS_CELLS, delimiter=","),
            "cp1252_semicolon_lf": csv_bytes(INSATS_CELLS, encoding="cp1252", newline="\n"),
            "excel": excel(INSATS_CELLS),
            "excel_notes_sheet": excel(INSATS_CELLS, extra="notes"),
        },
    )
    assert_identical(databases, "est_actions", "action_id", rows=2)


def test_survey_variants_import_identically(fresh_db: Path, tmp_path: Path) -> None:
    no_thousands = [[cell.replace("74 000", "74000") for cell in row] for row in SURVEY_CELLS]
    databases = import_variants(
        fresh_db,
        tmp_path,
        "survey",
        {
            "utf8_semicolon_decimal_comma": csv_bytes(SURVEY_CELLS),
            "utf8_bom": csv_bytes(SURVEY_CELLS, bom=True),
            "cp1252": csv_bytes(SURVEY_CELLS, encoding="cp1252"),
            "comma_quoted_decimal_comma": csv_bytes(SURVEY_CELLS, delimiter=","),
            "comma_decimal_point": csv_bytes(SURVEY_CELLS, delimiter=",", decimal_point=True),
            "no_thousands_space": csv_bytes(no_thousands, newline="\n"),
            "excel": excel(SURVEY_CELLS, typed=False),
            "excel_notes_sheet": excel(SURVEY_CELLS, extra="notes", typed=False),
        },
    )
    assert_identical(databases, "survey_results", "survey, indicator_id", rows=2)


def test_stockholmsenkaten_variants_import_identically(fresh_db: Path, tmp_path: Path) -> None:
    databases = import_variants(
        fresh_db,
        tmp_path,
        "stockholmsenkaten",
        {
            "results_semicolon": csv_bytes(RESULT_CELLS),
            "results_comma_bom": csv_bytes(RESULT_CELLS, delimiter=",", bom=True),
            "results_cp1252_decimal_point": csv_bytes(
                RESULT_CELLS, encoding="cp1252", decimal_point=True
            ),
            "results_excel": excel(RESULT_CELLS, typed=False),
        },
    )
    assert_identical(databases, "stockholmsenkaten_results", "indicator_id", rows=2)
    databases = import_variants(
        fresh_db,
        tmp_path,
        "stockholmsenkaten",
        {
            "pupils_semicolon": csv_bytes(PUPIL_CELLS),
            "pupils_comma_bom_lf": csv_bytes(PUPIL_CELLS, delimiter=",", bom=True, newline="\n"),
            "pupils_excel": excel(PUPIL_CELLS),
            "pupils_excel_notes": excel(PUPIL_CELLS, extra="notes"),
        },
    )
    assert_identical(databases, "stockholmsenkaten_pupils", "respondent_id", rows=3)


# --- personal data in free text -------------------------------------------------------------

# Valid numbers that belong to no one: born 2099 (Luhn check digit correct), a co-ordination
# number (day + 60), a phone number from the range PTS keeps for fiction, an example.se address.
PERSONNUMMER = "20991231-9812"
SAMORDNINGSNUMMER = "991291-9850"
PHONE = "070-174 06 42"
EMAIL = "nils.nilsson@example.se"
SECRETS = (PERSONNUMMER, SAMORDNINGSNUMMER, PHONE, EMAIL, "9912319812", "0701740642")


def everything_stored(database: Path) -> str:
    tables = ("est_incidents", "est_actions", "survey_results", "stockholmsenkaten_results")
    rows = [row for table in tables for row in query_rows(database, f"SELECT * FROM {table}")]  # noqa: S608
    return " ".join(str(value) for row in rows for value in row)


def test_personal_data_in_est_free_text_is_redacted(fresh_db: Path, tmp_path: Path) -> None:
    cells = [row[:] for row in EST_CELLS]
    cells[1][9] = f"Anmälare {PERSONNUMMER}, tel {PHONE}"
    cells[2][9] = f"Samordningsnummer {SAMORDNINGSNUMMER}; mejla {EMAIL}"
    cells[3][5] = f"Ring {PHONE.replace(' ', '').replace('-', '')}"
    source = tmp_path / "est.csv"
    source.write_bytes(csv_bytes(cells))
    result = import_file(fresh_db, "est", source)
    text = everything_stored(fresh_db)
    assert not [secret for secret in SECRETS if secret in text]
    assert query_rows(
        fresh_db, "SELECT incident_id FROM est_incidents WHERE was_redacted ORDER BY 1"
    ) == [("E-1",), ("E-2",), ("E-3",)]
    (note,) = result.notes
    assert "3 rader: rad 2, 3, 4" in note


def test_personal_data_in_insatser_free_text_is_redacted(fresh_db: Path, tmp_path: Path) -> None:
    cells = [row[:] for row in INSATS_CELLS]
    cells[1][9] = f"Uppföljning med vårdnadshavare {PERSONNUMMER}, {EMAIL}"
    cells[2][1] = f"Föräldramöten (kontakt {PHONE})"
    cells[2][2] = f"Mot langning, frågor till {EMAIL}"
    source = tmp_path / "insatser.xlsx"
    excel(cells)(source)
    result = import_file(fresh_db, "insatser", source)
    assert not [secret for secret in SECRETS if secret in everything_stored(fresh_db)]
    assert query_rows(fresh_db, "SELECT action_id, was_redacted FROM est_actions ORDER BY 1") == [
        ("I-1", True),
        ("I-2", True),
    ]
    assert "rad 2, 3" in result.notes[0]


@pytest.mark.parametrize(
    ("kind", "cells", "column"),
    [
        ("survey", SURVEY_CELLS, "anmärkning"),
        ("stockholmsenkaten", RESULT_CELLS, "anmärkning"),
    ],
)
@pytest.mark.parametrize("secret", [PERSONNUMMER, PHONE, EMAIL])
def test_personal_data_in_notes_on_statistics_is_refused(
    fresh_db: Path, tmp_path: Path, kind: str, cells: list[list[str]], column: str, secret: str
) -> None:
    with_note = [cells[0] + [column]] + [row + [""] for row in cells[1:]]
    with_note[2][-1] = f"Frågor: {secret}"
    source = tmp_path / f"{kind}.csv"
    source.write_bytes(csv_bytes(with_note))
    before = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, kind, source)
    assert (failure.value.line, failure.value.column) == (3, column)
    assert secret not in str(failure.value)
    assert file_digest(fresh_db) == before


# --- issue 14.10: what the user sees is what is imported --------------------------------------


def test_nfd_text_imports_as_the_same_nfc_rows(fresh_db: Path, tmp_path: Path) -> None:
    """ "Vaxön" typed on a Mac arrives decomposed (o + U+0308): it is the same word, not an unknown
    area, in CSV (both readers) and in Excel."""
    decomposed = [[unicodedata.normalize("NFD", cell) for cell in row] for row in EST_CELLS]
    assert decomposed != EST_CELLS
    databases = import_variants(
        fresh_db,
        tmp_path,
        "est",
        {
            "nfc": csv_bytes(EST_CELLS),
            "nfd": csv_bytes(decomposed),
            "nfd_excel": excel(decomposed),
        },
    )
    assert_identical(databases, "est_incidents", "incident_id", rows=3)
    # The column-wise reader (a file without quotes) gives NFC text too.
    unquoted = tmp_path / "nfd_unquoted.csv"
    unquoted.write_text(unicodedata.normalize("NFD", "id;område\nE-1;Vaxön\n"), encoding="utf-8")
    columns = read_columns(unquoted)
    assert columns is not None
    assert columns.header == ["id", "område"]
    assert columns.columns[1].to_pylist() == ["Vaxön"]


def test_pure_cp1252_with_o_and_en_dash_is_read_as_cp1252(fresh_db: Path, tmp_path: Path) -> None:
    """ "Ö–" in cp1252 is D6 96, which is also a valid UTF-8 sequence (U+0596): not evidence of a
    mixed file."""
    cells = [row[:] for row in EST_CELLS]
    cells[2][9] = "Klotter vid Ö–bryggan"
    source = tmp_path / "cp1252.csv"
    source.write_bytes(csv_bytes(cells, encoding="cp1252"))
    assert "\u00d6\u2013".encode("cp1252") in source.read_bytes()
    result = import_file(fresh_db, "est", source)
    assert result.file_format == "est-csv (cp1252, ';')"
    assert query_rows(
        fresh_db, "SELECT description FROM est_incidents WHERE incident_id = 'E-2'"
    ) == [("Klotter vid Ö–bryggan",)]


def _na_and_last_microsecond(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(EST_CELLS[0])
    for row in EST_CELLS[1:]:
        sheet.append([cell or None for cell in row])
    # E-1: 2024-04-30 23:59:59.999999 in the date and the time cell; #N/A as its place and text.
    sheet["B2"] = dt.datetime(2024, 4, 30, 23, 59, 59, 999999)
    sheet["C2"] = dt.time(23, 59, 59, 999999)
    for cell in ("F2", "J2"):
        sheet[cell] = "#N/A"
        sheet[cell].data_type = "e"
    book.save(path)


def test_excel_na_is_missing_and_the_last_microsecond_stays_the_same_day(
    fresh_db: Path, tmp_path: Path
) -> None:
    as_csv = [row[:] for row in EST_CELLS]
    as_csv[1][2], as_csv[1][5], as_csv[1][9] = "23:59", "", ""
    databases = import_variants(
        fresh_db,
        tmp_path,
        "est",
        {"csv": csv_bytes(as_csv), "excel": _na_and_last_microsecond},
    )
    assert_identical(databases, "est_incidents", "incident_id", rows=3)
    assert query_rows(
        databases["excel"],
        "SELECT incident_date, incident_time, place, description FROM est_incidents "
        "WHERE incident_id = 'E-1'",
    ) == [(dt.date(2024, 4, 30), dt.time(23, 59), None, None)]


def test_hidden_and_very_hidden_sheets_are_not_imported(fresh_db: Path, tmp_path: Path) -> None:
    def with_hidden(path: Path) -> None:
        excel(EST_CELLS)(path)
        book = openpyxl.load_workbook(path)
        for name, state in (("Gammalt", "hidden"), ("Internt", "veryHidden")):
            sheet = book.create_sheet(name)
            sheet.append(EST_CELLS[0])
            sheet.append(["E-9", *EST_CELLS[1][1:]])
            sheet.sheet_state = state
        book.save(path)

    databases = import_variants(
        fresh_db, tmp_path, "est", {"visible_only": excel(EST_CELLS), "with_hidden": with_hidden}
    )
    assert_identical(databases, "est_incidents", "incident_id", rows=3)
