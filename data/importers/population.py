"""Population per municipality (county, Riket) and year, for turning counts into rates.

Formats detected from the file itself:
- SCB's PxWeb CSV export (`,` or `;`, quoted or not, UTF-8 with or without BOM, or cp1252):
  optional title lines before the header (`"Folkmängd efter region och år"`, a blank line),
  the header `"region","2010","2011",...` and one row per region, `"0187 Vaxholm",11234,...`;
  a 2-digit county code becomes `00` + code (`"01 Stockholms län"` -> 0001, `"00 Riket"` ->
  0000). Populations are positive whole numbers (thousands spaces allowed); PxWeb's `..`
  (no value) is skipped and counted. Footnote lines after the table are skipped. Stored with
  method `scb`, source `scb_population`;
- a Brå yearly per-municipality CSV (either variant, see data/importers/bra.py): population
  back-computed as round(Antal x 100 000 / Per 100 000) for the file's year (the `year`
  option, else the year in the file name); method `bra_back_computed`, source `bra`. Rows
  whose rate is zero or missing are skipped and counted.
With `example=True` (the project's generated example data, PxWeb shape) rows are stored with
method `example`, source `population_example` and is_example true.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd

from data.importers import bra
from data.importers.common import (
    Catalog,
    ImportFailed,
    ParsedImport,
    decode,
    normalise_name,
    parse_number,
    read_delimited,
)

KIND = "population"
TABLES = ("population",)
SOURCE_ID = "scb_population"
EXAMPLE_SOURCE_ID = "population_example"
BRA_SOURCE_ID = "bra"
COLUMNS = ["municipality_code", "year", "population", "method"]
# PxWeb's symbol for a value that does not exist.
MISSING = ".."
_REGION = re.compile(r"(\d{2}|\d{4})(?:\s+(.*))?")
_HEADER_YEAR = re.compile(r"(?:.*\D)?((?:19|20)\d{2})")
# The largest population that is plausible for Riket (0000), a region (00xx) and a municipality
# (Sweden had 10.6 million inhabitants in 2024, Stockholm 0180 under one million): a Brå rate of
# 1,0 per 100 000 back-computes 103 million for a municipality.
MAX_POPULATION = {"riket": 12_000_000, "region": 3_000_000, "municipality": 1_500_000}


def plausible_population(code: str) -> int:
    """The largest plausible population of the region with `code` (MAX_POPULATION)."""
    if code == "0000":
        return MAX_POPULATION["riket"]
    return MAX_POPULATION["region" if code.startswith("00") else "municipality"]


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate a population file; return rows for `population`."""
    path = Path(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFailed(path, "filen är tom")
    text, encoding = decode(path, raw)
    lines = text.splitlines()
    header = _find_pxweb_header(lines)
    if header is not None:
        records, file_format, notes = _read_pxweb(path, lines, header, encoding, catalog)
        method = "example" if example else "scb"
        source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    else:
        records, file_format, notes = _read_bra(path, catalog, year)
        method = "example" if example else "bra_back_computed"
        source_id = EXAMPLE_SOURCE_ID if example else BRA_SOURCE_ID
    frame = pd.DataFrame.from_records(
        [(*record, method) for record in records], columns=COLUMNS
    ).astype({"year": "int64", "population": "int64"})
    return ParsedImport(file_format, source_id, example, {"population": frame}, notes)


def _split(line: str, delimiter: str) -> list[str]:
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]


def _find_pxweb_header(lines: list[str]) -> tuple[int, str] | None:
    """(index, delimiter) of the line starting with the cell `region`, if any."""
    for index, line in enumerate(lines[:20]):
        for delimiter in (",", ";"):
            try:
                cells = _split(line.lstrip("\ufeff"), delimiter)
            except csv.Error:
                continue
            if (
                len(cells) > 1
                and cells[0].casefold() == "region"
                and _HEADER_YEAR.fullmatch(cells[1])
            ):
                return index, delimiter
    return None


