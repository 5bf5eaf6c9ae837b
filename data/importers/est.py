"""EST incident reports (Effektiv samordning för trygghet), one row per reported event.

The import contract (DESIGN §3.5): a CSV (`;` or `,`; UTF-8 with or without BOM, or cp1252)
or an Excel sheet (read as data/importers/tabular.py describes: the sheet with the data, no
formulas, no merged cells) with the header

    id, datum, tid, område, plats, kategori, organisation, allvarlighet, beskrivning

or in English `id, date, time, area, place, category, organisation, severity, description`.
`tid` and `plats` may be empty (or missing); an optional `vecka` column must agree with the ISO
week of the date. Area, category and organisation are matched case-insensitively against the
lists in data/metadata/est_*.csv; an unknown value is an error naming line and column. A
place from the list must lie in the row's area; another place is kept as written. Severity is
1 (låg) to 3 (hög). Personal identity numbers, phone numbers and e-mail addresses are
removed from the description and free place names before anything is stored, and the import
notes name the rows affected; an id containing personal data is refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.est_catalog import EstCatalog, load_catalog, normalise
from data.importers.common import Catalog, CsvTable, ImportFailed, ParsedImport
from data.importers.est_fields import (
    MAX_TEXT_LENGTH,
    Columns,
    TextCleaner,
    check_week,
    map_columns,
    map_header,
    parse_date,
    parse_time,
)
from data.importers.redaction import candidates, contains_personal_data, redact
from data.importers.tabular import ColumnTable, has_columns, read_columns, read_table

KIND = "est"
SOURCE_ID = "est"
EXAMPLE_SOURCE_ID = "est_example"
REQUIRED_COLUMNS = {
    "id": ("id",),
    "date": ("datum", "date"),
    "area": ("område", "omrade", "area"),
    "category": ("kategori", "category"),
    "organisation": ("organisation", "organization"),
    "severity": ("allvarlighet", "allvarlighetsgrad", "severity"),
    "description": ("beskrivning", "description"),
}
OPTIONAL_COLUMNS = {
    "time": ("tid", "klockslag", "time"),
    "place": ("plats", "place"),
    "week": ("vecka", "week"),
}
# Severity as written -> 1 (låg) .. 3 (hög).
SEVERITY_WORDS = {
    "1": 1,
    "2": 2,
    "3": 3,
    "låg": 1,
    "medel": 2,
    "hög": 3,
    "low": 1,
    "medium": 2,
    "high": 3,
}
COLUMNS = [
    "incident_id",
    "incident_date",
    "incident_time",
    "iso_year",
    "iso_week",
    "week_start",
    "area_id",
    "place_id",
    "place",
    "category_id",
    "organisation_id",
    "severity",
    "description",
    "was_redacted",
]


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate an EST export; return rows for `est_incidents`.

    `catalog` (municipalities, crime types) is not used: EST names are checked against the
    EST lists. Reports dated after today are refused unless `example=True` (generated data
    may run up to its own fixed end date).

    Validated column by column (each distinct date, name or week once, redaction only of the
    texts that may hold personal data); when a row is wrong, the row-wise checks of
    `parse_rowwise` run on the first such row, so the error is the one they give.
    """
    path = Path(path)
    if year is not None:
        raise ImportFailed(path, "--year gäller bara Brås årsfiler; EST-rapporter har datum")
    data = read_columns(path)
    if data is None:
        table = read_table(path, has_columns(REQUIRED_COLUMNS))
        columns = map_columns(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
        data = ColumnTable.from_rows(table)
    else:
        header_only = CsvTable(
            path, data.header, [], data.line_numbers, data.delimiter, data.encoding
        )
        columns = map_header(header_only, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    lists = load_catalog()
    latest = None if example else dt.date.today()
    checked = _check_columns(data, columns, lists, latest)
    if isinstance(checked, int):
        _refuse_row(checked, data, columns, lists, latest)
        # The row-wise checks accept the row the column checks refused: they decide.
        return parse_rowwise(path, catalog, example=example)
    frame, affected = checked
    file_format = (
        "est-xlsx" if data.encoding == "xlsx" else f"est-csv ({data.encoding}, '{data.delimiter}')"
    )
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    notes = TextCleaner(path, affected).note()
    return ParsedImport(file_format, source_id, example, {"est_incidents": frame}, notes)


def parse_rowwise(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """`parse` one row at a time: the reference the column-wise checks are tested against."""
    path = Path(path)
    if year is not None:
        raise ImportFailed(path, "--year gäller bara Brås årsfiler; EST-rapporter har datum")
    table = read_table(path, has_columns(REQUIRED_COLUMNS))
    columns = map_columns(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    lists = load_catalog()
    cleaner = TextCleaner(path)
    latest = None if example else dt.date.today()
    records = []
    first_line_of_id: dict[str, int] = {}
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        records.append(_parse_row(row, line, columns, lists, cleaner, latest, first_line_of_id))
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["incident_time"] = frame["incident_time"].astype(object)
    file_format = (
        "est-xlsx"
        if table.encoding == "xlsx"
        else f"est-csv ({table.encoding}, '{table.delimiter}')"
    )
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    return ParsedImport(file_format, source_id, example, {"est_incidents": frame}, cleaner.note())


def _parse_row(
    row: list[str],
    line: int,
    columns: Columns,
    lists: EstCatalog,
    cleaner: TextCleaner,
    latest: dt.date | None,
    first_line_of_id: dict[str, int],
) -> tuple:
    path = columns.table.path

    def fail(name: str, message: str) -> ImportFailed:
        return ImportFailed(path, message, line=line, column=columns.label(name))

    incident_id = columns.cell(row, "id")
    if not incident_id:
        raise fail("id", "id saknas")
    if len(incident_id) > 64:
        raise fail("id", "id är längre än 64 tecken")
    if contains_personal_data(incident_id):
        raise fail("id", "id får inte innehålla personnummer, telefonnummer eller e-postadress")
    if incident_id in first_line_of_id:
        raise fail(
            "id", f"dubblett: id {incident_id} finns redan på rad {first_line_of_id[incident_id]}"
        )
    first_line_of_id[incident_id] = line

    day, time_in_date = parse_date(
        columns.cell(row, "date"), path=path, line=line, column=columns.label("date"), latest=latest
    )
    time = parse_time(columns.cell(row, "time"), path=path, line=line, column=columns.label("time"))
    time = time or time_in_date
    check_week(columns.cell(row, "week"), day, path=path, line=line, column=columns.label("week"))
    iso_year, iso_week, weekday = day.isocalendar()

    area_text = columns.cell(row, "area")
    area_id = lists.area(area_text)
    if area_id is None:
        raise fail("area", f"okänt område '{area_text}'" if area_text else "område saknas")
    category_text = columns.cell(row, "category")
    category_id = lists.category(category_text)
    if category_id is None:
        raise fail(
            "category", f"okänd kategori '{category_text}'" if category_text else "kategori saknas"
        )
    organisation_text = columns.cell(row, "organisation")
    organisation_id = lists.organisation(organisation_text)
    if organisation_id is None:
        raise fail(
            "organisation",
            f"okänd organisation '{organisation_text}'"
            if organisation_text
            else "organisation saknas",
        )
    severity_text = columns.cell(row, "severity")
    severity = SEVERITY_WORDS.get(normalise(severity_text).split(" ")[0] if severity_text else "")
    if severity is None:
        raise fail("severity", f"allvarlighet '{severity_text}' ska vara 1, 2 eller 3")

    place_id, place, place_redacted = _place(row, columns, lists, area_id, cleaner, line)
    description, redacted = cleaner.clean(
        columns.cell(row, "description"), line=line, column=columns.label("description")
    )
    return (
        incident_id,
        day,
        time,
        iso_year,
        iso_week,
        day - dt.timedelta(days=weekday - 1),
        area_id,
        place_id,
        place,
        category_id,
        organisation_id,
        severity,
        description,
        redacted or place_redacted,
    )


def _place(
    row: list[str],
    columns: Columns,
    lists: EstCatalog,
    area_id: str,
    cleaner: TextCleaner,
    line: int,
) -> tuple[str | None, str | None, bool]:
    """(place_id, place name, redacted): a known place of the area, or the text as written."""
    text = columns.cell(row, "place")
    if not text:
        return None, None, False
    place_id = lists.place(area_id, text)
    if place_id is not None:
        return place_id, lists.place_name(place_id), False
    elsewhere = lists.place_by_name.get(normalise(text))
    if elsewhere is not None:
        area_name = lists.areas.set_index("area_id").loc[elsewhere[1], "name_sv"]
        raise ImportFailed(
            columns.table.path,
            f"platsen '{text}' ligger i {area_name}, inte i radens område",
            line=line,
            column=columns.label("place"),
        )
    place, redacted = cleaner.clean(text, line=line, column=columns.label("place"))
    return None, place, redacted


# --- column-wise checks ----------------------------------------------------------------------


def _distinct(values: pa.Array) -> tuple[np.ndarray, list[str]]:
    """(code per row, distinct values): row i holds distinct[codes[i]]."""
    encoded = pc.dictionary_encode(values)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, encoded.dictionary.to_pylist()


def _text(values: list[str | None], codes: np.ndarray) -> object:
    """A text column: values[codes[i]] in row i."""
    return _column(pa.array(values, pa.large_string()).take(codes))


def _objects(values: list, codes: np.ndarray) -> np.ndarray:
    """values[codes[i]] in row i, as Python objects (dates, times)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array[codes]


def _column(texts: pa.Array) -> object:
    """Arrow text as the column pandas makes of the same values (the row-wise frame): its
    string dtype, or objects when every value is missing."""
    if texts.null_count == len(texts):
        return np.full(len(texts), None, dtype=object)
    return pd.array(texts, dtype="str")


def _first(bad: np.ndarray, first_bad: int) -> int:
    """The lower of `first_bad` and the first row flagged in `bad` (a boolean per row)."""
    return min(first_bad, int(np.argmax(bad))) if bad.any() else first_bad


def _check_columns(
    data: ColumnTable, columns: Columns, lists: EstCatalog, latest: dt.date | None
) -> tuple[pd.DataFrame, dict[int, set[str]]] | int:
    """The rows and the redacted lines (line -> kinds removed), or the index of the first row
    that `_parse_row` refuses. Each check flags exactly the rows `_parse_row` refuses for it;
    checks that need an earlier column (the week needs the date, the place the area) pass rows
    whose earlier column is wrong, as those rows are flagged already."""
    count = len(data.line_numbers)
    lines = data.line_numbers
    path = data.path

    def column(name: str) -> pa.Array:
        position = columns.positions.get(name)
        if position is None:
            return pa.repeat(pa.scalar("", pa.large_string()), count)
        return data.columns[position]

    first_bad = count

    ids = column("id")
    id_lengths = pc.utf8_length(ids)
    personal = {index for index in candidates(ids) if contains_personal_data(ids[index].as_py())}
    shortest, longest = pc.min_max(id_lengths).as_py().values()
    if personal or pc.count_distinct(ids).as_py() != count or shortest == 0 or longest > 64:
        seen: set[str] = set()
        for index, incident_id in enumerate(ids.to_pylist()):
            if not incident_id or len(incident_id) > 64 or incident_id in seen or index in personal:
                first_bad = index
                break
            seen.add(incident_id)

    # Dates: day, time written in the date cell, ISO year and week, Monday of the week.
    date_codes, dates = _distinct(column("date"))
    date_info: list[tuple | None] = []
    for text in dates:
        try:
            day, time_in_date = parse_date(text, path=path, line=0, column="", latest=latest)
        except ImportFailed:
            date_info.append(None)
            continue
        iso_year, iso_week, weekday = day.isocalendar()
        monday = day - dt.timedelta(days=weekday - 1)
        date_info.append((day, time_in_date, iso_year, iso_week, monday))
    first_bad = _first(np.array([info is None for info in date_info])[date_codes], first_bad)

    time_codes, times = _distinct(column("time"))
    time_values: list[dt.time | None] = []
    time_bad = []
    for text in times:
        try:
            time_values.append(parse_time(text, path=path, line=0, column=""))
            time_bad.append(False)
        except ImportFailed:
            time_values.append(None)
            time_bad.append(True)
    first_bad = _first(np.array(time_bad)[time_codes], first_bad)

    if "week" in columns.positions:
        week_codes, weeks = _distinct(column("week"))
        pair_codes, pairs = pd.factorize(week_codes.astype(np.int64) * len(dates) + date_codes)
        week_bad = []
        for pair in pairs.tolist():
            week, info = weeks[pair // len(dates)], date_info[pair % len(dates)]
            if not week or info is None:
                week_bad.append(False)
                continue
            try:
                check_week(week, info[0], path=path, line=0, column="")
                week_bad.append(False)
            except ImportFailed:
                week_bad.append(True)
        first_bad = _first(np.array(week_bad)[pair_codes], first_bad)

    area_codes, areas = _distinct(column("area"))
    area_ids = [lists.area(text) for text in areas]
    first_bad = _first(np.array([found is None for found in area_ids])[area_codes], first_bad)
    category_codes, categories = _distinct(column("category"))
    category_ids = [lists.category(text) for text in categories]
    first_bad = _first(
        np.array([found is None for found in category_ids])[category_codes], first_bad
    )
    organisation_codes, organisations = _distinct(column("organisation"))
    organisation_ids = [lists.organisation(text) for text in organisations]
    first_bad = _first(
        np.array([found is None for found in organisation_ids])[organisation_codes], first_bad
    )
    severity_codes, severities = _distinct(column("severity"))
    severity_values = [
        SEVERITY_WORDS.get(normalise(text).split(" ")[0] if text else "") for text in severities
    ]
    first_bad = _first(
        np.array([value is None for value in severity_values])[severity_codes], first_bad
    )

    # Places: a known place of the row's area, or free text (redacted) kept as written.
    place_codes, places = _distinct(column("place"))
    place_pair_codes, place_pairs = pd.factorize(
        area_codes.astype(np.int64) * len(places) + place_codes
    )
    place_found: list[tuple[str | None, str | None, tuple[str, ...]] | None] = []
    for pair in place_pairs.tolist():
        area_id, text = area_ids[pair // len(places)], places[pair % len(places)]
        place_found.append(_place_of(text, area_id, lists))
    first_bad = _first(
        np.array([found is None for found in place_found])[place_pair_codes], first_bad
    )

    descriptions = column("description")
    too_long = pc.greater(pc.utf8_length(descriptions), MAX_TEXT_LENGTH)
    first_bad = _first(too_long.to_numpy(zero_copy_only=False), first_bad)
    if first_bad < count:
        return first_bad

    affected: dict[int, set[str]] = {}
    was_redacted = np.zeros(count, dtype=bool)
    redacted = candidates(descriptions)
    replacements = []
    for index in redacted:
        result = redact(descriptions[index].as_py())
        replacements.append(result.text)
        if result.removed:
            was_redacted[index] = True
            affected.setdefault(lines[index], set()).update(result.removed)
    stored = descriptions
    if redacted:
        mask = np.zeros(count, dtype=bool)
        mask[redacted] = True
        stored = pc.replace_with_mask(
            descriptions, pa.array(mask), pa.array(replacements, pa.large_string())
        )
    stored = pc.if_else(pc.equal(descriptions, ""), pa.scalar(None, pa.large_string()), stored)
    place_removed = [bool(found and found[2]) for found in place_found]
    for index in np.flatnonzero(np.array(place_removed, dtype=bool)[place_pair_codes]).tolist():
        was_redacted[index] = True
        kinds = place_found[place_pair_codes[index]][2]  # type: ignore[index]
        affected.setdefault(lines[index], set()).update(kinds)

    per_date = [info if info is not None else (None,) * 5 for info in date_info]
    incident_time = _objects(time_values, time_codes)
    no_time = np.array([value is None for value in time_values], dtype=bool)[time_codes]
    incident_time[no_time] = _objects([info[1] for info in per_date], date_codes)[no_time]
    per_place = [found if found is not None else (None, None, ()) for found in place_found]
    frame = pd.DataFrame(
        {
            "incident_id": _column(ids),
            "incident_date": _objects([info[0] for info in per_date], date_codes),
            "incident_time": incident_time,
            "iso_year": np.array([info[2] or 0 for info in per_date], dtype=np.int64)[date_codes],
            "iso_week": np.array([info[3] or 0 for info in per_date], dtype=np.int64)[date_codes],
            "week_start": _objects([info[4] for info in per_date], date_codes),
            "area_id": _text(area_ids, area_codes),
            "place_id": _text([found[0] for found in per_place], place_pair_codes),
            "place": _text([found[1] for found in per_place], place_pair_codes),
            "category_id": _text(category_ids, category_codes),
            "organisation_id": _text(organisation_ids, organisation_codes),
            "severity": np.array(severity_values, dtype=np.int64)[severity_codes],
            "description": _column(stored),
            "was_redacted": was_redacted,
        },
        columns=COLUMNS,
    )
    return frame, affected


def _place_of(
    text: str, area_id: str | None, lists: EstCatalog
) -> tuple[str | None, str | None, tuple[str, ...]] | None:
    """`_place` for one distinct (area, place) pair: (place_id, place, kinds removed), or None
    where `_place` refuses. A row whose area is unknown is refused before its place."""
    if not text or area_id is None:
        return None, None, ()
    place_id = lists.place(area_id, text)
    if place_id is not None:
        return place_id, lists.place_name(place_id), ()
    if normalise(text) in lists.place_by_name or len(text) > MAX_TEXT_LENGTH:
        return None
    result = redact(text)
    return None, result.text, result.removed


def _refuse_row(
    index: int, data: ColumnTable, columns: Columns, lists: EstCatalog, latest: dt.date | None
) -> None:
    """Run the row-wise checks on row `index` (every earlier row passed them), so the error
    names the line, column and problem exactly as `parse_rowwise` does."""
    ids = data.columns[columns.positions["id"]].to_pylist()
    incident_id = ids[index]
    first_line_of_id: dict[str, int] = {}
    if incident_id:
        earlier = ids.index(incident_id)
        if earlier < index:
            first_line_of_id[incident_id] = data.line_numbers[earlier]
    _parse_row(
        data.row(index),
        data.line_numbers[index],
        columns,
        lists,
        TextCleaner(data.path),
        latest,
        first_line_of_id,
    )
