"""The data layer's one connection factory and its named queries.

The app opens the database read-only (`connect(path)`); only the build and import commands
write, and they never write in place: `write_copy` copies the file, changes the copy in one
transaction and swaps it in with an atomic rename, so a reader sees the old version or the new
one, never half an import, and a failed import leaves the file byte-for-byte as it was. One
writer at a time: `write_copy` holds an exclusive lock on a lock file beside the database from
the copy to the swap, so a second import waits for the first (and then copies its result)
instead of copying the same version and swapping its copy over the first one's.

Every query function takes a connection and runs on its own cursor (DuckDB connections are not
thread-safe; Streamlit serves each session on its own thread). Values are bound with `?`.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import glob
import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
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


def schema_fingerprint() -> str:
    """SHA-256 of schema.sql's text: the schema version a database is built from."""
    return hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()


@functools.cache
def primary_keys() -> dict[str, tuple[str, ...]]:
    """Each table's primary-key columns as schema.sql declares them, read back from DuckDB's
    `duckdb_constraints()` on an in-memory database built from the schema (not restated)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
        rows = con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' ORDER BY table_name"
        ).fetchall()
    finally:
        con.close()
    return {table: tuple(columns) for table, columns in rows}


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table from schema.sql (the one truth of the schema) and record its
    fingerprint in schema_info."""
    con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
    con.execute("INSERT INTO schema_info VALUES (?)", [schema_fingerprint()])


def schema_is_current(path: str | os.PathLike[str]) -> bool:
    """True if the database at `path` was built from today's schema.sql.

    A database from before a schema change (no schema_info, or another fingerprint) is not:
    its tables may lack columns the code reads.
    """
    con = connect(path)
    try:
        return stored_schema_is_current(con)
    finally:
        con.close()


def stored_schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """schema_is_current of the database `con` has open."""
    try:
        stored = con.execute("SELECT schema_sha256 FROM schema_info").fetchall()
    except duckdb.CatalogException:
        return False
    return stored == [(schema_fingerprint(),)]


def database_version(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Identity of the file's current version (inode, mtime): changes with every swap."""
    stat = os.stat(path)
    return (stat.st_ino, stat.st_mtime_ns)


# How long a writer waits for another writer's lock before it gives up (seconds).
WRITER_WAIT_SECONDS = 600.0


class DatabaseBusy(OSError):
    """Another import or build held the database's writer lock for too long."""


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The writers' lock file: beside the database, `<name>.lock`."""
    target = Path(path)
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def writer_lock(
    path: str | os.PathLike[str], *, wait_seconds: float | None = None
) -> Iterator[None]:
    """Hold the exclusive writer lock of the database at `path` (an advisory `flock` on
    `lock_path(path)`; the kernel releases it when the process ends, even on kill -9).

    A second writer says on stderr that it waits, then waits up to `wait_seconds`
    (WRITER_WAIT_SECONDS) and raises DatabaseBusy if the lock is still held.
    """
    wait_seconds = WRITER_WAIT_SECONDS if wait_seconds is None else wait_seconds
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"väntar: en annan import eller bygge skriver till {Path(path).name} ...",
                file=sys.stderr,
                flush=True,
            )
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DatabaseBusy(
                            f"{Path(path).name}: en annan import eller bygge har skrivit till "
                            f"databasen i mer än {wait_seconds:.0f} s; försök igen senare"
                        ) from None
                    time.sleep(0.05)
        yield
    finally:
        os.close(handle)


