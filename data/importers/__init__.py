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

# KIND on the command line -> importer module (each declares KIND, TABLES, SOURCE_ID and has
# parse()):
# Kolada, Brå, population, surveys; EST incident reports and insatser (Lägesbild, Insatser och
# medborgarlöften); Stockholmsenkäten result tables (also the published points) and pupil-level
# answers; Skolverket's pupils per grade (the response rates' denominator).
IMPORTERS: dict[str, ModuleType] = {
    module.KIND: module
    for module in (kolada, bra, population, survey, est, insatser, stockholmsenkaten, skolverket)
}

# The tables an importer may write (table names are never taken from input), derived from the
# modules' declarations (each module's TABLES: the tables its parse() fills), and each one's
# primary key, read from the schema (`db.primary_keys`: DuckDB's duckdb_constraints() on
# schema.sql). Incoming rows that share their key with a stored row replace it (a corrected
# export); _shares_keys finds them.
WRITABLE_TABLES = tuple(
    dict.fromkeys(table for module in IMPORTERS.values() for table in module.TABLES)
)
PRIMARY_KEYS = {table: db.primary_keys()[table] for table in WRITABLE_TABLES}
# Published statistics: stored rows of these kinds (and of a bundled '*_published' source)
# that are not example data are replaced by a file only when the import says so (replace=True,
# `--replace` on the command line); example data and the municipality's own records are not.
PUBLISHED_KINDS = ("kolada", "bra", "population")


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
    # What the import replaced: (earlier import id, its file name, rows replaced) per import.
    replaced: tuple[tuple[int, str, int], ...] = ()
    # A file imported before whose rows had been replaced, imported again under its import id.
    restored: bool = False

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.file_name}: redan importerad (import {self.import_id}), inget ändrat"
        notes = "".join(f"; {note}" for note in self.notes)
        if self.replaced:
            replaced = ", ".join(
                f"{count} {'rad' if count == 1 else 'rader'} från import {earlier_id} ({name})"
                for earlier_id, name, count in self.replaced
            )
            notes = f"; ersatte {replaced}{notes}"
        if self.restored:
            rows = "rad återställd" if self.rows == 1 else "rader återställda"
        else:
            rows = "rad importerad" if self.rows == 1 else "rader importerade"
        return (
            f"{self.file_name}: {self.rows} {rows} som {self.kind} "
            f"({self.file_format}), import {self.import_id}{notes}"
        )


class ReplaceRefused(ImportFailed):
    """The file would replace stored published values and the import did not say replace."""


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
    replace: bool = False,
    **options: object,
) -> ImportResult:
    """Parse, validate and write one file inside the caller's open transaction.

    `digest` is the file's SHA-256 when the caller has already computed it (import_file).
    Stored published values (PUBLISHED_KINDS, not example data) that the file would change are
    replaced only with `replace=True`; otherwise ReplaceRefused names them and nothing is
    written. A file imported before is imported again, under its import id, when some of its
    rows have since been replaced.
    """
    path = Path(path)
    module = importer_for(kind)
    if not path.is_file():
        raise ImportFailed(path, "filen finns inte")
    digest = digest or sha256_of(path)
    existing = earlier_import(con, kind, digest)
    if existing and existing[1]:
        return ImportResult(kind, path.name, "", 0, existing[0], True)
    parsed: ParsedImport = module.parse(path, Catalog.from_database(con), **options)
    if existing:
        import_id = existing[0]
    else:
        import_id = record_import(con, kind=kind, path=path, sha256=digest, parsed=parsed)
    replaced: list[tuple[str, int, int, str]] = []
    for table, frame in parsed.tables.items():
        if table not in module.TABLES:
            raise ValueError(f"importer {kind} tried to write {table}, not one of its TABLES")
        rows = frame.assign(import_id=import_id, is_example=parsed.is_example)
        if "source_id" not in rows and table != "kolada_values":
            rows = rows.assign(source_id=parsed.source_id)
        con.register("incoming_rows", _scannable(rows))
        try:
            # Replacing rows costs a lookup per row; a file that shares no key with what is
            # stored (the usual case: a new year, a new export) is appended.
            # The table name comes from WRITABLE_TABLES above, never from the file.
            if _shares_keys(con, table, rows):
                replaced += _replaced_rows(con, path, table, list(rows.columns), replace=replace)
                con.execute(f"INSERT OR REPLACE INTO {table} BY NAME SELECT * FROM incoming_rows")  # noqa: S608
            else:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")  # noqa: S608
        except (duckdb.ConstraintException, duckdb.DataError) as error:
            # No unregister here: the failed INSERT aborted the transaction, so any further
            # call would raise TransactionException and hide this message.
            raise ImportFailed(path, f"bryter mot databasens regler: {error}") from None
        con.unregister("incoming_rows")
    by_import: dict[tuple[int, str], int] = {}
    for _, earlier_id, count, earlier_file in replaced:
        if earlier_id != import_id:
            by_import[earlier_id, earlier_file] = (
                by_import.get((earlier_id, earlier_file), 0) + count
            )
    return ImportResult(
        kind,
        path.name,
        parsed.format,
        parsed.rows,
        import_id,
        False,
        tuple(parsed.notes),
        tuple((earlier_id, name, count) for (earlier_id, name), count in sorted(by_import.items())),
        restored=existing is not None,
    )


