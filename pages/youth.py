"""Unga, ANDT och riskfaktorer: Stockholmsenkäten outcomes by grade and sex over the waves
(municipality, comparison group, published real points, whether a change is certain), the risk
and protective profile, outcomes by risk level, and odds ratios (association, not effect)."""

import pandas as pd
import streamlit as st

from analytics.response_rates import response_rates
from analytics.youth import (
    ALL_SEXES,
    outcome_view,
    pooled_pupils,
    profile_table,
    select_pupils,
    trend_hidden_waves,
)
from ui import cache, youth_parts
from ui.frame import example_notice, url_radio, url_selectbox
from ui.i18n import language, t

# County code: its published points are shown beside the municipality's.
COUNTY_CODE = "0001"
# The comparison group of Vaxholm's neighbours (data/metadata/reference_groups.csv).
COMPARISON_GROUP = "jamforbara"
# Whose pupils the level and model sections use: the chosen municipality, or every one.
SCOPES = ("area", "all")

st.title(t("youth_page_title"))
st.caption(t("youth_intro"))

# 1. Filters (kept in the URL)
indicators = cache.indicators("youth").set_index("indicator_id")
titles = indicators[f"title_{language()}"]
outcome_ids = set(cache.youth_outcome_items()["indicator_id"])
outcomes = [indicator for indicator in indicators.index if indicator in outcome_ids]
extent = cache.youth_pupil_extent()
if extent.empty:
    st.info(t("youth_no_pupils"))
    st.stop()
names = extent.set_index("municipality_code")["name"]
left, right = st.columns([2, 1])
with left:
    outcome = url_selectbox(
        t("youth_filter_outcome"),
        outcomes,
        key="youth_outcome",
        default="sthlm_narkotika_nagon_gang",
        format_func={i: youth_parts.outcome_title(indicators.loc[i]) for i in outcomes}.get,
    )
with right:
    area = url_selectbox(
        t("youth_filter_area"),
        list(names.index),
        key="youth_area",
        default="0187",
        format_func=names.get,
    )
analysis = youth_parts.pupil_analysis()
pupils = analysis.pupils
waves = [
    str(year) for year in sorted(pupils.loc[pupils["municipality_code"] == area, "year"].unique())
]
youth_parts.keep_valid("youth_year", waves)
left, middle, right = st.columns(3)
with left:
    grade = url_radio(
        t("youth_filter_grade"),
        ["ak9", "gy2"],
        key="youth_grade",
        default="ak9",
        format_func={value: t(f"youth_grade_{value}") for value in ("ak9", "gy2")}.get,
    )
with middle:
    sex = url_radio(
        t("youth_filter_sex"),
        list(youth_parts.SEXES),
        key="youth_sex",
        default=ALL_SEXES,
        format_func={value: t(f"youth_sex_{value}") for value in youth_parts.SEXES}.get,
    )
with right:
    year = int(url_selectbox(t("youth_filter_year"), waves, key="youth_year", default=waves[-1]))

# 2. Data
results = cache.youth_results(outcome)
groups = cache.reference_groups()
peers = groups[groups["group_id"] == COMPARISON_GROUP]
sources = cache.sources().set_index("source_id")

# 3. Analytics
view = outcome_view(
    results,
    area_code=area,
    comparison_codes=[code for code in peers["municipality_code"] if code != area],
    published_codes=[area, COUNTY_CODE],
    grade=grade,
    sex=sex,
    break_year=None
    if pd.isna(indicators.loc[outcome, "series_break_year"])
    else int(indicators.loc[outcome, "series_break_year"]),
)
profile_mask = select_pupils(analysis, grade=grade, sex=sex, municipality_code=area, year=year)
profile = profile_table(analysis, profile_mask)

# 4. Render
title, area_name = youth_parts.outcome_title(indicators.loc[outcome]), names[area]
filters = {"outcome": outcome, "area": area, "grade": grade, "sex": sex, "year": str(year)}
profile_example = bool(pupils.loc[profile_mask, "is_example"].any())
if view.area["is_example"].any() or profile_example:
    example_notice([t("youth_example_what")])

