"""Skolverket's "Antal elever per årskurs" per school unit, the denominator of Stockholmsenkäten's
response rates (answers ÷ pupils in åk 9). Gymnasiet's årskurs 2 is stored too, but counted where
the school is it makes no gy 2 response rate (analytics.response_rates says why).

The file as Skolverket's statistics pages export it: UTF-8 with BOM, `;`, a preamble ("Statistik
från Skolverket, …", a blank line, "Grundskola - Antal elever per årskurs", "Valt läsår:
2023/24", a blank line), then the header `Skola;Skol-enhetskod;Skolkommun;Kommun-kod;…;Elever,
årskurs 9;` (a trailing `;` on every line), one row per school unit, a blank line and the
report's notes ("Rapportbeskrivning och definitioner …"). Decimal comma; `.` =
nothing to report, `..` = hidden by Skolverket. The header row is found by its columns, never by
position; headers are compared without case, accents or spaces (common.fold_header).

The gymnasium file ("Gymnasieskola - Antal elever per årskurs" in the preamble) has the same
shape with "Elever, årskurs 2" (gy 2) for the grade; the preamble's school form decides which
column is read, since a grundskola file has an "Elever, årskurs 2" column too.

Stored: one row per school unit in `school_pupils` (school_year = the autumn of the "Valt läsår",
grade `ak9` or `gy2`), `.` and `..` kept as the row's mark with no count.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from data.importers.common import (
    Catalog,
    ImportFailed,
    ParsedImport,
    column_positions,
    decode,
    fold_header,
    parse_count,
)

KIND = "skolverket"
TABLES = ("school_pupils",)
SOURCE_ID = "skolverket"
COLUMNS = [
    "school_year",
    "school_unit_code",
    "school_name",
    "municipality_code",
    "grade",
    "pupils",
    "mark",
]
HEADER_COLUMNS = {
    "school": ("Skola",),
    "unit": ("Skol-enhetskod", "Skolenhetskod"),
    "municipality": ("Kommun-kod", "Kommunkod"),
}
# The grade's pupils column, per grade stored (the preamble's school form chooses the grade).
GRADE_COLUMNS = {
    "ak9": ("Elever, årskurs 9", "Elever åk 9"),
    "gy2": ("Elever, årskurs 2", "Elever åk 2"),
}
_GYMNASIUM = re.compile(r"^\s*gymnasieskola\b", re.IGNORECASE)
MARKS = (".", "..")
_SCHOOL_YEAR = re.compile(r"valt\s+läsår:\s*((?:19|20)\d{2})/(\d{2})", re.IGNORECASE)
# How far into the file the header row may be (the preamble is five lines today).
HEADER_SEARCH_LINES = 20


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate a Skolverket pupils-per-grade file; return rows for `school_pupils`."""
    path = Path(path)
    if year is not None:
        raise ImportFailed(path, "--year gäller bara Brås årsfiler; filen anger sitt läsår")
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFailed(path, "filen är tom")
    text, encoding = decode(path, raw)
    lines = text.lstrip("\ufeff").splitlines()
    header_index = _header_line(lines)
    if header_index is None:
        # The grade the file would give: its school form, from the lines searched.
        grade = _grade(lines[:HEADER_SEARCH_LINES])
        raise ImportFailed(
            path,
            f"ingen rubrikrad med Skola;Skol-enhetskod;…;{GRADE_COLUMNS[grade][0]} bland de "
            f"{HEADER_SEARCH_LINES} första raderna",
        )
    school_year = _school_year(path, lines[:header_index])
    grade = _grade(lines[:header_index])
    wanted = {**HEADER_COLUMNS, "pupils": GRADE_COLUMNS[grade]}
    header = _cells(lines[header_index])
    positions = column_positions(header, wanted)
    for key, spellings in wanted.items():
        if key not in positions:
            raise ImportFailed(
                path,
                f"kolumnen '{spellings[0]}' saknas",
                line=header_index + 1,
                column=spellings[0],
            )
    names = {key: header[index] for key, index in positions.items()}
    records = []
    seen: dict[str, int] = {}
    for offset, line_text in enumerate(lines[header_index + 1 :], start=header_index + 2):
        if not line_text.strip(" ;"):
            break  # the table ends at the first blank line; Skolverket's notes follow it
        cells = _cells(line_text)
        if len(cells) < len(header):
            raise ImportFailed(
                path,
                f"raden har {len(cells)} kolumner, rubrikraden {len(header)}",
                line=offset,
            )
        cell = {key: cells[index].strip() for key, index in positions.items()}
        unit = cell["unit"]
        if not re.fullmatch(r"\d{8}", unit):
            raise ImportFailed(
                path,
                f"'{unit}' är ingen skolenhetskod (8 siffror)",
                line=offset,
                column=names["unit"],
            )
        if unit in seen:
            raise ImportFailed(
                path,
                f"dubblett: skolenhet {unit} finns redan på rad {seen[unit]}",
                line=offset,
                column=names["unit"],
            )
        seen[unit] = offset
        code = cell["municipality"]
        if code not in catalog.municipality_codes:
            raise ImportFailed(
                path, f"okänd kommunkod '{code}'", line=offset, column=names["municipality"]
            )
        pupils_text = cell["pupils"]
        if pupils_text in MARKS:
            pupils, mark = None, pupils_text
        else:
            pupils = parse_count(pupils_text, path=path, line=offset, column=names["pupils"])
            mark = None
        records.append((school_year, unit, cell["school"], code, grade, pupils, mark))
    if not records:
        raise ImportFailed(path, "filen har inga skolenheter under rubrikraden")
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    if frame["pupils"].isna().all():
        raise ImportFailed(path, "filen har inga elevantal, bara Skolverkets tecken '.' och '..'")
    frame["school_year"] = frame["school_year"].astype("int64")
    frame["pupils"] = frame["pupils"].astype("Int64")
    hidden = int(frame["mark"].eq("..").sum())
    units = "skolenhet" if hidden == 1 else "skolenheter"
    notes = [f"{hidden} {units} med dolt antal ('..')"] if hidden else []
    file_format = f"skolverket-elever-per-årskurs ({encoding}, ';')"
    return ParsedImport(file_format, SOURCE_ID, example, {"school_pupils": frame}, notes)


def _cells(line: str) -> list[str]:
    return next(csv.reader([line], delimiter=";"))


def _header_line(lines: list[str]) -> int | None:
    """Index of the row naming the school unit and municipality code columns."""
    wanted = {
        fold_header(HEADER_COLUMNS["unit"][0]),
        fold_header(HEADER_COLUMNS["municipality"][0]),
    }
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if wanted <= {fold_header(cell) for cell in _cells(line)}:
            return index
    return None


def _grade(preamble: list[str]) -> str:
    """'gy2' for a gymnasium file ("Gymnasieskola - …" in the preamble), else 'ak9'."""
    return "gy2" if any(_GYMNASIUM.match(line) for line in preamble) else "ak9"


def _school_year(path: Path, preamble: list[str]) -> int:
    """The autumn year of the preamble's "Valt läsår: 2023/24" (the two years must follow)."""
    for number, line in enumerate(preamble, start=1):
        match = _SCHOOL_YEAR.search(line)
        if match:
            autumn = int(match.group(1))
            if (autumn + 1) % 100 != int(match.group(2)):
                raise ImportFailed(path, f"läsåret '{match.group(0)}' är orimligt", line=number)
            return autumn
    raise ImportFailed(path, "raden 'Valt läsår: ÅÅÅÅ/ÅÅ' saknas före rubrikraden")
