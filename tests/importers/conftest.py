"""Fixtures shared by the importer tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data import db
from data.build import load_metadata
from data.importers.common import Catalog


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path = tmp_path_factory.mktemp("catalog") / "fresh.duckdb"
    with db.write_copy(path, create=True) as con:
        load_metadata(con)
    con = db.connect(path)
    try:
        return Catalog.from_database(con)
    finally:
        con.close()


@pytest.fixture
def database(built_db: Path, tmp_path: Path) -> Path:
    """A copy of the built database that a test may import into."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    return copy
