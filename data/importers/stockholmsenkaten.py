"""Stockholmsenkäten: result tables, anonymous pupil-level answers and published figures.

Formats detected from the file itself:
- result table (CSV, `;` or `,`, decimal comma or point): indikator (an indicator id of
  data/metadata/indicators.csv starting with "sthlm_"), kommunkod (or kommun),
  år, årskurs (åk9 / gy2), kön (alla / flickor / pojkar), andel (percent; empty or ".." when
  suppressed), antal (respondents), optionally anmärkning and källa_url — English headers
  indicator, municipality_code, year, grade, sex, share, n, note, source_url also accepted;
- pupil-level answers (CSV or Excel, one row per pupil; Excel is read as
  data/importers/tabular.py describes: the sheet with the data, no formulas, no merged cells): ID (the survey's anonymous
  respondent id), ar (year), Hemkommun (the codebook's code, e.g. 19 = Vaxholm, or a four-digit
  municipality code), ARSKURS (9 or 2), F2 (sex: 1 pojke, 2 flicka, 3 annan, 99/999 ej svar),
  then one column per item id of the 2024 codebook (data/real/stockholmsenkaten_kodbok_2024.xlsx).
  Also as Origo delivers them, an SPSS file (.sav, read by data/importers/spss.py): value
  labels, user-missing codes kept as codes. A file whose years (`ar`) are all before 2024 uses
  Origo's earlier variable names (`f66c`, `F100`, `Kön` ...), renamed through RISE's table
  data/real/stockholmsenkaten_origo2024_variable_map.csv (`f66c` -> `F67c`); a file mixing
  years before and from 2024 is refused (the names collide: F18 is snus before 2024 and
  smoking from 2024). When the file labels Hemkommun's codes, the labels name the municipality
  (older files code municipalities differently); variables outside the 2024 codebook and the
  ones identifying the school are not stored (the summary counts them).
  Every item column must be in the codebook and every code one of the item's answer codes or
  missing codes (99 / 999 Ej svar, 996 Ska ej besvaras, 998 Vet inte, as the codebook lists them
  for the item); items without value labels (counts, ages) take whole numbers 0-98. An empty cell
  means the item was not asked and is not stored. An ID that is a valid personnummer is refused;
- published figures (data/real/vaxholm_published_figures.csv): the Stockholmsenkäten rows whose
  measure has an indicator here are stored as real points with their source address; the other
  rows are counted in the summary ("Andel som inte provat narkotika" is stored as 100 minus the
  figure under "har någon gång använt narkotika", with a note saying so).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from personnummer import personnummer
from python_calamine import CalamineWorkbook

from data.importers.common import (
    Catalog,
    CsvTable,
    ImportFailed,
    ParsedImport,
    column_positions,
    file_key,
    normalise_name,
    parse_count,
    parse_number,
    parse_year,
    require_columns,
)
from data.importers.redaction import candidates, contains_personal_data, refuse_personal_data
from data.importers.spss import is_sav, read_sav
from data.importers.tabular import ColumnTable, describe, has_columns, read_columns, read_table

KIND = "stockholmsenkaten"
TABLES = ("stockholmsenkaten_results", "stockholmsenkaten_pupils")
SOURCE_ID = "stockholmsenkaten"
EXAMPLE_SOURCE_ID = "stockholmsenkaten_example"
PUBLISHED_SOURCE_ID = "stockholmsenkaten_published"
CODEBOOK_PATH = Path(__file__).resolve().parents[1] / "real" / "stockholmsenkaten_kodbok_2024.xlsx"
# RISE's table of Origo's variable names before 2024 -> from 2024 (itemnr_old -> itemnr_new).
VARIABLE_MAP_PATH = CODEBOOK_PATH.with_name("stockholmsenkaten_origo2024_variable_map.csv")
# The first wave with the 2024 codebook's variable names.
RENAMED_IN = 2024
# The codebook's missing codes and what they mean.
MISSING_CODES = {99: "Ej svar", 996: "Ska ej besvaras", 998: "Vet inte", 999: "Ej svar"}
# "Ej svar" is written 99 or 999 in the codebook; both are accepted for every item.
NO_ANSWER_CODES = frozenset({99, 999})
# Answers to items without value labels (counts, ages) are whole numbers in this range.
OPEN_ANSWER_RANGE = (0, 98)
GRADES = {"ak9": "ak9", "åk9": "ak9", "9": "ak9", "gy2": "gy2", "2": "gy2"}
SEXES = {"alla": "alla", "totalt": "alla", "flickor": "flickor", "pojkar": "pojkar"}
PUPIL_SEXES = {1: "pojke", 2: "flicka", 3: "annan", 99: "ej_svar", 999: "ej_svar"}
RESULT_COLUMNS = {
    "indicator_id": ("indikator", "indicator", "indicator_id"),
    "municipality": ("kommunkod", "municipality_code", "kommun", "municipality"),
    "year": ("år", "ar", "year"),
    "grade": ("årskurs", "arskurs", "grade"),
    "sex": ("kön", "kon", "sex"),
    "share": ("andel", "share", "andel_procent"),
    "n": ("antal", "n", "antal_svarande"),
}
RESULT_OPTIONAL = {"note": ("anmärkning", "note"), "source_url": ("källa_url", "source_url")}
PUPIL_COLUMNS = {
    "respondent_id": ("ID", "respondent_id"),
    "year": ("ar", "år", "year"),
    "municipality": ("Hemkommun", "kommunkod", "municipality_code"),
    "grade": ("ARSKURS", "årskurs", "grade"),
    "sex": ("F2", "kön", "sex"),
}
# Codebook columns that identify a school or repeat the structure: never stored.
IDENTIFYING_COLUMNS = ("Skolkommun", "Skolenhetskod", "SkolID_gammal", "Skolnamn", "F3_Omkodad")
PUBLISHED_COLUMNS = {
    "statistic": ("statistic",),
    "indicator": ("indicator",),
    "area": ("area",),
    "year": ("year",),
    "group": ("group",),
    "value": ("value",),
    "unit": ("unit",),
    "source_url": ("source_url",),
    "note": ("note",),
    "publisher": ("publisher",),
    "published": ("published",),
}
PUBLISHED_STATISTIC = "Stockholmsenkäten"
# Published measure (case-insensitive) -> (indicator, stored as 100 minus the figure).
PUBLISHED_INDICATORS = {
    "andel nyktra elever (dricker inte alkohol)": ("sthlm_nykter", False),
    "andel som inte provat narkotika": ("sthlm_narkotika_nagon_gang", True),
    "någon gång använt narkotika": ("sthlm_narkotika_nagon_gang", False),
    "ganska/mycket trygg att gå ut ensam sent en kväll": ("sthlm_trygg_ute_sent", False),
    "snusar": ("sthlm_snus", False),
}
# Area names in published texts that are not municipality names.
AREA_ALIASES = {"stockholms län": "0001", "region stockholm": "0001", "riket": "0000"}
_PUBLISHED_GROUP = re.compile(r"(åk ?9|gy ?2)(?: (alla|flickor|pojkar))?")
_WHOLE_NUMBER = re.compile(r"\d+(\.0+)?")
_PERSONNUMMER_LIKE = re.compile(r"(\d{2})?\d{6}[-+]?\d{4}")
RESULT_KEY = file_key("stockholmsenkaten_results")
RESULT_FRAME = [*RESULT_KEY, "share", "n", "note", "source_url"]
# The pupils' item ids and answer codes as Arrow lists (DuckDB scans them without a Python
# object per pupil): VARCHAR[] and SMALLINT[] in the schema.
ITEM_IDS = pa.list_(pa.string())
ANSWER_CODES = pa.list_(pa.int16())
# Python's \d in RE2 syntax, widened: any character from U+0100 up counts as a digit, so a
# respondent id the pattern below misses cannot match _PERSONNUMMER_LIKE.
_DIGIT = r"[0-9\x{100}-\x{10FFFF}]"
_PERSONNUMMER_CANDIDATE = rf"^(?:{_DIGIT}{{2}})?{_DIGIT}{{6}}[-+]?{_DIGIT}{{4}}$"
# Stockholmsenkäten's outcome indicators in data/metadata/indicators.csv start with this.
INDICATOR_PREFIX = "sthlm_"


@dataclass(frozen=True)
class CodebookItem:
    """One item of the codebook: its answer codes and the missing codes it lists."""

    item_id: str
    question: str
    answer_codes: frozenset[int]
    missing_codes: frozenset[int]

    def allowed(self) -> frozenset[int]:
        """Every code a file may hold for this item (open items: 0-98 and missing codes)."""
        answers = self.answer_codes or frozenset(range(OPEN_ANSWER_RANGE[0], 99))
        return answers | self.missing_codes | NO_ANSWER_CODES


@dataclass(frozen=True)
class Codebook:
    items: dict[str, CodebookItem]
    # Hemkommun code -> municipality name as the codebook labels it.
    home_municipalities: dict[int, str]


@functools.cache
def read_codebook(path: Path = CODEBOOK_PATH) -> Codebook:
    """The 2024 codebook: sheet 'Variabler', one row per item, label columns 0..29, 99..999."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Variabler").to_python()
    header = rows[0]
    codes = [
        0 if str(cell).startswith("Labels") else int(cell) if isinstance(cell, float) else None
        for cell in header
    ]
    items: dict[str, CodebookItem] = {}
    home: dict[int, str] = {}
    for row in rows[1:]:
        item_id = str(row[0]).strip()
        if not item_id:
            continue
        labelled = {
            code: str(label).strip()
            for code, label in zip(codes[3:], row[3:], strict=False)
            if code is not None and str(label).strip()
        }
        missing = frozenset(code for code in labelled if code in MISSING_CODES)
        answers = frozenset(code for code in labelled if code not in MISSING_CODES)
        items[item_id] = CodebookItem(item_id, str(row[1]).strip(), answers, missing)
        if item_id == "Hemkommun":
            home = {code: label for code, label in labelled.items() if label != "Ej svar"}
    return Codebook(items, home)


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate a Stockholmsenkäten file; return rows for the tables it fills.

    `example=True` stores the rows as example data (source stockholmsenkaten_example).

    A plain CSV result table or pupil file is validated column by column (each distinct cell
    text once); anything else (Excel, quotes, ragged rows, the published figures) and any file
    with a wrong row is left to `parse_rowwise`, so an error is exactly the one it gives.
    """
    path = Path(path)
    if year is None:
        data = read_columns(path)
        parsed = None if data is None else _parse_columns(data, catalog, example)
        if parsed is not None:
            return parsed
    return parse_rowwise(path, catalog, example=example, year=year)


def parse_rowwise(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """`parse` one row at a time: the reference the column-wise checks are tested against."""
    path = Path(path)
    if year is not None:
        raise ImportFailed(
            path, "--year gäller bara Brås årsfiler; Stockholmsenkätens filer anger år"
        )
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    if path.is_file() and is_sav(path):
        return _parse_sav(path, catalog, source_id, example)
    table = read_table(path, has_columns(PUPIL_COLUMNS, RESULT_COLUMNS))
    excel = table.encoding == "xlsx"
    described = f"({describe(table)})"
    lowered = {name.casefold() for name in table.header or []}
    if {"statistic", "source_url"} <= lowered:
        if example:
            raise ImportFailed(
                path, "publicerade siffror är verkliga och kan inte märkas som exempel"
            )
        return _parse_published(table, catalog, f"publicerade-siffror-csv {described}")
    if lowered & {"indikator", "indicator", "indicator_id"}:
        return _parse_results(table, catalog, source_id, example, f"resultattabell-csv {described}")
    if lowered & {"arskurs", "årskurs", "grade"}:
        file_format = (
            "stockholmsenkaten-elevsvar-excel"
            if excel
            else f"stockholmsenkaten-elevsvar-csv {described}"
        )
        return _parse_pupils(table, catalog, source_id, example, file_format)
    raise ImportFailed(
        path,
        "okänt format: väntade en resultattabell (indikator;kommunkod;år;årskurs;kön;andel;antal) "
        "eller elevsvar (ID;ar;Hemkommun;ARSKURS;F2;frågor ur kodboken)",
        line=table.line_numbers[0] - 1 if table.line_numbers else 1,
    )


# --- SPSS pupil files ---------------------------------------------------------------------------


@functools.cache
def old_variable_names() -> dict[str, str]:
    """Origo's variable names before 2024 (case-insensitively, as SPSS compares them) -> the
    2024 names."""
    with open(VARIABLE_MAP_PATH, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["itemnr_old"].casefold(): row["itemnr_new"] for row in rows}


def _parse_sav(path: Path, catalog: Catalog, source_id: str, example: bool) -> ParsedImport:
    """Pupil answers in an SPSS file: renamed to the 2024 names when the waves are older,
    Hemkommun read through the file's value labels, then validated as a pupil CSV is."""
    table, labels = read_sav(path)
    header = table.header or []
    positions = column_positions(header, {"year": PUPIL_COLUMNS["year"]})
    if "year" not in positions:
        raise ImportFailed(path, "variabeln 'ar' (år) saknas", column="ar")
    year_column = positions["year"]
    years = set()
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        years.add(parse_year(row[year_column], path=path, line=line, column=header[year_column]))
    old = max(years) < RENAMED_IN
    if min(years) < RENAMED_IN <= max(years):
        raise ImportFailed(
            path,
            f"filen blandar år före {RENAMED_IN} ({min(years)}) och från {RENAMED_IN} "
            f"({max(years)}); Origo bytte variabelnamn {RENAMED_IN}, så dela filen per period",
            column=header[year_column],
        )
    renamed = header
    if old:
        mapping = old_variable_names()
        renamed = [mapping.get(name.casefold(), name) for name in header]
    codebook = read_codebook()
    items = {item.casefold(): item for item in codebook.items}
    structural = column_positions(renamed, PUPIL_COLUMNS)
    for canonical, spellings in PUPIL_COLUMNS.items():
        if canonical not in structural:
            raise ImportFailed(
                path,
                f"variabeln '{spellings[0]}' saknas (hittade: {', '.join(header[:12])} ...)",
                column=spellings[0],
            )
    kept = sorted(structural.values())
    names = {index: renamed[index] for index in kept}
    dropped = []
    for index, name in enumerate(renamed):
        if index in structural.values():
            continue
        item = items.get(name.casefold())
        if item is None or item in IDENTIFYING_COLUMNS or item in PUPIL_COLUMNS:
            dropped.append(header[index])
            continue
        kept.append(index)
        names[index] = item
    home = structural["municipality"]
    home_labels = labels.get(header[home], {})
    rows = [
        [
            _labelled_home(row[index], home_labels, catalog) if index == home else row[index]
            for index in kept
        ]
        for row in table.rows
    ]
    table = CsvTable(path, [names[index] for index in kept], rows, table.line_numbers, "", "sav")
    file_format = "stockholmsenkaten-elevsvar-spss"
    if old:
        file_format += f" (variabelnamn före {RENAMED_IN})"
    parsed = _parse_pupils(table, catalog, source_id, example, file_format)
    if dropped:
        listed = ", ".join(dropped[:5]) + (" ..." if len(dropped) > 5 else "")
        parsed.notes.append(
            f"{len(dropped)} variabler lagras inte (utanför kodboken 2024 eller identifierar "
            f"skolan: {listed})"
        )
    return parsed


