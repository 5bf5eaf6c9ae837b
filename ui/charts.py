"""Altair charts shared by the pages: colour-blind-safe (Okabe–Ito), with redundant encoding
(dashes and point shapes), numbers in the session's format, and the data already aggregated
to one row per point."""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd

from ui.format import number
from ui.i18n import language, t

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#555555", "#CC79A7", "#56B4E9"]
AREA_COLOUR, PEER_COLOUR, TREND_COLOUR = PALETTE[0], "#999999", "#D55E00"
# d3-format locales (Vega-Lite `config.locale.number`): Swedish 1 167,8 (no-break space as
# thousands separator, decimal comma, as babel's sv_SE), English 1,167.8.
NUMBER_LOCALES = {
    "sv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " SEK"]},
}
# d3-time-format locales (`config.locale.time`). Swedish month and day names are written in
# lower case (Språkrådet), unlike d3's bundled sv-SE.
TIME_LOCALES = {
    "sv": {
        "dateTime": "%A den %d %B %Y %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["fm", "em"],
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tors", "fre", "lör"],
        "months": [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "shortMonths": [
            "jan",
            "feb",
            "mars",
            "apr",
            "maj",
            "juni",
            "juli",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ],
    },
    "en": {
        "dateTime": "%a %e %b %X %Y",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
    },
}
# Axis labels: d3's ",~g" (grouped, no trailing zeros) in the chart's locale (see `localised`),
# so 1167.8 reads 1 167,8 in Swedish and 1,167.8 in English.
AXIS_FORMAT = ",~g"
AXIS_LABEL = {language: f"format(datum.value, '{AXIS_FORMAT}')" for language in ("sv", "en")}
# The `config.locale` of each language, built (and validated) once.
CHART_LOCALES = {
    language: alt.Locale(number=NUMBER_LOCALES[language], time=TIME_LOCALES[language])
    for language in ("sv", "en")
}


def localised(chart: alt.TopLevelMixin, lang: str | None = None) -> alt.TopLevelMixin:
    """Copy of `chart` whose numbers and dates follow the language's locale (`config.locale`).

    Vega applies it to every axis, legend, tooltip and `format()` in the view. Streamlit's
    st.altair_chart drops Vega-Embed's `formatLocale` from `usermeta.embedOptions`, but keeps
    the spec's own config, so the locale goes there.
    """
    lang = lang or language()
    copy = chart.copy(deep=False)
    config = copy.config.copy(deep=False) if copy.config is not alt.Undefined else alt.Config()
    config.locale = CHART_LOCALES[lang]
    copy.config = config
    return copy


def week_fields(frame: pd.DataFrame, column: str = "week_start") -> pd.DataFrame:
    """`frame` with week (its Monday as a date-time, for a temporal axis) and week_text
    ('v. 47 2026', the tooltip's form in the session's language)."""
    mondays = pd.to_datetime(frame[column])
    return frame.assign(
        week=mondays,
        week_text=[
            t("est_week_short_year", week=day.isocalendar()[1], year=day.isocalendar()[0])
            for day in mondays
        ],
    )


def week_x(field: str, title: str, mondays: pd.Series) -> alt.X:
    """A temporal x axis of ISO weeks: `field` holds each week's Monday, and every week shown
    (every k-th beyond MAX_WEEK_LABELS) has a tick on that Monday labelled 'v. 47' ('wk 47').

    Vega's own "week" ticks fall on Sundays, whose ISO week is the one before: the old axis
    drew week 47's point above a tick labelled week 46.
    """
    days = sorted(pd.to_datetime(pd.Series(mondays)).unique())
    step = max(1, -(-len(days) // MAX_WEEK_LABELS))
    values = [
        alt.DateTime(year=day.year, month=day.month, date=day.day)
        for day in days[::-1][::step][::-1]
    ]
    prefix = t("est_week_short", week="")
    axis = alt.Axis(
        title=title,
        values=values,
        labelExpr=f"'{prefix}' + timeFormat(datum.value, '%V')",
        labelAngle=0,
        grid=False,
    )
    return alt.X(f"{field}:T", axis=axis)


def year_x(title: str, field: str = "year", years: pd.Series | None = None) -> alt.X:
    """A quantitative year axis (time as time: gaps between years keep their width), years
    written without a thousands separator. Given `years` (waves of a survey), each is a
    labelled tick and the axis runs half a year beyond the first and the last: 2008 -> 2014
    is drawn as six years, not as the next step."""
    if years is None or years.dropna().empty:
        return alt.X(
            f"{field}:Q",
            title=title,
            scale=alt.Scale(zero=False, nice=False),
            axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelOverlap=True),
        )
    waves = sorted({int(year) for year in years.dropna()})
    return alt.X(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(domain=[waves[0] - 0.5, waves[-1] + 0.5], nice=False, zero=False),
        axis=alt.Axis(values=waves, format="d", labelAngle=0),
    )


def value_axis(title: str, **options: object) -> alt.Axis:
    """A value axis titled `title`, its numbers in the session's format (1 167,8 / 1,167.8)."""
    return alt.Axis(title=title, labelExpr=AXIS_LABEL[language()], **options)


def count_axis(title: str) -> alt.Axis:
    """A count axis: whole numbers only (no tick at 0,5)."""
    return value_axis(title, tickMinStep=1, format="d")


def with_text(frame: pd.DataFrame, *columns: str, decimals: int = 1) -> pd.DataFrame:
    """Add `<column>_text`: each number formatted for the session's language (tooltips)."""
    return frame.assign(
        **{f"{column}_text": frame[column].map(lambda v: number(v, decimals)) for column in columns}
    )


# Tooltip titles for the formatted columns.
TOOLTIP_TITLES = {
    "q1_text": "column_peer_q1",
    "q3_text": "column_peer_q3",
    "lower_text": "column_lower",
    "upper_text": "column_upper",
    "fitted_text": "column_trend",
    "value_text": "column_value",
}
# Heights, in pixels of plot: every chart is sized by its plot (autosize "fit-x": the width
# fits the column; axes and legends are added outside the height). Streamlit's default
# ("fit") counted them into the height, so a legend below squeezed three rows into 40 px.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
# No plot lower than this: one area's bar stays readable.
MIN_HEIGHT = 150
# One row of a chart of rows (areas, places, actions, municipalities, weekdays): a 12 px
# label needs about 20 px to be drawn without Vega dropping its neighbours.
ROW_HEIGHT = 26
# The bar of one row, whatever the row height.
BAR_SIZE = 16
# A chart of lines or columns over time or levels.
LINE_HEIGHT = 300
# A category axis that shows every label in full: the default hides labels it thinks
# overlap, which left every other row unnamed.
CATEGORY_AXIS = alt.Axis(labelOverlap=False, labelLimit=360, labelFontSize=12)
# At most this many week labels on a time axis (every k-th Monday beyond it).
MAX_WEEK_LABELS = 13
# Colours of the legend entries that are not lines: bands, the trend and hidden points.
EXTRA_COLOURS = {"area_band": AREA_COLOUR, "peer_band": PEER_COLOUR, "trend": TREND_COLOUR}
HIDDEN_COLOUR = "#444444"
# Hidden cells of a grid, and the text of a hidden count ("<5", "..").
HIDDEN_CELL_COLOUR = "#DDDDDD"
HIDDEN_TEXT_COLOUR = "#555555"
ALERT_COLOUR = "#D55E00"
# The longest legend label drawn whole (pixels).
LEGEND_LIMIT = 400
# The mark drawn at a hidden point, by the small-number rule that hid it.
HIDDEN_MARKS = {"primary": "<5", "secondary": ".."}


def _tips(*columns: str) -> list[alt.Tooltip]:
    """The year and the given formatted columns, titled in the session's language."""
    return [
        alt.Tooltip("year:Q", title=t("column_year"), format="d"),
        *[alt.Tooltip(f"{column}:N", title=t(TOOLTIP_TITLES[column])) for column in columns],
    ]


def headroom_scale(*values: pd.Series, share: float = 0.1) -> alt.Scale:
    """A value scale from 0 to a round number at least `share` above the highest of `values`,
    so the top point, its symbol and the top tick label are inside the plot (Vega's own "nice"
    domain can end exactly on the highest point, which then sits on the plot's upper edge)."""
    tops = [float(series.max()) for series in values if series.notna().any()]
    top = max([*tops, 0.0]) * (1 + share)
    if top <= 0:
        return alt.Scale(domain=[0, 1], nice=False)
    # A step of 1, 2, 2.5 or 5 times a power of ten, about five ticks, never below 1 report.
    power = 10 ** math.floor(math.log10(top / 5))
    step = max(1.0, next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= top / 5))
    return alt.Scale(domain=[0, math.ceil(top / step) * step], nice=False)


def rows_height(rows: int) -> int:
    """The plot height of a chart of `rows` rows: ROW_HEIGHT each, never below MIN_HEIGHT."""
    return max(MIN_HEIGHT, ROW_HEIGHT * rows)


def configure(chart: alt.TopLevelMixin, height: int) -> alt.TopLevelMixin:
    """`chart` with a plot `height` px tall (at least MIN_HEIGHT; axes and legends outside
    it), the shared axis fonts and the legends below."""
    return (
        chart.properties(height=max(height, MIN_HEIGHT), autosize=FIT_WIDTH)
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_legend(orient="bottom", columns=2, labelLimit=LEGEND_LIMIT, symbolStrokeWidth=3)
    )


def band(
    frame: pd.DataFrame,
    x: alt.X,
    *,
    colour: str,
    opacity: float,
    lower: str = "lower",
    upper: str = "upper",
) -> alt.Chart:
    """A shaded interval from `lower` to `upper` over the years (a confidence interval or
    the comparison group's interquartile band), cut at a year without a value, with a
    tooltip of the year and both limits. frame: year, `lower`, `upper`."""
    data = with_segments(with_text(frame, lower, upper), lower)
    return (
        alt.Chart(data)
        .mark_area(opacity=opacity, color=colour)
        .encode(
            x=x,
            y=f"{lower}:Q",
            y2=f"{upper}:Q",
            detail="segment:N",
            tooltip=_tips(f"{lower}_text", f"{upper}_text"),
        )
    )


def with_segments(frame: pd.DataFrame, value: str, by: str | None = None) -> pd.DataFrame:
    """Rows with a `value`, each with a `segment` number that changes after every missing
    row: drawn with `detail=segment`, a line stops at a hidden year instead of joining across
    it (or dropping to zero)."""
    if frame.empty:
        return frame.assign(segment=pd.Series(dtype=int))
    ordered = frame.sort_values([by, "year"] if by else ["year"])
    gaps = ordered[value].isna()
    segment = gaps.groupby(ordered[by]).cumsum() if by else gaps.cumsum()
    return ordered.assign(segment=segment)[~gaps]


def hidden_legend_fill(
    label: str, colour: str = HIDDEN_COLOUR, orient: str | alt.UndefinedType = alt.Undefined
) -> alt.Fill:
    """The legend entry of hidden points alone (a chart without band entries): a grey
    square labelled `label`, from the `legend` field hidden_layer (or with_hidden_legend)
    sets."""
    return alt.Fill(
        "legend:N",
        title=None,
        scale=alt.Scale(domain=[label], range=[colour]),
        # labelLimit: Streamlit's theme cut the explanation after "Hidden value: <5 = count".
        legend=alt.Legend(
            symbolType="square",
            symbolStrokeWidth=0,
            symbolOpacity=0.6,
            labelLimit=LEGEND_LIMIT,
            orient=orient,
        ),
    )


def with_hidden_legend(layer: alt.Chart, label: str, colour: str = HIDDEN_COLOUR) -> alt.Chart:
    """`layer` (the marks of hidden values) with a legend entry saying what they mean: a
    square of `colour` labelled `label`, so a "<5" or a grey cell is explained in the chart
    itself (and in its PNG/SVG download), not only in a caption beside it."""
    fill = hidden_legend_fill(label, colour, orient="bottom")
    return layer.transform_calculate(legend=alt.expr.toString(label)).encode(fill=fill)


def hidden_layer(
    marks: pd.DataFrame,
    x: alt.X,
    *,
    label: str | None,
    mark_title: str,
    fill: alt.Fill | None = None,
    at: alt.Tooltip | None = None,
) -> alt.Chart:
    """Hidden points drawn as hidden: their mark ("<5", "..") in bold at the foot of the
    chart above each hidden year, with a tooltip, and (given `label` and `fill`) a legend entry
    saying what the mark means. The line itself is cut there (with_segments).

    marks: year (or the field of `at`), series (the area, areas or group hidden there, as the
        reader names them), mark.
    at: the tooltip of the x position (default: the year, titled "År"/"Year").
    """
    at = at or alt.Tooltip("year:Q", title=t("column_year"), format="d")
    data = marks[[at.to_dict()["field"], "series", "mark"]].assign(legend=label or "")
    text = (
        alt.Chart(data)
        .mark_text(baseline="bottom", dy=-4, fontWeight="bold", fontSize=13, color=HIDDEN_COLOUR)
        .encode(
            x=x,
            y=alt.value({"expr": "height"}),
            text="mark:N",
            tooltip=[
                at,
                alt.Tooltip("series:N", title=t("column_area")),
                alt.Tooltip("mark:N", title=mark_title),
            ],
        )
    )
    return text.encode(fill=fill) if label and fill is not None else text


def trend_chart(
    lines: pd.DataFrame,
    *,
    y_title: str,
    year_title: str,
    area_band: pd.DataFrame | None = None,
    peer_band: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
    hidden: pd.DataFrame | None = None,
    break_year: int | None = None,
    break_label: str = "",
    legend: dict[str, str] | None = None,
) -> alt.LayerChart:
    """Lines over years (a quantitative year axis) with optional bands.

    lines: year, series (legend label), value — one line per series, in legend order; a
        missing value (a hidden year) breaks the line.
    area_band: year, lower, upper (the chosen area's confidence interval).
    peer_band: year, q1, q3 (interquartile band of the comparison group).
    trend: year, fitted, lower, upper (fitted trend and its interval).
    hidden: year, series, suppressed ("primary" or "secondary"): drawn as "<5" or ".." at
        the foot of the chart.
    legend: the legend label of each band, the trend and the hidden mark, by key
        ("area_band", "peer_band", "trend", "hidden"); a layer without a label gets none.
    """
    legend = legend or {}
    x = year_x(year_title)
    series = list(dict.fromkeys(lines["series"]))
    # The series' legend above the plot, the bands' and hidden mark's below: side by side at
    # the foot the English legends ran past the chart's right edge (screenshot: "Stockholm
    # cou…" cut).
    series_legend = alt.Legend(orient="top")
    colour = alt.Color(
        "series:N",
        title=None,
        sort=series,
        scale=alt.Scale(domain=series, range=PALETTE[: len(series)]),
        legend=series_legend,
    )
    extras: list[tuple[str, alt.Chart]] = []
    if peer_band is not None and not peer_band.empty:
        peers = band(peer_band, x, colour=PEER_COLOUR, opacity=0.18, lower="q1", upper="q3")
        extras.append(("peer_band", peers))
    if area_band is not None and not area_band.empty:
        extras.append(("area_band", band(area_band, x, colour=AREA_COLOUR, opacity=0.25)))
    if trend is not None and not trend.empty:
        fitted = with_text(trend, "fitted")
        trend_layers = [
            alt.Chart(fitted)
            .mark_area(opacity=0.12, color=TREND_COLOUR)
            .encode(x=x, y="lower:Q", y2="upper:Q"),
            alt.Chart(fitted)
            .mark_line(strokeDash=[2, 2], color=TREND_COLOUR)
            .encode(x=x, y="fitted:Q", tooltip=_tips("fitted_text")),
        ]
        extras.extend(("trend", layer) for layer in trend_layers)
    drawn = with_segments(lines, "value", by="series")
    layers = []
    names = {key: legend.get(key) for key, _ in extras}
    domain = [name for name in dict.fromkeys(names.values()) if name]
    colours = [
        EXTRA_COLOURS[key] for key in dict.fromkeys(k for k, n in names.items() if n in domain)
    ]
    hidden_rows = (
        hidden[hidden["suppressed"].isin(list(HIDDEN_MARKS))]
        if hidden is not None
        else pd.DataFrame()
    )
    if not hidden_rows.empty and legend.get("hidden"):
        domain.append(legend["hidden"])
        colours.append(HIDDEN_COLOUR)
    # A fill legend of its own (not the lines' colour scale, which keeps one legend with the
    # lines' dashes and shapes).
    extra_colour = alt.Fill(
        "legend:N",
        title=None,
        scale=alt.Scale(domain=domain or [""], range=colours or [HIDDEN_COLOUR]),
        legend=alt.Legend(symbolType="square", symbolStrokeWidth=0, symbolOpacity=0.6),
    )
    for key, layer in extras:
        label = names.get(key)
        # The trend's line shares its band's legend entry (same colour).
        if label and (key != "trend" or layer.mark.type == "area"):
            layer = layer.transform_calculate(legend=alt.expr.toString(label)).encode(
                fill=extra_colour
            )
        layers.append(layer)
    layers.append(
        alt.Chart(with_text(drawn, "value"))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y(
                "value:Q",
                axis=value_axis(y_title),
                scale=headroom_scale(
                    lines["value"],
                    *[
                        frame[column]
                        for frame, column in ((area_band, "upper"), (peer_band, "q3"))
                        if frame is not None and not frame.empty
                    ],
                ),
            ),
            color=colour,
            detail="segment:N",
            # The same title and domain as colour, so the three share one legend (with
            # legend=None on dash and shape, Streamlit's Vega-Lite drew no legend at all).
            strokeDash=alt.StrokeDash(
                "series:N",
                sort=series,
                title=None,
                scale=alt.Scale(domain=series),
                legend=series_legend,
            ),
            shape=alt.Shape(
                "series:N",
                sort=series,
                title=None,
                scale=alt.Scale(domain=series),
                legend=series_legend,
            ),
            tooltip=[alt.Tooltip("series:N", title=t("column_area")), *_tips("value_text")],
        )
    )
    if not hidden_rows.empty:
        marks = hidden_rows.assign(mark=hidden_rows["suppressed"].map(HIDDEN_MARKS))
        layers.append(
            hidden_layer(
                marks,
                x,
                label=legend.get("hidden"),
                mark_title=t("column_suppressed"),
                fill=extra_colour,
            )
        )
    if break_year is not None and lines["year"].min() < break_year <= lines["year"].max():
        marker = pd.DataFrame({"year": [break_year], "label": [break_label]})
        layers.append(alt.Chart(marker).mark_rule(color="#444444", strokeDash=[6, 3]).encode(x=x))
        layers.append(
            alt.Chart(marker)
            .mark_text(align="left", dx=4, dy=4, baseline="top", color="#444444")
            .encode(x=x, y=alt.value(0), text="label:N")
        )
    return configure(alt.layer(*layers), LINE_HEIGHT)


