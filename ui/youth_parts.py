"""Helpers of the page "Unga, ANDT och riskfaktorer" (pages/youth.py).

- the pupil analysis and the odds-ratio models, cached per database version and selection;
- labels in the session's language, and counts shown as DESIGN §4 says ("<5", "-", "..");
- the Altair charts: a share over the waves with its interval band and the published points,
  the factor profile, outcome by level, odds ratios (colour-blind-safe palette and redundant
  encodings as in ui.charts, numbers in the session's format);
- one render function per section of the page: summary sentences, chart, notes, source line,
  table and downloads, so the page itself reads filters -> data -> analytics -> render.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from analytics.outcomes import OddsRatioModel
from analytics.risk_factors import (
    LEVEL_ELEVATED,
    LEVEL_LOW,
    LEVEL_STRONG,
    LEVEL_WEAK,
    MAX_SCHOOL_PUPILS,
    PROTECTIVE,
    RISK,
    RISK_LEVELS,
    SCHOOL_ICC,
)
from analytics.suppression import (
    SMALL_COUNT_MAX,
    SYMBOL_HIDDEN,
    SYMBOL_MISSING,
    SYMBOL_SMALL,
    SYMBOL_ZERO,
)
from analytics.youth import (
    ALL_SEXES,
    GIRL_TERM,
    OutcomeView,
    PupilAnalysis,
    combine_waves,
    outcome_model,
    pooled_pupils,
    published_levels,
    score_wave,
)
from ui import cache, charts
from ui.charts import PALETTE
from ui.format import number, signed_number
from ui.frame import chart_with_images, source_line, table_and_downloads, translated
from ui.i18n import language, t, tn

# Colours: the chosen municipality, the comparison group, published points, expected marks.
AREA_COLOUR, COMPARISON_COLOUR, PUBLISHED_COLOUR, EXPECTED_COLOUR = (
    PALETTE[0],
    PALETTE[1],
    "#D55E00",
    "#222222",
)
RISK_COLOUR, PROTECTIVE_COLOUR = PALETTE[1], PALETTE[2]
# The sex filter's options (result tables' names).
SEXES = (ALL_SEXES, "flickor", "pojkar")


# Shared, not copied: a copy per run would unpickle every pupil's scores each time. The one
# shared copy is only read: analytics/ is pure and never changes its inputs.
@cache.per_version(shared=True)
def pupil_analysis() -> PupilAnalysis:
    """Scores, levels and outcomes of every pupil in the current database version.

    One wave's answers at a time: each is reduced to scores and outcomes before the next is
    read, so the page never holds every pupil's answers (at national scale, 234 000 pupils,
    the analysis keeps about 30 MB instead of 85 MB, and the peak is one wave's answers).
    """
    index_items, outcome_items = cache.youth_index_items(), cache.youth_outcome_items()
    waves = []
    for answers in cache.youth_answer_waves():
        waves.append(score_wave(answers, index_items, outcome_items))
        del answers  # drop this wave's answers before the next one is read
    return combine_waves(waves, index_items, outcome_items, cache.youth_rise_cutoffs())


def outcome_title(row: object) -> str:
    """An indicator's title without its unit suffix: 'Har någon gång använt narkotika'."""
    title = getattr(row, f"title_{language()}")
    for suffix in (", andel (%)", ", share (%)"):
        title = title.removesuffix(suffix)
    return title


def level_label(level: str) -> str:
    return t(f"youth_level_{level}")


def factor_name(index_id: str) -> str:
    return t(f"youth_factor_{index_id}")


def verdict_label(verdict: object) -> str:
    return t(f"youth_verdict_{verdict}") if isinstance(verdict, str) else ".."


# Ticks of the odds-ratio axis (log scale): 1, the reference, always among them.
ODDS_TICKS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)


