"""The data layer (data/db.py): connection factory, schema, atomic writes and named queries."""

from __future__ import annotations

import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data import db
from tests.conftest import SCHEMA_TABLES, file_digest

KOLADA_COLUMNS = "kpi, municipality_code, year, gender, value, status, value_count, import_id, "
KOLADA_COLUMNS += "is_example"
CRIME_COLUMNS = "municipality_code, year, period, crime_code, count, rate_per_100k, mark, "
CRIME_COLUMNS += "is_preliminary, source_id, import_id, is_example"


@pytest.fixture
def writable_copy(fresh_db: Path, tmp_path: Path):
    """A writable connection to a copy of the fresh database (never the fixture itself)."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(fresh_db, copy)
    con = db.connect(copy, read_only=False)
    yield con
    con.close()


@pytest.fixture(scope="module")
def built_con(built_db: Path):
    """One read-only connection to the session's built database, shared by this module."""
    con = db.connect(built_db)
    yield con
    con.close()


# --- connection, schema ----------------------------------------------------------------------


def test_connect_is_read_only_by_default(fresh_db: Path) -> None:
    con = db.connect(fresh_db)
    try:
        assert con.execute("SELECT count(*) FROM sources").fetchone()[0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM sources")
        with pytest.raises(duckdb.Error):
            con.execute("CREATE TABLE intruder (x INTEGER)")
    finally:
        con.close()


def test_connect_read_only_false_can_write(fresh_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(fresh_db, copy)
    con = db.connect(copy, read_only=False)
    try:
        con.execute("DELETE FROM reference_group_members")
        assert con.execute("SELECT count(*) FROM reference_group_members").fetchone()[0] == 0
    finally:
        con.close()


def test_init_schema_creates_exactly_the_tables_in_schema_sql(tmp_path: Path) -> None:
    schema_text = db.SCHEMA_PATH.read_text(encoding="utf-8")
    named = set(re.findall(r"CREATE TABLE (\w+)", schema_text))
    assert named == SCHEMA_TABLES
    con = db.connect(tmp_path / "schema.duckdb", read_only=False)
    try:
        db.init_schema(con)
        tables = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    finally:
        con.close()
    assert tables == SCHEMA_TABLES


def _kolada_row(**changes: object) -> list[object]:
    row = {
        "kpi": "U07417",
        "municipality_code": "0187",
        "year": 2023,
        "gender": "T",
        "value": 1167.8,
        "status": None,
        "value_count": 1,
        "import_id": 1,
        "is_example": False,
    }
    row.update(changes)
    return list(row.values())


def _crime_row(**changes: object) -> list[object]:
    row = {
        "municipality_code": "0187",
        "year": 2023,
        "period": "year",
        "crime_code": "stold",
        "count": 144,
        "rate_per_100k": 1167.8,
        "mark": None,
        "is_preliminary": False,
        "source_id": "bra",
        "import_id": 1,
        "is_example": False,
    }
    row.update(changes)
    return list(row.values())


def _insert_kolada(con: duckdb.DuckDBPyConnection, row: list[object]) -> None:
    placeholders = ", ".join("?" * 9)
    con.execute(f"INSERT INTO kolada_values ({KOLADA_COLUMNS}) VALUES ({placeholders})", row)  # noqa: S608


def _insert_crime(con: duckdb.DuckDBPyConnection, row: list[object]) -> None:
    placeholders = ", ".join("?" * 11)
    con.execute(f"INSERT INTO crime_counts ({CRIME_COLUMNS}) VALUES ({placeholders})", row)  # noqa: S608


def test_valid_rows_are_accepted(writable_copy: duckdb.DuckDBPyConnection) -> None:
    # The baseline the rejection tests below differ from in one field each.
    _insert_kolada(writable_copy, _kolada_row())
    _insert_kolada(writable_copy, _kolada_row(gender="K", value=None, status="Privacy"))
    _insert_crime(writable_copy, _crime_row())
    _insert_crime(writable_copy, _crime_row(period="Q4", count=0, mark="-"))
    _insert_crime(writable_copy, _crime_row(period="M12", count=None, mark=".."))
    assert writable_copy.execute("SELECT count(*) FROM kolada_values").fetchone()[0] == 2
    assert writable_copy.execute("SELECT count(*) FROM crime_counts").fetchone()[0] == 3


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"count": -1}, id="negative count"),
        pytest.param({"rate_per_100k": -0.5}, id="negative rate"),
        pytest.param({"period": "Q5"}, id="period Q5"),
        pytest.param({"period": "M13"}, id="period M13"),
        pytest.param({"mark": ".."}, id="mark .. with a count"),
        pytest.param({"mark": "-", "count": 3}, id="mark - with a nonzero count"),
        pytest.param({"mark": None, "count": None}, id="no count and no mark"),
        pytest.param({"mark": "x"}, id="unknown mark"),
    ],
)
def test_crime_counts_check_constraints(
    writable_copy: duckdb.DuckDBPyConnection, changes: dict
) -> None:
    with pytest.raises(duckdb.ConstraintException):
        _insert_crime(writable_copy, _crime_row(**changes))
    assert writable_copy.execute("SELECT count(*) FROM crime_counts").fetchone()[0] == 0


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"gender": "X"}, id="gender X"),
        pytest.param({"value": None, "status": None}, id="neither value nor status"),
        pytest.param({"value": None, "status": "Weird"}, id="unknown status"),
        pytest.param({"year": 1900}, id="year out of range"),
        pytest.param({"value_count": -1}, id="negative value_count"),
    ],
)
def test_kolada_values_check_constraints(
    writable_copy: duckdb.DuckDBPyConnection, changes: dict
) -> None:
    with pytest.raises(duckdb.ConstraintException):
        _insert_kolada(writable_copy, _kolada_row(**changes))
    assert writable_copy.execute("SELECT count(*) FROM kolada_values").fetchone()[0] == 0


