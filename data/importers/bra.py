"""Brå reported crimes (anmälda brott): the yearly per-municipality CSV and the long format.

Formats detected from the file itself:
- yearly CSV, current variant: UTF-8 with BOM, `;`, CRLF, header `Kommun;Antal;Per 100 000 inv.`,
  spaces as thousands separators and a decimal comma; municipalities by plain name ("Vaxholm").
  Stored as crime type `totalt`, period `year`, final. The year is not in the file: it comes
  from the `year` option (`--year`), else from a 4-digit year in the file name;
- yearly CSV, 2021 variant: the same without a header row, names with " kommun" (also in the
  genitive, "Arjeplogs kommun"), en dashes ("Malung–Sälen"), UTF-8 or cp1252, and rows for
  Stockholm's city districts (stadsdelsområden), which are skipped: Stockholm's own row holds
  them. "Hela landet"/"Riket" is skipped in both yearly variants;
- statistics-database long format (`;` or `,`): `År;Period;Region_ID;Region;Brottstyp;Nivå;
  Antal;Per 100 000 inv.;Status`. Period is Helår, Kvartal 1-4 or a month name (stored as
  year, Q1-Q4, M01-M12); Region_ID is Brå's region id, else Region is matched by name
  ("Riket", "Stockholms län", "Vaxholms kommun"); Brottstyp (or the last step of Nivå's path
  "Totalt antal brott > Brott mot brottsbalken > ...") is matched to crime_types.name_sv;
  Status Preliminär/Slutlig. Period, Region_ID, Nivå and Status may be left out; the years
  come from the file (the `year` option is not used).
- "Indikatorer för kommuners lägesbild" (one .xlsx per municipality): read by
  data/importers/bra_workbook.py (reported offences and NTU results).
Brå's marks: `..` suppressed (count NULL), `-` zero (count 0), `.` missing (count NULL); the
rate may carry a mark too. Figures before 2015 are not fully comparable (series break).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.importers import columnar
from data.importers.columnar import header_positions
from data.importers.common import (
    Catalog,
    CsvTable,
    ImportFailed,
    ParsedImport,
    column_positions,
    normalise_name,
    parse_count,
    parse_number,
    parse_year,
    read_delimited,
    require_columns,
)
from data.importers.tabular import ColumnTable, is_excel, read_columns

KIND = "bra"
SOURCE_ID = "bra"
EXAMPLE_SOURCE_ID = "bra_example"
KEY = ["municipality_code", "year", "period", "crime_code"]
COLUMNS = [*KEY, "count", "rate_per_100k", "mark", "is_preliminary"]
YEARLY_COLUMNS = {
    "name": ("Kommun", "Region"),
    "count": ("Antal",),
    "rate": ("Per 100 000 inv.", "Per 100 000 invånare", "Per 100 000", "Per100000"),
}
# Column names used in messages about the headerless 2021 variant.
YEARLY_NAMES = ("Kommun", "Antal", "Per 100 000 inv.")
LONG_COLUMNS = {
    "year": ("År", "Ar", "Year"),
    "region": ("Region", "Kommun"),
    "crime": ("Brottstyp", "Brott"),
    "count": ("Antal",),
    "rate": YEARLY_COLUMNS["rate"],
}
LONG_OPTIONAL = {
    "period": ("Period",),
    "region_id": ("Region_ID",),
    "path": ("Nivå",),
    "status": ("Status",),
    # The statistics database's layout as published for all municipalities: the period as
    # Periodtyp (År / Kvartal / Månad) with Kvartal and Månad numbers, Preliminär True/False,
    # and Brå's mark for a count or rate left empty.
    "period_type": ("Periodtyp",),
    "quarter": ("Kvartal",),
    "month": ("Månad",),
    "preliminary": ("Preliminär",),
    "count_status": ("Status_Antal",),
    "rate_status": ("Status_Per100000",),
}
PERIOD_TYPES = {"år": "year", "helår": "year", "kvartal": "Q", "månad": "M"}
PRELIMINARY_FLAGS = {"true": True, "sant": True, "1": True, "false": False, "falskt": False}
PRELIMINARY_FLAGS["0"] = False
# Brå's marks in a count cell: mark -> count stored.
MARKS = {"..": None, "-": 0, "\u2013": 0, ".": None}
PRELIMINARY = {
    "preliminär": True,
    "preliminära": True,
    "slutlig": False,
    "slutliga": False,
    "": False,
}
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
PERIODS = {
    "helår": "year",
    "år": "year",
    "": "year",
    **{f"kvartal {quarter}": f"Q{quarter}" for quarter in range(1, 5)},
    **{month: f"M{number:02d}" for number, month in enumerate(MONTHS, start=1)},
}
NATIONAL_NAMES = ("hela landet", "riket", "sverige")
# Brå's county names -> SCB county code (Kolada calls them "Region Stockholm" etc.).
COUNTY_CODES = {
    "stockholms län": "0001",
    "uppsala län": "0003",
    "södermanlands län": "0004",
    "östergötlands län": "0005",
    "jönköpings län": "0006",
    "kronobergs län": "0007",
    "kalmar län": "0008",
    "gotlands län": "0009",
    "blekinge län": "0010",
    "skåne län": "0012",
    "hallands län": "0013",
    "västra götalands län": "0014",
    "värmlands län": "0017",
    "örebro län": "0018",
    "västmanlands län": "0019",
    "dalarnas län": "0020",
    "gävleborgs län": "0021",
    "västernorrlands län": "0022",
    "jämtlands län": "0023",
    "västerbottens län": "0024",
    "norrbottens län": "0025",
}
# Stockholm's city districts (stadsdelsområden, also those before the 2020 merger).
STOCKHOLM_DISTRICTS = frozenset(
    normalise_name(name)
    for name in (
        "Rinkeby-Kista",
        "Spånga-Tensta",
        "Hässelby-Vällingby",
        "Bromma",
        "Kungsholmen",
        "Norrmalm",
        "Östermalm",
        "Södermalm",
        "Enskede-Årsta-Vantör",
        "Skarpnäck",
        "Farsta",
        "Älvsjö",
        "Hägersten-Liljeholmen",
        "Hägersten-Älvsjö",
        "Skärholmen",
        "Liljeholmen",
        "Hägersten",
        "Maria-Gamla stan",
        "Katarina-Sofia",
        "Vantör",
        "Enskede-Årsta",
        "Rinkeby",
        "Kista",
        "Spånga",
        "Tensta",
        "Hässelby",
        "Vällingby",
    )
)
_DISTRICT_PREFIX = re.compile(r"^stockholms?(\s*[-:,]\s*|\s+)")
_DISTRICT_SUFFIX = re.compile(r"\s+(stadsdelsområde|stadsdelsnämnd|stadsdel|sdo|sdn)$")
_FILE_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class YearlyRow:
    """One municipality's row of a Brå yearly file."""

    line: int
    municipality_code: str
    count: int | None
    rate: float | None
    mark: str | None


