"""Benchmark: build time of the bundled database and each page's script run through AppTest,
cold (first run in a fresh AppTest) and warm (median of repeated runs), with the warm time as a
ratio to a trivial page (one st.write) run the same way. Prints one line per figure and writes
them to bench/results/figures.csv. Usage: python bench/run.py [--repeats N]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest

from data.build import build_database

PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
TRIVIAL_PAGE = 'import streamlit as st\nst.write("Trygg i Vaxholm")\n'


def time_script(script: Path, repeats: int) -> tuple[float, float]:
    """(cold seconds, median warm seconds) of one script run through AppTest."""
    app = AppTest.from_file(str(script), default_timeout=120)
    started = time.perf_counter()
    app.run()
    cold = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{script}: {app.exception[0].value}")
    warm = []
    for _ in range(repeats):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    return cold, statistics.median(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    figures: list[tuple[str, float, str]] = []

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        build_database(database)
        figures.append(("build_bundled_seconds", time.perf_counter() - started, "s"))
        os.environ["TRYGG_DB"] = str(database)

        trivial = Path(folder) / "trivial_page.py"
        trivial.write_text(TRIVIAL_PAGE, encoding="utf-8")
        _, floor = time_script(trivial, args.repeats)
        figures.append(("trivial_page_warm_seconds", floor, "s"))
        for page in PAGES:
            cold, warm = time_script(ROOT / page, args.repeats)
            figures.append((f"{page}_cold_seconds", cold, "s"))
            figures.append((f"{page}_warm_seconds", warm, "s"))
            figures.append((f"{page}_warm_ratio_to_trivial", warm / floor, "x"))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures.append(("peak_rss_mb", peak_mb, "MB"))
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / "figures.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["figure", "value", "unit"])
        for name, value, unit in figures:
            writer.writerow([name, f"{value:.4f}", unit])
            print(f"{name}: {value:.3f} {unit}")


if __name__ == "__main__":
    main()
