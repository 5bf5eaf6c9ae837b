"""Benchmark: the Insatser follow-up's coverage and false verdicts by Monte Carlo on
generated panels where the truth is known (tests/analytics/insats_simulation.py): 8 areas x 3
categories, 52 weeks before and after the start, one area targeted (difference in
differences) or every area (against the expected count), no effect unless stated.

Prints one line per scenario: coverage of the true rate ratio by the 95 % interval (and its
standard error at 95 %), false "minskning" and false "ökning" (each nominal 2.5 %, standard
error at 2.5 %) when there is no effect, and the share of "minskning" verdicts (power) when
the true rate ratio is 0.7.

Usage: python bench/insats.py [runs [scenario ...]]   (default 200, every scenario; a name
such as season_drift:0.7 picks one effect; about 0.3 s a run on an idle core)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.analytics import insats_simulation as simulation

# (method, scenario, every area targeted, true rate ratio)
SCENARIOS = (
    ("did", "shared", False, 1.0),
    ("did", "area_season", False, 1.0),
    ("did", "drift", False, 1.0),
    ("did", "season_drift", False, 1.0),
    ("did", "season_drift", False, 0.7),
    ("expected", "trend", True, 1.0),
    ("expected", "shared", True, 1.0),
)


def main(runs: int, names: list[str]) -> None:
    print(
        f"{'method':9} {'scenario':13} {'effect':>6} {'runs':>5} {'coverage':>9} "
        f"{'se(cov)':>8} {'false_min':>10} {'false_ök':>9} {'se(rate)':>9} "
        f"{'detected':>8} failed"
    )
    for method, scenario, every, effect in SCENARIOS:
        if names and scenario not in names and f"{scenario}:{effect:g}" not in names:
            continue
        result = simulation.calibration(
            scenario, runs=runs, seed=7, every_area=every, effect=effect
        )
        done = max(runs - result["failed"], 1)
        se = (0.025 * 0.975 / done) ** 0.5
        se_coverage = (0.95 * 0.05 / done) ** 0.5
        print(
            f"{method:9} {scenario:13} {effect:6.2f} {runs:5d} {result['coverage']:9.3f} "
            f"{se_coverage:8.3f} {result['false_decrease']:10.3f} "
            f"{result['false_increase']:9.3f} {se:9.3f} {result['detected_decrease']:8.3f} "
            f"{result['failed']}",
            flush=True,
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, sys.argv[2:])
