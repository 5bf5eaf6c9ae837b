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
    assert len(log) == 16
    assert set(log["Typ"]) == {
        "kolada",
        "bra",
        "population",
        "survey",
        "est",
        "insatser",
        "stockholmsenkaten",
    }
    assert log["SHA-256"].str.len().eq(64).all()


def test_theme_filter_limits_the_definitions() -> None:
    test = app(PAGE)
    assert len(table(test, "Definition")) == 62
    test.selectbox(key="theme").set_value("crime").run()
    crime = table(test, "Definition")
    assert sorted(crime["Nyckeltal"]) == ["U07417", "U07452"]
    assert test.query_params["theme"] == "crime"
