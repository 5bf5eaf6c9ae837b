"""One table out of a CSV file or an Excel workbook, as municipalities export them.

`read_table` returns the same `CsvTable` for both (cells as text, each row with its line
number in the file or its row number in the sheet), so an importer validates one shape.
Excel cells are turned into the text a CSV export would hold: dates as 2024-05-01, times as
21:30, whole numbers without decimals. The first sheet is read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from data.importers.common import CsvTable, ImportFailed, read_delimited

# File signatures of Excel workbooks: .xlsx/.xlsm (zip) and legacy .xls (OLE2).
EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def is_excel(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(8)
    return head.startswith(EXCEL_SIGNATURES) or path.suffix.casefold() in EXCEL_SUFFIXES


def read_table(path: str | Path) -> CsvTable:
    """Read a `;`/`,` CSV (UTF-8 with or without BOM, or cp1252) or an Excel sheet."""
    path = Path(path)
    if not path.stat().st_size:
        raise ImportFailed(path, "filen är tom")
    if is_excel(path):
        return _read_excel(path)
    return read_delimited(path)


def _cell_text(value: object) -> str:
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
    return str(value).strip()


def _read_excel(path: Path) -> CsvTable:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ImportFailed(path, "arbetsboken har inga blad")
        cells = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as error:
        raise ImportFailed(path, f"kan inte läsas som Excel-fil ({error})") from None
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    for number, row in enumerate(cells, start=1):
        texts = [_cell_text(value) for value in row]
        if any(texts):
            rows.append(texts)
            line_numbers.append(number)
    if not rows:
        raise ImportFailed(path, "bladet är tomt")
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    trimmed = []
    for row, line in zip(rows[1:], line_numbers[1:], strict=True):
        extra = [cell for cell in row[width:] if cell]
        if extra:
            raise ImportFailed(path, "raden har värden utanför rubrikens kolumner", line=line)
        trimmed.append((row + [""] * width)[:width])
    return CsvTable(path, header, trimmed, line_numbers[1:], "", "xlsx")