def test_population_and_municipality_checks(writable_copy: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.ConstraintException):
        writable_copy.execute(
            "INSERT INTO population VALUES ('0187', 2023, 0, 'example', 'x', 1, true)"
        )
    with pytest.raises(duckdb.ConstraintException):
        writable_copy.execute(
            "INSERT INTO population VALUES ('0187', 2023, 12000, 'guess', 'x', 1, true)"
        )
    with pytest.raises(duckdb.ConstraintException):
        writable_copy.execute(
            "INSERT INTO municipalities VALUES ('187', 'Kortkod', 'kommun', NULL, NULL)"
        )


# --- write_copy: atomic swap -----------------------------------------------------------------


def _folder_listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_write_copy_failure_leaves_file_and_folder_unchanged(fresh_db: Path) -> None:
    before_digest = file_digest(fresh_db)
    before_listing = _folder_listing(fresh_db.parent)
    before_version = db.database_version(fresh_db)
    with pytest.raises(RuntimeError, match="boom"), db.write_copy(fresh_db) as con:
        con.execute("DELETE FROM sources WHERE source_id = 'kolada_metadata'")
        con.execute("DELETE FROM reference_group_members")
        raise RuntimeError("boom")
    assert file_digest(fresh_db) == before_digest
    assert db.database_version(fresh_db) == before_version
    assert _folder_listing(fresh_db.parent) == before_listing
    leftovers = [
        name for name in _folder_listing(fresh_db.parent) if name.endswith((".tmp", ".wal"))
    ]
    assert leftovers == []


def test_write_copy_failure_on_sql_error_leaves_file_unchanged(fresh_db: Path) -> None:
    before_digest = file_digest(fresh_db)
    before_listing = _folder_listing(fresh_db.parent)
    with pytest.raises(duckdb.ConstraintException), db.write_copy(fresh_db) as con:
        con.execute("DELETE FROM reference_group_members")
        con.execute("INSERT INTO population VALUES ('0187', 2023, -5, 'example', 'x', 1, true)")
    assert file_digest(fresh_db) == before_digest
    assert _folder_listing(fresh_db.parent) == before_listing


def test_write_copy_success_swaps_in_new_version(fresh_db: Path) -> None:
    before_digest = file_digest(fresh_db)
    before_version = db.database_version(fresh_db)
    before_listing = _folder_listing(fresh_db.parent)
    with db.write_copy(fresh_db) as con:
        con.execute("DELETE FROM reference_group_members WHERE group_id = 'jamforbara'")
    assert db.database_version(fresh_db) != before_version
    assert file_digest(fresh_db) != before_digest
    assert _folder_listing(fresh_db.parent) == before_listing
    con = db.connect(fresh_db)
    try:
        remaining = con.execute(
            "SELECT count(*) FROM reference_group_members WHERE group_id = 'jamforbara'"
        ).fetchone()[0]
    finally:
        con.close()
    assert remaining == 0


