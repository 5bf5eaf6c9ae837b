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

The profile's comparison (`level_shares`, `compare_with_reference`) tests every factor's share
at a concerning level and at the top level against the reference share. Two things make a
naive binomial test wrong here:

- Pupils are clustered in schools (and classes): pupils of one school share its climate, so a
  municipality's share varies more between cohorts than binomially. The school of a pupil is not
  stored (data/importers/stockholmsenkaten.py drops the columns that identify it), so the
  clustering cannot be estimated from the data; a conservative, documented design effect is
  used instead (Kish): deff = 1 + (m - 1) * rho, with m = min(pupils scored,
  MAX_SCHOOL_PUPILS) (the effective cluster size sum(m_j^2) / sum(m_j) never exceeds the largest
  school) and rho the intraclass correlation of the 0/1 indicator "beyond the cut-off" implied by
  a school intraclass correlation SCHOOL_ICC (0.10) of the latent location: the larger of a
  normal model (`indicator_icc`) and school effects skewed towards the far side of the cut-off
  (one bad school among few; `skewed_indicator_icc`, about 0.07 against 0.04-0.055).
- The count beyond the cut-off is then skewed, more so than a normal approximation at the
  effective sample size allows (a single school of 86 pupils is about 16 independent pupils):
  test and interval use the beta-binomial distribution of the count (`beta_binomial_tails`)
  with the reference share as its mean and the variance n p (1 - p) deff, i.e. the
  beta-binomial intraclass correlation (deff - 1) / (n - 1). The p-values are its exact
  tails; the interval is the set of shares that this test (each tail at (1 - confidence) / 2,
  with the same deff) does not reject, so it excludes the reference exactly when the
  unadjusted p-value is below 1 - confidence.

  Measured (bench/youth_clustering.py; 3-8 schools of 20-120 pupils; nominal 2.5 % per
  direction across the 14 verdicts): the normal approximation at n / deff with the
  normal-model rho gave "fler" in 12.2 % of selections with skewed school effects and 9.96 %
  for a single school of 60-120 (20 000 selections each); this test 2.16 % and 0.62 %, at
  most 0.10 % in every other row, "färre" at most 0.08 %, intervals covering 98.4-100 % (each
  verdict at least 97.4 %) (5 000 selections each, 2 standard errors 0.44 points). The price
  is power: at ICC 0.05 a factor at 45 % instead of 25 % is called "fler" in about a third
  of selections (35.5 %; 59.4 % before), at 35 % in 1.0 % (4.9 % before).
- The page prints 14 verdicts at once (seven factors, flagged and top), and its headline names
  the most elevated: every verdict is adjusted for multiplicity (Holm, across all 14, separately
  for "more" and "fewer"), so each direction's familywise false rate is at most
  (1 - confidence) / 2.

All functions are pure: no I/O, inputs never mutated.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
from scipy import integrate, optimize, special, stats

from analytics._validation import check_confidence, require_columns
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
# Clustering in schools (the school is not stored, so it cannot be estimated): the largest
# number of pupils of one grade of one school in one wave, and the largest school intraclass
# correlation of the latent location allowed for (see the module docstring).
MAX_SCHOOL_PUPILS = 120
SCHOOL_ICC = 0.10

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


def indicator_icc(latent_icc: float, share_percent: float) -> float:
    """Intraclass correlation of the 0/1 indicator "beyond the cut-off that leaves share_percent
    of the population on the far side", when the latent location of two pupils of one school is
    bivariate normal with correlation latent_icc (the phi coefficient of a dichotomised
    bivariate normal):

        (Phi2(c, c; rho) - p^2) / (p (1 - p)),  c = Phi^-1(p),
        Phi2(c, c; rho) - p^2 = integral_0^rho exp(-c^2 / (1 + r)) / (2 pi sqrt(1 - r^2)) dr.

    Never above latent_icc; 0 when latent_icc is 0.
    """
    if not 0.0 <= latent_icc < 1.0:
        raise ValueError(f"latent_icc must be in [0, 1), got {latent_icc}")
    share = share_percent / 100.0
    if not 0.0 < share < 1.0:
        raise ValueError(f"share_percent must be between 0 and 100, got {share_percent}")
    cut = float(stats.norm.ppf(share))
    joint, _ = integrate.quad(
        lambda r: math.exp(-(cut**2) / (1.0 + r)) / (2.0 * math.pi * math.sqrt(1.0 - r * r)),
        0.0,
        latent_icc,
    )
    return joint / (share * (1.0 - share))


