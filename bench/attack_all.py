"""The public as one attacker over every page it can see: how many hidden counts each page's
public views let it work out exactly (pinned), by linear programming over everything shown
(tests/attacker.py) or, for the survey pages, by trying every count a hidden cell could hold.

Pages and data:
- lagesbild: the weekly published tables of every week plus the hotspot views of every week,
  period, area and category (fixed 13-week blocks), seeded synthetic reports in the real
  import's shape (tests/analytics/test_suppression_periods.py); and one block's place x
  category table with each listed place's mean severity, each category's severity fixed
  (tests/analytics/test_attack_severity.py, 20 seeded blocks);
- brottsutveckling: every municipality, crime type and year at once, with the county row and
  the crime type tree (tests/analytics/test_attack_crime.py): the bundled example Brå counts
  (data.example, the whole tree for Stockholm county and Riket) and seeded synthetic counts;
- trygghet: every shown total with its shown parts of the bundled example Trygghetsmätning;
- unga: every trend (municipality x sex, with the comparison group's pooled share), levels
  table (municipality or every pupil x sex) and response-rate line of one outcome and index
  (tests/analytics/youth_attack.py), åk 9 and gy 2 of the bundled example and åk 9 with
  Vaxholm's pupils thinned to 15-50 per wave (seeded). The database is $TRYGG_DB or
  data/trygg.duckdb, built into a temporary folder if absent.
Prints `attack.<page>.pinned<TAB>N<TAB>of M<TAB>data` per page and data, the page's sum
(data 'all') and the total.

Not attacked here (see the report): the Lägesbild weekday x time grid jointly with the places
(linked only through the block's total, which both treat as known); Unga's
profile (per wave, no outcome) and the model's n and events (pooled like the levels tables).

Usage: python -m bench.attack_all [--quick]   (--quick: one seed each, no bundled Brå)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from analytics.crime_view import crime_families, suppression_mask
from bench.survey_attack import attack, published_example
from data.example import COUNTY_POPULATION_2023, example_crime_counts, example_population
from tests.analytics.test_attack_crime import FAMILIES, MEMBERS, attack_crime, synthetic_counts
from tests.analytics.test_attack_severity import SEEDS as SEVERITY_SEEDS
from tests.analytics.test_attack_severity import attack_severity
from tests.analytics.test_suppression_periods import attack_places
from tests.analytics.youth_attack import (
    GROUP,
    INDEX,
    OUTCOME,
    attack_youth,
    database_analysis,
    results_from_pupils,
    small_municipality,
)


def lagesbild(seeds) -> list[tuple[str, int, int]]:
    results = [(f"synthetic seed {seed}", *attack_places(seed, old=False)) for seed in seeds]
    severity = [attack_severity(seed, every_place=False) for seed in SEVERITY_SEEDS]
    results.append(
        (
            f"mean severity, blocks seeds {SEVERITY_SEEDS[0]}-{SEVERITY_SEEDS[-1]}",
            sum(pinned for pinned, _ in severity),
            sum(targets for _, targets in severity),
        )
    )
    return results


def brottsutveckling(seeds, *, bundled: bool) -> list[tuple[str, int, int]]:
    results = []
    for seed in seeds:
        counts = synthetic_counts(seed)
        mask = suppression_mask(counts, member_codes=MEMBERS, families=FAMILIES)
        pinned, targets = attack_crime(
            counts, mask, member_codes=MEMBERS, families=FAMILIES, county_computed=False
        )
        results.append((f"synthetic seed {seed}", pinned, targets))
    if bundled:
        counts = example_crime_counts(example_population())
        types = pd.read_csv(Path(__file__).resolve().parents[1] / "data/metadata/crime_types.csv")
        families = crime_families(types)
        members = list(COUNTY_POPULATION_2023)
        mask = suppression_mask(counts, member_codes=members, families=families)
        pinned, targets = attack_crime(
            counts, mask, member_codes=members, families=families, county_computed=False
        )
        results.append(("bundled example Brå", pinned, targets))
    return results


def trygghet() -> list[tuple[str, int, int]]:
    return [("bundled example", *attack(published_example(), old=False, complete=False))]


def unga(seeds) -> list[tuple[str, int, int]]:
    from data import db
    from data.build import build_database

    path = db.database_path()
    with tempfile.TemporaryDirectory() as folder:
        if not path.is_file():
            path = Path(folder) / "trygg.duckdb"
            build_database(path)
        analysis = database_analysis(path)
    cases = [(f"bundled example {grade}", analysis, grade) for grade in ("ak9", "gy2")]
    cases += [
        (f"small Vaxholm seed {s} ak9", small_municipality(analysis, s), "ak9") for s in seeds
    ]
    results = []
    for name, data, grade in cases:
        pinned, targets = attack_youth(
            data,
            results_from_pupils(data, OUTCOME),
            grade=grade,
            outcome_id=OUTCOME,
            index_id=INDEX,
            group=GROUP,
        )
        results.append((name, pinned, targets))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    seeds = (1,) if quick else (1, 2, 3)
    pages = {
        "lagesbild": lambda: lagesbild(seeds),
        "brottsutveckling": lambda: brottsutveckling(seeds, bundled=not quick),
        "trygghet": trygghet,
        "unga": lambda: unga(seeds),
    }
    total_pinned = total = 0
    for page, run in pages.items():
        start = time.perf_counter()
        results = run()
        pinned, targets = sum(r[1] for r in results), sum(r[2] for r in results)
        for data, n, m in results:
            print(f"attack.{page}.pinned\t{n}\tof {m}\t{data}")
        print(
            f"attack.{page}.pinned\t{pinned}\tof {targets}\t({time.perf_counter() - start:.0f} s)"
        )
        total_pinned, total = total_pinned + pinned, total + targets
    print(f"attack.total.pinned\t{total_pinned}\tof {total}")


if __name__ == "__main__":
    main()
