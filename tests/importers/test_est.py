"""EST importer: the export contract in CSV (both headers, separators and encodings) and Excel,
personal data removed from free text before anything is stored, and broken files that must
fail naming line and column and leave the database exactly as it was."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data import db
from data.est_catalog import load_catalog
from data.importers import est, import_file
from data.importers.common import ImportFailed
from data.importers.redaction import MARKERS, candidates, redact
from data.importers.tabular import WHITESPACE, ColumnTable, read_columns, read_table
from tests.conftest import file_digest, query_rows

ROOT = Path(__file__).resolve().parents[2]
HEADER_SV = "id;datum;tid;vecka;område;plats;kategori;organisation;allvarlighet;beskrivning"
HEADER_EN = "id,date,time,area,place,category,organisation,severity,description"
GOOD_ROWS_SV = [
    "E-1;2024-04-30;22:15;18;Vaxön;Söderhamnen;Ordningsstörning;Polisen;2;Bråk vid hamnen.",
    "E-2;2024-05-01;;18;rindö;;klotter;kommunen – gata och park;1;Klotter på busskur.",
    "E-3;2024-05-05;07:05;18;ÖVRIGA ÖAR;Återvinningsstationen;Nedskräpning;Allmänheten;1;",
]


def luhn_check_digit(nine_digits: str) -> int:
    """The check digit of a Swedish personal identity number (Luhn over YYMMDDNNN)."""
    total = 0
    for index, character in enumerate(nine_digits):
        product = int(character) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def personal_number(yymmdd: str, serial: str, *, century: str = "", separator: str = "-") -> str:
    """A valid number for tests: born in 2099 (12 digits) or in Skatteverket's test series 98x,
    so never a real person's."""
    return f"{century}{yymmdd}{separator}{serial}{luhn_check_digit(yymmdd + serial)}"


def write(path: Path, lines: list[str], *, encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def incidents(db_path: Path) -> list[tuple]:
    return query_rows(
        db_path,
        "SELECT incident_id, incident_date, incident_time, iso_year, iso_week, week_start, "
        "area_id, place_id, place, category_id, organisation_id, severity, description, "
        "was_redacted, source_id, is_example FROM est_incidents ORDER BY incident_id",
    )


# --- good files ------------------------------------------------------------------------------


def test_swedish_csv_with_bom_imports_every_row(fresh_db: Path, tmp_path: Path) -> None:
    source = write(tmp_path / "est_export.csv", [HEADER_SV, *GOOD_ROWS_SV], encoding="utf-8-sig")
    result = import_file(fresh_db, "est", source)
    assert (result.rows, result.file_format) == (3, "est-csv (utf-8, ';')")
    assert incidents(fresh_db) == [
        (
            "E-1",
            dt.date(2024, 4, 30),
            dt.time(22, 15),
            2024,
            18,
            dt.date(2024, 4, 29),
            "vaxon",
            "soderhamnen",
            "Söderhamnen (hamnen och färjeläget)",
            "ordningsstorning",
            "polisen",
            2,
            "Bråk vid hamnen.",
            False,
            "est",
            False,
        ),
        (
            "E-2",
            dt.date(2024, 5, 1),
            None,
            2024,
            18,
            dt.date(2024, 4, 29),
            "rindo",
            None,
            None,
            "klotter",
            "kommunen_gata_park",
            1,
            "Klotter på busskur.",
            False,
            "est",
            False,
        ),
        (
            "E-3",
            dt.date(2024, 5, 5),
            dt.time(7, 5),
            2024,
            18,
            dt.date(2024, 4, 29),
            "ovriga_oar",
            None,
            "Återvinningsstationen",
            "nedskrapning",
            "allmanheten",
            1,
            None,
            False,
            "est",
            False,
        ),
    ]
    assert query_rows(fresh_db, "SELECT kind, file_name, rows, source_id FROM imports") == [
        ("est", "est_export.csv", 3, "est")
    ]


def test_english_header_comma_and_cp1252(fresh_db: Path, tmp_path: Path) -> None:
    source = write(
        tmp_path / "est_en.csv",
        [
            HEADER_EN,
            "A7,2025-12-31,23:50,Skarpö,Skarpö brygga,Fire,Fire and rescue,high,Fireworks",
            "A8,2026-01-01 00:20,,resarö,,Youths,field workers,1 (låg),Unga samlades",
        ],
        encoding="cp1252",
    )
    with pytest.raises(ImportFailed, match="okänd organisation 'field workers'"):
        import_file(fresh_db, "est", source)
    write(
        source,
        [
            HEADER_EN,
            "A7,2025-12-31,23:50,Skarpö,Skarpö brygga,Fire,Fire and rescue,high,Fireworks",
            "A8,2026-01-01 00:20,,resarö,,Youths,Fältare,1 (låg),Unga samlades",
        ],
        encoding="cp1252",
    )
    result = import_file(fresh_db, "est", source)
    assert result.file_format == "est-csv (cp1252, ',')"
    rows = {row[0]: row for row in incidents(fresh_db)}
    assert rows["A7"][3:5] == (2026, 1)  # 2025-12-31 lies in ISO week 2026-W01
    assert rows["A7"][6:12] == (
        "skarpo",
        "skarpo_brygga",
        "Skarpö brygga",
        "brand",
        "raddningstjansten",
        3,
    )
    # A time written in the date cell is used when the time column is empty.
    assert rows["A8"][1:3] == (dt.date(2026, 1, 1), dt.time(0, 20))
    assert rows["A8"][9:12] == ("ungdomar", "faltassistenter", 1)


def test_excel_export_with_date_and_time_cells(fresh_db: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Id",
            "Datum",
            "Tid",
            "Område",
            "Plats",
            "Kategori",
            "Organisation",
            "Allvarlighet",
            "Beskrivning",
        ]
    )
    sheet.append(
        [
            "X1",
            dt.date(2024, 6, 14),
            dt.time(21, 30),
            "Vaxön",
            "Hamnen",
            "Alkohol",
            "Polisen",
            2,
            "Skolavslutning",
        ]
    )
    sheet.append(
        [
            "X2",
            dt.datetime(2024, 6, 21, 23, 0),
            None,
            "Kullö",
            None,
            "Ordningsstörning",
            "Väktare",
            1,
            None,
        ]
    )
    path = tmp_path / "est.xlsx"
    workbook.save(path)
    result = import_file(fresh_db, "est", path)
    assert (result.rows, result.file_format) == (2, "est-xlsx")
    rows = incidents(fresh_db)
    assert rows[0][:3] == ("X1", dt.date(2024, 6, 14), dt.time(21, 30))
    assert rows[0][7] == "soderhamnen"
    assert rows[1][:3] == ("X2", dt.date(2024, 6, 21), dt.time(23, 0))