def share_chart(
    area: pd.DataFrame,
    comparison: pd.DataFrame,
    published: pd.DataFrame,
    *,
    area_label: str,
    comparison_label: str,
) -> alt.LayerChart:
    """Share over the waves: the area's line and 95 % band, the comparison group's line, and
    published points as diamonds. area: year, share, lower, upper; comparison: year, share;
    published: year, share, label (legend text)."""
    lines = pd.concat(
        [
            area.assign(series=area_label)[["year", "share", "series"]],
            comparison.assign(series=comparison_label)[["year", "share", "series"]],
            published.rename(columns={"label": "series"})[["year", "share", "series"]],
        ],
        ignore_index=True,
    ).dropna(subset=["share"])
    series = list(dict.fromkeys(lines["series"]))
    colours = [AREA_COLOUR, COMPARISON_COLOUR, *[PUBLISHED_COLOUR, PALETTE[4]]][: len(series)]
    x = charts.year_x(t("column_year"), years=lines["year"])
    colour = alt.Color(
        "series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=colours)
    )
    # Published points are diamonds in the chart and in the legend.
    is_published = set(published["label"]) if not published.empty else set()
    shape = alt.Shape(
        "series:N",
        title=None,
        sort=series,
        scale=alt.Scale(
            domain=series,
            range=["diamond" if name in is_published else "circle" for name in series],
        ),
    )
    tooltip = [
        alt.Tooltip("series:N", title=t("column_area")),
        alt.Tooltip("year:O", title=t("column_year")),
        alt.Tooltip("share_text:N", title=t("youth_column_share")),
    ]
    layers = [
        charts.band(area[["year", "lower", "upper"]], x, colour=AREA_COLOUR, opacity=0.22),
        alt.Chart(charts.with_text(lines[~lines["series"].isin(is_published)], "share"))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y(
                "share:Q",
                axis=charts.value_axis(t("youth_axis_share")),
                # The band's top (17,8 % under an axis ending at 18) sat on the plot's edge.
                scale=charts.headroom_scale(lines["share"], area["upper"]),
            ),
            color=colour,
            # The same domain as colour and shape, so the three share one legend.
            strokeDash=alt.StrokeDash(
                "series:N", sort=series, title=None, scale=alt.Scale(domain=series)
            ),
            shape=shape,
            tooltip=tooltip,
        ),
    ]
    if not published.empty:
        layers.append(
            alt.Chart(charts.with_text(lines[lines["series"].isin(is_published)], "share"))
            .mark_point(size=140, filled=True, opacity=1)
            .encode(x=x, y="share:Q", color=colour, shape=shape, tooltip=tooltip)
        )
    return charts.configure(alt.layer(*layers), charts.LINE_HEIGHT)


def profile_chart(profile: pd.DataFrame) -> alt.LayerChart:
    """Horizontal bars: share at a concerning level per factor, its 95 % interval, and a tick
    at the reference's expected share. profile: label, kind_label, flagged_share,
    flagged_lower, flagged_upper, flagged_expected (rows in priority order)."""
    data = charts.with_text(
        profile.dropna(subset=["flagged_share"]),
        "flagged_share",
        "flagged_lower",
        "flagged_upper",
        "flagged_expected",
    )
    order = list(data["label"])
    kinds = [t("youth_legend_risk"), t("youth_legend_protective")]
    y = alt.Y("label:N", sort=order, title=None, axis=charts.CATEGORY_AXIS)
    tooltip = [
        alt.Tooltip("label:N", title=t("youth_column_factor")),
        alt.Tooltip("flagged_share_text:N", title=t("youth_column_flagged_share")),
        alt.Tooltip("flagged_lower_text:N", title=t("column_lower")),
        alt.Tooltip("flagged_upper_text:N", title=t("column_upper")),
        alt.Tooltip("flagged_expected_text:N", title=t("youth_column_flagged_expected")),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(opacity=0.85)
        .encode(
            x=alt.X("flagged_share:Q", axis=charts.value_axis(t("youth_profile_axis"))),
            y=y,
            color=alt.Color(
                "kind_label:N",
                title=None,
                scale=alt.Scale(domain=kinds, range=[RISK_COLOUR, PROTECTIVE_COLOUR]),
            ),
            tooltip=tooltip,
        )
    )
    whiskers = (
        alt.Chart(data)
        .mark_rule(color="#333333")
        .encode(x="flagged_lower:Q", x2="flagged_upper:Q", y=y)
    )
    expected = (
        alt.Chart(data.assign(mark=t("youth_legend_expected")))
        .mark_tick(thickness=3, size=22)
        .encode(
            x="flagged_expected:Q",
            y=y,
            shape=alt.Shape("mark:N", title=None),
            color=alt.value(EXPECTED_COLOUR),
            tooltip=tooltip,
        )
    )
    return charts.configure(alt.layer(bars, whiskers, expected), charts.rows_height(len(data)))