def ranking_chart(ranking: pd.DataFrame, *, highlight: str, x_title: str) -> alt.LayerChart:
    """Horizontal bars of one year's values per municipality, the chosen one highlighted.

    Every municipality keeps its label: the chart is `ROW_HEIGHT` px per bar, labels are never
    thinned (labelOverlap off) nor cut (no labelLimit), and the chosen one's is bold.

    ranking: name, value, rank.
    """
    data = with_text(ranking.assign(chosen=ranking["name"] == highlight), "value")
    axis = alt.Axis(
        labelOverlap=False,
        labelLimit=0,
        labelFontWeight=alt.ExprRef(
            expr=f"datum.value === {json.dumps(str(highlight))} ? 'bold' : 'normal'"
        ),
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", axis=value_axis(x_title)),
            y=alt.Y(
                "name:N",
                sort=alt.EncodingSortField("value", order="ascending"),
                title=None,
                axis=axis,
            ),
            color=alt.condition("datum.chosen", alt.value(AREA_COLOUR), alt.value("#BBBBBB")),
            tooltip=[
                alt.Tooltip("rank:Q", title=t("column_rank")),
                alt.Tooltip("name:N", title=t("column_municipality")),
                alt.Tooltip("value_text:N", title=t("column_value")),
            ],
        )
    )
    return configure(alt.layer(bars), rows_height(len(data)))


