"""Every chart offers PNG and SVG images and every table a "Ladda ner" zip, all made only when
clicked (deferred), and what they hold: the filtered table, a README with source, licence,
filters, series breaks, the example flag and the link that recreates the view, and images with
the chart's title, source line and date burned in."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import ClassVar

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import app_test as app_test_module

from tests.pages.conftest import ROOT, app, table

CRIME = "pages/crime_trends.py"
# Per page: the keys of the chart images and zips it must offer in its default view.
OFFERED = {
    "pages/overview.py": ["overview_chart_png", "overview_chart_svg", "overview_total_zip"],
    CRIME: [
        "crime_chart_png",
        "crime_chart_svg",
        "crime_zip",
        "ranking_chart_png",
        "ranking_chart_svg",
        "ranking_zip",
    ],
    "pages/safety.py": ["safety_chart_png", "safety_chart_svg", "safety_zip"],
    "pages/youth.py": [
        *[
            f"youth_{part}_chart_{kind}"
            for part in ("trend", "profile", "levels", "model")
            for kind in ("png", "svg")
        ],
        "youth_trend_zip",
        "youth_profile_zip",
        "youth_levels_zip",
        "youth_model_zip",
    ],
    "pages/situation.py": [
        *[
            f"est_{part}_chart_{kind}"
            for part in ("week", "trend", "hotspot", "heatmap")
            for kind in ("png", "svg")
        ],
        "est_week_zip",
        "est_trend_zip",
        "est_hotspots_zip",
        "est_weekday_hour_zip",
    ],
    "pages/actions.py": [
        "est_timeline_chart_png",
        "est_timeline_chart_svg",
        "est_actions_zip",
        "est_followup_zip",
    ],
    "pages/data_sources.py": ["indicators_zip"],
}


class RecordingManager(MediaFileManager):
    """AppTest's media file manager, remembering each deferred download's callable."""

    callables: ClassVar[dict[str, Callable[[], bytes]]] = {}

    def add_deferred(self, data_callable, *args, **kwargs) -> str:
        file_id = super().add_deferred(data_callable, *args, **kwargs)
        RecordingManager.callables[file_id] = data_callable
        return file_id


@pytest.fixture
def made_on_click(monkeypatch: pytest.MonkeyPatch) -> Callable[[object, str], bytes]:
    """read(test, key) -> the bytes the download button `key` makes when clicked."""
    RecordingManager.callables = {}
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingManager)

    def read(test, key: str) -> bytes:
        (button,) = [b for b in test.get("download_button") if b.proto.id.endswith(f"-{key}")]
        return RecordingManager.callables[button.proto.deferred_file_id]()

    return read


def download_keys(test) -> dict[str, object]:
    return {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in test.get("download_button")}


@pytest.mark.parametrize("page", sorted(OFFERED))
def test_pages_offer_images_and_zips_made_on_click(page: str, made_on_click) -> None:
    test = app(page)
    assert not test.exception
    offered = download_keys(test)
    for key in OFFERED[page]:
        assert key in offered, f"{page} offers no {key}"
        assert offered[key].deferred_file_id, f"{key} is made when clicked, not on every run"


def test_zip_holds_exactly_the_filtered_view_and_a_readme(made_on_click) -> None:
    test = app(CRIME, series="bra:misshandel", area="0117", years="2016-2020")
    shown = table(test, "Nedre gräns (95 %)")
    data = made_on_click(test, "crime_zip")
    stem = "trygg_vaxholm_crime_sv"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["README.txt", f"{stem}.csv", f"{stem}_excel_sv.csv"]
        csv = pd.read_csv(io.BytesIO(archive.read(f"{stem}.csv")), comment="#")
        excel = pd.read_csv(
            io.BytesIO(archive.read(f"{stem}_excel_sv.csv")),
            sep=";",
            decimal=",",
            comment="#",
            encoding="utf-8-sig",
        )
        readme = archive.read("README.txt").decode("utf-8")

    def as_number(text: str) -> float:
        return float(text.replace("\u00a0", "").replace(",", "."))

    for back in (csv, excel):
        assert back["År"].tolist() == [2016, 2017, 2018, 2019, 2020]
        assert list(back.columns) == list(shown.columns)
        # Issue 12: whose figures they are, beside every row.
        assert set(back["Kommun"]) == {"Österåker"}
        # The table shows the file's (rounded) numbers in Swedish format.
        for column in ("Värde", "Övre gräns (95 %)"):
            assert [as_number(text) for text in shown[column]] == back[column].tolist()
        # Sensible rounding: no 15-digit bounds.
        assert (back["Övre gräns (95 %)"] == back["Övre gräns (95 %)"].round(2)).all()
    # The Swedish table: "1 234,5", never "1234.5".
    assert all("." not in text for text in shown["Värde"])
    assert "Källa: " in readme and "Licens: " in readme and "Uttag: " in readme
    # Issue 12: filters named as the page names them, names beside codes.
    assert "Kommun = Österåker (0117)" in readme and "År = 2016-2020" in readme
    assert "Brottstyp = Misshandel" in readme and "area = 0117" not in readme
    assert "Exempeldata: Innehåller exempeldata – inte officiell statistik." in readme
    assert "Seriebrott: Brås kommunala siffror före 2015" in readme
    link = next(line for line in readme.splitlines() if line.startswith("Länk till vyn: "))
    for parameter in ("series=bra%3Amisshandel", "area=0117", "years=2016-2020", "lang=sv"):
        assert parameter in link


def test_zip_readme_follows_the_language(made_on_click) -> None:
    test = app(CRIME, lang="en")
    with zipfile.ZipFile(io.BytesIO(made_on_click(test, "crime_zip"))) as archive:
        assert "trygg_vaxholm_crime_en.csv" in archive.namelist()
        readme = archive.read("README.txt").decode("utf-8")
    assert readme.startswith("Trygg i Vaxholm – downloaded view")
    assert "Licence: CC BY 4.0" in readme
    assert "Link to this view: " in readme and "lang=en" in readme
    # The source's own attribution ("Källa: Kolada (RKA), …") is data; the labels are not.
    assert "Urval" not in readme and "Länk" not in readme and "Uttag" not in readme
    assert "Municipality = Vaxholm (0187)" in readme


def test_excel_swedish_writes_ja_nej_not_true() -> None:
    """Issue 12: `True` appeared in the Excel (svenska) file."""
    from ui import export

    frame = pd.DataFrame({"År": [2023, 2024], "Exempeldata": [True, False]})
    text = export.to_excel_swedish(frame, ["Källa: test"]).decode("utf-8-sig")
    assert "ja" in text and "nej" in text
    assert "True" not in text and "False" not in text


def test_chart_images_carry_title_source_date_and_example_note(made_on_click) -> None:
    test = app(CRIME, series="bra:misshandel", area="0187")
    svg = made_on_click(test, "crime_chart_svg").decode("utf-8")
    assert svg.startswith("<svg")
    assert "Misshandel" in svg and "Vaxholm" in svg
    assert "Källa: " in svg and "Uttag: " in svg
    assert "Exempeldata – inte officiell statistik" in svg
    png = made_on_click(test, "crime_chart_png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_every_chart_goes_through_chart_with_images() -> None:
    """A bare st.altair_chart would lose the locale and the image downloads."""
    scripts = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"]
    bare = [
        path.relative_to(ROOT).as_posix()
        for path in scripts
        if path.name != "frame.py" and "st.altair_chart(" in path.read_text(encoding="utf-8")
    ]
    assert bare == []