@dataclass(frozen=True)
class YearlyFile:
    """A Brå yearly per-municipality file, read and validated."""

    year: int
    variant: str
    encoding: str
    delimiter: str
    rows: list[YearlyRow]
    notes: list[str]

    @property
    def format(self) -> str:
        name = "bra-årsfil-2021" if self.variant == "yearly-2021" else "bra-årsfil"
        return f"{name} ({self.encoding}, '{self.delimiter}')"


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate a Brå file; return rows for `crime_counts`.

    A plain CSV in the long format is parsed column by column (data/importers/columnar.py);
    the yearly files (290 rows), a file with any cell or row the checks refuse, and a CSV the
    fast reader leaves alone (quotes, ragged rows) are read by `parse_rowwise`, so an error is
    the one it gives.
    """
    path = Path(path)
    data = read_columns(path)
    if data is not None:
        first_row = CsvTable(path, None, [data.header], [1], data.delimiter, data.encoding)
        frame = _long_columns(data, catalog) if guess_variant(first_row) == "long" else None
        if frame is not None:
            _require_values(path, frame)
            file_format = f"bra-lång ({data.encoding}, '{data.delimiter}')"
            return _parsed(frame, file_format, [], example)
    return parse_rowwise(path, catalog, example=example, year=year)


def parse_rowwise(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """`parse` one row at a time: the reference the column-wise path is tested against."""
    path = Path(path)
    if path.is_file() and is_excel(path):
        if year is not None:
            raise ImportFailed(path, "--year gäller bara Brås årsfiler; arbetsboken anger åren")
        # Imported here: bra_workbook uses this module's region names and marks.
        from data.importers import bra_workbook

        return bra_workbook.parse_workbook(path, catalog, example=example)
    table = read_delimited(path, has_header=None)
    variant = detect_variant(table)
    if variant == "long":
        records, file_format, notes = _read_long(_with_header(table), catalog)
    else:
        yearly = read_yearly(path, catalog, year=year, table=table)
        records = [
            (
                row.municipality_code,
                yearly.year,
                "year",
                "totalt",
                row.count,
                row.rate,
                row.mark,
                False,
            )
            for row in yearly.rows
        ]
        file_format, notes = yearly.format, yearly.notes
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    if variant == "long":
        _require_values(path, frame)
    return _parsed(frame, file_format, notes, example)


def _require_values(path: Path, frame: pd.DataFrame) -> None:
    """A long file in which Brå hid every count and rate ('..') holds nothing to import."""
    if not frame.empty and frame["count"].isna().all() and frame["rate_per_100k"].isna().all():
        raise ImportFailed(path, "filen har inga värden, bara Brås tecken '..' (saknas)")


def _parsed(frame: pd.DataFrame, file_format: str, notes: list[str], example: bool) -> ParsedImport:
    frame["year"] = frame["year"].astype("int64")
    frame["count"] = frame["count"].astype("Int64")
    frame["rate_per_100k"] = frame["rate_per_100k"].astype("float64")
    frame["is_preliminary"] = frame["is_preliminary"].astype(bool)
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    return ParsedImport(file_format, source_id, example, {"crime_counts": frame}, notes)


def detect_variant(table: CsvTable) -> str:
    """'yearly' (header Kommun;Antal;...), 'yearly-2021' (no header) or 'long'; else an error."""
    variant = guess_variant(table)
    if variant is None:
        raise ImportFailed(
            table.path,
            "okänt format: väntade rubriken 'Kommun;Antal;Per 100 000 inv.', Brås årsfil utan "
            "rubrik (namn;antal;per 100 000) eller statistikdatabasens kolumner "
            "(År;Period;Region_ID;Region;Brottstyp;Nivå;Antal;Per 100 000 inv.;Status)",
            line=table.line_numbers[0] if table.line_numbers else None,
        )
    if variant != "yearly-2021" and len(table.rows) == 1:
        raise ImportFailed(
            table.path, "filen har en rubrikrad men inga datarader", line=table.line_numbers[0]
        )
    return variant


def guess_variant(table: CsvTable) -> str | None:
    """The variant the first row suggests, or None when it looks like no Brå file."""
    if not table.rows:
        return None
    first = [cell.lstrip("\ufeff").strip().casefold() for cell in table.rows[0]]
    if "brottstyp" in first or ("år" in first and "antal" in first):
        return "long"
    if first[0] in ("kommun", "region") and any(cell.startswith("antal") for cell in first):
        return "yearly"
    if len(first) >= 2 and (first[1] in MARKS or _looks_like_number(first[1])):
        return "yearly-2021"
    return None


def read_yearly(
    path: str | Path, catalog: Catalog, *, year: int | None = None, table: CsvTable | None = None
) -> YearlyFile:
    """Read a Brå yearly per-municipality file (either variant); used by population too."""
    path = Path(path)
    if table is None:
        table = read_delimited(path, has_header=None)
    variant = detect_variant(table)
    if variant == "long":
        raise ImportFailed(path, "filen är Brås långa format, inte årsfilen per kommun", line=1)
    file_year = _year_of(path, year)
    if variant == "yearly":
        table = _with_header(table)
        _check_widths(table, table.header)
        positions = require_columns(table, YEARLY_COLUMNS)
        names = {key: table.header[index] for key, index in positions.items()}
    else:
        _check_widths(table, list(YEARLY_NAMES))
        positions = {"name": 0, "count": 1, "rate": 2}
        names = dict(zip(positions, YEARLY_NAMES, strict=True))
    rows: list[YearlyRow] = []
    seen: dict[str, int] = {}
    national: list[str] = []
    districts = 0
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        name = row[positions["name"]]
        key = normalise_name(name)
        if key in NATIONAL_NAMES:
            national.append(name)
            continue
        if _is_stockholm_district(key):
            districts += 1
            continue
        code = resolve_region(name, catalog)
        if code is None:
            raise ImportFailed(path, f"okänd kommun '{name}'", line=line, column=names["name"])
        if code in seen:
            raise ImportFailed(
                path,
                f"dubblett: '{name}' ({code}) finns redan på rad {seen[code]}",
                line=line,
                column=names["name"],
            )
        seen[code] = line
        count, mark = _count_cell(row[positions["count"]], path, line, names["count"])
        rate = _rate_cell(row[positions["rate"]], path, line, names["rate"])
        rows.append(YearlyRow(line, code, count, rate, mark))
    if not rows:
        raise ImportFailed(path, "filen innehåller inga kommuner")
    notes = [note] if (note := _skipped_note(national, districts)) else []
    return YearlyFile(file_year, variant, table.encoding, table.delimiter, rows, notes)


def resolve_region(name: str, catalog: Catalog) -> str | None:
    """SCB code for a Brå region name: Riket, a county ("Stockholms län") or a municipality.

    Municipality names may carry " kommun" and the genitive ("Arjeplogs kommun"); the
    trailing "s" is dropped only when the name as written is unknown (so "Hofors" stays).
    """
    key = re.sub(r"\s*-\s*", "-", normalise_name(name))
    if key in NATIONAL_NAMES:
        return "0000" if "0000" in catalog.municipality_codes else None
    for candidate in (key, key.removesuffix("s") if key.endswith("s") else None):
        if candidate is None:
            continue
        if candidate in catalog.municipality_by_name:
            return catalog.municipality_by_name[candidate]
    county = COUNTY_CODES.get(key)
    if county in catalog.municipality_codes:
        return county
    return None


def _read_long(table: CsvTable, catalog: Catalog) -> tuple[list[tuple], str, list[str]]:
    path = table.path
    assert table.header is not None
    _check_widths(table, table.header)
    positions = require_columns(table, LONG_COLUMNS)
    positions.update(column_positions(table.header, LONG_OPTIONAL))
    names = {key: table.header[index] for key, index in positions.items()}
    records = []
    seen: dict[tuple, int] = {}
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        cell = {key: row[index] for key, index in positions.items()}
        year = parse_year(cell["year"], path=path, line=line, column=names["year"])
        period = _period(cell, path, line, names)
        code = _long_region(cell, catalog, path, line, names)
        crime_name = cell["crime"] or cell.get("path", "").split(">")[-1].strip()
        crime_code = catalog.crime_code_by_name.get(normalise_name(crime_name))
        if crime_code is None:
            raise ImportFailed(
                path,
                f"okänd brottstyp '{crime_name}': lägg till den i data/metadata/crime_types.csv",
                line=line,
                column=names["crime"],
            )
        count_text = cell["count"] or cell.get("count_status", "")
        count, mark = _count_cell(count_text, path, line, names["count"])
        rate = _rate_cell(cell["rate"] or cell.get("rate_status", ""), path, line, names["rate"])
        preliminary = _preliminary(cell, path, line, names)
        key = (code, year, period, crime_code)
        if key in seen:
            raise ImportFailed(
                path,
                f"dubblett: {code} {year} {period} {crime_name} finns redan på rad {seen[key]}",
                line=line,
                column=names["region"],
            )
        seen[key] = line
        records.append((*key, count, rate, mark, preliminary))
    return records, f"bra-lång ({table.encoding}, '{table.delimiter}')", []


def _long_columns(data: ColumnTable, catalog: Catalog) -> pd.DataFrame | None:
    """`_read_long`'s records as a frame, parsed column by column; None when a cell or row is
    one that `_read_long` refuses (or the header lacks a column)."""
    path = data.path
    positions = header_positions(data.header, LONG_COLUMNS)
    if positions is None:
        return None
    positions.update(column_positions(data.header, LONG_OPTIONAL))
    names = {key: data.header[index] for key, index in positions.items()}
    count = len(data.line_numbers)
    empty = pa.repeat(pa.scalar("", pa.large_string()), count)

    def column(name: str) -> pa.Array:
        return data.columns[positions[name]] if name in positions else empty

    def year_of(text: str) -> int:
        return parse_year(text, path=path, line=None, column=names["year"])

    def combined(keys: tuple[str, ...], function) -> tuple[np.ndarray, list] | None:
        """`function` of the row's cells under `keys` (those present), once per distinct
        combination; None when it refuses one."""
        present = [key for key in keys if key in positions]
        if not present:
            return np.zeros(count, dtype=np.intp), [function({})]
        codes = np.zeros(count, dtype=np.int64)
        parts = []
        for key in present:
            key_codes, texts = columnar.distinct(column(key))
            codes = codes * len(texts) + key_codes
            parts.append(texts)
        row_codes, combos = pd.factorize(codes)
        results = []
        for combo in combos.tolist():
            cell = {}
            for key, texts in zip(reversed(present), reversed(parts), strict=True):
                combo, index = divmod(combo, len(texts))
                cell[key] = texts[index]
            try:
                results.append(function(cell))
            except ImportFailed:
                return None
        return row_codes, results

    year_codes, years, year_bad = columnar.per_distinct(column("year"), year_of)
    period = combined(
        ("period", "period_type", "quarter", "month"),
        lambda cell: _period(cell, path, None, names),
    )
    status = combined(("status", "preliminary"), lambda cell: _preliminary(cell, path, None, names))
    if year_bad.any() or period is None or status is None:
        return None
    period_codes, periods = period
    status_codes, statuses = status
    # Region: each distinct (Region, Region_ID) pair once.
    region_codes, regions = columnar.distinct(column("region"))
    region_id_codes, region_ids = columnar.distinct(column("region_id"))
    region_pair_codes, region_pairs = pd.factorize(region_codes * len(region_ids) + region_id_codes)
    municipality_codes = []
    for pair in region_pairs.tolist():
        cell = {"region": regions[pair // len(region_ids)]}
        cell["region_id"] = region_ids[pair % len(region_ids)]
        try:
            municipality_codes.append(_long_region(cell, catalog, path, 0, names))
        except ImportFailed:
            return None
    # Crime type: Brottstyp, else the last step of Nivå's path.
    crime_codes, crimes = columnar.distinct(column("crime"))
    path_codes, crime_paths = columnar.distinct(column("path"))
    crime_pair_codes, crime_pairs = pd.factorize(crime_codes * len(crime_paths) + path_codes)
    crime_types = []
    for pair in crime_pairs.tolist():
        crime = crimes[pair // len(crime_paths)]
        crime_name = crime or crime_paths[pair % len(crime_paths)].split(">")[-1].strip()
        crime_code = catalog.crime_code_by_name.get(normalise_name(crime_name))
        if crime_code is None:
            return None
        crime_types.append(crime_code)
    # Counts: a count or one of Brå's marks (an empty cell is refused).
    count_cells = column("count")
    if "count_status" in positions:
        count_cells = pc.if_else(pc.equal(count_cells, ""), column("count_status"), count_cells)
    mark_codes, marks = columnar.distinct(count_cells)
    if "" in marks:
        return None
    is_mark = np.array([text in MARKS for text in marks], dtype=bool)[mark_codes]
    counts, count_bad = columnar.counts(count_cells)
    if (count_bad & ~is_mark).any():
        return None
    mark_values = [MARKS.get(text) for text in marks]
    mark_zero = np.array([value == 0 for value in mark_values], dtype=bool)[mark_codes]
    counts[mark_zero] = 0
    count_missing = is_mark & ~mark_zero
    stored_marks = [
        ("-" if text == "\u2013" else text) if text in MARKS else None for text in marks
    ]
    # Rates: a mark or an empty cell gives NULL ('-' gives 0); a rate is >= 0.
    rate_cells = column("rate")
    if "rate_status" in positions:
        rate_cells = pc.if_else(pc.equal(rate_cells, ""), column("rate_status"), rate_cells)
    rate_codes, rate_texts = columnar.distinct(rate_cells)
    rate_marked = np.array([not text or text in MARKS for text in rate_texts], dtype=bool)
    rate_zero = np.array([MARKS.get(text) == 0 for text in rate_texts], dtype=bool)
    rate_marked, rate_zero = rate_marked[rate_codes], rate_zero[rate_codes]
    rates, rate_bad = columnar.numbers(rate_cells)
    with np.errstate(invalid="ignore"):
        if ((rate_bad | (rates < 0)) & ~rate_marked).any():
            return None
    rates[rate_marked] = np.nan
    rates[rate_zero] = 0.0
    frame = pd.DataFrame(
        {
            "municipality_code": columnar.text_column(municipality_codes, region_pair_codes),
            "year": columnar.take(years, year_codes, np.int64),
            "period": columnar.text_column(periods, period_codes),
            "crime_code": columnar.text_column(crime_types, crime_pair_codes),
            "count": pd.arrays.IntegerArray(counts, count_missing.copy()),
            "rate_per_100k": rates,
            "mark": columnar.text_column(stored_marks, mark_codes),
            "is_preliminary": columnar.take(statuses, status_codes, bool),
        },
        columns=COLUMNS,
    )
    if frame.duplicated(subset=KEY).any():
        return None
    return frame


def _period(cell: dict[str, str], path: Path, line: int | None, names: dict[str, str]) -> str:
    """year, Q1-Q4 or M01-M12 from Period (Helår, Kvartal 1, januari) or from Periodtyp (År,
    Kvartal, Månad) with the Kvartal or Månad number."""
    if (
        "period" not in cell
        and "period_type" not in cell
        and ("quarter" in cell or "month" in cell)
    ):
        # The published layout without its Periodtyp: every row would be read as a year.
        raise ImportFailed(
            path,
            "kolumnen 'Periodtyp' saknas (År, Kvartal eller Månad)",
            line=1,
            column="Periodtyp",
        )
    if "period" in cell or "period_type" not in cell:
        period = PERIODS.get(cell.get("period", "").casefold())
        if period is None:
            raise ImportFailed(
                path,
                f"okänd period '{cell['period']}' (Helår, Kvartal 1-4 eller en månad)",
                line=line,
                column=names["period"],
            )
        return period
    kind = PERIOD_TYPES.get(cell["period_type"].casefold())
    if kind is None:
        raise ImportFailed(
            path,
            f"okänd periodtyp '{cell['period_type']}' (År, Kvartal eller Månad)",
            line=line,
            column=names["period_type"],
        )
    if kind == "year":
        return kind
    which, last = ("quarter", 4) if kind == "Q" else ("month", 12)
    text = cell.get(which, "")
    number = int(float(text)) if re.fullmatch(r"\d{1,2}(\.0)?", text) else 0
    if not 1 <= number <= last:
        raise ImportFailed(
            path,
            f"'{text}' är inget nummer på {'kvartal (1-4)' if kind == 'Q' else 'månad (1-12)'}",
            line=line,
            column=names.get(which, LONG_OPTIONAL[which][0]),
        )
    return f"Q{number}" if kind == "Q" else f"M{number:02d}"


def _preliminary(cell: dict[str, str], path: Path, line: int | None, names: dict[str, str]) -> bool:
    """Status (Preliminär / Slutlig) or Preliminär (True / False)."""
    if "preliminary" in cell and "status" not in cell:
        flag = PRELIMINARY_FLAGS.get(cell["preliminary"].casefold())
        if flag is None:
            raise ImportFailed(
                path,
                f"Preliminär ska vara True eller False, inte '{cell['preliminary']}'",
                line=line,
                column=names["preliminary"],
            )
        return flag
    status = cell.get("status", "")
    preliminary = PRELIMINARY.get(status.casefold())
    if preliminary is None:
        raise ImportFailed(
            path,
            f"okänd status '{status}' (Preliminär eller Slutlig)",
            line=line,
            column=names["status"],
        )
    return preliminary


def _long_region(
    cell: dict[str, str], catalog: Catalog, path: Path, line: int, names: dict[str, str]
) -> str:
    """Region_ID when Brå's id is known, else Region by name; both must agree when given."""
    by_name = resolve_region(cell["region"], catalog) if cell["region"] else None
    region_id = cell.get("region_id", "")
    if region_id:
        if not re.fullmatch(r"\d+", region_id):
            raise ImportFailed(
                path,
                f"Region_ID '{region_id}' är inget heltal",
                line=line,
                column=names["region_id"],
            )
        by_id = catalog.bra_region_ids.get(int(region_id))
        if by_id is not None and by_name is not None and by_id != by_name:
            raise ImportFailed(
                path,
                f"Region_ID {region_id} är {by_id} men Region '{cell['region']}' är {by_name}",
                line=line,
                column=names["region_id"],
            )
        if by_id is not None:
            return by_id
        if by_name is None:
            raise ImportFailed(
                path,
                f"okänt Region_ID {region_id} och okänd region '{cell['region']}'",
                line=line,
                column=names["region_id"],
            )
    if by_name is None:
        raise ImportFailed(
            path, f"okänd region '{cell['region']}'", line=line, column=names["region"]
        )
    return by_name


