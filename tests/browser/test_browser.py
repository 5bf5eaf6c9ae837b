"""The app in a real headless browser: Debian's chromium driven by Playwright against a
`streamlit run` server started here on 127.0.0.1 (test-only coordinator password in a secrets
file outside the repository). Every page is opened, a filter changed, a shared link followed,
a download clicked, the language switched and a coordinator signed in; every step saves a
screenshot to test-artifacts/screenshots/.

Skips with a reason when chromium is not installed (CI installs it with apt)."""

from __future__ import annotations

import io
import re
import shutil
import socket
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from bench import browser as bench_browser
from ui.auth import MIN_SCRYPT_N, hash_password

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
# A password that exists only in this test run.
TEST_PASSWORD = "test-only: korrekt häst batteri häftstift"
PAGE_COUNT = 8
NBSP = "\u00a0"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text(
        "[roles]\n"
        f'coordinator_password_scrypt = "{hash_password(TEST_PASSWORD, n=MIN_SCRYPT_N)}"\n',
        encoding="utf-8",
    )
    with bench_browser.server(Path("dashboard.py"), _free_port(), built_db, secrets=secrets) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Until the entry script has run once, a fresh server does not know st.navigation's
        # pages, and the very first deep link shows Streamlit's "Page not found" dialog over
        # the right page (streamlit/streamlit#8860, #9992). Open the entry once, as a visitor.
        warm_up = instance.new_page()
        warm_up.goto(server + "/")
        warm_up.wait_for_selector("[data-testid='stSidebarNav']", timeout=60_000)
        warm_up.close()
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test: its own Streamlit session (language, login)."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def _settle(page, ready_text: str) -> None:
    """Wait until `ready_text` is shown and the script run has finished."""
    page.get_by_text(ready_text, exact=False).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    # Streamlit shows its status widget ("Running...") while a script run is in progress.
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)
    page.wait_for_timeout(1000)


def _shoot(page, name: str) -> str:
    """Screenshot of the whole app (the main area scrolls inside its own container)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight,"
        " document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0)"
    )
    page.set_viewport_size({"width": 1300, "height": min(max(int(height), 1000), 12_000)})
    page.wait_for_timeout(500)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1300, "height": 1000})
    return path.name


def _open(page, url: str, name: str, ready_text: str) -> str:
    """Load `url`, wait for `ready_text` and the end of the run, screenshot, return the text."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stSidebarNav']", timeout=60_000)
    _settle(page, ready_text)
    _shoot(page, name)
    assert page.locator("[data-testid='stException']").count() == 0
    # No dialog (such as Streamlit's "Page not found") covers the page.
    assert page.get_by_role("dialog").count() == 0, page.get_by_role("dialog").first.inner_text()
    return page.inner_text("body")


