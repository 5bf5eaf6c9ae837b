"""One table out of a CSV file or an Excel workbook, as municipalities export them.

`read_table` returns the same `CsvTable` for both (cells as text, each row with its line
number in the file or its row number in the sheet), so an importer validates one shape.
Excel cells are turned into the text a CSV export would hold: dates as 2024-05-01, times as
21:30, whole numbers without decimals.

What happens with an Excel workbook (what a municipal analyst would expect: the table they see
is the table imported, or a clear error saying why not):
- The sheet with data is read. Empty sheets are ignored, so "Blad2" and "Blad3" left over from
  a new workbook do not matter. When several sheets hold data, the one whose first row carries
  the importer's column headings is read if exactly one does (a data sheet beside a sheet of
  notes or definitions); otherwise the import stops and names the sheets (two years in two
  sheets, say): which one was meant is not ours to guess.
- A formula cell is refused, naming its row and column: the workbook may hold no computed
  value (files written by scripts), or one computed before the data it refers to changed, so
  the value imported might not be the value the user saw. Paste the values (Klistra in
  special > Värden) and save again. (Checked for .xlsx/.xlsm; a legacy .xls is read as it is.)
- Merged cells in the sheet read are refused, naming the range: only the first cell of a
  merged range holds the value, so a merged heading leaves a column without its name and a
  merged data cell leaves the rows below it empty.
- A value in a column without a heading is refused (CSV files too): it would be dropped
  silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from data.importers.common import (
    UTF8_BOM,
    UTF16_BOMS,
    CsvTable,
    ImportFailed,
    decode,
    header_columns,
    read_delimited,
    require_columns,
)
from data.importers.xlsx_guard import read_workbook

# File signatures of Excel workbooks: .xlsx/.xlsm (zip) and legacy .xls (OLE2).
EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
# Decides from a sheet's first row whether it holds the table an importer wants.
HeaderCheck = Callable[[list[str]], bool]
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A formula element (<f>, <f t="shared" .../>, with or without a namespace prefix) and a cell.
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+)(\d+)"')
# A row marked hidden, and a numeric cell with its value (<c r="B2" s="1"><v>45457.99</v>).
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_NUMBER_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?v>'
    rb"(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)<"
)
_DATE_OR_TIME = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|\d{2}:\d{2}")
# Day 0 of Excel's (1900) date system, as the reader counts it.
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# The characters str.strip() removes (str.isspace()), for Arrow's utf8_trim.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WHITESPACE_RE2 = "".join(f"\\x{{{ord(character):x}}}" for character in WHITESPACE)


def is_excel(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(8)
    return head.startswith(EXCEL_SIGNATURES) or path.suffix.casefold() in EXCEL_SUFFIXES


def has_columns(*required: dict[str, tuple[str, ...]]) -> HeaderCheck:
    """A HeaderCheck: the first row names every column of one of the `required` mappings
    (canonical name -> accepted spellings, compared case-insensitively)."""

    def check(header: list[str]) -> bool:
        names = {cell.strip().casefold() for cell in header}
        return any(
            all(
                any(spelling.casefold() in names for spelling in spellings)
                for spellings in wanted.values()
            )
            for wanted in required
        )

    return check


def describe(table: CsvTable) -> str:
    """How a table was read, for the import summary: "xlsx" or "utf-8, ';'"."""
    return "xlsx" if table.encoding == "xlsx" else f"{table.encoding}, '{table.delimiter}'"


def read_table(path: str | Path, expected: HeaderCheck | None = None) -> CsvTable:
    """Read a `;`/`,` CSV (UTF-8 with or without BOM, or cp1252) or an Excel sheet.

    `expected` picks the sheet when a workbook has several sheets with data (module docstring).
    """
    path = Path(path)
    if not path.stat().st_size:
        raise ImportFailed(path, "filen är tom")
    table = _read_excel(path, expected) if is_excel(path) else read_delimited(path)
    _refuse_values_without_heading(table)
    return table


@dataclass(frozen=True)
class ColumnTable:
    """A table held column by column, as Arrow text arrays: `columns[k]` holds the cells
    (stripped) under `header[k]`; row i of every column sits on line `line_numbers[i]`."""

    path: Path
    header: list[str]
    columns: list[pa.Array]
    line_numbers: list[int]
    delimiter: str
    encoding: str

    @classmethod
    def from_rows(cls, table: CsvTable) -> ColumnTable:
        """The columns of a table read by `read_table` whose rows all have the header's width."""
        header = table.header or []
        columns = [
            pa.array([cell.strip() for cell in column], pa.large_string())
            for column in zip(*table.rows, strict=True)
        ] or [pa.array([], pa.large_string()) for _ in header]
        return cls(table.path, header, columns, table.line_numbers, table.delimiter, table.encoding)

    def row(self, index: int) -> list[str]:
        return [column[index].as_py() for column in self.columns]

    def to_rows(self) -> CsvTable:
        """The table as `read_table` gives it, row by row (for small tables of another shape)."""
        rows = [list(row) for row in zip(*(c.to_pylist() for c in self.columns), strict=True)]
        return CsvTable(
            self.path, self.header, rows, self.line_numbers, self.delimiter, self.encoding
        )