@contextlib.contextmanager
def write_copy(
    path: str | os.PathLike[str], *, create: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a writable connection to a copy of `path` inside one transaction.

    On success the copy replaces `path` atomically; on any error the copy is removed and `path`
    is untouched. With `create=True` the copy starts as a new database with the schema. The
    writer lock (`writer_lock`) is held from before the copy until after the swap.
    """
    # A symlinked database: the file it points to is replaced, the link stays.
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(target):
        _remove_stale_copies(target)
        yield from _write_copy_locked(target, create=create)


def _remove_stale_copies(target: Path) -> None:
    """Copies left by a writer that was killed (kill -9) between copy and swap. Only called
    with the writer lock held, so no live writer's copy is among them."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp*"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _keep_mode_and_owner(source: Path, copy: Path) -> None:
    """Give the copy the database file's permissions (and owner and group, where allowed):
    the swap must not make a shared database private to whoever imported last."""
    info = source.stat()
    os.chmod(copy, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(OSError):
        os.chown(copy, info.st_uid, info.st_gid)


def _write_copy_locked(target: Path, *, create: bool) -> Iterator[duckdb.DuckDBPyConnection]:
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
            _keep_mode_and_owner(target, temp_path)
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
        if create:
            # A new database gets the mode a new file gets (0666 less the umask), not 0600.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_path, 0o666 & ~umask)
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
        "s.licence_en, s.attribution, s.attribution_en, s.url AS source_url, s.is_example AS source_is_example "
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
    """The crime-type tree: crime_code, parent_code, level, name_sv, name_en, sort_order,
    is_example (the type's yearly series, as fetch_crime_series gives it, is example data:
    it has example counts and no published ones)."""
    sql = """
        SELECT t.*,
               coalesce(bool_and(c.is_example), false) AS is_example
        FROM crime_types t
        LEFT JOIN crime_counts c ON c.crime_code = t.crime_code AND c.period = 'year'
        GROUP BY ALL ORDER BY t.sort_order
    """
    return _frame(con, sql)


def fetch_crime_series(
    con: duckdb.DuckDBPyConnection, crime_code: str, period: str = "year"
) -> pd.DataFrame:
    """Reported crimes of one type for every area and year.

    Published counts win over example counts: once any published (non-example) row of the
    crime type and period is stored, the type's example rows are left out, so a series is
    either published or example data, never both (a workbook for one municipality then gives
    a series of that municipality, its county and Riket, not one spliced onto example years).

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
          AND (NOT c.is_example OR NOT EXISTS (
              SELECT 1 FROM crime_counts r
              WHERE r.crime_code = c.crime_code AND r.period = c.period AND NOT r.is_example))
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


# --- safety surveys ------------------------------------------------------------------------


def fetch_survey_indicators(con: duckdb.DuckDBPyConnection, theme: str) -> pd.DataFrame:
    """Survey indicators of one theme that have results, with their metadata.

    Columns: indicator_id, title_sv, title_en, definition_sv, definition_en, caveats_sv,
    caveats_en, higher_is_better, series_break_year, surveys (comma-separated), first_year,
    last_year, n_results, has_example, has_real.
    """
    sql = """
        SELECT i.indicator_id, i.title_sv, i.title_en, i.definition_sv, i.definition_en,
               i.caveats_sv, i.caveats_en, i.higher_is_better, i.series_break_year,
               string_agg(DISTINCT r.survey, ',' ORDER BY r.survey) AS surveys,
               min(r.year) AS first_year, max(r.year) AS last_year, count(*) AS n_results,
               bool_or(r.is_example) AS has_example, bool_or(NOT r.is_example) AS has_real
        FROM indicators i JOIN survey_results r USING (indicator_id)
        WHERE i.theme = ?
        GROUP BY ALL ORDER BY i.indicator_id
    """
    return _frame(con, sql, [theme])


def fetch_survey_results(con: duckdb.DuckDBPyConnection, indicator_id: str) -> pd.DataFrame:
    """Every result of one survey indicator (all areas, groups, years and sources).

    Columns: survey, indicator_id, area, year, respondent_group, share (percent), n
    (respondents, NULL for published points), ci_lower, ci_upper (percent, NULL unless the
    source gives them), pooled_years, series_break, source_url, note, source_id, is_example,
    source_name_sv, source_name_en, licence, attribution, attribution_en.
    """
    sql = """
        SELECT r.survey, r.indicator_id, r.area, r.year, r.respondent_group, r.share, r.n,
               r.ci_lower, r.ci_upper, r.pooled_years, r.series_break, r.source_url, r.note,
               r.source_id, r.is_example, s.name_sv AS source_name_sv,
               s.name_en AS source_name_en, s.licence, s.attribution, s.attribution_en
        FROM survey_results r JOIN sources s USING (source_id)
        WHERE r.indicator_id = ?
        ORDER BY r.survey, r.area, r.respondent_group, r.year, r.source_id
    """
    return _frame(con, sql, [indicator_id])


# --- EST incident reports and insatser -----------------------------------------------------
# Filters are optional: None means every area / category / organisation (schema.sql's
# est_filtered applies them).


def fetch_est_areas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Vaxholm's EST areas: area_id, name_sv, name_en, sort_order."""
    return _frame(con, "SELECT * FROM est_areas ORDER BY sort_order")


def fetch_est_categories(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """EST categories: category_id, name_sv, name_en, sort_order."""
    return _frame(con, "SELECT * FROM est_categories ORDER BY sort_order")


def fetch_est_organisations(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Reporting organisations: organisation_id, name_sv, name_en, parent_id, sort_order."""
    return _frame(con, "SELECT * FROM est_organisations ORDER BY sort_order")


def fetch_est_extent(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: first_week, last_week (Mondays), n_incidents, has_example, source_ids."""
    sql = """
        SELECT min(week_start) AS first_week, max(week_start) AS last_week,
               count(*) AS n_incidents, coalesce(bool_or(is_example), false) AS has_example,
               string_agg(DISTINCT source_id, ',' ORDER BY source_id) AS source_ids
        FROM est_incidents
    """
    return _frame(con, sql)


def fetch_est_weekly_counts(
    con: duckdb.DuckDBPyConnection, organisation_id: str | None = None
) -> pd.DataFrame:
    """Reports per ISO week, area and category (weeks with reports only).

    Columns: week_start (Monday), area_id, category_id, count, is_example. `organisation_id`
    keeps one reporting organisation's reports (None: all).
    """
    sql = """
        SELECT week_start, area_id, category_id, count(*) AS count,
               bool_or(is_example) AS is_example
        FROM est_incidents
        WHERE CAST(? AS VARCHAR) IS NULL OR organisation_id = ?
        GROUP BY ALL ORDER BY week_start, area_id, category_id
    """
    return _frame(con, sql, [organisation_id, organisation_id])


# What the public place counts call a place not in the place catalogue (est_places): free text
# typed into the report ("hos Anna på Storgatan 3") is never shown in public, only this marker.
OTHER_PLACE = "övrig plats"


def fetch_est_place_counts(
    con: duckdb.DuckDBPyConnection,
    first_day: object,
    last_day: object,
    area_id: str | None = None,
    category_id: str | None = None,
    organisation_id: str | None = None,
) -> pd.DataFrame:
    """Reports per place between two dates (inclusive) under the filters.

    Columns: area_id, place_id (NULL for a place not on the list or no place), place (the
    catalogue's name; OTHER_PLACE for every place not on the list, counted together per area;
    NULL when the report names none), count, mean_severity. These counts are public: a place
    written as free text is never returned here (fetch_est_incidents, for coordinators, has it).
    """
    sql = """
        SELECT i.area_id, i.place_id,
               public_place(i.place_id, i.place, ?) AS place,
               count(*) AS count,
               avg(i.severity) AS mean_severity
        FROM est_filtered(?, ?, ?, ?, ?) i
        GROUP BY ALL ORDER BY count DESC, place
    """
    return _frame(
        con,
        sql,
        [
            OTHER_PLACE,
            first_day,
            last_day,
            area_id,
            category_id,
            organisation_id,
        ],
    )


def fetch_est_place_weekly(
    con: duckdb.DuckDBPyConnection,
    first_day: object,
    last_day: object,
    area_id: str | None = None,
    category_id: str | None = None,
    organisation_id: str | None = None,
) -> pd.DataFrame:
    """Reports per place and ISO week between two dates (inclusive) under the filters: the
    places' own history, from which the hotspot ranking estimates how much a place's count
    varies from period to period (analytics.est.place_dispersion). Not shown to anyone.

    Columns: area_id, place (as fetch_est_place_counts names it; reports without a place are
    left out), week_start (Monday), count. Weeks without reports have no row.
    """
    sql = """
        SELECT i.area_id,
               public_place(i.place_id, i.place, ?) AS place,
               i.week_start, count(*) AS count
        FROM est_filtered(?, ?, ?, ?, ?) i
        WHERE i.place IS NOT NULL
        GROUP BY ALL ORDER BY i.area_id, place, i.week_start
    """
    return _frame(
        con,
        sql,
        [
            OTHER_PLACE,
            first_day,
            last_day,
            area_id,
            category_id,
            organisation_id,
        ],
    )


def fetch_est_weekday_hour(
    con: duckdb.DuckDBPyConnection,
    first_day: object,
    last_day: object,
    area_id: str | None = None,
    category_id: str | None = None,
    organisation_id: str | None = None,
) -> pd.DataFrame:
    """Reports per weekday (1 Monday .. 7 Sunday) and hour (0-23; NULL when no time given)."""
    sql = """
        SELECT isodow(i.incident_date) AS weekday, hour(i.incident_time) AS hour,
               count(*) AS count
        FROM est_filtered(?, ?, ?, ?, ?) i
        GROUP BY ALL ORDER BY weekday, hour
    """
    return _frame(con, sql, [first_day, last_day, area_id, category_id, organisation_id])


def fetch_est_incidents(
    con: duckdb.DuckDBPyConnection,
    first_day: object,
    last_day: object,
    area_id: str | None = None,
    category_id: str | None = None,
    organisation_id: str | None = None,
) -> pd.DataFrame:
    """Incident-level rows between two dates (coordinators only; the pages check the role).

    Columns: incident_id, incident_date, incident_time, iso_year, iso_week, area_id, place,
    category_id, organisation_id, severity, description (already redacted), was_redacted,
    is_example.
    """
    sql = """
        SELECT i.incident_id, i.incident_date, i.incident_time, i.iso_year, i.iso_week,
               i.area_id, i.place, i.category_id, i.organisation_id, i.severity,
               i.description, i.was_redacted, i.is_example
        FROM est_filtered(?, ?, ?, ?, ?) i
        ORDER BY i.incident_date DESC, i.incident_time DESC NULLS LAST, i.incident_id
    """
    return _frame(con, sql, [first_day, last_day, area_id, category_id, organisation_id])


def fetch_est_actions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every insats: action_id, title, promise, responsible, areas, targets_all_areas,
    categories (lists of ids), start_date, end_date, status, follow_up, is_example."""
    sql = """
        SELECT action_id, title, promise, responsible, areas, targets_all_areas, categories,
               start_date, end_date, status, follow_up, is_example, source_id
        FROM est_actions ORDER BY start_date, action_id
    """
    return _frame(con, sql)


# --- Stockholmsenkäten ---------------------------------------------------------------------


def fetch_youth_results(con: duckdb.DuckDBPyConnection, indicator_id: str) -> pd.DataFrame:
    """Stockholmsenkäten shares of one indicator: every municipality, wave, grade, sex, source.

    Columns: indicator_id, municipality_code, name, year, grade (ak9/gy2), sex (alla/flickor/
    pojkar), share (percent; NULL = suppressed at the source), n (respondents; NULL for
    published points), note, source_url, source_id, is_example, source_name_sv,
    source_name_en, licence, attribution, attribution_en.
    """
    sql = """
        SELECT r.indicator_id, r.municipality_code, m.name, r.year, r.grade, r.sex, r.share,
               r.n, r.note, r.source_url, r.source_id, r.is_example,
               s.name_sv AS source_name_sv, s.name_en AS source_name_en, s.licence,
               s.attribution, s.attribution_en
        FROM stockholmsenkaten_results r
        JOIN municipalities m USING (municipality_code)
        JOIN sources s USING (source_id)
        WHERE r.indicator_id = ?
        ORDER BY r.municipality_code, r.grade, r.sex, r.year, r.source_id
    """
    return _frame(con, sql, [indicator_id])


_PUPIL_KEYS = ("year", "municipality_code", "respondent_id", "grade", "sex", "is_example")
_PUPIL_KEYS += ("source_id",)
_SELECT_PUPIL_KEYS = (
    "SELECT year, municipality_code, respondent_id, grade, sex, is_example, source_id"
)
# One item's answer code: its position in the pupil's item_ids picks it from answer_codes.
_ITEM_ANSWER = "CAST(answer_codes[list_position(item_ids, ?)] AS FLOAT)"
_PUPILS_OF_WAVE = (
    "FROM stockholmsenkaten_pupils WHERE ? IS NULL OR year = ? "
    "ORDER BY year, municipality_code, respondent_id"
)


_YOUTH_ITEMS = """
    SELECT item_id FROM stockholmsenkaten_index_items
    UNION SELECT item_id FROM stockholmsenkaten_outcome_items
    ORDER BY item_id
"""


def fetch_youth_waves(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The waves (years) with pupil answers, earliest first."""
    cur = cursor(con)
    try:
        rows = cur.execute(
            "SELECT DISTINCT year FROM stockholmsenkaten_pupils ORDER BY year"
        ).fetchall()
    finally:
        cur.close()
    return [int(year) for (year,) in rows]


def _youth_answers_of_wave(
    cur: duckdb.DuckDBPyConnection, items: list[str], year: int | None
) -> pd.DataFrame:
    # One column per item straight from the stored lists (answer_codes[position of the item
    # in item_ids]; NULL -> NaN where it was not asked): at national scale (234 000 pupils)
    # 2.5x as fast as unnesting every answer and scattering it into a matrix. The same fixed
    # expression once per item (the item id is bound, never written into the SQL); the
    # columns are named after the items below.
    columns = [_SELECT_PUPIL_KEYS, *[_ITEM_ANSWER] * len(items)]
    sql = ", ".join(columns) + " " + _PUPILS_OF_WAVE
    frame = cur.execute(sql, [*items, year, year]).df()
    frame.columns = [*_PUPIL_KEYS, *items]
    return frame


def iter_youth_answers(con: duckdb.DuckDBPyConnection) -> Iterator[pd.DataFrame]:
    """fetch_youth_answers one wave at a time, earliest first (same columns and row order).

    Only the wave being read is in memory here: a caller that reduces each wave before asking
    for the next (the pupil analysis) never holds every pupil's answers at once (about 80 MB
    and 240 MB of peak memory at national scale, 234 000 pupils).
    """
    years = fetch_youth_waves(con)
    cur = cursor(con)
    try:
        items = [item for (item,) in cur.execute(_YOUTH_ITEMS).fetchall()]
        for year in years:
            yield _youth_answers_of_wave(cur, items, year)
    finally:
        cur.close()


def fetch_youth_answers(con: duckdb.DuckDBPyConnection, year: int | None = None) -> pd.DataFrame:
    """Pupil answers to the index and outcome items, one row per pupil and wave; every wave,
    or only `year`'s.

    Columns: year, municipality_code, respondent_id, grade (ak9/gy2), sex (pojke/flicka/annan/
    ej_svar), is_example, source_id, then one float32 column per item of
    stockholmsenkaten_index_items and stockholmsenkaten_outcome_items (sorted by item id):
    the answer code as in the file (missing codes 99/996/998/999 included), NaN where the item
    was not asked. Rows are ordered by year, municipality_code, respondent_id.
    """
    if year is None:
        # One wave at a time: the query's working memory is one wave's, not every wave's
        # (peak 240 MB instead of 420 MB for 234 000 pupils).
        parts = list(iter_youth_answers(con))
        if parts:
            return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    cur = cursor(con)
    try:
        items = [item for (item,) in cur.execute(_YOUTH_ITEMS).fetchall()]
        return _youth_answers_of_wave(cur, items, year)
    finally:
        cur.close()


def fetch_youth_pupil_extent(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Municipalities with pupil answers: municipality_code, name, first_year, last_year,
    n_pupils, has_example."""
    sql = """
        SELECT p.municipality_code, m.name, min(p.year) AS first_year,
               max(p.year) AS last_year, count(*) AS n_pupils,
               bool_or(p.is_example) AS has_example
        FROM stockholmsenkaten_pupils p JOIN municipalities m USING (municipality_code)
        GROUP BY ALL ORDER BY p.municipality_code
    """
    return _frame(con, sql)


def fetch_youth_answer_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Pupils who answered, per wave, municipality and grade: year, municipality_code, grade,
    answers, is_example (analytics.response_rates' numerator)."""
    sql = """
        SELECT year, municipality_code, grade, count(*) AS answers,
               bool_or(is_example) AS is_example
        FROM stockholmsenkaten_pupils GROUP BY ALL ORDER BY ALL
    """
    return _frame(con, sql)


def fetch_school_pupils(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Skolverket's pupils per school unit and grade: school_year, school_unit_code,
    school_name, municipality_code, grade, pupils (NULL where mark is '.' or '..'), mark."""
    sql = """
        SELECT school_year, school_unit_code, school_name, municipality_code, grade, pupils,
               mark
        FROM school_pupils ORDER BY school_year, municipality_code, school_unit_code
    """
    return _frame(con, sql)


def fetch_youth_index_items(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The items of RISE's indices: index_id, rise_name, rise_item_id, item_id, value_min,
    value_max, question_sv, answer_codes, categories, thresholds (lists: RISE's recoding and
    item thresholds), factor_type (risk/protective, from indicators); risk indices first, each
    in the order of data/metadata/stockholmsenkaten_index_items.csv."""
    sql = """
        SELECT x.*, i.factor_type
        FROM stockholmsenkaten_index_items x JOIN indicators i ON i.indicator_id = x.index_id
        ORDER BY i.factor_type DESC, x.rowid
    """
    return _frame(con, sql)


def fetch_youth_rise_cutoffs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """RISE's published cut-offs (Rasch logits): index_id, percentile, logit."""
    return _frame(con, "SELECT * FROM stockholmsenkaten_cutoffs ORDER BY index_id, percentile")


def fetch_youth_outcome_items(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Outcome rules: indicator_id, item_id, positive_values, routed_is_no, min_positive."""
    return _frame(
        con, "SELECT * FROM stockholmsenkaten_outcome_items ORDER BY indicator_id, item_id"
    )
