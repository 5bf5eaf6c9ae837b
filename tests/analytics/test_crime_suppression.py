"""The small-number rule on crime series (analytics.crime_view, analytics.headline), by hand.

Every expected mask below is worked out on paper from DESIGN §4: counts 1–4 are hidden
('primary'); where a shown total has exactly one hidden part, the smallest other non-zero part
is hidden too ('secondary').
"""

import math

import numpy as np
import pandas as pd
import pytest

from analytics.crime_view import (
    COUNTY_CODE,
    MEASURE_COUNT,
    MEASURE_RATE,
    build_crime_view,
    crime_families,
    hidden_band,
    ranking,
    ranking_table,
    standardise_series,
    suppression_mask,
    view_table,
)
from analytics.headline import headline_card

MEMBERS = ["0187", "A", "B", "C"]


def long(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["crime_code", "municipality_code", "year", "count"])


def test_primary_hides_counts_one_to_four_only() -> None:
    counts = long(
        [("x", "0187", y, c) for y, c in zip(range(2018, 2024), [0, 1, 4, 5, None, 3], strict=True)]
    )
    mask = suppression_mask(counts, member_codes=MEMBERS)
    assert mask.tolist() == ["", "primary", "primary", "", "", "primary"]


def test_a_single_hidden_member_of_the_county_total_takes_the_smallest_other_with_it() -> None:
    # County 2023 = 3 + 10 + 20 + 0 = 33: without a second hidden cell, 33 - 10 - 20 - 0 = 3.
    rows = [("x", "0187", 2023, 3), ("x", "A", 2023, 10), ("x", "B", 2023, 20)]
    rows += [("x", "C", 2023, 0), ("x", COUNTY_CODE, 2023, 33)]
    mask = suppression_mask(long(rows), member_codes=MEMBERS)
    assert mask.tolist() == ["primary", "secondary", "", "", ""]
    # Without a county row there is no total to subtract from (build_crime_view computes no
    # county rate for a year with a hidden member).
    alone = suppression_mask(long(rows[:4]), member_codes=MEMBERS)
    assert alone.tolist() == ["primary", "", "", ""]


def test_two_hidden_members_need_no_secondary_cell() -> None:
    rows = [("x", "0187", 2023, 3), ("x", "A", 2023, 2), ("x", "B", 2023, 20)]
    rows += [("x", COUNTY_CODE, 2023, 25)]
    assert suppression_mask(long(rows), member_codes=MEMBERS).tolist() == [
        "primary",
        "primary",
        "",
        "",
    ]


def test_a_family_is_protected_only_where_its_children_add_up_to_the_parent() -> None:
    families = {"p": ["c1", "c2", "c3"]}
    additive = long([("p", "0187", 2023, 19), ("c1", "0187", 2023, 3), ("c2", "0187", 2023, 7)])
    additive = pd.concat([additive, long([("c3", "0187", 2023, 9)])], ignore_index=True)
    mask = suppression_mask(additive, member_codes=MEMBERS, families=families)
    # 19 - 7 - 9 = 3 would give c1 back: c2 (7, the smallest other) goes too.
    assert mask.tolist() == ["", "primary", "secondary", ""]
    # Parent 30 is more than 3 + 7 + 9: other offences exist, subtraction gives no count.
    loose = additive.assign(count=[30, 3, 7, 9])
    assert suppression_mask(loose, member_codes=MEMBERS, families=families).tolist() == [
        "",
        "primary",
        "",
        "",
    ]


def test_a_secondary_cell_for_one_total_cascades_to_the_other_total() -> None:
    # c1 0187 = 3 (primary); the family p = c1 + c2 hides c2 0187 = 7 (secondary); then the
    # county total of c2 (7 + 12 + 20 = 39) has one hidden part, so c2 A = 12 goes as well.
    rows = [
        ("p", "0187", 2023, 10),
        ("c1", "0187", 2023, 3),
        ("c2", "0187", 2023, 7),
        ("c2", "A", 2023, 12),
        ("c2", "B", 2023, 20),
        ("c2", COUNTY_CODE, 2023, 39),
    ]
    mask = suppression_mask(long(rows), member_codes=MEMBERS, families={"p": ["c1", "c2"]})
    assert mask.tolist() == ["", "primary", "secondary", "secondary", "", ""]


def test_crime_families_reads_the_tree() -> None:
    types = pd.DataFrame(
        {"crime_code": ["t", "a", "b", "a1"], "parent_code": [None, "t", "t", "a"]}
    )
    assert crime_families(types) == {"t": ["a", "b"], "a": ["a1"]}


def test_a_band_statistic_read_from_a_hidden_value_is_blanked() -> None:
    # Values 3 (hidden), 10, 20: n = 3. q1: h = 0.5 between 3 and 10 -> blank; median:
    # h = 1 -> 10; q3: h = 1.5 between 10 and 20 -> 15.
    rows = pd.DataFrame(
        {"year": [2023] * 3, "count": [3.0, 10.0, 20.0], "suppressed": ["primary", "", ""]}
    )
    band = hidden_band(rows, value_col="count")
    assert math.isnan(band["q1"].iloc[0])
    assert band["median"].iloc[0] == 10.0 and band["q3"].iloc[0] == 15.0