def test_excel_errors_name_the_sheet_row(fresh_db: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "id",
            "datum",
            "tid",
            "område",
            "plats",
            "kategori",
            "organisation",
            "allvarlighet",
            "beskrivning",
        ]
    )
    sheet.append(["X1", dt.date(2024, 6, 14), None, "Vaxön", None, "Alkohol", "Polisen", 2, ""])
    sheet.append([])
    sheet.append(["X2", dt.date(2024, 6, 14), None, "Atlantis", None, "Alkohol", "Polisen", 2, ""])
    path = tmp_path / "est.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "est", path)
    assert (failure.value.line, failure.value.column) == (4, "område")


def test_importing_the_same_file_again_changes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    source = write(tmp_path / "est.csv", [HEADER_SV, *GOOD_ROWS_SV])
    import_file(fresh_db, "est", source)
    digest = file_digest(fresh_db)
    again = import_file(fresh_db, "est", source)
    assert again.already_imported
    assert file_digest(fresh_db) == digest


def test_a_corrected_export_replaces_rows_by_id(fresh_db: Path, tmp_path: Path) -> None:
    import_file(fresh_db, "est", write(tmp_path / "v1.csv", [HEADER_SV, *GOOD_ROWS_SV]))
    corrected = GOOD_ROWS_SV[0].replace(";2;Bråk", ";3;Bråk")
    import_file(fresh_db, "est", write(tmp_path / "v2.csv", [HEADER_SV, corrected]))
    assert query_rows(fresh_db, "SELECT count(*), max(severity) FROM est_incidents") == [(3, 3)]


def test_example_flag_and_source(fresh_db: Path, tmp_path: Path) -> None:
    source = write(tmp_path / "est.csv", [HEADER_SV, *GOOD_ROWS_SV])
    import_file(fresh_db, "est", source, example=True)
    assert query_rows(fresh_db, "SELECT DISTINCT source_id, is_example FROM est_incidents") == [
        ("est_example", True)
    ]


# --- personal data ---------------------------------------------------------------------------