def level_chart(levels: pd.DataFrame) -> alt.LayerChart:
    """Bars of the outcome share per level with 95 % intervals. levels: label, share, lower,
    upper, n (rows in level order)."""
    data = charts.with_text(levels.dropna(subset=["share"]), "share", "lower", "upper")
    x = alt.X("label:N", sort=list(levels["label"]), title=None, axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("label:N", title=t("youth_column_level")),
        alt.Tooltip("share_text:N", title=t("youth_column_share")),
        alt.Tooltip("lower_text:N", title=t("column_lower")),
        alt.Tooltip("upper_text:N", title=t("column_upper")),
        alt.Tooltip("n:Q", title=t("youth_column_pupils")),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=AREA_COLOUR, opacity=0.85)
        .encode(
            x=x, y=alt.Y("share:Q", axis=charts.value_axis(t("youth_levels_axis"))), tooltip=tooltip
        )
    )
    whiskers = alt.Chart(data).mark_rule(color="#333333").encode(x=x, y="lower:Q", y2="upper:Q")
    return charts.configure(alt.layer(bars, whiskers), charts.LINE_HEIGHT)


def odds_chart(odds: pd.DataFrame) -> alt.LayerChart:
    """Odds ratios with 95 % intervals on a log scale, a rule at 1. odds: label,
    odds_ratio, lower, upper (rows with an estimate)."""
    data = charts.with_text(
        odds.dropna(subset=["odds_ratio"]), "odds_ratio", "lower", "upper", decimals=2
    )
    y = alt.Y("label:N", sort=list(data["label"]), title=None, axis=charts.CATEGORY_AXIS)
    low = float(min(data["lower"].min(), data["odds_ratio"].min(), 1.0)) if len(data) else 0.5
    high = float(max(data["upper"].max(), data["odds_ratio"].max(), 1.0)) if len(data) else 2.0
    # 1 is always inside the axis and labelled: it is the reference (no association).
    x_scale = alt.Scale(type="log", domain=[low / 1.15, high * 1.15], nice=False)
    ticks = [tick for tick in ODDS_TICKS if low / 1.15 <= tick <= high * 1.15]
    tooltip = [
        alt.Tooltip("label:N", title=t("youth_column_factor")),
        alt.Tooltip("odds_ratio_text:N", title=t("youth_column_odds_ratio")),
        alt.Tooltip("lower_text:N", title=t("column_lower")),
        alt.Tooltip("upper_text:N", title=t("column_upper")),
    ]
    whiskers = (
        alt.Chart(data)
        .mark_rule(color=AREA_COLOUR, strokeWidth=2)
        .encode(x=alt.X("lower:Q", scale=x_scale), x2="upper:Q", y=y)
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=90, color=AREA_COLOUR, opacity=1)
        .encode(
            x=alt.X(
                "odds_ratio:Q",
                scale=x_scale,
                axis=charts.value_axis(t("youth_model_axis"), values=ticks),
            ),
            y=y,
            tooltip=tooltip,
        )
    )
    one = alt.Chart(pd.DataFrame({"one": [1.0]})).mark_rule(strokeDash=[4, 3]).encode(x="one:Q")
    return charts.configure(alt.layer(one, whiskers, points), charts.rows_height(len(data)))


def public_counts(counts: pd.Series, hidden: pd.Series) -> pd.Series:
    """Counts as tables and downloads show them (DESIGN §4): "<5" for 1-4, "-" for 0, ".." where
    the cell is hidden (fewer than 30 respondents), "." where missing, else the number."""

    def text(count: object, is_hidden: bool) -> str:
        if is_hidden:
            return SYMBOL_HIDDEN
        if pd.isna(count):
            return SYMBOL_MISSING
        if count == 0:
            return SYMBOL_ZERO
        if count <= SMALL_COUNT_MAX:
            return SYMBOL_SMALL
        return str(int(count))

    return pd.Series(
        [text(count, bool(flag)) for count, flag in zip(counts, hidden, strict=True)],
        index=counts.index,
    )


