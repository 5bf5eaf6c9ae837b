"""Mutated good files never crash an import nor write part of it; readers running while
imports and a rebuild swap the database always see exactly one complete version."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.hardening import (
    GOOD_FILES,
    Tally,
    content_bytes,
    mutate,
    run_concurrency,
    try_import,
)
from data.build import KOLADA_FILE
from data.importers import import_file


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    which=st.integers(min_value=0, max_value=len(GOOD_FILES) - 1),
)
def test_mutated_files_never_crash_or_write_half(
    built_db: Path, tmp_path: Path, seed: int, which: int
) -> None:
    kind, name, text = GOOD_FILES[which]
    source = tmp_path / name
    source.write_bytes(mutate(content_bytes(text), random.Random(seed)))
    database = tmp_path / "mutation.duckdb"
    shutil.copyfile(built_db, database)
    tally = Tally()
    try_import(database, kind, source, tally)
    assert tally.crashes == []
    assert tally.partial_writes == []
    assert tally.data_lost == []


def test_good_files_of_the_harness_import(built_db: Path, tmp_path: Path) -> None:
    tally = Tally()
    for kind, name, text in GOOD_FILES:
        source = tmp_path / name
        source.write_bytes(content_bytes(text))
        database = tmp_path / f"{name}.duckdb"
        shutil.copyfile(built_db, database)
        try_import(database, kind, source, tally)
    assert (tally.accepted, tally.rejected, tally.crashes) == (len(GOOD_FILES), 0, [])
    assert {kind for kind, _, _ in GOOD_FILES} == {
        "kolada",
        "bra",
        "population",
        "survey",
        "stockholmsenkaten",
        "est",
        "insatser",
    }


def test_readers_see_one_complete_version_during_imports_and_rebuild(
    built_db: Path, tmp_path: Path
) -> None:
    database = tmp_path / "live.duckdb"
    shutil.copyfile(built_db, database)
    import_file(database, "kolada", KOLADA_FILE)
    reads = run_concurrency(database, tmp_path, readers=8, seconds=5)
    assert reads.errors == []
    assert reads.inconsistent == []
    assert reads.reads > 100
    assert len(reads.versions_seen) >= 2, "readers saw the new versions"
