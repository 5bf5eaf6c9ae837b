"""Downloads: formula cells neutralised, provenance first, Excel (svenska) round-trips, the
zip with its README, and chart images (PNG, SVG) with title, source and date burned in."""

import io
import zipfile

import altair as alt
import pandas as pd

from ui.charts import NUMBER_LOCALES, TIME_LOCALES, localised
from ui.export import (
    chart_image,
    data_zip,
    image_spec,
    neutralise_formulas,
    readme_text,
    to_csv,
    to_excel_swedish,
)

FRAME = pd.DataFrame(
    {
        "Område": ["=HYPERLINK(1)", "+46", "-x", "@sum", "\tTab", "Vaxholm"],
        "Värde": [1167.8, -2.5, 0.0, 1.0, 2.0, 3.25],
    }
)


def test_formula_cells_are_neutralised_numbers_kept() -> None:
    cleaned = neutralise_formulas(FRAME)
    assert cleaned["Område"].tolist() == [
        "'=HYPERLINK(1)",
        "'+46",
        "'-x",
        "'@sum",
        "'\tTab",
        "Vaxholm",
    ]
    assert cleaned["Värde"].tolist() == FRAME["Värde"].tolist()
    assert FRAME["Område"].iloc[0] == "=HYPERLINK(1)", "input not mutated"


def test_csv_starts_with_provenance_and_round_trips() -> None:
    data = to_csv(FRAME, ["Källa: test. Exempeldata."])
    assert data.startswith("# Källa: test. Exempeldata.\n".encode())
    back = pd.read_csv(io.BytesIO(data), comment="#")
    assert back["Värde"].tolist() == FRAME["Värde"].tolist()


def test_excel_swedish_uses_bom_semicolon_decimal_comma() -> None:
    data = to_excel_swedish(FRAME, ["Källa: test."])
    assert data.startswith(b"\xef\xbb\xbf# K")
    text = data.decode("utf-8-sig")
    assert "Vaxholm;3,25\r\n" in text
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", comment="#", encoding="utf-8-sig")
    assert back["Värde"].tolist() == FRAME["Värde"].tolist()


def test_zip_holds_both_files_and_the_readme() -> None:
    readme = readme_text(
        "Trygg i Vaxholm – nedladdat urval",
        [("Urval (filter)", "area = 0187\nyears = 2015-2023"), ("Länk", "?area=0187&lang=sv")],
    )
    data = data_zip(FRAME, ["Källa: test. Exempeldata."], readme, stem="trygg_vaxholm_crime_sv")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == [
            "README.txt",
            "trygg_vaxholm_crime_sv.csv",
            "trygg_vaxholm_crime_sv_excel_sv.csv",
        ]
        back = pd.read_csv(io.BytesIO(archive.read("trygg_vaxholm_crime_sv.csv")), comment="#")
        excel = pd.read_csv(
            io.BytesIO(archive.read("trygg_vaxholm_crime_sv_excel_sv.csv")),
            sep=";",
            decimal=",",
            comment="#",
            encoding="utf-8-sig",
        )
        text = archive.read("README.txt").decode("utf-8")
    assert back["Värde"].tolist() == FRAME["Värde"].tolist()
    assert excel["Värde"].tolist() == FRAME["Värde"].tolist()
    assert back["Område"].iloc[0] == "'=HYPERLINK(1)", "formulas neutralised in the zip too"
    assert text.startswith("Trygg i Vaxholm – nedladdat urval\n=====")
    assert "Urval (filter): area = 0187\n  years = 2015-2023\n" in text
    assert "Länk: ?area=0187&lang=sv\n" in text


# A small layered chart spec of the kind ui.charts builds, numbers in the Swedish locale.
CHART = alt.layer(
    alt.Chart(pd.DataFrame({"year": [2021, 2022, 2023], "value": [1167.8, 2500.5, 12000.0]}))
    .mark_line(point=True)
    .encode(x="year:O", y=alt.Y("value:Q", axis=alt.Axis(title="per 100 000 invånare")))
).properties(height=200)


def _image(image_format: str, *, example: bool = True) -> bytes:
    lines = ["Källa: Kolada (RKA). Licens: CC BY 4.0.", "Uttag: 2026-11-29 12:00 UTC"]
    return chart_image(
        localised(CHART, "sv").to_dict(),
        image_format,
        title="Stöld och snatteri, Vaxholm",
        lines=[*lines, "Exempeldata – inte officiell statistik"] if example else lines,
        number_locale=NUMBER_LOCALES["sv"],
        time_locale=TIME_LOCALES["sv"],
    )


def test_svg_image_carries_title_source_date_example_and_swedish_numbers() -> None:
    svg = _image("svg").decode("utf-8")
    assert svg.startswith("<svg")
    assert "Stöld och snatteri, Vaxholm" in svg
    assert "Källa: Kolada (RKA). Licens: CC BY 4.0." in svg
    assert "Uttag: 2026-11-29 12:00 UTC" in svg
    assert "Exempeldata – inte officiell statistik" in svg
    assert ">12\u00a0000<" in svg, "axis labels use the Swedish thousands separator"
    assert "Exempeldata" not in _image("svg", example=False).decode("utf-8")


def test_png_image_is_a_png() -> None:
    png = _image("png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 5_000


def test_image_spec_adds_title_and_width_without_changing_the_chart() -> None:
    spec = CHART.to_dict()
    full = image_spec(spec, title="T", lines=["a", "b"])
    assert full["title"]["text"] == ["T"] and full["title"]["subtitle"] == ["a", "b"]
    long = image_spec(spec, title="T", lines=["Källa: " + "Kolada (RKA), " * 20])["title"]
    assert len(long["subtitle"]) == 3, "a long source line wraps instead of running off"
    assert full["width"] == 760
    assert "title" not in spec and "width" not in spec
