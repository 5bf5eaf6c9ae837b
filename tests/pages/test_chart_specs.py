"""The chart specs each page builds, checked as the browser gets them (issue 12): time as
time, readable heights, every ranking label drawn, hidden points drawn as hidden and in the
legend, bands and trend in the legend, and tooltips titled in the UI's language."""

from __future__ import annotations

import html
import itertools
import json
import re

import pandas as pd
import pyarrow as pa
import pytest
import vl_convert as vlc

from tests.pages.conftest import app
from ui import charts
from ui.i18n import MESSAGES

CRIME = "pages/crime_trends.py"
OVERVIEW = "pages/overview.py"
SAFETY = "pages/safety.py"


def specs(test) -> list[dict]:
    """Each chart's Vega-Lite spec with its datasets inlined, as Streamlit sends it."""
    found = []
    for chart in test.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec["datasets"] = {
            dataset.name: json.loads(
                pa.ipc.open_stream(dataset.data.data)
                .read_all()
                .to_pandas()
                .to_json(orient="records", date_format="iso")
            )
            for dataset in chart.proto.datasets
        }
        found.append(spec)
    return found


def svg_texts(spec: dict) -> str:
    """The text the rendered chart shows (axis labels, legend labels, marks)."""
    return html.unescape(vlc.vegalite_to_svg({**spec, "width": 700}))


def layers(spec: dict):
    yield spec
    for layer in spec.get("layer", []):
        yield from layers(layer)


def tooltips(spec: dict):
    for layer in layers(spec):
        tips = layer.get("encoding", {}).get("tooltip", [])
        yield from tips if isinstance(tips, list) else [tips]


@pytest.fixture(scope="module", params=["sv", "en"])
def murder(request, built_db):
    """Brottsutveckling for mord och dråp in Vaxholm: hidden years (<5) in view.

    Module-scoped, so it runs before the function-scoped use_built_database: it points the
    app at the built database itself (without, it read a missing data/trygg.duckdb whenever
    these tests ran first in their worker)."""
    lang = request.param
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRYGG_DB", str(built_db))
        return lang, app(CRIME, lang=lang, series="bra:mord_drap", area="0187")


def test_years_are_a_quantitative_axis_and_charts_are_tall_enough(murder) -> None:
    _, test = murder
    trend, ranking = specs(test)
    for layer in layers(trend):
        x = layer.get("encoding", {}).get("x")
        if x:
            assert x["type"] == "quantitative" and x["field"] == "year"
    assert trend["height"] >= charts.MIN_HEIGHT
    bars = len(ranking["datasets"][next(iter(ranking["datasets"]))])
    assert ranking["height"] >= charts.ROW_HEIGHT * bars
    # Years are written as years, not with a thousands separator ("2 015").
    assert "2020" in svg_texts(trend)


def test_hidden_years_break_the_line_and_carry_a_mark_in_the_legend(murder) -> None:
    lang, test = murder
    trend = specs(test)[0]
    shown = svg_texts(trend)
    assert "<5" in shown
    assert MESSAGES["legend_hidden"][lang] in shown
    marks = next(
        rows
        for rows in trend["datasets"].values()
        if rows and "mark" in rows[0] and "legend" in rows[0]
    )
    hidden_years = {row["year"] for row in marks if row["series"] == "Vaxholm"}
    assert hidden_years
    line = next(
        rows
        for rows in trend["datasets"].values()
        if rows and "segment" in rows[0] and "series" in rows[0]
    )
    vaxholm = sorted((row["year"], row["segment"]) for row in line if row["series"] == "Vaxholm")
    # No point at a hidden year (not drawn as zero), and the line is cut there.
    assert hidden_years.isdisjoint(year for year, _ in vaxholm)
    for (year, segment), (next_year, next_segment) in itertools.pairwise(vaxholm):
        if any(year < hidden < next_year for hidden in hidden_years):
            assert segment != next_segment


# The main column a page's charts are read in (px): 1024 px laptop screen, sidebar open.
MAIN_COLUMN = 700


