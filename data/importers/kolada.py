"""Kolada key figures: the flat CSV that Kolada API clients write, and the API's JSON envelope.

Formats detected from the file itself:
- flat CSV (`,` or `;`): kpi, municipality_id, municipality, municipality_type, year, gender,
  value, status, count — as in data/real/kolada_didreport_kpis_stockholm_county_2010_2024.csv;
- API v2 JSON: {"values": [{"kpi", "municipality", "period": "2023", "values": [{"gender",
  "status", "value", "count"}]}], "count", "next_page"};
- API v3 JSON: the same with an integer `period` and `next_url`.
A status of Missing / Privacy / Not applicable keeps value NULL with the reason stored.
U07417 and U07452 are stored as published: per 100 000 inhabitants, whatever Kolada's title says.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from data.importers import columnar
from data.importers.common import (
    MAX_COUNT,
    Catalog,
    ImportFailed,
    ParsedImport,
    decode,
    file_key,
    normalise_name,
    parse_count,
    parse_number,
    parse_year,
    read_delimited,
    unit_range,
)
from data.importers.tabular import ColumnTable, read_checked

KIND = "kolada"
TABLES = ("kolada_values",)
SOURCE_ID = "kolada"
STATUSES = ("Missing", "Privacy", "Not applicable")
GENDERS = ("T", "K", "M")
KEY = file_key("kolada_values")
# Shares whose numerator is not a subset of the denominator, so Kolada publishes values above
# 100 %: N11821 counts children enrolled in the municipality's preschools, wherever they live,
# over the children living there ("kan andelar över 100% förekomma", Kolada's definition; 125
# values up to 117.8 % in the national file). Their ceiling, instead of the unit's 100.
SHARE_CEILINGS = {"N11821": 200.0}
# What `_read_csv` and `_read_json` give per value: where it came from, then the row.
# municipality_name: the CSV's name column beside the code (None in JSON), checked against it.
RECORD_COLUMNS = [
    "line",
    "column_hint",
    *KEY,
    "value",
    "status",
    "value_count",
    "municipality_name",
]
CSV_COLUMNS = {
    "kpi": ("kpi",),
    "municipality_code": ("municipality_id", "municipality", "kommun_id"),
    "year": ("year", "period", "år"),
    "gender": ("gender", "kön"),
    "value": ("value", "värde"),
    "status": ("status",),
}


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate a Kolada file; return rows for `kolada_values`.

    Kolada files carry their years, so `year` (meant for Brå's yearly files) is refused.
    `example=True` marks the rows as example data. A CSV file is read column by column
    (`tabular.read_checked`), each cell rule run once per distinct text (data/importers/
    columnar.py); the first refused cell names its line and column.
    """
    path = Path(path)
    if year is not None:
        raise ImportFailed(path, "--year gäller bara Brås årsfiler; Kolada-filer anger sina år")
    if _is_json(path):
        records, file_format, notes = _read_json(path)
        frame = pd.DataFrame.from_records(records, columns=RECORD_COLUMNS)
    else:
        data, positions = read_checked(path, CSV_COLUMNS, reader=read_delimited)
        frame = _read_csv(path, data, positions)
        file_format, notes = f"kolada-csv ({data.encoding}, '{data.delimiter}')", []
    _validate(path, frame, catalog)
    return _parsed(frame, file_format, notes, example)


def _is_json(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"{")


def _parsed(frame: pd.DataFrame, file_format: str, notes: list[str], example: bool) -> ParsedImport:
    table = frame[[*KEY, "value", "status", "value_count"]].reset_index(drop=True)
    table["value_count"] = table["value_count"].astype("Int64")
    return ParsedImport(file_format, SOURCE_ID, example, {"kolada_values": table}, notes)


