"""The app in a real headless browser: Debian's chromium driven by Playwright against a
`streamlit run` server started here on 127.0.0.1. Screenshots go to test-artifacts/.

Skips with a reason when chromium is not installed (CI installs it with apt)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_db: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TRYGG_DB": str(built_db)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start within 60 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser_page(server: str):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        yield page
        browser.close()


def _open(page, url: str, name: str, ready_text: str) -> str:
    """Load `url`, wait until `ready_text` and every chart are drawn, screenshot, return text."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stSidebarNav']", timeout=60_000)
    page.get_by_text(ready_text, exact=False).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    return page.inner_text("body")


@pytest.mark.parametrize(
    ("path", "name", "ready_text", "expected", "charts"),
    [
        ("/", "oversikt", "Källornas aktualitet", "1\u00a0167,8", 1),
        (
            "/brottsutveckling",
            "brottsutveckling",
            "Rangordning bland",
            "Vaxholm 2023: 1\u00a0167,8",
            2,
        ),
        (
            "/data-och-kallor",
            "data-och-kallor",
            "Nyckeltal och definitioner",
            "Kolada nyckeltal",
            0,
        ),
        (
            "/brottsutveckling?lang=en&area=0117",
            "brottsutveckling-en",
            "Ranking among",
            "Österåker 2023: 2,",
            2,
        ),
    ],
)
def test_direct_links_render_inside_the_app_frame(
    browser_page, server: str, path: str, name: str, ready_text: str, expected: str, charts: int
) -> None:
    text = _open(browser_page, server + path, name, ready_text)
    assert expected in text
    # The entry script's frame: its navigation and the language selector are there.
    assert "Språk / Language" in text
    # Every page of st.navigation in dashboard.py is linked from the sidebar.
    assert browser_page.locator("[data-testid='stSidebarNav'] a").count() == 8
    assert browser_page.locator("canvas, .vega-embed svg").count() >= charts