def keep_valid(key: str, options: list[str]) -> None:
    """Forget a widget's remembered value that the current options no longer hold (e.g. a wave
    the newly chosen municipality lacks), so the widget falls back to its URL or default."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def trend_rows(
    area: pd.DataFrame,
    comparison: pd.DataFrame,
    published: pd.DataFrame,
    *,
    area_label: str,
    comparison_label: str,
) -> pd.DataFrame:
    """The chart's data as one long table: series, year, share, lower, upper, n, source_url,
    is_example (published points are real; the comparison is example data if the area is)."""
    parts = [
        area.assign(series=area_label, source_url=None),
        comparison.assign(
            series=comparison_label,
            lower=float("nan"),
            upper=float("nan"),
            source_url=None,
            is_example=bool(area["is_example"].any()) if not area.empty else False,
        ),
        published.assign(
            series=published["label"],
            lower=float("nan"),
            upper=float("nan"),
            n=None,
            is_example=False,
        ),
    ]
    columns = ["series", "year", "share", "lower", "upper", "n", "source_url", "is_example"]
    frames = [part[columns] for part in parts if not part.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True).astype({"n": "Int64", "is_example": bool})


# --- cached analytics per selection ------------------------------------------------------------


@cache.per_version
def odds_ratios(
    outcome_id: str,
    grade: str,
    sex: str,
    area_code: str | None,
    hidden_waves: frozenset[tuple[str, int]],
) -> OddsRatioModel | None:
    """analytics.youth.outcome_model for one selection (the pooled waves: every wave but
    `hidden_waves`, analytics.youth.pooled_pupils), cached per selection."""
    analysis = pupil_analysis()
    mask = pooled_pupils(
        analysis, set(hidden_waves), grade=grade, sex=sex, municipality_code=area_code
    )
    return outcome_model(analysis, mask, outcome_id, adjust_for_sex=sex == ALL_SEXES)


@cache.per_version
def levels(
    outcome_id: str,
    index_id: str,
    grade: str,
    sex: str,
    area_code: str | None,
    hidden_waves: frozenset[tuple[str, int]],
) -> pd.DataFrame:
    """analytics.youth.published_levels for one selection (the rule is decided on every
    municipality, sex and scope at once, so it is worth keeping), cached per selection."""
    return published_levels(
        pupil_analysis(),
        set(hidden_waves),
        grade=grade,
        sex=sex,
        municipality_code=area_code,
        outcome_id=outcome_id,
        index_id=index_id,
    )


# --- sections of the page ----------------------------------------------------------------------

TREND_COLUMNS = {
    "series": "column_area",
    "year": "column_year",
    "share": "youth_column_share",
    "lower": "column_lower",
    "upper": "column_upper",
    "n": "youth_column_n",
    "source_url": "youth_column_source_url",
    "is_example": "column_example",
}
CHANGE_COLUMNS = {
    "year_before": "youth_column_year_before",
    "year": "column_year",
    "share_before": "youth_column_share_before",
    "share_after": "youth_column_share_after",
    "difference_pp": "youth_column_difference",
    "lower": "column_lower",
    "upper": "column_upper",
    "p_value": "youth_column_p_value",
    "verdict": "youth_column_verdict",
}
PROFILE_COLUMNS = {
    "priority": "youth_column_priority",
    "label": "youth_column_factor",
    "type_label": "youth_column_type",
    "n": "youth_column_pupils",
    "flagged_share": "youth_column_flagged_share",
    "flagged_lower": "column_lower",
    "flagged_upper": "column_upper",
    "flagged_expected": "youth_column_flagged_expected",
    "verdict_label": "youth_column_verdict",
    "flagged_p_value": "youth_column_p_value",
    "flagged_p_adjusted": "youth_column_p_adjusted",
    "flagged_design_effect": "youth_column_design_effect",
    "top_share": "youth_column_top_share",
    "top_lower": "youth_column_top_lower",
    "top_upper": "youth_column_top_upper",
    "top_expected": "youth_column_top_expected",
    "top_verdict_label": "youth_column_top_verdict",
    "top_p_adjusted": "youth_column_top_p_adjusted",
    "insufficient_share": "youth_column_insufficient_share",
    "lower_cutoff": "youth_column_rise_lower",
    "upper_cutoff": "youth_column_rise_upper",
}
LEVEL_COLUMNS = {
    "label": "youth_column_level",
    "n": "youth_column_pupils",
    "positives": "youth_column_positives",
    "share": "youth_column_share",
    "lower": "column_lower",
    "upper": "column_upper",
}
ODDS_COLUMNS = {
    "label": "youth_column_factor",
    "odds_ratio": "youth_column_odds_ratio",
    "lower": "column_lower",
    "upper": "column_upper",
    "p_value": "youth_column_p_value",
    "n_flagged": "youth_column_n_flagged",
    "events_flagged": "youth_column_events_flagged",
}


@dataclass(frozen=True)
class Provenance:
    """What every table's downloads and source lines say: sources, filters, example flag."""

    sources: list[tuple[str, str]]
    filters: dict[str, str]
    has_example: bool

    def show(self) -> None:
        source_line(self.sources)

    def chart(self, chart: alt.TopLevelMixin, *, key: str, title: str) -> None:
        chart_with_images(
            chart,
            key=key,
            title=title,
            source=", ".join(name for name, _ in self.sources),
            has_example=self.has_example,
        )

    def table(
        self, frame: pd.DataFrame, columns: dict[str, str], *, key: str, in_expander: bool = True
    ) -> None:
        table_and_downloads(
            translated(frame[list(columns)], columns),
            key=key,
            source=", ".join(name for name, _ in self.sources),
            filters=self.filters,
            has_example=self.has_example,
            in_expander=in_expander,
        )


