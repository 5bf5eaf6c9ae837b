"""Risk and protective factors from Stockholmsenkäten pupil answers, as RISE computes them.

Scoring (`score_indices`), per pupil and index:

1. each answer code is recoded into RISE's 0-based response category (index_items' answer_codes
   -> categories: RISE's public recoding, with merged categories and reversed items; higher =
   more risk, also for the protective indices). Codes the recoding lacks (99/999 Ej svar, 996
   Ska ej besvaras, 998 Vet inte, anything else) and items not asked (NaN) are unanswered;
2. a pupil with at least MIN_ANSWERED (5) answered items of the index gets a Rasch location:
   Warm's weighted likelihood estimate under the partial credit model with RISE's published
   item thresholds (analytics.rasch.wle); fewer answers give no location (LEVEL_INSUFFICIENT,
   "otillräckliga svar", kept as its own level, never dropped);
3. the protective indices' locations are negated (RISE does the same), so a higher value means
   more protection, and every location is rounded to LOCATION_DECIMALS (3) decimals, as RISE
   rounds them before comparing with its cut-offs.

Levels (`assign_levels`) use RISE's cut-offs on that logit scale, the 75th and 90th (risk) and
15th and 85th (protective) percentiles of RISE's reference population (Stockholm stad
2006-2020): risk from P75 "något förhöjd", from P90 "förhöjd"; protection below P15 "svagt",
from P85 "starkt". In that reference population, by construction, 25 % of the pupils are at or
above P75 and 10 % at or above P90 (15 % below P15 and 15 % from P85), so these are the
expected shares (`reference_cutoffs`) against which a selection's shares are tested: the
reference is fixed, not the database's own pupils.

The profile's comparison (`level_shares`) tests every factor's share at a concerning level with
exact binomial tests against the reference share, adjusted for multiplicity (Holm, across the
factors, separately for "more" and "fewer"), because the headline names the most elevated of
seven factors: unadjusted, "fler än i referensen" came out for 14-16 % of selections whose
every factor was at the reference (Monte Carlo), against the nominal 2.5 %.

All functions are pure: no I/O, inputs never mutated.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from analytics._validation import check_confidence, require_columns
from analytics.change import wilson_interval
from analytics.rasch import threshold_matrix, wle

RISK, PROTECTIVE = "risk", "protective"
# Risk levels: below P75, from P75, from P90 of the reference population.
LEVEL_LOW, LEVEL_SOMEWHAT_ELEVATED, LEVEL_ELEVATED = "low", "somewhat_elevated", "elevated"
# Protective levels: below P15, P15 to P85, from P85 of the reference population.
LEVEL_WEAK, LEVEL_MEDIUM, LEVEL_STRONG = "weak", "medium", "strong"
# Fewer than MIN_ANSWERED answered items: no location ("otillräckliga svar").
LEVEL_INSUFFICIENT = "insufficient"
RISK_LEVELS = (LEVEL_LOW, LEVEL_SOMEWHAT_ELEVATED, LEVEL_ELEVATED, LEVEL_INSUFFICIENT)
PROTECTIVE_LEVELS = (LEVEL_WEAK, LEVEL_MEDIUM, LEVEL_STRONG, LEVEL_INSUFFICIENT)
# Percentiles that set the levels (RISE 2024-09-23).
RISK_PERCENTILES = (75, 90)
PROTECTIVE_PERCENTILES = (15, 85)
# RISE's minimum number of answered items for a location (min.responses in its scripts).
MIN_ANSWERED = 5
# RISE rounds locations, and its yearly percentiles, to three decimals. Its published cut-offs
# are weighted means of those percentiles and carry float noise (Parenting's P90 is
# 0.37600000000000006 where every year's P90 was 0.376), so they are rounded the same way.
LOCATION_DECIMALS = 3
# Comparison with the reference population: more often / less often / no certain difference.
ABOVE_REFERENCE, BELOW_REFERENCE, NO_CERTAIN_DIFFERENCE = "above", "below", "no_certain_difference"

CUTOFF_COLUMNS = [
    "index_id",
    "factor_type",
    "lower_percentile",
    "upper_percentile",
    "lower_cutoff",
    "upper_cutoff",
    "reference_flagged",
    "reference_top",
]


def recode(codes: np.ndarray, answer_codes: object, categories: object) -> np.ndarray:
    """RISE's category of every answer code (float; NaN where the code is not an answer)."""
    lookup = dict(
        zip(
            np.asarray(answer_codes, dtype=float),
            np.asarray(categories, dtype=float),
            strict=True,
        )
    )
    codes = np.asarray(codes, dtype=float)
    recoded = np.full(codes.shape, np.nan)
    for code, category in lookup.items():
        recoded[codes == code] = category
    return recoded


