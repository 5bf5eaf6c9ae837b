"""Seeded, deterministic national-scale test data in the real sources' shapes (not statistics).

    python bench/national.py OUTDIR [--scale national|small]

Writes files that the project's own importers accept (`python -m data import KIND FILE`), for
every municipality of data/real/kolada_municipality_list_2023-03-28.csv (290 kommuner, the 21
regions and Riket), so the pages and imports can be timed at national scale:

- population: SCB PxWeb CSV (as data/example.py writes it), every municipality, county, Riket;
- bra: Brå's statistics-database long format (År;Period;Region_ID;Region;Brottstyp;Nivå;Antal;
  Per 100 000 inv.;Status), 290 municipalities x 15 years x every crime type of
  data/metadata/crime_types.csv (38 types named as in Brå's statistics), plus county and Riket
  sums; the last year preliminary;
- kolada: the flat CSV (kpi,municipality_id,...) with the bundled file's 23 KPIs and genders
  for every municipality, region and Riket; about 1 % Missing;
- survey: a safety-survey result table (Swedish headers, `;`, decimal comma). The survey
  importer only knows the areas in data/importers/survey.py AREAS (Vaxholm, its districts, the
  other municipalities of LPO Södra Roslagen, police area and region, county, Riket), so the
  table covers those areas only: a result for another municipality would be refused;
- stockholmsenkaten results: indikator;kommunkod;år;årskurs;kön;andel;antal for every
  municipality, wave (even years), grade and sex;
- stockholmsenkaten pupils: about 200 000 pupil-level answers (ID;ar;Hemkommun;ARSKURS;F2 and the
  index and outcome items of the 2024 codebook), one CSV per wave as the survey delivers them;
- est: 1 000 000 EST reports over five years (2021-2025) in Vaxholm's areas, places and
  categories (EST is one municipality's own system; its lists cover Vaxholm), one CSV per year
  as an export would be cut, in the example export's shape (BOM, `;`, CRLF).

Same seed and scale, same files, byte for byte. Every number is invented.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data import example, example_est, example_youth
from data.est_catalog import load_catalog
from data.importers.bra import COUNTY_CODES
from data.importers.stockholmsenkaten import read_codebook
from data.importers.survey import AREAS

SEED = 2026
MUNICIPALITY_FILE = ROOT / "data" / "real" / "kolada_municipality_list_2023-03-28.csv"
BRA_REGION_FILE = ROOT / "data" / "real" / "bra_solwebb_region_ids_municipalities.csv"
KOLADA_FILE = ROOT / "data" / "real" / "kolada_didreport_kpis_stockholm_county_2010_2024.csv"
METADATA_DIR = ROOT / "data" / "metadata"
LAST_YEAR = 2024
VAXHOLM = "0187"
SURVEYS = {
    "polisen_trygghetsmatning": "trygghetsmatning",
    "lansstyrelsen_medborgarundersokning": "medborgarundersokning",
    "bra_ntu": "ntu",
}
SURVEY_GROUPS = ("alla", "kvinnor", "män", "16–29 år", "30–64 år", "65–85 år")
EST_FIRST_DAY = dt.date(2021, 1, 1)
EST_HEADER = example_est.EST_HEADER


@dataclass(frozen=True)
class Scale:
    """How much to generate. municipalities=None means all 290."""

    municipalities: int | None = None
    years: int = 15
    pupils: int = 200_000
    est_reports: int = 1_000_000
    est_years: int = 5


SCALES = {
    "national": Scale(),
    # A test-sized run: Vaxholm and two more municipalities, two years.
    "small": Scale(municipalities=3, years=2, pupils=300, est_reports=400, est_years=1),
}


@dataclass
class NationalFiles:
    """Generated files as (kind, path) in import order."""

    files: list[tuple[str, Path]] = field(default_factory=list)

    def add(self, kind: str, path: Path) -> Path:
        self.files.append((kind, path))
        return path


def _scale(scale: str | Scale) -> Scale:
    return SCALES[scale] if isinstance(scale, str) else scale


def municipalities(scale: Scale) -> pd.DataFrame:
    """The kommuner to generate: code, name, county_code, population_2024 (seeded)."""
    listing = pd.read_csv(MUNICIPALITY_FILE, dtype=str, keep_default_na=False)
    kommuner = listing[listing["type"] == "K"].sort_values("id")
    if scale.municipalities is not None:
        others = kommuner[kommuner["id"] != VAXHOLM].head(scale.municipalities - 1)
        kommuner = pd.concat([kommuner[kommuner["id"] == VAXHOLM], others]).sort_values("id")
    rng = np.random.default_rng(SEED)
    # Swedish municipalities: median about 16 000 inhabitants, a long tail up to a million.
    sizes = np.round(np.exp(rng.normal(np.log(16_000), 0.9, len(kommuner)))).astype(int)
    return pd.DataFrame(
        {
            "code": kommuner["id"].to_numpy(),
            "name": kommuner["title"].to_numpy(),
            "county_code": ["00" + code[:2] for code in kommuner["id"]],
            "population_2024": np.clip(sizes, 2_500, 1_000_000),
        }
    )


def _years(scale: Scale) -> list[int]:
    return list(range(LAST_YEAR - scale.years + 1, LAST_YEAR + 1))


def _regions() -> dict[str, str]:
    """Region code (0001..0025, 0000) -> Kolada's name."""
    listing = pd.read_csv(MUNICIPALITY_FILE, dtype=str, keep_default_na=False)
    regions = listing[listing["type"] == "L"]
    return dict(zip(regions["id"], regions["title"], strict=True))


