"""What the crime pages show, computed from one crime series for all areas and years.

Input frames come from the data layer in one standard shape (see `standardise_series`):
municipality_code, name, level ('kommun' | 'region' | 'riket'), year, count (reported offences;
derived from rate x population for sources that publish only rates), rate_per_100k (as
published), population, is_example, count_is_derived, and optionally `suppressed` (the small-number
rule of DESIGN §4, from `suppression_mask`: '' shown, 'primary' a count 1–4, 'secondary' hidden
so that a total cannot give a small count away). Everything here is pure pandas/scipy.

Small numbers: a hidden year's count, rate and interval are blanked in every output here (the
rate with the published population would give the count back); a change or trend that would
need a hidden count is not computed (`change_hidden`, `trend_hidden` say so); a comparison-group
median or quartile that would equal or interpolate a hidden value is blanked; hidden
municipalities are not ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.change import RateChange, compare_rates
from analytics.comparison import peer_band, rank_municipalities, weighted_rate
from analytics.rates import add_rate_columns, counts_from_rates
from analytics.suppression import (
    PRIMARY,
    SECONDARY,
    SYMBOL_HIDDEN,
    SYMBOL_SMALL,
    display_counts,
    related_parts_mask,
    small_count_mask,
)
from analytics.trend import Dispersion, Trend, estimate_poisson_trend, pooled_dispersion

# Measures a page can show: rate per 100 000 inhabitants, or the number of reported offences.
MEASURE_RATE = "rate"
MEASURE_COUNT = "count"
# Codes of the aggregate areas in SCB/Kolada numbering.
COUNTY_CODE = "0001"
RIKET_CODE = "0000"

STANDARD_COLUMNS = [
    "municipality_code",
    "name",
    "level",
    "year",
    "count",
    "rate_per_100k",
    "population",
    "is_example",
    "count_is_derived",
]


def standardise_series(
    frame: pd.DataFrame, *, rate_col: str = "rate_per_100k", count_col: str | None = "count"
) -> pd.DataFrame:
    """Bring a Kolada KPI (rates only) or a Brå series (counts and rates) to one shape.

    frame: municipality_code, name, level, year, population, is_example, `rate_col` (rate per
    100 000) and, if the source has it, `count_col`. Where the count is missing but rate and
    population are known, count = round(rate x population / 100 000) and count_is_derived is
    True. Rows with neither a rate nor a count are dropped (they are Kolada's Missing/Privacy
    values, which the page reports as gaps).
    """
    result = frame.rename(columns={rate_col: "rate_per_100k"}).copy()
    published = (
        result[count_col].astype("Float64")
        if count_col and count_col in result
        else pd.Series(pd.NA, index=result.index, dtype="Float64")
    )
    derived = counts_from_rates(result["rate_per_100k"], result["population"]).astype("Float64")
    result["count_is_derived"] = published.isna() & derived.notna()
    result["count"] = published.fillna(derived).astype("Int64")
    result = result[result["rate_per_100k"].notna() | result["count"].notna()]
    return (
        result[STANDARD_COLUMNS].sort_values(["municipality_code", "year"]).reset_index(drop=True)
    )


def suppression_mask(
    counts: pd.DataFrame,
    *,
    member_codes: Sequence[str],
    county_code: str = COUNTY_CODE,
    families: Mapping[str, Sequence[str]] | None = None,
) -> pd.Series:
    """analytics.suppression's small-number rule over the crime series the pages can show.

    counts: one row per (crime_code, municipality_code, year) with `count` (published or
    derived from a rate; NaN is missing and never hidden); without a crime_code column it is
    one series. member_codes: the municipalities shown one by one (area filter, ranking),
    whose total is the county row `county_code`. families: parent crime_code -> its children
    (the category tree, each shown on its own).

    Primary: counts 1–4. Secondary, by analytics.suppression.related_parts_mask over every
    total and its parts at once: for each crime type and year, the county members against the
    county's count (without a county row build_crime_view computes the county's rate only for
    years where no member is hidden); for each area, year and parent crime type, its children against it
    (whatever the children leave of the parent counts as known). No hidden count can then be
    worked out from any combination of municipalities, crime types and the county (counting
    a shown rate with its population as the count). Returns '' | 'primary' | 'secondary' per
    row, with the index of `counts`.
    """
    data = counts.reset_index(drop=True)
    if "crime_code" not in data:
        data = data.assign(crime_code="")
    values = pd.to_numeric(data["count"], errors="coerce").astype(float).to_numpy()
    mask = (
        small_count_mask(
            pd.DataFrame({"count": values}), rows_have_totals=False, columns_have_totals=False
        )["count"]
        .to_numpy(dtype=object)
        .copy()
    )
    keys = zip(data["crime_code"], data["municipality_code"], data["year"], strict=True)
    position = {key: index for index, key in enumerate(keys)}
    relations: list[tuple[int, np.ndarray]] = []
    members = data[data["municipality_code"].isin(list(member_codes))]
    for (crime, year), part in members.groupby(["crime_code", "year"], sort=False):
        total = position.get((crime, county_code, year))
        if total is not None:
            relations.append((total, part.index.to_numpy()))
    for crime, code, year in zip(
        data["crime_code"], data["municipality_code"], data["year"], strict=True
    ):
        children = [position.get((child, code, year)) for child in (families or {}).get(crime, [])]
        children = [child for child in children if child is not None]
        if children:
            relations.append((position[(crime, code, year)], np.array(children)))
    mask = related_parts_mask(values, mask, relations)
    return pd.Series(mask, index=counts.index, name="suppressed")


def crime_families(crime_types: pd.DataFrame) -> dict[str, list[str]]:
    """parent crime_code -> child codes, from the crime-type tree (crime_code, parent_code)."""
    children = crime_types[crime_types["parent_code"].notna()]
    return {
        str(parent): group["crime_code"].astype(str).tolist()
        for parent, group in children.groupby("parent_code", sort=False)
    }


def _hidden(frame: pd.DataFrame) -> pd.Series:
    """True where the small-number rule hides the row (no `suppressed` column: nothing)."""
    if "suppressed" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["suppressed"].fillna("").ne("")


def _marks(frame: pd.DataFrame) -> pd.Series:
    if "suppressed" not in frame:
        return pd.Series("", index=frame.index)
    return frame["suppressed"].fillna("")


def hidden_band(rows: pd.DataFrame, *, value_col: str, year_col: str = "year") -> pd.DataFrame:
    """peer_band of `rows`, with each median or quartile that would give a hidden value away
    blanked: a statistic is blanked when one of the order statistics it is read from
    (linear interpolation between positions floor(h) and ceil(h), h = (n - 1) p) equals a
    hidden value. Hidden values take part in the positions, so the visible statistics are
    those of the whole group."""
    band = peer_band(rows, value_col=value_col, year_col=year_col)
    hidden = _hidden(rows)
    if not hidden.any():
        return band
    values = pd.to_numeric(rows[value_col], errors="coerce").astype(float)
    for index, year in band[year_col].items():
        in_year = rows[year_col] == year
        present = values[in_year].dropna()
        secret = set(values[in_year & hidden].dropna())
        if not secret:
            continue
        ordered = np.sort(present.to_numpy())
        for column, share in (("median", 0.5), ("q1", 0.25), ("q3", 0.75)):
            h = (len(ordered) - 1) * share
            used = {ordered[int(np.floor(h))], ordered[int(np.ceil(h))]}
            if used & secret:
                band.loc[index, column] = np.nan
    return band


@dataclass(frozen=True, eq=False)
class CrimeView:
    """Everything the Brottsutveckling page draws for one area and series.

    area: year, value, lower, upper, count, population, rate_per_100k, is_example,
          count_is_derived (value in the chosen measure, 95 % exact Poisson interval).
    comparison: year, series_key ('county' | 'riket' | 'peer_median'), value.
    peers: year, median, q1, q3, n_municipalities (of the comparison group, chosen measure).
    latest_change: the last year against the year before (None with fewer than two years, or
    when the two years lie on either side of the series break: `change_across_break`). The
    test uses the counts' extra-Poisson variation (`dispersion`: quasi-Poisson around the
    trend of the series since the break, pooled with the comparison group's series when the
    area has fewer than 5 years, over the whole series when fewer than 3 years follow the
    break), so ordinary year-to-year variation is not called a change.
    change_years: (year before, latest year) that latest_change compares, or None.
    trend: Poisson trend from the series break on (None if too few years). With the count as
    measure, change and trend are those of the counts (a constant exposure of 100 000, so the
    trend's fitted values are counts), with the rate as measure those of the rates.
    change_hidden / trend_hidden: the change / trend is not computed because it would need a
    count the small-number rule hides. area keeps `suppressed` ('' | 'primary' |
    'secondary'); hidden years have value, lower, upper, count and rate_per_100k blanked.
    comparison keeps hidden county/Riket rows with value NaN and `suppressed` set.
    """

    area: pd.DataFrame
    comparison: pd.DataFrame
    peers: pd.DataFrame
    latest_change: RateChange | None
    change_years: tuple[int, int] | None
    trend: Trend | None
    county_is_computed: bool
    measure: str = MEASURE_RATE
    change_hidden: bool = False
    trend_hidden: bool = False
    change_across_break: bool = False
    dispersion: Dispersion | None = None


def build_crime_view(
    series: pd.DataFrame,
    *,
    area_code: str,
    peer_codes: Sequence[str],
    county_codes: Sequence[str],
    first_year: int,
    last_year: int,
    measure: str = MEASURE_RATE,
    break_year: int | None = None,
) -> CrimeView:
    """Compose the area line, its interval, the comparison lines, peer band, change and trend.

    series: the standard shape (standardise_series). peer_codes: the comparison group.
    county_codes: the county's municipalities, used to compute a population-weighted county
    rate when the series has no county row. Years outside [first_year, last_year] are ignored.
    """
    in_years = series[series["year"].between(first_year, last_year)]
    in_years = in_years.assign(suppressed=_marks(in_years))
    area = in_years[in_years["municipality_code"] == area_code].copy()
    area = _with_interval(area, measure)

    value_col = "rate_per_100k" if measure == MEASURE_RATE else "count"
    peers = hidden_band(
        in_years[in_years["municipality_code"].isin(peer_codes)], value_col=value_col
    )

    comparison_parts = [
        peers.assign(series_key="peer_median", suppressed="").rename(columns={"median": "value"})[
            ["year", "series_key", "value", "suppressed"]
        ]
    ]
    county = in_years[in_years["municipality_code"] == COUNTY_CODE]
    county_is_computed = county.empty and measure == MEASURE_RATE
    if county_is_computed:
        members = in_years[in_years["municipality_code"].isin(county_codes)]
        # The members' rates weighted by population give their summed count back: a year with
        # a hidden member has no computed county rate (it would give that member back).
        county = pd.DataFrame(
            [
                (year, weighted_rate(group, rate_col="rate_per_100k"), _hidden(group).any())
                for year, group in members.groupby("year")
            ],
            columns=["year", "rate_per_100k", "member_hidden"],
        )
        county = county.assign(
            rate_per_100k=county["rate_per_100k"].where(~county["member_hidden"]),
            suppressed=np.where(county["member_hidden"], SECONDARY, ""),
        ).drop(columns="member_hidden")
    for key, rows in (
        ("county", county),
        ("riket", in_years[in_years["municipality_code"] == RIKET_CODE]),
    ):
        if rows.empty:
            continue
        value = rows[value_col].astype(float).where(~_hidden(rows))
        comparison_parts.append(
            rows.assign(series_key=key, value=value)[["year", "series_key", "value", "suppressed"]]
        )
    comparison = pd.concat(comparison_parts, ignore_index=True)
    comparison["suppressed"] = comparison["suppressed"].fillna("")
    comparison = comparison[comparison["value"].notna() | comparison["suppressed"].ne("")]
    comparison = comparison.reset_index(drop=True)

    # Counts mode speaks counts: change, trend and their dispersion are those of the counts
    # (a constant exposure of 100 000), rates mode those of the rates (exposure = population).
    tested_rows, tested_area = in_years, area
    if measure == MEASURE_COUNT:
        tested_rows = in_years.assign(
            population=in_years["population"].where(in_years["population"].isna(), 1e5)
        )
        tested_area = area.assign(
            population=area["population"].where(area["population"].isna(), 1e5)
        )
    dispersion = _dispersion(tested_rows, area_code, peer_codes, break_year)
    change, change_years, change_hidden, across_break = _latest_change(
        tested_area, dispersion, break_year
    )
    trend, trend_hidden = _trend(tested_area, break_year, dispersion)
    hidden = _hidden(area)
    area.loc[hidden, ["value", "lower", "upper", "rate_per_100k"]] = np.nan
    area.loc[hidden, "count"] = pd.NA
    return CrimeView(
        area=area,
        comparison=comparison,
        peers=peers,
        latest_change=change,
        change_years=change_years,
        trend=trend,
        county_is_computed=county_is_computed,
        measure=measure,
        change_hidden=change_hidden,
        trend_hidden=trend_hidden,
        change_across_break=across_break,
        dispersion=dispersion,
    )


def _since_break(rows: pd.DataFrame, break_year: int | None) -> pd.DataFrame:
    """The rows from the series break on, when the rows reach it (else all rows)."""
    if break_year is not None and (rows["year"] >= break_year).any():
        return rows[rows["year"] >= break_year]
    return rows


def _dispersion(
    rows: pd.DataFrame, area_code: str, peer_codes: Sequence[str], break_year: int | None
) -> Dispersion | None:
    """Extra-Poisson variation of the area's counts around their trend since the break
    (analytics.trend.pooled_dispersion: own when >= 5 years, else pooled with the comparison
    group's series over the same years). None when no series has 3 usable years."""
    usable = rows.dropna(subset=["count", "population"])
    usable = usable[usable["municipality_code"].isin([area_code, *peer_codes])]
    if area_code not in set(usable["municipality_code"]):
        return None
    since = _since_break(usable, break_year)
    if since["year"].nunique() >= 3:
        usable = since
    # Fewer than 3 years since the break: the variation is estimated over the whole series
    # (a trend across the break only adds variation, so the test errs on the cautious side).
    counts = usable.pivot(index="municipality_code", columns="year", values="count").astype(float)
    population = usable.pivot(index="municipality_code", columns="year", values="population")
    order = [area_code, *[code for code in counts.index if code != area_code]]
    counts, population = counts.loc[order], population.loc[order].astype(float)
    try:
        return pooled_dispersion(
            counts.to_numpy(), population.to_numpy(), counts.columns.to_numpy(dtype=float)
        )
    except ValueError:
        return None


def _with_interval(area: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Add value, lower, upper in the chosen measure (exact Poisson limits from the count)."""
    known = area[area["count"].notna() & area["population"].notna()]
    limits = add_rate_columns(
        known.assign(count=known["count"].astype(float), population=known["population"]),
        count_col="count",
        population_col="population",
    )[["rate_lower", "rate_upper"]]
    area = area.join(limits)
    if measure == MEASURE_RATE:
        area["value"] = area["rate_per_100k"].astype(float)
        area["lower"], area["upper"] = area["rate_lower"], area["rate_upper"]
    else:
        scale = area["population"].astype(float) / 1e5
        area["value"] = area["count"].astype(float)
        area["lower"] = area["rate_lower"] * scale
        area["upper"] = area["rate_upper"] * scale
    return area.drop(columns=["rate_lower", "rate_upper"]).reset_index(drop=True)


def _latest_change(
    area: pd.DataFrame, dispersion: Dispersion | None, break_year: int | None
) -> tuple[RateChange | None, tuple[int, int] | None, bool, bool]:
    """The last year against the one before, with the series' dispersion (exact Poisson
    test when none can be estimated); not computed when either count is hidden or the two
    years lie on either side of the series break. Returns (change, years, hidden, across)."""
    usable = area.dropna(subset=["count", "population"]).sort_values("year")
    if len(usable) < 2:
        return None, None, False, False
    before, after = usable.iloc[-2], usable.iloc[-1]
    if break_year is not None and before["year"] < break_year <= after["year"]:
        return None, None, False, True
    if _hidden(usable.iloc[-2:]).any():
        return None, None, True, False
    change = compare_rates(
        int(before["count"]),
        float(before["population"]),
        int(after["count"]),
        float(after["population"]),
        dispersion=dispersion.value if dispersion else 1.0,
        dispersion_df=dispersion.df if dispersion else None,
    )
    return change, (int(before["year"]), int(after["year"])), False, False


def _trend(
    area: pd.DataFrame, break_year: int | None, dispersion: Dispersion | None
) -> tuple[Trend | None, bool]:
    """The Poisson trend, or None; (None, True) when a year it would use is hidden (its
    fitted values sum to the observed counts, so it would give a hidden count back)."""
    usable = area.dropna(subset=["count", "population"])
    usable = usable.assign(
        count=usable["count"].astype(float), population=usable["population"].astype(float)
    )
    used = usable
    if break_year is not None and (usable["year"] >= break_year).any():
        used = usable[usable["year"] >= break_year]
    if _hidden(used).any():
        return None, True
    try:
        return estimate_poisson_trend(
            usable,
            break_year=break_year,
            dispersion=dispersion if dispersion is not None and dispersion.pooled else None,
        ), False
    except ValueError:
        return None, False


def view_table(view: CrimeView) -> pd.DataFrame:
    """The chart's data as one table, one row per year of the chosen area.

    Columns: year, value, lower, upper, count, population, then county, riket, peer_median
    where the view has them, q1, q3 (comparison group), is_example (the row holds example
    data or a count derived with example population).

    Small numbers: where the view hides a count, the count columns (count; value, county and
    riket when the measure is the count) read as text with analytics.suppression's symbols
    ("<5", "..", "-" for zero, "." for missing); rates, intervals and comparison-group
    statistics of hidden cells are blank (NaN), so the Excel download keeps decimal commas.
    """
    comparison = view.comparison.pivot(index="year", columns="series_key", values="value")
    ordered = [key for key in ("county", "riket", "peer_median") if key in comparison]
    area_columns = ["year", "value", "lower", "upper", "count", "population"]
    table = (
        view.area[[*area_columns, "is_example", "count_is_derived"]]
        .merge(comparison[ordered].reset_index(), on="year", how="left")
        .merge(view.peers[["year", "q1", "q3"]], on="year", how="left")
    )
    table["is_example"] = table["is_example"].astype(bool) | table["count_is_derived"]
    table = table[[*area_columns, *ordered, "q1", "q3", "is_example"]]

    area_marks = table["year"].map(_marks(view.area).set_axis(view.area["year"])).fillna("")
    count_columns = {"count": area_marks}
    if view.measure == MEASURE_COUNT:
        count_columns["value"] = area_marks
        if "suppressed" in view.comparison:
            marks = view.comparison.pivot(index="year", columns="series_key", values="suppressed")
            for key in ("county", "riket"):
                if key in marks:
                    count_columns[key] = table["year"].map(marks[key]).fillna("")
    for column, marks in count_columns.items():
        if marks.ne("").any():
            table[column] = display_counts(table[[column]].astype(float), marks.to_frame(column))[
                column
            ]
    return table


def ranking(
    series: pd.DataFrame, *, codes: Sequence[str], year: int, measure: str = MEASURE_RATE
) -> pd.DataFrame:
    """One year's values for `codes`, ranked (1 = lowest): name, value, rank, n_ranked,
    is_example, suppressed.

    A municipality whose count is hidden (small-number rule) has no value and is not ranked:
    its place among the others would narrow down the hidden count or rate. It comes last,
    with `suppressed` saying why.
    """
    value_col = "rate_per_100k" if measure == MEASURE_RATE else "count"
    rows = series[(series["year"] == year) & series["municipality_code"].isin(codes)]
    hidden = _hidden(rows)
    rows = rows.assign(value=rows[value_col].astype(float).where(~hidden), suppressed=_marks(rows))
    ranked = rank_municipalities(rows, value_col="value", higher_is_better=False)
    return ranked.sort_values(["rank", "name"], na_position="last")[
        ["municipality_code", "name", "value", "rank", "n_ranked", "is_example", "suppressed"]
    ].reset_index(drop=True)


def suppression_symbols(marks: pd.Series) -> pd.Series:
    """'<5' for a hidden small count, '..' for a cell hidden to protect one, '' otherwise."""
    return marks.fillna("").map({PRIMARY: SYMBOL_SMALL, SECONDARY: SYMBOL_HIDDEN}).fillna("")


def ranking_table(ranked: pd.DataFrame, measure: str = MEASURE_RATE) -> pd.DataFrame:
    """The ranking as a table: rank, name, value and, when someone is hidden, `suppressed`
    ('<5' / '..'); with the count as measure the value column reads the symbols too."""
    table = ranked[["rank", "name", "value"]].copy()
    marks = _marks(ranked)
    if marks.ne("").any():
        if measure == MEASURE_COUNT:
            table["value"] = display_counts(table[["value"]], marks.to_frame("value"))["value"]
        table["suppressed"] = suppression_symbols(marks)
    return table


def missing_years(
    series: pd.DataFrame, *, area_code: str, first_year: int, last_year: int
) -> list[int]:
    """Years in [first_year, last_year] that the source publishes for some municipality but
    not for `area_code` (no row, or a row with neither rate nor count that no small-number
    rule hid): the gaps the note under the chart names for the area actually selected.

    series: the standard shape (standardise_series), optionally with `suppressed`.
    """
    in_range = series[series["year"].between(first_year, last_year)]
    has_value = in_range["rate_per_100k"].notna() | in_range["count"].notna()
    published = set(in_range.loc[has_value, "year"].astype(int))
    own = in_range["municipality_code"] == area_code
    held = own & (has_value | _hidden(in_range))
    return sorted(published - set(in_range.loc[held, "year"].astype(int)))
