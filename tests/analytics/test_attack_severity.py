"""Lägesbild's hotspot list shows each listed place's mean severity. Over all categories it is a
weighted sum of the place's category counts: where categories differ in the severities they
can have (in the example data graffiti and littering are never 3), it splits the place's shown
total between its hidden category counts (with graffiti always 1 and fire always 3, a place
with 7 reports, mean 2.4, one hidden graffiti count and one hidden fire count has 2 and 5).

The attacker sees one block's published place x category table (analytics.suppression
.published_entries: cells, each place's total, each category's total, the area's total) and the
mean severity (one decimal) of every listed place over all categories, each category having one
fixed severity, and solves for every hidden count of 1-4 (tests/attacker.py). A mean severity
beside every listed place (the old page) pins hidden counts; shown only where the place's every
category is shown (analytics.suppression.rows_fully_shown) it pins none."""

import numpy as np
import pandas as pd

from analytics.suppression import (
    SMALL_COUNT_MAX,
    TOTAL,
    published_entries,
    rows_fully_shown,
)
from tests.attacker import Attacker

PLACES, CATEGORIES = 6, 3
# Each category's one severity (e.g. graffiti, fire, vandalism).
SEVERITY = np.array([1.0, 3.0, 2.0])


def block_counts(seed: int) -> np.ndarray:
    """A block's reports per place x category: many 1-4, some larger, some empty."""
    rng = np.random.default_rng(seed)
    rates = rng.choice([0.0, 1.5, 3.0, 8.0], size=(PLACES, CATEGORIES), p=[0.15, 0.35, 0.3, 0.2])
    return rng.poisson(rates)


def attack_severity(seed: int, *, every_place: bool) -> tuple[int, int]:
    """(hidden counts of 1-4 pinned, hidden counts of 1-4) for one seeded block.
    every_place: the mean severity is shown beside every listed place (the old page)."""
    counts = block_counts(seed)
    rows = [k for k in range(PLACES) if counts[k].sum() > 0]
    table = pd.DataFrame(counts[rows], index=rows, columns=range(CATEGORIES))
    entries = published_entries(table)
    attacker = Attacker(PLACES * CATEGORIES)

    def cells(row, column) -> list[int]:
        places = rows if row == TOTAL else [row]
        categories = range(CATEGORIES) if column == TOTAL else [column]
        return [p * CATEGORIES + c for p in places for c in categories]

    targets = []
    for entry in entries.itertuples():
        attacker.see(cells(entry.row, entry.column), entry.count, entry.how)
        if entry.how and 1 <= entry.count <= SMALL_COUNT_MAX:
            targets.append(cells(entry.row, entry.column))
    whole = rows_fully_shown(entries)
    listed = entries[(entries["column"] == TOTAL) & (entries["row"] != TOTAL)]
    for entry in listed.itertuples():
        if entry.how or entry.count == 0:
            continue
        if not every_place and (entry.group, entry.row) not in whole:
            continue
        mean = round(float((counts[entry.row] * SEVERITY).sum()) / entry.count, 1)
        middle, slack = mean * entry.count, 0.05 * entry.count + 1e-9
        attacker.at_most(cells(entry.row, TOTAL), middle + slack, SEVERITY)
        attacker.at_most(cells(entry.row, TOTAL), -(middle - slack), -SEVERITY)
    return sum(attacker.pinned(index) for index in targets), len(targets)


SEEDS = range(1, 21)


def test_no_hidden_count_is_pinned_by_the_mean_severity():
    results = [attack_severity(seed, every_place=False) for seed in SEEDS]
    assert sum(targets for _, targets in results) > 40
    assert sum(pinned for pinned, _ in results) == 0, results


def test_a_mean_severity_beside_every_place_pinned_hidden_counts():
    results = [attack_severity(seed, every_place=True) for seed in SEEDS]
    assert sum(pinned for pinned, _ in results) > 0, results