st.subheader(t("youth_trend_heading", outcome=title))
trend_sources = results.drop_duplicates("source_id")
youth_parts.render_trend(
    view,
    area_name=area_name,
    group_name=peers[f"name_{language()}"].iloc[0],
    outcome=title,
    provenance=youth_parts.Provenance(
        [(row[f"source_name_{language()}"], row["licence"]) for _, row in trend_sources.iterrows()],
        filters,
        bool(trend_sources["is_example"].any()),
    ),
)

st.subheader(t("youth_profile_heading", year=year))
pupil_sources = [*pupils.loc[profile_mask, "source_id"].unique(), "rise_stockholmsenkaten"]
source_pairs = [
    (sources.at[s, f"name_{language()}"], sources.at[s, "licence"]) for s in pupil_sources
]
youth_parts.render_profile(
    profile,
    titles=titles,
    provenance=youth_parts.Provenance(source_pairs, filters, profile_example),
)
# Response rate: the wave's answers ÷ Skolverket's pupils in the grade (analytics.response_rates).
counts = cache.youth_answer_counts()
rates = response_rates(counts, cache.school_pupils(), year=year, grade=grade)
own = rates[rates["municipality_code"] == area]
if not own.empty:
    wave = counts[(counts["year"] == year) & (counts["municipality_code"] == area)]
    answered = pupils[
        (pupils["year"] == year)
        & (pupils["municipality_code"] == area)
        & (pupils["grade"] == grade)
    ]
    youth_parts.render_response_rate(
        own.iloc[0],
        grade=grade,
        year=year,
        answer_sources=[
            (sources.at[s, f"name_{language()}"], sources.at[s, "licence"])
            for s in answered["source_id"].unique()
        ],
        pupil_source=(
            sources.at["skolverket", f"name_{language()}"],
            sources.at["skolverket", "licence"],
        ),
        answers_example=bool(wave["is_example"].any()),
    )

st.subheader(t("youth_levels_heading"))
left, right = st.columns([2, 1])
with left:
    index_id = url_selectbox(
        t("youth_filter_index"),
        list(analysis.cutoffs["index_id"]),
        key="youth_index",
        default="rise_utagerande",
        format_func=titles.get,
    )
with right:
    scope = url_radio(
        t("youth_filter_scope"),
        list(SCOPES),
        key="youth_scope",
        default="area",
        format_func={value: t(f"youth_scope_{value}", area=area_name) for value in SCOPES}.get,
    )
scope_area = area if scope == "area" else None
# Waves the trend hides for some municipality are in no pooled view (analytics.youth).
hidden_waves = trend_hidden_waves(results, grade=grade)
scope_mask = pooled_pupils(
    analysis, hidden_waves, grade=grade, sex=sex, municipality_code=scope_area
)
scope_provenance = youth_parts.Provenance(
    source_pairs,
    {**filters, "index": index_id, "scope": scope},
    bool(pupils.loc[scope_mask, "is_example"].any()),
)
scope_text = t(f"youth_scope_{scope}", area=area_name)
youth_parts.render_levels(
    youth_parts.levels(outcome, index_id, grade, sex, scope_area, frozenset(hidden_waves)),
    outcome=title,
    scope=scope_text,
    provenance=scope_provenance,
    waves_left_out=[
        (names.get(code, code), year)
        for code, year in sorted(hidden_waves)
        if scope_area is None or code == scope_area
    ],
)

st.subheader(t("youth_model_heading"))
youth_parts.render_model(
    youth_parts.odds_ratios(outcome, grade, sex, scope_area, frozenset(hidden_waves)),
    outcome=title,
    titles=titles,
    factor_types=analysis.cutoffs.set_index("index_id")["factor_type"],
    sex=sex,
    scope=scope_text,
    provenance=scope_provenance,
)
