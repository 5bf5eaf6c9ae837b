"""The EST lists kept as data: Vaxholm's areas and their places, the incident categories and
the reporting organisations (data/metadata/est_*.csv).

The importers match names in a file against these lists case-insensitively (Swedish or
English name, id or an alias); the build loads them into the est_* metadata tables that the
pages read. To add a place or an alias, edit the CSV: no code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import duckdb
import pandas as pd

METADATA_DIR = Path(__file__).resolve().parent / "metadata"
AREAS_FILE = METADATA_DIR / "est_areas.csv"
PLACES_FILE = METADATA_DIR / "est_places.csv"
CATEGORIES_FILE = METADATA_DIR / "est_categories.csv"
ORGANISATIONS_FILE = METADATA_DIR / "est_organisations.csv"
# Separator of the aliases inside one CSV cell.
ALIAS_SEPARATOR = ";"


_DASHES = re.compile(r"[\u2010-\u2015]")
_AROUND_SEPARATORS = re.compile(r"\s*([-/])\s*")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65_536)
def normalise(name: str) -> str:
    """Names compared without case, dash variants or repeated spaces.

    Cached: an export repeats the same few area, category and organisation names on every row.
    """
    cleaned = _DASHES.sub("-", str(name)).casefold()
    cleaned = _AROUND_SEPARATORS.sub(r"\1", cleaned)
    return _SPACES.sub(" ", cleaned).strip()


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["sort_order"] = frame["sort_order"].astype(int)
    return frame


def _lookup(frame: pd.DataFrame, id_column: str, name_columns: tuple[str, ...]) -> dict[str, str]:
    """normalised id, names and aliases -> id; a spelling used by two entries is an error."""
    lookup: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        identifier = getattr(row, id_column)
        spellings = [identifier, *(getattr(row, column) for column in name_columns)]
        spellings += [alias for alias in row.aliases.split(ALIAS_SEPARATOR) if alias.strip()]
        for spelling in spellings:
            key = normalise(spelling)
            if lookup.get(key, identifier) != identifier:
                raise ValueError(f"'{spelling}' names both {lookup[key]} and {identifier}")
            lookup[key] = identifier
    return lookup


@dataclass(frozen=True)
class EstCatalog:
    """The lists and their lookups (normalised spelling -> id)."""

    areas: pd.DataFrame
    places: pd.DataFrame
    categories: pd.DataFrame
    organisations: pd.DataFrame
    area_by_name: dict[str, str]
    category_by_name: dict[str, str]
    organisation_by_name: dict[str, str]
    # (area_id, normalised place name or alias) -> place_id
    place_by_area_and_name: dict[tuple[str, str], str]
    # normalised canonical place name -> (place_id, area_id), to catch a place under the
    # wrong area
    place_by_name: dict[str, tuple[str, str]]
    # place_id -> its canonical name
    name_by_place: dict[str, str]

    def area(self, name: str) -> str | None:
        return self.area_by_name.get(normalise(name))

    def category(self, name: str) -> str | None:
        return self.category_by_name.get(normalise(name))

    def organisation(self, name: str) -> str | None:
        return self.organisation_by_name.get(normalise(name))

    def place(self, area_id: str, name: str) -> str | None:
        return self.place_by_area_and_name.get((area_id, normalise(name)))

    def place_name(self, place_id: str) -> str:
        return self.name_by_place[place_id]


@cache
def load_catalog() -> EstCatalog:
    """Read the four lists (cached: they are files shipped with the code)."""
    areas = _read(AREAS_FILE)
    places = _read(PLACES_FILE)
    categories = _read(CATEGORIES_FILE)
    organisations = _read(ORGANISATIONS_FILE)
    unknown = set(places["area_id"]) - set(areas["area_id"])
    if unknown:
        raise ValueError(f"{PLACES_FILE.name}: unknown areas {sorted(unknown)}")
    place_lookup: dict[tuple[str, str], str] = {}
    for area_id, group in places.groupby("area_id"):
        for spelling, place_id in _lookup(group, "place_id", ("name",)).items():
            place_lookup[(str(area_id), spelling)] = place_id
    return EstCatalog(
        areas=areas,
        places=places,
        categories=categories,
        organisations=organisations,
        area_by_name=_lookup(areas, "area_id", ("name_sv", "name_en")),
        category_by_name=_lookup(categories, "category_id", ("name_sv", "name_en")),
        organisation_by_name=_lookup(organisations, "organisation_id", ("name_sv", "name_en")),
        place_by_area_and_name=place_lookup,
        place_by_name={
            normalise(row.name): (row.place_id, row.area_id)
            for row in places.itertuples(index=False)
        },
        name_by_place=dict(zip(places["place_id"], places["name"].astype(str), strict=True)),
    )


# Metadata table -> (its columns, the catalogue frame that fills it).
_TABLES = {
    "est_areas": ("areas", ["area_id", "name_sv", "name_en", "sort_order"]),
    "est_places": ("places", ["place_id", "area_id", "name", "place_type", "sort_order"]),
    "est_categories": ("categories", ["category_id", "name_sv", "name_en", "sort_order"]),
    "est_organisations": (
        "organisations",
        ["organisation_id", "name_sv", "name_en", "parent_id", "sort_order"],
    ),
}


def load_est_metadata(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the est_* metadata tables from the lists (inside the build's transaction)."""
    catalog = load_catalog()
    for table, (attribute, columns) in _TABLES.items():
        rows = getattr(catalog, attribute)[columns].replace({"": None})
        con.register("est_metadata_rows", rows)
        try:
            # `table` is one of the fixed names in _TABLES, never user input.
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM est_metadata_rows")  # noqa: S608
        finally:
            con.unregister("est_metadata_rows")
