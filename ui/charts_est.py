"""Altair charts of the EST pages: the week against the expected, the trend with its band,
hotspots, the weekday x hour heat map, the insatser timeline and a follow-up's before/after.
Colour-blind-safe (Okabe–Ito, as ui.charts), numbers formatted for the session's language,
data already aggregated to one row per mark. Counts the public may not see arrive as NaN and
are not drawn."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import (
    AREA_COLOUR,
    HIDDEN_MARKS,
    PALETTE,
    TREND_COLOUR,
    _axis,
    configure,
    hidden_layer,
    hidden_legend_fill,
    with_hidden_legend,
)
from ui.format import number
from ui.i18n import t

HIDDEN_COLOUR = "#DDDDDD"
ALERT_COLOUR = "#D55E00"
# One row of a bar chart (pixels of plot), and a category axis that shows every label in full:
# the default hides labels it thinks overlap, which left every other row unnamed.
ROW_HEIGHT = 34
# No plot of rows lower than this (pixels): one area's bar must stay readable.
MIN_HEIGHT = 150
# One weekday of the weekday x hour grid (pixels).
HEATMAP_ROW_HEIGHT = 26
# The bar of one row (pixels), whatever the row height.
BAR_SIZE = 16
# Rows are sized by their plot: Streamlit's default autosize ("fit") counts the axes and the
# legend into the height, so a legend below squeezed three rows into 40 px, bars and labels
# over each other. "fit-x" fits the width only; the height is the plot's, decorations added.
ROWS_AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")
# At most this many week labels on a time axis (every k-th Monday beyond it).
MAX_WEEK_LABELS = 13
HIDDEN_TEXT_COLOUR = "#555555"
CATEGORY_AXIS = alt.Axis(labelOverlap=False, labelLimit=360, labelFontSize=12)
# Status -> colour on the timeline (planned, ongoing, completed, followed up).
STATUS_COLOURS = {
    "planerad": "#999999",
    "pågår": PALETTE[0],
    "genomförd": PALETTE[2],
    "uppföljd": PALETTE[1],
}


def _text(frame: pd.DataFrame, *columns: str, decimals: int = 1) -> pd.DataFrame:
    return frame.assign(
        **{f"{column}_text": frame[column].map(lambda v: number(v, decimals)) for column in columns}
    )


def rows_properties(rows: int, row_height: int = ROW_HEIGHT) -> dict:
    """The size of a chart of `rows` rows: `row_height` px of plot per row (never below
    MIN_HEIGHT), the axes and legend added outside it."""
    return {"height": max(MIN_HEIGHT, row_height * rows), "autosize": ROWS_AUTOSIZE}


def _count_axis(title: str) -> alt.Axis:
    """A count axis: whole numbers only (no tick at 0,5)."""
    return alt.Axis(title=title, labelExpr=_axis(title).labelExpr, tickMinStep=1, format="d")


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


def week_axis(mondays: pd.Series, title: str) -> alt.Axis:
    """A temporal axis with one tick per ISO week on its Monday, labelled 'v. 47' (every
    k-th week when there are many), not Vega's Sunday-based week ticks."""
    days = sorted(pd.to_datetime(mondays).unique())
    step = max(1, -(-len(days) // MAX_WEEK_LABELS))
    values = [
        alt.DateTime(year=day.year, month=day.month, date=day.day)
        for day in days[::-1][::step][::-1]
    ]
    prefix = t("est_week_short", week="")
    return alt.Axis(
        title=title,
        values=values,
        labelExpr=f"'{prefix}' + timeFormat(datum.value, '%V')",
        labelAngle=0,
        grid=False,
    )


def hidden_marks(data: pd.DataFrame, *, x: str, y: str | alt.Y, **encode) -> alt.Chart:
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
    data = _text(summary, "expected", "upper").assign(
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
            x=alt.X("observed:Q", axis=_count_axis(t("est_axis_reports"))),
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
    return alt.layer(bars, limit, expected, hidden).properties(**rows_properties(len(data)))


def trend_chart(band: pd.DataFrame) -> alt.LayerChart:
    """Weekly reports (points and line) against the expected line and its 95 % band, on a
    time axis of ISO weeks (each week at its Monday, labelled 'v. 47'). A hidden week breaks
    the line and shows its symbol ('<5', '..') instead of a point.
    band: week_start, observed (NaN when hidden), expected, lower, upper, hidden_text."""
    if "hidden_text" not in band:
        band = band.assign(hidden_text="")
    data = week_fields(_text(band, "expected", "lower", "upper"))
    data = data.assign(
        observed_text=[
            hidden or number(value, 0)
            for value, hidden in zip(band["observed"], band["hidden_text"], strict=True)
        ],
        zero=0.0,
    )
    x = alt.X("week:T", axis=week_axis(data["week"], t("est_column_week")))
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
            x=x, y=alt.Y("observed:Q", axis=_count_axis(t("est_axis_reports"))), tooltip=tooltip
        )
    )
    hidden = hidden_marks(data, x=x, y="zero:Q", tooltip=tooltip)
    if (data["hidden_text"] != "").any():
        hidden = with_hidden_legend(hidden, t("legend_hidden"), HIDDEN_TEXT_COLOUR)
    return alt.layer(area, expected, observed, hidden).properties(height=300)


def hotspot_chart(ranking: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of reports per place. ranking: label, count (NaN when hidden)."""
    data = ranking.assign(count_text=ranking["count"].map(lambda v: number(v, 0)))
    return (
        alt.Chart(data)
        .mark_bar(color=AREA_COLOUR, height=BAR_SIZE)
        .encode(
            x=alt.X("count:Q", axis=_count_axis(t("est_axis_reports"))),
            y=alt.Y("label:N", sort=None, title=None, axis=CATEGORY_AXIS),
            tooltip=[
                alt.Tooltip("label:N", title=t("est_column_place")),
                alt.Tooltip("count_text:N", title=t("est_column_reports")),
            ],
        )
        .properties(**rows_properties(len(data)))
    )


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
        .mark_rect(color=HIDDEN_COLOUR)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    if data["count"].isna().any():
        hidden = with_hidden_legend(hidden, t("legend_hidden_cell"), HIDDEN_COLOUR)
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
    return alt.layer(hidden, shown).properties(**rows_properties(7, HEATMAP_ROW_HEIGHT))


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
    return (
        alt.layer(bars, rule)
        .properties(**rows_properties(len(data)))
        .configure_legend(orient="bottom")
    )


# The follow-up chart's height: plot, axis and a legend of up to three groups and the mark.
FOLLOWUP_HEIGHT = 300


def followup_chart(blocks: pd.DataFrame, *, group_labels: dict[str, str]) -> alt.LayerChart:
    """Reports per week in 4-week blocks before and after the start (block 0), per group, at
    least charts.MIN_HEIGHT px tall with the legend below. A block hidden from the public
    breaks its line and shows "<5" or ".." at the foot of the chart, explained in the legend.

    blocks: block, group, reports_per_week, and optionally suppressed ('primary',
    'secondary' or '' as actions_parts.public_blocks sets it).
    """
    data = _text(
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
            y=alt.Y("reports_per_week:Q", axis=_axis(t("est_axis_reports_per_week"))),
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
    return configure(alt.layer(*layers), FOLLOWUP_HEIGHT)
