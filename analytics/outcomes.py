"""Stockholmsenkäten outcomes (tobacco, alcohol, drugs, offences, complaints, feeling safe).

Which pupils count as "yes" (`decide_outcomes`, rules from data/metadata), shares with Wilson
intervals, change between waves, the comparison group's pooled share, prevalence by risk level,
and a logistic regression of an outcome on risk and protective factors with odds ratios. The
odds ratios describe an association in survey data, not an effect: they say how much more
common the outcome is among pupils at a concerning level, not that the factor causes it.

All functions are pure: no I/O, inputs never mutated; the model has an explicit random_state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression

from analytics._validation import check_confidence, require_columns
from analytics.change import compare_shares, wilson_interval

# Codes meaning "no answer" (99/999 Ej svar, 998 Vet inte); 996 (routed past) too unless the
# rule says routing means "no".
UNANSWERED_CODES = (99, 998, 999)
ROUTED_CODE = 996
# The model is fitted only with at least this many pupils with and without the outcome.
MIN_MODEL_EVENTS = 10
# Iterations and tolerance of the unpenalised fit (sklearn's defaults stop too early for
# standard errors to match the maximum-likelihood estimate).
MODEL_MAX_ITER = 1000
MODEL_TOLERANCE = 1e-10
SHARE_COLUMNS = ["n", "positives", "share", "lower", "upper"]
CHANGE_COLUMNS = [
    "year_before",
    "year",
    "share_before",
    "share_after",
    "difference_pp",
    "lower",
    "upper",
    "p_value",
    "verdict",
]


def positive_codes(text: str) -> frozenset[int]:
    """The answer codes that count as "yes": '4 5' -> {4, 5}; '1-98' -> {1, ..., 98}."""
    codes: set[int] = set()
    for part in text.split():
        low, _, high = part.partition("-")
        codes.update(range(int(low), int(high or low) + 1))
    return frozenset(codes)


def decide_outcomes(answers: pd.DataFrame, outcome_items: pd.DataFrame) -> pd.DataFrame:
    """1.0 (yes), 0.0 (no) or NaN (undecided) for every pupil and outcome.

    Args:
        answers: one row per pupil, one column per item id (answer codes, NaN = not asked).
        outcome_items: indicator_id, item_id, positive_values, routed_is_no, min_positive.

    A pupil is "yes" with at least min_positive items answered with a positive code, "no"
    when the positive answers plus the unanswered items (99, 998, 999; 996 unless
    routed_is_no) cannot reach min_positive, and undecided otherwise, or when none of the
    outcome's items was asked. Items absent from `answers` were not asked.
    """
    require_columns(
        outcome_items,
        ["indicator_id", "item_id", "positive_values", "routed_is_no", "min_positive"],
    )
    decided = {}
    for indicator_id, rules in outcome_items.groupby("indicator_id", sort=False):
        positives = np.zeros(len(answers))
        unanswered = np.zeros(len(answers))
        asked = np.zeros(len(answers), dtype=bool)
        for rule in rules.itertuples():
            if rule.item_id not in answers:
                continue
            code = pd.to_numeric(answers[rule.item_id], errors="raise").to_numpy(
                dtype=float, na_value=np.nan
            )
            missing = UNANSWERED_CODES if rule.routed_is_no else (*UNANSWERED_CODES, ROUTED_CODE)
            positives += np.isin(code, list(positive_codes(rule.positive_values)))
            unanswered += np.isin(code, missing)
            asked |= ~np.isnan(code)
        need = int(rules["min_positive"].iloc[0])
        no = asked & (positives < need) & (positives + unanswered < need)
        decided[indicator_id] = np.where(positives >= need, 1.0, np.where(no, 0.0, np.nan))
    return pd.DataFrame(decided, index=answers.index)


def overlapping_indices(
    indicator_id: str, outcome_items: pd.DataFrame, index_items: pd.DataFrame
) -> set[str]:
    """Indices that share an item with the outcome (left out of its model: circular)."""
    items = set(outcome_items.loc[outcome_items["indicator_id"] == indicator_id, "item_id"])
    return set(index_items.loc[index_items["item_id"].isin(items), "index_id"])


def _with_interval(positives: float, n: float, confidence: float) -> tuple[float, ...]:
    if not n:
        return (0, 0, math.nan, math.nan, math.nan)
    lower, upper = wilson_interval(positives, n, confidence)
    return (n, positives, 100.0 * positives / n, 100.0 * lower, 100.0 * upper)


def share_table(
    flags: pd.Series, groups: pd.DataFrame, *, confidence: float = 0.95
) -> pd.DataFrame:
    """Share of "yes" per group of pupils, in percent with Wilson intervals.

    flags: 1.0 / 0.0 / NaN per pupil (undecided pupils are left out); groups: the grouping
    columns, same index. Returns the group columns and n, positives, share, lower, upper.
    """
    confidence = check_confidence(confidence)
    frame = groups.assign(_flag=flags).dropna(subset=["_flag"])
    keys = list(groups.columns)
    summary = frame.groupby(keys, sort=True)["_flag"].agg(["sum", "count"]).reset_index()
    values = [
        _with_interval(float(total), float(count), confidence)
        for total, count in zip(summary["sum"], summary["count"], strict=True)
    ]
    result = pd.concat(
        [summary[keys], pd.DataFrame(values, columns=SHARE_COLUMNS, index=summary.index)], axis=1
    )
    return result.astype({"n": int})


def prevalence_by_level(
    flags: pd.Series, levels: pd.Series, order: tuple[str, ...], *, confidence: float = 0.95
) -> pd.DataFrame:
    """Outcome share per risk (or protection) level: level, n, positives, share, lower, upper.

    Pupils with an undecided outcome or no level are left out; every level of `order`
    appears, with n = 0 and NaN shares when no pupil has it.
    """
    confidence = check_confidence(confidence)
    frame = pd.DataFrame({"flag": flags, "level": levels}).dropna()
    rows = []
    for level in order:
        chosen = frame.loc[frame["level"] == level, "flag"]
        rows.append((level, *_with_interval(float(chosen.sum()), float(chosen.size), confidence)))
    return pd.DataFrame(rows, columns=["level", *SHARE_COLUMNS]).astype({"n": int})


def pooled_share(frame: pd.DataFrame, *, share_col: str = "share", n_col: str = "n") -> float:
    """The share (percent) of several groups together: sum(share x n) / sum(n).

    Rows without a share or n are left out; NaN when nothing is left.
    """
    usable = frame.dropna(subset=[share_col, n_col])
    total = float(usable[n_col].sum())
    if total == 0:
        return math.nan
    return float((usable[share_col] * usable[n_col]).sum() / total)


def wave_changes(
    series: pd.DataFrame, *, confidence: float = 0.95, break_year: int | None = None
) -> pd.DataFrame:
    """Each wave against the one before: is the change in share real?

    series: year, share (percent), n; rows without n (published points) are left out. The
    number of "yes" is share x n / 100 (the published share is rounded, so it may be
    fractional). Uses analytics.change.compare_shares: pooled two-proportion z-test and a
    Newcombe interval for the difference in percentage points. Columns: CHANGE_COLUMNS.
    Two waves on either side of `break_year` (the indicator's series break, e.g. snus with
    nicotine pouches from 2022) are not compared: that pair has no row.
    """
    usable = series.dropna(subset=["share", "n"]).sort_values("year")
    usable = usable[usable["n"] > 0]
    rows = []
    for before, after in zip(
        usable.iloc[:-1].itertuples(), usable.iloc[1:].itertuples(), strict=True
    ):
        if break_year is not None and before.year < break_year <= after.year:
            continue
        change = compare_shares(
            before.share / 100 * before.n,
            before.n,
            after.share / 100 * after.n,
            after.n,
            confidence=confidence,
        )
        rows.append(
            (
                int(before.year),
                int(after.year),
                change.share_before,
                change.share_after,
                change.difference_pp,
                change.lower,
                change.upper,
                change.p_value,
                change.verdict,
            )
        )
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


@dataclass(frozen=True)
class OddsRatioModel:
    """A fitted logistic regression of one outcome on binary factors.

    Attributes:
        table: one row per term: term, odds_ratio, lower, upper (Wald interval), p_value,
            coefficient, standard_error, n_flagged (pupils with the term = 1),
            events_flagged (of them with the outcome).
        n: pupils in the model (complete rows).
        events: of them with the outcome.
        dropped: terms left out because they did not vary or a cell of their 2x2 table with
            the outcome was empty (the odds ratio would be infinite or zero).
    """

    table: pd.DataFrame
    n: int
    events: int
    dropped: tuple[str, ...]


def fit_odds_ratios(
    outcome: pd.Series,
    predictors: pd.DataFrame,
    *,
    confidence: float = 0.95,
    random_state: int = 0,
    min_events: int = MIN_MODEL_EVENTS,
) -> OddsRatioModel | None:
    """Logistic regression of a 0/1 outcome on 0/1 predictors, with odds ratios.

    Fitted by maximum likelihood without penalty (scikit-learn LogisticRegression with
    C = inf, lbfgs, explicit random_state). Standard errors are analytic: the inverse of the
    Fisher information X' W X at the estimate (W = p (1 - p)), which gives Wald intervals
    exp(b +- z se) and p-values 2 (1 - Phi(|b / se|)), the same as statsmodels' Logit.

    Rows with any missing value are left out. Returns None when fewer than `min_events`
    pupils have (or lack) the outcome, or no predictor is left.
    """
    confidence = check_confidence(confidence)
    frame = pd.concat([outcome.rename("_outcome"), predictors], axis=1).dropna()
    y = frame["_outcome"].to_numpy(dtype=float)
    if y.sum() < min_events or (len(y) - y.sum()) < min_events:
        return None
    kept, dropped = [], []
    for term in predictors.columns:
        x = frame[term].to_numpy(dtype=float)
        cells = [((x == a) & (y == b)).sum() for a in (0.0, 1.0) for b in (0.0, 1.0)]
        (kept if min(cells) > 0 else dropped).append(term)
    if not kept:
        return None
    x = frame[kept].to_numpy(dtype=float)
    model = LogisticRegression(
        C=np.inf,
        solver="lbfgs",
        max_iter=MODEL_MAX_ITER,
        tol=MODEL_TOLERANCE,
        random_state=random_state,
    ).fit(x, y)
    coefficients = np.concatenate([model.intercept_, model.coef_[0]])
    design = np.column_stack([np.ones(len(x)), x])
    fitted = model.predict_proba(x)[:, 1]
    information = design.T @ (design * (fitted * (1.0 - fitted))[:, None])
    errors = np.sqrt(np.diag(np.linalg.inv(information)))[1:]
    z = stats.norm.ppf(0.5 + confidence / 2.0)
    estimates = coefficients[1:]
    table = pd.DataFrame(
        {
            "term": kept,
            "odds_ratio": np.exp(estimates),
            "lower": np.exp(estimates - z * errors),
            "upper": np.exp(estimates + z * errors),
            "p_value": 2.0 * stats.norm.sf(np.abs(estimates / errors)),
            "coefficient": estimates,
            "standard_error": errors,
            "n_flagged": [int((frame[term] == 1).sum()) for term in kept],
            "events_flagged": [
                int(((frame[term] == 1) & (frame["_outcome"] == 1)).sum()) for term in kept
            ],
        }
    )
    return OddsRatioModel(table, len(y), int(y.sum()), tuple(dropped))
