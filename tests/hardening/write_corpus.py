"""Writes the corpus files for the survey, stockholmsenkaten, est and insatser importers
(tests/hardening/corpus/) and their rows of expected.csv. The files are committed; run this
only to change them:

    .venv/bin/python tests/hardening/write_corpus.py

Each case is (file, kind, line, column, message, content): content is bytes, or a function
that builds an Excel workbook with openpyxl. Rows of expected.csv for other kinds are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

CORPUS = Path(__file__).resolve().parent / "corpus"
KINDS = ("survey", "stockholmsenkaten", "est", "insatser")
# A valid personal identity number from Skatteverket's test series (born 2099, 12 digits).
TEST_PERSONNUMMER = "20991231-9812"

EST_HEADER = "id;datum;tid;vecka;område;plats;kategori;organisation;allvarlighet;beskrivning"
EST_ROWS = [
    "E-1;2024-04-30;22:15;18;Vaxön;Söderhamnen;Ordningsstörning;Polisen;2;Bråk vid hamnen.",
    "E-2;2024-05-01;;18;rindö;;klotter;kommunen – gata och park;1;Klotter på busskur.",
    "E-3;2024-05-05;07:05;18;Övriga öar;Återvinningsstationen;Nedskräpning;Allmänheten;1;",
]
EST_FIELDS = [
    ["id", "datum", "tid", "område", "plats", "kategori", "organisation", "allvarlighet"]
    + ["beskrivning"],
    ["E-1", dt.date(2024, 4, 30), dt.time(22, 15), "Vaxön", "Söderhamnen", "Ordningsstörning"]
    + ["Polisen", 2, "Bråk vid hamnen."],
    ["E-2", dt.date(2024, 5, 1), None, "Rindö", None, "Klotter", "Kommunen", 1, "Klotter."],
]
INSATS_HEADER = "id;titel;medborgarlöfte;ansvariga;områden;kategorier;start;slut;status;uppföljning"
INSATS_ROWS = [
    (
        "I-1;Patrull vid hamnen;Tryggare hamn;Polisen | Kommunen;Vaxön;"
        "Ordningsstörning | Alkohol;2025-05-02;;pågår;Varje fredag"
    ),
    (
        "I-2;Föräldramöten;Mot langning;Skola;alla;Alkohol | Narkotika;2025-03-03;2025-06-30;"
        "genomförd;Två möten"
    ),
]
SURVEY_HEADER = (
    "undersökning;indikator;område;år;grupp;andel;n;ki_nedre;ki_övre;poolade_år;seriebrott"
)
SURVEY_ROWS = [
    "trygghetsmatning;survey_trygg_kvall;Vaxholm;2023;alla;90,0;538;;;;",
    "ntu;survey_ntu_otrygg_kvall;Riket;2018;alla;29,1;74 000;28,6;29,6;2;ja",
]
RESULT_HEADER = "indikator;kommunkod;år;årskurs;kön;andel;antal"
RESULT_ROWS = [
    "sthlm_narkotika_nagon_gang;0187;2022;åk9;pojkar;15,4;65",
    "sthlm_nykter;0187;2022;gy2;alla;23,5;120",
]
PUPIL_HEADER = "ID;ar;Hemkommun;ARSKURS;F2;F46;F50;F67c;F82;F90"
PUPIL_ROWS = ["A-001;2024;19;9;1;2;3;4;1;5", "A-002;2024;19;9;2;1;996;1;998;1"]


def text(*lines: str, encoding: str = "utf-8", bom: bool = False, end: str = "\r\n") -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + (end.join(lines) + end).encode(encoding)


def workbook(*sheets: tuple[str, list[list]], after: Callable | None = None) -> Callable:
    """A function writing an .xlsx with the given (sheet name, rows); `after` edits it."""

    def build(path: Path) -> None:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for name, rows in sheets:
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        if after is not None:
            after(book)
        book.save(path)

    return build


def _merge_header(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet.insert_rows(1)
    sheet["A1"] = "EST-rapporter"
    sheet.merge_cells("A1:C1")


def _merge_header_cells(book: openpyxl.Workbook) -> None:
    # "område" and "plats" under one merged heading: plats loses its own heading.
    sheet = book.active
    sheet["D1"] = "område och plats"
    sheet["E1"] = None
    sheet.merge_cells("D1:E1")


def _severity_formula(book: openpyxl.Workbook) -> None:
    book.active["H3"] = "=1+1"


def _date_formula(book: openpyxl.Workbook) -> None:
    book.active["G2"] = "=DATE(2025,5,2)"


def _answer_formula(book: openpyxl.Workbook) -> None:
    book.active["H3"] = "=SUM(1,2)"


def _hide_row_3(book: openpyxl.Workbook) -> None:
    book.active.row_dimensions[3].hidden = True


def _hide_sheet(name: str, state: str) -> Callable:
    def hide(book: openpyxl.Workbook) -> None:
        book[name].sheet_state = state

    return hide


def _cell_at_xfd1048576(book: openpyxl.Workbook) -> None:
    # The last cell of a sheet: a reader allocating the range from A1 needs 512 GiB.
    book.active["XFD1048576"] = "x"


def _shared_string_bomb(book: openpyxl.Workbook) -> None:
    # 8 000 cells referencing one shared string, made 1 MB long by `bomb` below.
    sheet = book.active
    for row in range(4, 84):
        for column in range(1, 101):
            sheet.cell(row=row, column=column, value="BOMB")


def bomb(build: Callable) -> Callable:
    """The workbook with its cells 'BOMB' turned into references to one shared string 1 MB
    long: a small file whose 8 000 cells hold 8 GB once each holds its own copy."""
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="8000" uniqueCount="1"><si><t>'
        + b"A" * 1_000_000
        + b"</t></si></sst>"
    )
    relation = (
        b'<Relationship Id="rIdBomb" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    content_type = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )

    def write(path: Path) -> None:
        build(path)
        with zipfile.ZipFile(path) as source:
            members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
            for name, data in members:
                if name == "xl/worksheets/sheet1.xml":
                    data = re.sub(
                        rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>BOMB</t></is></c>',
                        rb'<c r="\1" t="s"><v>0</v></c>',
                        data,
                    )
                elif name == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b"</Relationships>", relation)
                elif name == "[Content_Types].xml":
                    data = data.replace(b"</Types>", content_type)
                target.writestr(name, data)
            target.writestr("xl/sharedStrings.xml", shared)

    return write


def damaged_stream(build: Callable) -> Callable:
    """A workbook whose sheet's compressed data has 16 bytes overwritten mid-stream (a bad
    sector, a broken copy): found by bench/hardening.py as a zlib.error crash."""

    def write(path: Path) -> None:
        build(path)
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/worksheets/sheet1.xml")
        # The member's data starts after its 30-byte local header, name and extra field.
        name_length = int.from_bytes(
            data[info.header_offset + 26 : info.header_offset + 28], "little"
        )
        extra_length = int.from_bytes(
            data[info.header_offset + 28 : info.header_offset + 30], "little"
        )
        start = info.header_offset + 30 + name_length + extra_length
        middle = start + info.compress_size // 2
        data[middle : middle + 16] = b"\xff" * 16
        path.write_bytes(bytes(data))

    return write


def truncated(build: Callable, keep: float = 0.6) -> Callable:
    """A workbook cut off part of the way through (an interrupted copy or download)."""

    def write(path: Path) -> None:
        build(path)
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return write


EST_ROW = EST_ROWS[0]
INSATS_ROW = INSATS_ROWS[0]
SURVEY_ROW = SURVEY_ROWS[0]
RESULT_ROW = RESULT_ROWS[0]
PUPIL_ROW = PUPIL_ROWS[0]
HUGE = "x" * 200_000

CASES: list[tuple[str, str, str, str, str, bytes | Callable]] = [
    # --- EST -------------------------------------------------------------------------------
    ("est_empty.csv", "est", "", "", "filen är tom", b""),
    ("est_bom_only.csv", "est", "", "", "filen är tom", b"\xef\xbb\xbf\r\n  \r\n"),
    ("est_header_only.csv", "est", "", "", "inga datarader", text(EST_HEADER)),
    (
        "est_utf16.csv",
        "est",
        "1",
        "",
        "filen är UTF-16",
        text(EST_HEADER, *EST_ROWS, encoding="utf-16"),
    ),
    (
        "est_bom_but_cp1252.csv",
        "est",
        "1",
        "",
        "märkt som UTF-8",
        b"\xef\xbb\xbf" + text(EST_HEADER, *EST_ROWS, encoding="cp1252"),
    ),
    (
        "est_mixed_encoding.csv",
        "est",
        "3",
        "",
        "blandad teckenkodning",
        text(EST_HEADER, EST_ROWS[0]) + text(EST_ROWS[1], encoding="cp1252"),
    ),
    ("est_binary_junk.csv", "est", "", "", "binära tecken", b"\x89PNG\r\n\x1a\n\x00\x00" * 40),
    (
        "est_truncated.csv",
        "est",
        "3",
        "",
        "raden har 5 fält men rubriken har 10",
        text(EST_HEADER, EST_ROWS[0]) + b"E-2;2024-05-01;;18;rind",
    ),
    (
        "est_comma_text_in_comma_file.csv",
        "est",
        "2",
        "",
        "raden har 11 fält men rubriken har 10",
        text(
            EST_HEADER.replace(";", ","),
            "E-1,2024-04-30,22:15,18,Vaxön,,Klotter,Polisen,1,Klotter, på busskur",
        ),
    ),
    (
        "est_header_semicolon_rows_comma.csv",
        "est",
        "2",
        "",
        "raden har 1 fält men rubriken har 10",
        text(EST_HEADER, EST_ROW.replace(";", ",")),
    ),
    (
        "est_duplicate_id.csv",
        "est",
        "3",
        "id",
        "dubblett: id E-1",
        text(EST_HEADER, *EST_ROWS[:1] * 2),
    ),
    (
        "est_unknown_area.csv",
        "est",
        "2",
        "område",
        "okänt område 'Atlantis'",
        text(EST_HEADER, EST_ROW.replace("Vaxön;Söderhamnen", "Atlantis;")),
    ),
    (
        "est_unknown_category.csv",
        "est",
        "3",
        "kategori",
        "okänd kategori 'Spöken'",
        text(EST_HEADER, EST_ROWS[0], EST_ROWS[1].replace("klotter", "Spöken")),
    ),
    (
        "est_unknown_organisation.csv",
        "est",
        "2",
        "organisation",
        "okänd organisation 'Brandkåren X'",
        text(EST_HEADER, EST_ROW.replace("Polisen", "Brandkåren X")),
    ),
    (
        "est_week_54.csv",
        "est",
        "2",
        "vecka",
        "vecka 54 finns inte",
        text(EST_HEADER, EST_ROW.replace(";18;", ";54;")),
    ),
    (
        "est_week_disagrees.csv",
        "est",
        "2",
        "vecka",
        "stämmer inte med datumet 2024-04-30",
        text(EST_HEADER, EST_ROW.replace(";18;", ";19;")),
    ),
    (
        "est_future_date.csv",
        "est",
        "2",
        "datum",
        "datumet 2099-05-01 ligger i framtiden",
        text(EST_HEADER, EST_ROW.replace("2024-04-30", "2099-05-01").replace(";18;", ";;")),
    ),
    (
        "est_severity_4.csv",
        "est",
        "2",
        "allvarlighet",
        "allvarlighet '4' ska vara 1, 2 eller 3",
        text(EST_HEADER, EST_ROW.replace(";2;Bråk", ";4;Bråk")),
    ),
    (
        "est_severity_decimal.csv",
        "est",
        "2",
        "allvarlighet",
        "allvarlighet '2,5' ska vara 1, 2 eller 3",
        text(EST_HEADER, EST_ROW.replace(";2;Bråk", ";2,5;Bråk")),
    ),
    (
        "est_personnummer_in_id.csv",
        "est",
        "2",
        "id",
        "id får inte innehålla personnummer",
        text(EST_HEADER, EST_ROW.replace("E-1", TEST_PERSONNUMMER)),
    ),
    (
        "est_spaced_personnummer_in_id.csv",
        "est",
        "2",
        "id",
        "id får inte innehålla personnummer",
        text(EST_HEADER, EST_ROW.replace("E-1", TEST_PERSONNUMMER.replace("-", "\u00a0"))),
    ),
    (
        "insatser_spaced_phone_in_id.csv",
        "insatser",
        "2",
        "id",
        "id får inte innehålla personnummer",
        text(INSATS_HEADER, INSATS_ROW.replace("I-1", "070 - 174 06 42")),
    ),
    (
        "est_huge_line.csv",
        "est",
        "2",
        "",
        "trasig CSV",
        text(EST_HEADER, EST_ROW.replace("Bråk vid hamnen.", HUGE)),
    ),
    (
        "est_two_data_sheets.xlsx",
        "est",
        "",
        "",
        "flera blad med data ('2023', '2024')",
        workbook(("2023", EST_FIELDS), ("2024", EST_FIELDS)),
    ),
    (
        "est_merged_title_row.xlsx",
        "est",
        "1",
        "A",
        "sammanfogade celler (A1:C1)",
        workbook(("Rapporter", EST_FIELDS), after=_merge_header),
    ),
    (
        "est_merged_header_cells.xlsx",
        "est",
        "1",
        "D",
        "sammanfogade celler (D1:E1)",
        workbook(("Rapporter", EST_FIELDS), after=_merge_header_cells),
    ),
    (
        "est_formula_cell.xlsx",
        "est",
        "3",
        "allvarlighet",
        "formel",
        workbook(("Rapporter", EST_FIELDS), after=_severity_formula),
    ),
    (
        "est_truncated_workbook.xlsx",
        "est",
        "",
        "",
        "kan inte läsas som Excel-fil",
        truncated(workbook(("Rapporter", EST_FIELDS))),
    ),
    (
        "est_cell_at_xfd1048576.xlsx",
        "est",
        "",
        "",
        "1 048 576 rader x 16 384 kolumner",
        workbook(("Rapporter", EST_FIELDS), after=_cell_at_xfd1048576),
    ),
    (
        "est_shared_string_bomb.xlsx",
        "est",
        "",
        "",
        "kräver mer minne än",
        bomb(workbook(("Rapporter", EST_FIELDS), after=_shared_string_bomb)),
    ),
    (
        "est_damaged_sheet_stream.xlsx",
        "est",
        "",
        "",
        "kan inte läsas som Excel-fil",
        damaged_stream(workbook(("Rapporter", EST_FIELDS))),
    ),
    (
        "est_value_without_heading.csv",
        "est",
        "3",
        "fält 11",
        "kolumnen saknar rubrik men har värdet 'Anna Andersson'",
        text(EST_HEADER + ";", EST_ROWS[0] + ";", EST_ROWS[1] + ";Anna Andersson"),
    ),
    (
        "est_description_too_long.csv",
        "est",
        "2",
        "beskrivning",
        "texten har 5000 tecken; högst 4000",
        text(EST_HEADER, EST_ROW.replace("Bråk vid hamnen.", "a" * 5000)),
    ),
    # --- issue 14.10: what the user does not see, and contradictions -------------------------
    (
        "est_nul_in_id_after_4096.csv",
        "est",
        "61",
        "tecken 4",
        "binära tecken (NUL)",
        text(
            EST_HEADER,
            *(EST_ROW.replace("E-1", f"E-{number}") for number in range(1, 60)),
            EST_ROW.replace("E-1", "E-4\x0044"),
        ),
    ),
    (
        "est_both_description_columns.csv",
        "est",
        "1",
        "description",
        "kolumnerna 'beskrivning' och 'description' betyder samma sak",
        text(EST_HEADER + ";description", EST_ROW + ";Bråk vid hamnen."),
    ),
    (
        "est_hidden_rows.xlsx",
        "est",
        "3",
        "",
        "bladet 'Rapporter' har dolda rader med data (rad 3)",
        workbook(("Rapporter", EST_FIELDS), after=_hide_row_3),
    ),
    (
        "est_data_only_in_hidden_sheet.xlsx",
        "est",
        "",
        "",
        "arbetsboken har data bara i dolda blad ('Dolt')",
        workbook(("Tomt", []), ("Dolt", EST_FIELDS), after=_hide_sheet("Dolt", "hidden")),
    ),
    (
        "est_data_only_in_very_hidden_sheet.xlsx",
        "est",
        "",
        "",
        "arbetsboken har data bara i dolda blad ('Mycket dolt')",
        workbook(
            ("Tomt", []),
            ("Mycket dolt", EST_FIELDS),
            after=_hide_sheet("Mycket dolt", "veryHidden"),
        ),
    ),
    # --- insatser ----------------------------------------------------------------------------
    ("insatser_empty.csv", "insatser", "", "", "filen är tom", b"\r\n\r\n"),
    ("insatser_header_only.csv", "insatser", "", "", "inga datarader", text(INSATS_HEADER)),
    (
        "insatser_cp1252_with_bom.csv",
        "insatser",
        "1",
        "",
        "märkt som UTF-8",
        b"\xef\xbb\xbf" + text(INSATS_HEADER, *INSATS_ROWS, encoding="cp1252"),
    ),
    (
        "insatser_unknown_organisation.csv",
        "insatser",
        "2",
        "ansvariga",
        "okänd organisation 'Frälsningsarmén'",
        text(INSATS_HEADER, INSATS_ROW.replace("Polisen | Kommunen", "Polisen | Frälsningsarmén")),
    ),
    (
        "insatser_unknown_area.csv",
        "insatser",
        "3",
        "områden",
        "okänd område 'Gotland'",
        text(INSATS_HEADER, INSATS_ROWS[0], INSATS_ROWS[1].replace(";alla;", ";Gotland;")),
    ),
    (
        "insatser_unknown_category.csv",
        "insatser",
        "2",
        "kategorier",
        "okänd kategori 'Tidsresor'",
        text(INSATS_HEADER, INSATS_ROW.replace("| Alkohol", "| Tidsresor")),
    ),
    (
        "insatser_end_before_start.csv",
        "insatser",
        "3",
        "slut",
        "slutdatum 2025-01-30 ligger före startdatum 2025-03-03",
        text(INSATS_HEADER, INSATS_ROWS[0], INSATS_ROWS[1].replace("2025-06-30", "2025-01-30")),
    ),
    (
        "insatser_bad_status.csv",
        "insatser",
        "2",
        "status",
        "status 'klar kanske'",
        text(INSATS_HEADER, INSATS_ROW.replace(";pågår;", ";klar kanske;")),
    ),
    (
        "insatser_duplicate_id.csv",
        "insatser",
        "3",
        "id",
        "dubblett: id I-1",
        text(INSATS_HEADER, INSATS_ROW, INSATS_ROW),
    ),
    (
        "insatser_personnummer_in_id.csv",
        "insatser",
        "2",
        "id",
        "id får inte innehålla personnummer",
        text(INSATS_HEADER, INSATS_ROW.replace("I-1", TEST_PERSONNUMMER)),
    ),
    (
        "insatser_formula_cell.xlsx",
        "insatser",
        "2",
        "start",
        "formel",
        workbook(
            (
                "Insatser",
                [
                    next(csv.reader([INSATS_HEADER], delimiter=";")),
                    *csv.reader(INSATS_ROWS, delimiter=";"),
                ],
            ),
            after=_date_formula,
        ),
    ),
    # --- survey ------------------------------------------------------------------------------
    ("survey_empty.csv", "survey", "", "", "filen är tom", b""),
    ("survey_bom_only.csv", "survey", "", "", "filen är tom", b"\xef\xbb\xbf"),
    ("survey_header_only.csv", "survey", "", "", "inga datarader", text(SURVEY_HEADER)),
    (
        "survey_utf16.csv",
        "survey",
        "1",
        "",
        "filen är UTF-16",
        text(SURVEY_HEADER, SURVEY_ROW, encoding="utf-16"),
    ),
    (
        "survey_share_over_100.csv",
        "survey",
        "2",
        "andel",
        "andelen 100,5 ligger inte mellan 0 och 100",
        text(SURVEY_HEADER, SURVEY_ROW.replace("90,0", "100,5")),
    ),
    (
        "survey_negative_n.csv",
        "survey",
        "3",
        "n",
        "'-538' är inget antal",
        text(SURVEY_HEADER, SURVEY_ROWS[1], SURVEY_ROW.replace(";538;", ";-538;")),
    ),
    (
        "survey_thousands_text.csv",
        "survey",
        "3",
        "n",
        "'74 0x0' är inget tal",
        text(SURVEY_HEADER, SURVEY_ROW, SURVEY_ROWS[1].replace("74 000", "74 0x0")),
    ),
    (
        "survey_decimal_comma_in_comma_file.csv",
        "survey",
        "2",
        "",
        "raden har 12 fält men rubriken har 11",
        text(SURVEY_HEADER.replace(";", ","), SURVEY_ROW.replace(";", ",")),
    ),
    (
        "survey_unknown_area.csv",
        "survey",
        "2",
        "område",
        "okänt område 'Atlantis'",
        text(SURVEY_HEADER, SURVEY_ROW.replace(";Vaxholm;", ";Atlantis;")),
    ),
    (
        "survey_unknown_indicator.csv",
        "survey",
        "2",
        "indikator",
        "okänd indikator 'survey_lycka'",
        text(SURVEY_HEADER, SURVEY_ROW.replace("survey_trygg_kvall", "survey_lycka")),
    ),
    (
        "survey_duplicate_key.csv",
        "survey",
        "3",
        "undersökning",
        "dubblett",
        text(SURVEY_HEADER, SURVEY_ROW, SURVEY_ROW.replace("90,0", "91,0")),
    ),
    (
        "survey_future_year.csv",
        "survey",
        "2",
        "år",
        "året 2099 är orimligt",
        text(SURVEY_HEADER, SURVEY_ROW.replace(";2023;", ";2099;")),
    ),
    (
        "survey_interval_outside_share.csv",
        "survey",
        "3",
        "ki_övre",
        "övre gränsen 28,9 är mindre än andelen",
        text(SURVEY_HEADER, SURVEY_ROW, SURVEY_ROWS[1].replace("29,6", "28,9")),
    ),
    (
        "survey_note_with_phone.csv",
        "survey",
        "2",
        "anmärkning",
        "personuppgifter (telefonnummer)",
        text(SURVEY_HEADER + ";anmärkning", SURVEY_ROW + ";Fråga Eva på 070-174 06 33"),
    ),
    (
        "survey_note_with_spelled_email.csv",
        "survey",
        "2",
        "anmärkning",
        "personuppgifter (e-postadress)",
        text(SURVEY_HEADER + ";anmärkning", SURVEY_ROW + ";Fråga eva at vaxholm dot se"),
    ),
    (
        "survey_note_with_bracketed_phone.csv",
        "survey",
        "2",
        "anmärkning",
        "personuppgifter (telefonnummer)",
        text(SURVEY_HEADER + ";anmärkning", SURVEY_ROW + ";Fråga Eva på (070) 174 06 33"),
    ),
    (
        "survey_two_data_sheets.xlsx",
        "survey",
        "",
        "",
        "flera blad med data ('2022', '2023')",
        workbook(
            ("2022", [SURVEY_HEADER.split(";"), SURVEY_ROWS[1].split(";")]),
            ("2023", [SURVEY_HEADER.split(";"), SURVEY_ROW.split(";")]),
        ),
    ),
    # --- Stockholmsenkäten ---------------------------------------------------------------------
    ("stockholmsenkaten_empty.csv", "stockholmsenkaten", "", "", "filen är tom", b""),
    (
        "stockholmsenkaten_unknown_format.csv",
        "stockholmsenkaten",
        "1",
        "",
        "okänt format",
        text("a;b;c", "1;2;3"),
    ),
    (
        "stockholmsenkaten_share_over_100.csv",
        "stockholmsenkaten",
        "3",
        "andel",
        "andelen 123,5 ligger inte mellan 0 och 100",
        text(RESULT_HEADER, RESULT_ROWS[0], RESULT_ROWS[1].replace("23,5", "123,5")),
    ),
    (
        "stockholmsenkaten_unknown_municipality_code.csv",
        "stockholmsenkaten",
        "2",
        "kommunkod",
        "okänd kommun '9999'",
        text(RESULT_HEADER, RESULT_ROW.replace(";0187;", ";9999;")),
    ),
    (
        "stockholmsenkaten_negative_n.csv",
        "stockholmsenkaten",
        "2",
        "antal",
        "'-65' är inget antal",
        text(RESULT_HEADER, RESULT_ROW.replace(";65", ";-65")),
    ),
    (
        "stockholmsenkaten_duplicate_key.csv",
        "stockholmsenkaten",
        "3",
        "indikator",
        "dubblett",
        text(RESULT_HEADER, RESULT_ROW, RESULT_ROW.replace("15,4", "16,0")),
    ),
    (
        "stockholmsenkaten_note_with_email.csv",
        "stockholmsenkaten",
        "2",
        "anmärkning",
        "personuppgifter (e-postadress)",
        text(RESULT_HEADER + ";anmärkning", RESULT_ROW + ";frågor till kim.larsson@example.se"),
    ),
    (
        "stockholmsenkaten_note_with_spaced_personnummer.csv",
        "stockholmsenkaten",
        "2",
        "anmärkning",
        "personuppgifter (personnummer)",
        text(
            RESULT_HEADER + ";anmärkning",
            RESULT_ROW + ";gäller " + TEST_PERSONNUMMER.replace("-", " \u2013 "),
        ),
    ),
    (
        "stockholmsenkaten_pupil_bad_code.csv",
        "stockholmsenkaten",
        "3",
        "F67c",
        "svaret '7' är ingen kod för F67c",
        text(PUPIL_HEADER, PUPIL_ROWS[0], PUPIL_ROWS[1].replace(";1;998;", ";7;998;")),
    ),
    (
        "stockholmsenkaten_pupil_personnummer_id.csv",
        "stockholmsenkaten",
        "2",
        "ID",
        "ID ser ut som ett personnummer",
        text(PUPIL_HEADER, PUPIL_ROW.replace("A-001", TEST_PERSONNUMMER)),
    ),
    (
        "stockholmsenkaten_pupil_school_column.csv",
        "stockholmsenkaten",
        "1",
        "Skolnamn",
        "identifierar skolan",
        text(PUPIL_HEADER + ";Skolnamn", PUPIL_ROW + ";Vaxholms skola"),
    ),
    (
        "stockholmsenkaten_pupil_unknown_home.csv",
        "stockholmsenkaten",
        "2",
        "Hemkommun",
        "okänd hemkommun '77'",
        text(PUPIL_HEADER, PUPIL_ROW.replace(";19;", ";77;")),
    ),
    (
        "stockholmsenkaten_pupils_two_sheets.xlsx",
        "stockholmsenkaten",
        "",
        "",
        "flera blad med data ('Åk 9', 'Gy 2')",
        workbook(
            ("Åk 9", [PUPIL_HEADER.split(";"), PUPIL_ROW.split(";")]),
            ("Gy 2", [PUPIL_HEADER.split(";"), PUPIL_ROWS[1].split(";")]),
        ),
    ),
    (
        "stockholmsenkaten_pupils_formula.xlsx",
        "stockholmsenkaten",
        "3",
        "F67c",
        "formel",
        workbook(
            ("Elevsvar", [PUPIL_HEADER.split(";"), *(row.split(";") for row in PUPIL_ROWS)]),
            after=_answer_formula,
        ),
    ),
]


def main() -> None:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
        # The formats_* files are tests/hardening/write_corpus_formats.py's.
        kept = [
            row
            for row in csv.DictReader(handle)
            if row["kind"] not in KINDS or row["file"].startswith("formats_")
        ]
    for path in CORPUS.iterdir():
        if path.name.startswith(KINDS):
            path.unlink()
    written = write_cases(CASES, kept, _write_content)
    print(f"{written} files written for {', '.join(KINDS)}", file=sys.stderr)


def _write_content(path: Path, content: bytes | Callable[[Path], None]) -> None:
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)


def write_cases(
    cases: list[tuple],
    kept: list[dict[str, str]],
    write: Callable[[Path, object], None],
    corpus: Path = CORPUS,
) -> int:
    """Writes each case's file into `corpus` with write(path, content) and expected.csv as the
    kept rows and the cases' rows, sorted by file name (so the order does not depend on which
    writer ran last); the number of files written. Each corpus writer (this one,
    write_corpus_checks, write_corpus_formats) keeps the other writers' rows."""
    rows = []
    for name, kind, line, column, message, content in cases:
        write(corpus / name, content)
        rows.append(
            {"file": name, "kind": kind, "line": line, "column": column, "message": message}
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, ["file", "kind", "line", "column", "message"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(kept + rows, key=lambda row: row["file"]))
    (corpus / "expected.csv").write_text(out.getvalue(), encoding="utf-8")
    return len(rows)


# A fixed moment for the metadata of written workbooks and SPSS files.
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def deterministic(path: Path) -> None:
    """Make a written file's bytes depend on its content only, not on when it was written: an
    .xlsx gets fixed zip entry times and fixed created/modified document properties; an SPSS
    .sav file a fixed creation date and time in its header. Other files are left alone."""
    raw = path.read_bytes()
    if raw.startswith(b"$FL2") and len(raw) >= 109:
        # The header's creation date (9 bytes) and time (8 bytes) follow the 92 fixed bytes.
        path.write_bytes(raw[:92] + b"01 Jan 24" + b"00:00:00" + raw[109:])
        return
    if not (raw.startswith(b"PK\x03\x04") and zipfile.is_zipfile(path)):
        return
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>2024-01-01T00:00:00Z\g<3>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            archive.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main()