def test_personal_data_is_redacted_and_never_stored(fresh_db: Path, tmp_path: Path) -> None:
    numbers = {
        "12 digits": personal_number("991231", "981", century="20"),
        "10 digits": personal_number("991231", "982"),
        "plus": personal_number("991231", "983", separator="+"),
        "no separator": personal_number("991231", "984", separator=""),
        "samordningsnummer": personal_number("991291", "985"),
    }
    phones = ["070-174 06 42", "+46 70 174 06 77", "08-465 004 12", "0701740699"]
    email = "anmalare.test@example.se"
    texts = [f"Anmälaren har nummer {number}." for number in numbers.values()]
    texts += [f"Ring {phone} vid behov." for phone in phones]
    texts += [f"Mejla {email} för mer.", "Ordernummer 19121212-1213 (fel kontrollsiffra)."]
    rows = [
        f"P-{index};2024-05-0{1 + index % 7};;;Vaxön;;Övrigt;Polisen;1;{text}"
        for index, text in enumerate(texts)
    ]
    rows.append("P-99;2024-05-01;;;Vaxön;Hos 070-174 06 55;Övrigt;Polisen;1;Plats med nummer")
    result = import_file(fresh_db, "est", write(tmp_path / "pii.csv", [HEADER_SV, *rows]))

    stored = query_rows(
        fresh_db,
        "SELECT incident_id, description, place, was_redacted FROM est_incidents "
        "ORDER BY incident_id",
    )
    everything = " ".join(str(value) for row in stored for value in row)
    for secret in [*numbers.values(), *phones, email]:
        assert secret not in everything
    by_id = {row[0]: row for row in stored}
    assert by_id["P-0"][1] == f"Anmälaren har nummer {MARKERS['personnummer']}."
    assert by_id["P-5"][1] == f"Ring {MARKERS['telefonnummer']} vid behov."
    assert by_id["P-9"][1] == f"Mejla {MARKERS['e-postadress']} för mer."
    # A number whose check digit is wrong is not a personal identity number.
    assert by_id["P-10"][1] == "Ordernummer 19121212-1213 (fel kontrollsiffra)."
    assert by_id["P-10"][3] is False
    assert by_id["P-99"][2] == f"Hos {MARKERS['telefonnummer']}"
    assert sum(row[3] for row in stored) == 11
    (note,) = result.notes
    assert "e-postadress, personnummer, telefonnummer" in note
    assert "11 rader: rad 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13" in note
    assert "originaltexten sparades inte" in note


def test_the_redaction_patterns_directly() -> None:
    assert redact("tel 070-1234567, 08-12 34 56 och +46 (0)8 123 456 78").removed == (
        "telefonnummer",
        "telefonnummer",
        "telefonnummer",
    )
    untouched = "Kl 21:30 den 2024-05-01, 12 personer, 0,5 promille, 1 000 kr, kommun 0187"
    assert redact(untouched).text == untouched
    assert redact("x@y.se och förnamn.efternamn@vaxholm.se").text.count("borttagen") == 2


# Every spelling of issue 14.3: gaps of every kind between date and serial, 12 digits with a
# space, phone numbers with spaced dashes, brackets and country codes, spelled-out addresses.
GAPS = ["-", "", " ", "\u2013", "\u2014", "\u2212", "\u2011", "\u00a0", "\u202f", " - ", " \u2013 "]
SPELLED_PERSONAL_NUMBERS = [
    personal_number("991231", serial, century=century, separator=gap)
    for serial, century in (("987", ""), ("988", "20"))
    for gap in GAPS
] + [personal_number("991231", "989", separator=" + "), "20 " + personal_number("991231", "980")]
SPELLED_PHONES = [
    f"{prefix}{gap}{rest}"
    for prefix in ("070", "(070)", "+46 70", "+46 (0)70", "0046 70", "+4670")
    for gap in ("-", " - ", " ", "\u2013", " \u2013 ", "\u00a0")
    for rest in ("174 06 42", "1740642", "174\u00a006\u00a042")
] + ["08-465 004 12", "(08) 465 004 12", "08 - 465 004 12", "+46 8 465 004 12"]
SPELLED_EMAILS = [
    f"anna{at}vaxholm{dot}se"
    for at in (" at ", " (at) ", "(at)", "[at]", " [at] ", " snabel-a ", " AT ", "@")
    for dot in (" dot ", " (dot) ", "[dot]", " punkt ", ".", " DOT ")
]
UNTOUCHED = [
    "Kl 21:30 den 2024-05-01, 12 personer, 0,5 promille, 1 000 kr, kommun 0187",
    "Ordernummer 19121212-1213 (fel kontrollsiffra).",
    "Bråk at hamnen, 3 - 4 personer, 20 - 30 meter",
    "Ärende 2024-123456 och 2024-05-01 - 2024-05-07",
]


