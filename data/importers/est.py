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

import pandas as pd

from data.est_catalog import EstCatalog, load_catalog, normalise
from data.importers.common import Catalog, ImportFailed, ParsedImport
from data.importers.est_fields import (
    Columns,
    TextCleaner,
    check_week,
    map_columns,
    parse_date,
    parse_time,
)
from data.importers.redaction import contains_personal_data
from data.importers.tabular import has_columns, read_table

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
    """
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