def population_table(scale: Scale) -> pd.DataFrame:
    """code, name, year, population for the kommuner, their counties and Riket."""
    places = municipalities(scale)
    rng = np.random.default_rng(SEED + 1)
    growth = rng.normal(0.006, 0.008, len(places))
    rows = []
    for year in _years(scale):
        sizes = np.round(places["population_2024"] * (1 + growth) ** (year - LAST_YEAR))
        rows.append(places.assign(year=year, population=sizes.astype(int)))
    frame = pd.concat(rows, ignore_index=True)
    county_names = {code: name for name, code in COUNTY_CODES.items()}
    counties = (
        frame.groupby(["county_code", "year"], as_index=False)["population"]
        .sum()
        .rename(columns={"county_code": "code"})
    )
    counties["name"] = counties["code"].map(lambda code: county_names[code].capitalize())
    riket = frame.groupby("year", as_index=False)["population"].sum().assign(code="0000")
    riket["name"] = "Riket"
    columns = ["code", "name", "year", "population"]
    return pd.concat([frame[columns], counties[columns], riket[columns]], ignore_index=True)


def write_population(folder: Path, scale: Scale) -> Path:
    population = population_table(scale)
    wide = population.pivot(index=["code", "name"], columns="year", values="population")
    path = folder / "national_folkmangd_scb_pxweb.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        writer.writerow(["Folkmängd efter region och år (TESTDATA i nationell skala)"])
        writer.writerow([])
        writer.writerow(["region", *[str(year) for year in wide.columns]])
        for (code, name), values in wide.iterrows():
            label = code.removeprefix("00")
            writer.writerow([f"{label} {name}", *[int(value) for value in values]])
    return path