def _read_csv(path: Path, data: ColumnTable, positions: dict[str, int]) -> pd.DataFrame:
    """The CSV's values as RECORD_COLUMNS. Per row the value, the count and the year are
    checked, in that order (an empty value or count is missing, not refused)."""
    count = len(data.line_numbers)
    lines = data.line_numbers
    value_cells = data.columns[positions["value"]]
    value_missing = pc.equal(value_cells, "").to_numpy(zero_copy_only=False)
    values, value_bad = columnar.numbers(value_cells)
    counts = np.zeros(count, dtype=np.int64)
    count_missing = np.ones(count, dtype=bool)
    count_bad = np.zeros(count, dtype=bool)
    count_position = _optional_column(data.header, "count")
    if count_position is not None:
        count_cells = data.columns[count_position]
        count_missing = pc.equal(count_cells, "").to_numpy(zero_copy_only=False)
        counts, count_bad = columnar.counts(count_cells)
    year_cells = data.columns[positions["year"]]
    year_codes, years, year_bad = columnar.per_distinct(year_cells, _year)
    value_column = data.header[positions["value"]]
    year_column = data.header[positions["year"]]
    columnar.refuse_first(
        [
            (
                value_bad & ~value_missing,
                lambda row: parse_number(
                    value_cells[row].as_py(), path=path, line=lines[row], column=value_column
                ),
            ),
            (
                count_bad & ~count_missing,
                lambda row: parse_count(
                    data.columns[count_position][row].as_py(),
                    path=path,
                    line=lines[row],
                    column="count",
                ),
            ),
            (
                year_bad,
                lambda row: parse_year(
                    year_cells[row].as_py(), path=path, line=lines[row], column=year_column
                ),
            ),
        ]
    )
    code_codes, codes = columnar.distinct(data.columns[positions["municipality_code"]])
    name_position = _name_column(data.header, positions)
    return pd.DataFrame(
        {
            "line": np.array(lines, dtype=np.int64),
            "column_hint": np.full(count, None, dtype=object),
            "kpi": columnar.text_column(data.columns[positions["kpi"]]),
            "municipality_code": columnar.text_column(
                [code.zfill(4) for code in codes], code_codes
            ),
            "year": columnar.take(years, year_codes, np.int64),
            "gender": columnar.text_column(data.columns[positions["gender"]]),
            "value": columnar.floats_or_none(values, value_missing),
            "status": columnar.text_column(
                columnar.blank_to_null(data.columns[positions["status"]])
            ),
            # _parsed casts to Int64.
            "value_count": pd.arrays.IntegerArray(counts, count_missing.copy()),
            "municipality_name": (
                np.full(count, None, dtype=object)
                if name_position is None
                else columnar.text_column(data.columns[name_position])
            ),
        },
        columns=RECORD_COLUMNS,
    )


def _year(text: str) -> int:
    return parse_year(text, path=Path("-"), line=None, column="")


def _name_column(header: list[str] | None, positions: dict[str, int]) -> int | None:
    """The position of the municipality's name ('municipality') when the code is in another
    column ('municipality_id'), else None."""
    position = _optional_column(header, "municipality")
    return None if position == positions["municipality_code"] else position


def _optional_column(header: list[str] | None, name: str) -> int | None:
    lowered = [cell.casefold() for cell in header or []]
    return lowered.index(name) if name in lowered else None


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict; a key given twice (which json.loads resolves silently, keeping
    the last) raises _DuplicateKey."""
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _finite(value: float) -> bool:
    """A finite number that fits a float (an integer of 400 digits does not)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _read_json(path: Path) -> tuple[list[tuple], str, list[str]]:
    text, _ = decode(path, path.read_bytes())
    try:
        envelope = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateKey as error:
        raise ImportFailed(
            path, f"ogiltig JSON: nyckeln '{error.key[:40]}' finns två gånger i samma objekt"
        ) from None
    except json.JSONDecodeError as error:
        raise ImportFailed(
            path, f"ogiltig JSON ({error.msg})", line=error.lineno, column=f"tecken {error.colno}"
        ) from None
    except RecursionError:
        raise ImportFailed(path, "ogiltig JSON (för djupt nästlad)") from None
    except ValueError:
        # Python refuses to read an integer of more than 4 300 digits.
        raise ImportFailed(path, "ogiltig JSON (ett tal har för många siffror)") from None
    try:
        # A lone surrogate (\ud800) decodes to a str that no UTF-8 writer accepts.
        json.dumps(envelope, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise ImportFailed(
            path, f"ogiltig JSON (ensamt surrogattecken {error.object[error.start]!r})"
        ) from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("values"), list):
        raise ImportFailed(path, "JSON saknar listan 'values' (Kolada API-svar väntat)")
    version = "v3" if "next_url" in envelope else "v2"
    notes = []
    if envelope.get("next_page") or envelope.get("next_url"):
        notes.append("filen är en sida av flera (next_page/next_url satt): bara denna sida lästes")
    records = []
    for index, entry in enumerate(envelope["values"]):
        where = f"values[{index}]"
        try:
            kpi, code, period = entry["kpi"], str(entry["municipality"]), entry["period"]
            inner = entry["values"]
        except (KeyError, TypeError):
            raise ImportFailed(
                path, "posten saknar kpi/municipality/period/values", column=where
            ) from None
        if not isinstance(inner, list):
            raise ImportFailed(path, "'values' ska vara en lista", column=f"{where}.values")
        if isinstance(period, bool) or not isinstance(period, int | str):
            raise ImportFailed(path, f"period {period!r} är inget år", column=f"{where}.period")
        year = parse_year(str(period), path=path, line=None, column=f"{where}.period")
        for inner_index, value_entry in enumerate(inner):
            cell = f"{where}.values[{inner_index}]"
            if not isinstance(value_entry, dict):
                raise ImportFailed(path, "posten ska vara ett JSON-objekt", column=cell)
            value = value_entry.get("value")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value)
            ):
                shown = repr(value) if len(repr(value)) <= 40 else f"{repr(value)[:40]}…"
                raise ImportFailed(path, f"värdet {shown} är inget tal", column=f"{cell}.value")
            count = value_entry.get("count")
            if count is not None and (
                isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_COUNT
            ):
                raise ImportFailed(path, f"count {count!r} är inget antal", column=f"{cell}.count")
            status = value_entry.get("status") or None
            records.append(
                (
                    None,
                    cell,
                    kpi,
                    code.zfill(4),
                    year,
                    value_entry.get("gender"),
                    None if value is None else float(value),
                    status,
                    count,
                    None,
                )
            )
    return records, f"kolada-api-{version}-json", notes


