"""The data layer's one connection factory and its named queries.

The app opens the database read-only (`connect(path)`); only the build and import commands
write, and they never write in place: `write_copy` copies the file, changes the copy in one
transaction and swaps it in with an atomic rename, so a reader sees the old version or the new
one, never half an import, and a failed import leaves the file byte-for-byte as it was.

Every query function takes a connection and runs on its own cursor (DuckDB connections are not
thread-safe; Streamlit serves each session on its own thread). Values are bound with `?`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = DATA_DIR / "schema.sql"
# Environment variable that overrides where the database file lives.
DB_ENV_VAR = "TRYGG_DB"
DEFAULT_DB_PATH = DATA_DIR / "trygg.duckdb"


def database_path() -> Path:
    """The database file: $TRYGG_DB if set, else data/trygg.duckdb."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB_PATH)


def connect(path: str | os.PathLike[str], *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database; read-only unless a writer (build/import) asks otherwise.

    A reader is an in-memory DuckDB instance with the file ATTACHed read-only as `trygg`.
    `duckdb.connect(path)` would share one cached instance per path within the process, so a
    reader opened after an import swapped in a new file would still see the old one while any
    older connection lives; an attachment opens whatever file the path names now.
    """
    if not read_only:
        return duckdb.connect(str(path))
    if not Path(path).is_file():
        raise duckdb.IOException(f"database file not found: {path}")
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS trygg (READ_ONLY)", [str(path)])
    con.execute("USE trygg")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of `con` that reads the attached database (cursors start in `memory`)."""
    cur = con.cursor()
    attached = cur.execute(
        "SELECT count(*) FROM duckdb_databases() WHERE database_name = 'trygg'"
    ).fetchone()[0]
    if attached:
        cur.execute("USE trygg")
    return cur


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table from schema.sql (the one truth of the schema)."""
    con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))


def database_version(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Identity of the file's current version (inode, mtime): changes with every swap."""
    stat = os.stat(path)
    return (stat.st_ino, stat.st_mtime_ns)


@contextlib.contextmanager
def write_copy(
    path: str | os.PathLike[str], *, create: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a writable connection to a copy of `path` inside one transaction.

    On success the copy replaces `path` atomically; on any error the copy is removed and `path`
    is untouched. With `create=True` the copy starts as a new database with the schema.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        if create:
            temp_path.unlink()
        else:
            shutil.copyfile(target, temp_path)
        con = connect(temp_path, read_only=False)
        try:
            if create:
                init_schema(con)
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        except BaseException:
            con.close()
            raise
        con.close()
        os.replace(temp_path, target)
    finally:
        for leftover in (temp_path, Path(str(temp_path) + ".wal")):
            leftover.unlink(missing_ok=True)


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    cur = cursor(con)
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


# --- named queries -------------------------------------------------------------------------


def fetch_municipalities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All areas: municipality_code, name, level (kommun/region/riket), county_code."""
    return _frame(
        con,
        "SELECT municipality_code, name, level, county_code, bra_region_id "
        "FROM municipalities ORDER BY municipality_code",
    )


def fetch_reference_groups(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Comparison groups with members: group_id, name_sv, name_en, note_*, municipality_code."""
    return _frame(
        con,
        "SELECT g.group_id, g.name_sv, g.name_en, g.note_sv, g.note_en, m.municipality_code "
        "FROM reference_groups g JOIN reference_group_members m USING (group_id) "
        "ORDER BY g.group_id, m.municipality_code",
    )


def fetch_indicators(con: duckdb.DuckDBPyConnection, theme: str | None = None) -> pd.DataFrame:
    """Indicator metadata joined with its source's name and licence; optionally one theme."""
    sql = (
        "SELECT i.*, s.name_sv AS source_name_sv, s.name_en AS source_name_en, s.licence, "
        "s.attribution, s.url AS source_url, s.is_example AS source_is_example "
        "FROM indicators i JOIN sources s USING (source_id) "
        "WHERE ? IS NULL OR i.theme = ? ORDER BY i.indicator_id"
    )
    return _frame(con, sql, [theme, theme])


def fetch_kolada_series(
    con: duckdb.DuckDBPyConnection, kpi: str, gender: str = "T"
) -> pd.DataFrame:
    """One KPI for every municipality and year.

    Columns: municipality_code, name, level, year, value (the KPI's unit; U07417/U07452 are
    per 100 000), status (why value is NULL), population (NULL where unknown), is_example
    (of the value), population_is_example.
    """
    sql = """
        SELECT k.municipality_code, m.name, m.level, k.year, k.value, k.status,
               p.population, k.is_example, p.is_example AS population_is_example
        FROM kolada_values k
        JOIN municipalities m USING (municipality_code)
        LEFT JOIN population p USING (municipality_code, year)
        WHERE k.kpi = ? AND k.gender = ?
        ORDER BY k.municipality_code, k.year
    """
    return _frame(con, sql, [kpi, gender])


def fetch_crime_types(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The crime-type tree: crime_code, parent_code, level, name_sv, name_en, sort_order."""
    return _frame(con, "SELECT * FROM crime_types ORDER BY sort_order")


def fetch_crime_series(
    con: duckdb.DuckDBPyConnection, crime_code: str, period: str = "year"
) -> pd.DataFrame:
    """Reported crimes of one type for every area and year.

    Columns: municipality_code, name, level, year, count, rate_per_100k (as published),
    mark, is_preliminary, population, is_example, population_is_example.
    """
    sql = """
        SELECT c.municipality_code, m.name, m.level, c.year, c.count, c.rate_per_100k, c.mark,
               c.is_preliminary, p.population, c.is_example,
               p.is_example AS population_is_example
        FROM crime_counts c
        JOIN municipalities m USING (municipality_code)
        LEFT JOIN population p USING (municipality_code, year)
        WHERE c.crime_code = ? AND c.period = ?
        ORDER BY c.municipality_code, c.year
    """
    return _frame(con, sql, [crime_code, period])


def fetch_sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every source with its licence and its latest import (time, file, rows)."""
    sql = """
        SELECT s.*, max(i.imported_at) AS last_import, count(i.import_id) AS n_imports,
               sum(i.rows) AS rows_imported
        FROM sources s LEFT JOIN imports i USING (source_id)
        GROUP BY ALL ORDER BY s.is_example, s.source_id
    """
    return _frame(con, sql)


def fetch_imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The provenance log: one row per imported file, newest first."""
    return _frame(con, "SELECT * FROM imports ORDER BY imported_at DESC, import_id DESC")


def fetch_data_freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest year and preliminary share per data table: table_name, latest_year, ..."""
    sql = """
        SELECT 'kolada_values' AS table_name, max(year) AS latest_year, count(*) AS n_rows,
               bool_or(is_example) AS has_example, false AS has_preliminary
        FROM kolada_values
        UNION ALL
        SELECT 'crime_counts', max(year), count(*), bool_or(is_example), bool_or(is_preliminary)
        FROM crime_counts
        UNION ALL
        SELECT 'population', max(year), count(*), bool_or(is_example), false FROM population
    """
    return _frame(con, sql)
