"""The cached query layer: the one module that imports both streamlit and `data`.

The read-only root connection is a cached resource keyed on the database file's version
(inode, mtime), so after an import swaps in a new file the next run opens it and readers never
see half an import. Query results are cached small and aggregated, keyed on hashable filter
values plus that version. A query whose result is not cached yet runs on a short-lived reader
of its own (`_reader`), closed when the result is in: a DuckDB instance keeps what its queries
loaded until it is closed, so the root connection would hold every table's blocks and
metadata for the life of the process (at national scale this kept the pages' peak memory
above 500 MB). If the database file is missing (first start on a fresh clone), it is built
from the bundled files before anything is read.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from data import db
from data.build import build_database
from ui.i18n import t

# Cached query results live this long (seconds) and this many per function.
RESULT_TTL_SECONDS = 3600
RESULT_MAX_ENTRIES = 256
# Row-level results (one row per EST report) are large at national scale: keep fewer.
ROWS_MAX_ENTRIES = 16
# Results the pages derive from query results (model fits, published tables), all functions
# together: one per week, block of weeks or filter.
DERIVED_MAX_ENTRIES = 1024


@st.cache_resource(show_spinner=False)
def _ensure_database(path: str) -> str:
    if not Path(path).is_file():
        build_database(path)
    return path


@st.cache_resource(max_entries=4, show_spinner=False)
def _schema_is_current(path: str, version: tuple[int, int]) -> bool:
    return db.schema_is_current(path)


def _open_reader(path: str) -> duckdb.DuckDBPyConnection:
    """The app's one way to open the database: read-only, through data.db's factory."""
    return db.connect(path, read_only=True)


@st.cache_resource(max_entries=2, show_spinner=False)
def _root_connection(path: str, version: tuple[int, int]) -> duckdb.DuckDBPyConnection:
    return _open_reader(path)


# The database version the last run saw; when it changes (an import swapped in a new file,
# also from the command line in another process) the results of the old version are dropped
# at once instead of holding memory until their TTL runs out.
_seen_version: list[tuple[int, int]] = []


def database_file() -> Path:
    """Where the app's database file is ($TRYGG_DB, else data/trygg.duckdb)."""
    return db.database_path()


def database() -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
    """The read-only connection to the current database version, and that version."""
    path = str(db.database_path())
    if Path(path).is_file():
        _ensure_database(path)
    else:
        # First start on a fresh clone: say why the page waits while the bundled files build.
        with st.spinner(t("building_database")):
            _ensure_database(path)
    version = db.database_version(path)
    if not _schema_is_current(path, version):
        # Built by an older version of the code: its tables may lack what the pages read.
        st.error(t("database_outdated", path=path), icon=":material/database:")
        st.stop()
    if _seen_version and _seen_version[0] != version:
        st.cache_data.clear()
    _seen_version[:] = [version]
    return _root_connection(path, version), version


def clear() -> None:
    """Forget every cached result (after an import, and in tests)."""
    st.cache_data.clear()


