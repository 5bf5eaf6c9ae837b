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
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.est_catalog import EstCatalog, load_catalog, normalise
from data.importers import columnar
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
from data.importers.tabular import ColumnTable, has_columns, read_any, read_table

KIND = "est"
TABLES = ("est_incidents",)
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

    Read through the one reader (`tabular.read_any`) and checked column by column: each rule
    runs once per distinct date, name or week, redaction only on the texts that may hold
    personal data; the first refused cell raises its rule's error with file, line and column
    (data/importers/columnar.py `refuse_first`).
    """
    path = Path(path)
    if year is not None:
        raise ImportFailed(path, "--year gäller bara Brås årsfiler; EST-rapporter har datum")
    table = read_any(path, lambda name: read_table(name, has_columns(REQUIRED_COLUMNS)))
    if isinstance(table, ColumnTable):
        data = table
        header_only = CsvTable(
            path, data.header, [], data.line_numbers, data.delimiter, data.encoding
        )
        columns = map_header(header_only, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    else:
        columns = map_columns(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
        data = ColumnTable.from_rows(table)
    frame, affected = _frame(data, columns, load_catalog(), None if example else dt.date.today())
    file_format = (
        "est-xlsx" if data.encoding == "xlsx" else f"est-csv ({data.encoding}, '{data.delimiter}')"
    )
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    notes = TextCleaner(path, affected).note()
    return ParsedImport(file_format, source_id, example, {"est_incidents": frame}, notes)


# --- the cell rules (each raises ImportFailed naming the cell; line None: checked once per
# distinct value, then again with its line for the first refused row) ------------------------


def _incident_id(text: str, path: Path, line: int | None, column: str) -> str:
    if not text:
        raise ImportFailed(path, "id saknas", line=line, column=column)
    if len(text) > 64:
        raise ImportFailed(path, "id är längre än 64 tecken", line=line, column=column)
    if contains_personal_data(text):
        raise ImportFailed(
            path,
            "id får inte innehålla personnummer, telefonnummer eller e-postadress",
            line=line,
            column=column,
        )
    return text


def _known(
    text: str,
    lookup: Callable[[str], str | None],
    unknown: str,
    path: Path,
    line: int | None,
    column: str,
) -> str:
    """The id of a name on one of the EST lists ("okänt område 'x'", "område saknas")."""
    found = lookup(text)
    if found is None:
        what = unknown.split(" ")[1]
        message = f"{unknown} '{text}'" if text else f"{what} saknas"
        raise ImportFailed(path, message, line=line, column=column)
    return found


def _severity(text: str, path: Path, line: int | None, column: str) -> int:
    severity = SEVERITY_WORDS.get(normalise(text).split(" ")[0] if text else "")
    if severity is None:
        raise ImportFailed(
            path, f"allvarlighet '{text}' ska vara 1, 2 eller 3", line=line, column=column
        )
    return severity


def _place(
    text: str, area_id: str | None, lists: EstCatalog, path: Path, line: int | None, column: str
) -> tuple[str | None, str | None, set[str]]:
    """(place_id, place name, kinds of personal data removed): a known place of the area, or
    the text as written (redacted). A place on the list of another area is refused. A row
    whose area is unknown is refused by the area's rule, before its place."""
    if not text or area_id is None:
        return None, None, set()
    place_id = lists.place(area_id, text)
    if place_id is not None:
        return place_id, lists.place_name(place_id), set()
    elsewhere = lists.place_by_name.get(normalise(text))
    if elsewhere is not None:
        area_name = lists.areas.set_index("area_id").loc[elsewhere[1], "name_sv"]
        raise ImportFailed(
            path,
            f"platsen '{text}' ligger i {area_name}, inte i radens område",
            line=line,
            column=column,
        )
    cleaner = TextCleaner(path)
    place, _ = cleaner.clean(text, line=line, column=column)  # type: ignore[arg-type]
    return None, place, cleaner.affected.get(line, set())  # type: ignore[arg-type]


