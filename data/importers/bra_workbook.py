"""Brå's "Indikatorer för kommuners lägesbild": one Excel workbook per municipality.

Sheets whose name contains "(anmälda)" hold reported offences: a title in the first row, then a
header row of "<enhet> <ÅÅÅÅ>" cells ("Antal 2015" ..., "Antal per 100 000 inv 2015" ...), then
one row per geography (the municipality, its county, "Hela landet"). The crime type is the sheet
name without "(anmälda)", matched to data/metadata/bra_workbook_names.csv or to
crime_types.name_sv. Stored in `crime_counts` (period year, final).

The other sheets are NTU results: a title "<variabel> <ÅÅÅÅ–ÅÅÅÅ>, enligt NTU <ÅÅÅÅ–ÅÅÅÅ>.
<enhet>", a row of geography names, a header row ("År", then per geography a block "Andel" (or
"Antal"), "KI undre", "KI övre"), one row per year (or pooled years, "2019–2020"). The variable
"Antal svarande i NTU" gives each result's n. Stored in `survey_results` (survey ntu, group
alla, source bra_ntu) for the variables named in bra_workbook_names.csv; other variables are
counted in the summary.

Brå changed the layout in 2025-12 and 2026-04 (titles with line breaks, geography names one per
column instead of one per block), so title, geography and header rows are found by pattern,
never by position. `..` (and `.`, `-` in counts) are Brå's marks. A negative count or rate, a
share outside 0–100 or an interval that does not hold its share is refused, naming sheet, row
and column.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import pandas as pd

from data.importers import bra, ntu_county
from data.importers.common import (
    Catalog,
    ImportFailed,
    ParsedImport,
    normalise_name,
    parse_count,
    parse_number,
)
from data.importers.survey import AREA_ALIASES, AREAS, _fold, _lookup
from data.importers.tabular import column_letter, report_sheets

NAMES_FILE = Path(__file__).resolve().parents[1] / "metadata" / "bra_workbook_names.csv"
NTU_SOURCE_ID = "bra_ntu"
NTU_BREAK_YEAR = 2017
RESPONDENTS = "antal svarande i ntu"
_UNIT_YEAR = re.compile(r"^(antal per 100 ?000 inv\.?|per 100 ?000 inv\.?|antal)\s+(\d{4})$")
_YEARS = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
_TITLE = re.compile(r"^(?P<variable>.+?)\s+\d{4}\s*[-–]\s*\d{4}\s*,?\s*enligt ntu", re.IGNORECASE)
_SHARE_HEADS = ("andel", "antal")


@functools.cache
def known_names() -> dict[tuple[str, str], str]:
    """(sheet kind, folded name) -> crime_code or indicator_id."""
    with open(NAMES_FILE, encoding="utf-8", newline="") as handle:
        return {
            (row["sheet_kind"], _fold(row["name_sv"])): row["target_id"]
            for row in csv.DictReader(handle)
        }


def is_lagesbild(sheets: dict[str, list]) -> bool:
    return any("(anmälda)" in name.casefold() for name in sheets)


def parse_workbook(path: Path, catalog: Catalog, *, example: bool = False) -> ParsedImport:
    """Read and validate a lägesbild workbook: rows for crime_counts and survey_results. A
    workbook of NTU's "R<nr>" county sheets is read by data/importers/ntu_county.py."""
    sheets = report_sheets(path)
    if not is_lagesbild(sheets) and ntu_county.is_county_workbook(sheets):
        return ntu_county.parse_sheets(path, sheets, catalog, example=example)
    if not is_lagesbild(sheets):
        raise ImportFailed(
            path,
            "arbetsboken är ingen av Brås lägesbildsfiler: inget blad heter '... (anmälda)' "
            f"(blad: {', '.join(sheets)})",
        )
    crimes, results, skipped = [], [], []
    respondents: dict[tuple[str, int], int] = {}
    for name, rows in sheets.items():
        if not rows:
            continue
        try:
            variable = _read_sheet(path, name, rows, catalog, crimes, results, respondents)
        except ImportFailed as error:
            if error.message.startswith("bladet"):
                raise
            raise ImportFailed(
                path, f"bladet '{name}': {error.message}", line=error.line, column=error.column
            ) from None
        if variable is not None:
            skipped.append(variable)
    if not crimes and not results:
        raise ImportFailed(path, "arbetsboken har inga blad med kända brott eller NTU-frågor")
    if not results and all(row[4] is None and row[5] is None for row in crimes):
        raise ImportFailed(path, "arbetsboken har inga värden, bara Brås tecken '..' (saknas)")
    tables = {}
    if crimes:
        frame = pd.DataFrame(crimes, columns=bra.COLUMNS)
        duplicated = frame.duplicated(subset=bra.KEY)
        if duplicated.any():
            code, year, _, crime = frame.loc[duplicated.idxmax(), bra.KEY[:4]]
            raise ImportFailed(path, f"{crime} {year} för {code} finns på två blad")
        frame["count"] = frame["count"].astype("Int64")
        frame["rate_per_100k"] = frame["rate_per_100k"].astype("float64")
        tables["crime_counts"] = frame
    if results:
        records = [
            (
                "ntu",
                indicator,
                area,
                year,
                "alla",
                share,
                respondents.get((area, year)),
                lower,
                upper,
                pooled,
                year - pooled + 1 == NTU_BREAK_YEAR,
                None,
                None,
            )
            for indicator, area, year, pooled, share, lower, upper, _line in results
        ]
        columns = ["survey", "indicator_id", "area", "year", "respondent_group", "share", "n"]
        columns += ["ci_lower", "ci_upper", "pooled_years", "series_break", "source_url", "note"]
        frame = pd.DataFrame(records, columns=columns)
        frame["n"] = frame["n"].astype("Int64")
        tables["survey_results"] = frame.assign(
            source_id="survey_example" if example else NTU_SOURCE_ID
        )
    notes = [f"{len(crimes)} brottsrader, {len(results)} NTU-resultat"]
    if skipped:
        notes.append(f"okända blad hoppades över: {', '.join(skipped)}")
    source_id = bra.EXAMPLE_SOURCE_ID if example else bra.SOURCE_ID
    return ParsedImport("bra-lägesbild (xlsx)", source_id, example, tables, notes)


