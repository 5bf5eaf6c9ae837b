"""analytics.crime_view: standard shape, the page's view, table and ranking (hand-computed)."""

import math

import pandas as pd
import pytest

from analytics.change import compare_rates
from analytics.crime_view import (
    MEASURE_COUNT,
    MEASURE_RATE,
    build_crime_view,
    missing_years,
    ranking,
    standardise_series,
    view_table,
)


def kolada_like() -> pd.DataFrame:
    """Rates only, as Kolada publishes them; one Missing value."""
    return pd.DataFrame(
        {
            "municipality_code": ["0187", "0187", "0187", "0117"],
            "name": ["Vaxholm", "Vaxholm", "Vaxholm", "Österåker"],
            "level": ["kommun"] * 4,
            "year": [2021, 2022, 2023, 2023],
            "value": [1767.25575, 1344.65081, 1167.80908, None],
            "population": [12_100, 12_200, 12_330, 48_000],
            "is_example": [False] * 4,
        }
    )


def test_standardise_derives_counts_from_rates_and_drops_gaps() -> None:
    frame = standardise_series(kolada_like(), rate_col="value", count_col=None)
    assert frame["municipality_code"].tolist() == ["0187"] * 3
    # round(1167.80908 * 12 330 / 100 000) = round(143.99) = 144
    assert frame["count"].tolist() == [214, 164, 144]
    assert frame["count_is_derived"].all()


def counts_frame() -> pd.DataFrame:
    rows = []
    populations = {"0187": 10_000, "A": 20_000, "B": 40_000, "C": 80_000}
    counts = {
        "0187": [10, 20, 30],
        "A": [40, 40, 40],
        "B": [100, 100, 100],
        "C": [80, 160, 240],
    }
    for code, series in counts.items():
        for year, count in zip([2021, 2022, 2023], series, strict=True):
            population = populations[code]
            rows.append(
                (code, code, "kommun", year, count, count / population * 1e5, population, False)
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "municipality_code",
            "name",
            "level",
            "year",
            "count",
            "rate_per_100k",
            "population",
            "is_example",
        ],
    )
    return standardise_series(frame)


def test_view_area_interval_is_exact_poisson_on_the_count() -> None:
    view = build_crime_view(
        counts_frame(),
        area_code="0187",
        peer_codes=["A", "B", "C"],
        county_codes=["0187", "A", "B", "C"],
        first_year=2021,
        last_year=2023,
        measure=MEASURE_COUNT,
    )
    first = view.area.iloc[0]
    # Garwood 95 % limits for k = 10 (textbook table): 4.795, 18.390
    assert first["value"] == 10
    assert first["lower"] == pytest.approx(4.795, abs=1e-3)
    assert first["upper"] == pytest.approx(18.390, abs=1e-3)


def test_view_computes_county_as_population_weighted_rate_and_peer_band() -> None:
    view = build_crime_view(
        counts_frame(),
        area_code="0187",
        peer_codes=["A", "B", "C"],
        county_codes=["0187", "A", "B", "C"],
        first_year=2021,
        last_year=2023,
        measure=MEASURE_RATE,
    )
    assert view.county_is_computed
    county = view.comparison[view.comparison["series_key"] == "county"]
    # 2021: (10 + 40 + 100 + 80) / 150 000 * 100 000 = 153.33...
    assert county["value"].iloc[0] == pytest.approx(230 / 150_000 * 1e5)
    # Peers 2021 rates: 200, 250, 100 -> median 200, q1 150, q3 225 (linear interpolation)
    band = view.peers.iloc[0]
    assert (band["median"], band["q1"], band["q3"]) == (200.0, 150.0, 225.0)


def test_view_change_compares_the_last_two_years() -> None:
    view = build_crime_view(
        counts_frame(),
        area_code="0187",
        peer_codes=["A"],
        county_codes=["0187", "A"],
        first_year=2021,
        last_year=2023,
    )
    # Three years: the dispersion is pooled with the comparison group's series (NB2 moments).
    assert view.dispersion is not None and view.dispersion.pooled
    expected = compare_rates(
        20, 10_000, 30, 10_000, dispersion=view.dispersion.value, dispersion_df=view.dispersion.df
    )
    assert view.change_years == (2022, 2023)
    assert view.latest_change.rate_ratio == pytest.approx(1.5)
    assert view.latest_change.p_value == pytest.approx(expected.p_value)
    assert view.trend is not None and view.trend.annual_change > 0