# The EST pages' charts (Lägesbild, Insatser): the week against the expected, the weekly
# trend with its band, hotspots, the weekday x hour grid, the insatser timeline and a
# follow-up's before/after. Counts the public may not see arrive as NaN and are not drawn.

# Status -> colour on the timeline (planned, ongoing, completed, followed up).
STATUS_COLOURS = {
    "planerad": "#999999",
    "pågår": PALETTE[0],
    "genomförd": PALETTE[2],
    "uppföljd": PALETTE[1],
}


def hidden_symbols(data: pd.DataFrame, *, x: str, y: str | alt.Y, **encode) -> alt.Chart:
    """The symbol ('<5' or '..') where a hidden count would be drawn, so a hidden value reads
    as hidden, not as zero or as missing. data: rows with hidden_text set."""
    return (
        alt.Chart(data[data["hidden_text"] != ""])
        .mark_text(color=HIDDEN_TEXT_COLOUR, fontSize=12, fontWeight="bold", dy=-8)
        .encode(x=x, y=y, text="hidden_text:N", **encode)
    )


def week_chart(summary: pd.DataFrame) -> alt.LayerChart:
    """Bars of this week's reports per area, the expected count as a tick and the 95 % upper
    limit as a rule; a hidden count is a '<5' or '..' at the start of its row.
    summary: label, observed (NaN when hidden), expected, upper, alert, hidden_text."""
    if "hidden_text" not in summary:
        summary = summary.assign(hidden_text="")
    data = with_text(summary, "expected", "upper").assign(
        observed_text=[
            hidden or number(value, 0)
            for value, hidden in zip(summary["observed"], summary["hidden_text"], strict=True)
        ],
        zero=0.0,
    )
    y = alt.Y("label:N", sort=None, title=None, axis=CATEGORY_AXIS)
    tooltip = [
        alt.Tooltip("label:N", title=t("est_column_area")),
        alt.Tooltip("observed_text:N", title=t("est_column_observed")),
        alt.Tooltip("expected_text:N", title=t("est_column_expected")),
        alt.Tooltip("upper_text:N", title=t("est_column_upper")),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=AREA_COLOUR, opacity=0.85, height=BAR_SIZE)
        .encode(
            x=alt.X(
                "observed:Q",
                axis=count_axis(t("est_axis_reports")),
                scale=headroom_scale(data["observed"], data["upper"], data["expected"]),
            ),
            y=y,
            color=alt.condition("datum.alert", alt.value(ALERT_COLOUR), alt.value(AREA_COLOUR)),
            tooltip=tooltip,
        )
    )
    limit = (
        alt.Chart(data)
        .mark_tick(color="#444444", thickness=2, size=18)
        .encode(x="upper:Q", y=y, tooltip=tooltip)
    )
    expected = (
        alt.Chart(data)
        .mark_point(shape="diamond", filled=True, color="#000000")
        .encode(x="expected:Q", y=y, tooltip=tooltip)
    )
    hidden = (
        alt.Chart(data[data["hidden_text"] != ""])
        .mark_text(color=HIDDEN_TEXT_COLOUR, fontWeight="bold", align="left", dx=4)
        .encode(x="zero:Q", y=y, text="hidden_text:N", tooltip=tooltip)
    )
    if (data["hidden_text"] != "").any():
        hidden = with_hidden_legend(hidden, t("legend_hidden"), HIDDEN_TEXT_COLOUR)
    return configure(alt.layer(bars, limit, expected, hidden), rows_height(len(data)))


