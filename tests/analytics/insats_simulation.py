"""Generated insats follow-ups where the truth is known, for the Monte Carlo checks
(tests/analytics/test_insats_followup.py) and the before/after table of the report.

8 areas x 3 categories, 52 weeks before the start and 52 after; the rate of the targeted
cells is multiplied by `effect` from the start. Scenarios:
- "shared": one summer season for every area (the model's own kind of data);
- "area_season": each area its own season (amplitude up to 0.5, its own phase);
- "drift": each area its own steady trend (standard deviation 10 % a year);
- "season_drift": both (each area its own season and its own trend);
- "trend": every area +10 % a year (the expected-count method when every area is targeted).
Counts are negative binomial (alpha 0.2) in all but "shared".

Run as a script it prints the table of the report:
    python -m tests.analytics.insats_simulation [runs]
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import insats_followup as followup

AREAS = [f"area{i}" for i in range(8)]
CATEGORIES = ["disorder", "alcohol", "youth"]
FIRST_WEEK = dt.date(2023, 1, 2)
START = dt.date(2024, 1, 1)
LAST_WEEK = dt.date(2024, 12, 23)


@dataclass(frozen=True)
class Layout:
    """Areas, categories and the weeks before and after the start of a generated panel."""

    areas: tuple[str, ...] = tuple(AREAS)
    categories: tuple[str, ...] = tuple(CATEGORIES)
    weeks_before: int = 52
    weeks_after: int = 52

    @property
    def weeks(self) -> list[dt.date]:
        first = START - dt.timedelta(weeks=self.weeks_before)
        return [first + dt.timedelta(weeks=n) for n in range(self.weeks_before + self.weeks_after)]


FULL = Layout()
# A smaller panel for the tests (5 areas x 2 categories, 40 + 40 weeks): 8x faster.
SMALL = Layout(tuple(AREAS[:5]), tuple(CATEGORIES[:2]), 40, 40)


def simulate(
    rng: np.random.Generator,
    scenario: str,
    *,
    effect: float,
    targeted: list[str],
    level: float = 1.0,
    layout: Layout = FULL,
) -> pd.DataFrame:
    """Weekly counts (only rows with reports, as the data layer gives)."""
    weeks = layout.weeks
    day = np.array([w.timetuple().tm_yday for w in weeks])
    years = np.arange(len(weeks)) / 52.18
    n_areas = len(layout.areas)
    log_mean = np.log(level * rng.uniform(0.5, 1.5, n_areas))[:, None] * np.ones(len(weeks))
    if scenario in ("area_season", "season_drift"):
        amplitude = rng.uniform(0.0, 0.5, n_areas)[:, None]
        phase = rng.uniform(0, 365, n_areas)[:, None]
        log_mean += amplitude * np.cos(2 * np.pi * (day[None, :] - phase) / 365)
    else:
        log_mean += 0.4 * np.cos(2 * np.pi * (day[None, :] - 196) / 365)
    if scenario in ("drift", "season_drift"):
        log_mean += rng.normal(0, 0.1, n_areas)[:, None] * years[None, :]
    if scenario == "trend":
        log_mean += np.log(1.1) * years[None, :]
    after = np.array([w >= START for w in weeks])
    is_targeted = np.array([area in targeted for area in layout.areas])
    log_mean += np.log(effect) * (is_targeted[:, None] & after[None, :])
    means = np.repeat(np.exp(log_mean), len(layout.categories), axis=0)
    if scenario != "shared":
        alpha = 0.2
        means = means * rng.gamma(1 / alpha, alpha, means.shape)
    counts = rng.poisson(means)
    cells = [(area, category) for area in layout.areas for category in layout.categories]
    rows, columns = np.nonzero(counts)
    return pd.DataFrame(
        {
            "week_start": np.array(weeks, dtype=object)[columns],
            "area_id": np.array([c[0] for c in cells], dtype=object)[rows],
            "category_id": np.array([c[1] for c in cells], dtype=object)[rows],
            "count": counts[rows, columns],
        }
    )


def follow(weekly: pd.DataFrame, areas: list[str], layout: Layout = FULL) -> followup.FollowUp:
    return followup.follow_up(
        weekly,
        areas=areas,
        categories=list(layout.categories),
        all_areas=list(layout.areas),
        start=START,
        end=None,
        first_week=layout.weeks[0],
        last_week=layout.weeks[-1],
    )


def calibration(
    scenario: str,
    *,
    runs: int,
    seed: int,
    effect: float = 1.0,
    every_area: bool = False,
    layout: Layout = FULL,
) -> dict[str, float]:
    """Coverage of the true effect and the share of false verdicts (with no effect)."""
    rng = np.random.default_rng(seed)
    covered = decrease = increase = failed = 0
    targeted = list(layout.areas) if every_area else [layout.areas[2]]
    for _ in range(runs):
        weekly = simulate(rng, scenario, effect=effect, targeted=targeted, layout=layout)
        result = follow(weekly, targeted, layout)
        if not result.computed:
            failed += 1
            continue
        covered += result.lower <= effect <= result.upper
        decrease += result.verdict == "decrease"
        increase += result.verdict == "increase"
    done = max(runs - failed, 1)
    return {
        "runs": runs,
        "coverage": covered / done,
        "false_decrease": decrease / done if effect == 1.0 else float("nan"),
        "false_increase": increase / done if effect == 1.0 else float("nan"),
        "detected_decrease": decrease / done if effect < 1.0 else float("nan"),
        "failed": failed,
    }


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    for name, scenario, every in (
        ("did shared", "shared", False),
        ("did area_season", "area_season", False),
        ("did drift", "drift", False),
        ("expected trend", "trend", True),
        ("expected shared", "shared", True),
    ):
        print(name, calibration(scenario, runs=runs, seed=7, every_area=every), flush=True)
    rng = np.random.default_rng(8)
    for method, areas in (("did", ["area2"]), ("expected", AREAS)):
        weekly = simulate(rng, "area_season", effect=1.0, targeted=areas)
        zeroed = weekly[~(weekly["area_id"].isin(areas) & (weekly["week_start"] >= START))]
        try:
            result = follow(zeroed, areas)
            print(
                "zero after", method, result.rate_ratio, result.lower, result.upper, result.verdict
            )
        except Exception as error:  # noqa: BLE001 - the report shows the old crash
            print("zero after", method, type(error).__name__, error)
