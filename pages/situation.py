"""Lägesbild (EST): the week against what was expected, alerts, the trend, hotspots and the
weekday x hour pattern, filtered by area, category, reporting organisation and period; the
incident list and the import page are for coordinators only."""

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import est
from analytics.suppression import PUBLISHED_PERIOD_WEEKS, published_period
from ui import auth, cache, charts, est_parts, situation_parts
from ui.est_parts import ALL
from ui.frame import (
    chart_with_images,
    example_notice,
    source_line,
    table_and_downloads,
    url_radio,
    url_selectbox,
)
from ui.i18n import t

PERIODS = ("4", "13", "26", "52")

st.title(t("est_page_situation"))
st.caption(t("est_situation_intro"))
auth.login_panel()
coordinator = auth.is_coordinator()
public = not coordinator

# 1. Filters (kept in the URL)
extent = cache.est_extent().iloc[0]
if not extent["n_incidents"]:
    st.info(t("est_no_reports"))
    st.stop()
weeks = est_parts.week_options(extent)
left, middle, right = st.columns(3)
with left:
    area = url_selectbox(
        t("est_filter_area"),
        [ALL, *est_parts.names("area")],
        key="area",
        default=ALL,
        format_func=est_parts.option_label("area"),
    )
with middle:
    category = url_selectbox(
        t("est_filter_category"),
        [ALL, *est_parts.names("category")],
        key="category",
        default=ALL,
        format_func=est_parts.option_label("category"),
    )
with right:
    # The public sees one published table per week (area x category, every report): a filter
    # by organisation would be a second table whose differences could give hidden counts back.
    organisation = (
        url_selectbox(
            t("est_filter_organisation"),
            [ALL, *est_parts.names("organisation")],
            key="org",
            default=ALL,
            format_func=est_parts.option_label("organisation"),
        )
        if coordinator
        else ALL
    )
left, right = st.columns([1, 2])
with left:
    week_key = url_selectbox(
        t("est_filter_week"),
        weeks,
        key="week",
        default=weeks[0],
        format_func=est_parts.labels_of(weeks, est_parts.week_label).get,
    )
with right:
    period = url_radio(
        t("est_filter_period"),
        PERIODS,
        key="period",
        default="13",
        format_func=est_parts.labels_of(
            PERIODS, lambda n: est_parts.plural("est_period_weeks", int(n))
        ).get,
    )

# 2. Data
week = est_parts.week_from_key(week_key)
first_week = pd.Timestamp(extent["first_week"]).date()
period_start = max(first_week, week - dt.timedelta(weeks=int(period) - 1))
period_end = week + dt.timedelta(days=6)
previous_start = period_start - dt.timedelta(weeks=int(period))
filters = (est_parts.chosen(area), est_parts.chosen(category), est_parts.chosen(organisation))

# 3. Analytics
assessment = est_parts.week_assessment(filters[2], week, first_week)
areas_shown = None if area == ALL else [area]
categories_shown = None if category == ALL else [category]
summary = est.area_summary(assessment, areas=areas_shown, categories=categories_shown)
alerts = est.chosen_cells(assessment.alerts, areas_shown, categories_shown).reset_index(drop=True)
series = est_parts.expected_series(filters[2], first_week, week)
band = est.trend_band(
    series, areas=areas_shown, categories=categories_shown, first_week=period_start, last_week=week
)
week_total = None
if public:
    # Every public count of the week and the trend comes from the week's published table.
    summary = situation_parts.published_counts(summary, week, category=filters[1])
    alerts = situation_parts.published_counts(alerts, week, category=None, by_category=True)
    band = situation_parts.published_band(band, filters[0], filters[1])
    week_total = est_parts.published_entry(week, filters[0], filters[1])
grid_how = None
if public:
    # Places and weekday x time: one fixed block of weeks for every week and period chosen
    # (blocks are the same or disjoint, so no two choices can be subtracted), read from the
    # block's published tables; three-hour bands, as hourly cells would mostly be 1–4.
    block_first, block_last = published_period(week)
    before_first, before_last = published_period(week, offset=-1)
    hotspot_weeks = PUBLISHED_PERIOD_WEEKS
    # Each place's own history before the block: how much its count varies (the verdict).
    history_start = max(
        first_week, block_first - dt.timedelta(weeks=est.hotspot_history_weeks(hotspot_weeks))
    )
    hotspots = situation_parts.public_hotspots(
        est_parts.published_places(block_first, block_last),
        est_parts.published_places(before_first, before_last),
        cache.est_place_counts(block_first, block_last, filters[0], filters[1], None),
        filters[0],
        filters[1],
        weeks=hotspot_weeks,
        history=cache.est_place_weekly(
            history_start, block_first - dt.timedelta(days=1), filters[0], filters[1], None
        ),
        first_week=history_start,
        period_start=block_first,
    )
    band_hours = est_parts.PUBLIC_BAND_HOURS
    grid, grid_how, without_time = situation_parts.public_weekday_hour(
        est_parts.published_weekday_hour(block_first, block_last)
    )
else:
    hotspot_weeks = int(period)
    places_now = cache.est_place_counts(period_start, period_end, *filters)
    places_before = cache.est_place_counts(
        previous_start, period_start - dt.timedelta(days=1), *filters
    )
    # Each place's own history: how much its count varies from period to period (the verdict).
    history_start = max(
        first_week, period_start - dt.timedelta(weeks=est.hotspot_history_weeks(hotspot_weeks))
    )
    hotspots = est.hotspot_ranking(
        places_now,
        places_before,
        weeks=hotspot_weeks,
        history=cache.est_place_weekly(
            history_start, period_start - dt.timedelta(days=1), *filters
        ),
        first_week=history_start,
        period_start=period_start,
    )
    band_hours = 1
    weekday_hour = cache.est_weekday_hour(period_start, period_end, *filters)
    grid, without_time = est.weekday_hour_grid(weekday_hour, band_hours=band_hours)

