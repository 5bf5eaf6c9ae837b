"""What the crime pages show, computed from one crime series for all areas and years.

Input frames come from the data layer in one standard shape (see `standardise_series`):
municipality_code, name, level ('kommun' | 'region' | 'riket'), year, count (reported offences;
derived from rate x population for sources that publish only rates), rate_per_100k (as
published), population, is_example, count_is_derived. Everything here is pure pandas/scipy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.change import RateChange, compare_rates
from analytics.comparison import peer_band, rank_municipalities, weighted_rate
from analytics.rates import add_rate_columns, counts_from_rates
from analytics.trend import Trend, estimate_poisson_trend

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


@dataclass(frozen=True, eq=False)
class CrimeView:
    """Everything the Brottsutveckling page draws for one area and series.

    area: year, value, lower, upper, count, population, rate_per_100k, is_example,
          count_is_derived (value in the chosen measure, 95 % exact Poisson interval).
    comparison: year, series_key ('county' | 'riket' | 'peer_median'), value.
    peers: year, median, q1, q3, n_municipalities (of the comparison group, chosen measure).
    latest_change: the last year against the year before (None with fewer than two years).
    change_years: (year before, latest year) that latest_change compares, or None.
    trend: Poisson trend from the series break on (None if too few years).
    """

    area: pd.DataFrame
    comparison: pd.DataFrame
    peers: pd.DataFrame
    latest_change: RateChange | None
    change_years: tuple[int, int] | None
    trend: Trend | None
    county_is_computed: bool


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
    area = in_years[in_years["municipality_code"] == area_code].copy()
    area = _with_interval(area, measure)

    value_col = "rate_per_100k" if measure == MEASURE_RATE else "count"
    peers = peer_band(in_years[in_years["municipality_code"].isin(peer_codes)], value_col=value_col)

    comparison_parts = [
        peers.assign(series_key="peer_median").rename(columns={"median": "value"})[
            ["year", "series_key", "value"]
        ]
    ]
    county = in_years[in_years["municipality_code"] == COUNTY_CODE]
    county_is_computed = county.empty and measure == MEASURE_RATE
    if county_is_computed:
        members = in_years[in_years["municipality_code"].isin(county_codes)]
        county = pd.DataFrame(
            [
                (year, weighted_rate(group, rate_col="rate_per_100k"))
                for year, group in members.groupby("year")
            ],
            columns=["year", "rate_per_100k"],
        )
    if not county.empty:
        comparison_parts.append(
            county.assign(series_key="county", value=county[value_col])[
                ["year", "series_key", "value"]
            ]
        )
    riket = in_years[in_years["municipality_code"] == RIKET_CODE]
    if not riket.empty:
        comparison_parts.append(
            riket.assign(series_key="riket", value=riket[value_col])[
                ["year", "series_key", "value"]
            ]
        )
    comparison = pd.concat(comparison_parts, ignore_index=True).dropna(subset=["value"])

    change, change_years = _latest_change(area)
    return CrimeView(
        area=area,
        comparison=comparison,
        peers=peers,
        latest_change=change,
        change_years=change_years,
        trend=_trend(area, break_year),
        county_is_computed=county_is_computed,
    )


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


def _latest_change(area: pd.DataFrame) -> tuple[RateChange | None, tuple[int, int] | None]:
    usable = area.dropna(subset=["count", "population"]).sort_values("year")
    if len(usable) < 2:
        return None, None
    before, after = usable.iloc[-2], usable.iloc[-1]
    change = compare_rates(
        int(before["count"]),
        float(before["population"]),
        int(after["count"]),
        float(after["population"]),
    )
    return change, (int(before["year"]), int(after["year"]))


def _trend(area: pd.DataFrame, break_year: int | None) -> Trend | None:
    usable = area.dropna(subset=["count", "population"])
    usable = usable.assign(
        count=usable["count"].astype(float), population=usable["population"].astype(float)
    )
    try:
        return estimate_poisson_trend(usable, break_year=break_year)
    except ValueError:
        return None


def view_table(view: CrimeView) -> pd.DataFrame:
    """The chart's data as one table, one row per year of the chosen area.

    Columns: year, value, lower, upper, count, population, then county, riket, peer_median
    where the view has them, q1, q3 (comparison group), is_example (the row holds example
    data or a count derived with example population).
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
    return table[[*area_columns, *ordered, "q1", "q3", "is_example"]]


def ranking(
    series: pd.DataFrame, *, codes: Sequence[str], year: int, measure: str = MEASURE_RATE
) -> pd.DataFrame:
    """One year's values for `codes`, ranked (1 = lowest): name, value, rank, n_ranked."""
    value_col = "rate_per_100k" if measure == MEASURE_RATE else "count"
    rows = series[(series["year"] == year) & series["municipality_code"].isin(codes)]
    rows = rows.assign(value=rows[value_col].astype(float))
    ranked = rank_municipalities(rows, value_col="value", higher_is_better=False)
    return ranked.sort_values("rank")[
        ["municipality_code", "name", "value", "rank", "n_ranked", "is_example"]
    ].reset_index(drop=True)