def test_bands_have_legend_entries(murder) -> None:
    lang, test = murder
    # The legends fit the main column: in English the series' legend beside the bands' and
    # the hidden mark's at the foot ran past the chart's right edge ("Stockholm cou…").
    assert natural_width(specs(test)[0]) <= MAIN_COLUMN
    shown = svg_texts(specs(test)[0])
    assert MESSAGES["legend_area_ci"][lang] in shown
    theft = specs(app(CRIME, lang=lang))[0]
    theft_shown = svg_texts(theft)
    assert MESSAGES["legend_peer_band"][lang].split("{group}")[1].strip(": ") in theft_shown
    assert MESSAGES["legend_trend"][lang].split(" ")[0] in theft_shown


def test_ranking_draws_every_name_and_the_chosen_one_bold(murder) -> None:
    _, test = murder
    ranking = specs(test)[1]
    rows = ranking["datasets"][next(iter(ranking["datasets"]))]
    shown = svg_texts(ranking)
    assert all(row["name"] in shown for row in rows), [
        row["name"] for row in rows if row["name"] not in shown
    ]
    axis = ranking["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False and axis["labelLimit"] == 0
    assert "Vaxholm" in axis["labelFontWeight"]["expr"]


def test_full_county_ranking_labels_all_26_municipalities() -> None:
    """The real Kolada theft rate ranks all 26: every name is drawn (13 were before)."""
    ranking = specs(app(CRIME, area="0187"))[1]
    rows = ranking["datasets"][next(iter(ranking["datasets"]))]
    assert len(rows) == 26
    shown = svg_texts(ranking)
    assert [row["name"] for row in rows if row["name"] not in shown] == []


@pytest.mark.parametrize("page", [CRIME, OVERVIEW, SAFETY])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_tooltip_field_is_titled_in_the_ui_language(page: str, lang: str) -> None:
    other = "en" if lang == "sv" else "sv"
    own_texts = {text[lang] for text in MESSAGES.values()}
    other_only = {text[other] for text in MESSAGES.values()} - own_texts
    for spec in specs(app(page, lang=lang)):
        for tip in tooltips(spec):
            assert tip.get("title"), tip
            assert tip["title"] in own_texts, tip
            assert tip["title"] not in other_only, tip


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_safety_chart_years_quantitative_hidden_cells_marked_in_the_legend(lang: str) -> None:
    """Trygghet with Bogesundslandet (under 30 respondents every year) and Rindö (2023): the
    year axis is quantitative, the chart at least MIN_HEIGHT, and the hidden cells show '..'
    with the legend entry saying what it means (they were left out silently before)."""
    (spec,) = specs(app(SAFETY, lang=lang, safety_areas="Vaxholm,Bogesundslandet,Rindö"))
    for layer in layers(spec):
        x = layer.get("encoding", {}).get("x")
        if x:
            assert x["type"] == "quantitative" and x["field"] == "year", x
    assert spec["height"] >= charts.MIN_HEIGHT
    shown = svg_texts(spec)
    assert MESSAGES["safety_legend_hidden"][lang] in shown
    assert shown.count(">..<") >= 6
    # Years as years on the axis (not "2 020" or "2,020").
    assert "2020" in shown and "2025" in shown
    # The legends fit a narrow column: in English the hidden mark's explanation, beside the
    # area and kind legends at the foot, ran past the chart's right edge (screenshot; 664 px).
    assert natural_width(spec) <= NARROW_COLUMN


ACTIONS = "pages/actions.py"


@pytest.mark.parametrize(("lang", "area"), [("sv", "alla"), ("en", "alla"), ("sv", "vaxon")])
def test_actions_charts_are_tall_enough_and_titled_in_the_ui_language(lang: str, area: str) -> None:
    """Insatser: the follow-up charts were 220 px (a ~70 px plot under the legend); with one
    area the timeline of three actions was 141 px, its labels drawn over each other (seen in
    the browser test)."""
    own_texts = {text[lang] for text in MESSAGES.values()}
    found = specs(app(ACTIONS, lang=lang, area=area))
    assert len(found) >= 2
    for spec in found:
        assert spec["height"] >= 150, spec.get("height")
        for tip in tooltips(spec):
            assert tip.get("title") in own_texts, tip
    followups = [spec for spec in found if "week" in json.dumps(spec.get("layer", [{}])[0])]
    assert followups and all(spec["height"] >= charts.MIN_HEIGHT for spec in followups)
    shown = svg_texts(followups[0])
    assert MESSAGES["est_axis_reports_per_week"][lang] in shown


def test_hidden_follow_up_blocks_show_their_mark_and_the_legend_explains_it() -> None:
    """A block of 1-4 reports is not drawn; "<5" stands at its week, explained in the legend."""
    blocks = pd.DataFrame(
        {
            "block": [-2, -1, 0, 1, -2, -1, 0, 1],
            "group": ["targeted"] * 4 + ["expected"] * 4,
            "reports_per_week": [2.0, 1.75, None, None, 2.0, 1.8, 1.6, 1.5],
            "suppressed": ["", "", "primary", "secondary", "", "", "", ""],
        }
    )
    labels = {"targeted": "Insatsens områden", "expected": "Förväntat utifrån tiden före"}
    spec = charts.followup_chart(blocks, group_labels=labels).to_dict()
    assert spec["height"] >= charts.MIN_HEIGHT
    shown = svg_texts(spec)
    assert "<5" in shown
    assert ".." in shown
    assert MESSAGES["legend_hidden"]["sv"] in shown


def test_heatmap_legend_counts_whole_reports() -> None:
    """A weekday x time grid whose shown cells all hold the same count drew a legend labelled
    "0.000000" (seen in a screenshot, one area, 4 weeks): reports are whole numbers."""
    cells = pd.DataFrame(
        {
            "weekday_label": ["mån", "mån", "tis"],
            "weekday": [1, 1, 2],
            "hour_label": ["00–03", "03–06", "00–03"],
            "count": [5.0, 5.0, float("nan")],
        }
    )
    spec = charts.heatmap_chart(cells).to_dict()
    shown = spec["layer"][1]["encoding"]["color"]
    assert shown["legend"]["format"] == "d"
    assert shown["legend"]["tickMinStep"] == 1
    svg = vlc.vegalite_to_svg(charts.heatmap_chart(cells).to_json())
    assert "0.000000" not in svg


def plot_size(spec: dict, width: int = 700) -> tuple[float, float, int]:
    """(plot width, plot height, rows) of a row chart as drawn with the autosize Streamlit
    sends: the root frame's size and the number of values on its discrete y axis."""
    svg = vlc.vegalite_to_svg({**spec, "width": width})
    frame = re.search(r'role-frame root".*?d="M0\.5,0\.5h([\d.]+)v([\d.]+)h', svg)
    rows = re.search(r'aria-label="Y-axis for a discrete scale with (\d+) value', svg)
    assert frame and rows, "not a chart of rows"
    return float(frame.group(1)), float(frame.group(2)), int(rows.group(1))


def row_charts(found: list[dict]) -> list[dict]:
    """The specs whose y axis is a list of named rows (areas, places, actions)."""
    return [
        spec
        for spec in found
        if any(
            layer.get("encoding", {}).get("y", {}).get("type") == "nominal"
            for layer in layers(spec)
        )
        and "hour_label" not in json.dumps(spec.get("layer", spec).__repr__())
    ]


@pytest.mark.parametrize(
    ("page", "lang", "area"),
    [
        (ACTIONS, "sv", "vaxon"),
        (ACTIONS, "en", "vaxon"),
        (ACTIONS, "sv", "alla"),
        ("pages/situation.py", "sv", "vaxon"),
        ("pages/situation.py", "en", "alla"),
    ],
)
def test_every_row_keeps_its_height_beside_axis_and_legend(page: str, lang: str, area: str) -> None:
    """With one area the Insatser timeline's three actions were drawn in a ~40 px plot, bars
    and labels over each other, though the box was 150 px: the legend below and the axis were
    counted into the height. Each row gets charts.ROW_HEIGHT px of plot (at least
    MIN_HEIGHT in all), whatever the axes and legend take."""
    found = row_charts(specs(app(page, lang=lang, area=area)))
    assert found
    for spec in found:
        _, height, rows = plot_size(spec)
        assert height >= charts.MIN_HEIGHT, (spec.get("autosize"), height)
        assert height / rows >= charts.ROW_HEIGHT - 1, (rows, height)


def hidden_rows(spec: dict) -> tuple[bool, bool]:
    """(marks, cells): whether a chart holds a hidden value drawn as '<5'/'..' text, or a
    hidden weekday x hour cell (a count of null in the grid)."""
    rows = [row for data in spec["datasets"].values() for row in data]
    marks = any(row.get("hidden_text") for row in rows)
    cells = any("hour_label" in row and row.get("count") is None for row in rows)
    return marks, cells


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("sv", {"area": "rindo", "period": "4"}),
        ("en", {"area": "rindo", "period": "4"}),
        ("sv", {}),
    ],
)
def test_lagesbild_hidden_values_are_explained_in_the_chart_legend(lang: str, query) -> None:
    """Issue 12: the Lägesbild's '<5' marks and grey weekday x hour cells were explained only
    in captions beside the charts (and not at all in their image downloads)."""
    found = specs(app("pages/situation.py", lang=lang, **query))
    checked = 0
    for spec in found:
        marks, cells = hidden_rows(spec)
        shown = svg_texts(spec)
        if marks:
            assert MESSAGES["legend_hidden"][lang] in shown
            checked += 1
        if cells:
            assert MESSAGES["legend_hidden_cell"][lang] in shown
            checked += 1
    assert checked, "no hidden value in view"


