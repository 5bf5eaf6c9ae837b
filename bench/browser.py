"""Benchmark: the app as people feel it, in a real browser (Debian chromium through Playwright).

Starts `streamlit run dashboard.py` on a database built from the bundled files (with
`--scale national`, the bundled data plus bench/national.py's national-scale files), and in
the same run a trivial page (one selectbox, one small Altair chart) on a second server. Then,
repeated for a median and a 90th percentile:

- filter change: choose another value in each page's main filter, until the page has settled;
- page settled: click a page in the sidebar, until it has settled;
- page open: load a page's URL in a new tab, until it has settled;
- and once: the first view after a fresh clone (no database file): server start to the first
  chart, the database being built on that first visit.

"Settled" means: the script run is over (stApp's data-test-script-state is notRunning after a
run started), no element is stale (left over from the previous run), and every chart on the
page has drawn (a canvas or svg in each stVegaLiteChart), checked on animation frames.

Prints `figure<TAB>value<TAB>unit` lines and appends them, with the time, the scale and the
load average, to bench/results/browser.tsv (git-ignored). The ratio figures compare the app to
the trivial page measured in the same run, so they hold on a loaded machine where the absolute
times do not.

Usage: python bench/browser.py [--scale bundled|national] [--repeats N] [--port 8618]
       [--no-cold]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
RESULTS = ROOT / "bench" / "results" / "browser.tsv"
TIMEOUT_MS = 180_000

# (url path, main filter's label, charts the page draws at least)
FILTERS = [
    ("brottsutveckling", "Kommun", 2),
    ("trygghet", "Grupp", 1),
    ("unga", "Kommun", 3),
    ("lagesbild", "Område", 3),
    ("insatser", "Område", 2),
]
# (sidebar link text, url path, charts at least): every page reached from the sidebar.
PAGES = [
    ("Brottsutveckling", "brottsutveckling", 2),
    ("Trygghet", "trygghet", 1),
    ("Unga", "unga", 3),
    ("Lägesbild", "lagesbild", 3),
    ("Insatser", "insatser", 2),
    ("Översikt", "", 1),
]
TRIVIAL_PAGE = """\
import altair as alt
import pandas as pd
import streamlit as st

kommun = st.selectbox("Kommun", ["Vaxholm", "Österåker", "Täby", "Danderyd"])
frame = pd.DataFrame({"år": list(range(2015, 2024)), "värde": range(9)})
frame["värde"] = frame["värde"] * (1 + len(kommun) / 10)
st.altair_chart(alt.Chart(frame).mark_line().encode(x="år:O", y="värde:Q"))
"""

# Marks that a script run started after the mark was reset (data-test-script-state left
# notRunning), so a check right after a click never mistakes the previous run's end for this one.
WATCH_RUNS = """() => {
  window.__tryggRan = false;
  if (window.__tryggObserver) return;
  const app = document.querySelector('[data-testid="stApp"]');
  window.__tryggObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') window.__tryggRan = true;
  });
  window.__tryggObserver.observe(app, {attributes: true,
                                      attributeFilter: ['data-test-script-state']});
}"""
# The app is not running, nothing is stale and `charts` charts are drawn.
_DRAWN = """
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const drawn = document.querySelectorAll('[data-testid="stVegaLiteChart"]');
  if (drawn.length < charts) return false;
  for (const chart of drawn) if (!chart.querySelector('canvas, svg')) return false;
  return true;
}"""
# After an interaction: a run has happened (WATCH_RUNS) and the page is drawn again.
SETTLED = "(charts) => {\n  if (!window.__tryggRan) return false;" + _DRAWN
# After a page load the first run has no "before": any state but initial/running counts.
LOADED = "(charts) => {" + _DRAWN


# --- servers --------------------------------------------------------------------------------


@contextmanager
def server(
    script: Path, port: int, database: Path, cwd: Path = ROOT, secrets: Path | None = None
) -> Iterator[str]:
    """A `streamlit run` of `script` on 127.0.0.1:`port` reading `database`; its URL.

    `secrets` is a secrets.toml to read instead of the project's (the browser tests pass one
    with a test-only coordinator password)."""
    secrets_args = ["--secrets.files", str(secrets)] if secrets is not None else []
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            *secrets_args,
        ],
        cwd=cwd,
        env={**os.environ, "TRYGG_DB": str(database)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"{script} did not start on port {port} within 120 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- measurements ---------------------------------------------------------------------------


def settle(page, charts: int) -> None:
    page.wait_for_function(SETTLED, arg=charts, polling="raf", timeout=TIMEOUT_MS)


def change_filter(page, label: str, charts: int) -> float:
    """Seconds from choosing another value in the selectbox `label` to a settled page."""
    page.get_by_role("combobox", name=label, exact=True).first.click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=TIMEOUT_MS)
    # The first of options 1 and 2 that is not the current value.
    target = next(
        options.nth(index)
        for index in (1, 2)
        if options.nth(index).get_attribute("aria-selected") != "true"
    )
    page.evaluate(WATCH_RUNS)
    started = time.perf_counter()
    target.click()
    settle(page, charts)
    return time.perf_counter() - started


def open_page(browser, url: str, charts: int) -> float:
    """Seconds from loading `url` in a new session to a settled page."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(LOADED, arg=charts, polling="raf", timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        context.close()


def navigate(page, link: str, charts: int) -> float:
    """Seconds from clicking `link` in the sidebar to a settled page."""
    anchor = page.locator("[data-testid='stSidebarNav'] a", has_text=link).first
    page.evaluate(WATCH_RUNS)
    started = time.perf_counter()
    anchor.click()
    settle(page, charts)
    return time.perf_counter() - started