def _with_header(table: CsvTable) -> CsvTable:
    header = [cell.lstrip("\ufeff").strip() for cell in table.rows[0]]
    return dataclasses.replace(
        table, header=header, rows=table.rows[1:], line_numbers=table.line_numbers[1:]
    )


def _check_widths(table: CsvTable, columns: list[str]) -> None:
    """Every row has one field per column; name the first missing (or surplus) column."""
    width = len(columns)
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        if len(row) < width:
            raise ImportFailed(
                table.path,
                f"raden har {len(row)} fält men väntade {width} ({';'.join(columns)})",
                line=line,
                column=columns[len(row)],
            )
        if len(row) > width:
            raise ImportFailed(
                table.path,
                f"raden har {len(row)} fält men väntade {width} ({';'.join(columns)})",
                line=line,
                column=f"fält {width + 1}",
            )


def _count_cell(text: str, path: Path, line: int, column: str) -> tuple[int | None, str | None]:
    """A count or one of Brå's marks: (count, mark)."""
    if text in MARKS:
        return MARKS[text], "-" if text == "\u2013" else text
    if not text:
        raise ImportFailed(
            path,
            "antal saknas (ange ett antal eller Brås tecken .., - eller .)",
            line=line,
            column=column,
        )
    return parse_count(text, path=path, line=line, column=column), None


