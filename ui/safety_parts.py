"""Helpers of the Trygghet page: labels for groups, areas and kinds of value, a URL-kept
multiselect, percentages in the session's format, the survey chart and the translated table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from analytics.change import DECREASE, INCREASE
from analytics.safety import (
    KIND_EXAMPLE,
    KIND_PUBLISHED,
    KIND_RESULT,
    STATUS_FIRST_WAVE,
    STATUS_NO_COUNTS,
    STATUS_SERIES_BREAK,
    AreaComparison,
    SurveyView,
    WaveChange,
)
from ui.charts import (
    AXIS_LABEL,
    LINE_HEIGHT,
    PALETTE,
    configure,
    hidden_layer,
    hidden_legend_fill,
    year_x,
)
from ui.format import MISSING, markdown_text, number, signed_number, trusted_url, url_host
from ui.i18n import language, t

# Respondent groups as stored -> message keys of their labels (in the order offered).
GROUP_MESSAGES = {
    "alla": "safety_group_all",
    "kvinnor": "safety_group_women",
    "män": "safety_group_men",
    "16–29 år": "safety_group_age_16_29",
    "30–64 år": "safety_group_age_30_64",
    "65–85 år": "safety_group_age_65_85",
    "åk 9": "safety_group_year9",
    "åk 9 flickor": "safety_group_year9_girls",
    "åk 9 pojkar": "safety_group_year9_boys",
    "gy 2": "safety_group_upper2",
    "gy 2 flickor": "safety_group_upper2_girls",
    "gy 2 pojkar": "safety_group_upper2_boys",
    "flickor": "safety_group_girls",
    "pojkar": "safety_group_boys",
}
# Areas whose names are translated; municipalities and districts keep their names.
AREA_MESSAGES = {
    "LPO Södra Roslagen": "safety_area_lpo",
    "Polisregion Stockholm": "safety_area_region",
    "Stockholms län": "safety_area_county",
    "Riket": "safety_area_riket",
    "Övriga öar": "safety_area_other_islands",
}
# The shared palette plus Okabe–Ito's remaining colours: up to nine areas stay distinct.
AREA_PALETTE = [*PALETTE, "#D55E00", "#F0E442", "#000000"]
KIND_ORDER = (KIND_EXAMPLE, KIND_RESULT, KIND_PUBLISHED)
# Point shapes per kind of value: the redundant encoding beside the legend's text.
KIND_SHAPES = {KIND_EXAMPLE: "circle", KIND_RESULT: "square", KIND_PUBLISHED: "diamond"}
# The mark of a hidden cell (fewer than 30 respondents), as in the table.
HIDDEN_MARK = ".."
# Table columns (analytics.safety.TABLE_COLUMNS) -> message keys of their headings.
TABLE_HEADINGS = {
    "year_label": "safety_column_period",
    "area": "safety_column_area",
    "share": "safety_column_share",
    "lower": "safety_column_lower",
    "upper": "safety_column_upper",
    "interval_method": "safety_column_interval_method",
    "n": "safety_column_n",
    "change_verdict": "safety_column_change",
    "kind": "safety_column_kind",
    "suppressed": "safety_column_mark",
    "series_break": "safety_column_series_break",
    "source_url": "safety_column_source_url",
    "note": "safety_column_note",
}


# Surveys in the order the question list shows them.
SURVEY_ORDER = ("trygghetsmatning", "ntu", "medborgarundersokning", "stockholmsenkaten_published")


def indicator_order(indicators: pd.DataFrame) -> list[str]:
    """Indicator ids grouped by survey (police first); within a survey, questions with whole
    series (example or result tables) before those with single published points, then by id.

    indicators: cache.survey_indicators(...) indexed by indicator_id, with surveys and
    has_example."""
    rank = {survey: index for index, survey in enumerate(SURVEY_ORDER)}

    def key(indicator_id: str) -> tuple[int, bool, str]:
        row = indicators.loc[indicator_id]
        first = str(row["surveys"]).split(",")[0]
        return (rank.get(first, len(rank)), not bool(row["has_example"]), indicator_id)

    return sorted(indicators.index, key=key)


def group_label(group: str) -> str:
    return t(GROUP_MESSAGES[group]) if group in GROUP_MESSAGES else group


def area_label(area: str) -> str:
    return t(AREA_MESSAGES[area]) if area in AREA_MESSAGES else area


def kind_label(kind: str) -> str:
    return t(f"safety_kind_{kind}")


def sort_groups(groups: Sequence[str]) -> list[str]:
    order = {group: index for index, group in enumerate(GROUP_MESSAGES)}
    return sorted(dict.fromkeys(groups), key=lambda group: (order.get(group, len(order)), group))


def percent(value: float | None, decimals: int | None = None) -> str:
    """90.0 -> '90 %' (sv) / '90%' (en); whole numbers without decimals unless asked."""
    if value is None or pd.isna(value):
        return MISSING
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = number(float(value), decimals)
    return f"{text}\u00a0%" if language() == "sv" else f"{text}%"


def keep_valid(key: str, options: Sequence[str]) -> None:
    """Forget a remembered choice that the current options no longer offer.

    After the question changes, a group or area chosen before may not exist for it; the widget
    then starts again from its URL value or default instead of failing.
    """
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def keep_valid_years(key: str, years: Sequence[int]) -> None:
    """Clamp a remembered year range to the years the current question has."""
    if key in st.session_state:
        low, high = st.session_state[key]
        low, high = max(low, min(years)), min(high, max(years))
        if low > high:
            del st.session_state[key]
        else:
            st.session_state[key] = (low, high)


def url_multiselect(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: Sequence[str],
    format_func: Callable[[str], str] = str,
) -> list[str]:
    """A multiselect whose choice is also the URL parameter `key` (values joined by ',')."""
    options = list(options)
    if key in st.session_state:
        kept = [value for value in st.session_state[key] if value in options]
        if kept != list(st.session_state[key]):
            # Some chosen values no longer exist (another question): keep the rest and add
            # the defaults, so the comparison areas follow the question.
            st.session_state[key] = list(dict.fromkeys([*kept, *default]))
    else:
        text = st.query_params.get(key)
        chosen = [value for value in text.split(",") if value in options] if text else []
        st.session_state[key] = chosen or [value for value in default if value in options]
    values = st.multiselect(label, options, key=key, format_func=format_func)
    st.query_params[key] = ",".join(values)
    return values


def change_text(wave: WaveChange) -> str:
    """The headline's second half: change against the previous wave, or why there is none."""
    if wave.status == STATUS_FIRST_WAVE:
        return t("safety_change_first_wave")
    if wave.status == STATUS_SERIES_BREAK:
        return t("safety_change_series_break", period=wave.label_before)
    if wave.status == STATUS_NO_COUNTS:
        return t("safety_change_no_counts", period=wave.label_before)
    change = wave.change
    return t(
        "safety_change_tested",
        period=wave.label_before,
        verdict=t(f"verdict_{change.verdict}"),
        difference=signed_number(change.difference_pp),
        lower=signed_number(change.lower),
        upper=signed_number(change.upper),
    )