def crime_table(scale: Scale) -> pd.DataFrame:
    """code, year, crime_code, count for every kommun, county and Riket (whole type tree)."""
    population = population_table(scale)
    kommuner = population[~population["code"].str.startswith("00")]
    rng = np.random.default_rng(SEED + 2)
    leaves = list(example.LEAF_RATES)
    level = np.exp(rng.normal(0, 0.35, kommuner["code"].nunique()))
    level = dict(zip(sorted(kommuner["code"].unique()), level, strict=True))
    factor = kommuner["code"].map(level).to_numpy()[:, None]
    rate = np.array([example.LEAF_RATES[leaf][0] for leaf in leaves])[None, :]
    trend = np.array([example.LEAF_RATES[leaf][1] for leaf in leaves])[None, :]
    years = kommuner["year"].to_numpy()[:, None]
    expected = rate * factor * (1 + trend) ** (years - 2015) * kommuner[["population"]].to_numpy()
    counts = pd.DataFrame(rng.poisson(expected / 1e5), columns=leaves, index=kommuner.index)
    for parent, children in example.TREE.items():
        counts[parent] = counts[list(children)].sum(axis=1)
    known = pd.read_csv(METADATA_DIR / "crime_types.csv", dtype=str)["crime_code"].tolist()
    wide = pd.concat([kommuner[["code", "year"]], counts[known]], axis=1)
    county = kommuner["code"].map(lambda code: "00" + code[:2])
    counties = wide.drop(columns="code").groupby([county, "year"]).sum().reset_index()
    counties = counties.rename(columns={"level_0": "code"})
    riket = wide.drop(columns="code").groupby("year").sum().reset_index().assign(code="0000")
    wide = pd.concat([wide, counties, riket], ignore_index=True)
    long = wide.melt(id_vars=["code", "year"], var_name="crime_code", value_name="count")
    order = {code: index for index, code in enumerate(known)}
    long["order"] = long["crime_code"].map(order)
    return long.sort_values(["code", "year", "order"]).drop(columns="order")


def write_bra(folder: Path, scale: Scale) -> Path:
    crime = crime_table(scale)
    table = population_table(scale)
    population = table.set_index(["code", "year"])["population"]
    names = table.drop_duplicates("code").set_index("code")["name"]
    types = pd.read_csv(METADATA_DIR / "crime_types.csv", dtype=str, keep_default_na=False)
    type_names = dict(zip(types["crime_code"], types["name_sv"], strict=True))
    parents = dict(zip(types["crime_code"], types["parent_code"], strict=True))
    paths = {code: example._path(code, type_names, parents) for code in type_names}
    # The list names Heby twice (8556 and 8608); the catalogue keeps the last, as here.
    bra = pd.read_csv(BRA_REGION_FILE, dtype=str).drop_duplicates("Kommun", keep="last")
    bra = bra.set_index("Kommun")
    path = folder / "national_bra_anmalda_brott_lang.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            ["År", "Period", "Region_ID", "Region", "Brottstyp", "Nivå", "Antal"]
            + ["Per 100 000 inv.", "Status"]
        )
        for code, year, crime_code, count in crime.itertuples(index=False):
            region, region_id = _bra_region(code, names[code], bra)
            rate = count / population[(code, year)] * 1e5
            writer.writerow(
                [
                    year,
                    "Helår",
                    region_id,
                    region,
                    type_names[crime_code],
                    paths[crime_code],
                    count,
                    f"{rate:.1f}".replace(".", ","),
                    "Preliminär" if year == LAST_YEAR else "Slutlig",
                ]
            )
    return path


def _bra_region(code: str, name: str, bra: pd.DataFrame) -> tuple[str, str]:
    """Brå's region name and id; counties and Riket by name only."""
    if code.startswith("00"):
        return name, ""
    if name in bra.index:
        return bra.loc[name, "Region_BRÅ"], bra.loc[name, "Region_ID"]
    return f"{name} kommun", ""


