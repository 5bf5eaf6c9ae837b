"""Altair charts shared by the pages: colour-blind-safe (Okabe–Ito), with redundant encoding
(dashes and point shapes), numbers in the session's format, and the data already aggregated
to one row per point."""

from __future__ import annotations

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


def _tips(*columns: str) -> list[alt.Tooltip]:
    """The year and the given formatted columns, titled in the session's language."""
    return [
        alt.Tooltip("year:O", title=t("column_year")),
        *[alt.Tooltip(f"{column}:N", title=t(TOOLTIP_TITLES[column])) for column in columns],
    ]


def _configure(chart: alt.LayerChart, height: int) -> alt.LayerChart:
    return (
        chart.properties(height=height)
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_legend(orient="bottom", columns=2, labelLimit=400, symbolStrokeWidth=3)
    )


def trend_chart(
    lines: pd.DataFrame,
    *,
    y_title: str,
    year_title: str,
    area_band: pd.DataFrame | None = None,
    peer_band: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
    break_year: int | None = None,
    break_label: str = "",
) -> alt.LayerChart:
    """Lines over years with optional bands.

    lines: year, series (legend label), value — one line per series, in legend order.
    area_band: year, lower, upper (the chosen area's confidence interval).
    peer_band: year, q1, q3 (interquartile band of the comparison group).
    trend: year, fitted, lower, upper (fitted trend and its interval).
    """
    x = alt.X("year:O", title=year_title, axis=alt.Axis(labelAngle=0))
    series = list(dict.fromkeys(lines["series"]))
    colour = alt.Color(
        "series:N",
        title=None,
        sort=series,
        scale=alt.Scale(domain=series, range=PALETTE[: len(series)]),
    )
    layers = []
    if peer_band is not None and not peer_band.empty:
        band = _with_text(peer_band, "q1", "q3")
        layers.append(
            alt.Chart(band)
            .mark_area(opacity=0.18, color=PEER_COLOUR)
            .encode(x=x, y=alt.Y("q1:Q"), y2="q3:Q", tooltip=_tips("q1_text", "q3_text"))
        )
    if area_band is not None and not area_band.empty:
        band = _with_text(area_band.dropna(), "lower", "upper")
        layers.append(
            alt.Chart(band)
            .mark_area(opacity=0.25, color=AREA_COLOUR)
            .encode(x=x, y="lower:Q", y2="upper:Q", tooltip=_tips("lower_text", "upper_text"))
        )
    if trend is not None and not trend.empty:
        fitted = _with_text(trend, "fitted")
        layers.append(
            alt.Chart(fitted)
            .mark_area(opacity=0.12, color=TREND_COLOUR)
            .encode(x=x, y="lower:Q", y2="upper:Q")
        )
        layers.append(
            alt.Chart(fitted)
            .mark_line(color=TREND_COLOUR, strokeDash=[2, 2])
            .encode(x=x, y="fitted:Q", tooltip=_tips("fitted_text"))
        )
    layers.append(
        alt.Chart(_with_text(lines.dropna(subset=["value"]), "value"))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", axis=_axis(y_title)),
            color=colour,
            # The same title and domain as colour, so the three share one legend (with
            # legend=None on dash and shape, Streamlit's Vega-Lite drew no legend at all).
            strokeDash=alt.StrokeDash(
                "series:N", sort=series, title=None, scale=alt.Scale(domain=series)
            ),
            shape=alt.Shape("series:N", sort=series, title=None, scale=alt.Scale(domain=series)),
            tooltip=[alt.Tooltip("series:N", title=t("column_area")), *_tips("value_text")],
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
    return _configure(alt.layer(*layers), 380)


def ranking_chart(ranking: pd.DataFrame, *, highlight: str, x_title: str) -> alt.LayerChart:
    """Horizontal bars of one year's values per municipality, the chosen one highlighted.

    ranking: name, value, rank.
    """
    data = _with_text(ranking.assign(chosen=ranking["name"] == highlight), "value")
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", axis=_axis(x_title)),
            y=alt.Y("name:N", sort=alt.EncodingSortField("value", order="ascending"), title=None),
            color=alt.condition("datum.chosen", alt.value(AREA_COLOUR), alt.value("#BBBBBB")),
            tooltip=[
                alt.Tooltip("rank:Q", title=t("column_rank")),
                alt.Tooltip("name:N", title=t("column_municipality")),
                alt.Tooltip("value_text:N", title=t("column_value")),
            ],
        )
    )
    return _configure(alt.layer(bars), max(200, 18 * len(data)))
