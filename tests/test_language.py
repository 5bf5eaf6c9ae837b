"""No page shows a raw message key or English in Swedish (DESIGN §1: every label follows the
language), nor a Swedish label in English where the catalogue has a translation.

Every page (and the entry script) runs through AppTest in both languages, for the public and
for a signed-in coordinator; every string a visitor reads is collected from the element tree:
titles, headings, markdown, captions, alerts, metrics, widget labels, help texts and options,
button and download labels, expander and popover labels, table headers and text cells, and the
titles in the charts' specs.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.pages.coordinator import password_secrets, sign_in
from ui.i18n import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ["dashboard.py", *sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("pages/*.py"))]
TIMEOUT_SECONDS = 90

# Words that give English away in a Swedish page (whole words; "Import" and "Definition" are
# Swedish too, so they are not here).
ENGLISH_WORDS = [
    "the", "The", "and", "with", "without", "from", "for", "of", "per cent", "Download",
    "download", "Source", "Licence", "License", "Table", "Year", "Years", "Value", "Area",
    "Municipality", "Count", "Example data", "example data", "Filters", "Extracted", "Sweden",
    "County", "county", "Week", "week", "weeks", "Change", "change", "increase", "decrease",
    "Lower", "Upper", "limit", "Rank", "Show", "Choose", "Select", "No data", "reports",
    "Reports", "Safety", "Overview", "Crime", "Young people", "Actions", "Sign in", "Password",
    "Upload", "image", "Image", "scalable", "Expected", "expected", "Observed", "Hour",
    "Weekday", "Share", "share", "pupils", "Indicator", "Caveats", "Latest", "Preliminary",
    "yes", "certain",
]  # fmt: skip
ENGLISH_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w-])"
)
# A message key shown raw (keys are lower-case words joined by "_"), or an unfilled placeholder.
KEY_PATTERN = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
PLACEHOLDER_PATTERN = re.compile(r"\{[a-z_]+\}")
# A catalogue text's fixed parts this long are distinctive enough to recognise in a page;
# shorter than MIN_WORDS words (a column name such as "Medborgarlöfte") only as a whole string,
# since data (the promises' own names) may contain the word.
MIN_FRAGMENT = 12
MIN_WORDS = 3
# Coordinator-only content (incident lists, the import form) is checked signed in as well.
COORDINATOR_SCRIPTS = ["pages/situation.py", "pages/actions.py", "pages/data_import.py"]


def _fragments(lang: str) -> dict[str, str]:
    """Fixed parts (between placeholders) of every message in `lang` that the other language
    words differently: fragment -> its key. Parts the other language shares are left out."""
    other = "en" if lang == "sv" else "sv"
    other_texts = "\n".join(texts[other] for texts in MESSAGES.values())
    found = {}
    for key, texts in MESSAGES.items():
        if texts[lang] == texts[other]:
            continue
        for literal, *_ in string.Formatter().parse(texts[lang]):
            fragment = literal.strip(" .,:;–-()*")
            if len(fragment) >= MIN_FRAGMENT and fragment not in other_texts:
                found[fragment] = key
    return found


def _text_cells(frame) -> Iterator[str]:
    yield from (str(column) for column in frame.columns)
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype).startswith("string"):
            yield from (cell for cell in frame[column].dropna().unique() if isinstance(cell, str))


def _chart_titles(spec: object) -> Iterator[str]:
    """Titles and axis/legend titles in a Vega-Lite spec (what the chart shows as words)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "text") and isinstance(value, str):
                yield value
            elif key != "datasets":
                yield from _chart_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _chart_titles(item)


def visible_strings(test: AppTest) -> list[str]:
    """Every string a visitor reads on the page `test` ran."""
    found: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "exception",
    ):
        found += [str(element.value) for element in getattr(test, kind)]
    for metric in test.metric:
        found += [metric.label, str(metric.value), str(metric.delta or ""), metric.help or ""]
    for kind in ("selectbox", "radio", "multiselect"):
        for widget in getattr(test, kind):
            found += [widget.label, widget.help or "", *map(str, widget.options)]
    for kind in (
        "slider",
        "select_slider",
        "text_input",
        "number_input",
        "text_area",
        "checkbox",
        "toggle",
        "date_input",
    ):
        for widget in getattr(test, kind):
            found += [widget.label, widget.help or ""]
    for kind in ("button", "download_button", "file_uploader", "link_button", "page_link"):
        for widget in test.get(kind):
            found += [widget.proto.label, widget.proto.help]
    for expander in test.expander:
        found.append(expander.label)
    for tab in test.tabs:
        found.append(tab.label)
    for block in test.get("popover"):
        found.append(block.proto.popover.label)
    for frame in test.dataframe:
        found += list(_text_cells(frame.value))
    for chart in test.get("vega_lite_chart"):
        found += list(_chart_titles(json.loads(chart.proto.spec)))
    return [text for text in found if text and text.strip()]


