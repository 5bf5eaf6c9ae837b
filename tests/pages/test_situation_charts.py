"""Lägesbild charts as the browser gets them (issue 12 and 11 item 7): a time axis of ISO
weeks, a readable box with one area, hidden counts drawn as hidden, every tooltip titled in
the page's language, and no count of 1-4 in any chart's data or in a public view that two
filters could subtract."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pyarrow as pa
import vl_convert as vlc

from tests.pages.conftest import app, texts

PAGE = "pages/situation.py"
# Charts in page order: the week, the trend, the hotspots, the weekday x hour grid.
WEEK, TREND, HOTSPOTS, HEATMAP = range(4)
RAW_FIELDS = {"lower", "upper", "observed", "expected", "count", "week", "label"}


def charts(test) -> list:
    return list(test.get("vega_lite_chart"))


def spec(test, index: int) -> dict:
    return json.loads(charts(test)[index].proto.spec)


def rows(test, index: int) -> pd.DataFrame:
    chart = charts(test)[index]
    frames = [pa.ipc.open_stream(data.data.data).read_pandas() for data in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True)


def layers(chart: dict) -> list[dict]:
    return chart.get("layer", [chart])


def test_trend_axis_is_time_with_one_monday_per_week_labelled_v() -> None:
    test = app(PAGE, period="4")
    trend = spec(test, TREND)
    x = layers(trend)[0]["encoding"]["x"]
    assert x["type"] == "temporal"
    values = x["axis"]["values"]
    # Four weeks, four ticks, each on the week's Monday (the old axis put W47's point above
    # a Sunday tick labelled 2026-W46 and repeated W44 four times).
    assert len(values) == 4
    days = [pd.Timestamp(v["year"], v["month"], v["date"]) for v in values]
    assert all(day.day_of_week == 0 for day in days)
    assert days[-1] == pd.Timestamp("2026-11-16")
    assert x["axis"]["labelExpr"].startswith("'v. '")


def test_hidden_weeks_break_the_trend_and_show_their_symbol() -> None:
    test = app(PAGE, area="rindo", period="13")
    data = rows(test, TREND)
    observed = pd.to_numeric(data["observed"], errors="coerce")
    assert not observed.between(1, 4).any()
    hidden = data[data["hidden_text"] != ""]
    assert not hidden.empty and set(hidden["hidden_text"]) <= {"<5", ".."}
    assert hidden["observed"].isna().all()
    line = next(
        layer
        for layer in layers(spec(test, TREND))
        if layer["mark"]["type"] == "line" and layer["encoding"]["y"]["field"] == "observed"
    )
    assert line["mark"]["invalid"] == "break-paths-filter-domains"
    assert "<5: 1–4 rapporter, dolt." in texts(test)


def test_one_area_keeps_a_readable_week_chart_with_its_hidden_mark() -> None:
    test = app(PAGE, area="tynningo")
    week = spec(test, WEEK)
    assert week["height"] >= 150
    data = rows(test, WEEK)
    assert list(data["hidden_text"].unique()) == ["<5"]
    assert data["observed"].isna().all()
    assert any(layer["mark"]["type"] == "text" for layer in layers(week))


def test_every_tooltip_is_titled_in_the_page_language() -> None:
    for lang in (None, "en"):
        test = app(PAGE, lang=lang) if lang else app(PAGE)
        for index in (WEEK, TREND, HOTSPOTS, HEATMAP):
            for layer in layers(spec(test, index)):
                tooltip = layer.get("encoding", {}).get("tooltip")
                if layer["mark"]["type"] in ("area", "line", "bar", "rect"):
                    assert tooltip, (index, layer["mark"])
                for item in tooltip or []:
                    assert item.get("title") and item["title"] not in RAW_FIELDS, item


def test_count_axes_have_whole_number_ticks() -> None:
    test = app(PAGE)
    for index in (WEEK, HOTSPOTS):
        x = layers(spec(test, index))[0]["encoding"]["x"]
        assert x["axis"]["tickMinStep"] == 1 and x["axis"]["format"] == "d"


def test_a_single_area_view_shows_what_the_all_areas_view_shows() -> None:
    """One published table per week: the number a single-area view shows is the entry of
    the all-areas view (a '..' there stayed a number here; 6 - 5 = 1 between views)."""

    def week_counts(test) -> pd.Series:
        frame = next(f.value for f in test.dataframe if "Larm" in f.value.columns)
        return frame.set_index("Område")["Rapporter"]

    everything = week_counts(app(PAGE))
    for area_id, name in [("kullo", "Kullö"), ("rindo", "Rindö"), ("resaro", "Resarö")]:
        assert week_counts(app(PAGE, area=area_id))[name] == everything[name]
    # A cell (one area and one category) is not published to the public.
    cell = week_counts(app(PAGE, area="rindo", category="skadegorelse"))
    assert cell["Rindö"] == ".."


def test_period_total_is_not_given_when_a_week_is_hidden() -> None:
    shown = texts(app(PAGE, area="rindo"))
    assert "rapporter i de veckor som visas" in shown
    assert "veckor visas inte" in shown
    assert "1 veckor" not in shown


def test_english_plural_and_no_alert_s() -> None:
    shown = texts(app(PAGE, lang="en", area="rindo"))
    assert "1 alert:" in shown and "alert(s)" not in shown


def test_trend_axis_labels_are_the_weeks_the_table_shows() -> None:
    """Issue 12: the axis said 2026-W46 above week 47's point and the table wrote weeks as
    URL codes. The rendered axis labels are now the table's weeks, in the same words."""
    for lang, prefix in (("sv", "v. "), ("en", "wk ")):
        test = app(PAGE, lang=lang, area="rindo", period="4")
        chart = charts(test)[TREND]
        full = json.loads(chart.proto.spec)
        full["datasets"] = {
            data.name: json.loads(
                pa.ipc.open_stream(data.data.data)
                .read_pandas()
                .to_json(orient="records", date_format="iso")
            )
            for data in chart.proto.datasets
        }
        svg = html.unescape(vlc.vegalite_to_svg({**full, "width": 700}))
        shown = re.findall(rf">{re.escape(prefix)}(\d+)<", svg)
        week, expected = ("Vecka", "Förväntat") if lang == "sv" else ("Week", "Expected")
        (trend_table,) = [
            frame.value for frame in test.dataframe if {week, expected} <= set(frame.value.columns)
        ]
        weeks = trend_table[week]
        in_table = [re.match(rf"{re.escape(prefix)}(\d+) \d{{4}}", w).group(1) for w in weeks]
        assert shown == in_table, (shown, list(weeks))


