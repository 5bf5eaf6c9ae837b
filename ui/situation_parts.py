"""The pieces of the Lägesbild page: sentences, tables (with the public small-number rule),
the alert list and the printable weekly summary. Pages/situation.py composes them."""

from __future__ import annotations

import datetime as dt
import html
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import streamlit as st

from analytics import est
from analytics.suppression import TOTAL, rows_fully_shown
from ui import cache, charts, est_parts
from ui.format import number
from ui.frame import chart_with_images, translated
from ui.i18n import in_language, language, t

# Weekdays 1 (Monday) .. 7 (Sunday) -> message keys.
WEEKDAY_KEYS = {day: f"est_weekday_{day}" for day in range(1, 8)}
# Table columns -> message keys of their headings.
WEEK_COLUMNS = {
    "area": "est_column_area",
    "observed": "est_column_observed",
    "expected": "est_column_expected",
    "upper": "est_column_upper",
    "n_alerts": "est_column_alerts",
}
ALERT_COLUMNS = {
    "area": "est_column_area",
    "category": "est_column_category",
    "observed": "est_column_observed",
    "expected": "est_column_expected",
    "upper": "est_column_upper",
    "p_value": "est_column_p_value",
    "q_value": "est_column_q_value",
}
TREND_COLUMNS = {
    "week": "est_column_week",
    "observed": "est_column_observed",
    "expected": "est_column_expected",
    "lower": "est_column_lower",
    "upper": "est_column_upper_band",
}
HOTSPOT_COLUMNS = {
    "rank": "est_column_rank",
    "place": "est_column_place",
    "area": "est_column_area",
    "count": "est_column_reports",
    "previous_count": "est_column_previous",
    "change": "est_column_change_percent",
    "verdict": "est_column_verdict",
    "mean_severity": "est_column_severity",
}
INCIDENT_COLUMNS = {
    "incident_id": "est_column_id",
    "incident_date": "est_column_date",
    "incident_time": "est_column_time",
    "area": "est_column_area",
    "place": "est_column_place",
    "category": "est_column_category",
    "organisation": "est_column_organisation",
    "severity": "est_column_severity",
    "description": "est_column_description",
    "was_redacted": "est_column_redacted",
}


def source(is_example: bool) -> tuple[str, str]:
    """(name, licence) of the EST source shown: the example data or the register."""
    sources = cache.sources().set_index("source_id")
    row = sources.loc["est_example" if is_example else "est"]
    return row[f"name_{language()}"], row[in_language("licence")]


def _cell_label(row: pd.Series) -> str:
    areas, categories = est_parts.names("area"), est_parts.names("category")
    return f"{areas[row['area_id']]} – {categories[row['category_id']]}"


def week_sentence(
    assessment: est.WeekAssessment,
    summary: pd.DataFrame,
    alerts: pd.DataFrame,
    week_key: str,
    *,
    public: bool,
    total: tuple[float, str] | None = None,
) -> str:
    """The one-line summary: this week's reports against the expected, and the alerts.

    total: for the public, the week's count of the filter as published (count, mask)."""
    observed = int(summary["observed"].sum())
    label = est_parts.week_label(week_key)
    count = est_parts.count_text(observed, public and 1 <= observed <= 4)
    if total is not None:
        count = est_parts.entry_text(*total)
    if not assessment.assessed:
        return t("est_week_summary_unassessed", week=label, observed=count)
    expected = float(summary["expected"].sum())
    text = t("est_week_summary", week=label, observed=count, expected=number(expected, 1))
    if alerts.empty:
        return f"{text} {t('est_no_alerts_short')}"
    listed = "; ".join(
        t(
            "est_alert_item",
            cell=_cell_label(row),
            observed=_observed_text(row, public=public),
            expected=number(row["expected"], 1),
        )
        for _, row in alerts.iterrows()
    )
    return f"{text} {est_parts.plural('est_alerts_count', len(alerts), alerts=listed)}"