@pytest.mark.parametrize(
    ("text", "kind"),
    [(text, "personnummer") for text in SPELLED_PERSONAL_NUMBERS]
    + [(text, "telefonnummer") for text in SPELLED_PHONES]
    + [(text, "e-postadress") for text in SPELLED_EMAILS],
)
def test_every_spelling_is_redacted_and_is_a_candidate(text: str, kind: str) -> None:
    sentence = f"Anmälaren: {text}, tack."
    result = redact(sentence)
    assert result.removed == (kind,), (text, result)
    assert result.text == f"Anmälaren: {MARKERS[kind]}, tack."
    assert candidates([sentence]) == [0]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text).text == text


def test_personal_data_in_the_file_name_is_not_stored(fresh_db: Path, tmp_path: Path) -> None:
    number = personal_number("991231", "981", separator=" ")
    source = write(
        tmp_path / f"rapport {number} anna at vaxholm dot se.csv",
        [HEADER_SV, "F-1;2024-05-01;;;Vaxön;;Övrigt;Polisen;1;x"],
    )
    import_file(fresh_db, "est", source)
    (name,) = query_rows(fresh_db, "SELECT file_name FROM imports WHERE kind = 'est'")[0]
    assert name == f"rapport {MARKERS['personnummer']} {MARKERS['e-postadress']}.csv"


def test_personal_data_in_the_id_is_refused(fresh_db: Path, tmp_path: Path) -> None:
    number = personal_number("991231", "986", century="20")
    source = write(
        tmp_path / "id.csv", [HEADER_SV, f"{number};2024-05-01;;;Vaxön;;Övrigt;Polisen;1;x"]
    )
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "est", source)
    assert (failure.value.line, failure.value.column) == (2, "id")
    assert number not in str(failure.value)
    assert file_digest(fresh_db) == digest


# --- broken files ----------------------------------------------------------------------------

ROW = "B-1;2024-05-01;12:00;18;Vaxön;;Övrigt;Polisen;1;text"
BROKEN = [
    ("unknown_area", [ROW.replace("Vaxön", "Atlantis")], 2, "område", "okänt område 'Atlantis'"),
    ("unknown_category", [ROW.replace("Övrigt", "Spöken")], 2, "kategori", "okänd kategori"),
    (
        "unknown_org",
        [ROW.replace("Polisen", "Brandkåren X")],
        2,
        "organisation",
        "okänd organisation",
    ),
    ("bad_date", [ROW.replace("2024-05-01", "2024-13-01")], 2, "datum", "inget datum"),
    (
        "future_date",
        [ROW.replace("2024-05-01", "2099-05-01").replace(";18;", ";;")],
        2,
        "datum",
        "framtiden",
    ),
    (
        "old_date",
        [ROW.replace("2024-05-01", "1999-12-31").replace(";18;", ";;")],
        2,
        "datum",
        "före 2000-01-01",
    ),
    ("bad_time", [ROW.replace("12:00", "25:00")], 2, "tid", "klockslag"),
    ("week_mismatch", [ROW.replace(";18;", ";19;")], 2, "vecka", "ISO-vecka 2024-W18"),
    ("bad_week", [ROW.replace(";18;", ";v. x;")], 2, "vecka", "veckobeteckning"),
    ("severity", [ROW.replace(";1;text", ";4;text")], 2, "allvarlighet", "1, 2 eller 3"),
    ("duplicate", [ROW, ROW], 3, "id", "dubblett: id B-1 finns redan på rad 2"),
    ("missing_id", [ROW.replace("B-1", "")], 2, "id", "id saknas"),
    ("missing_area", [ROW.replace("Vaxön", "")], 2, "område", "område saknas"),
    (
        "wrong_area_place",
        [ROW.replace("Vaxön;", "Rindö;Söderhamnen (hamnen och färjeläget)")],
        2,
        "plats",
        "ligger i Vaxön",
    ),
    ("too_few_fields", ["B-1;2024-05-01;12:00"], 2, None, "fält men rubriken har 10"),
]