def render_response_rate(
    rate: pd.Series,
    *,
    grade: str,
    year: int,
    answer_sources: list[tuple[str, str]],
    pupil_source: tuple[str, str],
    answers_example: bool,
) -> None:
    """The wave's response rate line (a row of analytics.response_rates) and its sources.

    A rate is printed only where the analytics gives one (reason ''); 'elsewhere' (gy 2) and
    'above_100' quote the two counts with their sources and say why they make no rate; the
    other reasons say what is missing.
    """
    reason = rate["reason"]
    values = {
        "grade": t(f"youth_grade_{grade}"),
        "year": year,
        "answers": number(rate["answers"], 0),
        "pupils": number(rate["pupils"], 0) if pd.notna(rate["pupils"]) else "",
        "rate": number(rate["rate"], 0) if pd.notna(rate["rate"]) else "",
        "school_year": f"{year - 1}/{str(year)[2:]}",
        "answers_source": ", ".join(name for name, _ in answer_sources),
        "pupils_source": pupil_source[0],
    }
    if reason in ("", "elsewhere", "above_100"):
        key = "youth_response_rate" + (f"_{reason}" if reason else "")
        line = tn(key, int(rate["pupils"]), **values)
    else:
        line = t(f"youth_response_rate_{reason}", **values)
    if answers_example:
        line += " " + t("youth_response_rate_example")
    st.caption(line)
    source_line(
        [*answer_sources, pupil_source] if reason in ("elsewhere", "above_100") else [pupil_source]
    )