def _observed_text(row: pd.Series, *, public: bool) -> str:
    """A published count in a sentence: from the week's published table for the public."""
    if public and "observed_how" in row:
        return est_parts.entry_text(row["observed"], row["observed_how"])
    return est_parts.count_text(row["observed"], public and 1 <= row["observed"] <= 4)


def published_counts(
    frame: pd.DataFrame, week: dt.date, *, category: str | None, by_category: bool = False
) -> pd.DataFrame:
    """`frame` (one row per area_id, or per area_id and category_id with by_category) with
    observed taken from the week's published table: NaN where hidden, observed_how saying how
    ('primary' "<5", 'secondary' "..", '' shown) and observed_shown the count the public may
    see (NaN when hidden), so every public view of the week reads the same masked table."""
    entries = [
        est_parts.published_entry(
            week, row["area_id"], row["category_id"] if by_category else category
        )
        for _, row in frame.iterrows()
    ]
    values = [value for value, _ in entries]
    how = [mask for _, mask in entries]
    return frame.assign(
        observed=values,
        observed_how=how,
        observed_shown=[np.nan if h else v for v, h in zip(values, how, strict=True)],
    )


def _summary_frame(summary: pd.DataFrame, *, public: bool) -> pd.DataFrame:
    names = est_parts.names("area")
    frame = summary.assign(area=summary["area_id"].map(names))
    return frame


def week_section(
    assessment: est.WeekAssessment,
    summary: pd.DataFrame,
    alerts: pd.DataFrame,
    *,
    public: bool,
    title: str,
    source: str,
    has_example: bool,
) -> None:
    if not assessment.assessed:
        st.info(t("est_too_little_history", weeks=est.MIN_HISTORY_WEEKS))
        return
    frame = _summary_frame(summary, public=public)
    chart = frame.assign(label=frame["area"], alert=frame["n_alerts"] > 0)
    if public:
        chart = chart.assign(observed=frame["observed_shown"])
    chart = chart.assign(
        hidden_text=[
            est_parts.symbol(0, how) if how else ""
            for how in frame.get("observed_how", pd.Series("", index=frame.index))
        ]
    )
    chart_with_images(
        charts.week_chart(chart),
        key="est_week_chart",
        title=title,
        source=source,
        has_example=has_example,
    )
    st.caption(t("est_week_chart_note"))


def week_table(summary: pd.DataFrame, *, public: bool) -> pd.DataFrame:
    frame = _summary_frame(summary, public=public)
    frame = frame.assign(expected=frame["expected"].round(1), upper=frame["upper"].astype("Int64"))
    if public:
        frame = frame.assign(
            observed=[
                est_parts.symbol(value, how)
                for value, how in zip(frame["observed"], frame["observed_how"], strict=True)
            ]
        )
    return translated(frame[list(WEEK_COLUMNS)], WEEK_COLUMNS)


def alert_section(assessment: est.WeekAssessment, alerts: pd.DataFrame, *, public: bool) -> None:
    if not assessment.assessed:
        st.info(t("est_too_little_history", weeks=est.MIN_HISTORY_WEEKS))
        return
    if alerts.empty:
        st.success(t("est_no_alerts", n=assessment.n_tests), icon=":material/check_circle:")
        st.markdown(no_alert_sentence(assessment))
        above = assessment.cells[
            (assessment.cells["observed"] > assessment.cells["upper"]) & ~assessment.cells["alert"]
        ].sort_values("p_value")
        if not above.empty:
            listed = ", ".join(_cell_label(row) for _, row in above.head(5).iterrows())
            st.markdown(t("est_above_limit", cells=listed))
    else:
        for _, row in alerts.iterrows():
            st.markdown(
                "- "
                + t(
                    "est_alert_line",
                    cell=_cell_label(row),
                    observed=_observed_text(row, public=public),
                    expected=number(row["expected"], 1),
                    upper=number(row["upper"], 0),
                )
            )
    st.caption(t("est_alert_method", n=assessment.n_tests, weeks=assessment.history_weeks))


