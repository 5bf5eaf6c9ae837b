"""Benchmark: the Insatser follow-up's coverage and false verdicts by Monte Carlo on
generated panels where the truth is known (tests/analytics/insats_simulation.py): 8 areas x 3
categories, 52 weeks before and after the start, one area targeted (difference in
differences) or every area (against the expected count), no effect unless stated.

Prints one line per scenario: coverage of the true rate ratio by the 95 % interval, false
"minskning" and false "ökning" (each nominal 2.5 %), with their Monte Carlo standard errors.

Usage: python bench/insats.py [runs [scenario ...]]   (default 200, every scenario; about
0.3 s a run on an idle core)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.analytics import insats_simulation as simulation

SCENARIOS = (
    ("did", "shared", False),
    ("did", "area_season", False),
    ("did", "drift", False),
    ("did", "season_drift", False),
    ("expected", "trend", True),
    ("expected", "shared", True),
)


def main(runs: int, names: list[str]) -> None:
    print(
        f"{'method':9} {'scenario':13} {'runs':>5} {'coverage':>9} {'false_min':>10} "
        f"{'false_ök':>9} {'se(rate)':>9} failed"
    )
    for method, scenario, every in SCENARIOS:
        if names and scenario not in names:
            continue
        result = simulation.calibration(scenario, runs=runs, seed=7, every_area=every)
        done = runs - result["failed"]
        se = (0.025 * 0.975 / max(done, 1)) ** 0.5
        print(
            f"{method:9} {scenario:13} {runs:5d} {result['coverage']:9.3f} "
            f"{result['false_decrease']:10.3f} {result['false_increase']:9.3f} {se:9.3f} "
            f"{result['failed']}",
            flush=True,
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, sys.argv[2:])
