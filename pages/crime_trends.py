"""Brottsutveckling: reported crime over time for one municipality, with its interval, trend,
series break, comparison with the county, Riket and a comparison group, and the ranking."""

import pandas as pd
import streamlit as st

from analytics.change import NO_CERTAIN_CHANGE
from analytics.crime_view import (
    MEASURE_COUNT,
    MEASURE_RATE,
    build_crime_view,
    missing_years,
    ranking,
    ranking_table,
    view_table,
)
from ui import cache, charts, format
from ui.crime_trends_parts import load_series, series_options
from ui.frame import (
    chart_with_images,
    example_notice,
    source_line,
    table_and_downloads,
    translated,
    url_radio,
    url_selectbox,
    url_year_range,
)
from ui.i18n import language, t

# Table columns -> message keys of their headings.
TABLE_COLUMNS = {
    "year": "column_year",
    "value": "column_value",
    "lower": "column_lower",
    "upper": "column_upper",
    "count": "column_count",
    "population": "column_population",
    "county": "column_county",
    "riket": "column_riket",
    "peer_median": "column_peer_median",
    "q1": "column_peer_q1",
    "q3": "column_peer_q3",
    "is_example": "column_example",
}
# Ranking scope -> message key of its heading.
RANKING_SCOPES = {"county": "ranking_heading", "national": "ranking_heading_national"}
RANKING_COLUMNS = {
    "rank": "column_rank",
    "name": "column_municipality",
    "value": "column_value",
    "suppressed": "column_suppressed",
}

st.title(t("page_crime"))
st.caption(t("crime_intro"))

# 1. Filters (kept in the URL)
options = series_options()
municipalities = cache.municipalities().set_index("municipality_code")
groups = cache.reference_groups()
county_codes = groups.loc[groups["group_id"] == "stockholms_lan", "municipality_code"].tolist()
group_names = groups.drop_duplicates("group_id").set_index("group_id")[f"name_{language()}"]
left, middle, right = st.columns([2, 1, 1])
with left:
    series_key = url_selectbox(
        t("filter_series"),
        list(options),
        key="series",
        default="kolada:U07417",
        format_func=options.get,
    )
with middle:
    area = url_selectbox(
        t("filter_area"),
        county_codes,
        key="area",
        default="0187",
        format_func=lambda code: municipalities.loc[code, "name"],
    )
with right:
    peer_group = url_selectbox(
        t("filter_peers"),
        list(group_names.index),
        key="peers",
        default="jamforbara",
        format_func=group_names.get,
    )
measure = url_radio(
    t("filter_measure"),
    [MEASURE_RATE, MEASURE_COUNT],
    key="measure",
    default=MEASURE_RATE,
    format_func=lambda m: t(f"measure_{m}"),
)

# 2. Data
series = load_series(series_key)
if series.frame.empty:
    st.info(t("no_data"))
    st.stop()
first_year, last_year = url_year_range(
    t("filter_years"), sorted(series.frame["year"].unique()), key="years"
)
peer_codes = groups.loc[
    (groups["group_id"] == peer_group) & (groups["municipality_code"] != area), "municipality_code"
].tolist()

# 3. Analytics
view = build_crime_view(
    series.frame,
    area_code=area,
    peer_codes=peer_codes,
    county_codes=county_codes,
    first_year=first_year,
    last_year=last_year,
    measure=measure,
    break_year=series.break_year,
)
area_name = municipalities.loc[area, "name"]
unit = t("unit_per_100k") if measure == MEASURE_RATE else t("unit_count")

# 4. Render
example_parts = [series.label] if series.is_example else []
if view.county_is_computed or bool(view.area["count_is_derived"].any()):
    example_parts.append(t("count_derived_note"))
example_notice(example_parts)
if view.area.empty:
    st.info(t("no_data"))
    st.stop()

# The latest year shown: hidden years (small-number rule) count, they read "<5" or "..".
shown_rows = view.area[view.area["value"].notna() | view.area["suppressed"].ne("")]
latest = shown_rows.iloc[-1]
change = view.latest_change
if latest["suppressed"]:
    summary = t(
        f"crime_summary_hidden_{latest['suppressed']}", area=area_name, year=int(latest["year"])
    )
elif view.change_hidden or change is None:
    summary = t(
        "crime_summary_value",
        area=area_name,
        year=int(latest["year"]),
        value=format.number(latest["value"], 1 if measure == MEASURE_RATE else 0),
        unit=unit,
    )
else:
    summary = t(
        "crime_summary",
        area=area_name,
        year=int(latest["year"]),
        value=format.number(latest["value"], 1 if measure == MEASURE_RATE else 0),
        unit=unit,
        change=format.signed_percent(change.rate_ratio - 1) if change else format.MISSING,
        year_before=view.change_years[0] if view.change_years else format.MISSING,
        verdict=t(f"verdict_{change.verdict if change else NO_CERTAIN_CHANGE}"),
    )
if view.change_hidden:
    summary = f"{summary} {t('crime_change_hidden')}"
elif view.change_across_break:
    summary = f"{summary} {t('change_across_break', year=series.break_year)}"
st.markdown(f"**{series.title}** – {summary}")
if view.trend is not None:
    trend = view.trend
    st.markdown(
        t(
            "trend_summary",
            first=trend.first_year,
            last=trend.last_year,
            change=format.signed_percent(trend.annual_change, 1),
            lower=format.signed_percent(trend.lower, 1),
            upper=format.signed_percent(trend.upper, 1),
            verdict=t(f"verdict_{trend.verdict}"),
        )
    )
