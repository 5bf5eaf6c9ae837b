"""Lägesbild's weekday x time grid and its hotspot lists read the same reports of one fixed
block of weeks: the grid (time cells, all areas and categories, with the reports without a
time) and each area's place x category table (analytics.suppression.published_entries both).
Taken together, with each area's total per category given too (the weekly tables add up to
it), do they pin a hidden count that neither pins alone? The attacker's unknowns are the
block's reports per place (or no place), category and time cell; both tables and the area
totals are seen at once (tests/attacker.py). They share only the block's total, so no joint
pin is expected: any grid and any place tables with the same total are the margins of some
count table. Measured here on seeded blocks: none."""

import numpy as np
import pandas as pd

from analytics.suppression import SMALL_COUNT_MAX, TOTAL, published_entries
from tests.attacker import Attacker

AREAS = {"a": ["p1", "p2", None], "b": ["p3", None]}  # None: reports naming no place
SLOTS = [(area, place) for area, places in AREAS.items() for place in places]
CATEGORIES = 2
TIMES = 9  # eight three-hour bands of a day kept small, and "no time"
SEEDS = range(1, 9)


def block(seed: int) -> np.ndarray:
    """Reports per slot x category x time cell: many cells of 1-4 once summed."""
    rng = np.random.default_rng(seed)
    rates = rng.choice([0.0, 0.1, 0.3, 0.8], size=(len(SLOTS), CATEGORIES, TIMES))
    return rng.poisson(rates)


def attack_grid_and_places(seed: int) -> tuple[int, int, int]:
    """(pinned jointly, pinned by one table alone, hidden counts of 1-4)."""
    data = block(seed)
    shape = data.shape
    position = np.arange(data.size).reshape(shape)
    named = [k for k, (_, place) in enumerate(SLOTS) if place is not None]
    rows = [k for k in named if data[k].sum() > 0]
    places = pd.DataFrame(data[rows].sum(axis=2), index=rows, columns=range(CATEGORIES))
    place_entries = published_entries(places, pd.Series([SLOTS[k][0] for k in rows], index=rows))
    grid = pd.DataFrame({"all": data.sum(axis=(0, 1))})
    grid_entries = published_entries(grid)

    def place_cells(entry) -> np.ndarray:
        slots = (
            [entry.row] if entry.row != TOTAL else [k for k in rows if SLOTS[k][0] == entry.group]
        )
        categories = [entry.column] if entry.column != TOTAL else range(CATEGORIES)
        return position[np.ix_(slots, list(categories), range(TIMES))].ravel()

    def grid_cells(entry) -> np.ndarray:
        times = [entry.row] if entry.row != TOTAL else range(TIMES)
        return position[:, :, list(times)].ravel()

    def seen(kinds) -> Attacker:
        attacker = Attacker(data.size)
        for area in AREAS:
            slots = [k for k, (a, _) in enumerate(SLOTS) if a == area]
            for category in range(CATEGORIES):
                index = position[np.ix_(slots, [category], range(TIMES))].ravel()
                attacker.shown(index, data[slots][:, category].sum())
        if "places" in kinds:
            for entry in place_entries.itertuples():
                attacker.see(place_cells(entry), entry.count, entry.how)
        if "grid" in kinds:
            for entry in grid_entries.itertuples():
                attacker.see(grid_cells(entry), entry.count, entry.how)
        return attacker

    targets = [
        ("places", place_cells(entry))
        for entry in place_entries.itertuples()
        if entry.how and 1 <= entry.count <= SMALL_COUNT_MAX
    ] + [
        ("grid", grid_cells(entry))
        for entry in grid_entries.itertuples()
        if entry.how and 1 <= entry.count <= SMALL_COUNT_MAX
    ]
    both = seen(("places", "grid"))
    alone = {"places": seen(("places",)), "grid": seen(("grid",))}
    joint = sum(both.pinned(index) for _, index in targets)
    single = sum(alone[kind].pinned(index) for kind, index in targets)
    return joint, single, len(targets)


def test_the_grid_and_the_places_together_pin_no_hidden_count():
    results = [attack_grid_and_places(seed) for seed in SEEDS]
    assert sum(targets for *_, targets in results) > 20
    assert all(joint == 0 for joint, _, _ in results), results
