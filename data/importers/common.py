"""What every importer shares: reading files in their encodings and separators, parsing
Swedish numbers, errors that name file, line and column, and the provenance record.

An importer is a module with `KIND`, `SOURCE_ID` and `parse(path, catalog) -> ParsedImport`.
`data.importers.import_file` runs parse -> validate -> write in one transaction on a copy of
the database and swaps it in, so a bad file changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from data import db

# Byte-order marks that identify encodings we refuse with a clear message.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
# Characters used as thousands separators in Swedish exports (space, no-break, narrow no-break).
THOUSANDS_SEPARATORS = (" ", "\u00a0", "\u202f")
# A UTF-8 encoded non-ASCII character (lead byte + its continuation bytes), e.g. å = C3 A5.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Characters a Swedish export holds beyond ASCII (Latin letters with accents, punctuation such
# as – and …, €, no-break spaces): a UTF-8 sequence for one of these is evidence of UTF-8. Pure
# cp1252 text can happen to form other valid sequences ("Ö–" is D6 96, U+0596, a Hebrew
# accent), which are not.
_PLAUSIBLE_NON_ASCII = ((0x00A0, 0x024F), (0x2000, 0x20CF), (0x2100, 0x215F))
_NUMBER_PATTERN = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
# Largest count the schema's INTEGER columns hold.
MAX_COUNT = 2**31 - 1


class ImportFailed(Exception):
    """A file that cannot be imported; str() is one line naming file, line and column."""

    def __init__(
        self, file: str | Path, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.file = Path(file).name
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"rad {self.line}")
        if self.column is not None:
            where.append(f"kolumn '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class Catalog:
    """What validation checks names and codes against, read from the database being written."""

    municipality_codes: frozenset[str]
    # normalised name -> code, for sources that name municipalities instead of coding them
    municipality_by_name: dict[str, str]
    bra_region_ids: dict[int, str]
    crime_codes: frozenset[str]
    # normalised Swedish crime-type name -> crime_code
    crime_code_by_name: dict[str, str]
    indicator_ids: frozenset[str]
    # indicator_id -> unit (percent, per_100k, per_1000, per_inhabitant, index)
    indicator_units: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_database(cls, con: duckdb.DuckDBPyConnection) -> Catalog:
        municipalities = con.execute(
            "SELECT municipality_code, name, bra_region_id FROM municipalities"
        ).fetchall()
        crime_codes = con.execute("SELECT crime_code, name_sv FROM crime_types").fetchall()
        indicator_ids = con.execute("SELECT indicator_id, unit FROM indicators").fetchall()
        return cls(
            municipality_codes=frozenset(code for code, _, _ in municipalities),
            municipality_by_name={normalise_name(name): code for code, name, _ in municipalities},
            bra_region_ids={rid: code for code, _, rid in municipalities if rid is not None},
            crime_codes=frozenset(code for code, _ in crime_codes),
            crime_code_by_name={normalise_name(name): code for code, name in crime_codes},
            indicator_ids=frozenset(code for code, _ in indicator_ids),
            indicator_units=dict(indicator_ids),
        )


@dataclass
class ParsedImport:
    """An importer's validated result: rows per table, ready to upsert."""

    format: str
    source_id: str
    is_example: bool
    tables: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(frame) for frame in self.tables.values())


