"""Kolada importer: the bundled flat CSV, the API v2/v3 JSON envelopes, CSV variants and
broken files that must fail with a clear message and leave the database exactly as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data.build import KOLADA_FILE
from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows, table_checksums

HEADER = "kpi,municipality_id,municipality,municipality_type,year,gender,value,status,count\n"
# One valid row (line 2 of a file that starts with HEADER).
GOOD_ROW = "U07417,0187,Vaxholm,K,2023,T,1167.80908,,1\n"


def kolada_value(db_path: Path, kpi: str, code: str, year: int, gender: str = "T") -> tuple:
    return query_rows(
        db_path,
        "SELECT value, status, value_count, is_example FROM kolada_values "
        "WHERE kpi = ? AND municipality_code = ? AND year = ? AND gender = ?",
        [kpi, code, year, gender],
    )


# --- the real bundled file -------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_import(tmp_path_factory: pytest.TempPathFactory):
    """The bundled Kolada file imported into a fresh database (once for this module)."""
    from data import db
    from data.build import load_metadata

    path = tmp_path_factory.mktemp("kolada") / "fresh.duckdb"
    with db.write_copy(path, create=True) as con:
        load_metadata(con)
    result = import_file(path, "kolada", KOLADA_FILE)
    return path, result


def test_real_file_imports_every_row(real_import) -> None:
    path, result = real_import
    assert not result.already_imported
    assert result.rows == 138_910
    assert result.import_id == 1
    assert result.file_format == "kolada-csv (utf-8, ',')"
    assert query_rows(path, "SELECT count(*) FROM kolada_values") == [(138_910,)]
    assert query_rows(path, "SELECT kind, file_name, rows, source_id, is_example FROM imports") == [
        ("kolada", KOLADA_FILE.name, 138_910, "kolada", False)
    ]
    assert "138910 rader importerade som kolada" in result.summary()


def test_real_file_keeps_statuses_with_null_values(real_import) -> None:
    path, _ = real_import
    statuses = query_rows(
        path,
        "SELECT status, count(*), count(value) FROM kolada_values "
        "WHERE status IS NOT NULL GROUP BY status ORDER BY status",
    )
    # Counted with pandas from the file: Missing 2188, Not applicable 932, Privacy 1090.
    assert statuses == [("Missing", 2188, 0), ("Not applicable", 932, 0), ("Privacy", 1090, 0)]
    assert query_rows(path, "SELECT count(*) FROM kolada_values WHERE value IS NULL") == [(4210,)]


def test_real_file_covers_every_municipality(real_import) -> None:
    """All 290 municipalities, and the county file's rows are exactly its Stockholm subset."""
    path, _ = real_import
    assert query_rows(path, "SELECT count(DISTINCT municipality_code) FROM kolada_values") == [
        (290,)
    ]
    county = KOLADA_FILE.with_name("kolada_didreport_kpis_stockholm_county_2010_2024.csv")
    expected = pd.read_csv(county, dtype={"municipality_id": str, "status": str})
    stored = pd.DataFrame(
        query_rows(
            path,
            "SELECT kpi, municipality_code, year, gender, value FROM kolada_values "
            "WHERE municipality_code LIKE '01%' ORDER BY ALL",
        ),
        columns=["kpi", "municipality_id", "year", "gender", "value"],
    )
    expected = expected[stored.columns].sort_values(list(stored.columns[:4]), ignore_index=True)
    assert len(stored) == len(expected) == 12_454
    pd.testing.assert_frame_equal(stored, expected, check_dtype=False)


def test_real_file_values(real_import) -> None:
    path, _ = real_import
    ((value, status, value_count, is_example),) = kolada_value(path, "U07417", "0187", 2023)
    assert value == pytest.approx(1167.80908, abs=1e-5)
    assert status is None and value_count == 1 and is_example is False
    ((value_2010, *_),) = kolada_value(path, "U07417", "0187", 2010)
    assert value_2010 == pytest.approx(2617.41906, abs=1e-5)
    assert query_rows(path, "SELECT bool_or(is_example) FROM kolada_values") == [(False,)]
    # Codes keep their leading zero (read as text, not as a number): 0114 Upplands Väsby first.
    assert query_rows(path, "SELECT min(municipality_code) FROM kolada_values") == [("0114",)]


def test_reimport_of_real_file_changes_nothing(real_import) -> None:
    path, first = real_import
    digest = file_digest(path)
    again = import_file(path, "kolada", KOLADA_FILE)
    assert again.already_imported
    assert again.import_id == first.import_id
    assert again.rows == 0
    assert "redan importerad" in again.summary()
    assert file_digest(path) == digest