def _frame(
    data: ColumnTable, columns: Columns, lists: EstCatalog, latest: dt.date | None
) -> tuple[pd.DataFrame, dict[int, set[str]]]:
    """The rows and the redacted lines (line -> kinds removed). Per row the id, date, time,
    week, area, category, organisation, severity, place and description are checked, in that
    order; the week is checked against a valid date and the place against a known area (a row
    whose date or area is wrong is refused for that first)."""
    count = len(data.line_numbers)
    lines = data.line_numbers
    path = data.path
    label = columns.label

    def column(name: str) -> pa.Array:
        position = columns.positions.get(name)
        if position is None:
            return pa.repeat(pa.scalar("", pa.large_string()), count)
        return data.columns[position]

    def text(name: str, row: int) -> str:
        return column(name)[row].as_py()

    ids = column("id")
    id_lengths = pc.utf8_length(ids).to_numpy(zero_copy_only=False)
    personal = [index for index in candidates(ids) if contains_personal_data(ids[index].as_py())]
    id_bad = (id_lengths == 0) | (id_lengths > 64)
    id_bad[personal] = True
    id_codes, _ = columnar.distinct(ids)
    id_twice = pd.Series(id_codes).duplicated().to_numpy()

    def refuse_twice(row: int) -> None:
        earlier = lines[int(np.flatnonzero(id_codes == id_codes[row])[0])]
        raise ImportFailed(
            path,
            f"dubblett: id {text('id', row)} finns redan på rad {earlier}",
            line=lines[row],
            column=label("id"),
        )

    # Dates: day, time written in the date cell, ISO year and week, Monday of the week.
    date_codes, date_values, date_bad = columnar.per_distinct(
        column("date"),
        lambda cell: parse_date(cell, path=path, line=None, column="", latest=latest),  # type: ignore[arg-type]
    )
    time_codes, time_values, time_bad = columnar.per_distinct(
        column("time"),
        lambda cell: parse_time(cell, path=path, line=None, column=""),  # type: ignore[arg-type]
    )
    week_bad = np.zeros(count, dtype=bool)
    if "week" in columns.positions:
        week_codes, weeks = columnar.distinct(column("week"))
        pair_codes, pairs = pd.factorize(week_codes * len(date_values) + date_codes)
        pair_bad = []
        for pair in pairs.tolist():
            week, found = weeks[pair // len(date_values)], date_values[pair % len(date_values)]
            try:
                if found is not None:
                    check_week(week, found[0], path=path, line=None, column="")  # type: ignore[arg-type]
                pair_bad.append(False)
            except ImportFailed:
                pair_bad.append(True)
        week_bad = np.array(pair_bad, dtype=bool)[pair_codes]

    def listed(name: str, lookup: Callable[[str], str | None], unknown: str):
        return columnar.per_distinct(
            column(name), lambda cell: _known(cell, lookup, unknown, path, None, "")
        )

    area_codes, area_ids, area_bad = listed("area", lists.area, "okänt område")
    category_codes, category_ids, category_bad = listed(
        "category", lists.category, "okänd kategori"
    )
    organisation_codes, organisation_ids, organisation_bad = listed(
        "organisation", lists.organisation, "okänd organisation"
    )
    severity_codes, severity_values, severity_bad = columnar.per_distinct(
        column("severity"), lambda cell: _severity(cell, path, None, "")
    )
    # Places: per distinct (area, place) pair.
    place_codes, places = columnar.distinct(column("place"))
    place_pair_codes, place_pairs = pd.factorize(area_codes * len(places) + place_codes)
    place_found: list[tuple[str | None, str | None, set[str]] | None] = []
    for pair in place_pairs.tolist():
        area_id, place = area_ids[pair // len(places)], places[pair % len(places)]
        try:
            place_found.append(_place(place, area_id, lists, path, None, ""))
        except ImportFailed:
            place_found.append(None)
    place_bad = np.array([found is None for found in place_found], dtype=bool)[place_pair_codes]
    descriptions = column("description")
    too_long = pc.greater(pc.utf8_length(descriptions), MAX_TEXT_LENGTH)

    def day_of(row: int) -> dt.date:
        return date_values[date_codes[row]][0]

    columnar.refuse_first(
        [
            (id_bad, lambda row: _incident_id(text("id", row), path, lines[row], label("id"))),
            (id_twice, refuse_twice),
            (
                date_bad,
                lambda row: parse_date(
                    text("date", row),
                    path=path,
                    line=lines[row],
                    column=label("date"),
                    latest=latest,
                ),
            ),
            (
                time_bad,
                lambda row: parse_time(
                    text("time", row), path=path, line=lines[row], column=label("time")
                ),
            ),
            (
                week_bad,
                lambda row: check_week(
                    text("week", row),
                    day_of(row),
                    path=path,
                    line=lines[row],
                    column=label("week"),
                ),
            ),
            (
                area_bad,
                lambda row: _known(
                    text("area", row),
                    lists.area,
                    "okänt område",
                    path,
                    lines[row],
                    label("area"),
                ),
            ),
            (
                category_bad,
                lambda row: _known(
                    text("category", row),
                    lists.category,
                    "okänd kategori",
                    path,
                    lines[row],
                    label("category"),
                ),
            ),
            (
                organisation_bad,
                lambda row: _known(
                    text("organisation", row),
                    lists.organisation,
                    "okänd organisation",
                    path,
                    lines[row],
                    label("organisation"),
                ),
            ),
            (
                severity_bad,
                lambda row: _severity(text("severity", row), path, lines[row], label("severity")),
            ),
            (
                place_bad,
                lambda row: _place(
                    text("place", row),
                    area_ids[area_codes[row]],
                    lists,
                    path,
                    lines[row],
                    label("place"),
                ),
            ),
            (
                too_long.to_numpy(zero_copy_only=False),
                lambda row: TextCleaner(path).clean(
                    text("description", row), line=lines[row], column=label("description")
                ),
            ),
        ]
    )

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

    per_date = [
        (day, time_in_date, *day.isocalendar()[:2], day - dt.timedelta(days=day.weekday()))
        for day, time_in_date in date_values
    ]
    incident_time = columnar.take(time_values, time_codes)
    no_time = np.array([value is None for value in time_values], dtype=bool)[time_codes]
    incident_time[no_time] = columnar.take([info[1] for info in per_date], date_codes)[no_time]
    frame = pd.DataFrame(
        {
            "incident_id": columnar.text_column(ids),
            "incident_date": columnar.take([info[0] for info in per_date], date_codes),
            "incident_time": incident_time,
            "iso_year": columnar.take([info[2] for info in per_date], date_codes, np.int64),
            "iso_week": columnar.take([info[3] for info in per_date], date_codes, np.int64),
            "week_start": columnar.take([info[4] for info in per_date], date_codes),
            "area_id": columnar.text_column(area_ids, area_codes),
            "place_id": columnar.text_column([found[0] for found in place_found], place_pair_codes),  # type: ignore[index]
            "place": columnar.text_column([found[1] for found in place_found], place_pair_codes),  # type: ignore[index]
            "category_id": columnar.text_column(category_ids, category_codes),
            "organisation_id": columnar.text_column(organisation_ids, organisation_codes),
            "severity": columnar.take(severity_values, severity_codes, np.int64),
            "description": columnar.text_column(stored),
            "was_redacted": was_redacted,
        },
        columns=COLUMNS,
    )
    return frame, affected