@dataclass(frozen=True)
class CsvTable:
    """A delimited file read as text: cells as str, with each row's line number in the file."""

    path: Path
    header: list[str] | None
    rows: list[list[str]]
    line_numbers: list[int]
    delimiter: str
    encoding: str


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decode(path: Path, raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), else cp1252; refuse UTF-16 and binary junk."""
    if raw.startswith(UTF16_BOMS):
        raise ImportFailed(path, "filen är UTF-16; spara den som UTF-8 eller cp1252", line=1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        # Anywhere in the file, not only at its start: a NUL is never text (and would be
        # stored, in an id too).
        line_start = raw.rfind(b"\n", 0, nul) + 1
        character = len(raw[line_start:nul].decode("utf-8", "replace")) + 1
        raise ImportFailed(
            path,
            "filen innehåller binära tecken (NUL) och är ingen textfil",
            line=raw[:nul].count(b"\n") + 1,
            column=f"tecken {character}",
        )
    try:
        return _nfc(raw.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError as error:
        first_bad_line = raw[: error.start].count(b"\n") + 1
    if raw.startswith(UTF8_BOM):
        # The byte-order mark says UTF-8, the bytes say otherwise (typically cp1252 text
        # saved behind a BOM): which one is right cannot be known, so nothing is guessed.
        raise ImportFailed(
            path,
            "filen är märkt som UTF-8 (byte-order mark) men raden är inte UTF-8 (troligen "
            "cp1252); spara hela filen som UTF-8",
            line=first_bad_line,
        )
    if any(_plausible_utf8(found.group()) for found in _UTF8_MULTIBYTE.finditer(raw)):
        # Some lines are UTF-8 (å as C3 A5) and some are not: decoding the whole file as
        # cp1252 would silently turn the UTF-8 lines into mojibake ("Ã¥").
        raise ImportFailed(
            path,
            "blandad teckenkodning: raden är inte UTF-8 men andra rader är det; spara hela "
            "filen som UTF-8",
            line=first_bad_line,
        )
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFailed(
            path, "okänd teckenkodning (varken UTF-8 eller cp1252)", line=line
        ) from None
    return _nfc(text), "cp1252"


def _plausible_utf8(sequence: bytes) -> bool:
    """Whether a valid UTF-8 sequence encodes a character a Swedish export would hold."""
    code = ord(sequence.decode("utf-8"))
    return any(low <= code <= high for low, high in _PLAUSIBLE_NON_ASCII)


def _nfc(text: str) -> str:
    """Text in Unicode NFC: "Vaxön" typed on a Mac may arrive decomposed (o + U+0308), which
    looks the same and compares unequal to the catalogue's names."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def synonym_columns(
    header: list[str], aliases: dict[str, tuple[str, ...]]
) -> tuple[str, str] | None:
    """Two headings that are spellings of the same column ('beskrivning' and 'description'),
    the first two found, or None. Which one holds the data is not ours to guess."""
    lowered = [name.strip().casefold() for name in header]
    for spellings in aliases.values():
        present = [
            header[lowered.index(spelling)]
            for spelling in dict.fromkeys(spelling.casefold() for spelling in spellings)
            if spelling in lowered
        ]
        if len(present) > 1:
            return present[0].strip(), present[1].strip()
    return None