def natural_width(spec: dict) -> float:
    """The width a chart needs at its narrowest plot: what its legends and axes take."""
    svg = vlc.vegalite_to_svg({**spec, "width": 10, "autosize": {"type": "pad"}})
    return float(re.search(r'<svg[^>]*width="([\d.]+)"', svg).group(1))


# The narrowest column a chart is read in (px): a follow-up chart beside the page's margins on
# a 1024 px laptop screen with the sidebar open.
NARROW_COLUMN = 480


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_follow_up_legend_fits_a_narrow_column(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """Issue 12: the English follow-up legend (two groups and the hidden mark's explanation
    side by side at the foot) was cut off at the right edge: it needed 654 px."""
    monkeypatch.setattr("ui.i18n.language", lambda: lang)
    blocks = pd.DataFrame(
        {
            "block": [-2, -1, 0, 1, -2, -1, 0, 1],
            "group": ["targeted"] * 4 + ["expected"] * 4,
            "reports_per_week": [2.0, 1.75, None, None, 2.0, 1.8, 1.6, 1.5],
            "suppressed": ["", "", "primary", "secondary", "", "", "", ""],
        }
    )
    labels = {key: MESSAGES[f"est_group_{key}"][lang] for key in ("targeted", "expected")}
    spec = charts.followup_chart(blocks, group_labels=labels).to_dict()
    assert MESSAGES["legend_hidden"][lang] in svg_texts(spec)
    assert natural_width(spec) <= NARROW_COLUMN


def scale_top(spec: dict, field: str) -> float:
    """The end of the value scale of the layer drawing `field`."""
    (scale,) = [
        layer["encoding"]["y"]["scale"]
        for layer in layers(spec)
        if layer.get("encoding", {}).get("y", {}).get("field") == field
        and "scale" in layer["encoding"]["y"]
    ]
    return scale["domain"][1]


def test_line_charts_leave_headroom_above_their_highest_value(murder) -> None:
    """Screenshots: the Brottsutveckling band's top (34,5) sat on the plot's upper edge under an
    axis ending at 35, and a follow-up's highest week (8) on the edge of an axis ending at 8."""
    _, test = murder
    trend = specs(test)[0]
    drawn = [
        row[column]
        for rows in trend["datasets"].values()
        for row in rows
        for column in ("value", "upper", "q3")
        if isinstance(row.get(column), int | float)
    ]
    assert scale_top(trend, "value") >= 1.1 * max(drawn)
    blocks = pd.DataFrame(
        {
            "block": [-2, -1, 0, 1],
            "group": ["targeted"] * 4,
            "reports_per_week": [2.0, 8.0, 3.0, 1.5],
        }
    )
    spec = charts.followup_chart(blocks, group_labels={"targeted": "Insatsens områden"}).to_dict()
    assert scale_top(spec, "reports_per_week") >= 1.1 * 8.0
