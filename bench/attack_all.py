"""The public as one attacker over every page it can see: how many hidden counts each page's
public views let it work out exactly (pinned), by linear programming over everything shown
(tests/attacker.py) or, for the survey pages, by trying every count a hidden cell could hold.

Pages and data:
- lagesbild: the weekly published tables of every week plus the hotspot views of every week,
  period, area and category (fixed 13-week blocks), seeded synthetic reports in the real
  import's shape (tests/analytics/test_suppression_periods.py);
- brottsutveckling: every municipality, crime type and year at once, with the county row and
  the crime type tree (tests/analytics/test_attack_crime.py): the bundled example Brå counts
  (data.example, the whole tree for Stockholm county and Riket) and seeded synthetic counts;
- trygghet: every shown total with its shown parts of the bundled example Trygghetsmätning.
Prints `attack.<page>.pinned<TAB>N<TAB>of M<TAB>data` per page and data, the page's sum
(data 'all') and the total.

Not attacked here (see the report): the Lägesbild weekday x time grid with severities, and
Unga (grade x sex x municipality) beyond tests/analytics/test_youth_view.py.

Usage: python -m bench.attack_all [--quick]   (--quick: one seed each, no bundled Brå)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from analytics.crime_view import crime_families, suppression_mask
from bench.survey_attack import attack, published_example
from data.example import COUNTY_POPULATION_2023, example_crime_counts, example_population
from tests.analytics.test_attack_crime import FAMILIES, MEMBERS, attack_crime, synthetic_counts
from tests.analytics.test_suppression_periods import attack_places


def lagesbild(seeds) -> list[tuple[str, int, int]]:
    return [(f"synthetic seed {seed}", *attack_places(seed, old=False)) for seed in seeds]


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    seeds = (1,) if quick else (1, 2, 3)
    pages = {
        "lagesbild": lambda: lagesbild(seeds),
        "brottsutveckling": lambda: brottsutveckling(seeds, bundled=not quick),
        "trygghet": trygghet,
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
