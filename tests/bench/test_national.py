"""bench/national.py: the same files byte for byte for the same scale, and a small run imports
cleanly through the ordinary importers into the bundled database."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from data.importers import import_file
from tests.conftest import query_rows

NATIONAL_PATH = Path(__file__).resolve().parents[2] / "bench" / "national.py"


@pytest.fixture(scope="module")
def national():
    spec = importlib.util.spec_from_file_location("bench_national", NATIONAL_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _digests(files) -> list[tuple[str, str, str]]:
    return [
        (kind, path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for kind, path in files.files
    ]


def test_same_scale_same_files(national, tmp_path: Path) -> None:
    first = national.generate(tmp_path / "a", "small")
    second = national.generate(tmp_path / "b", "small")
    assert _digests(first) == _digests(second)
    kinds = {kind for kind, _ in first.files}
    assert kinds == {"population", "bra", "kolada", "survey", "stockholmsenkaten", "est"}


def test_small_scale_imports_cleanly(national, built_db: Path, tmp_path: Path) -> None:
    database = tmp_path / "national.duckdb"
    shutil.copyfile(built_db, database)
    files = national.generate(tmp_path / "files", "small")
    for kind, path in files.files:
        # Synthetic files replace the bundled real values they overlap (a load test).
        result = import_file(database, kind, path, example=True, replace=True)
        assert not result.already_imported
        assert result.rows > 0, path.name
    scale = national.SCALES["small"]
    (kommuner,) = query_rows(
        database,
        "SELECT count(DISTINCT municipality_code) FROM crime_counts c "
        "JOIN imports i USING (import_id) WHERE i.file_name LIKE 'national_%' AND c.year = 2024 "
        "AND municipality_code NOT LIKE '00%'",
    )[0]
    assert kommuner == scale.municipalities
    (pupils,) = query_rows(
        database,
        "SELECT count(*) FROM stockholmsenkaten_pupils WHERE respondent_id LIKE 'N2%'",
    )[0]
    assert pupils == scale.pupils
    (reports,) = query_rows(
        database, "SELECT count(*) FROM est_incidents WHERE incident_id LIKE 'NAT-%'"
    )[0]
    assert reports == scale.est_reports
