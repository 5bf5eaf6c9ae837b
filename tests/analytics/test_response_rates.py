"""Response rates: hand-computed figures, a hidden school count, pupils schooled elsewhere."""

from __future__ import annotations

import math

import pandas as pd

from analytics.response_rates import response_rates


def answers(rows):
    return pd.DataFrame(rows, columns=["year", "municipality_code", "grade", "answers"])


def pupils(rows):
    return pd.DataFrame(
        rows, columns=["school_year", "municipality_code", "grade", "pupils", "mark"]
    )


PUPILS = pupils(
    [
        (2023, "0187", "ak9", 120, None),
        (2023, "0187", "ak9", 30, None),
        (2023, "0187", "ak9", None, "."),
        (2023, "0117", "ak9", 400, None),
        (2023, "0117", "ak9", None, ".."),
        (2023, "0120", "ak9", 50, None),
        (2021, "0187", "ak9", 999, None),
    ]
)


def test_hand_computed_rates() -> None:
    result = response_rates(
        answers(
            [
                (2024, "0187", "ak9", 123),
                (2024, "0117", "ak9", 300),
                (2024, "0120", "ak9", 61),
                (2024, "0162", "ak9", 10),
                (2022, "0187", "ak9", 100),
            ]
        ),
        PUPILS,
        year=2024,
    ).set_index("municipality_code")
    # 0187: 123 / (120 + 30) = 82 %; the '.' school reports nothing and is no gap.
    assert result.loc["0187", "pupils"] == 150
    assert math.isclose(result.loc["0187", "rate"], 82.0)
    assert result.loc["0187", "reason"] == ""
    # 0117: a school's count hidden, so the sum is too low: no rate.
    assert math.isnan(result.loc["0117", "rate"]) and result.loc["0117", "reason"] == "hidden"
    # 0120: pupils living there but schooled elsewhere answer too: 122 %, shown, not clipped.
    assert math.isclose(result.loc["0120", "rate"], 122.0)
    # 0162: no pupils counted in 2023/24.
    assert result.loc["0162", "reason"] == "no_pupils" and math.isnan(result.loc["0162", "rate"])
    assert list(result.index) == ["0117", "0120", "0162", "0187"]


def test_the_wave_is_compared_with_the_autumn_before() -> None:
    # The 2022 wave uses school_year 2021 (999 pupils), not 2023.
    result = response_rates(answers([(2022, "0187", "ak9", 100)]), PUPILS, year=2022)
    assert math.isclose(result.loc[0, "rate"], 100 * 100 / 999)
    assert result.loc[0, "pupils"] == 999


def test_gy2_is_not_mixed_with_ak9() -> None:
    result = response_rates(answers([(2024, "0187", "gy2", 40)]), PUPILS, year=2024, grade="gy2")
    assert result.loc[0, "reason"] == "no_pupils"
