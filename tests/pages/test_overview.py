"""Översikt: headline cards with latest value, change verdict and county context."""

from tests.pages.conftest import app, table, texts

PAGE = "pages/overview.py"
NBSP = "\u00a0"


def test_theft_card_shows_latest_real_value_and_verdict() -> None:
    test = app(PAGE)
    theft = next(m for m in test.metric if m.label.startswith("Anmälda stöld"))
    assert theft.value == f"1{NBSP}167,8"
    # 2022 -> 2023: 1 344.65 -> 1 167.81 per 100 000, about 160 vs 144 reported thefts
    assert "mot 2022" in theft.delta
    assert "ingen säker förändring" in theft.delta


def test_cards_without_denominators_say_uncertainty_is_unknown() -> None:
    test = app(PAGE)
    shown = texts(test)
    assert "procentenheter" in shown
    assert "Länets kommuner 2023: median" in shown


def test_total_crime_comparison_is_labelled_example() -> None:
    test = app(PAGE)
    assert any("exempeldata" in w.value.lower() for w in test.warning)
    assert "Stockholms län" in texts(test)


def test_freshness_table_lists_every_data_table() -> None:
    test = app(PAGE)
    freshness = table(test, "Tabell")
    assert set(freshness["Tabell"]) == {"Kolada-nyckeltal", "Anmälda brott", "Folkmängd"}


def test_overview_in_english() -> None:
    test = app(PAGE, lang="en")
    theft = next(m for m in test.metric if m.label.startswith("Reported theft"))
    assert theft.value == "1,167.8"
    assert "no certain change" in theft.delta