def render_trend(
    view: OutcomeView,
    *,
    area_name: str,
    group_name: str,
    provenance: Provenance,
    outcome: str = "",
) -> None:
    """Summary, change since the wave before, chart, notes, source line, table, downloads."""
    shown = view.area.dropna(subset=["share"])
    if shown.empty:
        st.info(t("no_data"))
    else:
        last = shown.iloc[-1]
        same_year = view.comparison.loc[view.comparison["year"] == last["year"], "share"]
        st.markdown(
            t(
                "youth_trend_summary",
                area=area_name,
                year=int(last["year"]),
                share=number(last["share"]),
                lower=number(last["lower"]),
                upper=number(last["upper"]),
                n=int(last["n"]),
                group=group_name,
                comparison=number(same_year.iloc[0] if len(same_year) else None),
            )
        )
    if not view.changes.empty:
        change = view.changes.iloc[-1]
        st.markdown(
            t(
                "youth_change_summary",
                year_before=int(change["year_before"]),
                year=int(change["year"]),
                difference=signed_number(change["difference_pp"]),
                lower=signed_number(change["lower"]),
                upper=signed_number(change["upper"]),
                verdict=t(f"verdict_{change['verdict']}"),
            )
        )
    is_example = bool(view.area["is_example"].any())
    area_label = t("youth_legend_area" if is_example else "youth_legend_area_real", area=area_name)
    comparison_label = t("youth_legend_comparison", group=group_name)
    published = view.published.assign(
        label=[t("youth_legend_published", name=name) for name in view.published["name"]]
    )
    chart = share_chart(
        view.area,
        view.comparison,
        published,
        area_label=area_label,
        comparison_label=comparison_label,
    )
    provenance.chart(
        chart,
        key="youth_trend_chart",
        title=f"{t('youth_trend_heading', outcome=outcome)}: {area_name}",
    )
    if view.hidden:
        st.caption(t("youth_trend_hidden", count=view.hidden))
    if not published.empty:
        st.caption(t("youth_published_note"))
    provenance.show()
    rows = trend_rows(
        view.area,
        view.comparison,
        published,
        area_label=area_label,
        comparison_label=comparison_label,
    )
    rows = rows.assign(n=public_counts(rows["n"], pd.Series(False, index=rows.index)))
    provenance.table(rows, TREND_COLUMNS, key="youth_trend")
    if not view.changes.empty:
        changes = view.changes.assign(
            verdict=view.changes["verdict"].map(lambda verdict: t(f"verdict_{verdict}"))
        )
        with st.expander(t("youth_changes_heading")):
            provenance.table(changes, CHANGE_COLUMNS, key="youth_changes", in_expander=False)


def clustering_note(shown: pd.DataFrame) -> str:
    """What the profile's intervals include: the schools' design effect, its range over the
    shown comparisons and the number of independent pupils it corresponds to. shown: profile
    rows with a share (at least one)."""
    deff = pd.concat([shown["flagged_design_effect"], shown["top_design_effect"]])
    pupils = pd.concat([shown["n_scored"], shown["n_scored"]]) / deff
    return t(
        "youth_profile_clustering",
        pupils=MAX_SCHOOL_PUPILS,
        icc=number(SCHOOL_ICC, 2),
        deff_range=t(
            "youth_profile_deff_range",
            low=number(deff.min()),
            high=number(deff.max()),
            low_n=number(pupils.min(), 0),
            high_n=number(pupils.max(), 0),
        ),
    )


def render_profile(profile: pd.DataFrame, *, titles: pd.Series, provenance: Provenance) -> None:
    """The prioritised profile: two summary lines, chart, method note, table, downloads."""
    profile = profile.assign(
        label=profile["index_id"].map(titles),
        kind_label=[
            t("youth_legend_risk") if kind == RISK else t("youth_legend_protective")
            for kind in profile["factor_type"]
        ],
        type_label=profile["factor_type"].map(lambda kind: t(f"youth_type_{kind}")),
        verdict_label=profile["flagged_verdict"].map(verdict_label),
        top_verdict_label=profile["top_verdict"].map(verdict_label),
    )
    shown = profile.dropna(subset=["flagged_share"])
    if shown.empty:
        st.info(t("youth_profile_small"))
    else:
        for kind, key in ((RISK, "youth_profile_risk"), (PROTECTIVE, "youth_profile_protective")):
            first = shown[shown["factor_type"] == kind].iloc[0]
            st.markdown(
                t(
                    key,
                    factor=factor_name(first["index_id"]),
                    share=number(first["flagged_share"]),
                    expected=number(first["flagged_expected"]),
                    verdict=first["verdict_label"],
                )
            )
        provenance.chart(
            profile_chart(shown),
            key="youth_profile_chart",
            title=t("youth_profile_heading", year=provenance.filters.get("year", "")),
        )
        st.caption(t("youth_profile_tick_note"))
    st.caption(t("youth_profile_method"))
    if not shown.empty:
        st.caption(clustering_note(shown))
    provenance.show()
    provenance.table(profile, PROFILE_COLUMNS, key="youth_profile")