def test_write_copy_create_makes_a_new_database(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "new.duckdb"
    with db.write_copy(target, create=True) as con:
        con.execute("INSERT INTO reference_groups VALUES ('g', 'Grupp', 'Group', 'anm', 'note')")
    # The writers' lock file (db.lock_path) stays beside the database; nothing else does.
    assert _folder_listing(target.parent) == {"new.duckdb", "new.duckdb.lock"}
    con = db.connect(target)
    try:
        tables = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
        groups = con.execute("SELECT group_id FROM reference_groups").fetchall()
    finally:
        con.close()
    assert tables == SCHEMA_TABLES
    assert groups == [("g",)]


def test_write_copy_create_failure_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "never.duckdb"
    with pytest.raises(ValueError), db.write_copy(target, create=True):
        raise ValueError("abort")
    assert [path.name for path in tmp_path.iterdir()] == ["never.duckdb.lock"]


def test_reader_keeps_old_version_during_and_after_swap(fresh_db: Path) -> None:
    reader = db.connect(fresh_db)
    try:
        before = reader.execute("SELECT count(*) FROM reference_group_members").fetchone()[0]
        with db.write_copy(fresh_db) as con:
            con.execute("DELETE FROM reference_group_members")
        # The open reader still sees its own (old) file: never half an import.
        assert reader.execute("SELECT count(*) FROM reference_group_members").fetchone()[0] == (
            before
        )
    finally:
        reader.close()
    assert before == 32
    fresh = db.connect(fresh_db)
    try:
        assert fresh.execute("SELECT count(*) FROM reference_group_members").fetchone()[0] == 0
    finally:
        fresh.close()


def test_database_path_follows_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, "/somewhere/else.duckdb")
    assert db.database_path() == Path("/somewhere/else.duckdb")
    monkeypatch.delenv(db.DB_ENV_VAR)
    assert db.database_path() == db.DATA_DIR / "trygg.duckdb"


# --- named queries against the built database ------------------------------------------------