def summary_text(view: SurveyView) -> str:
    """'Vaxholm 2025: 89,6 % (KI 86,5–92,0 %, exempeldata); jämfört med 2024: ...'."""
    row = view.headline_row
    values = {
        "area": area_label(row["area"]),
        "period": row["year_label"],
        "share": percent(row["share"]),
        "example": t("safety_summary_example") if row["kind"] == KIND_EXAMPLE else "",
        "change": change_text(view.headline),
    }
    if pd.isna(row["lower"]):
        return t("safety_summary_no_interval", **values)
    return t("safety_summary", lower=number(row["lower"]), upper=percent(row["upper"], 1), **values)


def published_text(row: pd.Series) -> str:
    """The headline of a real published value: 'Stockholms län 2024: 29,6 % (KI 28,8–30,4 %),
    publicerad uppgift; källa: Brå …' (a link to its web page where it has a trusted one)."""
    name = markdown_text(row[f"source_name_{language()}"])
    url = trusted_url(row["source_url"]) if isinstance(row.get("source_url"), str) else None
    source = (
        t("safety_published_source_link", name=name, url=url)
        if url
        else t("safety_published_source", name=name)
    )
    values = {
        "area": area_label(row["area"]),
        "period": row["year_label"],
        "share": percent(row["share"]),
        "source": source,
    }
    if pd.isna(row["lower"]):
        return t("safety_published_headline_no_interval", **values)
    return t(
        "safety_published_headline",
        lower=number(row["lower"]),
        upper=percent(row["upper"], 1),
        **values,
    )


def comparison_text(comparison: AreaComparison, period: str) -> str:
    if comparison.change is None:
        verdict = t("safety_compare_untestable")
    else:
        verdict = {
            INCREASE: t("safety_compare_higher"),
            DECREASE: t("safety_compare_lower"),
        }.get(comparison.verdict, t("safety_compare_no_certain"))
    return t(
        "safety_compare",
        reference=area_label(comparison.reference),
        period=period,
        reference_share=percent(comparison.reference_share),
        difference=signed_number(comparison.difference_pp),
        verdict=verdict,
    )