def test_view_respects_the_year_filter() -> None:
    view = build_crime_view(
        counts_frame(),
        area_code="0187",
        peer_codes=["A"],
        county_codes=["0187", "A"],
        first_year=2022,
        last_year=2022,
    )
    assert view.area["year"].tolist() == [2022]
    assert view.latest_change is None and view.change_years is None
    assert view.trend is None


def test_view_table_has_one_row_per_year_with_comparison_columns() -> None:
    view = build_crime_view(
        counts_frame(),
        area_code="0187",
        peer_codes=["A", "B"],
        county_codes=["0187", "A"],
        first_year=2021,
        last_year=2023,
    )
    table = view_table(view)
    assert table.columns.tolist() == [
        "year",
        "value",
        "lower",
        "upper",
        "count",
        "population",
        "county",
        "peer_median",
        "q1",
        "q3",
        "is_example",
    ]
    assert table["year"].tolist() == [2021, 2022, 2023]
    assert not table["is_example"].any()


def test_ranking_puts_the_lowest_rate_first() -> None:
    ranked = ranking(counts_frame(), codes=["0187", "A", "B", "C"], year=2021)
    # 2021 rates: 0187 100, A 200, B 250, C 100 -> ties share rank 1
    assert ranked["rank"].tolist() == [1, 1, 3, 4]
    assert ranked["name"].tolist()[2:] == ["A", "B"]
    assert set(ranked["name"].tolist()[:2]) == {"0187", "C"}
    assert not math.isnan(ranked["value"].iloc[0])


def test_view_does_not_compare_across_the_series_break() -> None:
    view = build_crime_view(
        counts_frame(),
        area_code="0187",
        peer_codes=["A"],
        county_codes=["0187", "A"],
        first_year=2021,
        last_year=2023,
        break_year=2023,
    )
    assert view.latest_change is None and view.change_years is None
    assert view.change_across_break and not view.change_hidden


def test_count_measure_tests_and_trends_the_counts() -> None:
    # Vaxholm's population grows 10 000 -> 12 500 while its count rises 100 -> 110: the count
    # rose 10 %, the rate fell 12 %. Counts mode must report the count's change and trend.
    frame = counts_frame()
    vaxholm = frame["municipality_code"] == "0187"
    frame.loc[vaxholm, "count"] = [100, 105, 110]
    frame.loc[vaxholm, "population"] = [10_000, 11_000, 12_500]
    frame.loc[vaxholm, "rate_per_100k"] = (
        frame.loc[vaxholm, "count"] / frame.loc[vaxholm, "population"] * 1e5
    )
    common = {"area_code": "0187", "peer_codes": ["A"], "county_codes": ["0187", "A"]}
    counts = build_crime_view(frame, first_year=2021, last_year=2023, measure="count", **common)
    rates = build_crime_view(frame, first_year=2021, last_year=2023, measure="rate", **common)
    assert counts.latest_change.rate_ratio == pytest.approx(110 / 105)
    assert rates.latest_change.rate_ratio == pytest.approx((110 / 12_500) / (105 / 11_000))
    assert counts.trend.annual_change > 0 > rates.trend.annual_change
    assert counts.trend.fitted["fitted"].iloc[-1] == pytest.approx(110, rel=0.05)


def test_missing_years_are_the_selected_areas_own_gaps() -> None:
    """A year the source publishes for others but not for the area, hidden years excluded."""
    frame = pd.DataFrame(
        {
            "municipality_code": ["0187", "0187", "0187", "0117", "0117", "0117", "0117"],
            "year": [2010, 2013, 2014, 2010, 2011, 2012, 2013],
            "rate_per_100k": [1.0, None, 2.0, 1.0, 1.0, 1.0, None],
            "count": [None] * 7,
            "suppressed": ["", "<5", "", "", "", "", ""],
        }
    )
    assert missing_years(frame, area_code="0187", first_year=2010, last_year=2014) == [
        2011,
        2012,
    ]
    assert missing_years(frame, area_code="0117", first_year=2010, last_year=2014) == [2014]
    assert missing_years(frame, area_code="0187", first_year=2013, last_year=2014) == []