def _read_sheet(
    path: Path,
    name: str,
    rows: list[tuple[int, list[str]]],
    catalog: Catalog,
    crimes: list,
    results: list,
    respondents: dict,
) -> str | None:
    """Add one sheet's rows to `crimes`, `results` or `respondents`; the sheet's name when it
    holds nothing known (skipped)."""
    if "(anmälda)" in name.casefold():
        found = _crime_sheet(path, name, rows, catalog)
        if found is None:
            return name
        crimes.extend(found)
        return None
    variable, found = _ntu_sheet(path, name, rows)
    if _fold(variable) == RESPONDENTS:
        for area, year, _pooled, value, _lower, _upper, line in found:
            respondents[(area, year)] = _respondents(value, path, name, line)
        return None
    indicator = known_names().get(("ntu", _fold(variable)))
    if indicator is None:
        return name
    results.extend((indicator, *row) for row in found)
    return None


def _crime_sheet(
    path: Path, sheet: str, rows: list[tuple[int, list[str]]], catalog: Catalog
) -> list[tuple] | None:
    stem = re.sub(r"\(anmälda\)", "", sheet, flags=re.IGNORECASE).strip()
    crime = known_names().get(("crime", _fold(stem))) or catalog.crime_code_by_name.get(
        normalise_name(stem)
    )
    if crime is None:
        return None
    header_at = next(
        (
            index
            for index, (_, cells) in enumerate(rows)
            if sum(bool(_UNIT_YEAR.match(_fold(cell))) for cell in cells) >= 1
        ),
        None,
    )
    if header_at is None:
        raise ImportFailed(
            path,
            f"bladet '{sheet}' saknar rubrikraden ('Antal 2015', 'Antal per 100 000 inv 2015' ...)",
        )
    _, header = rows[header_at]
    columns: dict[int, dict[str, int]] = {}
    for index, cell in enumerate(header):
        match = _UNIT_YEAR.match(_fold(cell))
        if match:
            unit = "count" if match.group(1) == "antal" else "rate"
            columns.setdefault(int(match.group(2)), {})[unit] = index
    # The geography names stand in the column before the first "<enhet> <ÅÅÅÅ>" cell.
    place_at = max(0, min(index for where in columns.values() for index in where.values()) - 1)
    records = []
    for line, cells in rows[header_at + 1 :]:
        place = _cell(cells, place_at)
        if not place:
            continue
        code = bra.resolve_region(place, catalog)
        if code is None:
            raise ImportFailed(
                path,
                f"bladet '{sheet}': okänd kommun eller region '{place}'",
                line=line,
                column="A",
            )
        for year, where in sorted(columns.items()):
            count, mark, rate = None, None, None
            if "count" in where:
                count, mark = _count(cells, where["count"], path, sheet, line)
            if "rate" in where:
                rate = _rate(cells, where["rate"], path, sheet, line)
            if mark is None and count is None:
                mark = ".."
            records.append((code, year, "year", crime, count, rate, mark, False))
    if not records:
        raise ImportFailed(path, f"bladet '{sheet}' har inga rader under rubrikraden")
    return records


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if 0 <= index < len(cells) else ""


def _count(
    cells: list[str], index: int, path: Path, sheet: str, line: int
) -> tuple[int | None, str | None]:
    text = _cell(cells, index)
    if text in bra.MARKS or not text:
        return bra.MARKS.get(text), ("-" if text == "\u2013" else text or "..")
    return parse_count(text, path=path, line=line, column=column_letter(index)), None


def _rate(cells: list[str], index: int, path: Path, sheet: str, line: int) -> float | None:
    text = _cell(cells, index)
    if not text or text in bra.MARKS:
        return 0.0 if bra.MARKS.get(text) == 0 else None
    column = column_letter(index)
    value = parse_number(text, path=path, line=line, column=column)
    if value < 0:
        raise ImportFailed(
            path,
            f"bladet '{sheet}': '{text}' är ingen takt per 100 000 (negativ)",
            line=line,
            column=column,
        )
    return value


