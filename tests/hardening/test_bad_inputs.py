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

import data.__main__ as data_main
from data import db
from data.__main__ import main
from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, table_checksums

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
    EXPECTED = list(csv.DictReader(handle))


def test_the_corpus_is_complete() -> None:
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.csv"}
    assert files == {row["file"] for row in EXPECTED}
    assert len(files) >= 40
    newer_kinds = ("survey", "stockholmsenkaten", "est", "insatser")
    assert sum(row["kind"] in newer_kinds for row in EXPECTED) >= 30


@pytest.fixture(scope="module")
def shared_database(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """One copy of the built database for the whole corpus, with its table checksums, its
    digest and the files of its folder. Every case must leave all three as they were, so each
    case starts from the same state (a case that changed it fails itself)."""
    copy = tmp_path_factory.mktemp("bad-inputs") / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    return copy, table_checksums(copy), file_digest(copy), _files_beside(copy)


def _files_beside(database: Path) -> list[Path]:
    """The files in the database's folder but the writer's lock file (data.db.lock_path),
    which the first import creates and every later one reuses."""
    return sorted(set(database.parent.iterdir()) - {db.lock_path(database)})


def _unchanged(shared: tuple) -> None:
    """The database file byte for byte as it was, and no file (a write-ahead log, a left-over
    copy) beside it: then every table is as it was. The table checksums are compared too when
    the bytes differ, so a failure names the table that changed."""
    database, before_tables, before_bytes, before_files = shared
    after_bytes = file_digest(database)
    if after_bytes != before_bytes:
        assert table_checksums(database) == before_tables
    assert after_bytes == before_bytes
    assert _files_beside(database) == before_files


@pytest.mark.parametrize("case", EXPECTED, ids=[row["file"] for row in EXPECTED])
def test_bad_file_fails_clearly_and_changes_nothing(
    case: dict,
    shared_database: tuple,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each file once through the command line's main() in this process (a new Python per file
    would take minutes; the next test runs the real command for one file of each kind): it exits
    1 with one line on stderr, and the error main() printed is the ImportFailed import_file
    raised, which names the file, line and column."""
    database = shared_database[0]
    raised: list[BaseException] = []

    def recording_import_file(*args, **kwargs):
        try:
            return import_file(*args, **kwargs)
        except BaseException as error:
            raised.append(error)
            raise

    monkeypatch.setattr(data_main, "import_file", recording_import_file)
    status = main(["import", case["kind"], str(CORPUS / case["file"]), "--db", str(database)])
    captured = capsys.readouterr()
    assert len(raised) == 1 and isinstance(raised[0], ImportFailed), (raised, captured.err)
    failure = raised[0]
    message = str(failure)
    assert message.startswith(case["file"])
    assert case["message"] in message
    assert "\n" not in message
    if case["line"]:
        assert failure.line == int(case["line"]), message
        assert f"rad {case['line']}" in message
    if case["column"]:
        assert failure.column == case["column"], message
        assert f"kolumn '{case['column']}'" in message
    assert status == 1, (case["file"], captured.err)
    assert captured.err == f"fel: {message}\n"
    assert captured.out == ""
    _unchanged(shared_database)


FIRST_OF_EACH_KIND = list({row["kind"]: row for row in reversed(EXPECTED)}.values())


@pytest.mark.parametrize(
    "case", FIRST_OF_EACH_KIND, ids=[row["kind"] for row in FIRST_OF_EACH_KIND]
)
def test_the_real_command_exits_non_zero_with_one_line(case: dict, shared_database: tuple) -> None:
    database = shared_database[0]
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
    _unchanged(shared_database)