def score_indices(answers: pd.DataFrame, index_items: pd.DataFrame) -> pd.DataFrame:
    """RISE locations (logits; protective indices negated) of every pupil, as documented above.

    Args:
        answers: one row per pupil, one column per item id holding answer codes (NaN = the
            item was not asked). Items of `index_items` missing from the columns count as not
            asked.
        index_items: index_id, item_id, factor_type (risk/protective), answer_codes,
            categories (lists: RISE's recoding), thresholds (list of RISE's thresholds).

    Returns:
        A DataFrame with the index of `answers` and one float column per index_id (in order
        of first appearance), NaN where fewer than MIN_ANSWERED items were answered.
    """
    require_columns(
        index_items,
        ["index_id", "item_id", "factor_type", "answer_codes", "categories", "thresholds"],
    )
    scores = {}
    for index_id, items in index_items.groupby("index_id", sort=False):
        categories = np.column_stack(
            [
                recode(
                    pd.to_numeric(answers[item.item_id], errors="raise").to_numpy(
                        dtype=float, na_value=np.nan
                    )
                    if item.item_id in answers
                    else np.full(len(answers), np.nan),
                    item.answer_codes,
                    item.categories,
                )
                for item in items.itertuples()
            ]
        )
        thresholds = threshold_matrix([list(values) for values in items["thresholds"]])
        location = wle(categories, thresholds, min_answered=MIN_ANSWERED)
        kind = items["factor_type"].iloc[0]
        if kind not in (RISK, PROTECTIVE):
            raise ValueError(f"{index_id}: factor type must be risk or protective, got {kind!r}")
        location = np.round(location, LOCATION_DECIMALS)
        # + 0.0: no negative zero
        scores[index_id] = (-location if kind == PROTECTIVE else location) + 0.0
    return pd.DataFrame(scores, index=answers.index)


def reference_cutoffs(rise_cutoffs: pd.DataFrame, factor_types: dict[str, str]) -> pd.DataFrame:
    """RISE's cut-offs with the reference population's shares, one row per index.

    rise_cutoffs: index_id, percentile, logit (RISE's published table; cut-offs rounded to
    LOCATION_DECIMALS). Risk index:
    lower_cutoff = P75, upper_cutoff = P90, reference_flagged = 25 (% at or above P75),
    reference_top = 10. Protective index: lower_cutoff = P15, upper_cutoff = P85,
    reference_flagged = 15 (% below P15), reference_top = 15 (% at or above P85).
    """
    logits = rise_cutoffs.pivot(index="index_id", columns="percentile", values="logit")
    rows = []
    for index_id, kind in factor_types.items():
        if kind not in (RISK, PROTECTIVE):
            raise ValueError(f"{index_id}: factor type must be risk or protective, got {kind!r}")
        low, high = RISK_PERCENTILES if kind == RISK else PROTECTIVE_PERCENTILES
        if index_id not in logits.index or logits.loc[index_id, [low, high]].isna().any():
            raise ValueError(f"{index_id}: RISE's P{low} and P{high} cut-offs are missing")
        flagged = 100 - low if kind == RISK else low
        rows.append(
            (
                index_id,
                kind,
                low,
                high,
                round(float(logits.at[index_id, low]), LOCATION_DECIMALS),
                round(float(logits.at[index_id, high]), LOCATION_DECIMALS),
                float(flagged),
                float(100 - high),
            )
        )
    return pd.DataFrame(rows, columns=CUTOFF_COLUMNS)