@contextlib.contextmanager
def _reader(version: tuple[int, int]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A reader of its own for one query, closed after it.

    A DuckDB instance keeps what a query loaded (table metadata, cached blocks, its
    allocator's memory: 20-80 MB for the larger tables at national scale) until it is closed;
    the cached root connection would keep it for the rest of the process, a closed instance
    gives it back. Opening one costs about 20 ms, paid only when a result is not yet cached.
    If the file was swapped since `version` (the version the result is cached under), the root
    connection, still on that version, reads instead.
    """
    root, _ = database()
    path = str(db.database_path())
    own = _open_reader(path)
    try:
        yield own if db.database_version(path) == version else root
    finally:
        own.close()


_QUERIES: dict[str, object] = {}


@st.cache_data(ttl=RESULT_TTL_SECONDS, max_entries=RESULT_MAX_ENTRIES, show_spinner=False)
def _run_query(name: str, version: tuple[int, int], *args: object) -> pd.DataFrame:
    with _reader(version) as connection:
        return _QUERIES[name](connection, *args)


@st.cache_data(ttl=RESULT_TTL_SECONDS, max_entries=ROWS_MAX_ENTRIES, show_spinner=False)
def _run_rows_query(name: str, version: tuple[int, int], *args: object) -> pd.DataFrame:
    with _reader(version) as connection:
        return _QUERIES[name](connection, *args)


def _cached(function, *, rows: bool = False):
    """Cache a named query: its name, arguments and the database version form the key.

    Streamlit keys a cached function by its source, which is the same for every query made
    here, so the query's name is part of the arguments to keep their results apart.
    `rows=True` (row-level results) keeps at most ROWS_MAX_ENTRIES of them.
    """
    runner = _run_rows_query if rows else _run_query

    def call(*args: object) -> pd.DataFrame:
        _, version = database()
        return runner(function.__name__, version, *args)

    _QUERIES[function.__name__] = function

    call.__doc__ = function.__doc__
    call.__name__ = function.__name__
    return call


_DERIVED: dict[str, Callable[..., object]] = {}


@st.cache_data(ttl=RESULT_TTL_SECONDS, max_entries=DERIVED_MAX_ENTRIES, show_spinner=False)
def _run_derived(name: str, version: tuple[int, int], *args: object) -> object:
    return _DERIVED[name](*args)


@st.cache_resource(ttl=RESULT_TTL_SECONDS, max_entries=2, show_spinner=False)
def _run_shared(name: str, version: tuple[int, int], *args: object) -> object:
    return _DERIVED[name](*args)


def per_version(function: Callable[..., object] | None = None, *, shared: bool = False):
    """Cache what a page derives from query results (a model fit, a published table) per
    database version: used as a decorator on a function of hashable filter values that reads
    the database only through this module. The version is part of the key, so an import
    refreshes every such result with the queries they come from.

    Results are copied to each run (st.cache_data); `shared=True` keeps one copy for every
    run instead (st.cache_resource, the last two versions), for a large result that its
    callers only read.
    """
    if function is None:
        return functools.partial(per_version, shared=shared)
    name = f"{function.__module__}.{function.__qualname__}"
    _DERIVED[name] = function
    runner = _run_shared if shared else _run_derived

    @functools.wraps(function)
    def call(*args: object) -> object:
        _, version = database()
        return runner(name, version, *args)

    return call


municipalities = _cached(db.fetch_municipalities)
reference_groups = _cached(db.fetch_reference_groups)
indicators = _cached(db.fetch_indicators)
kolada_series = _cached(db.fetch_kolada_series)
crime_types = _cached(db.fetch_crime_types)
crime_series = _cached(db.fetch_crime_series)
sources = _cached(db.fetch_sources)
imports = _cached(db.fetch_imports)
data_freshness = _cached(db.fetch_data_freshness)
survey_indicators = _cached(db.fetch_survey_indicators)
survey_results = _cached(db.fetch_survey_results)
youth_results = _cached(db.fetch_youth_results)


def youth_answer_waves() -> Iterator[pd.DataFrame]:
    """db.fetch_youth_answers of each wave of the current version, earliest first, not cached
    here. Its one caller (ui.youth_parts' pupil analysis) reduces each wave to scores and outcomes
    and caches what it derives per version; every pupil's answers at once, or a cached copy
    of them, would hold about 80 MB at national scale for nothing.

    Each wave is read through a reader of its own (`_reader`), closed before the wave is
    handed on: reading the answer lists loads the table's blocks and metadata into the DuckDB
    instance, which one instance reading every wave would hold all at once (about 80 MB at
    national scale, 234 000 pupils).
    """
    _, version = database()
    with _reader(version) as connection:
        years = db.fetch_youth_waves(connection)
    for year in years:
        yield _youth_wave(version, year)


def _youth_wave(version: tuple[int, int], year: int) -> pd.DataFrame:
    with _reader(version) as connection:
        return db.fetch_youth_answers(connection, year)


youth_pupil_extent = _cached(db.fetch_youth_pupil_extent)
youth_answer_counts = _cached(db.fetch_youth_answer_counts)
school_pupils = _cached(db.fetch_school_pupils)
youth_index_items = _cached(db.fetch_youth_index_items)
youth_rise_cutoffs = _cached(db.fetch_youth_rise_cutoffs)
youth_outcome_items = _cached(db.fetch_youth_outcome_items)
# --- EST reports and insatser (pages/situation.py, pages/actions.py, pages/data_import.py) ---
est_areas = _cached(db.fetch_est_areas)
est_categories = _cached(db.fetch_est_categories)
est_organisations = _cached(db.fetch_est_organisations)
est_extent = _cached(db.fetch_est_extent)
est_weekly_counts = _cached(db.fetch_est_weekly_counts)
est_place_counts = _cached(db.fetch_est_place_counts)
est_place_weekly = _cached(db.fetch_est_place_weekly)
est_weekday_hour = _cached(db.fetch_est_weekday_hour)
est_incidents = _cached(db.fetch_est_incidents, rows=True)
est_actions = _cached(db.fetch_est_actions)
# Kinds a coordinator may import from the import page.
UPLOAD_KINDS = ("est", "insatser")


def check_upload(kind: str, path: str) -> dict[str, object]:
    """Validate a file for `kind` against the current database without writing anything.

    Returns ok (bool), error (one line naming file, line and column, or ""), rows, notes,
    preview (the first rows as they would be stored), already_imported.
    """
    from data.importers import earlier_import, importer_for
    from data.importers.common import Catalog, ImportFailed, sha256_of

    if kind not in UPLOAD_KINDS:
        raise ValueError(f"unknown upload kind {kind!r}")
    connection, _ = database()
    cur = db.cursor(connection)
    try:
        # Imported before and every row still stored (a file whose rows a later file replaced
        # is imported again and restores them).
        earlier = earlier_import(cur, kind, sha256_of(path))
        existing = earlier is not None and earlier[1]
        catalog = Catalog.from_database(cur)
    finally:
        cur.close()
    try:
        parsed = importer_for(kind).parse(Path(path), catalog)
    except ImportFailed as error:
        return {
            "ok": False,
            "error": str(error),
            "rows": 0,
            "notes": [],
            "preview": None,
            "already_imported": bool(existing),
        }
    (table,) = parsed.tables.values()
    return {
        "ok": True,
        "error": "",
        "rows": parsed.rows,
        "notes": list(parsed.notes),
        "preview": table.head(20),
        "already_imported": bool(existing),
    }


def import_upload(kind: str, path: str) -> dict[str, object]:
    """Import a checked file into the database (all or nothing), then forget cached results.

    Returns ok, message (the import's one-line summary or the error line); on success also
    file_name, rows, import_id, already_imported, restored (a file imported before whose
    replaced rows came back), replaced ((earlier import id, file name, rows) it replaced), notes.
    """
    from data.importers import import_file
    from data.importers.common import ImportFailed
    from ui import auth

    if kind not in UPLOAD_KINDS:
        raise ValueError(f"unknown upload kind {kind!r}")
    if not auth.is_coordinator():
        raise PermissionError("only coordinators may import files")
    try:
        result = import_file(db.database_path(), kind, path)
    except (ImportFailed, db.DatabaseBusy) as error:
        return {"ok": False, "message": str(error)}
    clear()
    return {
        "ok": True,
        "message": result.summary(),
        "file_name": result.file_name,
        "rows": result.rows,
        "import_id": result.import_id,
        "already_imported": result.already_imported,
        "restored": result.restored,
        "replaced": list(result.replaced),
        "notes": list(result.notes),
    }
