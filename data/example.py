"""Deterministic, seeded example data in the real sources' shapes (exempeldata).

No public file gives Brå's counts by crime type for Vaxholm, nor a population table in the
bundled set, so the build generates them here and imports them through the ordinary importers
with `example=True`: every row is stored with is_example = true and shown labelled as example
data. The shapes are those of the real exports:

- population: SCB's PxWeb CSV (`"region","2010",...`; `"0187 Vaxholm",...`), approximate
  sizes of the Stockholm-county municipalities, the county and Riket;
- crime: Brå's statistics-database long format (År;Period;Region_ID;Region;Brottstyp;Nivå;
  Antal;Per 100 000 inv.;Status) for the 26 county municipalities, the county (their sum) and
  Riket, 2010-2024, every type in data/metadata/crime_types.csv, the last year preliminary.

Theft (U07417) and criminal damage (U07452) follow Kolada's real rates wherever Kolada has a
value: count = round(rate x population / 100 000). Every other number is invented, with
plausible national levels and trends. Same seed, same files, byte for byte.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent
KOLADA_FILE = DATA_DIR / "real" / "kolada_didreport_kpis_stockholm_county_2010_2024.csv"
CRIME_TYPES_FILE = DATA_DIR / "metadata" / "crime_types.csv"
BRA_REGION_FILE = DATA_DIR / "real" / "bra_solwebb_region_ids_municipalities.csv"
# Seed of every random draw: Vaxholm's municipality code.
SEED = 187
YEARS = range(2010, 2025)
# The last generated year is marked preliminary, as Brå's newest year is.
PRELIMINARY_YEAR = 2024

# Approximate inhabitants in 2023 and yearly growth: example values, not SCB figures.
COUNTY_POPULATION_2023 = {
    "0114": ("Upplands Väsby", 48_000, 0.015),
    "0115": ("Vallentuna", 34_500, 0.016),
    "0117": ("Österåker", 48_000, 0.015),
    "0120": ("Värmdö", 47_000, 0.017),
    "0123": ("Järfälla", 85_000, 0.017),
    "0125": ("Ekerö", 29_000, 0.012),
    "0126": ("Huddinge", 115_000, 0.014),
    "0127": ("Botkyrka", 97_000, 0.011),
    "0128": ("Salem", 17_500, 0.008),
    "0136": ("Haninge", 97_000, 0.015),
    "0138": ("Tyresö", 49_000, 0.010),
    "0139": ("Upplands-Bro", 31_000, 0.020),
    "0140": ("Nykvarn", 11_500, 0.014),
    "0160": ("Täby", 75_000, 0.012),
    "0162": ("Danderyd", 33_000, 0.003),
    "0163": ("Sollentuna", 75_000, 0.014),
    "0180": ("Stockholm", 985_000, 0.011),
    "0181": ("Södertälje", 101_000, 0.012),
    "0182": ("Nacka", 108_000, 0.018),
    "0183": ("Sundbyberg", 54_000, 0.025),
    "0184": ("Solna", 85_000, 0.020),
    "0186": ("Lidingö", 48_000, 0.008),
    "0187": ("Vaxholm", 12_300, 0.011),
    "0188": ("Norrtälje", 63_000, 0.010),
    "0191": ("Sigtuna", 50_000, 0.012),
    "0192": ("Nynäshamn", 29_000, 0.008),
}
RIKET_POPULATION_2023, RIKET_GROWTH = 10_550_000, 0.008

# Leaf crime types: national rate per 100 000 in 2015 and yearly relative trend (invented).
LEAF_RATES = {
    "mord_drap": (4, 0.0),
    "misshandel": (900, -0.01),
    "olaga_hot": (700, 0.01),
    "ofredande": (350, 0.01),
    "valdtakt": (90, 0.02),
    "sexuellt_ofredande": (80, 0.02),
    "sexualbrott_other": (60, 0.02),
    "bb_person_other": (446, 0.0),
    "bostadsinbrott": (230, -0.07),
    "inbrott_fritidshus": (40, -0.05),
    "cykelstold": (650, -0.03),
    "bilstold": (90, -0.07),
    "stold_fordon": (550, -0.06),
    "butiksstold": (600, -0.01),
    "fickstold": (100, -0.08),
    "ran": (70, -0.03),
    "stold_other": (1_640, -0.03),
    "bedrageri": (1_900, 0.06),
    "klotter": (600, -0.02),
    "skadegorelse_fordon": (350, -0.02),
    "skadegorelse_other": (950, -0.02),
    "allmanfarliga": (50, 0.0),
    "allman_ordning": (200, 0.0),
    "allman_verksamhet": (250, 0.01),
    "bb_ovriga_other": (500, 0.0),
    "narkotika_eget_bruk": (500, 0.02),
    "narkotika_innehav": (300, 0.02),
    "narkotika_overlatelse": (60, 0.03),
    "narkotika_other": (90, 0.02),
    "rattfylleri": (200, -0.01),
    "olovlig_korning": (250, -0.01),
    "trafikbrott_other": (250, -0.01),
    "vapenlagen": (40, 0.02),
    "specialstraff_other": (860, 0.0),
}
# Parent -> its children in the generated tree; "*_other" leaves are the unnamed rest. Children
# before parents, so each parent is the sum of counts already drawn.
TREE = {
    "hot_ofredande": ("olaga_hot", "ofredande"),
    "sexualbrott": ("valdtakt", "sexuellt_ofredande", "sexualbrott_other"),
    "bb_person": ("mord_drap", "misshandel", "hot_ofredande", "sexualbrott", "bb_person_other"),
    "stold": (
        "bostadsinbrott",
        "inbrott_fritidshus",
        "cykelstold",
        "bilstold",
        "stold_fordon",
        "butiksstold",
        "fickstold",
        "ran",
        "stold_other",
    ),
    "skadegorelse": ("klotter", "skadegorelse_fordon", "skadegorelse_other"),
    "bb_formogenhet": ("stold", "bedrageri", "skadegorelse"),
    "bb_ovriga": ("allmanfarliga", "allman_ordning", "allman_verksamhet", "bb_ovriga_other"),
    "bb": ("bb_person", "bb_formogenhet", "bb_ovriga"),
    "narkotika": (
        "narkotika_eget_bruk",
        "narkotika_innehav",
        "narkotika_overlatelse",
        "narkotika_other",
    ),
    "trafikbrott": ("rattfylleri", "olovlig_korning", "trafikbrott_other"),
    "specialstraff": ("narkotika", "trafikbrott", "vapenlagen", "specialstraff_other"),
    "totalt": ("bb", "specialstraff"),
}
# Crime types whose total follows a real Kolada KPI.
KOLADA_ANCHORS = {"stold": "U07417", "skadegorelse": "U07452"}


@dataclass(frozen=True)
class ExampleFiles:
    population: Path
    crime: Path


def example_population() -> pd.DataFrame:
    """Example population: columns municipality_code, name, year, population."""
    rows = []
    for code, (name, size_2023, growth) in COUNTY_POPULATION_2023.items():
        for year in YEARS:
            rows.append((code, name, year, round(size_2023 * (1 + growth) ** (year - 2023))))
    frame = pd.DataFrame(rows, columns=["municipality_code", "name", "year", "population"])
    county = frame.groupby("year", as_index=False)["population"].sum()
    county = county.assign(municipality_code="0001", name="Stockholms län")
    riket = pd.DataFrame(
        {
            "municipality_code": "0000",
            "name": "Riket",
            "year": list(YEARS),
            "population": [
                round(RIKET_POPULATION_2023 * (1 + RIKET_GROWTH) ** (y - 2023)) for y in YEARS
            ],
        }
    )
    return pd.concat([frame, county, riket], ignore_index=True)


def example_crime_counts(population: pd.DataFrame) -> pd.DataFrame:
    """Example reported crimes: municipality_code, year, crime_code, count (whole tree)."""
    rng = np.random.default_rng(SEED)
    kolada = pd.read_csv(KOLADA_FILE, dtype={"municipality_id": str})
    kolada = kolada[(kolada["gender"] == "T") & kolada["kpi"].isin(KOLADA_ANCHORS.values())]
    anchor = kolada.set_index(["kpi", "municipality_id", "year"])["value"].dropna()
    theft_2019 = kolada[(kolada["kpi"] == "U07417") & (kolada["year"] == 2019)]
    level = theft_2019.set_index("municipality_id")["value"]
    level = (level / level.median()) ** 0.7  # crime in general follows the theft level

    sizes = population.set_index(["municipality_code", "year"])["population"]
    rows = []
    municipalities = [*COUNTY_POPULATION_2023, "0000"]
    for code in municipalities:
        factor = 1.0 if code == "0000" else float(level.get(code, 1.0))
        for year in YEARS:
            inhabitants = sizes[(code, year)]
            counts: dict[str, int] = {}
            for leaf, (rate_2015, trend) in LEAF_RATES.items():
                expected = rate_2015 * factor * (1 + trend) ** (year - 2015) * inhabitants / 1e5
                counts[leaf] = int(rng.poisson(expected))
            for parent, kpi in KOLADA_ANCHORS.items():
                known_years = [
                    y for y in range(year, min(YEARS) - 1, -1) if (kpi, code, y) in anchor.index
                ]
                if not known_years:
                    continue
                expected = anchor[(kpi, code, known_years[0])] * inhabitants / 1e5
                # The real count where Kolada has the year; later years continue its level.
                total = round(expected) if known_years[0] == year else int(rng.poisson(expected))
                _rescale_children(counts, TREE[parent], total, rng)
            for parent, children in TREE.items():
                counts[parent] = sum(counts[child] for child in children)
            rows.extend(
                (code, year, crime, count)
                for crime, count in counts.items()
                if not crime.endswith("_other")
            )
    frame = pd.DataFrame(rows, columns=["municipality_code", "year", "crime_code", "count"])
    county = (
        frame[frame["municipality_code"] != "0000"]
        .groupby(["year", "crime_code"], as_index=False)["count"]
        .sum()
        .assign(municipality_code="0001")
    )
    return pd.concat([frame, county], ignore_index=True)


def _rescale_children(
    counts: dict[str, int], children: tuple[str, ...], total: int, rng: np.random.Generator
) -> None:
    """Split `total` over `children` in proportion to their generated counts (multinomial)."""
    weights = np.array([counts[child] for child in children], dtype=float) + 1.0
    split = rng.multinomial(total, weights / weights.sum())
    for child, count in zip(children, split, strict=True):
        counts[child] = int(count)


def write_example_files(folder: Path) -> ExampleFiles:
    """Write the example population (PxWeb CSV) and crime counts (Brå long CSV) to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    population = example_population()
    population_path = folder / "exempeldata_folkmangd_scb_pxweb.csv"
    wide = population.pivot(
        index=["municipality_code", "name"], columns="year", values="population"
    )
    with open(population_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        writer.writerow(["Folkmängd efter region och år (EXEMPELDATA, inte SCB:s siffror)"])
        writer.writerow([])
        writer.writerow(["region", *[str(year) for year in wide.columns]])
        for (code, name), values in wide.iterrows():
            label = code[2:] if code in ("0000", "0001") else code
            writer.writerow([f"{label} {name}", *[int(value) for value in values]])

    crime = example_crime_counts(population)
    crime_types = pd.read_csv(CRIME_TYPES_FILE, dtype=str, keep_default_na=False)
    names = dict(zip(crime_types["crime_code"], crime_types["name_sv"], strict=True))
    parents = dict(zip(crime_types["crime_code"], crime_types["parent_code"], strict=True))
    bra_regions = pd.read_csv(BRA_REGION_FILE, dtype=str).set_index("Kommun")
    sizes = population.set_index(["municipality_code", "year"])["population"]
    order = {code: index for index, code in enumerate(crime_types["crime_code"])}
    crime = crime.assign(order=crime["crime_code"].map(order)).sort_values(
        ["municipality_code", "year", "order"]
    )
    crime_path = folder / "exempeldata_bra_anmalda_brott_lang.csv"
    with open(crime_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "År",
                "Period",
                "Region_ID",
                "Region",
                "Brottstyp",
                "Nivå",
                "Antal",
                "Per 100 000 inv.",
                "Status",
            ]
        )
        # Looked up once per municipality and year, not per row (pandas .loc per row cost
        # most of the build's time).
        regions = {code: _region(code, bra_regions) for code in crime["municipality_code"].unique()}
        inhabitants = sizes.to_dict()
        paths = {code: _path(code, names, parents) for code in names}
        for row in crime.itertuples(index=False):
            region, region_id = regions[row.municipality_code]
            rate = row.count / inhabitants[(row.municipality_code, row.year)] * 1e5
            writer.writerow(
                [
                    row.year,
                    "Helår",
                    region_id,
                    region,
                    names[row.crime_code],
                    paths[row.crime_code],
                    row.count,
                    f"{rate:.1f}".replace(".", ","),
                    "Preliminär" if row.year == PRELIMINARY_YEAR else "Slutlig",
                ]
            )
    return ExampleFiles(population_path, crime_path)


def _region(code: str, bra_regions: pd.DataFrame) -> tuple[str, str]:
    """Brå's own region name and id ("Vaxholm kommun", 8541); the aggregates have no id."""
    if code == "0000":
        return "Riket", ""
    if code == "0001":
        return "Stockholms län", ""
    region = bra_regions.loc[COUNTY_POPULATION_2023[code][0]]
    return region["Region_BRÅ"], region["Region_ID"]


def _path(code: str, names: dict[str, str], parents: dict[str, str]) -> str:
    chain = []
    while code:
        chain.append(names[code])
        code = parents[code]
    return " > ".join(reversed(chain))