def write_kolada(folder: Path, scale: Scale) -> Path:
    """The bundled file's KPIs and genders for every municipality, region and Riket."""
    real = pd.read_csv(KOLADA_FILE, dtype={"municipality_id": str})
    genders = real.groupby("kpi")["gender"].unique().map(sorted)
    spread = real[real["gender"] == "T"].groupby("kpi")["value"].agg(["median", "std", "max"])
    places = municipalities(scale)
    areas = [(code, name, "K") for code, name in zip(places["code"], places["name"], strict=True)]
    counties = sorted(set(places["county_code"]))
    regions = _regions()
    areas += [(code, regions[code], "L") for code in ["0000", *counties]]
    # A share never goes above 100 % (the importer refuses it, as it should).
    units = pd.read_csv(ROOT / "data" / "metadata" / "indicators.csv").set_index("indicator_id")[
        "unit"
    ]
    rng = np.random.default_rng(SEED + 3)
    years = np.array(_years(scale))
    rows = []
    for kpi in sorted(genders.index):
        median, std, top = spread.loc[kpi]
        ceiling = min(top * 1.5, 100.0) if units.get(kpi) == "percent" else top * 1.5
        std = std if np.isfinite(std) and std > 0 else max(abs(median) * 0.2, 1.0)
        for code, name, kind in areas:
            level = median + rng.normal(0, std)
            path = level + np.cumsum(rng.normal(0, std * 0.05, len(years)))
            for gender in genders[kpi]:
                values = path * (1 + rng.normal(0, 0.05)) if gender != "T" else path
                missing = rng.random(len(years)) < 0.01
                for year, value, gap in zip(years, values, missing, strict=True):
                    value = float(np.clip(value, 0, ceiling))
                    status = "Missing" if gap else ""
                    text = "" if gap else f"{value:.8g}"
                    rows.append((kpi, code, name, kind, year, gender, text, status, 1))
    path = folder / "national_kolada_kpis.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["kpi", "municipality_id", "municipality", "municipality_type", "year", "gender"]
            + ["value", "status", "count"]
        )
        writer.writerows(rows)
    return path


def write_survey(folder: Path, scale: Scale) -> Path:
    """Police, Länsstyrelsen and NTU result rows for the survey importer's known areas."""
    indicators = pd.read_csv(METADATA_DIR / "indicators.csv", dtype=str)
    indicators = indicators[indicators["source_id"].isin(SURVEYS)]
    rng = np.random.default_rng(SEED + 4)
    path = folder / "national_trygghetsundersokningar_resultat.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            ["undersökning", "indikator", "område", "år", "grupp", "andel", "n"]
            + ["ki_nedre", "ki_övre"]
        )
        for indicator in indicators.itertuples():
            for area in AREAS:
                level = rng.uniform(5, 90)
                for year in _years(scale):
                    for group in SURVEY_GROUPS:
                        n = int(rng.integers(30, 2_000))
                        share = 100 * rng.binomial(n, level / 100) / n
                        writer.writerow(
                            [
                                SURVEYS[indicator.source_id],
                                indicator.indicator_id,
                                area,
                                year,
                                group,
                                f"{share:.1f}".replace(".", ","),
                                n,
                                "",
                                "",
                            ]
                        )
    return path


def _waves(scale: Scale) -> list[int]:
    return [year for year in _years(scale) if year % 2 == 0]