def week_trend_chart(band: pd.DataFrame) -> alt.LayerChart:
    """Weekly reports (points and line) against the expected line and its 95 % band, on a
    time axis of ISO weeks (each week at its Monday, labelled 'v. 47'). A hidden week breaks
    the line and shows its symbol ('<5', '..') instead of a point.
    band: week_start, observed (NaN when hidden), expected, lower, upper, hidden_text."""
    if "hidden_text" not in band:
        band = band.assign(hidden_text="")
    data = week_fields(with_text(band, "expected", "lower", "upper"))
    data = data.assign(
        observed_text=[
            hidden or number(value, 0)
            for value, hidden in zip(band["observed"], band["hidden_text"], strict=True)
        ],
        zero=0.0,
    )
    x = week_x("week", t("est_column_week"), data["week"])
    tooltip = [
        alt.Tooltip("week_text:N", title=t("est_column_week")),
        alt.Tooltip("observed_text:N", title=t("est_column_observed")),
        alt.Tooltip("expected_text:N", title=t("est_column_expected")),
        alt.Tooltip("lower_text:N", title=t("est_column_lower")),
        alt.Tooltip("upper_text:N", title=t("est_column_upper_band")),
    ]
    area = (
        alt.Chart(data)
        .mark_area(opacity=0.2, color=TREND_COLOUR)
        .encode(x=x, y="lower:Q", y2="upper:Q", tooltip=tooltip)
    )
    expected = (
        alt.Chart(data)
        .mark_line(color=TREND_COLOUR, strokeDash=[4, 3])
        .encode(x=x, y="expected:Q", tooltip=tooltip)
    )
    # The hidden weeks stay in the data as nulls: the line breaks there instead of running
    # straight across them.
    observed = (
        alt.Chart(data)
        .mark_line(point=True, color=AREA_COLOUR, invalid="break-paths-filter-domains")
        .encode(
            x=x,
            y=alt.Y(
                "observed:Q",
                axis=count_axis(t("est_axis_reports")),
                scale=headroom_scale(data["observed"], data["upper"], data["expected"]),
            ),
            tooltip=tooltip,
        )
    )
    hidden = hidden_symbols(data, x=x, y="zero:Q", tooltip=tooltip)
    if (data["hidden_text"] != "").any():
        hidden = with_hidden_legend(hidden, t("legend_hidden"), HIDDEN_TEXT_COLOUR)
    return configure(alt.layer(area, expected, observed, hidden), LINE_HEIGHT)


