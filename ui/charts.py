"""Altair charts shared by the pages: colour-blind-safe (Okabe–Ito), with redundant encoding
(dashes and point shapes), numbers in the session's format, and the data already aggregated
to one row per point."""

from __future__ import annotations

import json

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


# Week labels: "v. 47" in Swedish, "w. 47" in English (ISO week number, %V).
WEEK_PREFIX = {"sv": "v. ", "en": "w. "}


def iso_week_monday(year: pd.Series | int, week: pd.Series | int) -> pd.Series | pd.Timestamp:
    """The Monday of ISO week `week` of ISO year `year` (a week encoded as time, not a code)."""
    if isinstance(year, pd.Series) or isinstance(week, pd.Series):
        index = (year if isinstance(year, pd.Series) else week).index
        years = pd.Series(year, index=index).astype(int).astype(str)
        weeks = pd.Series(week, index=index).astype(int).map("{:02d}".format)
        return pd.to_datetime(years + "-W" + weeks + "-1", format="%G-W%V-%u")
    return pd.Timestamp.fromisocalendar(int(year), int(week), 1)


def week_label_expr(lang: str | None = None) -> str:
    """Vega expression labelling a week's Monday as its ISO week: 'v. 47' (sv), 'w. 47' (en)."""
    prefix = WEEK_PREFIX[lang or language()]
    return f"'{prefix}' + timeFormat(datum.value, '%V')"


def week_x(field: str, title: str, weeks: pd.Series | None = None) -> alt.X:
    """A temporal x axis of weeks: `field` holds each week's Monday, labelled 'v. 47'.

    `weeks` (the Mondays shown) puts the ticks on the Mondays themselves: Vega's own "week"
    ticks fall on Sundays, whose ISO week is the one before.
    """
    axis = {"labelExpr": week_label_expr(), "labelAngle": 0, "labelOverlap": True}
    if weeks is not None:
        mondays = pd.to_datetime(pd.Series(weeks)).drop_duplicates().sort_values()
        axis["values"] = [
            alt.DateTime(year=day.year, month=day.month, date=day.day) for day in mondays
        ]
    return alt.X(f"{field}:T", title=title, axis=alt.Axis(**axis))


def week_tooltip(field: str, title: str) -> alt.Tooltip:
    """The tooltip of a week's Monday: 'v. 47 2026' / 'w. 47 2026' (ISO week and year)."""
    prefix = WEEK_PREFIX[language()]
    return alt.Tooltip(f"{field}:T", title=title, format=f"{prefix}%V %G")


def year_x(title: str, field: str = "year") -> alt.X:
    """A quantitative year axis (time as time: gaps between years keep their width), years
    written without a thousands separator."""
    return alt.X(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(zero=False, nice=False),
        axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelOverlap=True),
    )


def _axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=AXIS_LABEL[language()])


def _with_text(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Add `<column>_text`: each number formatted for the session's language (tooltips)."""
    return frame.assign(**{f"{column}_text": frame[column].map(number) for column in columns})


# Tooltip titles for the formatted columns.
TOOLTIP_TITLES = {
    "q1_text": "column_peer_q1",
    "q3_text": "column_peer_q3",
    "lower_text": "column_lower",
    "upper_text": "column_upper",
    "fitted_text": "column_trend",
    "value_text": "column_value",
}
# The smallest height of a chart's plot, and the height each bar of a ranking gets: a bar
# label (12 px text) needs about 20 px to be drawn without Vega dropping its neighbours.
MIN_HEIGHT = 300
ROW_HEIGHT = 22
# The trend charts: plot, axis and a legend of up to three rows.
TREND_HEIGHT = 400
# Colours of the legend entries that are not lines: bands, the trend and hidden points.
EXTRA_COLOURS = {"area_band": AREA_COLOUR, "peer_band": PEER_COLOUR, "trend": TREND_COLOUR}
HIDDEN_COLOUR = "#444444"
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


def configure(chart: alt.LayerChart, height: int) -> alt.LayerChart:
    """`chart` at least MIN_HEIGHT px tall, with the shared axis fonts and a legend below."""
    return (
        chart.properties(height=max(height, MIN_HEIGHT))
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_legend(orient="bottom", columns=2, labelLimit=LEGEND_LIMIT, symbolStrokeWidth=3)
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
    colour = alt.Color(
        "series:N",
        title=None,
        sort=series,
        scale=alt.Scale(domain=series, range=PALETTE[: len(series)]),
    )
    extras: list[tuple[str, alt.Chart]] = []
    if peer_band is not None and not peer_band.empty:
        band = with_segments(_with_text(peer_band, "q1", "q3"), "q1")
        extras.append(
            (
                "peer_band",
                alt.Chart(band)
                .mark_area(opacity=0.18, color=PEER_COLOUR)
                .encode(
                    x=x,
                    y=alt.Y("q1:Q"),
                    y2="q3:Q",
                    detail="segment:N",
                    tooltip=_tips("q1_text", "q3_text"),
                ),
            )
        )
    if area_band is not None and not area_band.empty:
        band = with_segments(_with_text(area_band, "lower", "upper"), "lower")
        extras.append(
            (
                "area_band",
                alt.Chart(band)
                .mark_area(opacity=0.25, color=AREA_COLOUR)
                .encode(
                    x=x,
                    y="lower:Q",
                    y2="upper:Q",
                    detail="segment:N",
                    tooltip=_tips("lower_text", "upper_text"),
                ),
            )
        )
    if trend is not None and not trend.empty:
        fitted = _with_text(trend, "fitted")
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
        alt.Chart(_with_text(drawn, "value"))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", axis=_axis(y_title)),
            color=colour,
            detail="segment:N",
            # The same title and domain as colour, so the three share one legend (with
            # legend=None on dash and shape, Streamlit's Vega-Lite drew no legend at all).
            strokeDash=alt.StrokeDash(
                "series:N", sort=series, title=None, scale=alt.Scale(domain=series)
            ),
            shape=alt.Shape("series:N", sort=series, title=None, scale=alt.Scale(domain=series)),
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
    return configure(alt.layer(*layers), TREND_HEIGHT)


def ranking_chart(ranking: pd.DataFrame, *, highlight: str, x_title: str) -> alt.LayerChart:
    """Horizontal bars of one year's values per municipality, the chosen one highlighted.

    Every municipality keeps its label: the chart is `ROW_HEIGHT` px per bar, labels are never
    thinned (labelOverlap off) nor cut (no labelLimit), and the chosen one's is bold.

    ranking: name, value, rank.
    """
    data = _with_text(ranking.assign(chosen=ranking["name"] == highlight), "value")
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
            x=alt.X("value:Q", axis=_axis(x_title)),
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
    return configure(alt.layer(bars), ROW_HEIGHT * len(data))