def no_alert_sentence(assessment: est.WeekAssessment) -> str:
    """What "no alert" could have caught: for the cell with the most reports in an ordinary
    week, and for one with about two, the fewest reports that would have given an alert."""
    cells = assessment.cells.dropna(subset=["expected", "signal_at"])
    if cells.empty:
        return ""
    busiest = cells.loc[cells["expected"].idxmax()]
    typical = cells.loc[(np.log(cells["expected"].clip(lower=0.01)) - np.log(2.0)).abs().idxmin()]
    return t(
        "est_no_alert_power",
        expected=number(busiest["expected"], 1),
        cell=_cell_label(busiest),
        signal=number(busiest["signal_at"], 0),
        expected_typical=number(typical["expected"], 1),
        cell_typical=_cell_label(typical),
        signal_typical=number(typical["signal_at"], 0),
    )


def alert_table(alerts: pd.DataFrame, *, public: bool) -> pd.DataFrame:
    areas, categories = est_parts.names("area"), est_parts.names("category")
    frame = alerts.assign(
        area=alerts["area_id"].map(areas),
        category=alerts["category_id"].map(categories),
        expected=alerts["expected"].round(2),
        upper=alerts["upper"].astype("Int64"),
    )
    columns = dict(ALERT_COLUMNS)
    if public:
        # The p-value would give the hidden count back.
        columns.pop("p_value")
        columns.pop("q_value")
    if public:
        frame = frame.assign(
            observed=[
                est_parts.symbol(value, how)
                for value, how in zip(frame["observed"], frame["observed_how"], strict=True)
            ]
        )
    return translated(frame[list(columns)], columns)


def published_band(band: pd.DataFrame, area: str | None, category: str | None) -> pd.DataFrame:
    """`band` with each week's observed count as the public sees it (the week's published
    table): observed NaN when hidden, observed_how '' / 'primary' / 'secondary'."""
    entries = [
        est_parts.published_entry(pd.Timestamp(week).date(), area, category)
        for week in band["week_start"]
    ]
    return band.assign(
        observed=[value for value, _ in entries], observed_how=[how for _, how in entries]
    )


def _hidden(band: pd.DataFrame) -> pd.Series:
    return band.get("observed_how", pd.Series("", index=band.index)) != ""


def trend_sentence(band: pd.DataFrame, *, public: bool) -> str:
    """The period in one sentence. For the public the sum covers only the weeks shown (a
    period total would give a hidden week back as total minus the others)."""
    hidden = _hidden(band) if public else pd.Series(False, index=band.index)
    shown = band[~hidden]
    values = {
        "weeks": est_parts.plural("est_period_weeks", len(band)),
        "observed": number(int(shown["observed"].sum()), 0),
        "expected": number(float(shown["expected"].sum()), 0),
        "above": number(int((shown["observed"] > shown["upper"]).sum()), 0),
    }
    if hidden.any():
        hidden_weeks = est_parts.plural("est_period_weeks", int(hidden.sum()))
        return t("est_trend_summary_hidden", hidden=hidden_weeks, **values)
    return t("est_trend_summary", **values)


def trend_chart_frame(band: pd.DataFrame, *, public: bool) -> pd.DataFrame:
    """The trend chart's data: hidden weeks' counts NaN with their symbol in hidden_text."""
    hidden = _hidden(band) if public else pd.Series(False, index=band.index)
    return band.assign(
        observed=band["observed"].astype(float).where(~hidden),
        hidden_text=[
            est_parts.symbol(0, how) if flag else ""
            for flag, how in zip(
                hidden, band.get("observed_how", pd.Series("", index=band.index)), strict=True
            )
        ],
    )


