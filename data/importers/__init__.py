"""Importers, one module per source KIND, and the one way they write: all-or-nothing.

`import_file(db_path, kind, file)` parses and validates the file against the database's own
catalogue (municipalities, crime types, indicators), then writes every row and the provenance
record in one transaction on a copy of the database that is swapped in atomically. Importing a
file whose SHA-256 is already recorded for that kind changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import duckdb
import pandas as pd
import pyarrow as pa

from data import db
from data.importers import (
    bra,
    est,
    insatser,
    kolada,
    population,
    skolverket,
    stockholmsenkaten,
    survey,
)
from data.importers.common import Catalog, ImportFailed, ParsedImport, record_import, sha256_of

# KIND on the command line -> importer module (each has KIND, SOURCE_ID and parse()):
# Kolada, Brå, population, surveys; EST incident reports and insatser (Lägesbild, Insatser och
# medborgarlöften); Stockholmsenkäten result tables (also the published points) and pupil-level
# answers; Skolverket's pupils per grade (the response rates' denominator).
IMPORTERS: dict[str, ModuleType] = {
    module.KIND: module
    for module in (kolada, bra, population, survey, est, insatser, stockholmsenkaten, skolverket)
}

# The tables an importer may write (table names are never taken from input), each with the
# query of how many incoming rows share their primary key (schema.sql) with a stored row. Those
# rows replace the stored ones (a corrected export); tests/importers/test_writes.py checks the
# keys against the schema.
SHARED_KEYS_SQL = {
    "kolada_values": """
        SELECT count(*) FROM incoming_rows
        JOIN kolada_values USING (kpi, municipality_code, year, gender)""",
    "crime_counts": """
        SELECT count(*) FROM incoming_rows
        JOIN crime_counts USING (municipality_code, year, period, crime_code)""",
    "population": """
        SELECT count(*) FROM incoming_rows JOIN population USING (municipality_code, year)""",
    "survey_results": """
        SELECT count(*) FROM incoming_rows
        JOIN survey_results
        USING (survey, indicator_id, area, year, respondent_group, source_id)""",
    "est_incidents": """
        SELECT count(*) FROM incoming_rows JOIN est_incidents USING (incident_id)""",
    "est_actions": """
        SELECT count(*) FROM incoming_rows JOIN est_actions USING (action_id)""",
    "stockholmsenkaten_results": """
        SELECT count(*) FROM incoming_rows
        JOIN stockholmsenkaten_results
        USING (indicator_id, municipality_code, year, grade, sex, source_id)""",
    "stockholmsenkaten_pupils": """
        SELECT count(*) FROM incoming_rows
        JOIN stockholmsenkaten_pupils USING (year, municipality_code, respondent_id)""",
    "school_pupils": """
        SELECT count(*) FROM incoming_rows
        JOIN school_pupils USING (school_year, school_unit_code, grade)""",
}
WRITABLE_TABLES = tuple(SHARED_KEYS_SQL)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for the one-line summary."""

    kind: str
    file_name: str
    file_format: str
    rows: int
    import_id: int | None
    already_imported: bool
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.file_name}: redan importerad (import {self.import_id}), inget ändrat"
        notes = "".join(f"; {note}" for note in self.notes)
        rows = "rad importerad" if self.rows == 1 else "rader importerade"
        return (
            f"{self.file_name}: {self.rows} {rows} som {self.kind} "
            f"({self.file_format}), import {self.import_id}{notes}"
        )


def importer_for(kind: str) -> ModuleType:
    try:
        return IMPORTERS[kind]
    except KeyError:
        known = ", ".join(sorted(IMPORTERS))
        raise ImportFailed(kind, f"okänd källa; välj en av: {known}") from None


def import_into(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    path: str | Path,
    *,
    digest: str | None = None,
    **options: object,
) -> ImportResult:
    """Parse, validate and write one file inside the caller's open transaction.

    `digest` is the file's SHA-256 when the caller has already computed it (import_file).
    """
    path = Path(path)
    module = importer_for(kind)
    if not path.is_file():
        raise ImportFailed(path, "filen finns inte")
    digest = digest or sha256_of(path)
    existing = con.execute(
        "SELECT import_id FROM imports WHERE kind = ? AND sha256 = ?", [kind, digest]
    ).fetchone()
    if existing:
        return ImportResult(kind, path.name, "", 0, existing[0], True)
    parsed: ParsedImport = module.parse(path, Catalog.from_database(con), **options)
    import_id = record_import(con, kind=kind, path=path, sha256=digest, parsed=parsed)
    for table, frame in parsed.tables.items():
        if table not in WRITABLE_TABLES:
            raise ValueError(f"importer {kind} tried to write {table}")
        rows = frame.assign(import_id=import_id, is_example=parsed.is_example)
        if "source_id" not in rows and table != "kolada_values":
            rows = rows.assign(source_id=parsed.source_id)
        con.register("incoming_rows", _scannable(rows))
        try:
            # Replacing rows costs a lookup per row; a file that shares no key with what is
            # stored (the usual case: a new year, a new export) is appended.
            (shared_keys,) = con.execute(SHARED_KEYS_SQL[table]).fetchone()
            # The table name comes from WRITABLE_TABLES above, never from the file.
            if shared_keys:
                con.execute(f"INSERT OR REPLACE INTO {table} BY NAME SELECT * FROM incoming_rows")  # noqa: S608
            else:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")  # noqa: S608
        except (duckdb.ConstraintException, duckdb.DataError) as error:
            # No unregister here: the failed INSERT aborted the transaction, so any further
            # call would raise TransactionException and hide this message.
            raise ImportFailed(path, f"bryter mot databasens regler: {error}") from None
        con.unregister("incoming_rows")
    return ImportResult(
        kind, path.name, parsed.format, parsed.rows, import_id, False, tuple(parsed.notes)
    )


def _scannable(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """`frame` as an Arrow table, which DuckDB scans without a Python call per cell (date and
    time objects, lists); the frame itself if Arrow cannot type a column (DuckDB then does)."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


def import_file(
    db_path: str | Path, kind: str, path: str | Path, **options: object
) -> ImportResult:
    """Import one file into an existing database, all or nothing (see module docstring)."""
    db_path, path = Path(db_path), Path(path)
    if not db_path.is_file():
        raise ImportFailed(db_path, "databasen finns inte; skapa den med: python -m data build")
    importer_for(kind)
    digest, existing = None, None
    # One reader for both checks: the schema's version, and whether the file is imported.
    try:
        reader = db.connect(db_path)
    except duckdb.Error:
        raise ImportFailed(
            db_path,
            "filen är ingen DuckDB-databas (tom eller av annat slag); ange databasen med --db "
            "eller skapa den med: python -m data build",
        ) from None
    try:
        if not db.stored_schema_is_current(reader):
            raise ImportFailed(
                db_path,
                "databasen är byggd med en äldre version av schemat; bygg om den med: "
                "python -m data build (och importera dina egna filer igen)",
            )
        if path.is_file():
            digest = sha256_of(path)
            existing = reader.execute(
                "SELECT import_id FROM imports WHERE kind = ? AND sha256 = ?", [kind, digest]
            ).fetchone()
    finally:
        reader.close()
    if existing:
        # Nothing to write: the database file and its version stay exactly as they were.
        return ImportResult(kind, path.name, "", 0, existing[0], True)
    with db.write_copy(db_path) as con:
        return import_into(con, kind, path, digest=digest, **options)
