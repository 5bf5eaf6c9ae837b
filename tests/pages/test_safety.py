"""Trygghet: every widget driven by key, what the user reads, the real published points, the
n < 30 rule in chart and table alike, and filters kept in the URL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from data.importers import import_file
from tests.importers import ntu_county_fixtures
from tests.pages.conftest import app, numbers, table, texts

PAGE = "pages/safety.py"
NBSP = "\u00a0"
SHARE = "Andel (%)"
VAXHOLM_2023_PAGE = (
    "https://www.vaxholm.se/allanyheter/nyhetsarkiv/"
    "vaxholmtryggastilanet.5.7d3ae8fa18a831ee7055f31f.html"
)


def chart_rows(test: AppTest) -> pd.DataFrame:
    """Every row the chart sends to the browser (all its datasets)."""
    (chart,) = test.get("vega_lite_chart")
    frames = [pa.ipc.open_stream(data.data.data).read_pandas() for data in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True)


def no_errors(test: AppTest) -> None:
    assert not test.exception, [e.value for e in test.exception]
    assert not test.error, [e.value for e in test.error]


def test_default_view_vaxholm_lpo_region_with_real_points_and_example_labels() -> None:
    test = app(PAGE)
    no_errors(test)
    assert test.title[0].value == "Trygghet"
    assert test.selectbox(key="safety_indicator").value == "survey_trygg_kvall"
    assert test.selectbox(key="safety_group").value == "alla"
    assert test.multiselect(key="safety_areas").value == [
        "Vaxholm",
        "LPO Södra Roslagen",
        "Polisregion Stockholm",
    ]
    assert test.slider(key="safety_years").value == (2020, 2025)
    shown = texts(test)
    # The real published value leads the headline (issue 12: the landing view leads with real
    # data), with its web page (Vaxholms stad, 2023-09-19); the example series follows.
    assert (
        f"**Trygg ute sent på kvällen i bostadsområdet, andel (%)** – Vaxholm 2023: 90{NBSP}%, "
        f"publicerad uppgift; källa: ["
    ) in shown
    assert f"]({VAXHOLM_2023_PAGE})." in shown
    assert "Vaxholm 2025: " in shown
    assert "exempeldata; jämfört med 2024: " in shown
    assert "Jämfört med LPO Södra Roslagen 2025" in shown
    assert "Jämfört med Polisregion Stockholm 2025" in shown
    assert "Testet jämför Vaxholm med resten av området" in shown
    assert "Verkligt värde 2023 (Vaxholm, LPO Södra Roslagen, Polisregion Stockholm): " in shown
    assert "Innehåller exempeldata" in " ".join(w.value for w in test.warning)
    assert "Källa: Exempeldata: trygghetsundersökningar. Licens: Exempeldata" in shown
    assert "Källa: Publicerade trygghetssiffror för Vaxholm." in shown
    assert test.query_params["safety_areas"] == "Vaxholm,LPO Södra Roslagen,Polisregion Stockholm"


def test_table_holds_the_real_published_points_as_published() -> None:
    test = app(PAGE)
    shown = numbers(table(test, SHARE))
    published = shown[shown["Typ av värde"] == "Verklig statistik (publicerat värde)"]
    points = {
        (area, year): share
        for area, year, share in zip(
            published["Område"], published["År"], published[SHARE], strict=True
        )
    }
    # vaxholm_published_figures.csv: Vaxholm 2020 85 / 2023 90, LPO 2020 73 / 2021 75 /
    # 2023 80, region 2020 66 / 2021 68 / 2023 71 (Vallentuna is not chosen).
    assert points == {
        ("Vaxholm", "2020"): 85.0,
        ("Vaxholm", "2023"): 90.0,
        ("LPO Södra Roslagen", "2020"): 73.0,
        ("LPO Södra Roslagen", "2021"): 75.0,
        ("LPO Södra Roslagen", "2023"): 80.0,
        ("Polisregion Stockholm", "2020"): 66.0,
        ("Polisregion Stockholm", "2021"): 68.0,
        ("Polisregion Stockholm", "2023"): 71.0,
    }
    assert published["Antal svarande"].isna().all()
    assert published["KI nedre (%)"].isna().all()
    # The example series agree with every published point to the whole percent.
    example = shown[shown["Typ av värde"] == "Exempeldata"]
    for (area, year), share in points.items():
        row = example[(example["Område"] == area) & (example["År"] == year)]
        assert round(row[SHARE].iloc[0]) == share, (area, year)
    assert (example["KI nedre (%)"] < example[SHARE]).all()
    assert (example[SHARE] < example["KI övre (%)"]).all()
    assert set(example["Intervall"]) == {"Wilson"}


def test_small_areas_are_hidden_in_chart_and_table_and_counted() -> None:
    test = app(PAGE)
    test.multiselect(key="safety_areas").set_value(["Vaxholm", "Bogesundslandet", "Rindö"]).run()
    no_errors(test)
    assert test.query_params["safety_areas"] == "Vaxholm,Bogesundslandet,Rindö"
    # Bogesundslandet has 9-18 answers every year, Rindö 26 in 2023 (example data); in the
    # other years Rindö, the smallest district shown, is hidden with Bogesundslandet, or
    # Vaxholm minus the shown districts would give Bogesundslandet back.
    assert "12 av cellerna i urvalet visas inte" in texts(test)
    shown = numbers(table(test, SHARE))
    hidden = shown[shown["Visas inte (.. = färre än 30 svar, eller skyddar en sådan cell)"] == ".."]
    assert sorted(zip(hidden["Område"], hidden["År"], strict=True)) == sorted(
        (area, str(year)) for area in ("Bogesundslandet", "Rindö") for year in range(2020, 2026)
    )
    assert hidden[[SHARE, "KI nedre (%)", "KI övre (%)", "Antal svarande"]].isna().all().all()
    rows = chart_rows(test)
    plotted = rows[rows["mark"].isna()]
    assert "Bogesundslandet" not in set(plotted["area_name"])
    assert "Rindö" not in set(plotted["area_name"])
    assert plotted["share"].notna().all()
    # Hidden cells are drawn as hidden: a ".." above each hidden year naming the areas, with
    # no value, and a legend entry saying what ".." means (issue 12).
    marks = rows[rows["mark"].notna()]
    assert set(marks["mark"]) == {".."}
    assert marks[["share", "lower", "upper"]].isna().all().all()
    hidden_areas = dict(zip(marks["year"].astype(int), marks["series"], strict=True))
    assert hidden_areas == {year: "Bogesundslandet, Rindö" for year in range(2020, 2026)}
    assert set(marks["legend"]) == {
        ".. = visas inte (färre än 30 svarande, eller skyddar en sådan cell)"
    }


def test_group_filter_changes_the_view_and_the_url() -> None:
    test = app(PAGE)
    test.selectbox(key="safety_group").set_value("kvinnor").run()
    no_errors(test)
    assert test.query_params["safety_group"] == "kvinnor"
    shown = table(test, SHARE)
    # No real point is published for women: the table holds example rows only.
    assert set(shown["Typ av värde"]) == {"Exempeldata"}
    assert "publicerad uppgift" not in texts(test)


def test_years_slider_limits_the_summary_and_the_table() -> None:
    test = app(PAGE)
    test.slider(key="safety_years").set_value((2021, 2023)).run()
    no_errors(test)
    assert test.query_params["safety_years"] == "2021-2023"
    shown = texts(test)
    assert "Vaxholm 2023: 90" in shown
    assert "jämfört med 2022: " in shown
    assert set(table(test, SHARE)["År"]) == {"2021", "2022", "2023"}


def test_ntu_question_has_pooled_years_source_intervals_and_the_2017_break() -> None:
    test = app(PAGE)
    test.slider(key="safety_years").set_value((2022, 2024)).run()
    test.selectbox(key="safety_indicator").set_value("survey_ntu_otrygg_kvall").run()
    no_errors(test)
    # Areas and years follow the question: NTU has the county and Riket, pooled 2013-2024.
    assert test.multiselect(key="safety_areas").value == ["Vaxholm", "Stockholms län", "Riket"]
    assert test.slider(key="safety_years").value == (2022, 2024)
    test.slider(key="safety_years").set_value((2014, 2018)).run()
    no_errors(test)
    shown = texts(test)
    assert "Vaxholm 2017–2018: " in shown
    assert "jämförs inte med 2015–2016: metoden ändrades däremellan (seriebrott)" in shown
    assert "Seriebrott 2017" in shown
    assert "två års svar tillsammans" in shown
    rows = table(test, SHARE)
    assert set(rows["Intervall"]) == {"källans"}
    assert rows.loc[rows["År"] == "2017–2018", "Seriebrott"].eq("ja").all()


def test_single_year_question_without_counts_has_no_slider_and_no_interval() -> None:
    test = app(PAGE, safety_indicator="survey_ej_radsla_kvall")
    no_errors(test)
    assert not test.slider
    shown = texts(test)
    assert "Bara ett år finns för den här frågan: 2023." in shown
    # Länsstyrelsen's medborgarundersökning 2023 (vaxholm.se, 2024-01-02): 88 %.
    assert (
        f"Vaxholm 2023: 88{NBSP}% (antal svarande saknas, så inget KI); ingen tidigare mätning"
    ) in shown
    assert not test.warning, "real values only: no example-data label"
    assert "vaxholmsbornatryggastochlyckligastilanet" in shown


def test_question_without_the_chosen_group_falls_back_to_its_own_groups() -> None:
    test = app(PAGE)
    test.selectbox(key="safety_indicator").set_value("survey_se_trygg_ute_sent").run()
    no_errors(test)
    group = test.selectbox(key="safety_group")
    assert group.options == ["Åk 9, flickor", "Åk 9, pojkar"]
    assert group.value == "åk 9 flickor"
    assert f"Vaxholm 2022: 80{NBSP}%" in texts(test)
    group.set_value("åk 9 pojkar").run()
    assert f"Vaxholm 2022: 90{NBSP}%" in texts(test)


def test_questions_are_listed_police_first_and_other_municipalities_are_offered() -> None:
    test = app(PAGE)
    options = test.selectbox(key="safety_indicator").options
    assert options[0] == "Trygg ute sent på kvällen i bostadsområdet, andel (%)"
    assert options[-1].endswith("(Stockholmsenkäten), andel (%)")
    # Published only for Vallentuna (by sex): the page offers what the question has.
    test.selectbox(key="safety_indicator").set_value("survey_otrygg_bostadsomrade").run()
    no_errors(test)
    assert test.selectbox(key="safety_group").options == ["Kvinnor", "Män"]
    assert test.multiselect(key="safety_areas").value == ["Vallentuna"]
    assert f"Vallentuna 2023: 18{NBSP}% (antal svarande saknas, så inget KI)" in texts(test)


def test_no_area_chosen_asks_for_one() -> None:
    test = app(PAGE)
    test.multiselect(key="safety_areas").set_value([]).run()
    no_errors(test)
    assert "Välj minst ett område." in texts(test)


def test_shared_url_recreates_the_view() -> None:
    test = app(
        PAGE,
        safety_indicator="survey_utsatt_stold",
        safety_group="16–29 år",
        safety_areas="Polisregion Stockholm,Vaxholm,Atlantis",
        safety_years="2022-2024",
    )
    no_errors(test)
    assert test.selectbox(key="safety_indicator").value == "survey_utsatt_stold"
    assert test.selectbox(key="safety_group").value == "16–29 år"
    assert test.multiselect(key="safety_areas").value == ["Polisregion Stockholm", "Vaxholm"]
    assert test.slider(key="safety_years").value == (2022, 2024)
    assert "Polisregion Stockholm 2024: " in texts(test)
    assert "Jämfört med Vaxholm 2024" in texts(test)


def test_downloads_are_offered() -> None:
    test = app(PAGE)
    labels = {button.proto.label for button in test.get("download_button")}
    assert labels == {
        "Ladda ner CSV",
        "Ladda ner Excel (svenska)",
        "Ladda ner allt (zip)",
        "PNG-bild",
        "SVG-bild (skalbar)",
    }


def test_english_labels_and_number_format() -> None:
    test = app(PAGE, lang="en")
    no_errors(test)
    shown = texts(test)
    assert test.title[0].value == "Safety"
    assert "Feels safe out late in the evening in own neighbourhood" in shown
    assert "example data; compared with 2024: " in shown
    assert "Compared with Local police area Södra Roslagen 2025" in shown
    assert "– Vaxholm 2023: 90%, published figure; source: [" in shown
    assert "jämfört" not in shown
    rows = table(test, "Share (%)")
    assert "Local police area Södra Roslagen" in set(rows["Area"])
    # Issue 12: "official statistics" is a protected term; a quoted figure is not one.
    assert "Real data (published figure)" in set(rows["Kind of value"])
    assert not any("Official" in kind for kind in rows["Kind of value"])


def test_imported_ntu_county_workbook_is_shown_with_interval_and_source(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: NTU's results for counties (a fixture with invented values) imported through
    the Brå importer appear on Trygghet for Stockholms län and Riket, each year, the last one
    with Brå's interval, under their own source line."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    import_file(copy, "bra", ntu_county_fixtures.write(tmp_path / "NTU län.xlsx"))
    monkeypatch.setenv("TRYGG_DB", str(copy))
    test = app(PAGE, safety_indicator="survey_ntu_otrygg_kvall", safety_areas="Stockholms län")
    no_errors(test)
    assert test.multiselect(key="safety_areas").value == ["Stockholms län"]
    assert (
        "Källa: Brå Nationella trygghetsundersökningen (NTU), resultat för län. "
        "Licens: Brås villkor för statistik"
    ) in texts(test)
    shown = table(test, SHARE).set_index("År")
    real = shown[shown["Typ av värde"] == "Verklig statistik (publicerat värde)"]
    assert real.index.tolist() == ["2021", "2022", "2023", "2024"]
    assert real.loc["2024", [SHARE, "KI nedre (%)", "KI övre (%)"]].tolist() == [
        "29,6",
        "28,8",
        "30,4",
    ]
    assert real.loc["2023", "KI nedre (%)"] == ".."
    # The chart draws Brå's interval as a whisker under the 2024 point, and says so.
    (chart,) = test.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    whiskers = [
        layer
        for layer in spec["layer"]
        if layer.get("mark", {}).get("type") == "rule" and "y2" in layer.get("encoding", {})
    ]
    assert len(whiskers) == 1
    rows = chart_rows(test)
    drawn = rows[rows["lower"].notna() & (rows["kind"] == "published")]
    assert drawn[["year", "lower", "upper"]].drop_duplicates().values.tolist() == [
        [2024, 28.8, 30.4]
    ]
    assert "med ett streck för källans intervall" in texts(test)
    test.selectbox(key="safety_group").set_value("kvinnor").run()
    no_errors(test)
    women = table(test, SHARE).set_index("År")
    assert women.loc["2024", SHARE] == "41,2"


def test_a_published_ntu_county_value_leads_the_headline_with_its_source(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: with NTU's county results imported (fixture workbook, invented values), the
    headline for Stockholms län still quoted the example series. The published 2024 value now
    leads, with Brå's interval, named a published figure and followed by its source; the
    example line comes after it, labelled as example data."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    import_file(copy, "bra", ntu_county_fixtures.write(tmp_path / "NTU län.xlsx"))
    monkeypatch.setenv("TRYGG_DB", str(copy))
    for lang, expected, source in (
        (
            "sv",
            f"Stockholms län 2024: 29,6{NBSP}% (KI 28,8–30,4{NBSP}%), publicerad uppgift; källa: ",
            "Brå Nationella trygghetsundersökningen",
        ),
        (
            "en",
            (
                "Stockholm County 2024: 29.6% (confidence interval 28.8–30.4%), published "
                "figure; source: "
            ),
            "Brå",
        ),
    ):
        test = app(
            PAGE,
            lang=lang,
            safety_indicator="survey_ntu_otrygg_kvall",
            safety_areas="Stockholms län",
        )
        no_errors(test)
        lines = [block.value for block in test.markdown]
        (headline,) = [line for line in lines if line.startswith("**")]
        assert headline.split("** – ", 1)[1].startswith(expected), headline
        assert source in headline.replace("\\", ""), headline
        assert "xempel" not in headline
        following = lines[lines.index(headline) + 1]
        assert ("exempeldata" if lang == "sv" else "example data") in following, following
