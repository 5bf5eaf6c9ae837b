"""Excel workbooks that would need unbounded memory are refused before they are read, and a
read that still needs too much ends a child process, never the importing (or serving) one
(issue 14.4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from data.importers import import_file, xlsx_guard
from data.importers.common import ImportFailed
from tests.conftest import file_digest

CORPUS = Path(__file__).resolve().parents[1] / "hardening" / "corpus"


def test_a_cell_at_xfd1048576_is_refused_from_the_sheet_xml(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="1 048 576 rader x 16 384 kolumner"):
        xlsx_guard.check_workbook(CORPUS / "est_cell_at_xfd1048576.xlsx")


def test_the_reader_runs_under_a_memory_limit_in_a_child_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the checks the XFD1048576 workbook makes the reader ask for 512 GiB: the child
    process aborts, this process goes on and gets a clear refusal."""
    monkeypatch.setattr(xlsx_guard, "check_workbook", lambda path: None)
    with pytest.raises(ImportFailed, match="kräver mer minne än 2 GiB"):
        xlsx_guard.read_workbook(CORPUS / "est_cell_at_xfd1048576.xlsx")


def test_shared_string_bomb_is_refused_and_changes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    database = tmp_path / "bomb.duckdb"
    shutil.copyfile(fresh_db, database)
    before = file_digest(database)
    with pytest.raises(ImportFailed, match="kräver mer minne"):
        import_file(database, "est", CORPUS / "est_shared_string_bomb.xlsx")
    assert file_digest(database) == before


def test_declared_dimension_alone_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["id", "datum"])
    path = tmp_path / "dimension.xlsx"
    book.save(path)
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members:
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<dimension ref="A1:B1" />', b'<dimension ref="A1:ZZ999999" />'
                )
                assert b"A1:ZZ999999" in data
            target.writestr(name, data)
    with pytest.raises(ImportFailed, match="deklarerar 999 999 rader x 702 kolumner"):
        xlsx_guard.check_workbook(path)


def test_an_ordinary_workbook_reads_every_sheet_with_its_visibility(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active.append(["id", 1.0, 2.5])
    hidden = book.create_sheet("Gömt")
    hidden.sheet_state = "hidden"
    hidden.append(["x"])
    path = tmp_path / "ok.xlsx"
    book.save(path)
    sheets = xlsx_guard.read_workbook(path)
    assert [(sheet.name, sheet.visible) for sheet in sheets] == [("Data", True), ("Gömt", False)]
    assert sheets[0].rows == [(1, ["id", "1", "2.5"])]