def test_fetch_municipalities(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_municipalities(built_con)
    assert list(frame.columns) == [
        "municipality_code",
        "name",
        "level",
        "county_code",
        "bra_region_id",
    ]
    rows = frame.set_index("municipality_code")
    assert rows.loc["0187", "name"] == "Vaxholm"
    assert rows.loc["0187", "level"] == "kommun"
    assert rows.loc["0187", "county_code"] == "0001"
    assert rows.loc["0187", "bra_region_id"] == 8541
    assert rows.loc["0001", "level"] == "region"
    assert rows.loc["0000", "level"] == "riket"
    stockholm_county = frame[(frame["level"] == "kommun") & (frame["county_code"] == "0001")]
    assert len(stockholm_county) == 26
    assert frame["municipality_code"].is_monotonic_increasing
    assert frame["municipality_code"].is_unique


def test_fetch_reference_groups(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_reference_groups(built_con)
    assert list(frame.columns) == [
        "group_id",
        "name_sv",
        "name_en",
        "note_sv",
        "note_en",
        "municipality_code",
    ]
    members = frame.groupby("group_id")["municipality_code"].apply(set)
    assert members["jamforbara"] == {"0117", "0120", "0162", "0160", "0115", "0186"}
    assert len(members["stockholms_lan"]) == 26
    assert "0187" in members["stockholms_lan"]


def test_fetch_indicators_all_and_by_theme(built_con: duckdb.DuckDBPyConnection) -> None:
    everything = db.fetch_indicators(built_con)
    for column in (
        "indicator_id",
        "theme",
        "title_sv",
        "title_en",
        "unit",
        "source_name_sv",
        "source_name_en",
        "licence",
        "attribution",
        "attribution_en",
        "source_url",
        "source_is_example",
    ):
        assert column in everything.columns
    # 23 Kolada KPIs, 22 survey indicators, 17 Stockholmsenkäten (10 outcomes, 7 RISE indices)
    assert len(everything) == 62
    assert everything["indicator_id"].is_unique
    crime = db.fetch_indicators(built_con, "crime")
    assert sorted(crime["indicator_id"]) == ["U07417", "U07452"]
    assert set(crime["unit"]) == {"per_100k"}
    assert set(crime["licence"]) == {"CC BY 4.0"}
    school = db.fetch_indicators(built_con, theme="school")
    assert len(school) > 0 and set(school["theme"]) == {"school"}
    assert db.fetch_indicators(built_con, "no such theme").empty
    assert len(everything) == sum(
        len(db.fetch_indicators(built_con, theme))
        for theme in ("crime", "youth", "school", "context", "safety")
    )


def test_fetch_kolada_series(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_kolada_series(built_con, "U07417")
    assert list(frame.columns) == [
        "municipality_code",
        "name",
        "level",
        "year",
        "value",
        "status",
        "population",
        "is_example",
        "population_is_example",
    ]
    vaxholm_2023 = frame[(frame["municipality_code"] == "0187") & (frame["year"] == 2023)]
    assert len(vaxholm_2023) == 1
    row = vaxholm_2023.iloc[0]
    assert row["value"] == pytest.approx(1167.80908, abs=1e-5)
    assert row["name"] == "Vaxholm"
    assert pd.notna(row["population"]) and 11_000 < row["population"] < 14_000
    assert not row["is_example"]
    assert row["population_is_example"]
    vaxholm = frame[frame["municipality_code"] == "0187"]
    assert list(vaxholm["year"]) == list(range(2010, 2024))
    # Only the total is returned by default; women's figures are a different series.
    women = db.fetch_kolada_series(built_con, "U07417", gender="K")
    assert len(women) < len(frame)


def test_fetch_kolada_series_keeps_status_rows(built_con: duckdb.DuckDBPyConnection) -> None:
    frames = [
        db.fetch_kolada_series(built_con, kpi, gender)
        for (kpi,) in built_con.execute("SELECT DISTINCT kpi FROM kolada_values").fetchall()
        for gender in ("T", "K", "M")
    ]
    combined = pd.concat(frames)
    assert len(combined) == 138_910
    with_status = combined[combined["status"].notna()]
    assert len(with_status) == 4210
    assert with_status["value"].isna().all()


def test_fetch_crime_types(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_crime_types(built_con)
    assert list(frame.columns) == [
        "crime_code",
        "parent_code",
        "level",
        "name_sv",
        "name_en",
        "sort_order",
        "is_example",
    ]
    # The bundled build holds example counts for every type.
    assert frame["is_example"].all()
    assert frame.iloc[0]["crime_code"] == "totalt"
    assert frame["sort_order"].is_monotonic_increasing
    parents = frame.set_index("crime_code")["parent_code"]
    assert parents["stold"] == "bb_formogenhet"
    assert parents["narkotika"] == "specialstraff"


def test_fetch_crime_series(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_crime_series(built_con, "stold")
    assert list(frame.columns) == [
        "municipality_code",
        "name",
        "level",
        "year",
        "count",
        "rate_per_100k",
        "mark",
        "is_preliminary",
        "population",
        "is_example",
        "population_is_example",
    ]
    assert len(frame) == 28 * 15  # 26 municipalities, county, Riket x 2010-2024
    assert frame["is_example"].all()
    assert frame["population"].notna().all()
    vaxholm_2023 = frame[(frame["municipality_code"] == "0187") & (frame["year"] == 2023)]
    row = vaxholm_2023.iloc[0]
    assert row["count"] == round(1167.80908 * row["population"] / 100_000)
    assert row["rate_per_100k"] == pytest.approx(row["count"] / row["population"] * 1e5, abs=0.05)
    assert db.fetch_crime_series(built_con, "stold", period="Q1").empty


def test_published_crime_counts_win_over_example_counts(built_db: Path, tmp_path: Path) -> None:
    """A type with any published row is fetched without its example rows (issue 13 bug: a
    Brå workbook's rows were shown spliced onto example years under the example source)."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "UPDATE crime_counts SET is_example = false, source_id = 'bra' "
            "WHERE crime_code = 'stold' AND municipality_code = '0187' AND year = 2024"
        )
        stold = db.fetch_crime_series(con, "stold")
        totalt = db.fetch_crime_series(con, "totalt")
        types = db.fetch_crime_types(con).set_index("crime_code")["is_example"]
    assert list(zip(stold["municipality_code"], stold["year"], strict=True)) == [("0187", 2024)]
    assert not stold["is_example"].any()
    # Other types keep their example series.
    assert len(totalt) == 28 * 15 and totalt["is_example"].all()
    assert not types["stold"] and types["totalt"]


def test_fetch_sources(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_sources(built_con)
    for column in ("source_id", "licence", "attribution", "is_example", "last_import"):
        assert column in frame.columns
    rows = frame.set_index("source_id")
    assert set(rows.index) == {
        "kolada",
        "kolada_metadata",
        "bra",
        "bra_example",
        "scb_population",
        "population_example",
        "survey",
        "survey_published",
        "survey_example",
        "polisen_trygghetsmatning",
        "bra_ntu",
        "bra_ntu_lan",
        "lansstyrelsen_medborgarundersokning",
        "stockholmsenkaten",
        "stockholmsenkaten_published",
        "stockholmsenkaten_example",
        "rise_stockholmsenkaten",
        "est",
        "est_example",
        "insatser",
        "insatser_example",
        "skolverket",
    }
    assert rows.loc["kolada", "n_imports"] == 1
    assert rows.loc["kolada", "rows_imported"] == 138_910
    assert rows.loc["bra", "n_imports"] == 0
    assert pd.isna(rows.loc["bra", "last_import"])
    assert rows.loc["bra_example", "n_imports"] == 1
    # Real sources are listed before example ones.
    assert not frame["is_example"].iloc[0] and frame["is_example"].iloc[-1]


def test_fetch_imports(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_imports(built_con)
    assert {"import_id", "kind", "file_name", "sha256", "rows", "imported_at"} <= set(frame.columns)
    assert list(frame["import_id"]) == list(range(17, 0, -1))  # newest first
    assert list(frame["kind"]) == [
        "skolverket",
        *["stockholmsenkaten"] * 8,
        "insatser",
        "est",
        "survey",
        "survey",
        "survey",
        "bra",
        "population",
        "kolada",
    ]


def test_fetch_data_freshness(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_data_freshness(built_con)
    assert list(frame.columns) == [
        "table_name",
        "latest_year",
        "n_rows",
        "has_example",
        "has_preliminary",
    ]
    rows = frame.set_index("table_name")
    assert rows.loc["kolada_values", "latest_year"] == 2024
    assert rows.loc["kolada_values", "n_rows"] == 138_910
    assert not rows.loc["kolada_values", "has_example"]
    assert rows.loc["crime_counts", "latest_year"] == 2024
    assert rows.loc["crime_counts", "has_example"]
    assert rows.loc["crime_counts", "has_preliminary"]
    assert rows.loc["population", "n_rows"] == 28 * 15


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda con: db.fetch_kolada_series(con, "U07417' OR '1'='1"), id="kpi"),
        pytest.param(
            lambda con: db.fetch_kolada_series(con, "U07417", "T' OR '1'='1"), id="gender"
        ),
        pytest.param(lambda con: db.fetch_crime_series(con, "stold' OR '1'='1"), id="crime"),
        pytest.param(lambda con: db.fetch_crime_series(con, "stold", "x' OR 1=1 --"), id="period"),
        pytest.param(lambda con: db.fetch_indicators(con, "crime' OR '1'='1"), id="theme"),
    ],
)
def test_queries_bind_parameters(built_con: duckdb.DuckDBPyConnection, call) -> None:
    assert call(built_con).empty


def test_injection_text_is_not_executed(built_con: duckdb.DuckDBPyConnection) -> None:
    frame = db.fetch_kolada_series(built_con, "x'; DROP TABLE kolada_values; --")
    assert frame.empty
    assert built_con.execute("SELECT count(*) FROM kolada_values").fetchone()[0] == 138_910


def test_queries_on_one_connection_from_eight_threads(built_con: duckdb.DuckDBPyConnection) -> None:
    expected = (
        len(db.fetch_kolada_series(built_con, "U07417")),
        len(db.fetch_crime_series(built_con, "totalt")),
    )
    barrier = threading.Barrier(8)

    def work() -> list[tuple[int, int]]:
        barrier.wait(timeout=10)  # start together, so the calls really overlap
        sizes = []
        for _ in range(5):
            series = db.fetch_kolada_series(built_con, "U07417")
            crime = db.fetch_crime_series(built_con, "totalt")
            db.fetch_municipalities(built_con)
            db.fetch_indicators(built_con, "crime")
            db.fetch_sources(built_con)
            db.fetch_data_freshness(built_con)
            sizes.append((len(series), len(crime)))
        return sizes

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(work) for _ in range(8)]
        # result() re-raises any error a thread met.
        results = [size for future in futures for size in future.result(timeout=60)]
    assert len(results) == 40
    assert set(results) == {expected}
