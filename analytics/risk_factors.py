"""Risk and protective factors from Stockholmsenkäten pupil answers (RISE's seven indices).

Scoring (`score_indices`), per pupil and index:

1. an answer code c of an item with answer range value_min..value_max becomes
   (c - value_min) / (value_max - value_min), a number from 0 to 1. Codes of 99 and above are
   the codebook's missing codes (99/999 Ej svar, 996 Ska ej besvaras, 998 Vet inte) and count
   as unanswered, as does an item that was not asked (NaN);
2. a reverse-coded item (direction -1) becomes 1 minus that, so a higher value always means
   more of the index: more risk for a risk index, more protection for a protective index;
3. the raw score is the mean over the answered items, provided the pupil answered at least
   half of the index's items (rounded up); otherwise the score is missing (NaN);
4. `standardise` expresses raw scores in standard deviations of the reference population.

Levels and RISE's cut-offs: RISE places every pupil on a Rasch logit scale and publishes the
75th and 90th percentiles (risk indices: from P75 "något förhöjd", from P90 "förhöjd") and the
15th and 85th percentiles (protective indices) of its reference population on that scale. A
mean of answers is not a logit, so RISE's numbers cannot be applied to these scores. For a
pupil who answered every item, though, the Rasch location is a strictly increasing function
of the raw score, and percentiles survive increasing transformations: being above the
reference population's P75 of raw scores is being above its P75 of logits. `derive_cutoffs`
therefore takes the same percentiles of the raw scores in a reference population (the page
uses every pupil in the database, all waves and both grades), and the pages show RISE's logit
values beside them as the documented reference. Differences that remain: the reference
populations differ; tied raw scores at a cut-off make the reference share above P75 differ
from exactly 25 % (so comparisons use the reference population's actual share as the
expected share); with unanswered items the mean and the logit can order pupils differently.

All functions are pure: no I/O, inputs never mutated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from analytics._validation import check_confidence, require_columns
from analytics.change import wilson_interval

RISK, PROTECTIVE = "risk", "protective"
# Risk levels: below P75, from P75, from P90 of the reference population.
LEVEL_LOW, LEVEL_SOMEWHAT_ELEVATED, LEVEL_ELEVATED = "low", "somewhat_elevated", "elevated"
RISK_LEVELS = (LEVEL_LOW, LEVEL_SOMEWHAT_ELEVATED, LEVEL_ELEVATED)
# Protective levels: below P15, P15 to P85, from P85 of the reference population.
LEVEL_WEAK, LEVEL_MEDIUM, LEVEL_STRONG = "weak", "medium", "strong"
PROTECTIVE_LEVELS = (LEVEL_WEAK, LEVEL_MEDIUM, LEVEL_STRONG)
# Percentiles that set the levels (RISE 2024-09-23).
RISK_PERCENTILES = (75, 90)
PROTECTIVE_PERCENTILES = (15, 85)
# Answer codes from this value up are missing codes (99, 996, 998, 999).
FIRST_MISSING_CODE = 99
# A score needs answers to at least this share of the index's items (rounded up).
MIN_ANSWERED_SHARE = 0.5
# Comparison with the reference population: more often / less often / no certain difference.
ABOVE_REFERENCE, BELOW_REFERENCE, NO_CERTAIN_DIFFERENCE = "above", "below", "no_certain_difference"

CUTOFF_COLUMNS = [
    "index_id",
    "factor_type",
    "lower_percentile",
    "upper_percentile",
    "lower_cutoff",
    "upper_cutoff",
    "mean",
    "sd",
    "n_reference",
    "reference_flagged",
    "reference_top",
]


def minimum_answered(n_items: int) -> int:
    """Items a pupil must answer for an index score: half of them, rounded up (9 -> 5)."""
    return math.ceil(MIN_ANSWERED_SHARE * n_items)


def score_indices(answers: pd.DataFrame, index_items: pd.DataFrame) -> pd.DataFrame:
    """Raw index scores (0-1, higher = more of the index) of every pupil, as documented above.

    Args:
        answers: one row per pupil, one column per item id holding answer codes (NaN = the
            item was not asked). Items of `index_items` missing from the columns count as not
            asked.
        index_items: index_id, item_id, direction (1 or -1), value_min, value_max.

    Returns:
        A DataFrame with the index of `answers` and one float column per index_id (in order
        of first appearance), NaN where too few items were answered.
    """
    require_columns(index_items, ["index_id", "item_id", "direction", "value_min", "value_max"])
    scores = {}
    for index_id, items in index_items.groupby("index_id", sort=False):
        total = np.zeros(len(answers))
        answered = np.zeros(len(answers))
        for item in items.itertuples():
            if item.item_id not in answers:
                continue
            code = pd.to_numeric(answers[item.item_id], errors="raise").to_numpy(
                dtype=float, na_value=np.nan
            )
            valid = (code >= item.value_min) & (code <= item.value_max)
            scaled = (code - item.value_min) / (item.value_max - item.value_min)
            if item.direction == -1:
                scaled = 1.0 - scaled
            total += np.where(valid, scaled, 0.0)
            answered += valid
        enough = answered >= minimum_answered(len(items))
        scores[index_id] = np.where(enough, total / np.maximum(answered, 1), np.nan)
    return pd.DataFrame(scores, index=answers.index)


def derive_cutoffs(scores: pd.DataFrame, factor_types: Mapping[str, str]) -> pd.DataFrame:
    """Cut-offs from the reference population's raw scores (one row per index).

    Risk index: lower_cutoff = P75, upper_cutoff = P90 (a score at or above a cut-off is at
    that level). Protective index: lower_cutoff = P15 (below it: weak protection),
    upper_cutoff = P85 (at or above: strong). Percentiles by numpy's default (linear)
    method. reference_flagged is the reference share (percent) at or above P75 (risk) or
    below P15 (protective); reference_top the share at or above P90 (risk) or P85
    (protective); with tied scores these differ from the nominal 25/10 % and 15/15 %.
    mean and sd (ddof=1) are for `standardise`. Missing scores are left out.
    """
    rows = []
    for index_id in scores:
        kind = factor_types[index_id]
        if kind not in (RISK, PROTECTIVE):
            raise ValueError(f"{index_id}: factor type must be risk or protective, got {kind!r}")
        values = scores[index_id].dropna().to_numpy(dtype=float)
        if values.size < 2:
            raise ValueError(f"{index_id}: the reference population has fewer than two scores")
        low_pct, high_pct = RISK_PERCENTILES if kind == RISK else PROTECTIVE_PERCENTILES
        lower, upper = np.percentile(values, [low_pct, high_pct])
        flagged = values >= lower if kind == RISK else values < lower
        rows.append(
            (
                index_id,
                kind,
                low_pct,
                high_pct,
                float(lower),
                float(upper),
                float(values.mean()),
                float(values.std(ddof=1)),
                int(values.size),
                100.0 * float(flagged.mean()),
                100.0 * float((values >= upper).mean()),
            )
        )
    return pd.DataFrame(rows, columns=CUTOFF_COLUMNS)


def standardise(scores: pd.DataFrame, cutoffs: pd.DataFrame) -> pd.DataFrame:
    """Scores in standard deviations from the reference mean: (score - mean) / sd."""
    reference = cutoffs.set_index("index_id")
    return pd.DataFrame(
        {
            index_id: (scores[index_id] - reference.at[index_id, "mean"])
            / reference.at[index_id, "sd"]
            for index_id in scores
        },
        index=scores.index,
    )


def assign_levels(scores: pd.DataFrame, cutoffs: pd.DataFrame) -> pd.DataFrame:
    """The level of every pupil on every index: one categorical column per index whose
    categories are RISK_LEVELS or PROTECTIVE_LEVELS (in that order), NaN if the score is
    missing. A categorical holds one byte per pupil instead of a string."""
    reference = cutoffs.set_index("index_id")
    levels = {}
    for index_id in scores:
        row = reference.loc[index_id]
        values = scores[index_id].to_numpy(dtype=float)
        if row["factor_type"] == RISK:
            names = RISK_LEVELS
            codes = np.where(
                values >= row["upper_cutoff"], 2, np.where(values >= row["lower_cutoff"], 1, 0)
            )
        else:
            names = PROTECTIVE_LEVELS
            codes = np.where(
                values < row["lower_cutoff"], 0, np.where(values >= row["upper_cutoff"], 2, 1)
            )
        codes = np.where(np.isnan(values), -1, codes).astype(np.int8)
        levels[index_id] = pd.Categorical.from_codes(codes, categories=list(names))
    return pd.DataFrame(levels, index=scores.index)


def flagged_indicators(levels: pd.DataFrame, cutoffs: pd.DataFrame) -> pd.DataFrame:
    """1.0 where a pupil is at a concerning level, 0.0 otherwise, NaN if unscored (float32:
    the three values are exact in it, at half the memory of float64).

    Concerning: a risk index from P75 (något förhöjd or förhöjd), a protective index below
    P15 (weak protection). These are the predictors of the outcome model.
    """
    kinds = cutoffs.set_index("index_id")["factor_type"]
    return pd.DataFrame(
        {
            index_id: levels[index_id]
            .isin(
                (LEVEL_SOMEWHAT_ELEVATED, LEVEL_ELEVATED)
                if kinds[index_id] == RISK
                else (LEVEL_WEAK,)
            )
            .astype(np.float32)
            .where(levels[index_id].notna())
            for index_id in levels
        },
        index=levels.index,
    )


def _compare_with_reference(
    successes: int, n: int, expected_percent: float, confidence: float
) -> tuple[float, str]:
    """Two-sided exact binomial test of the share against the reference share."""
    expected = expected_percent / 100.0
    if n == 0 or not 0.0 < expected < 1.0:
        return math.nan, NO_CERTAIN_DIFFERENCE
    p_value = float(stats.binomtest(successes, n, expected).pvalue)
    if p_value >= 1.0 - confidence:
        return p_value, NO_CERTAIN_DIFFERENCE
    return p_value, ABOVE_REFERENCE if successes / n > expected else BELOW_REFERENCE


def level_shares(
    levels: pd.DataFrame, cutoffs: pd.DataFrame, *, confidence: float = 0.95
) -> pd.DataFrame:
    """Share of pupils per level, with Wilson intervals and a test against the reference.

    One row per index. flagged = at or above P75 (risk) / below P15 (protective); top = at or
    above P90 (risk) / at or above P85 (protective). Columns: index_id, factor_type, n,
    flagged, flagged_share, flagged_lower, flagged_upper, flagged_expected, flagged_p_value,
    flagged_verdict, and the same six for top (shares in percent). The expected shares are
    the reference population's actual shares; the test is scipy's exact binomial test
    (two-sided) and the verdict ABOVE_REFERENCE / BELOW_REFERENCE / NO_CERTAIN_DIFFERENCE.
    """
    confidence = check_confidence(confidence)
    reference = cutoffs.set_index("index_id")
    rows = []
    for index_id in levels:
        row = reference.loc[index_id]
        level = levels[index_id].dropna()
        n = int(level.size)
        if row["factor_type"] == RISK:
            counts = {
                "flagged": int(level.isin((LEVEL_SOMEWHAT_ELEVATED, LEVEL_ELEVATED)).sum()),
                "top": int((level == LEVEL_ELEVATED).sum()),
            }
        else:
            counts = {
                "flagged": int((level == LEVEL_WEAK).sum()),
                "top": int((level == LEVEL_STRONG).sum()),
            }
        record: dict[str, object] = {
            "index_id": index_id,
            "factor_type": row["factor_type"],
            "n": n,
        }
        for name, count in counts.items():
            expected = float(row[f"reference_{name}"])
            lower, upper = wilson_interval(count, n, confidence) if n else (math.nan, math.nan)
            p_value, verdict = _compare_with_reference(count, n, expected, confidence)
            record.update(
                {
                    name: count,
                    f"{name}_share": 100.0 * count / n if n else math.nan,
                    f"{name}_lower": 100.0 * lower,
                    f"{name}_upper": 100.0 * upper,
                    f"{name}_expected": expected,
                    f"{name}_p_value": p_value,
                    f"{name}_verdict": verdict,
                }
            )
        rows.append(record)
    return pd.DataFrame(rows)


def prioritised_profile(shares: pd.DataFrame) -> pd.DataFrame:
    """The profile in order of priority: the most elevated risk factors and the weakest
    protective factors first.

    Orders by `excess_pp` = flagged_share - flagged_expected (percentage points more pupils
    at a concerning level than in the reference): first the factors certainly above the
    reference, then the rest, each by excess, largest first. Adds `excess_pp` and `priority`
    (1 = first). Rows with no pupils keep their place at the end.
    """
    ordered = shares.assign(
        excess_pp=shares["flagged_share"] - shares["flagged_expected"],
        _certain=(shares["flagged_verdict"] == ABOVE_REFERENCE).astype(int),
    )
    ordered = ordered.sort_values(
        ["_certain", "excess_pp"], ascending=[False, False], na_position="last", kind="stable"
    ).drop(columns="_certain")
    return ordered.assign(priority=range(1, len(ordered) + 1)).reset_index(drop=True)
