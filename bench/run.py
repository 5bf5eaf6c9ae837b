"""Benchmark: build time of the bundled database and each page's script run through AppTest,
cold (first run in a fresh AppTest, every Streamlit cache cleared) and warm (median of repeated
runs), with the warm time as a ratio to a trivial page (one st.write) run the same way; with
`--scale national` (or `both`) also the import time of each national-scale file from
bench/national.py through the import command's code path (data.importers.import_file) next to
DuckDB's own read_csv of the same file, and every page again on a database holding the bundled
data plus those files. Prints one line per figure and writes them to bench/results/figures.csv
(bundled) and bench/results/figures_national.csv (national).

Memory is measured per process: the pages of each scale run in their own child process (as one
Streamlit server would serve them) and each import in its own child, and each reports its peak
RSS (ru_maxrss, the kernel's VmHWM), so bundled and national figures never mix.

Usage: python bench/run.py [--scale bundled|national|both] [--repeats N] [--files DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
TRIVIAL_PAGE = 'import streamlit as st\nst.write("Trygg i Vaxholm")\n'
RESULTS = ROOT / "bench" / "results"
# DuckDB read_csv options for files its sniffer cannot take as they are (PxWeb's title lines).
DUCKDB_OPTIONS = {"population": ", skip = 2, header = true"}

Figure = tuple[str, float, str]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (VmHWM), in MB.

    /proc's VmHWM belongs to this program's own memory map; getrusage's ru_maxrss would carry
    the parent's peak over fork and exec, so a child would report the build's memory too.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- child: every page on one database ------------------------------------------------------


def time_script(script: Path, repeats: int) -> tuple[float, float]:
    """(cold seconds, median warm seconds) of one script run through AppTest.

    Cold clears Streamlit's data and resource caches first, so each page pays for its own
    queries and connection as after a server start, whatever page ran before it.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(script), default_timeout=300)
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


def pages_child(database: Path, repeats: int) -> list[Figure]:
    os.environ["TRYGG_DB"] = str(database)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        trivial = Path(folder) / "trivial_page.py"
        trivial.write_text(TRIVIAL_PAGE, encoding="utf-8")
        _, floor = time_script(trivial, repeats)
    figures.append(("trivial_page_warm_seconds", floor, "s"))
    for page in PAGES:
        cold, warm = time_script(ROOT / page, repeats)
        figures.append((f"{page}_cold_seconds", cold, "s"))
        figures.append((f"{page}_warm_seconds", warm, "s"))
        figures.append((f"{page}_warm_ratio_to_trivial", warm / floor, "x"))
        figures.append((f"{page}_peak_rss_so_far_mb", peak_rss_mb(), "MB"))
    figures.append(("pages_peak_rss_mb", peak_rss_mb(), "MB"))
    return figures


# --- child: one import ----------------------------------------------------------------------


def import_child(database: Path, kind: str, path: Path) -> list[Figure]:
    import duckdb

    from data.importers import import_file

    name = path.name
    started = time.perf_counter()
    # Synthetic load-test files: they replace the bundled real values they overlap.
    result = import_file(database, kind, path, example=True, replace=True)
    seconds = time.perf_counter() - started
    rss = peak_rss_mb()
    options = DUCKDB_OPTIONS.get(kind, "")
    con = duckdb.connect(":memory:")
    started = time.perf_counter()
    # The path is this benchmark's own generated file, not user input.
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv(?{options})", [str(path)])  # noqa: S608
    duck = time.perf_counter() - started
    (rows,) = con.execute("SELECT count(*) FROM t").fetchone()
    con.close()
    return [
        (f"import_{name}_seconds", seconds, "s"),
        (f"import_{name}_rows", float(result.rows), "rows"),
        (f"duckdb_read_csv_{name}_seconds", duck, "s"),
        (f"duckdb_read_csv_{name}_rows", float(rows), "rows"),
        (f"import_{name}_ratio_to_duckdb", seconds / duck, "x"),
        (f"import_{name}_peak_rss_mb", rss, "MB"),
    ]


# --- parent ---------------------------------------------------------------------------------


def run_child(*arguments: str) -> list[Figure]:
    """Run this script as a child with `arguments`; its last stdout line is the figures."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *arguments],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return [tuple(figure) for figure in json.loads(done.stdout.strip().splitlines()[-1])]


def show(figures: list[Figure], prefix: str = "") -> None:
    for name, value, unit in figures:
        print(f"{prefix}{name}: {value:.3f} {unit}", flush=True)


def write(path: Path, figures: list[Figure]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["figure", "value", "unit"])
        for name, value, unit in figures:
            writer.writerow([name, f"{value:.4f}", unit])


def national_figures(folder: Path, bundled: Path, files_dir: Path | None, repeats: int):
    from bench import national

    figures: list[Figure] = []
    if files_dir is None:
        files_dir = folder / "national_files"
        started = time.perf_counter()
        files = national.generate(files_dir, "national").files
        figures.append(("generate_national_files_seconds", time.perf_counter() - started, "s"))
    else:
        files = national.list_files(files_dir).files
    show(figures, "national_")
    database = folder / "national.duckdb"
    shutil.copyfile(bundled, database)
    started = time.perf_counter()
    for kind, path in files:
        imported = run_child("--child", "import", str(database), kind, str(path))
        show(imported, "national_")
        figures += imported
    figures.append(("import_all_seconds", time.perf_counter() - started, "s"))
    figures.append(("database_mb", database.stat().st_size / 1e6, "MB"))
    show(figures[-2:], "national_")
    pages = run_child("--child", "pages", str(database), str(repeats))
    show(pages, "national_")
    return figures + pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("bundled", "national", "both"), default="bundled")
    parser.add_argument("--national", action="store_true", help="same as --scale both")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument(
        "--files", type=Path, default=None, help="reuse national files from bench/national.py"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        role, database, *rest = args.child
        if role == "pages":
            figures = pages_child(Path(database), int(rest[0]))
        else:
            figures = import_child(Path(database), rest[0], Path(rest[1]))
        print(json.dumps(figures))
        return
    scale = "both" if args.national else args.scale

    from data.build import build_database

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bundled = folder / "bench.duckdb"
        started = time.perf_counter()
        build_database(bundled)
        build = [("build_bundled_seconds", time.perf_counter() - started, "s")]
        show(build)
        if scale in ("bundled", "both"):
            pages = run_child("--child", "pages", str(bundled), str(args.repeats))
            show(pages)
            write(RESULTS / "figures.csv", build + pages)
        if scale in ("national", "both"):
            figures = national_figures(folder, bundled, args.files, args.repeats)
            write(RESULTS / "figures_national.csv", build + figures)
    show([("bench_parent_peak_rss_mb", peak_rss_mb(), "MB")])


if __name__ == "__main__":
    main()
