"""A corpus of bad input files (tests/hardening/corpus/, expected.csv says the error each must
give; tests/hardening/write_corpus.py writes the files of the survey, stockholmsenkaten, est and
insatser kinds): every one fails with one clear error naming file, line and column, exits
non-zero from the command line, and leaves every table of the database unchanged (DESIGN §6).
What the contract accepts is in test_accepted_variants.py."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from data.__main__ import main
from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, table_checksums

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
    EXPECTED = list(csv.DictReader(handle))


@pytest.fixture
def database(built_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    return copy


def test_the_corpus_is_complete() -> None:
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.csv"}
    assert files == {row["file"] for row in EXPECTED}
    assert len(files) >= 40
    newer_kinds = ("survey", "stockholmsenkaten", "est", "insatser")
    assert sum(row["kind"] in newer_kinds for row in EXPECTED) >= 30


@pytest.mark.parametrize("case", EXPECTED, ids=[row["file"] for row in EXPECTED])
def test_bad_file_fails_clearly_and_changes_nothing(case: dict, database: Path) -> None:
    before_tables, before_bytes = table_checksums(database), file_digest(database)
    with pytest.raises(ImportFailed) as failure:
        import_file(database, case["kind"], CORPUS / case["file"])
    message = str(failure.value)
    assert message.startswith(case["file"])
    assert case["message"] in message
    assert "\n" not in message
    if case["line"]:
        assert failure.value.line == int(case["line"]), message
        assert f"rad {case['line']}" in message
    if case["column"]:
        assert failure.value.column == case["column"], message
        assert f"kolumn '{case['column']}'" in message
    assert table_checksums(database) == before_tables
    assert file_digest(database) == before_bytes


def test_command_line_exits_non_zero_with_one_line_for_every_bad_file(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every file through the command line's main() in this process (a new Python per file
    would take minutes); the next test runs the real command for one file of each kind."""
    before = file_digest(database)
    for case in EXPECTED:
        status = main(["import", case["kind"], str(CORPUS / case["file"]), "--db", str(database)])
        captured = capsys.readouterr()
        assert status == 1, (case["file"], captured.err)
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"fel: {case['file']}"), captured.err
        assert captured.out == ""
    assert file_digest(database) == before


FIRST_OF_EACH_KIND = list({row["kind"]: row for row in reversed(EXPECTED)}.values())


@pytest.mark.parametrize(
    "case", FIRST_OF_EACH_KIND, ids=[row["kind"] for row in FIRST_OF_EACH_KIND]
)
def test_the_real_command_exits_non_zero_with_one_line(case: dict, database: Path) -> None:
    before = file_digest(database)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "data",
            "import",
            case["kind"],
            str(CORPUS / case["file"]),
            "--db",
            str(database),
        ],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, (case["file"], result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"fel: {case['file']}"), result.stderr
    assert "Traceback" not in result.stderr
    assert file_digest(database) == before