def write_youth_results(folder: Path, scale: Scale) -> Path:
    indicators = pd.read_csv(METADATA_DIR / "indicators.csv", dtype=str)
    outcomes = sorted(
        set(pd.read_csv(METADATA_DIR / "stockholmsenkaten_outcome_items.csv")["indicator_id"])
        & set(indicators["indicator_id"])
    )
    places = municipalities(scale)
    rng = np.random.default_rng(SEED + 5)
    path = folder / "national_stockholmsenkaten_resultat.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(["indikator", "kommunkod", "år", "årskurs", "kön", "andel", "antal"])
        for indicator in outcomes:
            for code, size in zip(places["code"], places["population_2024"], strict=True):
                level = rng.uniform(3, 60)
                for wave in _waves(scale):
                    for grade in ("ak9", "gy2"):
                        total = max(int(size * 0.011 * rng.uniform(0.6, 0.9)), 10)
                        for sex, n in (("alla", total), ("flickor", total // 2)):
                            share = 100 * rng.binomial(n, level / 100) / n
                            writer.writerow([indicator, code, wave, grade, sex, f"{share:.1f}", n])
                        n = total - total // 2
                        share = 100 * rng.binomial(n, level / 100) / n
                        writer.writerow([indicator, code, wave, grade, "pojkar", f"{share:.1f}", n])
    return path


def _pupil_items() -> list[str]:
    index = pd.read_csv(METADATA_DIR / "stockholmsenkaten_index_items.csv")["item_id"]
    outcome = pd.read_csv(METADATA_DIR / "stockholmsenkaten_outcome_items.csv")["item_id"]
    order = list(read_codebook().items)
    return sorted(set(index) | set(outcome), key=order.index)


def write_pupils(folder: Path, scale: Scale) -> list[Path]:
    """About `scale.pupils` pupils over the waves, spread by municipality size."""
    codebook = read_codebook()
    items = _pupil_items()
    places = municipalities(scale)
    waves = _waves(scale)
    rng = np.random.default_rng(SEED + 6)
    weights = places["population_2024"].to_numpy(dtype=float)
    paths = []
    per_wave = scale.pupils // len(waves)
    for wave in waves:
        counts = rng.multinomial(per_wave, weights / weights.sum())
        codes = np.repeat(places["code"].to_numpy(), counts)
        n = len(codes)
        columns: dict[str, np.ndarray] = {
            "ID": np.array([f"N{wave}-{number:06d}" for number in range(1, n + 1)]),
            "ar": np.full(n, wave),
            "Hemkommun": codes,
            "ARSKURS": rng.choice([9, 2], n),
            "F2": rng.choice([1, 2, 3, 999], n, p=[0.49, 0.49, 0.01, 0.01]),
        }
        for item_id in items:
            if wave < example_youth.FIRST_WAVE.get(item_id, 0):
                continue
            item = codebook.items[item_id]
            answers = sorted(item.answer_codes) or list(range(11))
            drawn = rng.choice(answers, n)
            blank = rng.random(n) < 0.02
            columns[item_id] = np.where(blank, 999, drawn)
        path = folder / f"national_stockholmsenkaten_elevsvar_{wave}.csv"
        pd.DataFrame(columns).to_csv(path, sep=";", index=False, lineterminator="\n")
        paths.append(path)
    return paths


def write_est(folder: Path, scale: Scale) -> list[Path]:
    """`scale.est_reports` reports over `scale.est_years` years, one file per year."""
    lists = load_catalog()
    rng = np.random.default_rng(SEED + 7)
    areas = list(example_est.AREA_SHARE)
    area_p = np.array([example_est.AREA_SHARE[area] for area in areas])
    categories = list(example_est.CATEGORY_WEEKLY_RATE)
    category_p = np.array([example_est.CATEGORY_WEEKLY_RATE[c] for c in categories])
    area_names = dict(zip(lists.areas["area_id"], lists.areas["name_sv"], strict=True))
    category_names = dict(
        zip(lists.categories["category_id"], lists.categories["name_sv"], strict=True)
    )
    organisation_names = dict(
        zip(lists.organisations["organisation_id"], lists.organisations["name_sv"], strict=True)
    )
    places: dict[str, list[str]] = {}
    for row in lists.places.itertuples():
        places.setdefault(row.area_id, []).append(row.name)
    last_day = dt.date(EST_FIRST_DAY.year + scale.est_years - 1, 12, 31)
    days = [
        EST_FIRST_DAY + dt.timedelta(days=n) for n in range((last_day - EST_FIRST_DAY).days + 1)
    ]
    # Summer and weekends carry more reports.
    season = np.array(
        [1 + 0.4 * np.cos(2 * np.pi * (d.timetuple().tm_yday - 190) / 365.25) for d in days]
    )
    season *= np.array([1.4 if d.weekday() >= 4 else 1.0 for d in days])
    n = scale.est_reports
    day_index = np.sort(rng.choice(len(days), n, p=season / season.sum()))
    area_index = rng.choice(len(areas), n, p=area_p / area_p.sum())
    category_index = rng.choice(len(categories), n, p=category_p / category_p.sum())
    has_time = rng.random(n) < 0.9
    minute = rng.integers(0, 60, n)
    place_draw = rng.random(n)
    place_pick = rng.integers(0, 1_000, n)
    text_pick = rng.integers(0, 3, n)
    hour = np.zeros(n, dtype=int)
    organisation = np.empty(n, dtype=object)
    severity = np.zeros(n, dtype=int)
    for c, category in enumerate(categories):
        chosen = category_index == c
        k = int(chosen.sum())
        weights = example_est.HOURS[category]
        hour[chosen] = rng.choice(24, k, p=weights / weights.sum())
        orgs = example_est.ORGANISATIONS[category]
        org_p = np.array(list(orgs.values()), dtype=float)
        organisation[chosen] = np.array(list(orgs))[rng.choice(len(orgs), k, p=org_p / org_p.sum())]
        levels = example_est.SEVERITY.get(category, example_est.DEFAULT_SEVERITY)
        severity[chosen] = rng.choice(3, k, p=levels) + 1
    day_text = [d.isoformat() for d in days]
    day_week = [str(d.isocalendar()[1]) for d in days]
    rows_by_year: dict[int, list[tuple[str, ...]]] = {}
    for i in range(n):
        day = days[day_index[i]]
        area = areas[area_index[i]]
        category = categories[category_index[i]]
        options = places.get(area, [])
        if place_draw[i] < 0.12 or not options:
            place = ""
        elif place_draw[i] < 0.17:
            place = example_est.OTHER_PLACES[place_pick[i] % len(example_est.OTHER_PLACES)]
        else:
            place = options[place_pick[i] % len(options)]
        text = example_est.DESCRIPTIONS[category][text_pick[i]].format(
            place=place or area_names[area]
        )
        rows_by_year.setdefault(day.year, []).append(
            (
                f"NAT-{day.year}-{i + 1:07d}",
                day_text[day_index[i]],
                f"{hour[i]:02d}:{minute[i]:02d}" if has_time[i] else "",
                day_week[day_index[i]],
                area_names[area],
                place,
                category_names[category],
                organisation_names[organisation[i]],
                str(severity[i]),
                text,
            )
        )
    paths = []
    for year, rows in sorted(rows_by_year.items()):
        path = folder / f"national_est_handelser_{year}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            writer.writerow(EST_HEADER)
            writer.writerows(rows)
        paths.append(path)
    return paths


def generate(folder: str | Path, scale: str | Scale = "national") -> NationalFiles:
    """Write every national-scale file to `folder`; return them as (kind, path) in import
    order (population before Brå so that rates have their denominators)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scale = _scale(scale)
    files = NationalFiles()
    files.add("population", write_population(folder, scale))
    files.add("bra", write_bra(folder, scale))
    files.add("kolada", write_kolada(folder, scale))
    files.add("survey", write_survey(folder, scale))
    files.add("stockholmsenkaten", write_youth_results(folder, scale))
    for path in write_pupils(folder, scale):
        files.add("stockholmsenkaten", path)
    for path in write_est(folder, scale):
        files.add("est", path)
    return files


# File name prefix -> kind, in import order (as generate() writes them).
FILE_KINDS = (
    ("national_folkmangd_", "population"),
    ("national_bra_", "bra"),
    ("national_kolada_", "kolada"),
    ("national_trygghetsundersokningar_", "survey"),
    ("national_stockholmsenkaten_resultat", "stockholmsenkaten"),
    ("national_stockholmsenkaten_elevsvar_", "stockholmsenkaten"),
    ("national_est_", "est"),
)


def list_files(folder: str | Path) -> NationalFiles:
    """The files generate() wrote to `folder`, as (kind, path) in import order."""
    files = NationalFiles()
    for prefix, kind in FILE_KINDS:
        for path in sorted(Path(folder).glob(f"{prefix}*.csv")):
            files.add(kind, path)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--scale", choices=sorted(SCALES), default="national")
    args = parser.parse_args(argv)
    files = generate(args.outdir, args.scale)
    for kind, path in files.files:
        print(f"{kind}\t{path}\t{path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
