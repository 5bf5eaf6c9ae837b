"""Licences follow the language: sources.csv holds each source's licence in Swedish (as the
publisher states it) and in English, and no page shows the Swedish one in English mode."""

from __future__ import annotations

import csv

import pytest

from tests.pages.conftest import ROOT, app, texts

with open(ROOT / "data/metadata/sources.csv", encoding="utf-8", newline="") as handle:
    SOURCES = list(csv.DictReader(handle))
TRANSLATED = {
    row["licence"]: row["licence_en"] for row in SOURCES if row["licence"] != row["licence_en"]
}
EXAMPLE_SV = "Exempeldata – ingen officiell statistik"
EXAMPLE_EN = "Example data – not official statistics"


def test_every_source_has_an_english_licence() -> None:
    assert all(row["licence_en"].strip() for row in SOURCES)
    assert TRANSLATED[EXAMPLE_SV] == EXAMPLE_EN


@pytest.mark.parametrize(
    "script",
    ["pages/youth.py", "pages/situation.py", "pages/actions.py", "pages/safety.py"],
)
def test_pages_show_the_licence_in_the_chosen_language(script: str) -> None:
    english = texts(app(script, lang="en"))
    assert EXAMPLE_EN in english
    assert not [licence for licence in TRANSLATED if licence in english]
    assert EXAMPLE_SV in texts(app(script, lang="sv"))


def test_sources_page_lists_licences_in_english() -> None:
    test = app("pages/data_sources.py", lang="en")
    shown = texts(test)
    assert EXAMPLE_EN in shown
    assert "Brå's terms for statistics (free use with attribution)" in shown
    assert not [licence for licence in TRANSLATED if licence in shown]
    definitions = [frame.value for frame in test.dataframe if "Licence" in frame.value.columns]
    assert definitions and set(definitions[0]["Licence"]) <= set(TRANSLATED.values()) | {
        row["licence"] for row in SOURCES if row["licence"] == row["licence_en"]
    }