def summary(name: str, seconds: list[float]) -> list[tuple[str, float, str]]:
    ms = sorted(1000 * value for value in seconds)
    p90 = statistics.quantiles(ms, n=10, method="inclusive")[-1] if len(ms) > 1 else ms[0]
    return [(f"{name}.p50_ms", statistics.median(ms), "ms"), (f"{name}.p90_ms", p90, "ms")]


def new_page(browser, url: str, charts: int):
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(LOADED, arg=charts, polling="raf", timeout=TIMEOUT_MS)
    return page


def measure_app(browser, app: str, trivial: str, repeats: int) -> list[tuple[str, float, str]]:
    figures: list[tuple[str, float, str]] = []
    # Warm both servers (first runs import modules and fill caches), as a visitor would.
    for path, _, charts in FILTERS:
        open_page(browser, f"{app}/{path}", charts)
    open_page(browser, trivial, 1)

    page = new_page(browser, trivial, 1)
    change_filter(page, "Kommun", 1)
    trivial_times = [change_filter(page, "Kommun", 1) for _ in range(repeats)]
    page.context.close()
    figures += summary("browser.trivial_change", trivial_times)
    trivial_p50 = statistics.median(trivial_times)

    worst = 0.0
    for path, label, charts in FILTERS:
        page = new_page(browser, f"{app}/{path}", charts)
        change_filter(page, label, charts)
        times = [change_filter(page, label, charts) for _ in range(repeats)]
        page.context.close()
        figures += summary(f"browser.filter_change.{path}", times)
        figures.append(
            (f"browser.filter_change.{path}.ratio", statistics.median(times) / trivial_p50, "x")
        )
        worst = max(worst, statistics.median(times))
    figures.append(("browser.filter_change.p50_ms", 1000 * worst, "ms"))
    figures.append(("browser.filter_change.ratio", worst / trivial_p50, "x"))

    # Page settled after a click in the sidebar: go back and forth from the overview.
    settled: dict[str, list[float]] = {path: [] for _, path, _ in PAGES}
    page = new_page(browser, f"{app}/", 1)
    for _ in range(repeats):
        for link, path, charts in PAGES:
            settled[path].append(navigate(page, link, charts))
    page.context.close()
    for path, times in settled.items():
        figures += summary(f"browser.page_settled.{path or 'oversikt'}", times)
    figures.append(
        (
            "browser.page_settled.max_ms",
            1000 * max(statistics.median(times) for times in settled.values()),
            "ms",
        )
    )

    # A page opened by its URL in a new session.
    worst = 0.0
    for _, path, charts in PAGES:
        times = [open_page(browser, f"{app}/{path}", charts) for _ in range(repeats)]
        figures += summary(f"browser.page_open.{path or 'oversikt'}", times)
        worst = max(worst, statistics.median(times))
    trivial_open = [open_page(browser, trivial, 1) for _ in range(repeats)]
    figures += summary("browser.trivial_open", trivial_open)
    figures.append(("browser.page_open.p50_ms", 1000 * worst, "ms"))
    figures.append(("browser.page_open.ratio", worst / statistics.median(trivial_open), "x"))
    return figures


def cold_first_view(browser, port: int) -> float:
    """Seconds from `streamlit run` in a fresh clone's state (no database file) to the overview's
    first chart: the server's start, the build on the first visit, the first script run."""
    with tempfile.TemporaryDirectory(prefix="trygg-cold-") as folder:
        database = Path(folder) / "trygg.duckdb"
        started = time.perf_counter()
        with server(ROOT / "dashboard.py", port, database) as url:
            context = browser.new_context(viewport={"width": 1300, "height": 1000})
            page = context.new_page()
            page.goto(url + "/")
            page.locator(
                "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
            ).first.wait_for(timeout=TIMEOUT_MS)
            seconds = time.perf_counter() - started
            context.close()
        if not database.is_file():
            raise RuntimeError("the first visit did not build the database")
    return seconds


# --- databases ------------------------------------------------------------------------------


def build(folder: Path, scale: str) -> Path:
    from data.build import build_database

    database = folder / "trygg.duckdb"
    build_database(database)
    if scale == "national":
        from bench import national
        from data.importers import import_file

        for kind, path in national.generate(folder / "national", "national").files:
            # Synthetic load-test files: they replace the bundled real values they overlap.
            import_file(database, kind, path, example=True, replace=True)
    return database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("bundled", "national"), default="bundled")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--port", type=int, default=8618, help="uses this port and the next two")
    parser.add_argument("--no-cold", action="store_true", help="skip the fresh-clone first view")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="trygg-browser-") as name:
        folder = Path(name)
        database = build(folder, args.scale)
        trivial_script = folder / "trivial_page.py"
        trivial_script.write_text(TRIVIAL_PAGE, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                with (
                    server(ROOT / "dashboard.py", args.port, database) as app,
                    server(trivial_script, args.port + 1, database, cwd=folder) as trivial,
                ):
                    figures = measure_app(browser, app, trivial, args.repeats)
                if not args.no_cold:
                    cold = cold_first_view(browser, args.port + 2)
                    figures.append(("browser.cold_first_view_s", cold, "s"))
            finally:
                browser.close()
    # The machine's load (1-minute average) around the run: absolute times depend on it.
    figures.append(("load_average.before", load_before, "load"))
    figures.append(("load_average.after", os.getloadavg()[0], "load"))
    lines = [f"{figure}\t{value:.3f}\t{unit}" for figure, value, unit in figures]
    print("\n".join(lines), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    with open(RESULTS, "a", encoding="utf-8") as handle:
        handle.writelines(f"{stamp}\t{commit}\t{args.scale}\t{line}\n" for line in lines)


if __name__ == "__main__":
    main()
