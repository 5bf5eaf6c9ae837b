"""Brottsutveckling: filters by key, what the user reads, filters kept in the URL."""

import re
import shutil
from pathlib import Path

import pytest

from data.importers import import_file
from tests.importers.bra_workbook_fixtures import write
from tests.pages.conftest import app, table, texts

PAGE = "pages/crime_trends.py"
NBSP = "\u00a0"


def test_default_view_shows_real_kolada_theft_rate_for_vaxholm() -> None:
    test = app(PAGE)
    assert test.selectbox(key="series").value == "kolada:U07417"
    assert test.selectbox(key="area").value == "0187"
    shown = texts(test)
    # Kolada U07417, Vaxholm 2023 = 1 167.80908 per 100 000 (real figure)
    assert f"Vaxholm 2023: 1{NBSP}167,8 per 100 000 invånare" in shown
    assert "ingen säker förändring" in shown or "minskning" in shown
    assert "Trend 2015–2023" in shown
    assert "före 2015 är inte helt jämförbara" in shown
    assert "Källa: Kolada nyckeltal – Källa: Kolada (RKA), Brå, SCB. Licens: CC BY 4.0." in shown
    assert "Vaxholm har plats" in shown


def test_area_filter_changes_the_view_and_the_url() -> None:
    test = app(PAGE)
    test.selectbox(key="area").set_value("0117").run()
    assert "Österåker 2023:" in texts(test)
    assert test.query_params["area"] == "0117"


def test_shared_url_recreates_the_view() -> None:
    test = app(PAGE, series="kolada:U07452", area="0162", measure="count", years="2016-2020")
    assert test.selectbox(key="series").value == "kolada:U07452"
    assert test.selectbox(key="area").value == "0162"
    assert test.radio(key="measure").value == "count"
    assert test.slider(key="years").value == (2016, 2020)
    assert "Danderyd 2020:" in texts(test)
    assert "anmälda brott" in texts(test)


def test_example_series_is_labelled_as_example_data() -> None:
    test = app(PAGE)
    test.selectbox(key="series").set_value("bra:misshandel").run()
    warnings = " ".join(w.value for w in test.warning)
    assert "exempeldata" in warnings.lower()
    assert "Misshandel" in texts(test)


def test_years_slider_limits_the_summary_year() -> None:
    test = app(PAGE)
    test.slider(key="years").set_value((2015, 2019)).run()
    assert "Vaxholm 2019:" in texts(test)
    assert test.query_params["years"] == "2015-2019"


def test_table_view_holds_exactly_the_filtered_years() -> None:
    test = app(PAGE, years="2016-2020")
    shown = table(test, "Nedre gräns (95 %)")
    # Issue 12: the table is written in Swedish (years as years, 2 432,7 not 2432.72515).
    assert shown["År"].tolist() == ["2016", "2017", "2018", "2019", "2020"]
    assert shown.loc[shown["År"] == "2019", "Värde"].iloc[0] == "2\u00a0432,7"
    assert set(shown["Kommun"]) == {"Vaxholm"}

    def number(column: str) -> list[float]:
        return [float(v.replace("\u00a0", "").replace(",", ".")) for v in shown[column]]

    lower, value, upper = number("Nedre gräns (95 %)"), number("Värde"), number("Övre gräns (95 %)")
    assert all(low < mid < up for low, mid, up in zip(lower, value, upper, strict=True))


def test_english_uses_english_labels_and_number_format() -> None:
    test = app(PAGE, lang="en")
    shown = texts(test)
    assert "Vaxholm 2023: 1,167.8 per 100 000 inhabitants" in shown
    assert "invånare" not in shown


def test_the_series_break_is_explained_once_for_kolada_and_bra_series() -> None:
    for key in ("kolada:U07417", "bra:totalt"):
        test = app(PAGE, series=key)
        assert test.selectbox(key="series").value == key
        shown = texts(test)
        assert shown.count("före 2015 är inte helt jämförbara") == 1, key


def test_missing_kolada_years_are_named_for_the_municipality_selected() -> None:
    """Issue 12: 'Kolada saknar värden för Vaxholm 2011–2013' was a fixed caveat, shown with
    Österåker selected too. The note is now worked out for the chosen municipality."""
    vaxholm = texts(app(PAGE, series="kolada:U07452", area="0187"))
    assert "saknar värden för Vaxholm 2011–2013." in vaxholm
    osteraker = texts(app(PAGE, series="kolada:U07452", area="0117"))
    assert "saknar värden för Vaxholm" not in osteraker
    english = texts(app(PAGE, lang="en", series="kolada:U07452", area="0187"))
    assert "has no values for Vaxholm in 2011–2013." in english


def test_ranking_among_the_whole_country() -> None:
    """Kolada's theft rate for all 290 municipalities: the ranking can be national (issue 13.3)."""
    test = app(PAGE)
    assert test.radio(key="ranking_scope").value == "county"
    shown = texts(test)
    assert "Rangordning bland länets kommuner 2023" in shown
    county = re.search(r"Vaxholm har plats (\d+) av (\d+)", shown)
    assert county and county.group(2) == "26"
    assert len(table(test, "Plats")) == 26
    test.radio(key="ranking_scope").set_value("national").run()
    assert not test.exception
    assert test.query_params["ranking_scope"] == "national"
    shown = texts(test)
    assert "Rangordning bland landets kommuner 2023" in shown
    national = re.search(r"Vaxholm har plats (\d+) av (\d+)", shown)
    # Every municipality has a 2023 theft rate in the bundled national Kolada file.
    assert national and national.group(2) == "290"
    assert int(national.group(1)) >= int(county.group(1))  # a superset ranks it no higher
    assert len(table(test, "Plats")) == 290


def test_national_ranking_is_kept_in_the_url() -> None:
    test = app(PAGE, ranking_scope="national", lang="en")
    assert test.radio(key="ranking_scope").value == "national"
    assert "Ranking among the country's municipalities 2023" in texts(test)


def test_imported_bra_workbook_is_shown_with_its_own_source(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 bug: a Brå lägesbild workbook's counts sat beside the example counts and the
    page named only the example source. Published counts now win for their crime type."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    import_file(copy, "bra", write(tmp_path / "Vaxholm 2024.xlsx"))
    monkeypatch.setenv("TRYGG_DB", str(copy))
    test = app(PAGE, series="bra:totalt", measure="count")
    assert not test.exception
    shown = texts(test)
    # The fixture's invented Vaxholm 2024 count (tests/importers/bra_workbook_fixtures.py).
    assert "Vaxholm 2024: 598 anmälda brott" in shown
    assert "Källa: Brå anmälda brott. Licens:" in shown
    assert "Exempeldata: anmälda brott" not in shown
    assert not any("exempeldata" in w.value.lower() for w in test.warning)
    assert test.selectbox(key="series").format_func("bra:totalt") == "Totalt antal brott"
    # The workbook's rates, not an example series, from its first year.
    test.radio(key="measure").set_value("rate").run()
    assert "Vaxholm 2024: 4\u00a0150,0 per 100 000 invånare" in texts(test)
    assert table(test, "Nedre gräns (95 %)")["År"].tolist() == ["2022", "2023", "2024"]
    # A type the workbook does not hold stays example data, labelled so.
    assert test.selectbox(key="series").format_func("bra:misshandel").endswith("(exempeldata)")