@pytest.mark.parametrize(
    ("name", "rows", "line", "column", "message"), BROKEN, ids=[case[0] for case in BROKEN]
)
def test_broken_file_fails_naming_line_and_column_and_changes_nothing(
    fresh_db: Path,
    tmp_path: Path,
    name: str,
    rows: list[str],
    line: int,
    column: str | None,
    message: str,
) -> None:
    import_file(fresh_db, "est", write(tmp_path / "first.csv", [HEADER_SV, *GOOD_ROWS_SV]))
    digest = file_digest(fresh_db)
    source = write(tmp_path / f"{name}.csv", [HEADER_SV, *rows])
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "est", source)
    text = str(failure.value)
    assert text.startswith(f"{name}.csv, rad {line}")
    assert failure.value.line == line
    assert failure.value.column == column
    assert message in text
    assert "\n" not in text
    assert file_digest(fresh_db) == digest


def test_missing_column_names_the_header_line(fresh_db: Path, tmp_path: Path) -> None:
    source = write(
        tmp_path / "no_category.csv",
        ["id;datum;område;organisation;allvarlighet;beskrivning", "1;2024-05-01;Vaxön;Polisen;1;x"],
    )
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "est", source)
    assert failure.value.line == 1
    assert "kolumnen 'kategori'" in str(failure.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "filen är tom"), (HEADER_SV.encode() + b"\r\n", "inga datarader")],
    ids=["empty", "header_only"],
)
def test_empty_files_fail(fresh_db: Path, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed, match=message):
        import_file(fresh_db, "est", path)
    assert file_digest(fresh_db) == digest


def test_year_option_is_refused(fresh_db: Path, tmp_path: Path) -> None:
    source = write(tmp_path / "est.csv", [HEADER_SV, *GOOD_ROWS_SV])
    with pytest.raises(ImportFailed, match="--year"):
        import_file(fresh_db, "est", source, year=2024)


