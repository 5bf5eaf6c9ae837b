"""analytics.headline: the overview card (hand-computed values)."""

import pandas as pd
import pytest

from analytics.change import compare_rates
from analytics.headline import headline_card

COUNTY = ["0187", "A", "B", "C", "D"]


def frame(values_2023: list[float], vaxholm: list[float]) -> pd.DataFrame:
    rows = [("0187", 2022, vaxholm[0], 10_000), ("0187", 2023, vaxholm[1], 10_000)]
    rows += [
        (code, 2023, value, 50_000) for code, value in zip(COUNTY[1:], values_2023, strict=True)
    ]
    return pd.DataFrame(rows, columns=["municipality_code", "year", "value", "population"])


def test_rate_card_tests_the_change_on_derived_counts() -> None:
    data = frame([100.0, 200.0, 300.0, 400.0], [500.0, 300.0])
    card = headline_card(data, area_code="0187", county_codes=COUNTY, is_rate_per_100k=True)
    expected = compare_rates(50, 10_000, 30, 10_000)
    assert card.value == 300.0 and card.year == 2023 and card.year_before == 2022
    assert card.relative_change == pytest.approx(-0.4)
    assert card.p_value == pytest.approx(expected.p_value)
    assert card.verdict == expected.verdict
    # County 2023 values 300, 100, 200, 300, 400: median 300, q1 200, q3 300
    assert (card.county_median, card.county_q1, card.county_q3) == (300.0, 200.0, 300.0)
    assert card.position == "within_iqr"


def test_share_card_gives_a_difference_and_no_verdict() -> None:
    data = frame([80.0, 85.0, 90.0, 95.0], [90.0, 93.2])
    card = headline_card(data, area_code="0187", county_codes=COUNTY, is_rate_per_100k=False)
    assert card.difference == pytest.approx(3.2)
    assert card.verdict is None and card.relative_change is None


def test_no_card_without_a_value() -> None:
    data = frame([1.0, 2.0, 3.0, 4.0], [float("nan"), float("nan")])
    assert headline_card(data, area_code="0187", county_codes=COUNTY, is_rate_per_100k=True) is None


def test_card_does_not_compare_across_the_series_break() -> None:
    data = frame([100.0, 200.0, 300.0, 400.0], [500.0, 300.0])
    card = headline_card(
        data, area_code="0187", county_codes=COUNTY, is_rate_per_100k=True, break_year=2023
    )
    assert card.change_across_break
    assert card.verdict is None and card.relative_change is None and card.difference is None


def test_card_verdict_uses_the_series_own_variation() -> None:
    # Vaxholm vandalism 2019-2021 as published (rates at ~12 000 inhabitants): counts 31, 41,
    # 80, 48, with a series that swings far beyond Poisson. The exact Poisson test called the
    # 2019 -> 2020 doubling an increase; with the series' dispersion it is ordinary variation.
    years = [2016, 2017, 2018, 2019, 2020]
    counts = [43, 43, 31, 41, 80]
    rows = [("0187", y, c / 12_000 * 1e5, 12_000) for y, c in zip(years, counts, strict=True)]
    data = pd.DataFrame(rows, columns=["municipality_code", "year", "value", "population"])
    card = headline_card(data, area_code="0187", county_codes=["0187"], is_rate_per_100k=True)
    assert compare_rates(41, 12_000, 80, 12_000).verdict == "increase"
    assert card.relative_change == pytest.approx(80 / 41 - 1)
    assert card.verdict == "no_certain_change"
