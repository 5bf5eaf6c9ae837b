"""Headline cards for the overview: latest value, change and its certainty, county context.

Pure functions over one indicator's values for all municipalities and years:
frame columns municipality_code, year, value (the indicator's own unit), and for rates per
100 000 also population (to derive the counts the change test needs).

Small numbers (DESIGN §4): for rates per 100 000, counts are derived as round(rate x
population / 100 000) and analytics.crime_view.suppression_mask (the one rule of
analytics.suppression, with the county's members against the county row) decides which are
hidden, exactly as on the Brottsutveckling page: a hidden card shows no value, no change is
computed from a hidden count, and a county median or quartile that would give a hidden rate
away is blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.change import compare_rates
from analytics.comparison import UNKNOWN, position_against_peers
from analytics.crime_view import hidden_band, suppression_mask
from analytics.rates import counts_from_rates
from analytics.trend import Dispersion, pooled_dispersion


@dataclass(frozen=True)
class HeadlineCard:
    """One indicator for one area.

    value: latest value (indicator unit); year: its year; year_before: the previous year
    with a value; relative_change: for rates, rate ratio - 1; difference: latest minus
    previous (indicator unit); verdict: 'increase' | 'decrease' | 'no_certain_change' for
    rates, None where no test is possible (shares without n); county_*: the county
    municipalities' median and quartiles in `year`; position: below_q1 | within_iqr | above_q3.
    suppressed: '' shown, 'primary' (the count is 1–4) or 'secondary' (hidden so a total cannot
    give a small count away): then value is NaN and position 'unknown'. change_hidden: the
    change is not computed because one of its counts is hidden.
    """

    value: float
    year: int
    year_before: int | None
    relative_change: float | None
    difference: float | None
    verdict: str | None
    p_value: float | None
    county_median: float
    county_q1: float
    county_q3: float
    position: str
    suppressed: str = ""
    change_hidden: bool = False
    change_across_break: bool = False


def _card_dispersion(
    frame: pd.DataFrame, area_code: str, county_codes: Sequence[str], break_year: int | None
) -> Dispersion | None:
    """The area's quasi-Poisson dispersion around its trend since the break, pooled with the
    county's municipalities when it has fewer than 5 years (analytics.trend.pooled_dispersion);
    None when it cannot be estimated (then the exact Poisson test is used)."""
    rows = frame[frame["municipality_code"].isin([area_code, *county_codes])]
    rows = rows.assign(count=counts_from_rates(rows["value"].astype(float), rows["population"]))
    rows = rows.dropna(subset=["count", "population"])
    since = rows[rows["year"] >= break_year] if break_year is not None else rows
    if since["year"].nunique() >= 3:
        rows = since
    # Fewer than 3 years since the break: estimated over the whole series (cautious: a trend
    # across the break only adds variation).
    if area_code not in set(rows["municipality_code"]):
        return None
    counts = rows.pivot_table(index="municipality_code", columns="year", values="count")
    population = rows.pivot_table(index="municipality_code", columns="year", values="population")
    order = [area_code, *[code for code in counts.index if code != area_code]]
    try:
        return pooled_dispersion(
            counts.loc[order].to_numpy(dtype=float),
            population.loc[order].to_numpy(dtype=float),
            counts.columns.to_numpy(dtype=float),
        )
    except ValueError:
        return None


def headline_card(
    frame: pd.DataFrame,
    *,
    area_code: str,
    county_codes: Sequence[str],
    is_rate_per_100k: bool,
    break_year: int | None = None,
) -> HeadlineCard | None:
    """The card for `area_code`, or None when the area has no value at all.

    For rates per 100 000 the year-on-year change is tested as a rate ratio on counts derived
    as round(rate x population / 100 000), with the counts' extra-Poisson variation
    (analytics.change.compare_rates with the dispersion of `_card_dispersion`), so ordinary
    year-to-year variation is not called a change; other units get the plain difference and no
    verdict, because their denominators are not published. Two years on either side of
    `break_year` (the indicator's series break) are not compared: no change, no difference,
    change_across_break True.
    """
    frame = frame.assign(suppressed="")
    if is_rate_per_100k and "population" in frame:
        counts = counts_from_rates(frame["value"].astype(float), frame["population"].astype(float))
        frame["suppressed"] = suppression_mask(
            frame.assign(count=counts), member_codes=county_codes
        )
    hidden = frame["suppressed"].ne("")
    own = frame[(frame["municipality_code"] == area_code) & frame["value"].notna()]
    own = own.sort_values("year")
    if own.empty:
        return None
    latest = own.iloc[-1]
    year = int(latest["year"])
    previous = own.iloc[-2] if len(own) > 1 else None
    relative_change = verdict = p_value = difference = None
    change_hidden = previous is not None and bool(hidden[[latest.name, previous.name]].any())
    across_break = (
        previous is not None
        and break_year is not None
        and int(previous["year"]) < break_year <= year
    )
    if previous is not None and not change_hidden and not across_break:
        difference = float(latest["value"] - previous["value"])
        if is_rate_per_100k and pd.notna(latest["population"]) and pd.notna(previous["population"]):
            counts = counts_from_rates(
                pd.Series([previous["value"], latest["value"]], dtype=float),
                pd.Series([previous["population"], latest["population"]], dtype=float),
            )
            dispersion = _card_dispersion(frame, area_code, county_codes, break_year)
            change = compare_rates(
                int(counts.iloc[0]),
                float(previous["population"]),
                int(counts.iloc[1]),
                float(latest["population"]),
                dispersion=dispersion.value if dispersion else 1.0,
                dispersion_df=dispersion.df if dispersion else None,
            )
            relative_change, verdict, p_value = (
                change.rate_ratio - 1,
                change.verdict,
                (change.p_value),
            )
    county_year = frame[(frame["year"] == year) & frame["municipality_code"].isin(county_codes)]
    band = hidden_band(county_year, value_col="value")
    median, q1, q3 = (
        band[["median", "q1", "q3"]].iloc[0].tolist() if not band.empty else (float("nan"),) * 3
    )
    if latest["suppressed"]:
        return HeadlineCard(
            value=float("nan"),
            year=year,
            year_before=None if previous is None else int(previous["year"]),
            relative_change=None,
            difference=None,
            verdict=None,
            p_value=None,
            county_median=median,
            county_q1=q1,
            county_q3=q3,
            position=UNKNOWN,
            suppressed=str(latest["suppressed"]),
            change_hidden=change_hidden,
            change_across_break=across_break,
        )
    return HeadlineCard(
        value=float(latest["value"]),
        year=year,
        year_before=None if previous is None else int(previous["year"]),
        relative_change=relative_change,
        difference=difference,
        verdict=verdict,
        p_value=p_value,
        county_median=median,
        county_q1=q1,
        county_q3=q3,
        position=position_against_peers(
            float(latest["value"]), county_year["value"].dropna().tolist()
        ),
        change_hidden=change_hidden,
        change_across_break=across_break,
    )
