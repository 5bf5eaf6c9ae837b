"""Översikt: headline cards for politicians — latest value, change and whether it is certain,
Vaxholm against the county and Riket, and how fresh each source is."""

import pandas as pd
import streamlit as st

from analytics.crime_view import RIKET_CODE, build_crime_view, suppression_symbols
from analytics.headline import headline_card
from analytics.suppression import SYMBOL_HIDDEN
from ui import cache, charts, format
from ui.crime_trends_parts import load_series
from ui.frame import chart_with_images, example_notice, source_line, table_and_downloads
from ui.i18n import in_language, language, t

# The municipality the dashboard is about.
HOME_CODE = "0187"

st.title(t("app_title"))
st.caption(t("overview_intro"))

# 1-2. Data: the headline indicators (metadata decides which) and the county's members
indicators = cache.indicators()
headlines = indicators[indicators["headline_order"].notna()].sort_values("headline_order")
groups = cache.reference_groups()
county_codes = groups.loc[groups["group_id"] == "stockholms_lan", "municipality_code"].tolist()

# 3-4. One card per indicator
columns = st.columns(3)
for index, meta in enumerate(headlines.itertuples()):
    values = cache.kolada_series(meta.indicator_id, "T")
    card = headline_card(
        values,
        area_code=HOME_CODE,
        county_codes=county_codes,
        is_rate_per_100k=meta.unit == "per_100k",
        break_year=None if pd.isna(meta.series_break_year) else int(meta.series_break_year),
    )
    if card is None:
        continue
    if card.suppressed or card.change_hidden or card.change_across_break:
        delta = None
    elif card.verdict is not None:
        delta = t(
            "card_delta_rate",
            change=format.signed_percent(card.relative_change),
            year_before=card.year_before,
            verdict=t(f"verdict_{card.verdict}"),
        )
    elif card.difference is not None:
        delta = t(
            "card_delta_points" if meta.unit == "percent" else "card_delta_rate",
            change=format.signed_number(card.difference),
            year_before=card.year_before,
            verdict=t("verdict_untestable"),
        )
    else:
        delta = None
    with columns[index % 3], st.container(border=True):
        # The whole title, unit included: st.metric cuts a long label to one line ("…per 1…").
        title = getattr(meta, f"title_{language()}")
        st.markdown(f"**{title}**")
        st.metric(
            title,
            SYMBOL_HIDDEN if card.suppressed else format.number(card.value, 1),
            delta=delta.replace("−", "-", 1) if delta else None,
            delta_color="off"
            if meta.higher_is_better is None or pd.isna(meta.higher_is_better)
            else ("normal" if meta.higher_is_better else "inverse"),
            help=getattr(meta, f"definition_{language()}"),
            label_visibility="collapsed",
        )
        st.caption(
            t(
                "card_county",
                year=card.year,
                median=format.number(card.county_median),
                q1=format.number(card.county_q1),
                q3=format.number(card.county_q3),
            )
        )
        if card.suppressed:
            st.caption(t(f"card_hidden_{card.suppressed}", year=card.year))
        elif card.change_hidden:
            st.caption(t("crime_change_hidden"))
        elif card.change_across_break:
            st.caption(t("change_across_break", year=int(meta.series_break_year)))
        st.caption(
            t("card_caption", year=card.year, source=getattr(meta, in_language("attribution")))
        )

# Vaxholm, the county and Riket: the first headline crime KPI, real Kolada data (the Brå
# crime types of the bundled build are example data).
total_key = f"kolada:{headlines.loc[headlines['theme'] == 'crime', 'indicator_id'].iloc[0]}"
total = load_series(total_key)
st.subheader(t("overview_comparison_heading", title=total.title))
if total.frame.empty:
    st.info(t("no_data"))
else:
    last_year = int(total.frame["year"].max())
    view = build_crime_view(
        total.frame,
        area_code=HOME_CODE,
        peer_codes=county_codes,
        county_codes=county_codes,
        first_year=last_year - 9,
        last_year=last_year,
    )
    example_notice(
        ([total.label] if total.is_example else [])
        + ([t("count_derived_note")] if view.county_is_computed else [])
    )
    by_series = view.comparison.pivot(index="year", columns="series_key", values="value")
    latest_year = int(view.area["year"].max())
    own_symbols = suppression_symbols(view.area["suppressed"])
    latest_symbol = own_symbols.iloc[-1]
    # Only the figures there are: a missing one is left out of the sentence, not written "..".
    figures = {
        "vaxholm": latest_symbol or format.number(view.area["value"].iloc[-1], 0),
        "county": format.number(by_series.get("county", pd.Series()).get(latest_year), 0),
        "riket": format.number(by_series.get("riket", pd.Series()).get(latest_year), 0),
    }
    shown = [
        t(f"overview_figure_{name}", value=value)
        for name, value in figures.items()
        if value != format.MISSING
    ]
    st.markdown(
        t(
            "overview_comparison_summary",
            year=latest_year,
            figures=", ".join(shown),
            unit=t("unit_per_100k"),
        )
    )
    comparison = (
        view.area[["year", "value"]]
        .rename(columns={"value": "Vaxholm"})
        .merge(
            by_series.reset_index()[["year", *[c for c in ("county", "riket") if c in by_series]]],
            on="year",
            how="left",
        )
        .rename(
            columns={
                "year": t("column_year"),
                "county": t("column_county"),
                "riket": t("column_riket"),
            }
        )
    )
    if own_symbols.ne("").any():
        # Hidden years (small-number rule): no rate in the table or chart, the symbol beside it.
        comparison[t("column_suppressed")] = own_symbols.to_numpy()
        hidden_years = view.area.loc[own_symbols.ne(""), "year"].astype(int).astype(str)
        st.caption(t("crime_suppression_note", years=", ".join(hidden_years)))
    lines = comparison[[c for c in comparison if c != t("column_suppressed")]].melt(
        id_vars=t("column_year"), var_name="series", value_name="value"
    )
    chart_with_images(
        charts.trend_chart(
            lines.rename(columns={t("column_year"): "year"}),
            y_title=t("unit_per_100k"),
            year_title=t("column_year"),
        ),
        key="overview_chart",
        title=f"{t('overview_comparison_heading', title=total.title)} ({t('unit_per_100k')})",
        source=total.source_name,
        has_example=total.is_example,
    )
    source_line([(total.source_name, total.licence)])
    table_and_downloads(
        comparison.assign(**{t("column_example"): total.is_example}),
        key="overview_total",
        source=total.source_name,
        filters={
            "series": t("series_real_suffix", title=total.title),
            "area": f"Vaxholm ({HOME_CODE})",
            "comparison": f"{t('column_county')}, {t('column_riket')} ({RIKET_CODE})",
            "suppression": t("crime_suppression"),
        },
        has_example=total.is_example,
    )

# Freshness of each source
st.subheader(t("freshness_heading"))
freshness = cache.data_freshness()
freshness = freshness.assign(
    table_name=freshness["table_name"].map(lambda name: t(f"table_{name}")),
    has_example=freshness["has_example"].map(lambda flag: t("yes") if flag else t("no")),
    has_preliminary=freshness["has_preliminary"].map(lambda flag: t("yes") if flag else t("no")),
)[["table_name", "latest_year", "n_rows", "has_example", "has_preliminary"]]
freshness.columns = [
    t("column_table"),
    t("column_latest_year"),
    t("column_rows"),
    t("column_example"),
    t("column_has_preliminary"),
]
st.dataframe(freshness, hide_index=True, key="freshness_table")