def test_command_line_import(fresh_db: Path, tmp_path: Path) -> None:
    source = write(tmp_path / "est_cli.csv", [HEADER_SV, *GOOD_ROWS_SV])
    result = subprocess.run(
        [sys.executable, "-m", "data", "import", "est", str(source), "--db", str(fresh_db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "est_cli.csv: 3 rader importerade som est (est-csv (utf-8, ';')), import 1"
    ]


def test_public_place_counts_show_only_catalogue_places(fresh_db: Path, tmp_path: Path) -> None:
    """A free-text place is stored redacted (coordinators see it), and the public place counts
    call it 'övrig plats', counted together per area (issue 14.2)."""
    rows = [
        "Q-1;2024-05-01;;;Vaxön;Söderhamnen;Övrigt;Polisen;1;x",
        "Q-2;2024-05-01;;;Vaxön;hos Anna på Storgatan 3, 070 - 174 06 42;Övrigt;Polisen;1;x",
        "Q-3;2024-05-02;;;Vaxön;bakom Kalles kiosk;Övrigt;Polisen;2;x",
        "Q-4;2024-05-02;;;Vaxön;;Övrigt;Polisen;2;x",
    ]
    import_file(fresh_db, "est", write(tmp_path / "places.csv", [HEADER_SV, *rows]))
    con = db.connect(fresh_db)
    try:
        day, last = dt.date(2024, 5, 1), dt.date(2024, 5, 2)
        counts = db.fetch_est_place_counts(con, day, last)
        incidents = db.fetch_est_incidents(con, day, last).set_index("incident_id")
    finally:
        con.close()
    assert list(counts.columns) == ["area_id", "place_id", "place", "count", "mean_severity"]
    shown = dict(zip(counts["place"].fillna("-"), counts["count"], strict=True))
    assert shown == {db.OTHER_PLACE: 2, "Söderhamnen (hamnen och färjeläget)": 1, "-": 1}
    assert incidents.loc["Q-2", "place"] == f"hos Anna på Storgatan 3, {MARKERS['telefonnummer']}"
    assert incidents.loc["Q-3", "place"] == "bakom Kalles kiosk"


# --- generated files: every accepted way of writing them, every rule on its own line ---------
# (moved from test_est_columnwise.py, which compared the column-wise checks with a row-wise
# reference that no longer exists)

GEN_HEADER_SV = ["id", "datum", "tid", "vecka", "område", "plats", "kategori", "organisation"]
GEN_HEADER_SV += ["allvarlighet", "beskrivning"]
GEN_HEADER_EN = ["id", "date", "time", "area", "place", "category", "organisation", "severity"]
GEN_HEADER_EN += ["description"]


def _texts(rng: random.Random) -> str:
    """A description: mostly plain, sometimes with personal data or numbers that are not."""
    plain = ["Klotter på busskur.", "Bråk vid hamnen", "", "Unga samlades kl 21:30 den 2024-05-01"]
    plain += ["Ordernummer 19121212-1213", "0,5 promille, 1 000 kr", "Ärende NAT-2021-0000001"]
    personal = [
        f"Anmälaren {personal_number('991231', '98' + str(rng.randint(1, 9)))} hörde av sig",
        f"Ring 070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "Mejla anna.andersson@example.se",
        "Tel +46 70 174 06 77 eller 08-465 004 12",
        f"Pnr {personal_number('991231', '985', century='20', separator='')} och x@y.se",
    ]
    return rng.choice(personal) if rng.random() < 0.15 else rng.choice(plain)


def good_rows(count: int, *, seed: int, english: bool) -> list[list[str]]:
    """Rows the importer accepts, in every spelling the contract allows."""
    rng = random.Random(seed)
    lists = load_catalog()
    areas = lists.areas.to_dict("records")
    places = lists.places.to_dict("records")
    rows = []
    for number in range(count):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 1400))
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        date_text = rng.choice(
            [
                day.isoformat(),
                day.strftime("%Y%m%d"),
                f"{day.isoformat()} {clock}",
                f"{day.isoformat()}T{clock}",
                f"{day.year}-{day.month}-{day.day}",
                f"{day.isoformat()} {clock}:07",
            ]
        )
        year, week, _ = day.isocalendar()
        week_text = rng.choice(["", str(week), f"v{week}", f"vecka {week}", f"{year}-W{week:02d}"])
        time_text = rng.choice(["", clock, clock.replace(":", "."), f"{clock}:30"])
        area = rng.choice(areas)
        area_text = rng.choice(
            [area["name_sv"], area["name_en"], area["area_id"], area["name_sv"].upper()]
            + [alias for alias in area["aliases"].split(";") if alias]
        )
        own = [place for place in places if place["area_id"] == area["area_id"]]
        place_text = rng.choice(
            ["", "", "Vid kiosken", "Hos 070-174 06 55", "  bakom skolan "]
            + [place["name"] for place in own]
            + [alias for place in own for alias in place["aliases"].split(";") if alias]
        )
        category = lists.categories.iloc[rng.randrange(len(lists.categories))]
        organisation = lists.organisations.iloc[rng.randrange(len(lists.organisations))]
        severity = rng.choice(["1", "2", "3", "låg", "Medel", "HÖG", "high", "1 (låg)", " 2 "])
        row = {
            "id": f"E-{seed}-{number}" + rng.choice(["", " "]),
            "date": date_text,
            "time": time_text,
            "week": week_text,
            "area": area_text,
            "place": place_text,
            "category": rng.choice([category["name_sv"], category["name_en"]]).lower(),
            "organisation": rng.choice([organisation["name_sv"], organisation["name_en"]]),
            "severity": severity,
            "description": _texts(rng),
        }
        if english:
            rows.append([row[name] for name in HEADER_EN_KEYS])
        else:
            rows.append([row[name] for name in HEADER_SV_KEYS])
    return rows