def trend_table(band: pd.DataFrame, *, public: bool) -> pd.DataFrame:
    frame = band.assign(
        # The week as the chart and the sentences write it ('v. 47 2026'), not its URL code.
        week=charts.week_fields(band)["week_text"],
        expected=band["expected"].round(1),
        lower=band["lower"].round(1),
        upper=band["upper"].round(1),
    )
    if public:
        frame = frame.assign(
            observed=[
                est_parts.symbol(value, how)
                for value, how in zip(frame["observed"], frame["observed_how"], strict=True)
            ]
        )
    return translated(frame[list(TREND_COLUMNS)], TREND_COLUMNS)


def _hotspot_frame(hotspots: pd.DataFrame) -> pd.DataFrame:
    areas = est_parts.names("area")
    return hotspots.assign(
        area=hotspots["area_id"].map(areas),
        label=[
            f"{place} – {areas[area]}"
            for place, area in zip(hotspots["place"], hotspots["area_id"], strict=True)
        ],
    )


def public_hotspots(
    now: pd.DataFrame,
    before: pd.DataFrame,
    severity: pd.DataFrame,
    area: str | None,
    category: str | None,
    *,
    weeks: int,
    history: pd.DataFrame,
    first_week: dt.date,
    period_start: dt.date,
) -> pd.DataFrame:
    """The public's hotspot list from two blocks' published place tables (now, the block
    before; est_parts.published_places): only places whose count is shown, ranked by it; the
    change and verdict only where the block before is shown too (previous_how says how it is
    hidden otherwise). severity: the block's place counts under the filters (mean_severity).
    history, first_week, period_start: each place's weekly reports before the block, for the
    verdict's dispersion (est.hotspot_ranking); only a dispersion is drawn from it, no count.
    Columns as est.hotspot_ranking plus previous_how."""
    column = category or TOTAL

    def entries(frame: pd.DataFrame) -> pd.DataFrame:
        chosen = frame[(frame["column"] == column) & (frame["row"] != TOTAL)]
        if area is not None:
            chosen = chosen[chosen["group"] == area]
        return chosen.assign(
            area_id=chosen["group"], place=[row[1] for row in chosen["row"]]
        ).set_index(["area_id", "place"])

    current, previous = entries(now), entries(before)
    shown = current[(current["how"] == "") & (current["count"] > 0)]
    severities = severity.groupby(["area_id", "place"])["mean_severity"].mean()
    # Over all categories a mean severity only where the place's every category is shown.
    whole = (
        None
        if category is not None
        else {(group, row[1]) for group, row in rows_fully_shown(now) if row != TOTAL}
    )
    ranking_now = shown.reset_index()[["area_id", "place", "count"]].assign(
        mean_severity=[
            severities.get(key, np.nan) if whole is None or key in whole else np.nan
            for key in shown.index
        ]
    )
    previous_shown = previous[previous["how"] == ""]
    ranking = est.hotspot_ranking(
        ranking_now,
        previous_shown.reset_index()[["area_id", "place", "count"]],
        weeks=weeks,
        history=history,
        first_week=first_week,
        period_start=period_start,
    )
    how = [
        str(previous.loc[key, "how"]) if key in previous.index else ""
        for key in zip(ranking["area_id"], ranking["place"], strict=True)
    ]
    hidden = pd.Series([bool(h) for h in how], index=ranking.index)
    return ranking.assign(
        previous_count=ranking["previous_count"].astype(float).where(~hidden),
        rate_ratio=ranking["rate_ratio"].where(~hidden),
        verdict=ranking["verdict"].where(~hidden),
        previous_how=how,
    )


def hotspot_section(
    hotspots: pd.DataFrame, *, public: bool, title: str, source: str, has_example: bool
) -> None:
    if hotspots.empty:
        st.info(t("est_no_hotspots"))
        return
    frame = _hotspot_frame(hotspots)
    top = frame.iloc[0]
    st.markdown(
        t(
            "est_hotspot_summary",
            place=top["label"],
            n=number(top["count"], 0),
        )
    )
    chart_with_images(
        charts.hotspot_chart(frame),
        key="est_hotspot_chart",
        title=title,
        source=source,
        has_example=has_example,
    )


