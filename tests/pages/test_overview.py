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


def test_landing_chart_leads_with_real_kolada_data() -> None:
    """Issue 12: the only chart was the Brå example total; the real Kolada series for Vaxholm
    against the county leads instead, with Kolada's source line."""
    test = app(PAGE)
    assert "Anmälda stöld- och tillgreppsbrott per 100 000 invånare: Vaxholm, länet och riket" in [
        s.value for s in test.subheader
    ]
    assert any("Kolada" in c.value and "CC BY 4.0" in c.value for c in test.caption)
    # The county line is computed with the example population: that stays labelled.
    assert any("folkmängden är exempeldata" in w.value for w in test.warning)
    assert not any("exempeldata: anmälda brott" in c.value.lower() for c in test.caption)
    # No raw ".." in the sentence where a figure (Riket) is missing.
    summary = next(m.value for m in test.markdown if m.value.startswith("2023:"))
    assert ".." not in summary
    assert "Vaxholm 1" in summary and "Stockholms län" in summary


def test_card_titles_are_shown_whole_with_their_unit() -> None:
    """Issue 12: st.metric cut long labels ("…per 1…"); the title is written out above it."""
    test = app(PAGE)
    shown = [m.value for m in test.markdown]
    assert "**Anmälda stöld- och tillgreppsbrott per 100 000 invånare**" in shown
    assert "**Deltagartillfällen i idrottsföreningar, antal per invånare 7–20 år**" in shown
    assert all(m.proto.label_visibility.value == 2 for m in test.metric)  # collapsed


def test_freshness_table_lists_every_data_table() -> None:
    test = app(PAGE)
    freshness = table(test, "Tabell")
    assert set(freshness["Tabell"]) == {"Kolada-nyckeltal", "Anmälda brott", "Folkmängd"}


def test_overview_in_english() -> None:
    test = app(PAGE, lang="en")
    theft = next(m for m in test.metric if m.label.startswith("Reported theft"))
    assert theft.value == "1,167.8"
    assert "no certain change" in theft.delta