def _rate_cell(text: str, path: Path, line: int, column: str) -> float | None:
    """A rate per 100 000; a mark or an empty cell gives NULL ('-' gives 0)."""
    if not text or text in MARKS:
        return None if MARKS.get(text) is None else 0.0
    rate = parse_number(text, path=path, line=line, column=column)
    if rate < 0:
        raise ImportFailed(path, f"'{text}' är ingen takt (tal >= 0)", line=line, column=column)
    return rate


def _looks_like_number(text: str) -> bool:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    return bool(re.fullmatch(r"[+-]?\d+([.,]\d+)?", cleaned))


def _year_of(path: Path, year: int | None) -> int:
    if year is not None:
        if not 1950 <= year <= datetime.now(UTC).year:
            raise ImportFailed(path, f"året {year} (--year) är orimligt")
        return year
    found = sorted(set(_FILE_NAME_YEAR.findall(path.stem)))
    if len(found) > 1:
        raise ImportFailed(
            path, f"filnamnet nämner flera år ({', '.join(found)}); ange året med --year ÅÅÅÅ"
        )
    if not found:
        raise ImportFailed(
            path, "året står varken i filen eller i filnamnet; ange året med --year ÅÅÅÅ"
        )
    return _year_of(path, int(found[0]))


def _is_stockholm_district(key: str) -> bool:
    if key in ("stockholm", "stockholms"):
        return False
    bare = _DISTRICT_SUFFIX.sub("", _DISTRICT_PREFIX.sub("", key))
    return re.sub(r"\s*-\s*", "-", bare) in STOCKHOLM_DISTRICTS


def _skipped_note(national: list[str], districts: int) -> str | None:
    parts = []
    if national:
        rows = "rad" if len(national) == 1 else "rader"
        parts.append(f"{len(national)} {rows} för {national[0]}")
    if districts:
        parts.append(f"{districts} {'stadsdel' if districts == 1 else 'stadsdelar'} i Stockholm")
    return f"hoppade över {' och '.join(parts)}" if parts else None
