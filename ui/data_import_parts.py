"""The pieces of the Importera filer page: the preview of what a checked file will store,
with the catalogue's column headings and the session's number format."""

from __future__ import annotations

import pandas as pd

from ui.format import table_text
from ui.frame import translated

# Stored column -> catalogue key of its heading (the importers' two tables). The import's
# own bookkeeping (source_id, import_id) is not part of what the file says.
PREVIEW_COLUMNS = {
    "incident_id": "est_column_id",
    "incident_date": "est_column_date",
    "incident_time": "est_column_time",
    "iso_year": "est_column_iso_year",
    "iso_week": "est_column_week",
    "week_start": "est_column_week_start",
    "area_id": "est_column_area",
    "place_id": "est_column_place_id",
    "place": "est_column_place",
    "category_id": "est_column_category",
    "organisation_id": "est_column_organisation",
    "severity": "est_column_severity",
    "description": "est_column_description",
    "action_id": "est_column_id",
    "title": "est_column_action",
    "promise": "est_column_promise",
    "responsible": "est_column_responsible",
    "areas": "est_column_areas",
    "targets_all_areas": "est_column_all_areas",
    "categories": "est_column_categories",
    "start_date": "est_column_start",
    "end_date": "est_column_end",
    "status": "est_column_status",
    "follow_up": "est_column_notes",
    "was_redacted": "est_column_redacted",
    "is_example": "column_example",
}


def _cell(value: object) -> object:
    """Lists (areas, categories) as 'a, b'; dates and times as ISO text; others unchanged."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "isoformat") and not isinstance(value, pd.Timestamp | float):
        return value.isoformat()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value


def preview_table(preview: pd.DataFrame) -> pd.DataFrame:
    """The rows a checked file will store, as the user reads them: headings from the
    catalogue in the session's language, numbers and yes/no in its format (format.table_text),
    the import's bookkeeping columns left out. Raises KeyError for a column without a heading,
    so that a new stored column cannot appear untranslated."""
    shown = preview.drop(columns=["source_id", "import_id"], errors="ignore")
    for column in shown.columns:
        if shown[column].dtype == object:
            shown[column] = shown[column].map(_cell)
    return table_text(translated(shown, {column: PREVIEW_COLUMNS[column] for column in shown}))