def _ntu_sheet(
    path: Path, sheet: str, rows: list[tuple[int, list[str]]]
) -> tuple[str, list[tuple]]:
    """(the variable of the title, [(area, year, pooled years, value, lower, upper, line)])."""
    title = " ".join(" ".join(cell for cell in rows[0][1] if cell).split())
    match = _TITLE.match(title)
    if match is None:
        raise ImportFailed(
            path,
            f"bladet '{sheet}': rubriken '{title[:80]}' är inte '<variabel> ÅÅÅÅ–ÅÅÅÅ, enligt "
            "NTU ÅÅÅÅ–ÅÅÅÅ. <enhet>'",
            line=rows[0][0],
            column="A",
        )
    variable = match.group("variable").strip()
    header_at = next(
        (
            index
            for index, (_, cells) in enumerate(rows)
            if cells and _fold(cells[0]) == "ar" and any(_fold(c) in _SHARE_HEADS for c in cells)
        ),
        None,
    )
    if header_at is None:
        raise ImportFailed(
            path, f"bladet '{sheet}' saknar rubrikraden ('År', 'Andel', 'KI undre', 'KI övre')"
        )
    header_line, header = rows[header_at]
    if header_at < 2:
        raise ImportFailed(
            path,
            f"bladet '{sheet}' saknar raden med områdenas namn ovanför rubrikraden",
            line=header_line,
        )
    places = rows[header_at - 1][1]
    starts = [index for index, cell in enumerate(header) if _fold(cell) in _SHARE_HEADS]
    blocks = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(header)
        heads = {_fold(header[index]): index for index in range(start, end)}
        if _fold(header[start]) == "antal" and not {"ki undre", "ki ovre"} & set(heads):
            heads["ki undre"] = heads["ki ovre"] = -1
        if "ki undre" not in heads or "ki ovre" not in heads:
            raise ImportFailed(
                path,
                f"bladet '{sheet}': blocket saknar 'KI undre' och 'KI övre'",
                line=header_line,
                column=column_letter(start),
            )
        named = [_cell(places, index) for index in range(start, end) if _cell(places, index)]
        if not named:
            raise ImportFailed(
                path,
                f"bladet '{sheet}': blocket har inget område i raden ovanför",
                line=rows[header_at - 1][0],
                column=column_letter(start),
            )
        area = _lookup(
            named[0],
            AREAS,
            {
                **AREA_ALIASES,
                **{_fold(f"{name} kommun"): name for name in AREAS},
                **{_fold(f"{name}s kommun"): name for name in AREAS},
            },
            what="okänt område",
            where=(path, rows[header_at - 1][0], column_letter(start)),
        )
        blocks.append((area, start, heads["ki undre"], heads["ki ovre"]))
    if not blocks:
        raise ImportFailed(
            path,
            f"bladet '{sheet}': rubrikraden har inget 'Andel'- eller 'Antal'-block",
            line=header_line,
        )
    is_count = _fold(header[starts[0]]) == "antal"
    found = []
    for line, cells in rows[header_at + 1 :]:
        years = _YEARS.match(_cell(cells, 0))
        if years is None:
            if not _cell(cells, 0):
                continue
            raise ImportFailed(
                path,
                f"bladet '{sheet}': '{_cell(cells, 0)}' är inget år (ÅÅÅÅ eller ÅÅÅÅ–ÅÅÅÅ)",
                line=line,
                column="A",
            )
        first, last = int(years.group(1)), int(years.group(2) or years.group(1))
        for area, value_at, lower_at, upper_at in blocks:
            values = [
                _share(cells, index, path, sheet, line, is_count)
                for index in (value_at, lower_at, upper_at)
            ]
            if values[0] is None:
                continue
            value, lower, upper = values
            if (lower is None) != (upper is None) or (
                lower is not None and not lower <= value <= upper
            ):
                raise ImportFailed(
                    path,
                    f"bladet '{sheet}': intervallet {lower}–{upper} innehåller inte {value}",
                    line=line,
                    column=column_letter(value_at),
                )
            found.append((area, last, last - first + 1, value, lower, upper, line))
    return variable, found


def _share(
    cells: list[str], index: int, path: Path, sheet: str, line: int, is_count: bool
) -> float | None:
    text = _cell(cells, index)
    if not text or text in bra.MARKS:
        return None
    column = column_letter(index)
    value = parse_number(text, path=path, line=line, column=column)
    if value < 0 or (not is_count and value > 100):
        raise ImportFailed(
            path,
            f"bladet '{sheet}': andelen {text} ligger inte mellan 0 och 100",
            line=line,
            column=column,
        )
    return value


def _respondents(value: float, path: Path, sheet: str, line: int) -> int:
    if value != int(value) or value <= 0:
        raise ImportFailed(
            path, f"bladet '{sheet}': antal svarande {value} är inget positivt heltal", line=line
        )
    return int(value)
