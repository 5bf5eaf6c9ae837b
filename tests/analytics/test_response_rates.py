"""Response rates: hand-computed figures, a hidden school count, pupils schooled elsewhere, gy 2
(never a rate), and no rate above 100 % on random data."""

from __future__ import annotations

import math

import numpy as np
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
    # 0120: pupils living there but schooled elsewhere answer too: 61 answers of 50 pupils is
    # no response rate (it would read 122 %); both counts are kept for the page to quote.
    assert result.loc["0120", "reason"] == "above_100" and math.isnan(result.loc["0120", "rate"])
    assert (result.loc["0120", "answers"], result.loc["0120", "pupils"]) == (61, 50)
    # 0162: åk 9 pupils of 2023/24 are in the data, none in 0162's schools.
    assert result.loc["0162", "reason"] == "no_pupils" and math.isnan(result.loc["0162", "rate"])
    assert list(result.index) == ["0117", "0120", "0162", "0187"]


def test_the_wave_is_compared_with_the_autumn_before() -> None:
    # The 2022 wave uses school_year 2021 (999 pupils), not 2023.
    result = response_rates(answers([(2022, "0187", "ak9", 100)]), PUPILS, year=2022)
    assert math.isclose(result.loc[0, "rate"], 100 * 100 / 999)
    assert result.loc[0, "pupils"] == 999


def test_gy2_is_not_mixed_with_ak9() -> None:
    result = response_rates(answers([(2024, "0187", "gy2", 40)]), PUPILS, year=2024, grade="gy2")
    # No gy 2 pupils at all for 2023/24: the file is not imported, which is not "no pupils".
    assert result.loc[0, "reason"] == "no_file"


GY2 = pupils(
    [
        (2023, "0187", "gy2", 86, None),
        (2023, "0117", "gy2", 300, None),
        (2023, "0117", "gy2", None, ".."),
        (2023, "0120", "gy2", None, "."),
    ]
)


def test_gy2_never_gets_a_rate() -> None:
    """Gymnasium pupils are counted where the school is, answers by home municipality: 112 of 86
    (the page once printed 130 %) and 40 of 86 are both no response rate."""
    result = response_rates(
        answers(
            [
                (2024, "0187", "gy2", 112),
                (2024, "0117", "gy2", 10),
                (2024, "0120", "gy2", 25),
                (2024, "0162", "gy2", 7),
            ]
        ),
        GY2,
        year=2024,
        grade="gy2",
    ).set_index("municipality_code")
    assert result.loc["0187", "reason"] == "elsewhere"
    assert (result.loc["0187", "answers"], result.loc["0187", "pupils"]) == (112, 86)
    assert result["rate"].isna().all()
    assert result.loc["0117", "reason"] == "hidden"
    # The gymnasium file is imported, but 0120's schools report no gy 2 ('.') and 0162 has none.
    assert result.loc["0120", "reason"] == "no_pupils"
    assert result.loc["0162", "reason"] == "no_pupils"
    low = response_rates(answers([(2024, "0187", "gy2", 40)]), GY2, year=2024, grade="gy2")
    assert low.loc[0, "reason"] == "elsewhere" and math.isnan(low.loc[0, "rate"])


def test_no_rate_above_100_on_random_data() -> None:
    """Seeded random waves (heavy-tailed answers, many municipalities whose pupils mostly go
    to school elsewhere, hidden and '.' schools, missing years): a rate is given exactly where
    the reason is '', is never above 100 %, and equals answers ÷ pupils there."""
    rng = np.random.default_rng(20261203)
    for _ in range(50):
        codes = [f"{code:04d}" for code in rng.choice(np.arange(100, 200), 12, replace=False)]
        rows = []
        for code in codes[:9]:
            for _ in range(rng.integers(1, 4)):
                mark = rng.choice([None, ".", ".."], p=[0.8, 0.1, 0.1])
                count = int(rng.negative_binomial(2, 0.02)) if mark is None else None
                rows.append((2023, code, "ak9", count, mark))
        given = answers(
            [(2024, code, "ak9", int(rng.negative_binomial(1, 0.01)) + 1) for code in codes]
        )
        result = response_rates(given, pupils(rows), year=2024)
        assert len(result) == len(codes)
        rated = result["reason"] == ""
        assert result["rate"].notna().eq(rated).all()
        assert (result.loc[rated, "rate"] <= 100.0).all()
        expected = 100 * result.loc[rated, "answers"] / result.loc[rated, "pupils"].astype(float)
        assert np.allclose(result.loc[rated, "rate"], expected)
        assert set(result["reason"]) <= {"", "no_pupils", "hidden", "above_100"}
