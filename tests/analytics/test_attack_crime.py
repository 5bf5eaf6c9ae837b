"""Brottsutveckling against an attacker: every municipality, crime type and year the page can
show, at once (tests/attacker.py, linear programming, independent of the rule).

The public sees, for each crime type and year, every county municipality's count and rate (the
area filter and the ranking), the county and Riket, and the crime type tree (a parent's count
and its children's). A hidden count's rate is blanked; a shown rate with the population shown
is the count, so the rate adds nothing beyond the count. What ties the numbers together:
- the county row is the members' sum where it is (with "okänd kommun" it is at least that);
  without a county row the page computes the county's rate from the members' rates weighted
  by population (analytics.comparison.weighted_rate): that is the members' sum as well, so
  build_crime_view draws it only for years where no member is hidden;
- a parent's count is its children's sum where they add up (else at least that).
Every hidden count (1-4 "<5" and "..") must keep a range of more than one value.
"""

import numpy as np
import pandas as pd
import pytest

from analytics.crime_view import (
    COUNTY_CODE,
    MEASURE_RATE,
    build_crime_view,
    standardise_series,
    suppression_mask,
)
from tests.attacker import Attacker

MEMBERS = [f"M{k}" for k in range(8)]
FAMILIES = {"all": ["p", "q"], "p": ["p1", "p2", "p3"], "q": ["q1", "q2"]}
LEAVES = ["p1", "p2", "p3", "q1", "q2"]


def tie(attacker: Attacker, total: int | None, parts: list[int], rest: float) -> None:
    """total = sum(parts) where `rest` (total - sum) is 0, else on rest's side of the sum;
    total None: the parts' sum is published (rest is then that sum)."""
    if total is None:
        attacker.shown(parts, rest)
    elif rest == 0:
        attacker.shown([total, *parts], 0, [1.0] + [-1.0] * len(parts))
    else:
        side = 1.0 if rest > 0 else -1.0  # the side of the sum the total lies on
        attacker.at_most([total, *parts], 0, [-side] + [side] * len(parts))


def attack_crime(
    counts: pd.DataFrame,
    mask: pd.Series,
    *,
    member_codes: list[str],
    families: dict[str, list[str]],
    county_computed: bool,
) -> tuple[int, int]:
    """(hidden counts pinned, hidden counts) of one mask over every year of `counts`
    (crime_code, municipality_code, year, count)."""
    data = counts.reset_index(drop=True).assign(how=mask.to_numpy())
    pinned = targets = 0
    for _, year in data.groupby("year"):
        year = year.reset_index(drop=True)
        attacker = Attacker(len(year))
        position = {
            (crime, code): k
            for k, (crime, code) in enumerate(
                zip(year["crime_code"], year["municipality_code"], strict=True)
            )
        }
        for k, row in year.iterrows():
            attacker.see([k], row["count"], row["how"])

        for crime in year["crime_code"].unique():
            parts = [position[(crime, c)] for c in member_codes if (crime, c) in position]
            county = position.get((crime, COUNTY_CODE))
            if county is not None:
                rest = year.loc[county, "count"] - year.loc[parts, "count"].sum()
                tie(attacker, county, parts, rest)
            elif county_computed:
                tie(attacker, None, parts, year.loc[parts, "count"].sum())
        for (crime, code), k in position.items():
            children = [position.get((child, code)) for child in families.get(crime, [])]
            children = [child for child in children if child is not None]
            if children:
                tie(attacker, k, children, year.loc[k, "count"] - year.loc[children, "count"].sum())
        for k in year.index[year["how"] != ""]:
            targets += 1
            pinned += attacker.pinned([k])
    return pinned, targets