def _labelled_home(cell: str, home_labels: dict[int, str], catalog: Catalog) -> str:
    """A Hemkommun code as the municipality code its value label names; the label itself
    when it names no municipality (refused later, naming it); the cell when unlabelled."""
    code = _whole_number(cell)
    if code is None or code not in home_labels:
        return cell
    label = home_labels[code]
    return catalog.municipality_by_name.get(normalise_name(label), label)


# --- result tables -----------------------------------------------------------------------------


def _parse_results(
    table: CsvTable, catalog: Catalog, source_id: str, example: bool, file_format: str
) -> ParsedImport:
    path = table.path
    positions = require_columns(table, RESULT_COLUMNS)
    optional = _optional_positions(table.header or [], RESULT_OPTIONAL)
    header = table.header or []
    records = []
    for row, line in zip(table.rows, table.line_numbers, strict=True):

        def cell(name: str, row: list[str] = row) -> str:
            return row[positions[name]]

        def column(name: str) -> str:
            return header[positions[name]]

        indicator = cell("indicator_id")
        if indicator not in catalog.indicator_ids:
            raise ImportFailed(
                path,
                f"okänt nyckeltal '{indicator}': lägg till det i data/metadata/indicators.csv",
                line=line,
                column=column("indicator_id"),
            )
        if not indicator.startswith(INDICATOR_PREFIX):
            raise ImportFailed(
                path,
                f"'{indicator}' är inget Stockholmsenkäten-nyckeltal (id:t ska börja med "
                f"{INDICATOR_PREFIX})",
                line=line,
                column=column("indicator_id"),
            )
        code = _municipality(cell("municipality"), catalog, path, line, column("municipality"))
        year = parse_year(cell("year"), path=path, line=line, column=column("year"))
        grade = GRADES.get(cell("grade").casefold().replace(" ", ""))
        if grade is None:
            raise ImportFailed(
                path,
                f"årskurs '{cell('grade')}' ska vara åk9 eller gy2",
                line=line,
                column=column("grade"),
            )
        sex = SEXES.get(cell("sex").casefold())
        if sex is None:
            raise ImportFailed(
                path,
                f"kön '{cell('sex')}' ska vara alla, flickor eller pojkar",
                line=line,
                column=column("sex"),
            )
        share_text = cell("share")
        share = None
        if share_text not in ("", ".."):
            share = parse_number(share_text, path=path, line=line, column=column("share"))
            if not 0 <= share <= 100:
                raise ImportFailed(
                    path,
                    f"andelen {share_text} ligger inte mellan 0 och 100",
                    line=line,
                    column=column("share"),
                )
        n_text = cell("n")
        n = parse_count(n_text, path=path, line=line, column=column("n")) if n_text else None
        note = row[optional["note"]] or None if "note" in optional else None
        if note:
            refuse_personal_data(note, path=path, line=line, column=header[optional["note"]])
        url = row[optional["source_url"]] or None if "source_url" in optional else None
        records.append((line, indicator, code, year, grade, sex, share, n, note, url))
    frame = pd.DataFrame.from_records(
        records, columns=["line", *RESULT_KEY, "share", "n", "note", "source_url"]
    )
    if frame.empty:
        raise ImportFailed(path, "filen innehåller inga värden")
    _refuse_duplicates(frame, path, header[positions["indicator_id"]])
    results = frame.drop(columns="line").assign(n=frame["n"].astype("Int64"))
    return ParsedImport(file_format, source_id, example, {"stockholmsenkaten_results": results})