def _validate(path: Path, frame: pd.DataFrame, catalog: Catalog) -> None:
    """Known KPI, municipality, gender and status; a value or a status; unique keys."""
    if frame.empty:
        raise ImportFailed(path, "filen innehåller inga värden")

    def fail(row: pd.Series, column: str, message: str) -> None:
        line = None if pd.isna(row["line"]) else int(row["line"])
        hint = row["column_hint"]
        raise ImportFailed(
            path, message, line=line, column=column if hint is None else f"{hint}.{column}"
        )

    checks = (
        (
            ~frame["kpi"].isin(catalog.indicator_ids),
            "kpi",
            "okänt nyckeltal '{kpi}': lägg till det i data/metadata/indicators.csv",
        ),
        (
            ~frame["municipality_code"].isin(catalog.municipality_codes),
            "municipality_id",
            "okänd kommunkod '{municipality_code}'",
        ),
        (~frame["gender"].isin(GENDERS), "gender", "kön '{gender}' ska vara T, K eller M"),
        (
            frame["status"].notna() & ~frame["status"].isin(STATUSES),
            "status",
            "okänd status '{status}' (Missing, Privacy eller Not applicable)",
        ),
        (
            frame["value"].isna() & frame["status"].isna(),
            "value",
            "värde saknas utan att status säger varför",
        ),
    )
    for mask, column, template in checks:
        if mask.any():
            row = frame[mask].iloc[0]
            fail(row, column, template.format(**row.to_dict()))
    # A value outside what its indicator's unit allows (a negative rate, a share above 100 %,
    # 1e308): refused here, or the pages that chart it fail for everyone.
    # Every KPI is known here (checked above): its unit's range, once per distinct KPI.
    units = frame["kpi"].map(catalog.indicator_units)
    ranges = {kpi: unit_range(catalog.indicator_units[kpi]) for kpi in frame["kpi"].unique()}
    lows = frame["kpi"].map({kpi: low for kpi, (low, _) in ranges.items()})
    highs = frame["kpi"].map({kpi: high for kpi, (_, high) in ranges.items()})
    highs = frame["kpi"].map(SHARE_CEILINGS).fillna(highs)
    values = pd.to_numeric(frame["value"], errors="coerce")
    outside = values.notna() & ((values < lows) | (values > highs))
    if outside.any():
        row = frame[outside].iloc[0]
        low, high = lows[row.name], highs[row.name]
        fail(
            row,
            "value",
            f"värdet {values[row.name]:g} är orimligt för {row['kpi']} (enhet {units[row.name]}: "
            f"{low:g} till {high:g})",
        )
    # A code that contradicts its name ('0180' 'Vaxholm'): which one is meant cannot be known.
    named = frame[["municipality_code", "municipality_name"]].dropna().drop_duplicates()
    for code, name in named.itertuples(index=False):
        meant = catalog.municipality_by_name.get(normalise_name(name))
        if meant is not None and meant != code:
            row = frame[
                (frame["municipality_code"] == code) & (frame["municipality_name"] == name)
            ].iloc[0]
            fail(
                row,
                "municipality",
                f"kommunkoden {code} och namnet '{name}' (kod {meant}) stämmer inte överens",
            )
    duplicated = frame.duplicated(subset=KEY, keep="first")
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        fail(
            row,
            "kpi",
            "dubblett: {kpi} {municipality_code} {year} {gender} finns redan "
            "tidigare i filen".format(**row.to_dict()),
        )