_SEEN: dict[tuple[str, str, bool], list[str]] = {}


def seen(script: str, lang: str, *, coordinator: bool = False) -> list[str]:
    """The visible strings of `script` in `lang` (run once per test session)."""
    run = (script, lang, coordinator)
    if run not in _SEEN:
        test = AppTest.from_file(str(ROOT / script), default_timeout=TIMEOUT_SECONDS)
        if coordinator:
            for name, value in password_secrets().items():
                test.secrets[name] = value
        test.session_state["lang"] = lang
        test.run()
        if coordinator:
            test = sign_in(test)
        assert not test.exception, [e.value for e in test.exception]
        _SEEN[run] = visible_strings(test)
    return _SEEN[run]


RUNS = [(script, False) for script in SCRIPTS] + [(script, True) for script in COORDINATOR_SCRIPTS]
RUN_IDS = [f"{script}{'-coordinator' if coordinator else ''}" for script, coordinator in RUNS]


@pytest.fixture(autouse=True)
def use_built_database(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRYGG_DB", str(built_db))


@pytest.fixture(scope="module", autouse=True)
def fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    yield
    _SEEN.clear()


def test_the_collector_sees_what_a_page_shows() -> None:
    shown = seen("pages/crime_trends.py", "sv")
    for text in (
        "Brottsutveckling",
        "Brottstyp",
        "Ladda ner allt (zip)",
        "Ladda ner bild",
        "Tabell (samma data som diagrammet)",
        "Nedre gräns (95 %)",
        "Upplands Väsby",
    ):
        assert text in shown
    assert "per 100 000 invånare" in shown, "chart axis titles are collected too"


def shows(text: str, fragment: str) -> bool:
    """Whether `text` shows the catalogue `fragment` (see MIN_WORDS)."""
    if len(fragment.split()) >= MIN_WORDS:
        return fragment in text
    return text.strip(" .:*") == fragment


@pytest.mark.parametrize(("script", "coordinator"), RUNS, ids=RUN_IDS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_raw_message_key_or_placeholder(script: str, coordinator: bool, lang: str) -> None:
    for text in seen(script, lang, coordinator=coordinator):
        raw = [token for token in KEY_PATTERN.findall(text) if token in MESSAGES]
        assert not raw, f"{script} ({lang}) shows the message key {raw} in {text!r}"
        assert not PLACEHOLDER_PATTERN.search(text), f"{script} ({lang}): unfilled {text!r}"


@pytest.mark.parametrize(("script", "coordinator"), RUNS, ids=RUN_IDS)
def test_swedish_pages_show_no_english(script: str, coordinator: bool) -> None:
    english = _fragments("en")
    for text in seen(script, "sv", coordinator=coordinator):
        words = ENGLISH_PATTERN.findall(text)
        assert not words, f"{script}: English {words} in {text!r}"
        for fragment, key in english.items():
            assert not shows(text, fragment), f"{script}: English text of {key} in {text!r}"


@pytest.mark.parametrize(("script", "coordinator"), RUNS, ids=RUN_IDS)
def test_english_pages_show_no_swedish_label_that_has_a_translation(
    script: str, coordinator: bool
) -> None:
    swedish = _fragments("sv")
    for text in seen(script, "en", coordinator=coordinator):
        for fragment, key in swedish.items():
            assert not shows(text, fragment), f"{script}: Swedish text of {key} in {text!r}"


def test_the_checks_catch_an_untranslated_label(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ENGLISH_PATTERN.search("Download all (zip)")
    assert not ENGLISH_PATTERN.search("Ladda ner allt (zip) – Källa: Kolada (RKA), Brå, SCB")
    assert [t for t in KEY_PATTERN.findall("Se download_zip här") if t in MESSAGES]
    assert _fragments("sv")["Tabell (samma data som diagrammet"] == "table_view"
    # A Swedish page whose table label lost its translation is caught.
    monkeypatch.setitem(MESSAGES["table_view"], "sv", MESSAGES["table_view"]["en"])
    test = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=TIMEOUT_SECONDS)
    shown = visible_strings(test.run())
    assert "Table (the chart's data)" in shown
    assert any(ENGLISH_PATTERN.search(text) for text in shown)


def test_plural_forms_follow_the_language_through_babel(monkeypatch) -> None:
    """Issue 12: counts in sentences take the language's plural form (CLDR via Babel)."""
    from ui import i18n

    for lang, one, many in (
        ("sv", "1 rad importerad", "2 rader"),
        ("en", "1 row imported", "2 rows"),
    ):
        monkeypatch.setattr(i18n, "language", lambda lang=lang: lang)
        assert one in i18n.tn("import_done", 1, file="f", rows="1", id=3)
        assert many in i18n.tn("import_done", 2, file="f", rows="2", id=3)
        assert many.replace("2", "0") in i18n.tn("import_done", 0, file="f", rows="0", id=3)
