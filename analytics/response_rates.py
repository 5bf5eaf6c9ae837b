"""Stockholmsenkäten's response rate per municipality: answers ÷ pupils in the grade.

Pupils come from Skolverket's "Antal elever per årskurs" (table school_pupils), counted on
15 October of `school_year`; Stockholmsenkäten is answered in the spring that follows, so the
wave of year Y is compared with the pupils of school_year Y - 1 (2024 with 2023/24).

Pupils are counted where the school is (Skolkommun), answers by the pupil's home municipality
(Hemkommun). The ratio is a response rate only where the pupils of a municipality's schools
stand for the pupils living there: for åk 9 (compulsory school, mostly in the home
municipality) it is, unless it exceeds 100 % (reason 'above_100': more answers than pupils, so
many pupils living there go to school elsewhere). Gymnasium pupils (gy 2) largely study in other
municipalities and Skolverket's file family has no count by home municipality, so gy 2 never
gets a rate (reason 'elsewhere'). No rate is ever above 100 %.

Where Skolverket hides a school's count ('..') the municipality's sum of pupils is too low, so no
rate is given (reason 'hidden'). 'no_file': Skolverket's pupils of the grade for that school
year are not in the data at all; 'no_pupils': they are, but the municipality's schools have no
pupils in the grade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RESULT_COLUMNS = ["municipality_code", "answers", "pupils", "rate", "reason"]
# Grades whose pupils counted where the school is stand for the pupils living in the
# municipality (Skolverket's file family counts no grade by home municipality).
SCHOOL_COUNT_IS_HOME_COUNT = frozenset({"ak9"})


def response_rates(
    answers: pd.DataFrame, pupils: pd.DataFrame, *, year: int, grade: str = "ak9"
) -> pd.DataFrame:
    """Response rate (percent) per municipality for the wave of `year` and `grade`.

    answers: year, municipality_code, grade, answers (pupils who answered).
    pupils: school_year, municipality_code, grade, pupils (NULL where hidden or not reported),
        mark ('..' hidden, '.' nothing to report, NULL for a count).
    Returns municipality_code, answers, pupils (the sum over the municipality's schools, NULL
    without a count), rate (100 × answers / pupils, at most 100; NaN without one) and reason:
    '' for a rate, else the first that holds of 'no_file' (no pupils of the grade and school
    year in `pupils`), 'no_pupils' (none in the municipality's schools), 'hidden' (a school's
    count hidden), 'elsewhere' (a grade not in SCHOOL_COUNT_IS_HOME_COUNT: the two counts are
    not comparable) and 'above_100' (more answers than pupils). One row per municipality with
    answers.
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
    has_pupils = (total.notna() & (total > 0)).to_numpy(dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (
            100.0
            * frame["answers"].to_numpy(dtype=float)
            / total.to_numpy(dtype=float, na_value=np.nan)
        )
    conditions = [
        np.full(len(frame), counted.empty),
        ~has_pupils & ~hidden.to_numpy(),
        hidden.to_numpy(),
        np.full(len(frame), grade not in SCHOOL_COUNT_IS_HOME_COUNT),
        has_pupils & (ratio > 100.0),
    ]
    frame["reason"] = np.select(
        conditions, ["no_file", "no_pupils", "hidden", "elsewhere", "above_100"], default=""
    )
    frame["rate"] = np.where(frame["reason"] == "", ratio, np.nan)
    frame["pupils"] = total.astype("Int64")
    return frame[RESULT_COLUMNS].sort_values("municipality_code").reset_index(drop=True)