def assign_levels(scores: pd.DataFrame, cutoffs: pd.DataFrame) -> pd.DataFrame:
    """The level of every pupil on every index: one categorical column per index whose
    categories are RISK_LEVELS or PROTECTIVE_LEVELS (in that order); a pupil without a
    location is LEVEL_INSUFFICIENT. A categorical holds one byte per pupil."""
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
        codes = np.where(np.isnan(values), 3, codes).astype(np.int8)
        levels[index_id] = pd.Categorical.from_codes(codes, categories=list(names))
    return pd.DataFrame(levels, index=scores.index)


def flagged_indicators(levels: pd.DataFrame, cutoffs: pd.DataFrame) -> pd.DataFrame:
    """1.0 where a pupil is at a concerning level, 0.0 otherwise, NaN without a location
    (float32: the three values are exact in it, at half the memory of float64).

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
            .where(levels[index_id] != LEVEL_INSUFFICIENT)
            for index_id in levels
        },
        index=levels.index,
    )


def exact_p_value(successes: int, n: int, expected_percent: float) -> float:
    """Two-sided exact binomial p-value of successes out of n against expected_percent
    (scipy's binomtest); NaN without pupils."""
    if n == 0:
        return math.nan
    return float(stats.binomtest(successes, n, expected_percent / 100.0).pvalue)


def holm_adjust(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values along the last axis (each row a family); NaN entries
    are left out of their family and stay NaN."""
    p_values = np.asarray(p_values, dtype=float)
    missing = np.isnan(p_values)
    order = np.argsort(np.where(missing, np.inf, p_values), axis=-1, kind="stable")
    ordered = np.take_along_axis(p_values, order, axis=-1)
    family = (~missing).sum(axis=-1, keepdims=True)
    multiplier = family - np.arange(p_values.shape[-1])
    stepped = np.maximum.accumulate(
        np.minimum(1.0, np.where(np.isnan(ordered), 0.0, multiplier * ordered)), axis=-1
    )
    adjusted = np.empty_like(stepped)
    np.put_along_axis(adjusted, order, stepped, axis=-1)
    return np.where(missing, np.nan, adjusted)


def adjusted_comparisons(
    counts: np.ndarray, n: np.ndarray, expected_percent: np.ndarray
) -> np.ndarray:
    """Multiplicity-adjusted p-values of shares against reference shares, one family per row.

    counts, n: (..., factors) pupils at the level and pupils scored; expected_percent:
    (factors,) or broadcastable. "More than the reference" is judged by Holm's adjustment of the
    exact one-sided p-values P(X >= count) across the row, "fewer" by that of P(X <= count),
    so each direction's familywise false rate is at most alpha / 2 when the result is compared
    with alpha. Returns twice the adjusted one-sided p-value of the observed direction (capped
    at 1; comparable with alpha like a two-sided p-value), NaN where n = 0.
    """
    counts = np.asarray(counts, dtype=float)
    n = np.asarray(n, dtype=float)
    p = np.broadcast_to(np.asarray(expected_percent, dtype=float) / 100.0, counts.shape)
    empty = n == 0
    more = np.where(empty, np.nan, stats.binom.sf(counts - 1, n, p))
    fewer = np.where(empty, np.nan, stats.binom.cdf(counts, n, p))
    above = counts > p * n
    adjusted = np.where(above, holm_adjust(more), holm_adjust(fewer))
    return np.minimum(1.0, 2.0 * adjusted)


def _verdict(p_value: float, share: float, expected: float, confidence: float) -> str:
    if math.isnan(p_value) or p_value >= 1.0 - confidence:
        return NO_CERTAIN_DIFFERENCE
    return ABOVE_REFERENCE if share > expected else BELOW_REFERENCE


def level_shares(
    levels: pd.DataFrame, cutoffs: pd.DataFrame, *, confidence: float = 0.95
) -> pd.DataFrame:
    """Share of pupils per level, with Wilson intervals and a test against the reference.

    One row per index. n: pupils in the selection; n_scored: those with a location;
    insufficient, insufficient_share: those without ("otillräckliga svar"; percent of n).
    flagged = at or above P75 (risk) / below P15 (protective); top = at or above P90 (risk) /
    at or above P85 (protective); their shares are percent of n_scored, as the reference
    population's are. Columns per name in (flagged, top): count, _share, _lower, _upper
    (Wilson), _expected (the reference share), _p_value (scipy's exact two-sided binomial
    test against it), _verdict. The flagged verdicts are adjusted for the number of indices
    given (flagged_p_adjusted, `adjusted_comparisons`): each direction's familywise false rate
    is at most (1 - confidence) / 2, 2.5 %. The top verdicts are per index (a table detail).
    """
    confidence = check_confidence(confidence)
    reference = cutoffs.set_index("index_id")
    rows = []
    for index_id in levels:
        row = reference.loc[index_id]
        level = levels[index_id]
        n = int(level.notna().sum())
        insufficient = int((level == LEVEL_INSUFFICIENT).sum())
        scored = n - insufficient
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
            "n_scored": scored,
            "insufficient": insufficient,
            "insufficient_share": 100.0 * insufficient / n if n else math.nan,
        }
        for name, count in counts.items():
            expected = float(row[f"reference_{name}"])
            lower, upper = (
                wilson_interval(count, scored, confidence) if scored else (math.nan, math.nan)
            )
            share = 100.0 * count / scored if scored else math.nan
            p_value = exact_p_value(count, scored, expected)
            record.update(
                {
                    name: count,
                    f"{name}_share": share,
                    f"{name}_lower": 100.0 * lower,
                    f"{name}_upper": 100.0 * upper,
                    f"{name}_expected": expected,
                    f"{name}_p_value": p_value,
                    f"{name}_verdict": _verdict(p_value, share, expected, confidence),
                }
            )
        rows.append(record)
    shares = pd.DataFrame(rows)
    if shares.empty:
        return shares
    adjusted = adjusted_comparisons(
        shares["flagged"].to_numpy(),
        shares["n_scored"].to_numpy(),
        shares["flagged_expected"].to_numpy(),
    )
    return shares.assign(
        flagged_p_adjusted=adjusted,
        flagged_verdict=[
            _verdict(p, share, expected, confidence)
            for p, share, expected in zip(
                adjusted, shares["flagged_share"], shares["flagged_expected"], strict=True
            )
        ],
    )


def prioritised_profile(shares: pd.DataFrame) -> pd.DataFrame:
    """The profile in order of priority: the most elevated risk factors and the weakest
    protective factors first.

    Orders by `excess_pp` = flagged_share - flagged_expected (percentage points more pupils
    at a concerning level than in the reference): first the factors certainly above the
    reference (Holm-adjusted), then the rest, each by excess, largest first. Adds `excess_pp`
    and `priority` (1 = first). Rows without scored pupils keep their place at the end.
    """
    ordered = shares.assign(
        excess_pp=shares["flagged_share"] - shares["flagged_expected"],
        _certain=(shares["flagged_verdict"] == ABOVE_REFERENCE).astype(int),
    )
    ordered = ordered.sort_values(
        ["_certain", "excess_pp"], ascending=[False, False], na_position="last", kind="stable"
    ).drop(columns="_certain")
    return ordered.assign(priority=range(1, len(ordered) + 1)).reset_index(drop=True)