def synthetic_counts(seed: int, *, with_county: bool = True) -> pd.DataFrame:
    """Leaf counts per member and year (many 0-6), parents and the county as sums."""
    rng = np.random.default_rng(seed)
    rows = []
    for year in (2022, 2023, 2024):
        leaves = {
            (leaf, code): int(rng.poisson(rng.choice([0.5, 2.0, 4.0, 12.0])))
            for leaf in LEAVES
            for code in MEMBERS
        }
        for code in MEMBERS:
            values = {leaf: leaves[(leaf, code)] for leaf in LEAVES}
            for parent in ("p", "q", "all"):
                values[parent] = sum(values[c] for c in FAMILIES[parent])
            rows += [(crime, code, year, value) for crime, value in values.items()]
    frame = pd.DataFrame(rows, columns=["crime_code", "municipality_code", "year", "count"])
    if with_county:
        county = (
            frame.groupby(["crime_code", "year"], as_index=False)["count"]
            .sum()
            .assign(municipality_code=COUNTY_CODE)
        )
        frame = pd.concat([frame, county], ignore_index=True)
    return frame


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_hidden_crime_count_is_pinned_across_municipalities_and_crime_types(seed):
    counts = synthetic_counts(seed)
    mask = suppression_mask(counts, member_codes=MEMBERS, families=FAMILIES)
    pinned, targets = attack_crime(
        counts, mask, member_codes=MEMBERS, families=FAMILIES, county_computed=False
    )
    assert targets > 20
    assert pinned == 0, f"{pinned} of {targets} pinned"


def county_sums_published(counts: pd.DataFrame, mask: pd.Series) -> dict[int, float]:
    """A Kolada KPI (rates only, no county row): the county's rate as build_crime_view draws
    it (the members' rates weighted by population), turned back into the members' summed
    count per year (rate x population / 100 000) where the page shows it."""
    population = {code: 5_000 + 3_000 * k for k, code in enumerate(MEMBERS)}
    frame = counts.assign(
        name=counts["municipality_code"],
        level="K",
        population=counts["municipality_code"].map(population),
        is_example=True,
    )
    frame = frame.assign(value=frame["count"] / frame["population"] * 1e5)
    series = standardise_series(frame, rate_col="value", count_col=None)
    how = frame.assign(suppressed=mask.to_numpy())[["municipality_code", "year", "suppressed"]]
    series = series.merge(how, on=["municipality_code", "year"], how="left")
    years = sorted(series["year"].unique())
    view = build_crime_view(
        series,
        area_code=MEMBERS[0],
        peer_codes=MEMBERS,
        county_codes=MEMBERS,
        first_year=years[0],
        last_year=years[-1],
        measure=MEASURE_RATE,
    )
    assert view.county_is_computed
    county = view.comparison[view.comparison["series_key"] == "county"].set_index("year")
    total_population = sum(population.values())
    return {
        int(year): value * total_population / 1e5
        for year, value in county["value"].items()
        if pd.notna(value)
    }


def test_a_county_rate_computed_from_the_members_gives_no_hidden_member_back():
    # Old page: the county's rate from every member, hidden ones too (10 of 39 pinned here).
    pinned = targets = years_published = 0
    for seed in range(1, 7):
        counts = synthetic_counts(seed, with_county=False)
        counts = counts[counts["crime_code"] == "q"].reset_index(drop=True)
        mask = suppression_mask(counts, member_codes=MEMBERS)
        published = county_sums_published(counts, mask)
        years_published += len(published)
        for year, rows in counts.assign(how=mask.to_numpy()).groupby("year"):
            attacker = Attacker(len(rows))
            for k, (count, how) in enumerate(zip(rows["count"], rows["how"], strict=True)):
                attacker.see([k], count, how)
            if year in published:
                attacker.shown(range(len(rows)), round(published[year], 6))
            for k in np.flatnonzero(rows["how"].to_numpy() != ""):
                targets += 1
                pinned += attacker.pinned([k])
    assert years_published >= 2, "years without a hidden member keep their county rate"
    assert targets > 10
    assert pinned == 0, f"{pinned} of {targets} pinned"
