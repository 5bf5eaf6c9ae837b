"""UI helpers of the youth page: counts as tables and downloads show them (DESIGN §4); the
year axis is quantitative and the odds-ratio axis labels the reference 1."""

import numpy as np
import pandas as pd

from ui.youth_parts import odds_chart, public_counts, share_chart


def test_public_counts_use_the_swedish_symbols() -> None:
    counts = pd.Series([0, 1, 4, 5, 120, np.nan, 12])
    hidden = pd.Series([False, False, False, False, False, False, True])
    assert public_counts(counts, hidden).tolist() == ["-", "<5", "<5", "5", "120", ".", ".."]


def test_public_counts_keep_the_index() -> None:
    counts = pd.Series([3, 40], index=[7, 9])
    shown = public_counts(counts, pd.Series([False, False], index=[7, 9]))
    assert shown.index.tolist() == [7, 9]


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def test_the_share_chart_draws_years_as_years() -> None:
    """2008 -> 2014 is six years on the axis, 2014 -> 2016 two (an ordinal axis drew both as
    one step); every wave is a labelled tick without a thousands separator."""
    area = pd.DataFrame(
        {"year": [2014, 2016], "share": [10.0, 12.0], "lower": [8.0, 9.0], "upper": [12.0, 15.0]}
    )
    published = pd.DataFrame({"year": [2008], "share": [15.0], "label": ["Vaxholm, publicerad"]})
    chart = share_chart(
        area, area[["year", "share"]], published, area_label="Vaxholm", comparison_label="Grannar"
    )
    for layer in _layers(chart):
        x = layer["encoding"]["x"]
        assert x["type"] == "quantitative"
        assert x["axis"]["values"] == [2008, 2014, 2016] and x["axis"]["format"] == "d"
        assert x["scale"]["domain"] == [2007.5, 2016.5]


def test_the_odds_ratio_axis_labels_the_reference_one() -> None:
    for lower, upper in ((1.5, 6.0), (0.3, 0.8), (2.0, 40.0)):
        odds = pd.DataFrame(
            {
                "label": ["a"],
                "odds_ratio": [(lower * upper) ** 0.5],
                "lower": [lower],
                "upper": [upper],
            }
        )
        points = _layers(odds_chart(odds))[2]["encoding"]["x"]
        assert 1.0 in points["axis"]["values"]
        low, high = points["scale"]["domain"]
        assert low < 1.0 < high and low < lower and upper < high


def test_the_share_band_stops_at_a_wave_without_an_interval() -> None:
    """The band is the chart layer's (charts.band): a wave without an interval cuts it, as in
    the other trend charts; youth's own copy dropped that wave and joined 2014 to 2018."""
    area = pd.DataFrame(
        {
            "year": [2014, 2016, 2018],
            "share": [10.0, 12.0, 11.0],
            "lower": [8.0, np.nan, 9.0],
            "upper": [12.0, np.nan, 14.0],
        }
    )
    chart = share_chart(
        area,
        area[["year", "share"]],
        pd.DataFrame(columns=["year", "share", "label"]),
        area_label="Vaxholm",
        comparison_label="Grannar",
    )
    spec = chart.to_dict()
    band = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "area")
    assert band["encoding"]["detail"]["field"] == "segment"
    rows = spec["datasets"][band["data"]["name"]]
    assert [(row["year"], row["segment"]) for row in rows] == [(2014, 0), (2018, 1)]
    # Room above the band's top (14 %): the scale ends a round number at least 10 % higher.
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["y"]["scale"]["domain"][1] >= 1.1 * 14.0
    # Sized as every chart: a plot LINE_HEIGHT px tall, the legend outside it.
    assert spec["height"] == 300 and spec["autosize"]["type"] == "fit-x"