def test_trend_has_headroom_above_its_highest_point() -> None:
    """Issue 12 (screenshot): the 13-week trend's highest point sat on the plot's upper edge.
    The y scale now ends a round number at least 10 % above every value drawn (count, band
    and expected), and the highest point is drawn well inside the plot."""
    test = app(PAGE)
    chart = charts(test)[TREND]
    full = json.loads(chart.proto.spec)
    full["datasets"] = {
        data.name: json.loads(
            pa.ipc.open_stream(data.data.data)
            .read_pandas()
            .to_json(orient="records", date_format="iso")
        )
        for data in chart.proto.datasets
    }
    assert value_domain_top(test, TREND, "y", ("observed", "upper", "expected")) >= 1.1
    svg = vlc.vegalite_to_svg({**full, "width": 700})
    points = [
        float(y)
        for y in re.findall(
            r'aria-roledescription="point" transform="translate\([\d.]+,([\d.]+)\)', svg
        )
    ]
    assert points and min(points) >= 0.08 * full["height"], (min(points), full["height"])


def value_domain_top(test, index: int, channel: str, columns: tuple[str, ...]) -> float:
    """The end of a chart's value scale as a multiple of the largest value it draws."""
    data = rows(test, index)
    top = max(pd.to_numeric(data[column]).max() for column in columns)
    scales = [
        layer["encoding"][channel]["scale"]
        for layer in layers(spec(test, index))
        if "scale" in layer.get("encoding", {}).get(channel, {})
    ]
    assert scales, "no value scale set"
    return scales[0]["domain"][1] / top


def test_bars_end_inside_the_plot() -> None:
    """Screenshot: with one area the week's bar (13 reports) and the top hotspot's bar (18)
    ended on the plot's right edge, the axis ending exactly there."""
    for query in ({}, {"area": "rindo", "period": "4"}):
        test = app(PAGE, **query)
        assert value_domain_top(test, WEEK, "x", ("observed", "upper", "expected")) >= 1.1
        assert value_domain_top(test, HOTSPOTS, "x", ("count",)) >= 1.1
