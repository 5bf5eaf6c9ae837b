"""Trygghet: safety-survey indicators over time by group and area, with 95 % intervals, the
change since the previous wave, Vaxholm against its police area, region, county and Riket, and
real published values marked apart from example series."""

import pandas as pd
import streamlit as st

from analytics.safety import KIND_EXAMPLE, REFERENCE_AREAS, build_survey_view, sort_areas
from analytics.safety import view_table as survey_table
from ui import cache, safety_parts
from ui.frame import (
    chart_with_images,
    example_notice,
    source_line,
    table_and_downloads,
    url_selectbox,
    url_year_range,
)
from ui.i18n import language, t

st.title(t("safety_page_title"))
st.caption(t("safety_intro"))

# 1. Filters (kept in the URL); each depends on what the chosen question has.
indicators = cache.survey_indicators("safety").set_index("indicator_id")
if indicators.empty:
    st.info(t("no_data"))
    st.stop()
titles = indicators[f"title_{language()}"]
indicator_id = url_selectbox(
    t("safety_filter_indicator"),
    safety_parts.indicator_order(indicators),
    key="safety_indicator",
    default="survey_trygg_kvall",
    format_func=titles.get,
)
results = cache.survey_results(indicator_id)
groups = safety_parts.sort_groups(results["respondent_group"])
safety_parts.keep_valid("safety_group", groups)
left, right = st.columns([1, 2])
with left:
    group = url_selectbox(
        t("safety_filter_group"),
        groups,
        key="safety_group",
        default="alla",
        format_func=safety_parts.group_label,
    )
available = sort_areas(results.loc[results["respondent_group"] == group, "area"])
with right:
    areas = safety_parts.url_multiselect(
        t("safety_filter_areas"),
        available,
        key="safety_areas",
        default=[area for area in REFERENCE_AREAS if area in available][:3] or available[:3],
        format_func=safety_parts.area_label,
    )
years = sorted(int(year) for year in results["year"].unique())
if len(years) > 1:
    safety_parts.keep_valid_years("safety_years", years)
    first_year, last_year = url_year_range(t("filter_years"), years, key="safety_years")
else:
    first_year = last_year = years[0]
    st.caption(t("safety_single_year", year=years[0]))

# 2–3. Data and analytics: one view (intervals, the n < 30 rule, changes, comparisons).
view = build_survey_view(
    results, group=group, areas=areas, first_year=first_year, last_year=last_year
)
meta = indicators.loc[indicator_id]

# 4. Render
rows = view.rows
if (rows["kind"] == KIND_EXAMPLE).any():
    example_notice([t("safety_example_what")])
if not areas:
    st.info(t("safety_choose_area"))
    st.stop()
if view.headline_row is None:
    st.info(t("no_data"))
    st.stop()

# A real published value of the first area leads; the example series' line follows it.
published = view.latest_published
if published is not None and view.headline_row["kind"] == KIND_EXAMPLE:
    st.markdown(f"**{titles[indicator_id]}** – {safety_parts.published_text(published)}")
    st.markdown(safety_parts.summary_text(view))
else:
    st.markdown(f"**{titles[indicator_id]}** – {safety_parts.summary_text(view)}")
for comparison in view.comparisons:
    st.markdown(safety_parts.comparison_text(comparison, view.headline_row["year_label"]))
rest = [c for c in view.comparisons if c.against_rest]
if rest:
    st.caption(t("safety_compare_rest", area=safety_parts.area_label(rest[0].area)))

break_year = meta["series_break_year"]
break_label = t("series_break", year=int(break_year)) if pd.notna(break_year) else ""
chart = safety_parts.survey_chart(rows, areas=areas, break_label=break_label)
shown_sources = rows.drop_duplicates("source_id")
source_names = "; ".join(shown_sources[f"source_name_{language()}"])
has_example = bool((rows["kind"] == KIND_EXAMPLE).any())
chart_with_images(
    chart,
    key="safety_chart",
    title=f"{titles[indicator_id]} ({safety_parts.group_label(group)})",
    source=source_names,
    has_example=has_example,
)
if view.hidden:
    st.caption(t("safety_hidden_note", count=view.hidden))
if (rows["kind"] == KIND_EXAMPLE).any() and (rows["kind"] != KIND_EXAMPLE).any():
    st.caption(t("safety_markers_note"))
if rows["series_break"].astype(bool).any():
    st.caption(t("safety_series_break_note", year=int(break_year)))
if (rows["pooled_years"] > 1).any():
    st.caption(t("safety_pooled_note"))
st.caption(meta[f"definition_{language()}"])
if isinstance(meta[f"caveats_{language()}"], str):
    st.caption(meta[f"caveats_{language()}"])

source_line(
    list(zip(shown_sources[f"source_name_{language()}"], shown_sources["licence"], strict=True))
)
for line in safety_parts.real_source_lines(rows):
    st.caption(line)

table_and_downloads(
    safety_parts.translated_table(survey_table(view)),
    key="safety",
    source=source_names,
    filters={
        "indicator": indicator_id,
        "group": group,
        "areas": ",".join(areas),
        "years": f"{first_year}-{last_year}",
        "suppressed_n_below_30": str(view.hidden),
    },
    has_example=has_example,
    notes=[t("safety_series_break_note", year=int(break_year))]
    if rows["series_break"].astype(bool).any()
    else [],
)
