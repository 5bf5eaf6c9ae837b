"""Benchmark: every figure the Lägesbild prints about its alerts (ui/messages_est.py), measured
by Monte Carlo on generated weeks where nothing changes (tests/analytics/est_simulation.py):
the model's own kind of data, cells that differ in season, holidays and overdispersion, 30
weeks of history, and two held-out generators. Each line names the claim and the measured
rate with its Monte Carlo standard error.

Claims checked:
- est_alert_method: alerts in under 1 week in 100 on the model's own data, 1-5 in 100 on
  heterogeneous data (also with 30 weeks of history);
- est_week_chart_note: an area above its 95 % tick about one week in 20, some area about one
  week in three;
- est_no_alert_power: a doubling of a cell with 2 reports a week alerts less than once in 100.

Usage: python bench/est_claims.py [municipalities [name ...]]   (default 30 and every
scenario and power line; names: scenarios of tests/analytics/est_simulation.py and
power_heterogeneous, power_held_out_2, detectable; 8 weeks assessed in each municipality, about 0.3 s a
week on an idle core)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np

from analytics import est
from tests.analytics import est_simulation as simulation

SEEDS = {
    "model": 101,
    "heterogeneous": 102,
    "short": 103,
    "held_out": 104,
    "held_out_2": 105,
    "held_out_3": 106,
    "held_out_4": 107,
}


def detectable() -> None:
    """The fewest reports that alert in a cell (signal_at, the first Benjamini–Hochberg step
    of 104 cells), by the cell's usual level and overdispersion alpha, with the expectation
    known to a log-scale variance of 0.01 (three years of history): what "no alert" rules
    out. Exact (no Monte Carlo)."""
    level = est.ALERT_FDR / len(simulation.CELLS)
    print(f"{'mean':>5} {'alpha':>5} {'signal_at':>9} {'x mean':>6}")
    for mean in (2.0, 10.0, 30.0):
        for alpha in (0.0, 0.1, 0.5):
            signal = est.signal_threshold(np.array([mean]), alpha, 0.01, level)[0]
            print(f"{mean:5g} {alpha:5g} {signal:9.0f} {signal / mean:6.1f}", flush=True)


def main(datasets: int, names: list[str]) -> None:
    if not names or "detectable" in names:
        detectable()
    print(
        f"{'scenario':14} {'weeks':>5} {'alert':>6} {'se':>6} {'new_year':>8} "
        f"{'area>tick':>9} {'any>tick':>8}"
    )
    for name, scenario in simulation.SCENARIOS.items():
        if names and name not in names:
            continue
        outcome = simulation.run(scenario, datasets=datasets, weeks_per_dataset=8, seed=SEEDS[name])
        f = outcome.summary()
        print(
            f"{name:14} {f['weeks']:5d} {f['any_alert']:6.3f} {f['se']:6.3f} "
            f"{f['new_year_any_alert']:8.3f} {f['area_tick_exceeded']:9.3f} "
            f"{f['any_area_tick_exceeded']:8.3f}",
            flush=True,
        )
    for background in ("heterogeneous", "held_out_2"):
        if names and f"power_{background}" not in names:
            continue
        for level in (2.0, 10.0):
            rate = simulation.power(
                level, datasets=4 * datasets, seed=int(level), background=background
            )
            print(f"doubling of {level:g}/week on {background}: alerted {rate:.3f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30, sys.argv[2:])