def hotspot_table(hotspots: pd.DataFrame, *, public: bool) -> pd.DataFrame:
    frame = _hotspot_frame(hotspots)
    # A number, not text: "+12 %" would get the downloads' formula guard ("'+12 %").
    frame["change"] = [
        round((ratio - 1) * 100) if np.isfinite(ratio) else None for ratio in frame["rate_ratio"]
    ]
    # No verdict (NaN) where the block before is hidden for the public (public_hotspots).
    frame["verdict"] = [
        t(f"verdict_{verdict}") if isinstance(verdict, str) else ".."
        for verdict in frame["verdict"]
    ]
    frame["mean_severity"] = frame["mean_severity"].round(1)
    if public:
        # Only shown counts are listed (public_hotspots); a change against a hidden count of
        # the block before would give it back, so it reads like that count.
        hidden = frame["previous_how"] != ""
        frame = frame.astype({"change": object, "previous_count": object})
        frame.loc[hidden, ["change", "verdict"]] = ".."
        frame["previous_count"] = [
            est_parts.symbol(value, how)
            for value, how in zip(frame["previous_count"], frame["previous_how"], strict=True)
        ]
        frame["count"] = [str(int(value)) for value in frame["count"]]
        # A mean severity over all categories is left out where a category of the place is
        # hidden (public_hotspots): "..", one type per column.
        frame["mean_severity"] = [
            ".." if pd.isna(value) else number(value, 1) for value in frame["mean_severity"]
        ]
        # One type per column: a ".." among numbers made Arrow fail on every run.
        frame["change"] = [
            value if isinstance(value, str) else ("" if pd.isna(value) else str(int(value)))
            for value in frame["change"]
        ]
    return translated(frame[list(HOTSPOT_COLUMNS)], HOTSPOT_COLUMNS)


def hour_label(hour: int, band_hours: int) -> str:
    """'20' for one hour, '18–20' for a band of three."""
    return f"{hour:02d}" if band_hours == 1 else f"{hour:02d}–{hour + band_hours - 1:02d}"


def public_weekday_hour(
    entries: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, tuple[float, str]]:
    """The public's view of a block's published weekday x time table
    (est_parts.published_weekday_hour): the grid of counts (NaN where hidden), the grid of how
    each is hidden ('' shown, 'primary', 'secondary'), and (count, how) of reports without a
    time."""
    chosen = entries[(entries["column"] == TOTAL) & (entries["row"] != TOTAL)]
    no_time = chosen[[row == (est_parts.NO_TIME, est_parts.NO_TIME) for row in chosen["row"]]]
    cells = chosen.drop(no_time.index)
    index = pd.MultiIndex.from_tuples(list(cells["row"]), names=["weekday", "hour"])
    values = pd.Series(cells["count"].to_numpy(), index=index).unstack("hour")
    how = pd.Series(cells["how"].to_numpy(), index=index).unstack("hour")
    values = values.where(how == "")
    without = (float(no_time["count"].iloc[0]), str(no_time["how"].iloc[0]))
    return values, how, without


