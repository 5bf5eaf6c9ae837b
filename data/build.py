"""Build the whole database from the bundled files: `python -m data build [--db PATH]`.

Loads the metadata (sources, municipalities, comparison groups, indicators, crime types),
imports the real Kolada file, generates the example data (population and Brå counts by crime
type, labelled is_example) and imports it through the same importers a user's files go
through. Everything is written into a new file that replaces the old one atomically.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data import db, example, example_est, example_safety, example_youth
from data.est_catalog import load_est_metadata
from data.importers import import_into
from data.stockholmsenkaten_metadata import load_stockholmsenkaten_metadata

REAL_DIR = db.DATA_DIR / "real"
METADATA_DIR = db.DATA_DIR / "metadata"
# Kolada's 23 KPIs for all 290 municipalities (the county file is its subset, used by the
# example generator for the real theft and damage rates).
KOLADA_FILE = REAL_DIR / "kolada_didreport_kpis_all_municipalities_2010_2024.csv"
PUBLISHED_FIGURES_FILE = REAL_DIR / "vaxholm_published_figures.csv"
MUNICIPALITY_FILE = REAL_DIR / "kolada_municipality_list_2023-03-28.csv"
BRA_REGION_FILE = REAL_DIR / "bra_solwebb_region_ids_municipalities.csv"
# Skolverket's pupils per grade and school unit, 2023/24: Stockholmsenkäten's response rates.
SKOLVERKET_FILE = REAL_DIR / "skolverket_grundskola_elever_per_arskurs_2023_skolenhet.csv"


@dataclass(frozen=True)
class BuildResult:
    path: Path
    seconds: float
    rows: dict[str, int]

    def summary(self) -> str:
        counts = ", ".join(f"{table} {rows}" for table, rows in self.rows.items())
        return f"{self.path}: byggd på {self.seconds:.1f} s ({counts})"


def load_metadata(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the metadata tables from data/metadata/ and the real municipality lists."""
    text = {"keep_default_na": False, "na_values": [""], "dtype": str}
    sources = pd.read_csv(METADATA_DIR / "sources.csv", **text)
    _insert(con, "sources", sources.assign(is_example=sources["is_example"] == "true"))

    kolada = pd.read_csv(MUNICIPALITY_FILE, **text)
    bra = pd.read_csv(BRA_REGION_FILE, **text)
    bra_ids = dict(zip(bra["Kommun"], bra["Region_ID"].astype(int), strict=True))
    municipalities = pd.DataFrame(
        {
            "municipality_code": kolada["id"],
            "name": kolada["title"],
            "level": [
                "riket" if code == "0000" else ("region" if kind == "L" else "kommun")
                for code, kind in zip(kolada["id"], kolada["type"], strict=True)
            ],
            "county_code": [
                "00" + code[:2] if kind == "K" else None
                for code, kind in zip(kolada["id"], kolada["type"], strict=True)
            ],
            "bra_region_id": [bra_ids.get(name) for name in kolada["title"]],
        }
    )
    _insert(con, "municipalities", municipalities)

    groups = pd.read_csv(METADATA_DIR / "reference_groups.csv", **text)
    _insert(con, "reference_groups", groups.drop(columns="members"))
    members = groups.assign(municipality_code=groups["members"].str.split()).explode(
        "municipality_code"
    )[["group_id", "municipality_code"]]
    _insert(con, "reference_group_members", members)

    indicators = pd.read_csv(METADATA_DIR / "indicators.csv", **text)
    indicators["higher_is_better"] = indicators["higher_is_better"].map(
        {"true": True, "false": False}
    )
    for column in ("series_break_year", "headline_order"):
        indicators[column] = pd.to_numeric(indicators[column]).astype("Int64")
    _insert(con, "indicators", indicators)

    crime_types = pd.read_csv(METADATA_DIR / "crime_types.csv", **text)
    for column in ("level", "sort_order"):
        crime_types[column] = crime_types[column].astype(int)
    _insert(con, "crime_types", crime_types)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("metadata_rows", frame)
    try:
        # `table` is one of the fixed names in load_metadata, never user input.
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM metadata_rows")  # noqa: S608
    finally:
        con.unregister("metadata_rows")


def build_database(path: str | Path | None = None) -> BuildResult:
    """Build the database at `path` (default: data.db.database_path()) from bundled files."""
    started = time.perf_counter()
    target = Path(path) if path else db.database_path()
    with tempfile.TemporaryDirectory(prefix="trygg-example-") as folder:
        example_files = example.write_example_files(Path(folder))
        with db.write_copy(target, create=True) as con:
            load_metadata(con)
            import_into(con, "kolada", KOLADA_FILE)
            import_into(con, "population", example_files.population, example=True)
            import_into(con, "bra", example_files.crime, example=True)
            # Safety surveys: real published points, then example result tables.
            safety_files = example_safety.write_example_files(Path(folder))
            import_into(con, "survey", PUBLISHED_FIGURES_FILE)
            import_into(con, "survey", safety_files.trygghetsmatning, example=True)
            import_into(con, "survey", safety_files.ntu, example=True)
            # EST: the area, place, category and organisation lists, then the example reports
            # and insatser.
            load_est_metadata(con)
            est_files = example_est.write_est_example_files(Path(folder))
            import_into(con, "est", est_files.incidents, example=True)
            import_into(con, "insatser", est_files.actions, example=True)
            # Stockholmsenkäten: index items, RISE cut-offs and outcome rules; the real
            # published points; example pupil answers (one file per wave) and result tables.
            load_stockholmsenkaten_metadata(con)
            import_into(con, "stockholmsenkaten", PUBLISHED_FIGURES_FILE)
            youth_files = example_youth.write_example_files(Path(folder))
            for pupil_file in youth_files.pupils:
                import_into(con, "stockholmsenkaten", pupil_file, example=True)
            import_into(con, "stockholmsenkaten", youth_files.results, example=True)
            import_into(con, "skolverket", SKOLVERKET_FILE)
            rows = {
                table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in (
                    "kolada_values",
                    "crime_counts",
                    "population",
                    "survey_results",
                    "stockholmsenkaten_results",
                    "stockholmsenkaten_pupils",
                    "school_pupils",
                    "est_incidents",
                    "est_actions",
                )
            }
    return BuildResult(target, time.perf_counter() - started, rows)