def earlier_import(
    con: duckdb.DuckDBPyConnection, kind: str, digest: str
) -> tuple[int, bool] | None:
    """The import id of this file (kind and SHA-256) if imported before, and whether all of
    its rows are still stored (False when a later file replaced some of them); else None."""
    found = con.execute(
        "SELECT import_id, rows FROM imports WHERE kind = ? AND sha256 = ?", [kind, digest]
    ).fetchone()
    if found is None:
        return None
    import_id, recorded = found
    # Table names come from WRITABLE_TABLES, never from input.
    stored = sum(
        con.execute(f"SELECT count(*) FROM {table} WHERE import_id = ?", [import_id]).fetchone()[0]  # noqa: S608
        for table in WRITABLE_TABLES
    )
    return int(import_id), stored >= recorded


def _shares_keys(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> bool:
    """True if some stored row of `table` has the primary key of one of `rows`."""
    # The key-only frame's columns are the key, so the natural join is on the key; the table
    # name is from WRITABLE_TABLES.
    con.register("incoming_keys", _scannable(rows[list(PRIMARY_KEYS[table])]))
    try:
        sql = f"SELECT EXISTS (SELECT 1 FROM {table} NATURAL JOIN incoming_keys)"  # noqa: S608
        return bool(con.execute(sql).fetchall()[0][0])
    finally:
        con.unregister("incoming_keys")


def _replaced_rows(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, columns: list[str], *, replace: bool
) -> list[tuple[str, int, int, str]]:
    """The stored rows of `table` that the registered `incoming_rows` replace, per earlier
    import: (table, import id, rows, file name). Raises ReplaceRefused when some of them are
    published values (PUBLISHED_KINDS or a '*_published' source, not example data) that the
    file changes and `replace` is False."""
    key = list(PRIMARY_KEYS[table])
    incoming = con.execute("SELECT * FROM incoming_rows").df()
    # The stored rows that share a key with an incoming row (the key-only frame's columns are
    # the key, so the natural join is on the key; the table name is from WRITABLE_TABLES).
    con.register("incoming_keys", incoming[key])
    try:
        stored = con.execute(f"SELECT * FROM {table} NATURAL JOIN incoming_keys").df()  # noqa: S608
    finally:
        con.unregister("incoming_keys")
    imports = {
        import_id: (kind, source_id, file_name)
        for import_id, kind, source_id, file_name in con.execute(
            "SELECT import_id, kind, source_id, file_name FROM imports"
        ).fetchall()
    }
    values = [column for column in columns if column not in (*key, "import_id", "is_example")]
    pairs = stored.merge(incoming[key + values], on=key, how="inner", suffixes=("", "_incoming"))
    found = []
    for import_id, group in pairs.groupby("import_id", sort=True):
        kind, source_id, name = imports[int(import_id)]
        published = kind in PUBLISHED_KINDS or source_id.endswith("_published")
        changed = (
            [
                row
                for row in group.itertuples(index=False)
                if not row.is_example and _differs(row._asdict(), values)
            ]
            if published
            else []
        )
        example = " ".join(str(getattr(changed[0], column)) for column in key) if changed else ""
        found.append((int(import_id), name, len(group), len(changed), example))
    protected = [
        (import_id, name, count, example) for import_id, name, _, count, example in found if count
    ]
    if protected and not replace:
        total = sum(count for _, _, count, _ in protected)
        import_id, name, _, example = protected[0]
        values_word = "publicerat värde" if total == 1 else "publicerade värden"
        raise ReplaceRefused(
            path,
            f"filen skulle ersätta {total} {values_word} i {table} från import {import_id} "
            f"({name}), t.ex. {example}; "
            "importera med --replace om filen ska ersätta dem",
        )
    return [(table, import_id, count, name) for import_id, name, count, _, _ in found]


def _differs(row: dict, values: list[str]) -> bool:
    """Whether a stored row (`column`) and the incoming one (`column_incoming`) differ in any of
    `values` (missing equals missing)."""
    for column in values:
        old, new = row[column], row[f"{column}_incoming"]
        if pd.isna(old) and pd.isna(new):
            continue
        if pd.isna(old) or pd.isna(new) or old != new:
            return True
    return False


def _scannable(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """`frame` as an Arrow table, which DuckDB scans without a Python call per cell (date and
    time objects, lists); the frame itself if Arrow cannot type a column (DuckDB then does)."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


def import_file(
    db_path: str | Path, kind: str, path: str | Path, *, replace: bool = False, **options: object
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
            existing = earlier_import(reader, kind, digest)
    finally:
        reader.close()
    if existing and existing[1]:
        # Nothing to write: the database file and its version stay exactly as they were.
        return ImportResult(kind, path.name, "", 0, existing[0], True)
    with db.write_copy(db_path) as con:
        return import_into(con, kind, path, digest=digest, replace=replace, **options)
