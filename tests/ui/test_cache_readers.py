"""The cache layer's short-lived readers: each uncached query runs on a DuckDB instance of its
own that is closed afterwards (so the instance's memory goes back), the result is the same as
on the root connection, and a swapped file falls back to the root connection of the version
the result is cached under. The pupil answers come one wave at a time, equal to all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st

from data import db
from ui import cache


@pytest.fixture
def database(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def test_a_query_reads_on_its_own_reader_and_closes_it(database: Path) -> None:
    root, version = cache.database()
    with cache._reader(version) as reader:
        assert reader is not root
        ours = db.fetch_municipalities(reader)
    with pytest.raises(duckdb.ConnectionException):
        reader.execute("SELECT 1")
    pd.testing.assert_frame_equal(ours, db.fetch_municipalities(root))
    pd.testing.assert_frame_equal(cache.municipalities(), ours)


def test_another_version_reads_on_the_root_connection(database: Path) -> None:
    root, version = cache.database()
    older = (version[0], version[1] - 1)
    with cache._reader(older) as reader:
        assert reader is root
    # The root connection stays open for the next query.
    assert root.execute("SELECT 1").fetchone() == (1,)


def test_answers_one_wave_at_a_time_through_the_cache_layer(database: Path) -> None:
    waves = list(cache.youth_answer_waves())
    con = db.connect(database)
    try:
        whole = db.fetch_youth_answers(con)
    finally:
        con.close()
    assert len(waves) > 1
    pd.testing.assert_frame_equal(pd.concat(waves, ignore_index=True), whole)


@pytest.mark.parametrize("shared", [False, True])
def test_a_derived_result_is_computed_once_per_database_version(
    database: Path, monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    """cache.per_version (how a page's parts cache what they derive): the same arguments in
    the same version are computed once, another argument or a new version again."""
    calls: list[tuple[str, tuple[int, int]]] = []

    def derived(week: str) -> list[str]:
        calls.append((week, cache.database()[1]))
        return [week]

    derived.__qualname__ = f"derived_{shared}"
    cached = cache.per_version(derived, shared=shared)
    assert cached("2026-W47") == ["2026-W47"]
    assert cached("2026-W47") == ["2026-W47"]
    assert cached("2026-W46") == ["2026-W46"]
    _, version = cache.database()
    assert calls == [("2026-W47", version), ("2026-W46", version)]
    newer = (version[0], version[1] + 1)
    monkeypatch.setattr(cache, "database", lambda: (None, newer))
    assert cached("2026-W47") == ["2026-W47"]
    assert calls[-1] == ("2026-W47", newer) and len(calls) == 3
