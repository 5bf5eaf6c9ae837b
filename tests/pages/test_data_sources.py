"""Data och källor: sources, licences, provenance log, definitions, theme filter."""

from tests.pages.conftest import app, table, texts

PAGE = "pages/data_sources.py"


def test_sources_with_licences_and_example_labels() -> None:
    shown = texts(app(PAGE))
    assert "**Kolada nyckeltal** · Verklig statistik" in shown
    assert "CC BY 4.0" in shown
    assert "Exempeldata: anmälda brott per brottstyp** · Exempeldata" in shown


def test_imports_log_lists_the_build_imports() -> None:
    log = table(app(PAGE), "SHA-256")
    assert len(log) == 17
    assert set(log["Typ"]) == {
        "kolada",
        "bra",
        "population",
        "survey",
        "est",
        "insatser",
        "stockholmsenkaten",
        "skolverket",
    }
    assert log["SHA-256"].str.len().eq(64).all()


def test_theme_filter_limits_the_definitions() -> None:
    test = app(PAGE)
    assert len(table(test, "Definition")) == 62
    test.selectbox(key="theme").set_value("crime").run()
    crime = table(test, "Definition")
    assert sorted(crime["Nyckeltal"]) == ["U07417", "U07452"]
    assert test.query_params["theme"] == "crime"


def test_sources_are_named_honestly_in_both_languages() -> None:
    """Issue 12: EST reports and quoted figures were badged "Official statistics" in English
    (a protected term); "Källa:" stayed in the English attribution."""

    english = texts(app("pages/data_sources.py", lang="en"))
    assert "Official statistics" not in english
    assert "The municipality's own records" in english
    assert "Published figure" in english
    assert "Attribution: *Källa" not in english
    swedish = texts(app("pages/data_sources.py"))
    assert "Kommunens egna rapporter" in swedish
    assert "Publicerad uppgift" in swedish


def test_swedish_tables_use_swedish_number_format() -> None:
    """Issue 12: the imports table showed 39553 (no grouping) in Swedish."""

    test = app("pages/data_sources.py")
    log = next(frame.value for frame in test.dataframe if "Rader" in frame.value.columns)
    rows = [str(value) for value in log["Rader"]]
    assert any("\u00a0" in value for value in rows), rows
    assert not any(value.isdigit() and len(value) > 3 for value in rows), rows


def test_publishers_and_attributions_are_in_the_ui_language() -> None:
    """Issue 12: in English the publisher read "Brottsförebyggande rådet (Brå)" and every
    source line "Källa: …"; sources.csv now carries publisher_en and attribution_en."""
    english = texts(app(PAGE, lang="en"))
    assert "Swedish National Council for Crime Prevention (Brå)." in english
    assert "Statistics Sweden (SCB)." in english
    assert "Brottsförebyggande rådet" not in english
    assert "Källa" not in english
    definitions = table(app(PAGE, lang="en"), "Definition")
    assert definitions["Source"].str.startswith("Source: ").all()
    swedish = texts(app(PAGE))
    assert "Brottsförebyggande rådet (Brå)." in swedish
    assert "Källhänvisning: *Källa: Brå, anmälda brott*" in swedish


def test_crime_and_overview_source_lines_are_english_in_english() -> None:
    for page in ("pages/crime_trends.py", "pages/overview.py"):
        english = texts(app(page, lang="en"))
        assert "Källa" not in english, page
        assert "Source: Kolada (RKA)" in english, page