elif view.trend_hidden:
    st.caption(t("trend_hidden"))
else:
    st.caption(t("trend_unavailable"))

series_names = {
    "county": t("legend_county"),
    "riket": t("legend_riket"),
    "peer_median": t("legend_peer_median", group=group_names[peer_group]),
}
lines = pd.concat(
    [
        view.area.assign(series=area_name)[["year", "series", "value", "suppressed"]],
        view.comparison.assign(series=view.comparison["series_key"].map(series_names))[
            ["year", "series", "value", "suppressed"]
        ],
    ],
    ignore_index=True,
)
trend_band = None
if view.trend is not None and measure == MEASURE_RATE:
    trend_band = view.trend.fitted
chart_legend = {
    "area_band": t("legend_area_ci"),
    "peer_band": t("legend_peer_band", group=group_names[peer_group]),
    "hidden": t("legend_hidden"),
}
if view.trend is not None:
    chart_legend["trend"] = t(
        "legend_trend", first=view.trend.first_year, last=view.trend.last_year
    )
has_example = series.is_example or bool(view.area["count_is_derived"].any())
chart_with_images(
    charts.trend_chart(
        lines[["year", "series", "value"]],
        hidden=lines[lines["suppressed"].ne("")],
        legend=chart_legend,
        y_title=unit,
        area_band=view.area[["year", "lower", "upper"]],
        peer_band=view.peers.dropna(subset=["q1", "q3"]),
        trend=trend_band,
        break_year=series.break_year,
        break_label=t("series_break", year=series.break_year),
        year_title=t("column_year"),
    ),
    key="crime_chart",
    title=f"{series.title}, {area_name} ({unit})",
    source=series.source_name,
    has_example=has_example,
)
# The indicator's own caveats may already explain the break (Kolada's crime KPIs do).
if series.break_year is not None and str(series.break_year) not in (series.caveats or ""):
    st.caption(t("series_break_note", year=series.break_year))
if series.caveats:
    st.caption(series.caveats)
gaps = missing_years(series.frame, area_code=area, first_year=first_year, last_year=last_year)
if gaps:
    st.caption(
        t(
            "crime_missing_years",
            source=series.source_name,
            area=area_name,
            years=format.year_ranges(gaps),
        )
    )
source_line([(series.source_name, series.licence)])
hidden_years = sorted(
    {*view.area.loc[view.area["suppressed"].ne(""), "year"]}
    | {*view.comparison.loc[view.comparison["suppressed"].ne(""), "year"]}
)
if hidden_years:
    st.caption(t("crime_suppression_note", years=", ".join(str(int(y)) for y in hidden_years)))

# The municipality beside every row, so a downloaded file says whose figures they are.
table = translated(view_table(view), TABLE_COLUMNS)
table.insert(0, t("column_municipality"), area_name)
filters = {
    "series": options[series_key],
    "area": f"{area_name} ({area})",
    "peers": group_names[peer_group],
    "measure": t(f"measure_{measure}"),
    "years": f"{first_year}-{last_year}",
    "suppression": t("crime_suppression"),
}
table_and_downloads(
    table,
    key="crime",
    source=series.source_name,
    filters=filters,
    has_example=has_example,
    notes=[t("series_break_note", year=series.break_year)] if series.break_year else [],
)

# Ranked among the county's municipalities or all 290 (Kolada's figures cover the country).
scope = url_radio(
    t("filter_ranking_scope"),
    list(RANKING_SCOPES),
    key="ranking_scope",
    default="county",
    format_func=lambda choice: t(f"ranking_scope_{choice}"),
)
ranking_title = t(RANKING_SCOPES[scope], year=last_year)
st.subheader(ranking_title)
# Municipalities of different size are ranked by rate in both modes: a ranking of raw counts
# would only rank population (Stockholm first). Counts mode says so.
rank_unit = t("unit_per_100k")
if measure == MEASURE_COUNT:
    st.caption(t("ranking_by_rate_note"))
rank_codes = (
    county_codes
    if scope == "county"
    else municipalities.index[municipalities["level"] == "kommun"].tolist()
)
ranked = ranking(series.frame, codes=rank_codes, year=last_year, measure=MEASURE_RATE)
if ranked.empty:
    st.info(t("no_data"))
else:
    own = ranked[ranked["municipality_code"] == area]
    if not own.empty and own["suppressed"].iloc[0]:
        st.markdown(t("ranking_own_hidden", area=area_name, year=last_year))
    elif not own.empty:
        st.markdown(
            t(
                "ranking_summary",
                area=area_name,
                rank=int(own["rank"].iloc[0]),
                n=int(own["n_ranked"].iloc[0]),
                unit=rank_unit,
            )
        )
    not_ranked = ranked[ranked["suppressed"].ne("")]
    if not not_ranked.empty:
        st.caption(
            t("ranking_hidden", year=last_year, names=", ".join(not_ranked["name"].astype(str)))
        )
    chart_with_images(
        charts.ranking_chart(
            ranked[ranked["rank"].notna()], highlight=area_name, x_title=rank_unit
        ),
        key="ranking_chart",
        title=f"{series.title}: {ranking_title} ({rank_unit})",
        source=series.source_name,
        has_example=series.is_example,
    )
    ranking_shown = translated(ranking_table(ranked, MEASURE_RATE), RANKING_COLUMNS)
    table_and_downloads(
        ranking_shown,
        key="ranking",
        source=series.source_name,
        filters={**filters, "year": str(last_year), "ranking_scope": t(f"ranking_scope_{scope}")},
        has_example=series.is_example,
    )
