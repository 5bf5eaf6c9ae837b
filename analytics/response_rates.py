"""Stockholmsenkäten's response rate per municipality: answers ÷ pupils in the grade.

Pupils come from Skolverket's "Antal elever per årskurs" (table school_pupils), counted on
15 October of `school_year`; Stockholmsenkäten is answered in the spring that follows, so the
wave of year Y is compared with the pupils of school_year Y - 1 (2024 with 2023/24).

Pupils are counted where the school is (Skolkommun), answers by the pupil's home municipality
(Hemkommun): a municipality whose pupils go to school elsewhere can show a rate above 100 %; it
is shown as computed, never clipped. Where Skolverket hides a school's count ('..') the
municipality's sum of pupils is too low, so no rate is given (reason 'hidden').
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RESULT_COLUMNS = ["municipality_code", "answers", "pupils", "rate", "reason"]


def response_rates(
    answers: pd.DataFrame, pupils: pd.DataFrame, *, year: int, grade: str = "ak9"
) -> pd.DataFrame:
    """Response rate (percent) per municipality for the wave of `year` and `grade`.

    answers: year, municipality_code, grade, answers (pupils who answered).
    pupils: school_year, municipality_code, grade, pupils (NULL where hidden or not reported),
        mark ('..' hidden, '.' nothing to report, NULL for a count).
    Returns municipality_code, answers, pupils (the sum over the municipality's schools), rate
    (100 × answers / pupils, NaN without one) and reason ('' or 'hidden' when a school's count is
    hidden, 'no_pupils' when the municipality has no pupils in the grade that year). One row per
    municipality with answers.
    """
    wave = answers[(answers["year"] == year) & (answers["grade"] == grade)]
    counted = pupils[(pupils["school_year"] == year - 1) & (pupils["grade"] == grade)]
    per_municipality = counted.groupby("municipality_code").agg(
        pupils=("pupils", lambda values: values.sum(min_count=1)),
        hidden=("mark", lambda marks: bool((marks == "..").any())),
    )
    frame = wave[["municipality_code", "answers"]].merge(
        per_municipality, how="left", left_on="municipality_code", right_index=True
    )
    hidden = frame["hidden"].isin([True])
    total = frame["pupils"].astype("Float64")
    usable = ~hidden & total.notna() & (total > 0)
    frame["rate"] = np.where(
        usable, 100.0 * frame["answers"] / total.astype(float).where(usable), np.nan
    )
    frame["reason"] = np.select([hidden, ~usable], ["hidden", "no_pupils"], default="")
    frame["pupils"] = total.astype("Int64")
    return frame[RESULT_COLUMNS].sort_values("municipality_code").reset_index(drop=True)