def render_levels(
    levels: pd.DataFrame,
    *,
    outcome: str,
    scope: str,
    provenance: Provenance,
    waves_left_out: list[tuple[str, int]] = (),
) -> None:
    """Outcome share by level: summary (concerning level against the calmest), chart, table.
    waves_left_out: (municipality name, wave) not pooled (analytics.youth.pooled_pupils)."""
    levels = levels.assign(label=levels["level"].map(level_label))
    by_level = levels.set_index("level", drop=False)
    risk = levels["level"].iloc[0] == RISK_LEVELS[0]
    concern, calm = (
        (by_level.loc[LEVEL_ELEVATED], by_level.loc[LEVEL_LOW])
        if risk
        else (by_level.loc[LEVEL_WEAK], by_level.loc[LEVEL_STRONG])
    )
    st.markdown(
        t(
            "youth_levels_summary",
            outcome=outcome,
            high_share=number(concern["share"]),
            high_level=concern["label"],
            low_share=number(calm["share"]),
            low_level=calm["label"],
            scope=scope,
        )
    )
    provenance.chart(
        level_chart(levels),
        key="youth_levels_chart",
        title=f"{t('youth_levels_heading')}: {outcome} ({scope})",
    )
    if waves_left_out:
        waves = ", ".join(f"{name} {year}" for name, year in waves_left_out)
        st.caption(t("youth_levels_waves_left_out", waves=waves))
    provenance.show()
    shown = levels.assign(
        n=public_counts(levels["n"], pd.Series(False, index=levels.index)),
        positives=public_counts(levels["positives"], levels["share"].isna() & (levels["n"] > 0)),
    )
    provenance.table(shown, LEVEL_COLUMNS, key="youth_levels")


def render_model(
    model: OddsRatioModel | None,
    *,
    outcome: str,
    titles: pd.Series,
    factor_types: pd.Series,
    sex: str,
    scope: str,
    provenance: Provenance,
) -> None:
    """Odds ratios: the plain-language reading of the strongest association, the model note,
    chart, left-out factors, table."""
    if model is None:
        st.info(t("youth_model_unavailable"))
        return
    odds = model.table.assign(
        label=[
            t("youth_term_girl") if term == GIRL_TERM else titles[term]
            for term in model.table["term"]
        ]
    )
    factors = odds[(odds["term"] != GIRL_TERM) & odds["odds_ratio"].notna()]
    if not factors.empty:
        strongest = factors.loc[factors["odds_ratio"].idxmax()]
        kind = factor_types[strongest["term"]]
        st.markdown(
            t(
                "youth_model_reading",
                concern=t(f"youth_concern_{kind}", factor=factor_name(strongest["term"])),
                ratio=number(strongest["odds_ratio"]),
                outcome=outcome,
                lower=number(strongest["lower"]),
                upper=number(strongest["upper"]),
            )
        )
    sex_text = (
        t("youth_model_adjusted")
        if sex == ALL_SEXES
        else t("youth_model_one_sex", sex=t(f"youth_sex_{sex}").lower())
    )
    st.caption(t("youth_model_note", sex=sex_text, scope=scope, n=model.n, events=model.events))
    provenance.chart(
        odds_chart(odds),
        key="youth_model_chart",
        title=f"{t('youth_model_heading')} {outcome} ({scope})",
    )
    if model.dropped:
        st.caption(
            t("youth_model_dropped", terms=", ".join(factor_name(term) for term in model.dropped))
        )
    provenance.show()
    no_estimate = pd.Series(False, index=odds.index)
    shown = odds.assign(
        n_flagged=public_counts(odds["n_flagged"], no_estimate),
        events_flagged=public_counts(odds["events_flagged"], odds["odds_ratio"].isna()),
    )
    provenance.table(shown, ODDS_COLUMNS, key="youth_model")
