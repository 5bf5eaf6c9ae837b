"""Shared fixtures: databases built from schema.sql in temporary folders (never data/)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from streamlit import config as _st_config

from data import db
from data.build import build_database, load_metadata

# Tests never read the user's real secrets (.streamlit/secrets.toml in the project or the home
# folder): a configured password would change what every page test sees. AppTest pages get
# only the secrets a test sets.
_st_config.set_option("secrets.files", [str(Path(__file__).parent / "no-such-secrets.toml")])


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
    """The whole bundled database, built once per test session. Treat as read-only."""
    path = tmp_path_factory.mktemp("built") / "trygg.duckdb"
    build_database(path)
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