HEADER_SV_KEYS = ["id", "date", "time", "week", "area", "place", "category", "organisation"]
HEADER_SV_KEYS += ["severity", "description"]
HEADER_EN_KEYS = [key for key in HEADER_SV_KEYS if key != "week"]


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], *, delimiter: str, encoding: str
) -> Path:
    lines = [delimiter.join(header)]
    lines += [delimiter.join(cell.replace(delimiter, " ") for cell in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def refusal(parse, path: Path) -> tuple[str, int | None, str | None]:
    with pytest.raises(ImportFailed) as failure:
        parse(path, None, example=False)
    return str(failure.value), failure.value.line, failure.value.column


def parsed(path: Path) -> tuple[pd.DataFrame, list[str]]:
    result = est.parse(path, None, example=True)  # type: ignore[arg-type]
    return result.tables["est_incidents"], result.notes


def test_generated_rows_give_the_same_frame_in_every_accepted_layout(tmp_path: Path) -> None:
    """The same rows as CSV (`;` UTF-8 with BOM, `,` cp1252, English header without the week),
    with quoted and padded cells and blank lines, and as Excel: the same frame and notes."""
    # No commas in the cells: the comma-separated variant could not hold them unquoted.
    rows = [
        [cell.replace(",", " ") for cell in row] for row in good_rows(600, seed=7, english=False)
    ]
    reference, notes = parsed(
        write_csv(tmp_path / "sv.csv", GEN_HEADER_SV, rows, delimiter=";", encoding="utf-8-sig")
    )
    assert len(reference) == 600
    assert notes, "the file has text to redact"
    assert reference["was_redacted"].sum() > 20
    assert not reference["description"].str.contains("@", na=False).any()
    week = HEADER_SV_KEYS.index("week")
    english = [row[:week] + row[week + 1 :] for row in rows]
    files = {
        "en_cp1252": write_csv(
            tmp_path / "en.csv", GEN_HEADER_EN, english, delimiter=",", encoding="cp1252"
        ),
        "xlsx": write_xlsx(tmp_path / "est.xlsx", [name.title() for name in GEN_HEADER_SV], rows),
    }
    lines = [";".join(GEN_HEADER_SV)]
    for number, row in enumerate(rows):
        if number % 7 == 0:
            lines.append(" ; ;\t")
        lines.append(";".join(f'"{cell}"' if number % 5 == 0 else f" {cell} " for cell in row))
    quoted = tmp_path / "quoted.csv"
    quoted.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files["quoted"] = quoted
    for name, path in files.items():
        frame, variant_notes = parsed(path)
        if name != "quoted":  # blank lines move the line numbers named in the note
            assert variant_notes == notes, name
        pd.testing.assert_frame_equal(frame, reference, obj=name)


def test_without_optional_columns_and_descriptions(tmp_path: Path) -> None:
    rows = good_rows(200, seed=5, english=True)
    keep = [index for index, name in enumerate(GEN_HEADER_EN) if name not in ("time", "place")]
    path = write_csv(
        tmp_path / "short.csv",
        [GEN_HEADER_EN[index] for index in keep],
        [[*(row[index] for index in keep[:-1]), ""] for row in rows],
        delimiter=";",
        encoding="utf-8",
    )
    frame, notes = parsed(path)
    assert len(frame) == 200 and not notes
    assert frame["place"].isna().all() and frame["description"].isna().all()


# (column, replacement) pairs the reference refuses, each for a different reason.
BREAKAGES = [
    ("id", ""),
    ("id", "x" * 65),
    ("id", personal_number("991231", "986", century="20")),
    ("id", "DUPLICATE"),
    ("date", "2024-13-01"),
    ("date", "2099-05-01"),
    ("date", "1999-12-31"),
    ("date", "igår"),
    ("time", "25:00"),
    ("week", "54"),
    ("week", "v. x"),
    ("week", "1"),
    ("area", "Atlantis"),
    ("area", ""),
    ("place", "Söderhamnen (hamnen och färjeläget)"),
    ("place", "p" * 4001),
    ("category", "Spöken"),
    ("organisation", "Brandkåren X"),
    ("severity", "4"),
    ("severity", "2,5"),
    ("description", "d" * 4001),
]


MESSAGES = {
    ("id", ""): "id saknas",
    ("id", "x" * 65): "id är längre än 64 tecken",
    ("date", "2099-05-01"): "ligger i framtiden",
    ("date", "igår"): "'igår' är inget datum",
    ("time", "25:00"): "'25:00' är ingen klockslag",
    ("week", "54"): "vecka 54 finns inte",
    ("week", "1"): "stämmer inte med datumet 2024-05-01",
    ("area", "Atlantis"): "okänt område 'Atlantis'",
    ("area", ""): "område saknas",
    ("place", "Söderhamnen (hamnen och färjeläget)"): "ligger i Vaxön, inte i radens område",
    ("category", "Spöken"): "okänd kategori 'Spöken'",
    ("organisation", "Brandkåren X"): "okänd organisation 'Brandkåren X'",
    ("severity", "4"): "allvarlighet '4' ska vara 1, 2 eller 3",
    ("description", "d" * 4001): "texten har 4001 tecken",
}


def _broken(rows: list[list[str]], row: int, column: str, value: str) -> None:
    if value == "DUPLICATE":
        value = rows[(row + 17) % len(rows)][0]
    if column == "place" and value.startswith("Söderhamnen"):
        rows[row][HEADER_SV_KEYS.index("area")] = "Rindö"
    if column == "week" and value == "1":
        rows[row][HEADER_SV_KEYS.index("date")] = "2024-05-01"
    rows[row][HEADER_SV_KEYS.index(column)] = value


@pytest.mark.parametrize(
    ("column", "value"), BREAKAGES, ids=[f"{c}-{v[:12]}" for c, v in BREAKAGES]
)
def test_a_broken_cell_is_refused_on_its_line_and_column(
    tmp_path: Path, column: str, value: str
) -> None:
    rows = good_rows(60, seed=1, english=False)
    _broken(rows, 30, column, value)
    path = write_csv(tmp_path / "broken.csv", GEN_HEADER_SV, rows, delimiter=";", encoding="utf-8")
    message, line, named = refusal(est.parse, path)
    # A repeated id is refused on the later of the two rows (row 47 holds the id of row 30).
    assert line == (49 if value == "DUPLICATE" else 32), message
    assert named == GEN_HEADER_SV[HEADER_SV_KEYS.index(column)]
    assert MESSAGES.get((column, value), "") in message


def test_the_first_broken_row_is_refused_with_its_first_rule(tmp_path: Path) -> None:
    """Rows 20 and 40 broken: line 22's error. Row 20 with a bad area and a bad date: the
    date (checked before the area)."""
    rows = good_rows(60, seed=2, english=False)
    _broken(rows, 40, "id", "")
    _broken(rows, 20, "area", "Atlantis")
    _broken(rows, 20, "severity", "4")
    path = write_csv(tmp_path / "two.csv", GEN_HEADER_SV, rows, delimiter=";", encoding="utf-8")
    message, line, column = refusal(est.parse, path)
    assert (line, column) == (22, "område") and message.endswith("okänt område 'Atlantis'")
    _broken(rows, 20, "date", "igår")
    path = write_csv(tmp_path / "three.csv", GEN_HEADER_SV, rows, delimiter=";", encoding="utf-8")
    message, line, column = refusal(est.parse, path)
    assert (line, column) == (22, "datum") and "'igår' är inget datum" in message


_CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("ab1 ;;,\t\r\n\n\x0b\x1c\xa0\u2028\ufeffå")), max_size=40
)