def real_source_lines(rows: pd.DataFrame) -> list[str]:
    """One line per real value's web page: 'Verkligt värde 2023 (Vaxholm): [host](url)'."""
    real = rows[(rows["kind"] != KIND_EXAMPLE) & rows["source_url"].notna()]
    lines = []
    for url, group in real.groupby("source_url", sort=False):
        # A link only to a checked https page of a trusted publisher (the table lists the rest).
        safe = trusted_url(url)
        if safe is None:
            continue
        periods = ", ".join(dict.fromkeys(group["year_label"]))
        areas = ", ".join(markdown_text(area_label(area)) for area in dict.fromkeys(group["area"]))
        host = markdown_text(url_host(safe))
        lines.append(t("safety_real_source", period=periods, area=areas, host=host, url=safe))
    return lines


def survey_chart(
    rows: pd.DataFrame, *, areas: Sequence[str], break_label: str = ""
) -> alt.LayerChart:
    """Shares over the years per area: lines and 95 % bands for results with respondents,
    points shaped by kind (example circle, real result square, published diamond); a dashed
    rule labelled `break_label` where a series break starts; no line is drawn across a break
    or a hidden cell.

    The x axis is the year as a number (a gap between waves keeps its width; a pooled
    period sits at its last year). A hidden cell (fewer than 30 respondents) is drawn as
    hidden: no point, the line cut, and ".." at the foot of the chart with a legend entry.

    rows: SurveyView.rows (suppressed cells carry no share; only their year and area are
    drawn)."""
    # A line restarts after a series break or a hidden cell: it is never drawn across either.
    ordered = rows.sort_values("year")
    restart = ordered["series_break"].astype(bool) | ordered.groupby(["area", "kind"])[
        "suppressed"
    ].shift(fill_value=False).astype(bool)
    segments = restart.astype(int).groupby([ordered["area"], ordered["kind"]]).cumsum()
    rows = rows.assign(segment=segments)
    hidden = rows[rows["suppressed"].astype(bool)]
    shown = rows[~rows["suppressed"] & rows["share"].notna()].copy()
    shown["area_name"] = shown["area"].map(area_label)
    shown["kind_name"] = shown["kind"].map(kind_label)
    shown["share_text"] = shown["share"].map(percent)
    shown["interval_text"] = [
        f"{number(low)}–{percent(high, 1)}" if pd.notna(low) else MISSING
        for low, high in zip(shown["lower"], shown["upper"], strict=True)
    ]
    shown["n_text"] = shown["n"].map(lambda n: MISSING if pd.isna(n) else number(n, 0))
    # Only what the marks and tooltips use travels to the browser.
    shown = shown[
        ["year", "year_label", "area_name", "kind", "kind_name", "share", "lower", "upper"]
        + ["share_text", "interval_text", "n_text", "series_break", "segment"]
    ]
    # Only areas with something shown get a colour (a hidden district takes none).
    area_names = [area_label(area) for area in areas if area_label(area) in set(shown["area_name"])]
    x = year_x(t("safety_column_period"))
    y_axis = alt.Axis(title=t("safety_axis_share"), labelExpr=AXIS_LABEL[language()])
    colours = {name: AREA_PALETTE[i % len(AREA_PALETTE)] for i, name in enumerate(area_names)}
    area_scale = alt.Scale(domain=area_names, range=list(colours.values()))
    colour = alt.Color(
        "area_name:N",
        title=t("safety_column_area"),
        sort=area_names,
        scale=area_scale,
    )
    present = [kind for kind in KIND_ORDER if kind in set(shown["kind"])]
    shape = alt.Shape(
        "kind_name:N",
        title=t("safety_legend_kind"),
        scale=alt.Scale(
            domain=[kind_label(kind) for kind in present],
            range=[KIND_SHAPES[kind] for kind in present],
        ),
    )
    tooltip = [
        alt.Tooltip("area_name:N", title=t("safety_column_area")),
        alt.Tooltip("year_label:N", title=t("safety_column_period")),
        alt.Tooltip("share_text:N", title=t("safety_column_share")),
        alt.Tooltip("interval_text:N", title=t("safety_column_interval_method")),
        alt.Tooltip("n_text:N", title=t("safety_column_n")),
        alt.Tooltip("kind_name:N", title=t("safety_column_kind")),
    ]
    with_counts = shown[shown["kind"] != KIND_PUBLISHED]
    published = f"datum.kind == '{KIND_PUBLISHED}'"
    # One band layer per area in the area's colour (a colour or fill encoding here would
    # take over the area legend, which should show the lines' symbols).
    with_limits = with_counts.dropna(subset=["lower"])
    bands = [
        alt.Chart(with_limits[with_limits["area_name"] == name])
        .mark_area(opacity=0.15, color=colours[name])
        .encode(
            x=x,
            y=alt.Y("lower:Q", axis=y_axis),
            y2="upper:Q",
            detail=alt.Detail(["kind:N", "segment:O"]),
        )
        for name in area_names
        if (with_limits["area_name"] == name).any()
    ]
    lines = (
        alt.Chart(with_counts)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("share:Q", axis=y_axis),
            color=colour,
            # A new segment starts at a series break: the line is not drawn across it.
            detail=alt.Detail(["kind:N", "segment:O"]),
            # Same title and domain as colour: one shared area legend (legend=None hid it).
            strokeDash=alt.StrokeDash(
                "area_name:N",
                sort=area_names,
                title=t("safety_column_area"),
                scale=alt.Scale(domain=area_names),
            ),
        )
    )
    points = (
        alt.Chart(shown)
        .mark_point(filled=True, opacity=1)
        .encode(
            x=x,
            y=alt.Y("share:Q", axis=y_axis),
            color=colour,
            shape=shape,
            # Real published points: larger, outlined, drawn over the example series.
            size=alt.condition(published, alt.value(170), alt.value(60)),
            stroke=alt.condition(published, alt.value("#222222"), alt.value(None)),
            tooltip=tooltip,
        )
    )
    # A published value with the source's own interval (Brå's county tables give one for the
    # latest year): a whisker in the area's colour under its diamond.
    limited = shown[(shown["kind"] == KIND_PUBLISHED) & shown["lower"].notna()]
    whiskers = [
        alt.Chart(limited[limited["area_name"] == name])
        .mark_rule(strokeWidth=2, color=colours[name])
        .encode(x=x, y=alt.Y("lower:Q", axis=y_axis), y2="upper:Q")
        for name in area_names
        if (limited["area_name"] == name).any()
    ]
    layers = [*bands, lines, *whiskers, points]
    breaks = shown.loc[shown["series_break"], "year"].drop_duplicates()
    if not breaks.empty:
        marker = pd.DataFrame({"year": breaks, "label": [break_label] * len(breaks)})
        layers.append(alt.Chart(marker).mark_rule(color="#444444", strokeDash=[6, 3]).encode(x=x))
        layers.append(
            alt.Chart(marker)
            .mark_text(align="left", dx=4, dy=4, baseline="top", color="#444444")
            .encode(x=x, y=alt.value(0), text="label:N")
        )
    if not hidden.empty:
        # One ".." per hidden year, naming every area hidden that year (marks never overlap).
        marks = (
            hidden.assign(series=hidden["area"].map(area_label))
            .groupby("year", as_index=False)["series"]
            .agg(lambda names: ", ".join(dict.fromkeys(names)))
            .assign(mark=HIDDEN_MARK)
        )
        label = t("safety_legend_hidden")
        layers.append(
            hidden_layer(
                marks,
                x,
                label=label,
                mark_title=t("safety_column_mark"),
                # Above the plot, alone: beside the area and kind legends at the foot the
                # English explanation ran past the chart's right edge.
                fill=hidden_legend_fill(label, orient="top"),
            )
        )
    return configure(alt.layer(*layers), LINE_HEIGHT)


def translated_table(table: pd.DataFrame) -> pd.DataFrame:
    """A view's table (analytics.safety.view_table) with labels in the session's language and
    the limits to one decimal: what the table shows and the downloads contain."""
    shown = table.assign(
        area=table["area"].map(area_label),
        lower=table["lower"].round(1),
        upper=table["upper"].round(1),
        interval_method=table["interval_method"].map(
            lambda method: t(f"safety_interval_{method}") if isinstance(method, str) else ""
        ),
        change_verdict=table["change_verdict"].map(
            lambda verdict: t(f"verdict_{verdict}") if isinstance(verdict, str) else ""
        ),
        kind=table["kind"].map(kind_label),
        suppressed=table["suppressed"].map(lambda hidden: HIDDEN_MARK if hidden else ""),
        series_break=table["series_break"].map(lambda flag: t("yes") if flag else ""),
        note=table["note"].fillna(""),
        source_url=table["source_url"].fillna(""),
    )
    return shown.rename(columns={column: t(key) for column, key in TABLE_HEADINGS.items()})
