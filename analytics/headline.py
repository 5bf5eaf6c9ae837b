"""Headline cards for the overview: latest value, change and its certainty, county context.

Pure functions over one indicator's values for all municipalities and years:
frame columns municipality_code, year, value (the indicator's own unit), and for rates per
100 000 also population (to derive the counts the change test needs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.change import compare_rates
from analytics.comparison import peer_band, position_against_peers
from analytics.rates import counts_from_rates


@dataclass(frozen=True)
class HeadlineCard:
    """One indicator for one area.

    value: latest value (indicator unit); year: its year; year_before: the previous year
    with a value; relative_change: for rates, rate ratio - 1; difference: latest minus
    previous (indicator unit); verdict: 'increase' | 'decrease' | 'no_certain_change' for
    rates, None where no test is possible (shares without n); county_*: the county
    municipalities' median and quartiles in `year`; position: below_q1 | within_iqr | above_q3.
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


def headline_card(
    frame: pd.DataFrame, *, area_code: str, county_codes: Sequence[str], is_rate_per_100k: bool
) -> HeadlineCard | None:
    """The card for `area_code`, or None when the area has no value at all.

    For rates per 100 000 the change is tested as a rate ratio (exact conditional test) on
    counts derived as round(rate x population / 100 000); other units get the plain
    difference and no verdict, because their denominators are not published.
    """
    own = frame[(frame["municipality_code"] == area_code) & frame["value"].notna()]
    own = own.sort_values("year")
    if own.empty:
        return None
    latest = own.iloc[-1]
    year = int(latest["year"])
    previous = own.iloc[-2] if len(own) > 1 else None
    relative_change = verdict = p_value = difference = None
    if previous is not None:
        difference = float(latest["value"] - previous["value"])
        if is_rate_per_100k and pd.notna(latest["population"]) and pd.notna(previous["population"]):
            counts = counts_from_rates(
                pd.Series([previous["value"], latest["value"]], dtype=float),
                pd.Series([previous["population"], latest["population"]], dtype=float),
            )
            change = compare_rates(
                int(counts.iloc[0]),
                float(previous["population"]),
                int(counts.iloc[1]),
                float(latest["population"]),
            )
            relative_change, verdict, p_value = (
                change.rate_ratio - 1,
                change.verdict,
                (change.p_value),
            )
    county_year = frame[(frame["year"] == year) & frame["municipality_code"].isin(county_codes)]
    band = peer_band(county_year)
    median, q1, q3 = (
        band[["median", "q1", "q3"]].iloc[0].tolist() if not band.empty else (float("nan"),) * 3
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
    )
