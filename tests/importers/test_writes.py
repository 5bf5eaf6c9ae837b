"""The one write path of every importer (data.importers.import_into): which rows are appended and
which replace stored ones."""

from __future__ import annotations

import select
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data import db
from data.importers import PRIMARY_KEYS, WRITABLE_TABLES, _shares_keys, import_file


def primary_keys(path: Path) -> dict[str, list[str]]:
    con = db.connect(path)
    try:
        rows = con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND database_name = 'trygg'"
        ).fetchall()
    finally:
        con.close()
    return {table: list(columns) for table, columns in rows}


def test_every_table_an_importer_writes_is_writable(fresh_db: Path) -> None:
    con = db.connect(fresh_db)
    try:
        filled = {
            table
            for (table,) in con.execute(
                "SELECT DISTINCT table_name FROM duckdb_columns() "
                "WHERE database_name = 'trygg' AND column_name = 'import_id' "
                "AND table_name <> 'imports'"
            ).fetchall()
        }
    finally:
        con.close()
    assert filled == set(WRITABLE_TABLES)


@pytest.mark.parametrize("table", WRITABLE_TABLES)
def test_import_keys_are_the_stored_tables_primary_keys(fresh_db: Path, table: str) -> None:
    assert list(PRIMARY_KEYS[table]) == primary_keys(fresh_db)[table]


def test_shared_keys_are_found_only_when_a_stored_row_has_an_incoming_key(fresh_db: Path) -> None:
    con = duckdb.connect(str(fresh_db))
    try:
        con.execute(
            "INSERT INTO est_incidents VALUES ('A-1', DATE '2024-05-01', NULL, 2024, 18, "
            "DATE '2024-04-29', 'vaxon', NULL, NULL, 'ovrigt', 'polisen', 1, NULL, false, "
            "'est', 1, false)"
        )
        assert _shares_keys(con, "est_incidents", pd.DataFrame({"incident_id": ["A-1", "A-2"]}))
        assert not _shares_keys(con, "est_incidents", pd.DataFrame({"incident_id": ["A-2", "A-3"]}))
    finally:
        con.close()


HEADER = "id;datum;tid;område;plats;kategori;organisation;allvarlighet;beskrivning"


def write_est(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def stored(path: Path) -> list[tuple]:
    con = db.connect(path)
    try:
        return con.execute(
            "SELECT incident_id, severity, import_id FROM est_incidents ORDER BY incident_id"
        ).fetchall()
    finally:
        con.close()


def test_disjoint_file_is_appended_and_overlapping_file_replaces(
    fresh_db: Path, tmp_path: Path
) -> None:
    row = "{id};2024-05-01;12:00;Vaxön;;Övrigt;Polisen;{severity};text"
    first = write_est(tmp_path / "a.csv", [row.format(id="A-1", severity=1)])
    second = write_est(tmp_path / "b.csv", [row.format(id="A-2", severity=2)])
    corrected = write_est(
        tmp_path / "c.csv",
        [row.format(id="A-2", severity=3), row.format(id="A-3", severity=1)],
    )
    ids = [import_file(fresh_db, "est", path).import_id for path in (first, second)]
    assert stored(fresh_db) == [("A-1", 1, ids[0]), ("A-2", 2, ids[1])]
    third = import_file(fresh_db, "est", corrected).import_id
    assert stored(fresh_db) == [("A-1", 1, ids[0]), ("A-2", 3, third), ("A-3", 1, third)]


# --- one writer at a time (issue 14.1) -------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _import_process(database: Path, source: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "data", "import", "est", str(source), "--db", str(database)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_imports_in_separate_processes_keep_every_file(
    fresh_db: Path, tmp_path: Path
) -> None:
    """Four imports started at once: each copies the database only after the previous one
    swapped its copy in, so every file's rows survive under its own import id."""
    row = "{id};2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;text"
    sources = [
        write_est(tmp_path / f"p{number}.csv", [row.format(id=f"P-{number}-{k}") for k in range(3)])
        for number in range(4)
    ]
    processes = [_import_process(fresh_db, source) for source in sources]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 4, outputs
    rows = stored(fresh_db)
    assert sorted(incident for incident, _, _ in rows) == sorted(
        f"P-{number}-{k}" for number in range(4) for k in range(3)
    )
    import_ids = {import_id for _, _, import_id in rows}
    assert len(import_ids) == 4
    assert len({out.split("import ")[-1] for out, _ in outputs}) == 4


