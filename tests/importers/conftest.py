"""Fixtures shared by the importer tests."""

from __future__ import annotations

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