@functools.lru_cache(maxsize=64)
def skewed_indicator_icc(latent_icc: float, share_percent: float) -> float:
    """Intraclass correlation of the 0/1 indicator "beyond the cut-off" when the schools'
    effects are skewed towards its far side: latent location sqrt(latent_icc) (E - 1) +
    sqrt(1 - latent_icc) Z, with E standard exponential (a few schools far worse than the
    rest) and Z standard normal, the cut-off placed so that share_percent of the population is
    beyond it (the smaller side, min(p, 1 - p), taken as the far side):

        (E[q(E)^2] - p^2) / (p (1 - p)),  q(e) = P(beyond | school effect e),

    by quadrature over E. 0 when latent_icc is 0; symmetric in p and 1 - p.
    """
    if not 0.0 <= latent_icc < 1.0:
        raise ValueError(f"latent_icc must be in [0, 1), got {latent_icc}")
    share = share_percent / 100.0
    if not 0.0 < share < 1.0:
        raise ValueError(f"share_percent must be between 0 and 100, got {share_percent}")
    if latent_icc == 0.0:
        return 0.0
    tail = min(share, 1.0 - share)
    school, rest = math.sqrt(latent_icc), math.sqrt(1.0 - latent_icc)

    def beyond(cut: float, e: float) -> float:
        return float(stats.norm.sf((cut - school * (e - 1.0)) / rest))

    def moment(cut: float, power: int) -> float:
        value, _ = integrate.quad(
            lambda e: beyond(cut, e) ** power * math.exp(-e), 0.0, np.inf, epsabs=1e-13
        )
        return value

    cut = optimize.brentq(lambda c: moment(c, 1) - tail, -20.0, 20.0, xtol=1e-12)
    return (moment(cut, 2) - tail**2) / (tail * (1.0 - tail))


def design_effect(n: np.ndarray, expected_percent: np.ndarray) -> np.ndarray:
    """Kish's design effect 1 + (m - 1) * rho of a share of n pupils clustered in schools, with
    m = min(n, MAX_SCHOOL_PUPILS) and rho the larger of indicator_icc and skewed_indicator_icc
    at SCHOOL_ICC and expected_percent; 1 for n <= 1. Broadcasts n against expected_percent."""
    n = np.asarray(n, dtype=float)
    expected = np.asarray(expected_percent, dtype=float)
    shares, position = np.unique(expected, return_inverse=True)
    rho = np.array(
        [
            max(
                indicator_icc(SCHOOL_ICC, float(share)),
                skewed_indicator_icc(SCHOOL_ICC, float(share)),
            )
            for share in shares
        ]
    )[position.reshape(expected.shape)]
    cluster = np.clip(np.minimum(n, MAX_SCHOOL_PUPILS), 1.0, None)
    return 1.0 + (cluster - 1.0) * rho


# Entries (elements x possible counts) per block of beta_binomial_tails' work.
_TAIL_BLOCK = 2_000_000


