"""Excel workbooks read safely: checked before reading, read in a separate process under a
memory limit, so no upload can take the app (or the import command) down.

A 5 kB .xlsx with one cell at XFD1048576 makes the Excel reader allocate the whole range from A1
(16 384 x 1 048 576 cells, 512 GiB) and the process aborts; a 60 kB zip of shared strings
unpacks to gigabytes. So every Excel read goes through `read_workbook`:

1. `check_workbook` (for .xlsx/.xlsm, which are zip files) refuses, without unpacking more than
   the limits allow: more than MAX_MEMBERS members, more than MAX_UNCOMPRESSED_BYTES unpacked
   (as declared, and as actually read), and a sheet whose declared dimension or whose cells
   span more than MAX_CELLS cells (rows x columns from A1, which is what the reader allocates)
   or hold more than MAX_CELLS cells.
2. The workbook is then read by this file run as a script in a child process whose address
   space is limited to MEMORY_LIMIT_BYTES: a file that still needs more (a legacy .xls, a
   workbook that lies about its sizes) ends that process, not this one, and is refused with a
   clear message.

The child returns every sheet's name, visibility, non-empty rows (row number, cells as the text
a CSV export would hold) and merged ranges, as JSON. Nothing heavier than the standard library
and python_calamine is imported in the child.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# Limits: far above any municipal export (a full year of EST reports is a few thousand rows),
# far below what hurts a server.
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_CELLS = 5_000_000
MEMORY_LIMIT_BYTES = 2 * 1024 * 1024 * 1024
# How long a read may take (seconds) before it is stopped.
READ_TIMEOUT_SECONDS = 300
_CHUNK = 1 << 20
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,4})(\d{1,9})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,9})"')
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s>/]")
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s[^>]*?\bref="([A-Z]{1,4})?(\d{1,9})?(?::([A-Z]{1,4})(\d{1,9}))?"'
)


@dataclass(frozen=True)
class Sheet:
    """One sheet as read: its name, whether it is visible, its non-empty rows (row number in the
    sheet, cells as text) and merged ranges ((first row, first column), (last row, last
    column), 0-based)."""

    name: str
    visible: bool
    rows: list[tuple[int, list[str]]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _refuse(path: Path, message: str) -> None:
    from data.importers.common import ImportFailed

    raise ImportFailed(path, message)


def check_workbook(path: str | Path) -> None:
    """Refuse an .xlsx/.xlsm whose reading would need unbounded memory (module docstring).

    A file that is not a zip archive (legacy .xls) is left to the memory limit of the reader.
    """
    path = Path(path)
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                _refuse(path, f"arbetsboken har {len(members)} delar; högst {MAX_MEMBERS} läses")
            declared = sum(member.file_size for member in members)
            if declared > MAX_UNCOMPRESSED_BYTES:
                _refuse(path, _too_big(declared))
            unpacked = 0
            for member in members:
                if not (
                    member.filename.startswith("xl/worksheets/")
                    and member.filename.endswith(".xml")
                ):
                    continue
                unpacked += _check_sheet(path, archive, member, MAX_UNCOMPRESSED_BYTES - unpacked)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        OSError,
        EOFError,
        zlib.error,
        ValueError,
    ) as error:
        _refuse(path, f"kan inte läsas som Excel-fil ({error})")


def _number(value: float) -> str:
    """A whole number with a space between thousands (1 048 576)."""
    return f"{value:,.0f}".replace(",", " ")


def _too_big(size: int) -> str:
    return (
        f"arbetsboken packas upp till {_number(size / 1e6)} MB; högst "
        f"{_number(MAX_UNCOMPRESSED_BYTES / 1e6)} MB läses (dela upp filen eller spara den som CSV)"
    )


def _check_sheet(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> int:
    """Scan one sheet's XML in chunks: its declared dimension, the farthest cell and row it
    names, and how many cells it holds. Returns the bytes unpacked."""
    sheet = member.filename.rsplit("/", 1)[-1].removesuffix(".xml")
    max_row = max_column = cells = 0
    unpacked = 0
    tail = b""
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            unpacked += len(chunk)
            if unpacked > budget:
                _refuse(path, _too_big(MAX_UNCOMPRESSED_BYTES + 1))
            data = tail + chunk
            # Scan up to the last '<' (a tag cut by the chunk's end waits for the next one).
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 or len(data) - cut > 4096 else cut
            window, tail = data[:cut], data[cut:]
            dimension = _DIMENSION.search(window)
            if dimension:
                last_column, last_row = (
                    dimension.group(3) or dimension.group(1),
                    (dimension.group(4) or dimension.group(2)),
                )
                if last_column and last_row:
                    _check_extent(
                        path, sheet, int(last_row), _column_number(last_column), "deklarerar"
                    )
            for found in _CELL_REF.finditer(window):
                max_column = max(max_column, _column_number(found.group(1)))
                max_row = max(max_row, int(found.group(2)))
            for found in _ROW_REF.finditer(window):
                max_row = max(max_row, int(found.group(1)))
            cells += len(_CELL_OPEN.findall(window))
            _check_extent(path, sheet, max_row, max(max_column, 1), "har celler som spänner över")
            if cells > MAX_CELLS:
                _refuse(path, f"ett blad ({sheet}) har fler än {_number(MAX_CELLS)} celler")
    return unpacked


def _check_extent(path: Path, sheet: str, rows: int, columns: int, verb: str) -> None:
    if rows * columns > MAX_CELLS:
        _refuse(
            path,
            f"ett blad ({sheet}) {verb} {_number(rows)} rader x {_number(columns)} kolumner; "
            f"högst {_number(MAX_CELLS)} celler läses (ta bort tomma rader och kolumner långt "
            "ut i bladet, eller spara bladet som CSV)",
        )


def read_workbook(path: str | Path) -> list[Sheet]:
    """Every sheet of an Excel workbook, checked first and read in a child process with a
    memory limit (module docstring). Raises ImportFailed for anything that cannot be read."""
    path = Path(path)
    check_workbook(path)
    try:
        done = subprocess.run(
            [sys.executable, "-I", str(Path(__file__).resolve()), str(path.resolve())],
            capture_output=True,
            check=False,
            timeout=READ_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        _refuse(path, f"arbetsboken gick inte att läsa på {READ_TIMEOUT_SECONDS} s")
    if done.returncode != 0 or not done.stdout:
        _refuse(
            path,
            "arbetsboken kräver mer minne än "
            f"{MEMORY_LIMIT_BYTES / 2**30:.0f} GiB att läsa och läses inte (tomma celler långt ut "
            "i bladet, för många eller för långa texter, eller en skadad fil); spara bladet som CSV",
        )
    answer = json.loads(done.stdout)
    if "error" in answer:
        _refuse(path, f"kan inte läsas som Excel-fil ({answer['error']})")
    return [
        Sheet(
            sheet["name"],
            sheet["visible"],
            [(number, cells) for number, cells in sheet["rows"]],
            [((a, b), (c, d)) for (a, b), (c, d) in sheet["merged"]],
        )
        for sheet in answer["sheets"]
    ]


def _limit_memory() -> None:
    """The child limits its own address space first thing (not preexec_fn, which is unsafe in
    a threaded server)."""
    try:
        import resource
    except ImportError:  # not POSIX: the checks above are the only bound
        return
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


# --- the child process ---------------------------------------------------------------------


def cell_text(value: object) -> str:
    """An Excel cell as the text a CSV export would hold: dates as 2024-05-01, times as 21:30,
    whole numbers without decimals."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # In Unicode NFC, as decoded CSV text is (common.decode).
    return unicodedata.normalize("NFC", str(value).strip())


def _read_in_child(name: str) -> dict:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(name)
        sheets = []
        for index, meta in enumerate(workbook.sheets_metadata):
            sheet = workbook.get_sheet_by_index(index)
            cells = sheet.to_python(skip_empty_area=False)
            rows = []
            for number, row in enumerate(cells, 1):
                texts = [cell_text(value) for value in row]
                if any(texts):
                    rows.append((number, texts))
            sheets.append(
                {
                    "name": meta.name,
                    "visible": str(meta.visible).rsplit(".", 1)[-1].casefold() == "visible",
                    "rows": rows,
                    "merged": sheet.merged_cell_ranges or [],
                }
            )
    except (CalamineError, ValueError, OSError) as error:
        return {"error": str(error)}
    return {"sheets": sheets}


if __name__ == "__main__":
    _limit_memory()
    sys.stdout.write(json.dumps(_read_in_child(sys.argv[1]), ensure_ascii=True))
