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
from data.importers.common import (
    Catalog,
    CsvTable,
    ImportFailed,
    ParsedImport,
    column_positions,
    file_key,
    header_columns,
    normalise_name,
    parse_count,
    parse_number,
    parse_year,
    read_delimited,
)
from data.importers.tabular import ColumnTable, is_excel, read_columns

KIND = "bra"
# Reported offences; a Brå workbook also holds NTU results (bra_workbook.py, ntu_county.py).
TABLES = ("crime_counts", "survey_results")
SOURCE_ID = "bra"
EXAMPLE_SOURCE_ID = "bra_example"
KEY = file_key("crime_counts")
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

    A CSV file is read through the one reader (`read_bra_table`) and checked column by column:
    each cell rule runs once per distinct text (data/importers/columnar.py) and the first refused
    cell raises that rule's error with its file, line and column.
    """
    path = Path(path)
    if path.is_file() and is_excel(path):
        if year is not None:
            raise ImportFailed(path, "--year gäller bara Brås årsfiler; arbetsboken anger åren")
        # Imported here: bra_workbook uses this module's region names and marks.
        from data.importers import bra_workbook

        return bra_workbook.parse_workbook(path, catalog, example=example)
    data, variant = read_bra_table(path)
    if variant == "long":
        frame = _long_frame(data, catalog)
        _require_values(path, frame)
        return _parsed(frame, f"bra-lång ({data.encoding}, '{data.delimiter}')", [], example)
    yearly = read_yearly(path, catalog, year=year, read=(data, variant))
    records = [
        (row.municipality_code, yearly.year, "year", "totalt", row.count, row.rate, row.mark, False)
        for row in yearly.rows
    ]
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    return _parsed(frame, yearly.format, yearly.notes, example)


def read_bra_table(path: Path) -> tuple[ColumnTable, str]:
    """A Brå CSV file as columns, and its variant ('long', 'yearly' or 'yearly-2021').

    A plain file is read by `tabular.read_columns`; a file it leaves alone (quotes, ragged or
    headerless rows) by the csv module, whose rows must then all be as wide as the header (or,
    without a header, as Kommun;Antal;Per 100 000 inv.). The headerless 2021 variant gets those
    three names as its header."""
    data = read_columns(path)
    if data is not None:
        first_row = CsvTable(path, None, [data.header], [1], data.delimiter, data.encoding)
        variant = guess_variant(first_row)
        if variant in ("long", "yearly"):
            return data, variant
    table = read_delimited(path, has_header=None)
    variant = detect_variant(table)
    if variant == "yearly-2021":
        _check_widths(table, list(YEARLY_NAMES))
        table = dataclasses.replace(table, header=list(YEARLY_NAMES))
    else:
        table = _with_header(table)
        _check_widths(table, table.header)
    return ColumnTable.from_rows(table), variant


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
    path: str | Path,
    catalog: Catalog,
    *,
    year: int | None = None,
    read: tuple[ColumnTable, str] | None = None,
) -> YearlyFile:
    """Read a Brå yearly per-municipality file (either variant); used by population too.
    `read` is the file as `read_bra_table` gave it, when already read."""
    path = Path(path)
    data, variant = read or read_bra_table(path)
    if variant == "long":
        raise ImportFailed(path, "filen är Brås långa format, inte årsfilen per kommun", line=1)
    file_year = _year_of(path, year)
    if variant == "yearly":
        positions = header_columns(path, data.header, data.line_numbers, YEARLY_COLUMNS)
    else:
        positions = {"name": 0, "count": 1, "rate": 2}
    names = {key: data.header[index] for key, index in positions.items()}
    lines = data.line_numbers
    name_cells = data.columns[positions["name"]]
    name_codes, texts = columnar.distinct(name_cells)
    # Per distinct name: skipped ('national' or 'district') or the region's code (None: unknown).
    kinds, codes = [], []
    for name in texts:
        key = normalise_name(name)
        kinds.append(
            "national"
            if key in NATIONAL_NAMES
            else "district"
            if _is_stockholm_district(key)
            else ""
        )
        codes.append(None if kinds[-1] else resolve_region(name, catalog))
    row_kinds = columnar.take(kinds, name_codes)
    row_codes = columnar.take(codes, name_codes)
    kept = row_kinds == ""
    unknown = kept & pd.isna(row_codes)
    duplicated = kept & pd.Series(row_codes).where(kept).duplicated().to_numpy() & ~unknown
    count_cells, rate_cells = data.columns[positions["count"]], data.columns[positions["rate"]]
    counts, count_missing, marks, count_bad = _count_column(count_cells)
    rates, rate_bad = _rate_column(rate_cells)

    def refuse_duplicate(row: int) -> None:
        first_line = lines[int(np.flatnonzero(kept & (row_codes == row_codes[row]))[0])]
        raise ImportFailed(
            path,
            f"dubblett: '{name_cells[row].as_py()}' ({row_codes[row]}) finns redan på rad "
            f"{first_line}",
            line=lines[row],
            column=names["name"],
        )

    columnar.refuse_first(
        [
            (
                unknown,
                lambda row: _refuse(
                    path, f"okänd kommun '{name_cells[row].as_py()}'", lines[row], names["name"]
                ),
            ),
            (duplicated, refuse_duplicate),
            (
                kept & count_bad,
                lambda row: _count_cell(count_cells[row].as_py(), path, lines[row], names["count"]),
            ),
            (
                kept & rate_bad,
                lambda row: _rate_cell(rate_cells[row].as_py(), path, lines[row], names["rate"]),
            ),
        ]
    )
    rows = [
        YearlyRow(
            lines[row],
            row_codes[row],
            None if count_missing[row] else int(counts[row]),
            None if np.isnan(rates[row]) else float(rates[row]),
            marks[row],
        )
        for row in np.flatnonzero(kept).tolist()
    ]
    if not rows:
        raise ImportFailed(path, "filen innehåller inga kommuner")
    national = [name_cells[row].as_py() for row in np.flatnonzero(row_kinds == "national")]
    districts = int((row_kinds == "district").sum())
    notes = [note] if (note := _skipped_note(national, districts)) else []
    return YearlyFile(file_year, variant, data.encoding, data.delimiter, rows, notes)


def _refuse(path: Path, message: str, line: int, column: str) -> None:
    raise ImportFailed(path, message, line=line, column=column)


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


def _long_frame(data: ColumnTable, catalog: Catalog) -> pd.DataFrame:
    """The rows of a long file. Per row the year, period, region, crime type, count, rate and
    status are checked, in that order, then the key (no row twice)."""
    path = data.path
    positions = header_columns(path, data.header, data.line_numbers, LONG_COLUMNS)
    positions.update(column_positions(data.header, LONG_OPTIONAL))
    names = {key: data.header[index] for key, index in positions.items()}
    lines = data.line_numbers
    count = len(lines)
    empty = pa.repeat(pa.scalar("", pa.large_string()), count)

    def column(name: str) -> pa.Array:
        return data.columns[positions[name]] if name in positions else empty

    def cell_at(row: int, keys: tuple[str, ...]) -> dict[str, str]:
        return {key: column(key)[row].as_py() for key in keys if key in positions}

    def combined(keys: tuple[str, ...], rule) -> tuple[np.ndarray, list, np.ndarray]:
        """`rule(cell, line)` of the row's cells under `keys` (those present), once per distinct
        combination (line None): (code per row, results, bad per row)."""
        present = [key for key in keys if key in positions]
        codes = np.zeros(count, dtype=np.int64)
        parts = []
        for key in present:
            key_codes, texts = columnar.distinct(column(key))
            codes = codes * len(texts) + key_codes
            parts.append(texts)
        row_codes, combos = pd.factorize(codes)
        results, failed = [], []
        for combo in combos.tolist():
            cell = {}
            for key, texts in zip(reversed(present), reversed(parts), strict=True):
                combo, index = divmod(combo, len(texts))
                cell[key] = texts[index]
            try:
                results.append(rule(cell, None))
                failed.append(False)
            except ImportFailed:
                results.append(None)
                failed.append(True)
        return row_codes, results, np.array(failed, dtype=bool)[row_codes]

    year_codes, years, year_bad = columnar.per_distinct(column("year"), _year)
    period_keys = ("period", "period_type", "quarter", "month")
    period_codes, periods, period_bad = combined(
        period_keys, lambda cell, line: _period(cell, path, line, names)
    )
    region_keys = ("region", "region_id")
    region_codes, regions, region_bad = combined(
        region_keys, lambda cell, line: _long_region(cell, catalog, path, line, names)
    )
    crime_keys = ("crime", "path")
    crime_codes, crimes, crime_bad = combined(
        crime_keys, lambda cell, line: _crime_type(cell, catalog, path, line, names)
    )
    count_cells = column("count")
    if "count_status" in positions:
        count_cells = pc.if_else(pc.equal(count_cells, ""), column("count_status"), count_cells)
    counts, count_missing, marks, count_bad = _count_column(count_cells)
    rate_cells = column("rate")
    if "rate_status" in positions:
        rate_cells = pc.if_else(pc.equal(rate_cells, ""), column("rate_status"), rate_cells)
    rates, rate_bad = _rate_column(rate_cells)
    status_keys = ("status", "preliminary")
    status_codes, statuses, status_bad = combined(
        status_keys, lambda cell, line: _preliminary(cell, path, line, names)
    )
    keys = pd.DataFrame(
        {
            "municipality_code": columnar.take(regions, region_codes),
            "year": columnar.take(years, year_codes),
            "period": columnar.take(periods, period_codes),
            "crime_code": columnar.take(crimes, crime_codes),
        }
    )
    duplicated = keys.duplicated().to_numpy()

    def refuse_duplicate(row: int) -> None:
        first_row = int(np.flatnonzero((keys == keys.iloc[row]).all(axis=1).to_numpy())[0])
        code, year, period, _ = keys.iloc[row]
        crime_name = _crime_name(cell_at(row, crime_keys))
        raise ImportFailed(
            path,
            f"dubblett: {code} {year} {period} {crime_name} finns redan på rad {lines[first_row]}",
            line=lines[row],
            column=names["region"],
        )

    columnar.refuse_first(
        [
            (
                year_bad,
                lambda row: parse_year(
                    column("year")[row].as_py(), path=path, line=lines[row], column=names["year"]
                ),
            ),
            (period_bad, lambda row: _period(cell_at(row, period_keys), path, lines[row], names)),
            (
                region_bad,
                lambda row: _long_region(
                    cell_at(row, region_keys), catalog, path, lines[row], names
                ),
            ),
            (
                crime_bad,
                lambda row: _crime_type(cell_at(row, crime_keys), catalog, path, lines[row], names),
            ),
            (
                count_bad,
                lambda row: _count_cell(count_cells[row].as_py(), path, lines[row], names["count"]),
            ),
            (
                rate_bad,
                lambda row: _rate_cell(rate_cells[row].as_py(), path, lines[row], names["rate"]),
            ),
            (
                status_bad,
                lambda row: _preliminary(cell_at(row, status_keys), path, lines[row], names),
            ),
            (duplicated, refuse_duplicate),
        ]
    )
    return pd.DataFrame(
        {
            "municipality_code": columnar.text_column(regions, region_codes),
            "year": columnar.take(years, year_codes, np.int64),
            "period": columnar.text_column(periods, period_codes),
            "crime_code": columnar.text_column(crimes, crime_codes),
            "count": pd.arrays.IntegerArray(counts, count_missing.copy()),
            "rate_per_100k": rates,
            "mark": marks,
            "is_preliminary": columnar.take(statuses, status_codes, bool),
        },
        columns=COLUMNS,
    )


def _count_column(cells: pa.Array) -> tuple[np.ndarray, np.ndarray, object, np.ndarray]:
    """`_count_cell` of every cell: (count per row, 0 where missing; missing per row; the mark
    per row as a text column; bad per row: where `_count_cell` refuses the cell)."""
    mark_codes, texts = columnar.distinct(cells)
    is_mark = np.array([text in MARKS for text in texts], dtype=bool)[mark_codes]
    counts, bad = columnar.counts(cells)
    bad &= ~is_mark
    mark_zero = np.array([MARKS.get(text, 1) == 0 for text in texts], dtype=bool)[mark_codes]
    counts[is_mark] = 0
    marks = [("-" if text == "\u2013" else text) if text in MARKS else None for text in texts]
    return counts, is_mark & ~mark_zero, columnar.text_column(marks, mark_codes), bad


def _rate_column(cells: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`_rate_cell` of every cell: (rate per row, NaN for NULL; bad per row)."""
    codes, texts = columnar.distinct(cells)
    marked = np.array([not text or text in MARKS for text in texts], dtype=bool)[codes]
    zero = np.array([MARKS.get(text, 1) == 0 for text in texts], dtype=bool)[codes]
    rates, bad = columnar.numbers(cells)
    with np.errstate(invalid="ignore"):
        bad = (bad | (rates < 0)) & ~marked
    rates[marked] = np.nan
    rates[zero] = 0.0
    return rates, bad


def _year(text: str) -> int:
    return parse_year(text, path=Path("-"), line=None, column="")


def _crime_name(cell: dict[str, str]) -> str:
    """Brottstyp, else the last step of Nivå's path."""
    return cell.get("crime", "") or cell.get("path", "").split(">")[-1].strip()


def _crime_type(
    cell: dict[str, str], catalog: Catalog, path: Path, line: int | None, names: dict[str, str]
) -> str:
    """The crime type's code (crime_types.name_sv matched by name)."""
    crime_name = _crime_name(cell)
    crime_code = catalog.crime_code_by_name.get(normalise_name(crime_name))
    if crime_code is None:
        raise ImportFailed(
            path,
            f"okänd brottstyp '{crime_name}': lägg till den i data/metadata/crime_types.csv",
            line=line,
            column=names["crime"],
        )
    return crime_code


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