def _read_pxweb(
    path: Path, lines: list[str], header: tuple[int, str], encoding: str, catalog: Catalog
) -> tuple[list[tuple], str, list[str]]:
    header_index, delimiter = header
    columns = _split(lines[header_index].lstrip("\ufeff"), delimiter)
    header_line = header_index + 1
    years: list[int] = []
    for column in columns[1:]:
        match = _HEADER_YEAR.fullmatch(column)
        if not match:
            raise ImportFailed(
                path, f"rubriken '{column}' är inget år", line=header_line, column=column
            )
        if int(match.group(1)) > dt.date.today().year:
            raise ImportFailed(
                path,
                f"året {match.group(1)} ligger i framtiden; folkmängd finns bara för gångna år",
                line=header_line,
                column=column,
            )
        if int(match.group(1)) in years:
            raise ImportFailed(
                path,
                f"året {match.group(1)} finns två gånger i rubriken",
                line=header_line,
                column=column,
            )
        years.append(int(match.group(1)))
    records: list[tuple] = []
    seen: dict[str, int] = {}
    missing = footnotes = 0
    after_blank = False
    for index in range(header_index + 1, len(lines)):
        line_number = index + 1
        line = lines[index]
        if not line.strip():
            after_blank = bool(records)
            continue
        try:
            cells = _split(line, delimiter)
        except csv.Error as error:
            raise ImportFailed(path, f"trasig CSV ({error})", line=line_number) from None
        if after_blank and len(cells) == 1:
            footnotes += 1
            continue
        if len(cells) != len(columns):
            column = columns[len(cells)] if len(cells) < len(columns) else f"fält {len(cells)}"
            raise ImportFailed(
                path,
                f"raden har {len(cells)} fält men rubriken har {len(columns)}",
                line=line_number,
                column=column,
            )
        region = _REGION.fullmatch(cells[0])
        if not region:
            raise ImportFailed(
                path,
                f"'{cells[0]}' börjar inte med en regionkod (\"0187 Vaxholm\")",
                line=line_number,
                column=columns[0],
            )
        code = region.group(1).zfill(4)
        if code not in catalog.municipality_codes:
            raise ImportFailed(
                path,
                f"okänd regionkod '{region.group(1)}' ({cells[0]})",
                line=line_number,
                column=columns[0],
            )
        if code in seen:
            raise ImportFailed(
                path,
                f"dubblett: regionen {code} finns redan på rad {seen[code]}",
                line=line_number,
                column=columns[0],
            )
        named = region.group(2) and catalog.municipality_by_name.get(
            normalise_name(region.group(2))
        )
        if named and named != code:
            raise ImportFailed(
                path,
                f"regionkoden {code} och namnet '{region.group(2)}' (kod {named}) stämmer inte "
                "överens",
                line=line_number,
                column=columns[0],
            )
        seen[code] = line_number
        for column, year, text in zip(columns[1:], years, cells[1:], strict=True):
            if text == MISSING:
                missing += 1
                continue
            value = _population(text, path, line_number, column)
            if value > plausible_population(code):
                raise ImportFailed(
                    path,
                    f"folkmängden {value} är orimlig för {code} (högst "
                    f"{plausible_population(code)})",
                    line=line_number,
                    column=column,
                )
            records.append((code, year, value))
    if not records:
        raise ImportFailed(path, "filen har en rubrikrad men inga datarader", line=header_line)
    notes = []
    if missing:
        notes.append(f"hoppade över {missing} värden som saknas ('..')")
    if footnotes:
        notes.append(f"hoppade över {footnotes} rader med fotnoter efter tabellen")
    return records, f"scb-pxweb-csv ({encoding}, '{delimiter}')", notes


def _population(text: str, path: Path, line: int, column: str) -> int:
    if not text:
        raise ImportFailed(path, "folkmängd saknas", line=line, column=column)
    value = parse_number(text, path=path, line=line, column=column)
    if value <= 0 or value != int(value):
        raise ImportFailed(
            path, f"'{text}' är ingen folkmängd (positivt heltal)", line=line, column=column
        )
    return int(value)


def _read_bra(path: Path, catalog: Catalog, year: int | None) -> tuple[list[tuple], str, list[str]]:
    table = read_delimited(path, has_header=None)
    if bra.guess_variant(table) not in ("yearly", "yearly-2021"):
        raise ImportFailed(
            path,
            "okänt format för folkmängd: väntade SCB:s PxWeb-CSV (rubrik "
            '"region","2010",...) eller Brås årsfil per kommun',
            line=1,
        )
    yearly = bra.read_yearly(path, catalog, year=year)
    records = []
    skipped = 0
    for row in yearly.rows:
        if row.count is None or not row.rate:
            skipped += 1
            continue
        population = round(row.count * 100_000 / row.rate)
        if population < 1:
            skipped += 1
            continue
        if population > plausible_population(row.municipality_code):
            raise ImportFailed(
                path,
                f"antal {row.count} och {row.rate:g} per 100 000 ger folkmängden {population} "
                f"för {row.municipality_code}, orimligt (högst "
                f"{plausible_population(row.municipality_code)}); kontrollera takten",
                line=row.line,
                column=bra.YEARLY_NAMES[2],
            )
        records.append((row.municipality_code, yearly.year, population))
    if not records:
        raise ImportFailed(
            path, "ingen rad har både antal och takt per 100 000 att räkna folkmängd ur"
        )
    notes = list(yearly.notes)
    if skipped:
        notes.append(f"hoppade över {skipped} kommuner utan takt per 100 000 (0 eller saknas)")
    return records, f"{yearly.format} -> folkmängd bakåträknad", notes