def _plain(text: str) -> str:
    """Text with Swedish number spacing (no-break spaces) as plain spaces, for comparing."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`, as a user does with the mouse."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


CHART_SELECTOR = "[data-testid='stVegaLiteChart'] canvas, .vega-embed svg"


def _charts(page, at_least: int = 0) -> int:
    """The charts drawn on the page, after waiting (up to 30 s) for `at_least` of them: Vega
    draws after the script run has ended, later on a loaded machine."""
    if at_least:
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        try:
            page.wait_for_function(
                "([selector, n]) => document.querySelectorAll(selector).length >= n",
                arg=[CHART_SELECTOR, at_least],
                timeout=30_000,
            )
        except PlaywrightTimeoutError:
            pass  # the count below is then smaller than asked for, and the caller's assert says so
    return page.locator(CHART_SELECTOR).count()


# (url path, screenshot name, text shown when the page has run, a figure that must be there,
# charts at least)
PAGES = [
    ("/", "oversikt", "Källornas aktualitet", f"1{NBSP}167,8", 1),
    (
        "/brottsutveckling",
        "brottsutveckling",
        "Rangordning bland",
        f"Vaxholm 2023: 1{NBSP}167,8",
        2,
    ),
    ("/trygghet", "trygghet", "Verkligt värde 2023", "Vaxholm 2023: 90 %", 1),
    ("/unga", "unga", "Vad hänger ihop med utfallet?", "Vaxholm 2024:", 3),
    ("/lagesbild", "lagesbild", "Veckosammanfattning för mötet", "rapporter, förväntat", 3),
    ("/insatser", "insatser", "Uppföljning per insats", "7 insatser under 4 medborgarlöften", 2),
    ("/import", "import", "visas bara för inloggade samordnare", "Importera filer", 0),
    ("/data-och-kallor", "data-och-kallor", "Nyckeltal och definitioner", "Kolada nyckeltal", 0),
]


@pytest.mark.parametrize(
    ("path", "name", "ready_text", "expected", "charts"), PAGES, ids=[row[1] for row in PAGES]
)
def test_every_page_renders_inside_the_app_frame(
    page, server: str, path: str, name: str, ready_text: str, expected: str, charts: int
) -> None:
    text = _open(page, server + path, name, ready_text)
    assert _plain(expected) in _plain(text)
    # The entry script's frame: its navigation and the language selector are there.
    assert "Språk / Language" in text
    assert page.locator("[data-testid='stSidebarNav'] a").count() == PAGE_COUNT
    assert _charts(page, charts) >= charts
    # Example data is labelled wherever a page shows it.
    if name not in {"import", "data-och-kallor"} and "exempeldata" not in text.lower():
        pytest.fail(f"{name}: no example-data label")


# Issue 12: charts squeezed to a strip (a 26-bar ranking in a short box, a legend eating the
# plot, a one-area Lägesbild at 34 px, Insatser follow-ups at ~70 px). Every page with charts,
# in both languages, as everyone sees it and with one area selected (the coordinators' normal
# filter); hidden values in view (mord och dråp in Vaxholm, Trygghet's small districts).
CHART_PAGES = {
    "sv": [
        ("oversikt", "/?lang=sv", "Källornas aktualitet"),
        ("brott", "/brottsutveckling?lang=sv&series=bra:mord_drap", "Rangordning bland"),
        ("brott-osteraker", "/brottsutveckling?lang=sv&area=0117", "Rangordning bland"),
        ("trygghet", "/trygghet?lang=sv", "Verkligt värde 2023"),
        (
            "trygghet-dolda",
            "/trygghet?lang=sv&safety_areas=Vaxholm,Bogesundslandet,Rindö",
            "färre än 30 svarande",
        ),
        ("unga", "/unga?lang=sv", "Vad hänger ihop med utfallet?"),
        ("lagesbild", "/lagesbild?lang=sv", "Veckosammanfattning för mötet"),
        ("lagesbild-ett-omrade", "/lagesbild?lang=sv&area=vaxon", "Veckosammanfattning"),
        ("lagesbild-4-veckor", "/lagesbild?lang=sv&area=rindo&period=4", "Veckosammanfattning"),
        ("insatser", "/insatser?lang=sv", "Uppföljning per insats"),
        ("insatser-ett-omrade", "/insatser?lang=sv&area=vaxon", "Uppföljning per insats"),
    ],
    "en": [
        ("oversikt", "/?lang=en", "Freshness of the sources"),
        ("brott", "/brottsutveckling?lang=en&series=bra:mord_drap", "Ranking among"),
        ("brott-osteraker", "/brottsutveckling?lang=en&area=0117", "Ranking among"),
        ("trygghet", "/trygghet?lang=en", "Published value 2023"),
        (
            "trygghet-dolda",
            "/trygghet?lang=en&safety_areas=Vaxholm,Bogesundslandet,Rindö",
            "fewer than 30 respondents",
        ),
        ("unga", "/unga?lang=en", "What goes together with the outcome?"),
        ("lagesbild", "/lagesbild?lang=en", "Weekly summary"),
        ("lagesbild-ett-omrade", "/lagesbild?lang=en&area=vaxon", "Weekly summary"),
        ("lagesbild-4-veckor", "/lagesbild?lang=en&area=rindo&period=4", "Weekly summary"),
        ("insatser", "/insatser?lang=en", "Follow-up per action"),
        ("insatser-ett-omrade", "/insatser?lang=en&area=vaxon", "Follow-up per action"),
    ],
}
MIN_CHART_PX = 150


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_chart_boxes_are_tall_enough_in_both_languages(page, server: str, lang: str) -> None:
    too_small = []
    for name, path, ready_text in CHART_PAGES[lang]:
        _open(page, server + path, f"diagram-{name}-{lang}", ready_text)
        boxes = page.locator("[data-testid='stVegaLiteChart']")
        assert boxes.count() >= 1, path
        heights = [boxes.nth(i).bounding_box()["height"] for i in range(boxes.count())]
        too_small += [
            (path, i, height) for i, height in enumerate(heights) if height < MIN_CHART_PX
        ]
    assert too_small == []


def test_a_filter_changes_the_view_and_the_link_recreates_it(page, server: str) -> None:
    _open(page, server + "/brottsutveckling", "filter-fore", "Rangordning bland")
    _choose(page, "Kommun", "Österåker")
    page.wait_for_url(re.compile(r"area=0117"), timeout=30_000)
    _settle(page, "Österåker 2023:")
    _shoot(page, "filter-efter")
    text = page.inner_text("body")
    assert "Österåker 2023:" in text
    shared = page.url

    # The link, opened in a new session, shows the same view.
    other = page.context.new_page()
    text = _open(other, shared, "delad-lank", "Österåker 2023:")
    assert "Österåker 2023:" in text
    assert "Vaxholm 2023: 1" not in text


def test_an_english_link_shows_english_and_english_numbers(page, server: str) -> None:
    text = _open(
        page, server + "/brottsutveckling?lang=en&area=0117", "brottsutveckling-en", "Ranking"
    )
    assert "Österåker 2023: 2," in text
    assert "Rangordning" not in text


def test_the_language_switch_translates_the_page_and_the_link(page, server: str) -> None:
    _open(page, server + "/", "sprak-fore", "Källornas aktualitet")
    _choose(page, "Språk / Language", "English")
    _settle(page, "Freshness of the sources")
    _shoot(page, "sprak-efter")
    text = page.inner_text("body")
    assert "Freshness of the sources" in text
    assert "Källornas aktualitet" not in text
    assert "1,167.8" in text
    assert "lang=en" in page.url


def test_the_csv_download_is_the_filtered_view_with_its_provenance(page, server: str) -> None:
    _open(page, server + "/brottsutveckling", "nedladdning", "Rangordning bland")
    button = page.get_by_role("button", name="Ladda ner CSV").first
    with page.expect_download(timeout=30_000) as event:
        button.click()
    download = event.value
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("# Källa: Kolada")
    frame = pd.read_csv(io.StringIO(content), comment="#")
    assert len(frame) > 0
    # Vaxholm's real Kolada theft rate, 2023, as in the chart and the table.
    assert round(float(frame.loc[frame["År"] == 2023, "Värde"].iloc[0]), 1) == 1167.8
    provenance = [line for line in content.splitlines() if line.startswith("# ")]
    assert any("Kommun: Vaxholm (0187)" in line for line in provenance)
    # No script run is in progress when the next button is clicked (a download starts none).
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)

    # "Ladda ner allt": the same data as CSV and Excel (svenska) with a README whose link
    # recreates the view.
    with page.expect_download(timeout=60_000) as event:
        page.get_by_role("button", name="Ladda ner allt (zip)").first.click()
    with zipfile.ZipFile(event.value.path()) as archive:
        names = archive.namelist()
        readme = next(archive.read(name).decode("utf-8") for name in names if "README" in name)
        inner_csv = next(name for name in names if name.endswith(".csv") and "excel" not in name)
        zipped = pd.read_csv(io.BytesIO(archive.read(inner_csv)), comment="#")
    assert len(names) == 3
    pd.testing.assert_frame_equal(zipped, frame)
    assert "/brottsutveckling?" in readme and "area=0187" in readme


def test_incident_detail_only_after_a_coordinator_signs_in(page, server: str) -> None:
    text = _open(page, server + "/lagesbild", "lagesbild-publik", "Veckosammanfattning för mötet")
    assert "visas bara för inloggade samordnare" in text
    page.get_by_label("Lösenord").fill("fel lösenord, inte det rätta")
    page.get_by_role("button", name="Logga in").click()
    _settle(page, "Fel lösenord")
    assert "Händelser i veckan" in page.inner_text("body")
    assert "visas bara för inloggade samordnare" in page.inner_text("body")

    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    _settle(page, "Fritexten är rensad från personnummer")
    _shoot(page, "lagesbild-samordnare")
    text = page.inner_text("body")
    assert "visas bara för inloggade samordnare" not in text
    assert re.search(r"\d+ rapporter v\. \d+", text)
    assert "Logga ut" in text


def test_a_reload_and_a_new_tab_stay_signed_in_until_sign_out(page, server: str) -> None:
    """Issue 14.7: the sign-in sets a signed, expiring cookie; a reload (a new Streamlit session)
    and a new tab read it; signing out deletes it."""
    _open(page, server + "/lagesbild", "lagesbild-cookie", "Veckosammanfattning för mötet")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    _settle(page, "Fritexten är rensad från personnummer")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "trygg_session"]
    assert cookie["sameSite"] == "Strict" and cookie["expires"] > time.time() + 7 * 3600

    page.reload()
    _settle(page, "Fritexten är rensad från personnummer")
    assert "Logga ut" in page.inner_text("body")
    tab = page.context.new_page()
    tab.goto(server + "/lagesbild")
    _settle(tab, "Fritexten är rensad från personnummer")
    assert "visas bara för inloggade samordnare" not in tab.inner_text("body")

    tab.get_by_role("button", name="Logga ut").click()
    _settle(tab, "visas bara för inloggade samordnare")
    assert not [c for c in tab.context.cookies() if c["name"] == "trygg_session"]
    page.reload()
    _settle(page, "visas bara för inloggade samordnare")
    assert "Logga ut" not in page.inner_text("body")


def test_filters_are_reachable_and_usable_with_the_keyboard(page, server: str) -> None:
    _open(page, server + "/brottsutveckling", "tangentbord-fore", "Rangordning bland")
    page.evaluate("() => document.activeElement?.blur()")
    # Tab from the top of the page until the municipality filter has the focus.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.getAttribute('aria-label')") == "Kommun":
            break
    else:
        pytest.fail("the Kommun filter cannot be reached with Tab")
    page.keyboard.type("Österåker")
    page.get_by_role("option", name="Österåker", exact=True).wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"area=0117"), timeout=30_000)
    _settle(page, "Österåker 2023:")
    _shoot(page, "tangentbord-efter")
    assert "Österåker 2023:" in page.inner_text("body")
