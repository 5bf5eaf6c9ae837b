"""Shared fixtures: databases built from schema.sql in temporary folders (never data/)."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import time
from pathlib import Path

import duckdb
import pytest
from streamlit import config as _st_config
from streamlit.components.v2 import manifest_scanner

from data import db
from data.build import build_database, load_metadata

# Tests never read the user's real secrets (.streamlit/secrets.toml in the project or the home
# folder): a configured password would change what every page test sees. AppTest pages get
# only the secrets a test sets.
_st_config.set_option("secrets.files", [str(Path(__file__).parent / "no-such-secrets.toml")])

# Every new AppTest scans the metadata of every installed distribution for Streamlit
# components (about 0.12 s CPU each time, several hundred AppTests per run); the installed
# packages do not change while the tests run, so each test process scans once.
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)


@pytest.fixture(autouse=True)
def _own_sign_in_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test counts wrong passwords and revoked cookies in a state file of its own (ui/auth.py),
    never the one beside a real database, and never one another test filled."""
    monkeypatch.setenv("TRYGG_AUTH_STATE", str(tmp_path_factory.mktemp("auth") / "auth.json"))


# Every table schema.sql creates (a new table is added here on purpose).
SCHEMA_TABLES = {
    "schema_info",
    "imports",
    "sources",
    "municipalities",
    "reference_groups",
    "reference_group_members",
    "indicators",
    "kolada_values",
    "crime_types",
    "crime_counts",
    "population",
    "survey_results",
    # Stockholmsenkäten
    "stockholmsenkaten_results",
    "stockholmsenkaten_pupils",
    "school_pupils",
    "stockholmsenkaten_index_items",
    "stockholmsenkaten_cutoffs",
    "stockholmsenkaten_outcome_items",
    # EST reports and insatser
    "est_areas",
    "est_places",
    "est_categories",
    "est_organisations",
    "est_incidents",
    "est_actions",
}


# The browser tests' screenshots (tests/browser/test_browser.py). Under pytest-xdist they are
# taken in the workers, so the summary lists the files written since this run started.
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
_STARTED = pytest.StashKey[float]()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STARTED] = time.time()


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """List the screenshots this run took at the end of its output, so a reader of CI's log
    knows which files to open."""
    started = config.stash.get(_STARTED, None)
    if started is None or hasattr(config, "workerinput") or not SCREENSHOTS.is_dir():
        return
    taken = sorted(
        (path for path in SCREENSHOTS.glob("*.png") if path.stat().st_mtime >= started),
        key=lambda path: path.stat().st_mtime,
    )
    if not taken:
        return
    terminalreporter.section("browser screenshots")
    root = SCREENSHOTS.parents[1]
    for path in taken:
        terminalreporter.write_line(str(path.relative_to(root)))


def query_rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of one query against a database file, opened read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """A database file with the schema and the metadata tables, and no imported data."""
    path = tmp_path / "fresh.duckdb"
    with db.write_copy(path, create=True) as con:
        load_metadata(con)
    return path


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole bundled database, built once per test run. Treat as read-only.

    Under pytest-xdist every worker is its own session: the first worker to get here builds
    into the run's shared temporary folder while holding a lock, the others wait and reuse it.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        path = tmp_path_factory.mktemp("built") / "trygg.duckdb"
        build_database(path)
        return path
    shared = tmp_path_factory.getbasetemp().parent / "built-shared"
    shared.mkdir(exist_ok=True)
    path = shared / "trygg.duckdb"
    with (shared / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "done").is_file():
            build_database(path)
            (shared / "done").write_text("built\n", encoding="utf-8")
    return path


def file_digest(path: Path) -> str:
    """SHA-256 of a file: proves a failed import left the database byte-for-byte unchanged."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_checksums(path: Path, *, ignore_clock: bool = False) -> dict[str, tuple]:
    """Row count and an order-independent hash of every table's rows.

    `ignore_clock=True` leaves out imports.imported_at (the time of the import), for comparing
    two builds of the same files.
    """
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [name for (name,) in con.execute("SHOW TABLES").fetchall()]
        checksums = {}
        for table in tables:
            source = table
            if ignore_clock and table == "imports":
                source = "(SELECT * EXCLUDE (imported_at) FROM imports)"
            checksums[table] = con.execute(
                f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {source} t"  # noqa: S608
            ).fetchone()
        return checksums
    finally:
        con.close()
