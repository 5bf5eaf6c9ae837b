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

Usage: python bench/est_claims.py [municipalities]   (default 30; 8 weeks assessed in each,
about 0.3 s a week on an idle core)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.analytics import est_simulation as simulation

SEEDS = {
    "model": 101,
    "heterogeneous": 102,
    "short": 103,
    "held_out": 104,
    "held_out_2": 105,
    "held_out_3": 106,
}


def main(datasets: int) -> None:
    print(
        f"{'scenario':14} {'weeks':>5} {'alert':>6} {'se':>6} {'new_year':>8} "
        f"{'area>tick':>9} {'any>tick':>8}"
    )
    for name, scenario in simulation.SCENARIOS.items():
        outcome = simulation.run(scenario, datasets=datasets, weeks_per_dataset=8, seed=SEEDS[name])
        f = outcome.summary()
        print(
            f"{name:14} {f['weeks']:5d} {f['any_alert']:6.3f} {f['se']:6.3f} "
            f"{f['new_year_any_alert']:8.3f} {f['area_tick_exceeded']:9.3f} "
            f"{f['any_area_tick_exceeded']:8.3f}",
            flush=True,
        )
    for background in ("heterogeneous", "held_out_2"):
        for level in (2.0, 10.0):
            rate = simulation.power(
                level, datasets=4 * datasets, seed=int(level), background=background
            )
            print(f"doubling of {level:g}/week on {background}: alerted {rate:.3f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