# --- JSON envelopes and CSV variants ---------------------------------------------------------


V2_ENVELOPE = {
    "values": [
        {
            "kpi": "U07417",
            "municipality": "0187",
            "period": "2023",
            "values": [
                {"gender": "T", "status": "", "value": 1167.8, "count": 1},
                {"gender": "K", "status": "Missing", "value": None, "count": 0},
            ],
        }
    ],
    "count": 1,
    "next_page": None,
}


def test_api_v2_json_imports(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "kolada_v2.json"
    path.write_text(json.dumps(V2_ENVELOPE), encoding="utf-8")
    result = import_file(fresh_db, "kolada", path)
    assert result.rows == 2
    assert result.file_format == "kolada-api-v2-json"
    assert result.notes == ()
    assert kolada_value(fresh_db, "U07417", "0187", 2023) == [(1167.8, None, 1, False)]
    assert kolada_value(fresh_db, "U07417", "0187", 2023, "K") == [(None, "Missing", 0, False)]


def test_api_v3_json_imports_with_integer_period(fresh_db: Path, tmp_path: Path) -> None:
    envelope = {
        "values": [
            {
                "kpi": "U07452",
                "municipality": "0187",
                "period": 2022,
                "values": [
                    {"gender": "T", "status": None, "value": 512.25, "count": 1},
                    {"gender": "M", "status": "Privacy", "value": None, "count": 0},
                ],
            },
            {
                "kpi": "U07452",
                "municipality": "0186",
                "period": 2022,
                "values": [{"gender": "T", "status": "", "value": 700, "count": 1}],
            },
        ],
        "count": 2,
        "next_url": "https://api.kolada.se/v3/data/kpi/U07452?page=2",
    }
    path = tmp_path / "kolada_v3.json"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    result = import_file(fresh_db, "kolada", path)
    assert result.rows == 3
    assert result.file_format == "kolada-api-v3-json"
    # A paged answer imports the page it has and says so.
    assert len(result.notes) == 1 and "next_url" in result.notes[0]
    assert kolada_value(fresh_db, "U07452", "0187", 2022) == [(512.25, None, 1, False)]
    assert kolada_value(fresh_db, "U07452", "0187", 2022, "M") == [(None, "Privacy", 0, False)]
    assert kolada_value(fresh_db, "U07452", "0186", 2022) == [(700.0, None, 1, False)]


def test_semicolon_decimal_comma_csv_imports(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "kolada_excel.csv"
    path.write_text(
        "\ufeffkpi;municipality_id;municipality;municipality_type;year;gender;value;status;count\r\n"
        "U07417;0187;Vaxholm;K;2023;T;1167,80908;;1\r\n"
        "U07417;187;Vaxholm;K;2022;T;1 344,65081;;1\r\n"
        "U07417;0187;Vaxholm;K;2021;K;;Privacy;0\r\n",
        encoding="utf-8",
    )
    result = import_file(fresh_db, "kolada", path)
    assert result.rows == 3
    assert result.file_format == "kolada-csv (utf-8, ';')"
    assert kolada_value(fresh_db, "U07417", "0187", 2023)[0][0] == pytest.approx(1167.80908)
    assert kolada_value(fresh_db, "U07417", "0187", 2022)[0][0] == pytest.approx(1344.65081)
    assert kolada_value(fresh_db, "U07417", "0187", 2021, "K") == [(None, "Privacy", 0, False)]


def test_cp1252_csv_imports(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "kolada_cp1252.csv"
    path.write_bytes(
        (HEADER + "U07417,0117,Österåker,K,2023,T,1500.5,,1\n" + GOOD_ROW).encode("cp1252")
    )
    result = import_file(fresh_db, "kolada", path)
    assert result.rows == 2
    assert result.file_format == "kolada-csv (cp1252, ',')"
    assert kolada_value(fresh_db, "U07417", "0117", 2023)[0][0] == 1500.5


def test_new_file_upserts_and_records_a_second_import(fresh_db: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text(HEADER + GOOD_ROW.replace("1167.80908", "1170.0"), encoding="utf-8")
    assert import_file(fresh_db, "kolada", first).import_id == 1
    # A published value is replaced only when the import says so (issue 14.11).
    with pytest.raises(ImportFailed, match="--replace"):
        import_file(fresh_db, "kolada", second)
    assert import_file(fresh_db, "kolada", second, replace=True).import_id == 2
    assert kolada_value(fresh_db, "U07417", "0187", 2023) == [(1170.0, None, 1, False)]
    assert query_rows(fresh_db, "SELECT count(*) FROM kolada_values") == [(1,)]
    assert query_rows(fresh_db, "SELECT count(*) FROM imports") == [(2,)]


# --- broken files ----------------------------------------------------------------------------

# name -> (file text, line expected in the message, column expected in the message)
BROKEN_CSV = {
    "unknown_kpi.csv": (
        HEADER + GOOD_ROW + "X99999,0187,Vaxholm,K,2023,T,1,,1\n",
        3,
        "kpi",
        "X99999",
    ),
    "unknown_municipality.csv": (
        HEADER + GOOD_ROW + "U07417,9999,Ingenstans,K,2023,T,1,,1\n",
        3,
        "municipality_id",
        "9999",
    ),
    "gender_x.csv": (
        HEADER + GOOD_ROW + "U07417,0187,Vaxholm,K,2023,X,1,,1\n",
        3,
        "gender",
        "'X'",
    ),
    "status_weird.csv": (
        HEADER + GOOD_ROW + "U07417,0187,Vaxholm,K,2022,T,,Weird,0\n",
        3,
        "status",
        "Weird",
    ),
    "value_abc.csv": (
        HEADER + GOOD_ROW + "U07417,0187,Vaxholm,K,2022,T,abc,,1\n",
        3,
        "value",
        "abc",
    ),
    "value_empty.csv": (
        HEADER + GOOD_ROW + "U07417,0187,Vaxholm,K,2022,T,,,1\n",
        3,
        "value",
        "saknas",
    ),
    "duplicate.csv": (
        HEADER + GOOD_ROW + "U07417,0187,Vaxholm,K,2022,T,1,,1\n" + GOOD_ROW,
        4,  # the later of the two lines
        "kpi",
        "dubblett",
    ),
    "year_text.csv": (
        HEADER + GOOD_ROW + "U07417,0187,Vaxholm,K,20x3,T,1,,1\n",
        3,
        "year",
        "20x3",
    ),
}


def assert_unchanged(db_path: Path, digest: str, checksums: dict) -> None:
    assert file_digest(db_path) == digest
    assert table_checksums(db_path) == checksums


@pytest.fixture
def loaded_db(fresh_db: Path, tmp_path: Path) -> Path:
    """A fresh database that already holds one Kolada import, so "unchanged" means something."""
    path = tmp_path / "loaded.csv"
    path.write_text(HEADER + GOOD_ROW.replace(",2023,", ",2020,"), encoding="utf-8")
    import_file(fresh_db, "kolada", path)
    return fresh_db


@pytest.mark.parametrize("name", list(BROKEN_CSV))
def test_broken_csv_fails_naming_file_line_and_column(
    loaded_db: Path, tmp_path: Path, name: str
) -> None:
    text, line, column, detail = BROKEN_CSV[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    digest, checksums = file_digest(loaded_db), table_checksums(loaded_db)
    with pytest.raises(ImportFailed) as caught:
        import_file(loaded_db, "kolada", path)
    message = str(caught.value)
    assert message.startswith(f"{name}, rad {line}, kolumn '{column}': ")
    assert detail in message
    assert caught.value.line == line and caught.value.column == column
    assert "\n" not in message
    assert_unchanged(loaded_db, digest, checksums)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param(
            "missing_column.csv",
            HEADER.replace(",status", "").encode() + b"U07417,0187,Vaxholm,K,2023,T,1,1\n",
            "missing_column.csv, rad 1: kolumnen 'status' saknas",
            id="missing column",
        ),
        pytest.param(
            "header_only.csv",
            HEADER.encode(),
            "header_only.csv: filen har en rubrikrad men inga datarader",
            id="header only",
        ),
        pytest.param("empty.csv", b"", "empty.csv: filen är tom", id="empty file"),
        pytest.param("blank.csv", b"\r\n  \n", "blank.csv: filen är tom", id="blank file"),
        pytest.param(
            "utf16.csv",
            (HEADER + GOOD_ROW).encode("utf-16"),
            "utf16.csv, rad 1: filen är UTF-16",
            id="UTF-16",
        ),
        pytest.param(
            "width.csv",
            (HEADER + GOOD_ROW.replace(",1\n", ",1,extra\n")).encode(),
            "width.csv, rad 2: raden har 10 fält men rubriken har 9",
            id="extra field",
        ),
        pytest.param(
            "invalid.json",
            b'{"values": [\n  {"kpi": "U07417",\n   "municipality": }\n]}',
            "invalid.json, rad 3, kolumn 'tecken 20': ogiltig JSON",
            id="invalid JSON",
        ),
        pytest.param(
            "no_values.json",
            b'{"count": 0, "next_page": null}',
            "no_values.json: JSON saknar listan 'values'",
            id="JSON without values",
        ),
        pytest.param(
            "empty_values.json",
            b'{"values": [], "count": 0, "next_page": null}',
            "empty_values.json: filen innehåller inga värden",
            id="JSON with no values",
        ),
    ],
)
def test_broken_file_fails_and_leaves_database_unchanged(
    loaded_db: Path, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    digest, checksums = file_digest(loaded_db), table_checksums(loaded_db)
    with pytest.raises(ImportFailed) as caught:
        import_file(loaded_db, "kolada", path)
    assert str(caught.value).startswith(expected)
    assert_unchanged(loaded_db, digest, checksums)


@pytest.mark.parametrize(
    ("entry_change", "column", "detail"),
    [
        pytest.param({"gender": "X"}, "values[0].values[1].gender", "'X'", id="gender"),
        pytest.param({"value": "abc"}, "values[0].values[1].value", "abc", id="value"),
        pytest.param(
            {"status": "Weird", "value": None}, "values[0].values[1].status", "Weird", id="status"
        ),
        pytest.param(
            {"status": "", "value": None}, "values[0].values[1].value", "saknas", id="empty"
        ),
        pytest.param({"count": -1}, "values[0].values[1].count", "-1", id="count"),
    ],
)
def test_broken_json_entry_names_its_place(
    loaded_db: Path, tmp_path: Path, entry_change: dict, column: str, detail: str
) -> None:
    envelope = json.loads(json.dumps(V2_ENVELOPE))
    envelope["values"][0]["values"][1].update(entry_change)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    digest, checksums = file_digest(loaded_db), table_checksums(loaded_db)
    with pytest.raises(ImportFailed) as caught:
        import_file(loaded_db, "kolada", path)
    message = str(caught.value)
    assert message.startswith(f"broken.json, kolumn '{column}': ")
    assert detail in message
    assert_unchanged(loaded_db, digest, checksums)


def test_json_unknown_municipality_fails(loaded_db: Path, tmp_path: Path) -> None:
    envelope = json.loads(json.dumps(V2_ENVELOPE))
    envelope["values"][0]["municipality"] = "9999"
    path = tmp_path / "muni.json"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    digest = file_digest(loaded_db)
    with pytest.raises(ImportFailed, match="9999"):
        import_file(loaded_db, "kolada", path)
    assert file_digest(loaded_db) == digest


def test_missing_file_and_missing_database(fresh_db: Path, tmp_path: Path) -> None:
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed, match="nowhere.csv: filen finns inte"):
        import_file(fresh_db, "kolada", tmp_path / "nowhere.csv")
    assert file_digest(fresh_db) == digest
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    with pytest.raises(ImportFailed, match="databasen finns inte"):
        import_file(tmp_path / "no.duckdb", "kolada", good)
    assert not (tmp_path / "no.duckdb").exists()


def one_entry(inner: object, period: object = "2023") -> str:
    """A v2 envelope with one entry for Vaxholm U07417 whose inner `values` is `inner`."""
    entry = {"kpi": "U07417", "municipality": "0187", "period": period, "values": inner}
    return json.dumps({"values": [entry]})


ROBUSTNESS_JSON = {
    "inner values an object": (
        one_entry({"gender": "T"}),
        "kolumn 'values[0].values': 'values' ska vara en lista",
    ),
    "inner values null": (one_entry(None), "kolumn 'values[0].values': 'values' ska vara en lista"),
    "inner entry a string": (
        one_entry(["x"]),
        "kolumn 'values[0].values[0]': posten ska vara ett JSON-objekt",
    ),
    "entry a string": ('{"values":["abc"]}', "kolumn 'values[0]': posten saknar kpi"),
    "infinite value": (
        one_entry([{"gender": "T", "value": float("inf")}]),  # json.dumps writes Infinity
        "kolumn 'values[0].values[0].value': värdet inf är inget tal",
    ),
    "overflowing value": (
        one_entry([{"gender": "T", "value": 1}]).replace('"value": 1', '"value": 1e999'),
        "kolumn 'values[0].values[0].value': värdet inf är inget tal",
    ),
    "count beyond INTEGER": (
        one_entry([{"gender": "T", "value": 1, "count": 99_999_999_999}]),
        "kolumn 'values[0].values[0].count': count 99999999999 är inget antal",
    ),
    "float period": (
        one_entry([{"gender": "T", "value": 1}], period=2023.0),
        "kolumn 'values[0].period': period 2023.0 är inget år",
    ),
    "nested too deep": ('{"values":' + "[" * 100_000 + "]" * 100_000 + "}", "för djupt"),
}


@pytest.mark.parametrize("case", list(ROBUSTNESS_JSON))
def test_malformed_json_fails_cleanly(loaded_db: Path, tmp_path: Path, case: str) -> None:
    text, expected = ROBUSTNESS_JSON[case]
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    digest = file_digest(loaded_db)
    with pytest.raises(ImportFailed) as caught:
        import_file(loaded_db, "kolada", path)
    assert str(caught.value).startswith("odd.json")
    assert expected in str(caught.value)
    assert file_digest(loaded_db) == digest


@pytest.mark.parametrize(
    ("row", "column", "detail"),
    [
        pytest.param("U07417,0187,V,K,2023,T,1e999,,1\n", "value", "för stort", id="inf"),
        pytest.param("U07417,0187,V,K,2023,T,1,,99999999999\n", "count", "antal", id="count"),
        pytest.param("U07417,0187,V,K,2023,T,1,,-1\n", "count", "antal", id="negative count"),
    ],
)
def test_csv_numbers_out_of_range_fail(
    loaded_db: Path, tmp_path: Path, row: str, column: str, detail: str
) -> None:
    path = tmp_path / "range.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    digest = file_digest(loaded_db)
    with pytest.raises(ImportFailed) as caught:
        import_file(loaded_db, "kolada", path)
    assert str(caught.value).startswith(f"range.csv, rad 2, kolumn '{column}': ")
    assert detail in str(caught.value)
    assert file_digest(loaded_db) == digest


def test_database_rule_violation_is_reported_not_masked(
    loaded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row that passes the importer but breaks a CHECK gives ImportFailed, not a
    TransactionException from cleaning up after the aborted INSERT."""
    import pandas as pd

    from data.importers import IMPORTERS
    from data.importers.common import ParsedImport

    def parse_with_bad_year(path, catalog, **options):
        frame = pd.DataFrame(
            {
                "kpi": ["U07417"],
                "municipality_code": ["0187"],
                "year": [1900],
                "gender": ["T"],
                "value": [1.0],
                "status": [None],
                "value_count": pd.array([1], dtype="Int64"),
            }
        )
        return ParsedImport("test", "kolada", False, {"kolada_values": frame})

    monkeypatch.setattr(IMPORTERS["kolada"], "parse", parse_with_bad_year)
    path = tmp_path / "rule.csv"
    path.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    digest = file_digest(loaded_db)
    with pytest.raises(ImportFailed, match=r"^rule\.csv: bryter mot databasens regler"):
        import_file(loaded_db, "kolada", path)
    assert file_digest(loaded_db) == digest
    assert [p.name for p in loaded_db.parent.iterdir() if p.name.endswith((".tmp", ".wal"))] == []


def test_year_option_is_refused_with_a_clear_error(fresh_db: Path) -> None:
    before = file_digest(fresh_db)
    with pytest.raises(ImportFailed, match="--year gäller bara Brås årsfiler"):
        import_file(fresh_db, "kolada", KOLADA_FILE, year=2020)
    assert file_digest(fresh_db) == before


@pytest.mark.parametrize(
    ("kpi", "value", "shown"),
    [
        ("U07417", "-5", "-5"),
        ("U07417", "-1e308", "-1e+308"),
        ("U07452", "1e308", "1e+308"),
        ("U07417", "100001", "100001"),
        ("N15428", "100.5", "100.5"),
        ("N15428", "-0.1", "-0.1"),
        ("N09805", "1000.5", "1000.5"),
        ("N11821", "200.5", "200.5"),
    ],
)
def test_values_outside_the_units_range_are_refused(
    fresh_db: Path, tmp_path: Path, kpi: str, value: str, shown: str
) -> None:
    """A negative rate, a share above 100 % or 1e308 imported and then broke Översikt and
    Brottsutveckling (issue 14.6): refused with line and column, nothing changed."""
    source = tmp_path / "range.csv"
    source.write_text(HEADER + f"{kpi},0187,Vaxholm,K,2023,T,{value},,1\n", encoding="utf-8")
    before = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "kolada", source)
    assert failure.value.line == 2 and failure.value.column == "value"
    assert f"värdet {shown} är orimligt för {kpi}" in str(failure.value)
    assert file_digest(fresh_db) == before


def test_values_inside_the_units_range_import(fresh_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "edges.csv"
    source.write_text(
        HEADER + "U07417,0187,Vaxholm,K,2023,T,0,,1\nN15428,0187,Vaxholm,K,2023,T,100,,1\n",
        encoding="utf-8",
    )
    assert import_file(fresh_db, "kolada", source).rows == 2


def test_a_share_kolada_publishes_above_100_imports(fresh_db: Path, tmp_path: Path) -> None:
    """N11821 counts children in the municipality's preschools wherever they live (Kolada: "kan
    andelar över 100% förekomma"); the national file holds 125 such values up to 117.8 %."""
    source = tmp_path / "preschool.csv"
    source.write_text(HEADER + "N11821,0428,Vingåker,K,2016,T,117.78,,1\n", encoding="utf-8")
    assert import_file(fresh_db, "kolada", source).rows == 1


# --- replacing published values (issue 14.11) -------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
REAL_ROWS = 138_910  # the bundled real file, all 290 municipalities


def cli_import(database: Path, source: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "data", "import", "kolada", str(source), "--db", str(database)]
        + list(extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_user_file_replaces_real_kolada_values_only_with_replace_and_the_real_file_restores(
    fresh_db: Path, tmp_path: Path
) -> None:
    real = cli_import(fresh_db, KOLADA_FILE)
    assert real.returncode == 0, real.stderr
    user = tmp_path / "egen_kolada.csv"
    user.write_text(
        HEADER
        + "N00943,0187,Vaxholm,K,2010,T,99.5,,1\n"  # the real file says 27.15337866
        + "N00943,0187,Vaxholm,K,2011,T,26.24554287,,1\n",  # the same as the real file
        encoding="utf-8",
    )
    before = table_checksums(fresh_db)

    refused = cli_import(fresh_db, user)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "fel: egen_kolada.csv: filen skulle ersätta 1 publicerat värde i kolada_values från "
        f"import 1 ({KOLADA_FILE.name}), t.ex. "
        "N00943 0187 2010 T; importera med --replace om filen ska ersätta dem"
    )
    assert table_checksums(fresh_db) == before

    replaced = cli_import(fresh_db, user, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.strip() == (
        "egen_kolada.csv: 2 rader importerade som kolada (kolada-csv (utf-8, ',')), import 2; "
        f"ersatte 2 rader från import 1 ({KOLADA_FILE.name})"
    )
    assert kolada_value(fresh_db, "N00943", "0187", 2010) == [(99.5, None, 1, False)]

    # The real file again: not "redan importerad" while its value is gone; it restores its
    # rows under its own import id once told to replace the user's published value.
    again = cli_import(fresh_db, KOLADA_FILE)
    assert again.returncode == 1
    assert "från import 2 (egen_kolada.csv)" in again.stderr
    restored = cli_import(fresh_db, KOLADA_FILE, "--replace")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip() == (
        f"{KOLADA_FILE.name}: {REAL_ROWS} rader återställda som "
        "kolada (kolada-csv (utf-8, ',')), import 1; ersatte 2 rader från import 2 "
        "(egen_kolada.csv)"
    )
    assert kolada_value(fresh_db, "N00943", "0187", 2010)[0][0] == pytest.approx(27.15337866)
    assert query_rows(fresh_db, "SELECT import_id, count(*) FROM kolada_values GROUP BY ALL") == [
        (1, REAL_ROWS)
    ]
    # Now every row of the real file is stored again: a third time changes nothing.
    third = cli_import(fresh_db, KOLADA_FILE)
    assert "redan importerad (import 1)" in third.stdout


def test_example_values_are_replaced_without_replace_and_named(
    fresh_db: Path, tmp_path: Path
) -> None:
    example_file = tmp_path / "exempel.csv"
    example_file.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    import_file(fresh_db, "kolada", example_file, example=True)
    user = tmp_path / "egen.csv"
    user.write_text(HEADER + GOOD_ROW.replace("1167.80908", "1170.0"), encoding="utf-8")
    result = import_file(fresh_db, "kolada", user)
    assert result.replaced == ((1, "exempel.csv", 1),)
    assert result.summary().endswith("import 2; ersatte 1 rad från import 1 (exempel.csv)")
    assert kolada_value(fresh_db, "U07417", "0187", 2023) == [(1170.0, None, 1, False)]
