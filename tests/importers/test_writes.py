"""The one write path of every importer (data.importers.import_into): which rows are appended and
which replace stored ones."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data import db
from data.importers import SHARED_KEYS_SQL, WRITABLE_TABLES, import_file


def primary_keys(path: Path) -> dict[str, list[str]]:
    con = db.connect(path)
    try:
        rows = con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND database_name = 'trygg'"
        ).fetchall()
    finally:
        con.close()
    return {table: list(columns) for table, columns in rows}


def test_every_table_an_importer_writes_is_writable(fresh_db: Path) -> None:
    con = db.connect(fresh_db)
    try:
        filled = {
            table
            for (table,) in con.execute(
                "SELECT DISTINCT table_name FROM duckdb_columns() "
                "WHERE database_name = 'trygg' AND column_name = 'import_id' "
                "AND table_name <> 'imports'"
            ).fetchall()
        }
    finally:
        con.close()
    assert filled == set(WRITABLE_TABLES)


@pytest.mark.parametrize("table", WRITABLE_TABLES)
def test_shared_key_query_joins_on_the_schemas_primary_key(fresh_db: Path, table: str) -> None:
    sql = " ".join(SHARED_KEYS_SQL[table].split())
    match = re.fullmatch(
        r"SELECT count\(\*\) FROM incoming_rows JOIN (\w+) USING \(([\w, ]+)\)", sql
    )
    assert match, sql
    assert match.group(1) == table
    assert match.group(2).split(", ") == primary_keys(fresh_db)[table]


def test_shared_key_query_counts_the_incoming_rows_already_stored(fresh_db: Path) -> None:
    con = duckdb.connect(str(fresh_db))
    try:
        con.execute(
            "INSERT INTO est_incidents VALUES ('A-1', DATE '2024-05-01', NULL, 2024, 18, "
            "DATE '2024-04-29', 'vaxon', NULL, NULL, 'ovrigt', 'polisen', 1, NULL, false, "
            "'est', 1, false)"
        )
        con.register("incoming_rows", pd.DataFrame({"incident_id": ["A-1", "A-2", "A-3"]}))
        assert con.execute(SHARED_KEYS_SQL["est_incidents"]).fetchone() == (1,)
    finally:
        con.close()


HEADER = "id;datum;tid;område;plats;kategori;organisation;allvarlighet;beskrivning"


def write_est(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def stored(path: Path) -> list[tuple]:
    con = db.connect(path)
    try:
        return con.execute(
            "SELECT incident_id, severity, import_id FROM est_incidents ORDER BY incident_id"
        ).fetchall()
    finally:
        con.close()


def test_disjoint_file_is_appended_and_overlapping_file_replaces(
    fresh_db: Path, tmp_path: Path
) -> None:
    row = "{id};2024-05-01;12:00;Vaxön;;Övrigt;Polisen;{severity};text"
    first = write_est(tmp_path / "a.csv", [row.format(id="A-1", severity=1)])
    second = write_est(tmp_path / "b.csv", [row.format(id="A-2", severity=2)])
    corrected = write_est(
        tmp_path / "c.csv",
        [row.format(id="A-2", severity=3), row.format(id="A-3", severity=1)],
    )
    ids = [import_file(fresh_db, "est", path).import_id for path in (first, second)]
    assert stored(fresh_db) == [("A-1", 1, ids[0]), ("A-2", 2, ids[1])]
    third = import_file(fresh_db, "est", corrected).import_id
    assert stored(fresh_db) == [("A-1", 1, ids[0]), ("A-2", 3, third), ("A-3", 1, third)]