def _optional_positions(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    lowered = [name.casefold() for name in header]
    return {
        canonical: lowered.index(spelling.casefold())
        for canonical, spellings in aliases.items()
        for spelling in spellings
        if spelling.casefold() in lowered
    }


def _municipality(text: str, catalog: Catalog, path: Path, line: int, column: str) -> str:
    """A four-digit municipality code, or a municipality name looked up in the catalogue."""
    value = text.strip()
    if re.fullmatch(r"\d{3,4}", value):
        code = value.zfill(4)
    else:
        name = normalise_name(value)
        # "Vaxholms stad" -> "vaxholms": try the genitive without its s too.
        code = (
            catalog.municipality_by_name.get(name)
            or catalog.municipality_by_name.get(name.removesuffix("s"))
            or AREA_ALIASES.get(name, "")
        )
    if code not in catalog.municipality_codes:
        raise ImportFailed(path, f"okänd kommun '{text}'", line=line, column=column)
    return code


def _refuse_duplicates(frame: pd.DataFrame, path: Path, column: str) -> None:
    duplicated = frame.duplicated(subset=RESULT_KEY, keep="first")
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        raise ImportFailed(
            path,
            "dubblett: {indicator_id} {municipality_code} {year} {grade} {sex} finns redan "
            "tidigare i filen".format(**row.to_dict()),
            line=int(row["line"]),
            column=column,
        )


# --- published figures ---------------------------------------------------------------------------


def _parse_published(table: CsvTable, catalog: Catalog, file_format: str) -> ParsedImport:
    path = table.path
    positions = require_columns(table, PUBLISHED_COLUMNS)
    header = table.header or []
    records, other_surveys, unmatched = [], 0, []
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        cell = {name: row[index] for name, index in positions.items()}
        if cell["statistic"] != PUBLISHED_STATISTIC:
            other_surveys += 1
            continue
        measure = PUBLISHED_INDICATORS.get(cell["indicator"].casefold())
        group = _PUBLISHED_GROUP.fullmatch(cell["group"].casefold())
        if measure is None or group is None:
            unmatched.append(f"{cell['indicator']} ({cell['group']}, {cell['year']})")
            continue
        indicator, complement = measure
        if cell["unit"] != "percent":
            raise ImportFailed(
                path,
                f"enheten '{cell['unit']}' ska vara percent",
                line=line,
                column=header[positions["unit"]],
            )
        value = parse_number(cell["value"], path=path, line=line, column=header[positions["value"]])
        if not 0 <= value <= 100:
            raise ImportFailed(
                path,
                f"andelen {cell['value']} ligger inte mellan 0 och 100",
                line=line,
                column=header[positions["value"]],
            )
        code = _municipality(cell["area"], catalog, path, line, header[positions["area"]])
        year = parse_year(cell["year"], path=path, line=line, column=header[positions["year"]])
        notes = [f"{cell['publisher']} {cell['published']}".strip()]
        if complement:
            notes.append(f"100 − {cell['value']} % ({cell['indicator']})")
        if cell["note"]:
            refuse_personal_data(
                cell["note"], path=path, line=line, column=header[positions["note"]]
            )
            notes.append(cell["note"])
        records.append(
            (
                line,
                indicator,
                code,
                year,
                GRADES[group.group(1).replace(" ", "")],
                group.group(2) or "alla",
                100.0 - value if complement else value,
                None,
                "; ".join(notes),
                cell["source_url"] or None,
            )
        )
    frame = pd.DataFrame.from_records(
        records, columns=["line", *RESULT_KEY, "share", "n", "note", "source_url"]
    )
    if frame.empty:
        raise ImportFailed(path, "filen innehåller inga Stockholmsenkäten-värden")
    _refuse_duplicates(frame, path, header[positions["indicator"]])
    notes = []
    if other_surveys:
        notes.append(f"{other_surveys} rader från andra undersökningar hoppades över")
    if unmatched:
        notes.append(
            f"{len(unmatched)} Stockholmsenkäten-rader utan motsvarande nyckeltal hoppades över: "
            + ", ".join(unmatched)
        )
    results = frame.drop(columns="line").assign(n=pd.array([None] * len(frame), dtype="Int64"))
    return ParsedImport(
        file_format,
        PUBLISHED_SOURCE_ID,
        False,
        {"stockholmsenkaten_results": results},
        notes,
    )


# --- pupil-level answers ---------------------------------------------------------------------


def _parse_pupils(
    table: CsvTable, catalog: Catalog, source_id: str, example: bool, file_format: str
) -> ParsedImport:
    path = table.path
    codebook = read_codebook()
    positions = require_columns(table, PUPIL_COLUMNS)
    header = table.header or []
    header_line = table.line_numbers[0] - 1 if table.line_numbers else 1
    structural = set(positions.values())
    item_positions = [index for index in range(len(header)) if index not in structural]
    seen: set[str] = set()
    for index in item_positions:
        name = header[index]
        if name in IDENTIFYING_COLUMNS:
            raise ImportFailed(
                path,
                f"kolumnen '{name}' identifierar skolan och lagras inte: ta bort den ur filen",
                line=header_line,
                column=name,
            )
        if name not in codebook.items:
            raise ImportFailed(
                path,
                f"okänd fråga '{name}': finns inte i Stockholmsenkätens kodbok 2024",
                line=header_line,
                column=name,
            )
        if name in seen:
            raise ImportFailed(
                path, f"frågan '{name}' finns två gånger", line=header_line, column=name
            )
        seen.add(name)
    if not item_positions:
        raise ImportFailed(path, "filen har inga frågekolumner", line=header_line)

    cells = np.array(table.rows, dtype=object)
    lines = np.array(table.line_numbers)
    pupils = _pupil_keys(table, cells, lines, positions, catalog, codebook)
    codes = _item_codes(table, cells, lines, item_positions, codebook)
    item_names = np.array([header[index] for index in item_positions], dtype=object)
    answered = ~np.isnan(codes)
    # Rows answering the same items share one list (most rows answer every item).
    lists: dict[bytes, list[str]] = {}
    for mask in answered:
        if mask.tobytes() not in lists:
            lists[mask.tobytes()] = item_names[mask].tolist()
    pupils["item_ids"] = _list_column([lists[mask.tobytes()] for mask in answered], ITEM_IDS)
    pupils["answer_codes"] = _list_column(
        [row[mask].astype(np.int16) for row, mask in zip(codes, answered, strict=True)],
        ANSWER_CODES,
    )
    key = ["year", "municipality_code", "respondent_id"]
    duplicated = pupils.duplicated(subset=key, keep="first")
    if duplicated.any():
        first = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise ImportFailed(
            path,
            "dubblett: eleven {respondent_id} ({year}, {municipality_code}) finns redan tidigare "
            "i filen".format(**pupils.iloc[first].to_dict()),
            line=int(lines[first]),
            column=header[positions["respondent_id"]],
        )
    notes = [f"{len(pupils)} elever, {len(item_positions)} frågor"]
    return ParsedImport(
        file_format, source_id, example, {"stockholmsenkaten_pupils": pupils}, notes
    )


def _pupil_keys(
    table: CsvTable,
    cells: np.ndarray,
    lines: np.ndarray,
    positions: dict[str, int],
    catalog: Catalog,
    codebook: Codebook,
) -> pd.DataFrame:
    """Year, municipality, respondent id, grade and sex of every pupil, validated."""
    path, header = table.path, table.header or []
    home_codes = _home_codes(catalog, codebook)
    rows = []
    for row, line in zip(cells, lines, strict=True):
        line = int(line)

        def column(name: str) -> str:
            return header[positions[name]]

        respondent = str(row[positions["respondent_id"]]).strip()
        if not respondent:
            raise ImportFailed(path, "elevens ID saknas", line=line, column=column("respondent_id"))
        if _is_personnummer(respondent):
            raise ImportFailed(
                path,
                "ID ser ut som ett personnummer; elevsvaren ska vara avidentifierade",
                line=line,
                column=column("respondent_id"),
            )
        year = parse_year(str(row[positions["year"]]), path=path, line=line, column=column("year"))
        place = str(row[positions["municipality"]]).strip()
        municipality = _home_municipality(place, catalog, home_codes)
        if municipality is None:
            raise ImportFailed(
                path,
                f"okänd hemkommun '{place}' (kodbokens kod 1–26 eller en fyrsiffrig kommunkod)",
                line=line,
                column=column("municipality"),
            )
        grade = _pupil_grade(str(row[positions["grade"]]))
        if grade is None:
            raise ImportFailed(
                path,
                f"årskurs '{row[positions['grade']]}' ska vara 9 eller 2",
                line=line,
                column=column("grade"),
            )
        sex_text = str(row[positions["sex"]]).strip()
        sex = _pupil_sex(sex_text)
        if sex is None:
            raise ImportFailed(
                path,
                f"kön '{sex_text}' ska vara 1 (pojke), 2 (flicka), 3 (annan) eller 999 (ej svar)",
                line=line,
                column=column("sex"),
            )
        rows.append((year, municipality, respondent, grade, sex))
    return pd.DataFrame(
        rows, columns=["year", "municipality_code", "respondent_id", "grade", "sex"]
    )


def _home_codes(catalog: Catalog, codebook: Codebook) -> dict[int, str | None]:
    """The codebook's Hemkommun code -> municipality code."""
    return {
        code: catalog.municipality_by_name.get(normalise_name(name))
        for code, name in codebook.home_municipalities.items()
    }


def _is_personnummer(respondent: str) -> bool:
    """A respondent id that is a valid personnummer (spaces ignored)."""
    digits = respondent.replace(" ", "")
    return bool(_PERSONNUMMER_LIKE.fullmatch(digits) and personnummer.valid(digits))


def _whole_number(text: str) -> int | None:
    """The value of a whole number written as digits (optionally with a .0 decimal part)."""
    if not _WHOLE_NUMBER.fullmatch(text):
        return None
    try:
        return int(float(text))
    except OverflowError:
        # Hundreds of digits: no code is that large.
        return None


def _home_municipality(
    place: str, catalog: Catalog, home_codes: dict[int, str | None]
) -> str | None:
    """A stripped Hemkommun cell as a municipality code (a four-digit code of the catalogue or
    the codebook's code), or None."""
    if re.fullmatch(r"\d{4}", place):
        return place if place in catalog.municipality_codes else None
    code = _whole_number(place)
    return None if code is None else home_codes.get(code)


def _pupil_grade(text: str) -> str | None:
    return GRADES.get(text.strip().casefold().replace(" ", "").removesuffix(".0"))


def _pupil_sex(text: str) -> str | None:
    """A stripped F2 cell as pojke/flicka/annan/ej_svar, or None."""
    code = _whole_number(text)
    return None if code is None else PUPIL_SEXES.get(code)


def _item_codes(
    table: CsvTable,
    cells: np.ndarray,
    lines: np.ndarray,
    item_positions: list[int],
    codebook: Codebook,
) -> np.ndarray:
    """Answer codes as a float matrix (NaN = empty cell), every code checked against the
    codebook; the first bad cell in file order is the error.

    Each distinct cell text is parsed once (a file holds a few dozen), then looked up.
    """
    path, header = table.path, table.header or []
    texts = cells[:, item_positions].astype(str)
    tokens, inverse = np.unique(np.char.strip(texts), return_inverse=True)
    parsed = np.array([_token_number(str(token)) for token in tokens])
    numbers = parsed[inverse.reshape(texts.shape)]
    # allowed[c, code]: code is an answer or missing code of item column c (codes 0-999).
    allowed = np.zeros((len(item_positions), 1000), dtype=bool)
    for column, position in enumerate(item_positions):
        allowed[column, sorted(codebook.items[header[position]].allowed())] = True
    in_range = (numbers >= 0) & (numbers < 1000)
    index = np.where(in_range, numbers, 0).astype(int)
    valid = (numbers == -1.0) | (in_range & allowed[np.arange(len(item_positions)), index])
    if not valid.all():
        row, column = (int(axis[0]) for axis in np.nonzero(~valid))
        item = codebook.items[header[item_positions[column]]]
        raise ImportFailed(
            path,
            f"svaret '{texts[row, column].strip()}' är ingen kod för {item.item_id} "
            f"({_allowed_text(item)})",
            line=int(lines[row]),
            column=item.item_id,
        )
    return np.where(numbers == -1.0, np.nan, numbers)


def _token_number(token: str) -> float:
    """A stripped answer cell as a number: -1 for an empty cell, -2 for text that is no whole
    number (digits, optionally with a .0 decimal part)."""
    return -1.0 if token == "" else float(token) if _WHOLE_NUMBER.fullmatch(token) else -2.0


def _allowed_text(item: CodebookItem) -> str:
    answers = (
        f"{min(item.answer_codes)}–{max(item.answer_codes)}"
        if item.answer_codes
        else f"{OPEN_ANSWER_RANGE[0]}–{OPEN_ANSWER_RANGE[1]}"
    )
    missing = ", ".join(str(code) for code in sorted(item.missing_codes | NO_ANSWER_CODES))
    return f"svar {answers}, saknade värden {missing}"


def _list_column(values: list, value_type: pa.DataType) -> pd.api.extensions.ExtensionArray:
    """One list per row as an Arrow-backed pandas column."""
    return pd.arrays.ArrowExtensionArray(pa.array(values, value_type))


# --- column-wise checks ----------------------------------------------------------------------
# `parse` of a plain CSV file column by column: each distinct cell text is checked once by the
# same functions the row-wise code calls per cell. Any refusal, missing column or duplicate
# gives None and the file goes to `parse_rowwise`, which gives the error (or, should a column
# check be stricter than the row-wise one, the rows).

# What a check returns for a text it refuses (None is a value: a suppressed share).
_REFUSED = object()


def _parse_columns(data: ColumnTable, catalog: Catalog, example: bool) -> ParsedImport | None:
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    described = f"({data.encoding}, '{data.delimiter}')"
    lowered = {name.casefold() for name in data.header}
    if {"statistic", "source_url"} <= lowered:
        return None
    if lowered & {"indikator", "indicator", "indicator_id"}:
        file_format = f"resultattabell-csv {described}"
        return _results_columns(data, catalog, source_id, example, file_format)
    if lowered & {"arskurs", "årskurs", "grade"}:
        file_format = f"stockholmsenkaten-elevsvar-csv {described}"
        return _pupils_columns(data, catalog, source_id, example, file_format)
    return None


def _required_positions(
    header: list[str], aliases: dict[str, tuple[str, ...]]
) -> dict[str, int] | None:
    """`require_columns`' positions, or None where it refuses the header."""
    lowered = [name.casefold() for name in header]
    positions: dict[str, int] = {}
    for canonical, spellings in aliases.items():
        found = [spelling.casefold() for spelling in spellings if spelling.casefold() in lowered]
        if not found:
            return None
        positions[canonical] = lowered.index(found[0])
    return positions


def _distinct(values: pa.Array) -> tuple[np.ndarray, list[str]]:
    """(code per row, distinct texts): row i holds texts[codes[i]]."""
    encoded = pc.dictionary_encode(values)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    return codes, encoded.dictionary.to_pylist()


def _checked(values: pa.Array, check: Callable[[str], object]) -> tuple[np.ndarray, list] | None:
    """(code per row, check(text) per distinct text), or None when `check` refuses a text
    (returns _REFUSED or raises ImportFailed)."""
    codes, texts = _distinct(values)
    results = []
    for text in texts:
        try:
            result = check(text)
        except ImportFailed:
            return None
        if result is _REFUSED:
            return None
        results.append(result)
    return codes, results


def _canonical(checked: tuple[np.ndarray, list]) -> tuple[np.ndarray, int]:
    """(a number per row, equal where the checked values are equal; how many numbers)."""
    codes, values = checked
    numbers: dict[object, int] = {}
    per_value = [numbers.setdefault(value, len(numbers)) for value in values]
    return np.array(per_value, dtype=np.int64)[codes], len(numbers)


def _has_duplicates(keys: list[tuple[np.ndarray, int]]) -> bool:
    """Whether a row repeats the key of an earlier row (key parts from `_canonical`)."""
    combined, size = np.zeros(len(keys[0][0]), dtype=np.int64), 1
    for numbers, count in keys:
        size *= count
        if size >= 2**62:
            return bool(
                pd.DataFrame({k: part for k, (part, _) in enumerate(keys)}).duplicated().any()
            )
        combined = combined * count + numbers
    return len(pd.unique(combined)) != len(combined)


def _text_column(texts: pa.Array) -> object:
    """Arrow text as the column pandas makes of the same values in rows (the row-wise frame):
    its string dtype, or objects when every value is missing."""
    if texts.null_count == len(texts):
        return np.full(len(texts), None, dtype=object)
    return pd.array(texts, dtype="str")


def _take_text(checked: tuple[np.ndarray, list]) -> object:
    codes, values = checked
    return _text_column(pa.array(values, pa.large_string()).take(codes))


def _empty_as_null(texts: pa.Array) -> pa.Array:
    """`cell or None` for every cell."""
    return pc.if_else(pc.equal(texts, ""), pa.scalar(None, texts.type), texts)


def _results_columns(
    data: ColumnTable, catalog: Catalog, source_id: str, example: bool, file_format: str
) -> ParsedImport | None:
    """`_parse_results`, column by column, or None."""
    path, header = data.path, data.header
    positions = _required_positions(header, RESULT_COLUMNS)
    if positions is None:
        return None
    optional = _optional_positions(header, RESULT_OPTIONAL)

    def column(name: str) -> pa.Array:
        return data.columns[positions[name]]

    def indicator(text: str) -> object:
        known = text in catalog.indicator_ids and text.startswith(INDICATOR_PREFIX)
        return text if known else _REFUSED

    def share(text: str) -> object:
        if text in ("", ".."):
            return None
        value = parse_number(text, path=path, line=None, column="")
        return value if 0 <= value <= 100 else _REFUSED

    checks = {
        "indicator_id": indicator,
        "municipality": lambda text: _municipality(text, catalog, path, 0, ""),
        "year": lambda text: parse_year(text, path=path, line=None, column=""),
        "grade": lambda text: GRADES.get(text.casefold().replace(" ", ""), _REFUSED),
        "sex": lambda text: SEXES.get(text.casefold(), _REFUSED),
        "share": share,
        "n": lambda text: parse_count(text, path=path, line=None, column="") if text else None,
    }
    checked = {}
    for name, check in checks.items():
        result = _checked(column(name), check)
        if result is None:
            return None
        checked[name] = result
    key = ["indicator_id", "municipality", "year", "grade", "sex"]
    if _has_duplicates([_canonical(checked[name]) for name in key]):
        return None
    notes = None
    if "note" in optional:
        texts = data.columns[optional["note"]]
        if any(contains_personal_data(texts[index].as_py()) for index in candidates(texts)):
            return None
        notes = _empty_as_null(texts)
    count = len(data.line_numbers)
    urls = (
        _empty_as_null(data.columns[optional["source_url"]]) if "source_url" in optional else None
    )
    share_codes, shares = checked["share"]
    year_codes, years = checked["year"]
    n_codes, counts = checked["n"]
    nothing = np.full(count, None, dtype=object)
    results = pd.DataFrame(
        {
            "indicator_id": _take_text(checked["indicator_id"]),
            "municipality_code": _take_text(checked["municipality"]),
            "year": np.array(years, dtype=np.int64)[year_codes],
            "grade": _take_text(checked["grade"]),
            "sex": _take_text(checked["sex"]),
            "share": nothing
            if all(value is None for value in shares)
            else np.array([np.nan if value is None else value for value in shares])[share_codes],
            "n": pd.array(counts, dtype="Int64").take(n_codes),
            "note": nothing if notes is None else _text_column(notes),
            "source_url": nothing if urls is None else _text_column(urls),
        },
        columns=RESULT_FRAME,
    )
    return ParsedImport(file_format, source_id, example, {"stockholmsenkaten_results": results})


def _pupils_columns(
    data: ColumnTable, catalog: Catalog, source_id: str, example: bool, file_format: str
) -> ParsedImport | None:
    """`_parse_pupils`, column by column, or None."""
    path, header = data.path, data.header
    codebook = read_codebook()
    positions = _required_positions(header, PUPIL_COLUMNS)
    if positions is None:
        return None
    structural = set(positions.values())
    item_positions = [index for index in range(len(header)) if index not in structural]
    names = [header[index] for index in item_positions]
    if (
        not names
        or len(set(names)) != len(names)
        or any(name in IDENTIFYING_COLUMNS or name not in codebook.items for name in names)
    ):
        return None

    ids = data.columns[positions["respondent_id"]]
    if pc.min(pc.utf8_length(ids)).as_py() == 0:
        return None
    spaceless = pc.replace_substring(ids, " ", "")
    maybe = pc.match_substring_regex(spaceless, _PERSONNUMMER_CANDIDATE)
    for index in np.flatnonzero(maybe.to_numpy(zero_copy_only=False)).tolist():
        if _is_personnummer(ids[index].as_py()):
            return None
    home_codes = _home_codes(catalog, codebook)
    checks = {
        "year": lambda text: parse_year(text, path=path, line=None, column=""),
        "municipality": lambda text: _home_municipality(text, catalog, home_codes) or _REFUSED,
        "grade": lambda text: _pupil_grade(text) or _REFUSED,
        "sex": lambda text: _pupil_sex(text) or _REFUSED,
    }
    checked = {}
    for name, check in checks.items():
        result = _checked(data.columns[positions[name]], check)
        if result is None:
            return None
        checked[name] = result
    count = len(data.line_numbers)
    if pc.count_distinct(ids).as_py() != count and _has_duplicates(
        [
            _canonical(checked["year"]),
            _canonical(checked["municipality"]),
            _canonical(_distinct(ids)),
        ]
    ):
        return None

    # Answer codes, -1 where the cell is empty (the item was not asked).
    codes = np.empty((count, len(names)), dtype=np.int16)
    for column, position in enumerate(item_positions):
        allowed = codebook.items[names[column]].allowed()
        rows, tokens = _distinct(data.columns[position])
        numbers = []
        for token in tokens:
            number = _token_number(token)
            if number == -1.0:
                numbers.append(-1)
            elif 0 <= number < 1000 and int(number) in allowed:
                numbers.append(int(number))
            else:
                return None
        codes[:, column] = np.array(numbers, dtype=np.int16)[rows]
    answered = codes >= 0
    offsets = np.zeros(count + 1, dtype=np.int32)
    np.cumsum(answered.sum(axis=1), out=offsets[1:])
    item_columns = np.broadcast_to(np.arange(len(names), dtype=np.int32), codes.shape)[answered]
    item_ids = pa.ListArray.from_arrays(
        pa.array(offsets), pa.array(names, pa.string()).take(pa.array(item_columns))
    )
    answer_codes = pa.ListArray.from_arrays(pa.array(offsets), pa.array(codes[answered]))
    year_codes, years = checked["year"]
    pupils = pd.DataFrame(
        {
            "year": np.array(years, dtype=np.int64)[year_codes],
            "municipality_code": _take_text(checked["municipality"]),
            "respondent_id": _text_column(ids),
            "grade": _take_text(checked["grade"]),
            "sex": _take_text(checked["sex"]),
            "item_ids": pd.arrays.ArrowExtensionArray(item_ids),
            "answer_codes": pd.arrays.ArrowExtensionArray(answer_codes),
        }
    )
    notes = [f"{count} elever, {len(names)} frågor"]
    return ParsedImport(
        file_format, source_id, example, {"stockholmsenkaten_pupils": pupils}, notes
    )
