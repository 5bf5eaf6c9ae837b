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