def series_with_small_years() -> pd.DataFrame:
    """0187: 2019-2023 counts 20, 18, 3, 15, 2 at 10 000 inhabitants; peers A, B, C."""
    counts = {
        "0187": [20, 18, 3, 15, 2],
        "A": [40, 40, 40, 40, 40],
        "B": [100, 100, 100, 100, 100],
        "C": [60, 60, 60, 60, 60],
    }
    populations = {"0187": 10_000, "A": 20_000, "B": 40_000, "C": 30_000}
    rows = []
    for code, values in counts.items():
        for year, count in zip(range(2019, 2024), values, strict=True):
            rate = count / populations[code] * 1e5
            rows.append((code, code, "kommun", year, count, rate, populations[code], False))
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
    frame = standardise_series(frame)
    return frame.assign(suppressed=suppression_mask(frame, member_codes=MEMBERS))


def view(measure: str):
    return build_crime_view(
        series_with_small_years(),
        area_code="0187",
        peer_codes=["A", "B", "C"],
        county_codes=MEMBERS,
        first_year=2019,
        last_year=2023,
        measure=measure,
    )


def test_hidden_years_lose_count_rate_and_interval_and_no_change_or_trend_uses_them() -> None:
    rate = view(MEASURE_RATE)
    hidden = rate.area[rate.area["year"].isin([2021, 2023])]
    assert hidden["suppressed"].tolist() == ["primary", "primary"]
    for column in ("value", "lower", "upper", "rate_per_100k", "count"):
        assert hidden[column].isna().all(), column
    shown = rate.area[rate.area["year"] == 2022].iloc[0]
    assert shown["value"] == pytest.approx(150.0) and shown["count"] == 15
    # The latest change (2022 -> 2023) would need 2 and the trend every year: neither is made.
    assert rate.latest_change is None and rate.change_hidden
    assert rate.trend is None and rate.trend_hidden


def test_view_table_reads_small_counts_as_symbols_and_blanks_rates() -> None:
    table = view_table(view(MEASURE_COUNT))
    assert table["count"].tolist() == ["20", "18", "<5", "15", "<5"]
    assert table["value"].tolist() == ["20", "18", "<5", "15", "<5"]
    assert table.loc[table["year"] == 2023, ["lower", "upper"]].isna().all(axis=None)
    rates = view_table(view(MEASURE_RATE))
    assert np.isnan(rates.loc[rates["year"] == 2021, "value"].iloc[0])
    assert rates.loc[rates["year"] == 2020, "value"].iloc[0] == pytest.approx(180.0)


def test_a_hidden_municipality_is_not_ranked() -> None:
    ranked = ranking(series_with_small_years(), codes=MEMBERS, year=2023)
    # Rates 2023: A 200, B 250, C 200; 0187 hidden (2).
    assert ranked["name"].tolist() == ["A", "C", "B", "0187"]
    assert ranked["rank"].tolist()[:3] == [1, 1, 3] and pd.isna(ranked["rank"].iloc[3])
    assert (ranked["n_ranked"] == 3).all()
    assert np.isnan(ranked["value"].iloc[3])
    table = ranking_table(
        ranking(series_with_small_years(), codes=MEMBERS, year=2023, measure=MEASURE_COUNT),
        MEASURE_COUNT,
    )
    assert table["value"].tolist() == ["40", "60", "100", "<5"]
    assert table["suppressed"].tolist() == ["", "", "", "<5"]


def test_headline_card_hides_a_rate_whose_derived_count_is_small() -> None:
    # Vaxholm 2023: 30 per 100 000 x 10 000 = 3 offences -> hidden, and so is the change.
    frame = pd.DataFrame(
        [
            ("0187", 2022, 200.0, 10_000),
            ("0187", 2023, 30.0, 10_000),
            ("A", 2023, 100.0, 50_000),
            ("B", 2023, 200.0, 50_000),
            ("C", 2023, 300.0, 50_000),
        ],
        columns=["municipality_code", "year", "value", "population"],
    )
    card = headline_card(frame, area_code="0187", county_codes=MEMBERS, is_rate_per_100k=True)
    assert card.suppressed == "primary" and math.isnan(card.value)
    assert card.relative_change is None and card.difference is None and card.verdict is None
    # County 2023 rates 30 (hidden), 100, 200, 300: q1 (h = 0.75, 30..100) is blank;
    # median (h = 1.5) = 150 and q3 (h = 2.25) = 225 come from visible values only.
    assert math.isnan(card.county_q1)
    assert (card.county_median, card.county_q3) == (150.0, 225.0)
    # A year later the area is visible again but the change would need 2023's hidden count.
    later = pd.concat([frame, pd.DataFrame([("0187", 2024, 250.0, 10_000)], columns=frame.columns)])
    card = headline_card(later, area_code="0187", county_codes=MEMBERS, is_rate_per_100k=True)
    assert card.value == 250.0 and card.change_hidden and card.difference is None


def test_two_small_counts_whose_rest_is_two_are_not_left_alone() -> None:
    """County 12, members 1, 1 and 10: 12 - 10 = 2 over two "<5" pins both at 1 (the old rule
    only asked for two hidden parts). A third member is hidden too."""
    counts = pd.DataFrame(
        {
            "municipality_code": ["01", "02", "03", "04", "00"],
            "year": [2024] * 5,
            "count": [1, 1, 10, 7, 19],
        }
    )
    mask = suppression_mask(counts, member_codes=["01", "02", "03", "04"], county_code="00")
    assert mask.tolist()[:2] == ["primary", "primary"]
    assert (mask.iloc[2:4] != "").sum() == 1
