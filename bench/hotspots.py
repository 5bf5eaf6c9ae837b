"""Benchmark: false verdicts of the Lägesbild hotspot ranking by Monte Carlo on places where
nothing changes but which differ in level, overdispersion and slow wander
(tests/analytics/hotspot_simulation.py). Every verdict there is false.

Prints one line per scenario and period length: ranked places, the share with a verdict
("ökning"/"minskning") from the quasi-Poisson test the page uses (target at most 5 %) with
its Monte Carlo standard error, and the share the exact Poisson test (the old verdict) gave.

Usage: python bench/hotspots.py [municipalities]   (default 40; 10 ranked places each)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.analytics import hotspot_simulation as simulation

PERIODS = (4, 13, 26, 52)


def main(datasets: int) -> None:
    print(f"{'scenario':14} {'weeks':>5} {'ranked':>6} {'false':>6} {'se':>6} {'poisson':>8}")
    for name, scenario in simulation.SCENARIOS.items():
        for weeks in PERIODS:
            outcome = simulation.run(scenario, datasets=datasets, weeks=weeks, seed=11 + weeks)
            figures = outcome.summary()
            print(
                f"{name:14} {weeks:5d} {figures['ranked']:6d} {figures['false_flags']:6.3f} "
                f"{figures['se']:6.3f} {figures['poisson_false_flags']:8.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
