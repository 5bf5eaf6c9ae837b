"""A database built from an older schema.sql is recognised: the import command refuses it with
the way out, and the pages say to rebuild instead of failing on a missing column."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data import db
from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest

ROOT = Path(__file__).resolve().parents[2]
KOLADA = ROOT / "data/real/kolada_didreport_kpis_stockholm_county_2010_2024.csv"


@pytest.fixture
def old_db(built_db: Path, tmp_path: Path) -> Path:
    """A copy of the built database as an older schema left it (another fingerprint)."""
    copy = tmp_path / "old.duckdb"
    shutil.copyfile(built_db, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE schema_info SET schema_sha256 = ?", ["0" * 64])
    con.close()
    return copy


def test_a_new_database_records_the_schema_fingerprint(built_db: Path) -> None:
    assert db.schema_is_current(built_db)
    con = db.connect(built_db)
    assert con.execute("SELECT * FROM schema_info").fetchall() == [(db.schema_fingerprint(),)]
    con.close()


def test_a_database_without_schema_info_is_not_current(built_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "older.duckdb"
    shutil.copyfile(built_db, copy)
    con = duckdb.connect(str(copy))
    con.execute("DROP TABLE schema_info")
    con.close()
    assert not db.schema_is_current(copy)


def test_import_into_an_old_database_is_refused_and_changes_nothing(old_db: Path) -> None:
    before = file_digest(old_db)
    with pytest.raises(ImportFailed, match="äldre version av schemat.*python -m data build"):
        import_file(old_db, "kolada", KOLADA)
    assert file_digest(old_db) == before


def test_pages_ask_for_a_rebuild(old_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRYGG_DB", str(old_db))
    st.cache_data.clear()
    test = AppTest.from_file(str(ROOT / "pages/crime_trends.py"), default_timeout=60).run()
    assert not test.exception
    message = (
        f"Databasen ({old_db}) är byggd av en äldre version av programmet och saknar delar som "
        "sidorna behöver. Bygg om den med `.venv/bin/python -m data build`; egna filer behöver "
        "sedan importeras igen."
    )
    assert [e.value for e in test.error] == [message]
    assert not test.dataframe