def hotspot_chart(ranking: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of reports per place. ranking: label, count (NaN when hidden)."""
    data = ranking.assign(count_text=ranking["count"].map(lambda v: number(v, 0)))
    bars = (
        alt.Chart(data)
        .mark_bar(color=AREA_COLOUR, height=BAR_SIZE)
        .encode(
            x=alt.X(
                "count:Q",
                axis=count_axis(t("est_axis_reports")),
                scale=headroom_scale(data["count"]),
            ),
            y=alt.Y("label:N", sort=None, title=None, axis=CATEGORY_AXIS),
            tooltip=[
                alt.Tooltip("label:N", title=t("est_column_place")),
                alt.Tooltip("count_text:N", title=t("est_column_reports")),
            ],
        )
    )
    return configure(bars, rows_height(len(data)))


def heatmap_chart(cells: pd.DataFrame) -> alt.LayerChart:
    """Weekday x hour rectangles coloured by reports; hidden cells grey.

    cells: weekday_label, weekday (1-7), hour_label (in order), count (NaN when hidden).
    """
    data = cells.assign(count_text=cells["count"].map(lambda v: number(v, 0)))
    hours = list(dict.fromkeys(cells["hour_label"]))
    x = alt.X("hour_label:O", title=t("est_column_hour"), sort=hours, axis=alt.Axis(labelAngle=0))
    y = alt.Y("weekday_label:N", sort=alt.EncodingSortField("weekday"), title=None)
    tooltip = [
        alt.Tooltip("weekday_label:N", title=t("est_column_weekday")),
        alt.Tooltip("hour_label:O", title=t("est_column_hour")),
        alt.Tooltip("count_text:N", title=t("est_column_reports")),
    ]
    hidden = (
        alt.Chart(data[data["count"].isna()])
        .mark_rect(color=HIDDEN_CELL_COLOUR)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    if data["count"].isna().any():
        hidden = with_hidden_legend(hidden, t("legend_hidden_cell"), HIDDEN_CELL_COLOUR)
    shown = (
        alt.Chart(data.dropna(subset=["count"]))
        .mark_rect()
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "count:Q",
                title=t("est_axis_reports"),
                scale=alt.Scale(scheme="blues"),
                # Whole reports: a legend of one value showed "0.000000".
                legend=alt.Legend(format="d", tickMinStep=1),
            ),
            tooltip=tooltip,
        )
    )
    # Seven weekdays as rows: a legend below must not squeeze out every other day's label.
    return configure(alt.layer(hidden, shown), rows_height(7))


def timeline_chart(actions: pd.DataFrame, *, today: pd.Timestamp) -> alt.LayerChart:
    """A bar from start to end per insats, coloured by status.

    actions: label, start, end (NaT: no end date), status, status_label.
    """
    start = pd.to_datetime(actions["start"])
    # Without an end date an ongoing action runs to `today`; a planned one is drawn as its
    # first eight weeks, so that it shows.
    planned = actions["status"] == "planerad"
    open_end = (start + pd.Timedelta(weeks=8)).where(planned, today)
    data = actions.assign(start=start, end=pd.to_datetime(actions["end"]).fillna(open_end))
    statuses = [status for status in STATUS_COLOURS if status in set(data["status"])]
    labels = data.drop_duplicates("status").set_index("status")["status_label"]
    bars = (
        alt.Chart(data)
        .mark_bar(height=BAR_SIZE, cornerRadius=3)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=0)),
            x2="end:T",
            y=alt.Y("label:N", sort=None, title=None, axis=CATEGORY_AXIS),
            color=alt.Color(
                "status_label:N",
                title=t("est_column_status"),
                scale=alt.Scale(
                    domain=[labels[status] for status in statuses],
                    range=[STATUS_COLOURS[status] for status in statuses],
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("est_column_action")),
                alt.Tooltip("start:T", title=t("est_column_start"), format="%Y-%m-%d"),
                alt.Tooltip("status_label:N", title=t("est_column_status")),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"today": [today]}))
        .mark_rule(color="#444444", strokeDash=[4, 3])
        .encode(x="today:T")
    )
    return configure(alt.layer(bars, rule), rows_height(len(data)))


def followup_chart(blocks: pd.DataFrame, *, group_labels: dict[str, str]) -> alt.LayerChart:
    """Reports per week in 4-week blocks before and after the start (block 0), per group, at
    LINE_HEIGHT px of plot with the legend below. A block hidden from the public
    breaks its line and shows "<5" or ".." at the foot of the chart, explained in the legend.

    blocks: block, group, reports_per_week, and optionally suppressed ('primary',
    'secondary' or '' as actions_parts.public_blocks sets it).
    """
    data = with_text(
        blocks.assign(label=blocks["group"].map(group_labels), week=blocks["block"] * 4),
        "reports_per_week",
    )
    order = [group_labels[group] for group in group_labels if group in set(blocks["group"])]
    x = alt.X("week:Q", title=t("est_axis_weeks_from_start"))
    lines = (
        alt.Chart(data.drop(columns=["suppressed"], errors="ignore"))
        .mark_line(point=True, invalid="break-paths-filter-domains")
        .encode(
            x=x,
            y=alt.Y(
                "reports_per_week:Q",
                axis=value_axis(t("est_axis_reports_per_week")),
                scale=headroom_scale(data["reports_per_week"]),
            ),
            # The groups' legend above the plot and the hidden mark's below: side by side
            # at the foot the two were wider than the column and the English one was cut.
            color=alt.Color(
                "label:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=PALETTE[: len(order)]),
                legend=alt.Legend(orient="top"),
            ),
            # Same title and domain as colour: one shared legend (legend=None hid it entirely).
            strokeDash=alt.StrokeDash(
                "label:N",
                sort=order,
                title=None,
                scale=alt.Scale(domain=order),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("est_column_group")),
                alt.Tooltip("week:Q", title=t("est_axis_weeks_from_start")),
                alt.Tooltip("reports_per_week_text:N", title=t("est_axis_reports_per_week")),
            ],
        )
    )
    start = alt.Chart(pd.DataFrame({"week": [0]})).mark_rule(color="#444444").encode(x="week:Q")
    layers = [lines, start]
    if "suppressed" in data.columns:
        hidden = data[data["suppressed"].isin(list(HIDDEN_MARKS))]
        if not hidden.empty:
            # One mark per block (groups hidden by different rules share it: "<5 ..").
            marks = (
                hidden.assign(mark=hidden["suppressed"].map(HIDDEN_MARKS))
                .groupby("week", as_index=False)
                .agg(
                    mark=("mark", lambda found: " ".join(dict.fromkeys(found))),
                    series=("label", lambda names: ", ".join(dict.fromkeys(names))),
                )
            )
            label = t("legend_hidden")
            layers.append(
                hidden_layer(
                    marks,
                    x,
                    label=label,
                    mark_title=t("column_suppressed"),
                    fill=hidden_legend_fill(label),
                    at=alt.Tooltip("week:Q", title=t("est_axis_weeks_from_start")),
                )
            )
    return configure(alt.layer(*layers), LINE_HEIGHT)