@settings(max_examples=400, deadline=None)
@given(text=_CELL_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_the_fast_reader_reads_what_read_table_reads(
    tmp_path_factory: pytest.TempPathFactory, text: str, encoding: str
) -> None:
    path = tmp_path_factory.mktemp("reader") / "table.csv"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    fast = read_columns(path)
    if fast is None:
        return
    table = read_table(path)
    assert all(len(row) == len(table.header or []) for row in table.rows)
    assert fast == ColumnTable.from_rows(table)


def test_the_whitespace_arrow_trims_is_what_str_strip_removes() -> None:
    assert set(WHITESPACE) == {chr(code) for code in range(0x110000) if chr(code).isspace()}


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(raw=st.binary(max_size=12) | st.text(max_size=6).map(lambda text: text.encode("utf-8")))
def test_arrow_checks_utf8_as_python_decodes_it(raw: bytes) -> None:
    try:
        raw.decode("utf-8")
        python = True
    except UnicodeDecodeError:
        python = False
    try:
        pa.array([raw], pa.large_binary()).cast(pa.large_string())
        arrow = True
    except pa.ArrowInvalid:
        arrow = False
    assert arrow == python


_PERSONAL_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789 -+@.()axå٣\xa0\u2009")), max_size=30
)


@settings(max_examples=2000, deadline=None)
@given(text=_PERSONAL_TEXT)
def test_the_redaction_pre_filter_misses_nothing(text: str) -> None:
    if redact(text).removed:
        assert candidates([text]) == [0]


def test_the_redaction_pre_filter_on_known_texts() -> None:
    texts = [
        "070-123 45 67",
        "Klotter på busskur.",
        "a@b.se",
        "+46 (0)8 123 456 78",
        "0046701234567",
        personal_number("991231", "981", century="20"),
        personal_number("991231", "983", separator="+"),
        "٠٧٠١٢٣٤٥٦٧",
        "Ärende NAT-2021-0000001",
    ]
    changed = [bool(redact(text).removed) for text in texts]
    assert changed == [True, False, True, True, True, True, True, changed[7], False]
    assert set(candidates(texts)) >= {0, 2, 3, 4, 5, 6}
    assert 1 not in candidates(texts)
    assert 8 not in candidates(texts)