def read_delimited(path: str | Path, *, has_header: bool | None = True) -> CsvTable:
    """Read a `;` or `,` separated text file, keeping each row's line number.

    The separator is the one of `;` and `,` that occurs more often in the first line.
    Blank lines are skipped. `has_header=None` leaves the header to the caller (header=None,
    every row returned).
    """
    path = Path(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFailed(path, "filen är tom")
    text, encoding = decode(path, raw)
    if not text.lstrip("\ufeff").strip():
        # Only a byte-order mark (and white space): as empty as a file of nothing.
        raise ImportFailed(path, "filen är tom")
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    try:
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
                line_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFailed(path, f"trasig CSV ({error})", line=reader.line_num) from None
    header = None
    if has_header:
        header = [cell.lstrip("\ufeff").strip() for cell in rows[0]]
        rows, line_numbers = rows[1:], line_numbers[1:]
    return CsvTable(path, header, rows, line_numbers, delimiter, encoding)


def fold_header(name: str) -> str:
    """A column heading as compared with the known spellings: without case, accents, spaces,
    underscores, dashes or points ("Per 100 000 inv." = "per100000inv", "Månad" = "manad")."""
    decomposed = unicodedata.normalize("NFKD", name.lstrip("\ufeff"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\s_.\-\u2010-\u2015]+", "", plain.casefold())


def column_positions(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Each canonical column's index in `header`: the first of its spellings found (matched
    case-, accent- and space-insensitively, `fold_header`), the first column of that name.
    Columns not found are left out."""
    folded = [fold_header(name) for name in header]
    positions: dict[str, int] = {}
    for canonical, spellings in aliases.items():
        for spelling in spellings:
            if fold_header(spelling) in folded:
                positions[canonical] = folded.index(fold_header(spelling))
                break
    return positions


def header_columns(
    path: Path, header: list[str], line_numbers: list[int], aliases: dict[str, tuple[str, ...]]
) -> dict[str, int]:
    """`column_positions`, or an error naming the first canonical column missing (on the
    header's line: the line before the first data row's)."""
    positions = column_positions(header, aliases)
    for canonical, spellings in aliases.items():
        if canonical not in positions:
            raise ImportFailed(
                path,
                f"kolumnen '{spellings[0]}' saknas i rubrikraden (hittade: {', '.join(header)})",
                line=line_numbers[0] - 1 if line_numbers else 1,
            )
    return positions


def require_columns(table: CsvTable, aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map each canonical column to its index in the header (names matched case-insensitively).

    `aliases` maps canonical name -> accepted header spellings. Missing columns are an error.
    """
    assert table.header is not None
    positions = header_columns(table.path, table.header, table.line_numbers, aliases)
    if not table.rows:
        raise ImportFailed(table.path, "filen har en rubrikrad men inga datarader")
    width = len(table.header)
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        if len(row) != width:
            raise ImportFailed(
                table.path, f"raden har {len(row)} fält men rubriken har {width}", line=line
            )
    return positions


def parse_number(text: str, *, path: Path, line: int | None, column: str) -> float:
    """Parse a number written the Swedish or the international way.

    Accepts spaces (also no-break) as thousands separators, a decimal comma or point, and a
    Unicode minus. Anything else is an error naming the cell.
    """
    cleaned = text.strip().replace("\u2212", "-")
    for separator in THOUSANDS_SEPARATORS:
        cleaned = cleaned.replace(separator, "")
    if not _NUMBER_PATTERN.fullmatch(cleaned):
        raise ImportFailed(path, f"'{text}' är inget tal", line=line, column=column)
    value = float(cleaned.replace(",", "."))
    if not math.isfinite(value):
        raise ImportFailed(path, f"'{text}' är för stort", line=line, column=column)
    return value


# The values an indicator's unit allows (inclusive): a share is 0-100 %, a rate is not negative
# and at most one event per inhabitant; amounts per inhabitant (kronor) and indices may be
# negative but not astronomical.
UNIT_RANGES = {
    "percent": (0.0, 100.0),
    "per_100k": (0.0, 100_000.0),
    "per_1000": (0.0, 1_000.0),
    "per_inhabitant": (-1e7, 1e7),
    "index": (-1e6, 1e6),
}


def unit_range(unit: str | None) -> tuple[float, float]:
    """The plausible range of a value in `unit` (UNIT_RANGES; +-1e9 for another unit)."""
    return UNIT_RANGES.get(unit or "", (-1e9, 1e9))


def parse_count(text: str, *, path: Path, line: int | None, column: str) -> int:
    """A non-negative whole number (thousands spaces allowed)."""
    value = parse_number(text, path=path, line=line, column=column)
    if value < 0 or value != int(value) or value > MAX_COUNT:
        raise ImportFailed(path, f"'{text}' är inget antal (heltal >= 0)", line=line, column=column)
    return int(value)


def parse_year(text: str, *, path: Path, line: int | None, column: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise ImportFailed(path, f"'{text}' är inget årtal", line=line, column=column)
    year = int(text)
    if not 1950 <= year <= datetime.now(UTC).year:
        raise ImportFailed(path, f"året {year} är orimligt", line=line, column=column)
    return year


def normalise_name(name: str) -> str:
    """Municipality names compared without case, dash variants or a ' kommun' suffix."""
    cleaned = re.sub(r"[\u2010-\u2015]", "-", name.strip()).casefold()
    return re.sub(r"\s+", " ", cleaned).removesuffix(" kommun").removesuffix(" stad")


def find_duplicate_keys(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    """Boolean mask of rows whose key already occurred earlier in the frame."""
    return frame.duplicated(subset=key, keep="first")


def record_import(
    con: duckdb.DuckDBPyConnection, *, kind: str, path: Path, sha256: str, parsed: ParsedImport
) -> int:
    """Insert the provenance row and return its import_id.

    The file name is stored with personal data redacted: the import log is shown on the public
    Data och källor page, and a file may be named after a person ("rapport 811218-9876.csv").
    """
    from data.importers.redaction import redact  # redaction imports ImportFailed from here

    (next_id,) = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            next_id,
            kind,
            redact(path.stem).text + redact(path.suffix).text,
            sha256,
            parsed.format,
            parsed.rows,
            parsed.source_id,
            parsed.is_example,
            datetime.now(UTC).replace(tzinfo=None),
        ],
    )
    return int(next_id)


def file_key(table: str) -> list[str]:
    """The columns that identify a row of `table` within one file: its primary key as
    schema.sql declares it (`db.primary_keys`), without source_id, which the import sets."""
    return [column for column in db.primary_keys()[table] if column != "source_id"]