def beta_binomial_tails(
    k: np.ndarray, n: np.ndarray, share: np.ndarray, rho: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """P(X >= k) and P(X <= k) for X beta-binomial with n trials, mean n x share and
    intraclass correlation rho (variance n share (1 - share) (1 + (n - 1) rho)): the beta's
    parameters are share x s and (1 - share) x s with s = (1 - rho) / rho; rho = 0 is the
    binomial. Each tail is summed from its own probabilities (log scale, by the ratio of
    successive terms), so a tail of 1e-12 keeps its digits. Elementwise over broadcast arrays;
    k and n whole numbers, 0 < share < 1, 0 <= rho < 1.
    """
    arrays = np.broadcast_arrays(
        np.asarray(k, float), np.asarray(n, float), np.asarray(share, float), np.asarray(rho, float)
    )
    shape = arrays[0].shape
    k, n, share, rho = (array.ravel() for array in arrays)
    at_least, at_most = np.ones(k.size), np.ones(k.size)
    order = np.argsort(n, kind="stable")
    start = 0
    while start < order.size:
        top = int(n[order[min(order.size - 1, start)]])
        size = max(1, _TAIL_BLOCK // (top + 1))
        chosen = order[start : start + size]
        width = int(n[chosen].max()) + 1
        j = np.arange(width)[None, :]
        nn, p, r = n[chosen][:, None], share[chosen][:, None], rho[chosen][:, None]
        beta = r > 0
        s = np.where(beta, (1.0 - r) / np.where(beta, r, 1.0), 1.0)
        a, b = p * s, (1.0 - p) * s
        with np.errstate(divide="ignore", invalid="ignore"):
            # log P(X = j + 1) - log P(X = j)
            ratio = (
                np.log(nn - j)
                - np.log(j + 1.0)
                + np.where(
                    beta,
                    np.log(j + a) - np.log(nn - j - 1.0 + b),
                    np.log(p) - np.log1p(-p),
                )
            )
            first = np.where(
                beta,
                special.betaln(a, nn + b) - special.betaln(a, b),
                nn * np.log1p(-p),
            )
        ratio = np.where(j < nn, ratio, -np.inf)
        log_pmf = np.concatenate([first, first + np.cumsum(ratio[:, :-1], axis=1)], axis=1)
        pmf = np.where(j <= nn, np.exp(log_pmf), 0.0)
        kk = k[chosen][:, None]
        at_least[chosen] = np.minimum((pmf * (j >= kk)).sum(axis=1), 1.0)
        at_most[chosen] = np.minimum((pmf * (j <= kk)).sum(axis=1), 1.0)
        start += size
    return at_least.reshape(shape), at_most.reshape(shape)


def _share_limit(
    k: np.ndarray, n: np.ndarray, rho: np.ndarray, tail: float, *, lower: bool
) -> np.ndarray:
    """The share at which the beta-binomial tail P(X >= k) (lower limit) or P(X <= k) (upper
    limit) equals `tail`, by bisection on the share (each tail is monotone in it)."""
    low, high = np.full(k.shape, 1e-12), np.full(k.shape, 1.0 - 1e-12)
    for _ in range(48):
        middle = (low + high) / 2
        at_least, at_most = beta_binomial_tails(k, n, middle, rho)
        if lower:
            # P(X >= k) grows with the share: above `tail` the limit is lower.
            too_high = at_least > tail
        else:
            # P(X <= k) falls as the share grows: below `tail` the limit is lower.
            too_high = at_most < tail
        high = np.where(too_high, middle, high)
        low = np.where(too_high, low, middle)
    return (low + high) / 2


def compare_with_reference(
    counts: np.ndarray,
    n: np.ndarray,
    expected_percent: np.ndarray,
    *,
    confidence: float = 0.95,
    intervals: bool = True,
) -> dict[str, np.ndarray]:
    """Shares against reference shares for pupils clustered in schools, one family per row.

    Args:
        counts, n: (..., comparisons) pupils beyond the cut-off and pupils scored; the last axis
            is one family (every verdict printed at once).
        expected_percent: the reference shares, broadcastable to counts.
        confidence: two-sided confidence of the intervals; the verdicts' familywise false rate
            per direction is at most (1 - confidence) / 2.
        intervals: compute lower and upper (about 50 evaluations of the tails each); without
            them (NaN) a Monte Carlo can still tell coverage, since the interval holds the
            reference exactly when p_value >= 1 - confidence.

    Returns:
        Arrays of counts' shape: share, lower, upper (percent; the shares that the
        beta-binomial test with this design effect does not reject, each tail at
        (1 - confidence) / 2), design_effect, p_value (two-sided: twice the smaller exact
        beta-binomial tail of the count under the reference share, unadjusted; the interval
        excludes the reference exactly when it is below 1 - confidence), p_adjusted (Holm
        across the family of the one-sided p-values in the observed direction, doubled and
        capped at 1, comparable with 1 - confidence), verdict (ABOVE_REFERENCE /
        BELOW_REFERENCE / NO_CERTAIN_DIFFERENCE). NaN (and no certain difference) where n = 0.
    """
    confidence = check_confidence(confidence)
    counts = np.asarray(counts, dtype=float)
    n = np.asarray(n, dtype=float)
    if counts.shape != n.shape:
        raise ValueError("counts and n must have the same shape")
    if (counts < 0).any() or (counts > n).any():
        raise ValueError("counts must be between 0 and n")
    expected = np.broadcast_to(np.asarray(expected_percent, dtype=float), counts.shape)
    empty = n == 0
    reference = expected / 100.0
    deff = np.where(empty, np.nan, design_effect(n, expected))
    # The beta-binomial's intraclass correlation that gives the variance n p (1 - p) deff.
    rho = np.where(n > 1, (np.where(empty, 1.0, deff) - 1.0) / np.maximum(n - 1.0, 1.0), 0.0)
    more, fewer = beta_binomial_tails(counts, n, reference, rho)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(empty, np.nan, counts / n)
    tail = (1.0 - confidence) / 2.0
    if intervals:
        lower = np.where(counts > 0, _share_limit(counts, n, rho, tail, lower=True), 0.0)
        upper = np.where(counts < n, _share_limit(counts, n, rho, tail, lower=False), 1.0)
    else:
        lower = upper = np.full(counts.shape, np.nan)
    above = share > reference
    adjusted = np.minimum(1.0, 2.0 * np.where(above, holm_adjust(more), holm_adjust(fewer)))
    adjusted = np.where(empty, np.nan, adjusted)
    certain = adjusted < 1.0 - confidence
    verdict = np.where(
        certain & above,
        ABOVE_REFERENCE,
        np.where(certain & (share < reference), BELOW_REFERENCE, NO_CERTAIN_DIFFERENCE),
    ).astype(object)
    return {
        "share": 100.0 * share,
        "lower": np.where(empty, np.nan, 100.0 * lower),
        "upper": np.where(empty, np.nan, 100.0 * upper),
        "design_effect": deff,
        "p_value": np.where(empty, np.nan, np.minimum(1.0, 2.0 * np.minimum(more, fewer))),
        "p_adjusted": adjusted,
        "verdict": verdict,
    }


def level_shares(
    levels: pd.DataFrame, cutoffs: pd.DataFrame, *, confidence: float = 0.95
) -> pd.DataFrame:
    """Share of pupils per level, with intervals and a test against the reference.

    One row per index. n: pupils in the selection; n_scored: those with a location;
    insufficient, insufficient_share: those without ("otillräckliga svar"; percent of n).
    flagged = at or above P75 (risk) / below P15 (protective); top = at or above P90 (risk) /
    at or above P85 (protective); their shares are percent of n_scored, as the reference
    population's are. Columns per name in (flagged, top): count, _share, _lower, _upper, _expected
    (the reference share), _design_effect, _p_value, _p_adjusted, _verdict, as
    `compare_with_reference` computes them with every flagged and top comparison of the
    selection in one family.
    """
    confidence = check_confidence(confidence)
    reference = cutoffs.set_index("index_id")
    rows = []
    for index_id in levels:
        row = reference.loc[index_id]
        level = levels[index_id]
        n = int(level.notna().sum())
        insufficient = int((level == LEVEL_INSUFFICIENT).sum())
        if row["factor_type"] == RISK:
            flagged = int(level.isin((LEVEL_SOMEWHAT_ELEVATED, LEVEL_ELEVATED)).sum())
            top = int((level == LEVEL_ELEVATED).sum())
        else:
            flagged = int((level == LEVEL_WEAK).sum())
            top = int((level == LEVEL_STRONG).sum())
        rows.append(
            {
                "index_id": index_id,
                "factor_type": row["factor_type"],
                "n": n,
                "n_scored": n - insufficient,
                "insufficient": insufficient,
                "insufficient_share": 100.0 * insufficient / n if n else math.nan,
                "flagged": flagged,
                "top": top,
                "flagged_expected": float(row["reference_flagged"]),
                "top_expected": float(row["reference_top"]),
            }
        )
    shares = pd.DataFrame(rows)
    if shares.empty:
        return shares
    names = ("flagged", "top")
    scored = shares["n_scored"].to_numpy(dtype=float)
    result = compare_with_reference(
        np.concatenate([shares[name].to_numpy(dtype=float) for name in names]),
        np.concatenate([scored, scored]),
        np.concatenate([shares[f"{name}_expected"].to_numpy() for name in names]),
        confidence=confidence,
    )
    size = len(shares)
    for position, name in enumerate(names):
        part = slice(position * size, (position + 1) * size)
        for column in ("share", "lower", "upper", "design_effect", "p_value", "p_adjusted"):
            shares[f"{name}_{column}"] = result[column][part]
        shares[f"{name}_verdict"] = result["verdict"][part]
    return shares


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
