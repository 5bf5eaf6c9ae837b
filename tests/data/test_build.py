"""The build (data/build.py) and the analysts' command line (`python -m data`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from data import db
from data.build import KOLADA_FILE, BuildResult, build_database
from tests.conftest import SCHEMA_TABLES, file_digest, query_rows, table_checksums

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "data", *args],
        check=False,
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A second build, into its own folder, next to the session's built_db, over a file that
    is not a database (the build replaces whatever is there: one build checks both)."""
    target = tmp_path_factory.mktemp("build") / "x.duckdb"
    target.write_bytes(b"not a database")
    return build_database(target)


def test_build_summary_counts_match_the_database(build: BuildResult) -> None:
    assert build.path.is_file()
    assert build.rows["kolada_values"] == 138_910
    assert build.rows["crime_counts"] > 0
    assert build.rows["population"] > 0
    for table, count in build.rows.items():
        assert query_rows(build.path, f"SELECT count(*) FROM {table}") == [(count,)]  # noqa: S608
    summary = build.summary()
    assert "\n" not in summary
    assert summary.startswith(f"{build.path}: byggd på ")
    assert "kolada_values 138910" in summary
    assert f"crime_counts {build.rows['crime_counts']}" in summary


def test_build_leaves_no_temporary_files(build: BuildResult) -> None:
    assert sorted(p.name for p in build.path.parent.iterdir()) == ["x.duckdb", "x.duckdb.lock"]


def test_build_flags_example_rows(build: BuildResult) -> None:
    assert query_rows(
        build.path,
        "SELECT source_id, is_example, count(*) FROM crime_counts GROUP BY ALL ORDER BY 1",
    ) == [("bra_example", True, build.rows["crime_counts"])]
    assert query_rows(
        build.path,
        "SELECT source_id, method, is_example, count(*) FROM population GROUP BY ALL ORDER BY 1",
    ) == [("population_example", "example", True, build.rows["population"])]
    assert query_rows(
        build.path, "SELECT is_example, count(*) FROM kolada_values GROUP BY ALL"
    ) == [(False, 138_910)]


def test_build_records_three_imports(build: BuildResult) -> None:
    imports = query_rows(
        build.path,
        "SELECT import_id, kind, file_name, sha256, rows, source_id, is_example "
        "FROM imports ORDER BY import_id",
    )
    assert [
        (kind, rows_, source, example) for _, kind, _, _, rows_, source, example in imports
    ] == [
        ("kolada", 138_910, "kolada", False),
        ("population", build.rows["population"], "population_example", True),
        ("bra", build.rows["crime_counts"], "bra_example", True),
        # Safety surveys: 43 real published percentages, example police and NTU tables.
        ("survey", 43, "survey_published", False),
        ("survey", 828, "survey_example", True),
        ("survey", 108, "survey_example", True),
        # EST: example reports over three years and the insatser list.
        ("est", 3537, "est_example", True),
        ("insatser", 7, "insatser_example", True),
        # Stockholmsenkäten: 17 real published points, six waves of example pupils, the
        # example result tables.
        ("stockholmsenkaten", 17, "stockholmsenkaten_published", False),
        *[
            ("stockholmsenkaten", pupils, "stockholmsenkaten_example", True)
            for pupils in (5721, 5720, 5736, 5691, 5747, 5656)
        ],
        ("stockholmsenkaten", 2394, "stockholmsenkaten_example", True),
        # Skolverket's pupils per grade, every school unit of 2023/24 (real).
        ("skolverket", 4665, "skolverket", False),
    ]
    assert [import_id for import_id, *_ in imports] == list(range(1, len(imports) + 1))
    for _, _, _, sha256, *_ in imports:
        assert re.fullmatch(r"[0-9a-f]{64}", sha256)
    assert imports[0][2] == KOLADA_FILE.name
    assert imports[0][3] == file_digest(KOLADA_FILE)
    # Every data row points at the import it came from.
    assert query_rows(
        build.path,
        "SELECT (SELECT count(DISTINCT import_id) FROM kolada_values), "
        "(SELECT count(DISTINCT import_id) FROM population), "
        "(SELECT count(DISTINCT import_id) FROM crime_counts)",
    ) == [(1, 1, 1)]


def test_build_is_deterministic(build: BuildResult, built_db: Path) -> None:
    first, second = (
        table_checksums(built_db, ignore_clock=True),
        table_checksums(build.path, ignore_clock=True),
    )
    assert set(first) == SCHEMA_TABLES
    assert first == second


def test_build_replaces_an_existing_file(build: BuildResult) -> None:
    # The module's build went over a file holding b"not a database".
    assert build.rows["kolada_values"] == 138_910
    assert query_rows(build.path, "SELECT count(*) FROM imports") == [(17,)]
    assert sorted(p.name for p in build.path.parent.iterdir()) == ["x.duckdb", "x.duckdb.lock"]


# --- the command line ------------------------------------------------------------------------


def test_cli_build_prints_one_line(tmp_path: Path) -> None:
    target = tmp_path / "cli.duckdb"
    result = run_cli("build", "--db", str(target))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{target}: byggd på ")
    assert "kolada_values 138910" in lines[0]
    assert result.stderr == ""
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cli.duckdb", "cli.duckdb.lock"]
    assert query_rows(target, "SELECT count(*) FROM imports") == [(17,)]


@pytest.fixture
def built_copy(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the session's built database, for commands that may write."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, copy)
    return copy


def test_cli_import_bad_file_exits_1_with_one_line(built_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "trasig_kolada.csv"
    bad.write_text(
        "kpi,municipality_id,municipality,municipality_type,year,gender,value,status,count\n"
        "U07417,9999,Ingenstans,K,2023,T,1,,1\n",
        encoding="utf-8",
    )
    digest = file_digest(built_copy)
    result = run_cli("import", "kolada", str(bad), "--db", str(built_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fel: trasig_kolada.csv, rad 2, kolumn 'municipality_id'")
    assert "9999" in lines[0]
    assert file_digest(built_copy) == digest


def test_cli_import_real_file_again_changes_nothing(built_copy: Path) -> None:
    digest = file_digest(built_copy)
    version = db.database_version(built_copy)
    result = run_cli("import", "kolada", str(KOLADA_FILE), "--db", str(built_copy))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert "redan importerad" in lines[0]
    assert KOLADA_FILE.name in lines[0]
    assert file_digest(built_copy) == digest
    assert db.database_version(built_copy) == version


def test_cli_import_new_file_writes_one_line(built_copy: Path, tmp_path: Path) -> None:
    update = tmp_path / "kolada_update.csv"
    update.write_text(
        "kpi;municipality_id;year;gender;value;status\nU07417;0187;2024;T;1100,5;\n",
        encoding="utf-8",
    )
    result = run_cli("import", "kolada", str(update), "--db", str(built_copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "kolada_update.csv: 1 rad importerad som kolada (kolada-csv (utf-8, ';')), import 18"
    ]
    assert query_rows(
        built_copy,
        "SELECT value FROM kolada_values "
        "WHERE kpi = 'U07417' AND municipality_code = '0187' AND year = 2024 AND gender = 'T'",
    ) == [(1100.5,)]


def test_cli_import_into_missing_database_fails(tmp_path: Path) -> None:
    result = run_cli("import", "kolada", str(KOLADA_FILE), "--db", str(tmp_path / "no.duckdb"))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("fel: no.duckdb: databasen finns inte")
    assert list(tmp_path.iterdir()) == []