def heatmap_cells(
    grid: pd.DataFrame, band_hours: int, *, public: bool, how: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Long form of the weekday x time grid for the chart. For the public, `how` is the
    published table's mask (public_weekday_hour): it goes along as column how and hidden
    counts are NaN."""
    long = grid.stack(future_stack=True).rename("count").reset_index()
    long["weekday_label"] = long["weekday"].map(lambda day: t(WEEKDAY_KEYS[day]))
    long["hour_label"] = long["hour"].map(lambda hour: hour_label(hour, band_hours))
    if public:
        long["how"] = how.stack(future_stack=True).to_numpy()
        long["count"] = long["count"].where(long["how"] == "")
    return long


def weekday_hour_sentence(
    grid: pd.DataFrame,
    without_time: int | tuple[float, str],
    band_hours: int,
    *,
    public: bool,
) -> str:
    """The busiest shown cell and the reports without a time (for the public a published
    entry (count, how): "<5" or ".." when hidden)."""
    if isinstance(without_time, tuple):
        without_text = est_parts.entry_text(*without_time)
    else:
        without_text = est_parts.count_text(without_time, public and 1 <= without_time <= 4)
    stacked = grid.stack().dropna()
    if stacked.empty or stacked.max() == 0:
        return t("no_data")
    weekday, hour = stacked.idxmax()
    top = int(stacked.max())
    return t(
        "est_weekday_hour_summary",
        weekday=t(WEEKDAY_KEYS[weekday]),
        hour=hour_label(hour, band_hours),
        n=est_parts.count_text(top, public and top <= 4),
        without_time=without_text,
    )


def heatmap_table(cells: pd.DataFrame, *, public: bool) -> pd.DataFrame:
    """One row per weekday, one column per hour (or band); hidden counts '<5' or '..' for
    the public."""
    if public:
        cells = cells.assign(
            count=[
                est_parts.symbol(value, how)
                for value, how in zip(cells["count"], cells["how"], strict=True)
            ]
        )
    values = cells.pivot(index="weekday", columns="hour_label", values="count")
    values = values[list(dict.fromkeys(cells["hour_label"]))]
    values.columns = list(values.columns)
    values.insert(0, t("est_column_weekday"), [t(WEEKDAY_KEYS[day]) for day in values.index])
    return values.reset_index(drop=True)


def incident_table(incidents: pd.DataFrame) -> pd.DataFrame:
    """The coordinators' list: names instead of ids, redacted text marked."""
    frame = incidents.assign(
        area=incidents["area_id"].map(est_parts.names("area")),
        category=incidents["category_id"].map(est_parts.names("category")),
        organisation=incidents["organisation_id"].map(est_parts.names("organisation")),
        incident_date=pd.to_datetime(incidents["incident_date"]).dt.date,
        incident_time=[
            "" if pd.isna(value) else str(value)[:5] for value in incidents["incident_time"]
        ],
        place=incidents["place"].fillna(""),
        description=incidents["description"].fillna(""),
        was_redacted=incidents["was_redacted"].map(lambda flag: t("yes") if flag else ""),
    )
    return translated(frame[list(INCIDENT_COLUMNS)], INCIDENT_COLUMNS)


def weekly_report(
    assessment: est.WeekAssessment,
    summary: pd.DataFrame,
    alerts: pd.DataFrame,
    hotspots: pd.DataFrame,
    week_key: str,
    filters: dict[str, str],
    *,
    public: bool,
    total: tuple[float, str] | None = None,
) -> bytes:
    """A self-contained, printable HTML page of the week for the EST meeting.

    total: for the public, the week's published count of the filter (as on the page)."""
    is_example = bool(cache.est_extent().iloc[0]["has_example"])
    name, licence = source(is_example)
    parts = [
        f"<h1>{html.escape(t('est_report_title', week=est_parts.week_label(week_key)))}</h1>",
    ]
    if is_example:
        parts.append(f"<p class='example'>{html.escape(t('est_report_example'))}</p>")
    parts.append(
        "<p>"
        + _inline(week_sentence(assessment, summary, alerts, week_key, public=public, total=total))
        + "</p>"
    )
    parts.append(f"<h2>{html.escape(t('est_heading_week'))}</h2>")
    parts.append(_html_table(week_table(summary, public=public)))
    parts.append(f"<h2>{html.escape(t('est_heading_alerts'))}</h2>")
    if alerts.empty:
        parts.append(f"<p>{html.escape(t('est_no_alerts', n=assessment.n_tests))}</p>")
        parts.append(f"<p>{_inline(no_alert_sentence(assessment))}</p>")
    else:
        parts.append(_html_table(alert_table(alerts, public=public)))
    heading = t("est_report_hotspots", n=filters.get("period", ""))
    parts.append(f"<h2>{html.escape(heading)}</h2>")
    parts.append(_html_table(hotspot_table(hotspots.head(5), public=public)))
    parts.append(
        f"<p class='note'>{html.escape(t('est_alert_method', n=assessment.n_tests, weeks=assessment.history_weeks))}</p>"
    )
    filter_text = filter_description(filters)
    created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(
        "<p class='note'>"
        + html.escape(t("source_line", source=name, licence=licence))
        + "<br>"
        + html.escape(t("est_report_footer", filters=filter_text, created=created))
        + "</p>"
    )
    page = REPORT_TEMPLATE.format(
        lang=language(),
        title=html.escape(t("est_report_title", week=est_parts.week_label(week_key))),
        body="\n".join(parts),
    )
    return page.encode("utf-8")


# URL filter -> (message key of its label, kind of name for est_parts.names or None).
FILTER_LABELS = {
    "area": ("est_filter_area", "area"),
    "category": ("est_filter_category", "category"),
    "org": ("est_filter_organisation", "organisation"),
    "week": ("est_filter_week", None),
    "period": ("est_filter_period", None),
    "suppression": ("est_filter_suppression", None),
}


def named_filters(filters: dict[str, str]) -> dict[str, str]:
    """The filters for downloads: labels and names in the session's language instead of URL
    keys and ids ('Område' = 'Rindö', not area=rindo); the small-number rule keeps its key."""
    named = {}
    for key, value in filters.items():
        label_key, kind = FILTER_LABELS.get(key, (None, None))
        if key == "suppression" or label_key is None:
            named[key] = value
        elif kind is not None:
            named[t(label_key)] = est_parts.option_label(kind)(value)
        elif key == "week":
            named[t(label_key)] = est_parts.week_label(value)
        else:
            named[t(label_key)] = est_parts.plural("est_period_weeks", int(value))
    return named


def with_scope(frame: pd.DataFrame, scope: dict[str, str]) -> pd.DataFrame:
    """`frame` with the view's area and category as leading columns (a download read on its
    own still says what it counts). scope: column heading -> value."""
    result = frame.copy()
    for position, (heading, value) in enumerate(scope.items()):
        result.insert(position, heading, value)
    return result


def filter_description(filters: dict[str, str]) -> str:
    """The filters in words: 'Område: Rindö; Kategori: alla kategorier; ...', no codes."""
    parts = []
    for key, value in filters.items():
        label_key, kind = FILTER_LABELS.get(key, (None, None))
        if kind is not None:
            text = est_parts.option_label(kind)(value)
        elif key == "week":
            text = est_parts.week_label(value)
        elif key == "period":
            text = est_parts.plural("est_period_weeks", int(value))
        else:
            text = value
        parts.append(f"{t(label_key) if label_key else key}: {text}")
    return "; ".join(parts)


def _inline(markdown: str) -> str:
    """The summary sentence without markdown bold markers, escaped for HTML."""
    return html.escape(markdown.replace("**", ""))


def _html_table(frame: pd.DataFrame) -> str:
    def cell(value: object) -> str:
        if isinstance(value, float):
            return html.escape(number(value, 1 if value != int(value) else 0))
        return html.escape(str(value))

    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(value)}</td>" for value in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


REPORT_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; color: #222; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.15em; margin-top: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; }}
.example {{ background: #fff3cd; border: 1px solid #e0a800; padding: 0.5em; }}
.note {{ color: #555; font-size: 0.9em; }}
@media print {{ body {{ margin: 0; }} }}
</style></head>
<body>
{body}
</body></html>
"""