def test_second_writer_waits_for_the_lock_with_a_message(fresh_db: Path, tmp_path: Path) -> None:
    source = write_est(tmp_path / "w.csv", ["W-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])
    with db.writer_lock(fresh_db):
        process = _import_process(fresh_db, source)
        # The waiting writer says so on stderr (the first line it writes) and stays waiting.
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "no message from the waiting writer"
        assert "väntar: en annan import" in process.stderr.readline()
        time.sleep(0.5)
        assert process.poll() is None
        assert stored(fresh_db) == []
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert [incident for incident, _, _ in stored(fresh_db)] == ["W-1"]


def test_writer_gives_up_clearly_when_the_lock_stays_held(fresh_db: Path) -> None:
    with db.writer_lock(fresh_db):
        script = (
            "import sys; from data import db\n"
            "try:\n"
            "    with db.writer_lock(sys.argv[1], wait_seconds=0.2): pass\n"
            "except db.DatabaseBusy as error:\n"
            "    print(error); sys.exit(3)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(fresh_db)],
            check=False,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 3
    assert "försök igen senare" in done.stdout


# --- a fel: line, never a traceback (issue 14.8) ---------------------------------------------


@pytest.mark.parametrize("content", [b"", b"not a database at all\n"])
def test_db_that_is_not_duckdb_gives_one_error_line(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    from data.__main__ import main

    database = tmp_path / "other.duckdb"
    database.write_bytes(content)
    source = write_est(tmp_path / "x.csv", ["X-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])
    assert main(["import", "est", str(source), "--db", str(database)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fel: other.duckdb: filen är ingen DuckDB-databas")
    assert database.read_bytes() == content


def test_out_of_memory_gives_one_error_line(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from data.__main__ import main

    source = write_est(tmp_path / "big.csv", ["X-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])

    def no_memory(self: Path) -> bytes:
        raise MemoryError

    monkeypatch.setattr(Path, "read_bytes", no_memory)
    assert main(["import", "est", str(source), "--db", str(fresh_db)]) == 2
    assert capsys.readouterr().err.startswith("fel: för lite minne")


def test_file_size_limit_gives_one_error_line_and_changes_nothing(
    fresh_db: Path, tmp_path: Path
) -> None:
    source = write_est(tmp_path / "u.csv", ["U-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])
    before = fresh_db.read_bytes()
    limit = max(1, len(before) // 512 // 2)  # blocks of 512 bytes: half the database
    done = subprocess.run(
        [
            "bash",
            "-c",
            f'ulimit -f {limit}; exec "$0" -m data import est "$1" --db "$2"',
            sys.executable,
            str(source),
            str(fresh_db),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("fel: ") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert fresh_db.read_bytes() == before
    assert not list(tmp_path.glob(".fresh.duckdb.*.tmp"))


# --- the swap keeps what the file was (issue 14.9) ------------------------------------------


def test_swap_keeps_the_database_files_mode(fresh_db: Path, tmp_path: Path) -> None:
    fresh_db.chmod(0o664)
    source = write_est(tmp_path / "m.csv", ["M-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])
    import_file(fresh_db, "est", source)
    assert fresh_db.stat().st_mode & 0o777 == 0o664


def test_a_symlinked_database_stays_a_symlink(fresh_db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.duckdb"
    link.symlink_to(fresh_db)
    source = write_est(tmp_path / "s.csv", ["S-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])
    import_file(link, "est", source)
    assert link.is_symlink()
    assert [incident for incident, _, _ in stored(fresh_db)] == ["S-1"]


def test_a_copy_left_by_a_killed_import_is_removed_by_the_next(
    fresh_db: Path, tmp_path: Path
) -> None:
    source = write_est(tmp_path / "k.csv", ["K-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])
    process = _import_process(fresh_db, source)
    # Kill the import once its copy exists (between copy and swap), as kill -9 would.
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".fresh.duckdb.*.tmp")) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.005)
    process.kill()
    process.communicate()
    stale = tmp_path / ".fresh.duckdb.left0ver.tmp"
    stale.write_bytes(b"x" * 1024)
    other = write_est(tmp_path / "o.csv", ["O-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x"])
    import_file(fresh_db, "est", other)
    assert not list(tmp_path.glob(".fresh.duckdb.*.tmp*"))