def read_columns(path: str | Path) -> ColumnTable | None:
    """`read_table` of a plain CSV file, column by column in Arrow arrays (no Python object per
    cell).

    Returns what `read_table` would (same header, cells, line numbers, encoding and separator)
    for files where that is certain: no quote character, no NUL, no line longer than the csv
    module's field limit, a value under every heading and every row as wide as the header.
    Anything else (Excel, an empty or broken file, a short row) gives None, and the caller reads
    the file with `read_table`, which gives the exact error. Never raises for a readable file.
    """
    path = Path(path)
    try:
        if not path.stat().st_size or is_excel(path):
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    # Blank, UTF-16, NUL anywhere (decode looks at the start only), a quote: read_table.
    if raw.isspace() or raw.startswith(UTF16_BOMS) or b"\x00" in raw or b'"' in raw:
        return None
    start = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    offsets = pa.array([start, len(raw)], pa.int64()).buffers()[1]
    whole = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), 1, [None, offsets, pa.py_buffer(raw)]
    )
    try:
        # Arrow checks UTF-8 as strictly as Python's decoder (tested), without a copy.
        whole = whole.cast(pa.large_string())
        encoding = "utf-8"
        # The first 65 536 characters lie in the first 4 x 65 536 bytes; only a character cut
        # at the end of those bytes is dropped.
        text = raw[start : start + 4 * 65536].decode("utf-8", "ignore")
    except pa.ArrowInvalid:
        try:
            text, encoding = decode(path, raw)
        except ImportFailed:
            return None
        whole = pa.array([text], pa.large_string())
    if not raw.isascii():
        # decode() gives NFC text (a decomposed "Vaxön" from a Mac looks the same but is not).
        whole = pc.utf8_normalize(whole, form="NFC")
        text = unicodedata.normalize("NFC", text)
    # read_delimited's first line (text.lstrip("\ufeff").splitlines()[0]), from a prefix.
    head = text.lstrip("\ufeff")[:65536].splitlines()
    if len(head) < 2:
        return None
    first_line = head[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # The lines io.StringIO(newline="") gives the csv module: \r\n and \n end a line (a file
    # with a \r on its own is left to read_table).
    lines = pc.split_pattern(whole, "\n").flatten()
    if b"\r" in raw:
        # A \r not followed by \n (counted on the bytes: the same in UTF-8 and cp1252).
        if raw.count(b"\r") != raw.count(b"\r\n"):
            return None
        ends = pc.ends_with(lines, pattern="\r")
        lines = pc.if_else(ends, pc.utf8_slice_codeunits(lines, 0, -1), lines)
    # Characters per line bound the characters per field.
    if pc.max(pc.utf8_length(lines)).as_py() > csv.field_size_limit():
        return None
    # A line is skipped when every cell is blank: nothing but separators and whitespace.
    filled = pc.match_substring_regex(lines, f"[^{_WHITESPACE_RE2}{delimiter}]")
    kept = np.flatnonzero(filled.to_numpy(zero_copy_only=False))
    if len(kept) < 2:
        return None
    header_line = lines[int(kept[0])].as_py()
    header = [cell.strip().lstrip("\ufeff").strip() for cell in header_line.split(delimiter)]
    width = len(header)
    if not all(header):
        return None
    data = lines.take(pa.array(kept[1:]))
    split = pc.split_pattern(data, delimiter)
    if pc.min_max(pc.list_value_length(split)).as_py() != {"min": width, "max": width}:
        return None
    cells = pc.utf8_trim(split.flatten(), characters=WHITESPACE)
    count = len(data)
    columns = [cells.take(pa.array(np.arange(k, count * width, width))) for k in range(width)]
    return ColumnTable(path, header, columns, (kept[1:] + 1).tolist(), delimiter, encoding)


def read_any(
    path: str | Path, reader: Callable[[Path], CsvTable] | None = None
) -> ColumnTable | CsvTable:
    """A table as `read_columns` reads it (a plain CSV file, column by column), else as
    `reader` (default `read_table`) reads it, whose error is the one raised. Both hold the
    same header, cells and line numbers; `check_columns` makes columns of either."""
    path = Path(path)
    data = read_columns(path)
    return data if data is not None else (reader or read_table)(path)


def check_columns(
    source: ColumnTable | CsvTable, aliases: dict[str, tuple[str, ...]]
) -> tuple[ColumnTable, dict[str, int]]:
    """The table's columns and where each canonical column of `aliases` is
    (`common.require_columns`: a missing column, a file without data rows or a row whose width
    differs from the header's is an error naming its line)."""
    if isinstance(source, ColumnTable):
        positions = header_columns(source.path, source.header, source.line_numbers, aliases)
        return source, positions
    positions = require_columns(source, aliases)
    return ColumnTable.from_rows(source), positions


def read_checked(
    path: str | Path,
    aliases: dict[str, tuple[str, ...]],
    reader: Callable[[Path], CsvTable] | None = None,
) -> tuple[ColumnTable, dict[str, int]]:
    """The one way an importer reads a table: `check_columns(read_any(path, reader), aliases)`.

    A plain CSV file is read by `read_columns`; any other (quotes, Excel, a broken file) by
    `reader` (default `read_table`). Both give the same table.
    """
    return check_columns(read_any(path, reader), aliases)


def column_letter(index: int) -> str:
    """Excel's name of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _refuse_values_without_heading(table: CsvTable) -> None:
    header = table.header or []
    empty = [index for index, name in enumerate(header) if not name.strip()]
    if not empty:
        return
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        for index in empty:
            if index < len(row) and row[index].strip():
                where = column_letter(index) if table.encoding == "xlsx" else f"fält {index + 1}"
                raise ImportFailed(
                    table.path,
                    f"kolumnen saknar rubrik men har värdet '{row[index][:40]}'; ge kolumnen en "
                    "rubrik eller ta bort den",
                    line=line,
                    column=where,
                )


def report_sheets(path: str | Path) -> dict[str, list[tuple[int, list[str]]]]:
    """Every visible sheet of a workbook published as a report (several tables, titles, merged
    title cells): sheet name -> (row number, cells as text) of each non-empty row, read through
    the guard (xlsx_guard.read_workbook). The importer finds its tables in them by pattern
    (data/importers/bra_workbook.py). Hidden sheets are left out: the user does not see them."""
    path = Path(path)
    if not path.stat().st_size:
        raise ImportFailed(path, "filen är tom")
    return {sheet.name: sheet.rows for sheet in read_workbook(path) if sheet.visible}


def _read_excel(path: Path, expected: HeaderCheck | None) -> CsvTable:
    # Checked, and read in a child process with a memory limit (xlsx_guard).
    sheets = read_workbook(path)
    names = [sheet.name for sheet in sheets]
    # Hidden and very hidden sheets are not read: the user does not see them.
    with_data = [index for index, sheet in enumerate(sheets) if sheet.rows and sheet.visible]
    if not with_data:
        hidden = [f"'{sheet.name}'" for sheet in sheets if sheet.rows and not sheet.visible]
        if hidden:
            raise ImportFailed(
                path,
                f"arbetsboken har data bara i dolda blad ({', '.join(hidden)}); visa bladet "
                "(Visa > Ta fram) om det ska importeras",
            )
        raise ImportFailed(path, "arbetsboken har inga blad med data")
    chosen = with_data[0]
    if len(with_data) > 1:
        matching = [index for index in with_data if expected and expected(sheets[index].rows[0][1])]
        if len(matching) != 1:
            listed = ", ".join(f"'{names[index]}'" for index in with_data)
            raise ImportFailed(
                path,
                f"arbetsboken har flera blad med data ({listed}) och det går inte att avgöra "
                "vilket som ska importeras; spara bladet i en egen fil eller ta bort de "
                "andra bladen",
            )
        chosen = matching[0]
    merged = sheets[chosen].merged
    rows = sheets[chosen].rows
    if merged:
        (first_row, first_column), (last_row, last_column) = min(merged)
        cells = (
            f"{column_letter(first_column)}{first_row + 1}:"
            f"{column_letter(last_column)}{last_row + 1}"
        )
        raise ImportFailed(
            path,
            f"bladet '{names[chosen]}' har sammanfogade celler ({cells}); bara den första "
            "cellen har ett värde, så dela upp sammanfogningen och ge varje kolumn en egen rubrik",
            line=first_row + 1,
            column=column_letter(first_column),
        )
    xml = _sheet_xml(path, names[chosen])
    hidden_rows = sorted(_hidden_rows(xml) & {line for line, _ in rows})
    if hidden_rows:
        listed = ", ".join(str(line) for line in hidden_rows[:10])
        more = f" och {len(hidden_rows) - 10} till" if len(hidden_rows) > 10 else ""
        raise ImportFailed(
            path,
            f"bladet '{names[chosen]}' har dolda rader med data (rad {listed}{more}); visa "
            "raderna (eller ta bort dem) och spara igen: det som importeras ska synas",
            line=hidden_rows[0],
        )
    rows = _times_rounded_down(xml, rows)
    header = rows[0][1]
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    formula = _first_formula(xml)
    if formula is not None:
        letters, number = formula
        position = _column_index(letters)
        raise ImportFailed(
            path,
            f"cellen {letters}{number} innehåller en formel; värdet i filen behöver inte vara det "
            "som visades i Excel: klistra in värdena (Klistra in special > Värden) och spara igen",
            line=number,
            column=header[position] if position < width and header[position] else letters,
        )
    trimmed = []
    for line, row in rows[1:]:
        extra = [cell for cell in row[width:] if cell]
        if extra:
            raise ImportFailed(
                path,
                f"raden har värdet '{extra[0][:40]}' utanför rubrikens kolumner",
                line=line,
                column=column_letter(width + row[width:].index(extra[0])),
            )
        trimmed.append((row + [""] * width)[:width])
    return CsvTable(path, header, trimmed, [line for line, _ in rows[1:]], "", "xlsx")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _sheet_xml(path: Path, sheet_name: str) -> bytes | None:
    """The XML of a sheet of an .xlsx/.xlsm workbook (already checked by xlsx_guard), or None
    (also for a legacy .xls, which is not a zip file)."""
    if not zipfile.is_zipfile(path):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {
                relation.get("Id"): relation.get("Target", "")
                for relation in relations.iter(f"{_PACKAGE_REL_NS}Relationship")
            }
            for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
                if sheet.get("name") != sheet_name:
                    continue
                target = targets.get(sheet.get(f"{_REL_NS}id"), "")
                member = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                return archive.read(member)
    except (
        zipfile.BadZipFile,
        KeyError,
        ElementTree.ParseError,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as error:
        # A damaged or encrypted member that calamine happened not to need.
        raise ImportFailed(path, f"kan inte läsas som Excel-fil ({error})") from None
    return None


def _first_formula(xml: bytes | None) -> tuple[str, int] | None:
    """(column letters, row number) of the first formula cell of a sheet's XML, or None."""
    if xml is None:
        return None
    found = _FORMULA.search(xml)
    if found is None:
        return None
    # The formula's cell opens just before it: look back a little, not the sheet.
    window = max(0, found.start() - 1000)
    cells = list(_CELL_REF.finditer(xml, window, found.start()))
    if not cells:
        return None
    letters, number = cells[-1].groups()
    return letters.decode(), int(number)


def _hidden_rows(xml: bytes | None) -> set[int]:
    """The numbers of the rows a sheet's XML marks hidden (<row r="3" hidden="1">)."""
    if xml is None:
        return set()
    return {int(found.group(1)) for found in _HIDDEN_ROW.finditer(xml)}


def _times_rounded_down(
    xml: bytes | None, rows: list[tuple[int, list[str]]]
) -> list[tuple[int, list[str]]]:
    """The rows with date and time cells whose stored value lies within a millisecond below a
    whole minute (23:59:59.999999) written as that minute, not the next: the Excel reader
    rounds to milliseconds, which turns 23:59:59.9996 into the next day's 00:00."""
    if xml is None:
        return rows
    fixed: dict[tuple[int, int], str] = {}
    for found in _NUMBER_CELL.finditer(xml):
        serial = float(found.group(3))
        minutes = serial * 1440
        # The reader rounds to whole milliseconds: half a millisecond below a minute rounds up.
        if not 0 < math.ceil(minutes) - minutes < 0.0005 / 60:
            continue
        moment = _EXCEL_EPOCH + dt.timedelta(minutes=math.floor(minutes))
        fixed[int(found.group(2)), _column_index(found.group(1).decode())] = (
            moment.strftime("%H:%M")
            if serial < 1
            else moment.date().isoformat()
            if moment.time() == dt.time(0)
            else moment.strftime("%Y-%m-%d %H:%M")
        )
    if not fixed:
        return rows
    result = []
    for line, cells in rows:
        cells = list(cells)
        for index, cell in enumerate(cells):
            # Only a cell the reader turned into a date or a time (a plain number stays).
            if (line, index) in fixed and _DATE_OR_TIME.fullmatch(cell):
                cells[index] = fixed[line, index]
        result.append((line, cells))
    return result