# 4. Render
is_example = bool(extent["has_example"])
example_notice([t("est_example_what")] if is_example else [])
source = situation_parts.source(is_example)
url_filters = {"area": area, "category": category, "org": organisation, "week": week_key}
url_filters["suppression"] = t("est_suppression_public") if public else t("est_suppression_none")
st.markdown(
    situation_parts.week_sentence(
        assessment, summary, alerts, week_key, public=public, total=week_total
    )
)
if public:
    st.caption(t("est_public_note"))

week_label = est_parts.week_label(week_key)
st.subheader(t("est_heading_week"))
situation_parts.week_section(
    assessment,
    summary,
    alerts,
    public=public,
    title=f"{t('est_heading_week')}, {week_label}",
    source=source[0],
    has_example=is_example,
)
source_line([source])
table_and_downloads(
    situation_parts.week_table(summary, public=public),
    key="est_week",
    source=source[0],
    filters=situation_parts.named_filters(url_filters),
    has_example=is_example,
)

st.subheader(t("est_heading_alerts"))
situation_parts.alert_section(assessment, alerts, public=public)
if not alerts.empty:
    table_and_downloads(
        situation_parts.alert_table(alerts, public=public),
        key="est_alerts",
        source=source[0],
        filters=situation_parts.named_filters(url_filters),
        has_example=is_example,
    )

period_filters = {**url_filters, "period": period}
# Downloads name the filters in words, and tables without an area column get one.
named_filters = situation_parts.named_filters(url_filters)
named_period_filters = situation_parts.named_filters(period_filters)
scope = {
    t("est_column_area"): est_parts.option_label("area")(area),
    t("est_column_category"): est_parts.option_label("category")(category),
}
st.subheader(t("est_heading_trend", n=period))
st.markdown(situation_parts.trend_sentence(band, public=public))
chart_with_images(
    charts.week_trend_chart(situation_parts.trend_chart_frame(band, public=public)),
    key="est_trend_chart",
    title=f"{t('est_heading_trend', n=period)}, {week_label}",
    source=source[0],
    has_example=is_example,
)
if public:
    st.caption(t("est_hidden_note"))
source_line([source])
table_and_downloads(
    situation_parts.with_scope(situation_parts.trend_table(band, public=public), scope),
    key="est_trend",
    source=source[0],
    filters=named_period_filters,
    has_example=is_example,
)

block_filters = period_filters
if public:
    block_filters = {**url_filters, "period": str(hotspot_weeks)}
    block_text = t(
        "est_public_block_note",
        first=est_parts.week_label(est_parts.week_key(block_first)),
        last=est_parts.week_label(est_parts.week_key(block_last - dt.timedelta(days=6))),
        weeks=hotspot_weeks,
    )
named_block_filters = situation_parts.named_filters(block_filters)
st.subheader(t("est_heading_hotspots", n=hotspot_weeks))
if public:
    st.caption(block_text)
situation_parts.hotspot_section(
    hotspots,
    public=public,
    title=f"{t('est_heading_hotspots', n=hotspot_weeks)}, {week_label}",
    source=source[0],
    has_example=is_example,
)
source_line([source])
table_and_downloads(
    situation_parts.hotspot_table(hotspots, public=public),
    key="est_hotspots",
    source=source[0],
    filters=named_block_filters,
    has_example=is_example,
)

st.subheader(t("est_heading_weekday_hour", n=hotspot_weeks))
if public:
    st.caption(block_text)
heat = situation_parts.heatmap_cells(grid, band_hours, public=public, how=grid_how)
st.markdown(situation_parts.weekday_hour_sentence(grid, without_time, band_hours, public=public))
chart_with_images(
    charts.heatmap_chart(heat),
    key="est_heatmap_chart",
    title=f"{t('est_heading_weekday_hour', n=hotspot_weeks)}, {week_label}",
    source=source[0],
    has_example=is_example,
)
heat_scope = scope
if public:
    st.caption(t("est_heatmap_hidden_note"))
    heat_scope = {
        t("est_column_area"): est_parts.option_label("area")(ALL),
        t("est_column_category"): est_parts.option_label("category")(ALL),
    }
source_line([source])
table_and_downloads(
    situation_parts.with_scope(situation_parts.heatmap_table(heat, public=public), heat_scope),
    key="est_weekday_hour",
    source=source[0],
    filters=named_block_filters,
    has_example=is_example,
)

st.subheader(t("est_heading_incidents"))
if auth.coordinator_gate(t("est_incidents_what")):
    incidents = cache.est_incidents(week, week + dt.timedelta(days=6), *filters)
    st.markdown(t("est_incidents_summary", n=len(incidents), week=est_parts.week_label(week_key)))
    table_and_downloads(
        situation_parts.incident_table(incidents),
        key="est_incidents",
        source=source[0],
        filters=named_filters,
        has_example=is_example,
        in_expander=False,
    )

st.subheader(t("est_heading_report"))
st.caption(t("est_report_note"))
st.download_button(
    t("est_report_download"),
    situation_parts.weekly_report(
        assessment,
        summary,
        alerts,
        hotspots,
        week_key,
        block_filters,
        public=public,
        total=week_total,
    ),
    file_name=f"lagesbild_{week_key}.html",
    mime="text/html",
    key="est_report",
    on_click="ignore",
)
