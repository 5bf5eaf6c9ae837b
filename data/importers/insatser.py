"""Insatser (actions) and the medborgarlöften they serve (DESIGN §3.6).

A CSV (`;` or `,`; UTF-8 with or without BOM, or cp1252) or an Excel sheet (read as
data/importers/tabular.py describes: the sheet with the data, no formulas, no merged cells),
one row per action, with the header

    id, titel, medborgarlöfte, ansvariga, områden, kategorier, start, slut, status, uppföljning

or in English `id, title, promise, responsible, areas, categories, start, end, status,
follow_up`. List cells (ansvariga, områden, kategorier) separate names with `|`, `;` or `,`;
`alla` in områden or kategorier means every area or category. Names are matched
case-insensitively against data/metadata/est_*.csv. Status is planerad, pågår, genomförd or
uppföljd (English planned, ongoing, completed, followed up); a completed or followed-up action
needs an end date. Personal data in the title, promise and follow-up text is removed before
anything is stored, and the import notes name the rows affected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.est_catalog import load_catalog, normalise
from data.importers.common import Catalog, ImportFailed, ParsedImport
from data.importers.est_fields import TextCleaner, map_columns, match_names, parse_date
from data.importers.redaction import contains_personal_data
from data.importers.tabular import has_columns, read_table

KIND = "insatser"
TABLES = ("est_actions",)
SOURCE_ID = "insatser"
EXAMPLE_SOURCE_ID = "insatser_example"
REQUIRED_COLUMNS = {
    "id": ("id",),
    "title": ("titel", "title"),
    "promise": ("medborgarlöfte", "medborgarlofte", "promise"),
    "responsible": ("ansvariga", "ansvarig", "responsible"),
    "areas": ("områden", "omraden", "område", "areas"),
    "categories": ("kategorier", "kategori", "categories"),
    "start": ("start", "startdatum", "start_date"),
    "end": ("slut", "slutdatum", "end", "end_date"),
    "status": ("status",),
}
OPTIONAL_COLUMNS = {"follow_up": ("uppföljning", "uppfoljning", "follow_up", "follow-up")}
# Status as written -> the stored Swedish status.
STATUSES = {
    "planerad": "planerad",
    "pågår": "pågår",
    "genomförd": "genomförd",
    "uppföljd": "uppföljd",
    "planned": "planerad",
    "ongoing": "pågår",
    "completed": "genomförd",
    "followed up": "uppföljd",
}
# Statuses that say the action has ended, so it must have an end date.
ENDED = ("genomförd", "uppföljd")
COLUMNS = [
    "action_id",
    "title",
    "promise",
    "responsible",
    "areas",
    "targets_all_areas",
    "categories",
    "start_date",
    "end_date",
    "status",
    "follow_up",
    "was_redacted",
]


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate a list of actions; return rows for `est_actions`."""
    path = Path(path)
    if year is not None:
        raise ImportFailed(path, "--year gäller bara Brås årsfiler; insatser har datum")
    table = read_table(path, has_columns(REQUIRED_COLUMNS))
    columns = map_columns(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    lists = load_catalog()
    all_areas = tuple(lists.areas.sort_values("sort_order")["area_id"])
    all_categories = tuple(lists.categories.sort_values("sort_order")["category_id"])
    cleaner = TextCleaner(path)
    records = []
    first_line_of_id: dict[str, int] = {}
    for row, line in zip(table.rows, table.line_numbers, strict=True):

        def fail(name: str, message: str, line: int = line) -> ImportFailed:
            return ImportFailed(path, message, line=line, column=columns.label(name))

        def where(name: str, line: int = line) -> dict:
            return {"path": path, "line": line, "column": columns.label(name)}

        action_id = columns.cell(row, "id")
        if not action_id or len(action_id) > 64:
            raise fail("id", "id saknas" if not action_id else "id är längre än 64 tecken")
        if contains_personal_data(action_id):
            raise fail("id", "id får inte innehålla personnummer, telefonnummer eller e-post")
        if action_id in first_line_of_id:
            raise fail(
                "id", f"dubblett: id {action_id} finns redan på rad {first_line_of_id[action_id]}"
            )
        first_line_of_id[action_id] = line

        title, title_redacted = cleaner.clean(columns.cell(row, "title"), **_at(where("title")))
        if not title:
            raise fail("title", "titel saknas")
        promise, promise_redacted = cleaner.clean(
            columns.cell(row, "promise"), **_at(where("promise"))
        )
        responsible = match_names(
            columns.cell(row, "responsible"),
            lists.organisation,
            what="organisation",
            **where("responsible"),
        )
        area_text = columns.cell(row, "areas")
        areas = match_names(
            area_text, lists.area, what="område", everything=all_areas, **where("areas")
        )
        categories = match_names(
            columns.cell(row, "categories"),
            lists.category,
            what="kategori",
            everything=all_categories,
            **where("categories"),
        )
        start, _ = parse_date(columns.cell(row, "start"), latest=None, **where("start"))
        end_text = columns.cell(row, "end")
        end = parse_date(end_text, latest=None, **where("end"))[0] if end_text else None
        if end is not None and end < start:
            raise fail("end", f"slutdatum {end} ligger före startdatum {start}")
        status_text = columns.cell(row, "status")
        status = STATUSES.get(normalise(status_text))
        if status is None:
            raise fail(
                "status",
                f"status '{status_text}' ska vara planerad, pågår, genomförd eller uppföljd",
            )
        if status in ENDED and end is None:
            raise fail("end", f"en insats med status {status} behöver ett slutdatum")
        follow_up, follow_up_redacted = cleaner.clean(
            columns.cell(row, "follow_up"), **_at(where("follow_up"))
        )
        records.append(
            (
                action_id,
                title,
                promise,
                responsible,
                areas,
                set(areas) == set(all_areas),
                categories,
                start,
                end,
                status,
                follow_up,
                title_redacted or promise_redacted or follow_up_redacted,
            )
        )
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    file_format = (
        "insatser-xlsx"
        if table.encoding == "xlsx"
        else f"insatser-csv ({table.encoding}, '{table.delimiter}')"
    )
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    return ParsedImport(file_format, source_id, example, {"est_actions": frame}, cleaner.note())


def _at(where: dict) -> dict:
    """The line and column of a `where` mapping, as TextCleaner.clean takes them."""
    return {"line": where["line"], "column": where["column"]}
