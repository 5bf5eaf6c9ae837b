"""Rasch person locations as RISE computes them for Stockholmsenkäten's indices.

RISE scores each index with the partial credit model (PCM) and fixed, published item
thresholds: an item with thresholds d_1..d_m has categories 0..m and

    P(X = x | theta) = exp(sum_{k<=x} (theta - d_k)) / sum_{h=0..m} exp(sum_{k<=h} (theta - d_k)).

A pupil's location is Warm's weighted likelihood estimate (WLE; catR's
`thetaEst(model = "PCM", method = "WL", range = c(-10, 10))`): the root in [-10, 10] of

    r - sum_i E_i(theta) + J(theta) / (2 I(theta)) = 0,

where r is the pupil's raw score (sum of answered categories), E_i the expected category of
answered item i, I = sum_i Var_i (test information) and J = sum_i of the third central moment
of item i (for the Rasch family, J = sum_i sum_k P'_ik P''_ik / P_ik). Unanswered items are left
out of every sum. The correction J / (2I) pulls extreme patterns inwards, so all-lowest and
all-highest answers get finite locations (no root outside the range: the bound is returned).

For the PCM the raw score is sufficient: pupils with the same answered items and the same raw
score have the same location, so `wle` solves the equation once per such group (a few hundred
groups for thousands of pupils), vectorised over all groups at once: Newton steps
(theta + f / I) kept inside a bracket that shrinks with every step, with bisection whenever a
step would leave it, so the root found is the bracketed one.

All functions are pure: no I/O, inputs never mutated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# catR's default range of thetaEst, used by RISE.
THETA_RANGE = (-10.0, 10.0)
# Safeguarded Newton: stop when no location moves more than this, or after this many steps
# (bisection alone needs 45 steps to shrink the range below 1e-12).
_TOLERANCE = 1e-12
_MAX_STEPS = 100


def threshold_matrix(thresholds: Sequence[Sequence[float]]) -> np.ndarray:
    """Items' thresholds as an (items, max thresholds) float array, NaN-padded."""
    width = max(len(row) for row in thresholds)
    matrix = np.full((len(thresholds), width), np.nan)
    for row, values in enumerate(thresholds):
        matrix[row, : len(values)] = values
    return matrix


def category_probabilities(theta: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """PCM probabilities, shape (len(theta), items, max thresholds + 1); 0 for categories an
    item lacks. thresholds: threshold_matrix's array."""
    theta = np.asarray(theta, dtype=float)
    steps = theta[:, None, None] - thresholds[None, :, :]
    # Cumulative sums of (theta - d_k); NaN (absent) thresholds make absent categories.
    cumulative = np.concatenate(
        [np.zeros((theta.size, thresholds.shape[0], 1)), np.cumsum(steps, axis=2)], axis=2
    )
    cumulative = np.where(np.isnan(cumulative), -np.inf, cumulative)
    cumulative -= cumulative.max(axis=2, keepdims=True)
    weights = np.exp(cumulative)
    return weights / weights.sum(axis=2, keepdims=True)


def _moments(
    theta: np.ndarray, thresholds: np.ndarray, answered: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sums over answered items of the expected category, its variance and third central
    moment, at theta (one value per row of answered)."""
    probabilities = category_probabilities(theta, thresholds)
    categories = np.arange(probabilities.shape[2], dtype=float)
    expected = probabilities @ categories
    centred = categories[None, None, :] - expected[:, :, None]
    variance = (probabilities * centred**2).sum(axis=2)
    third = (probabilities * centred**3).sum(axis=2)
    return (
        (expected * answered).sum(axis=1),
        (variance * answered).sum(axis=1),
        (third * answered).sum(axis=1),
    )


def warm_equation(
    theta: np.ndarray, raw_score: np.ndarray, answered: np.ndarray, thresholds: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Left side of Warm's equation, r - sum E + J / (2I), for each row (decreasing in
    theta), and the test information I there."""
    expected, information, third = _moments(theta, thresholds, answered)
    return raw_score - expected + third / (2.0 * information), information


def wle(categories: np.ndarray, thresholds: np.ndarray, *, min_answered: int) -> np.ndarray:
    """Warm's weighted likelihood locations of every row of `categories`.

    Args:
        categories: (pupils, items) float array of response categories 0..m (NaN =
            unanswered), items in the order of `thresholds`' rows.
        thresholds: threshold_matrix of the items.
        min_answered: rows with fewer answered items get NaN.

    Returns:
        One location per row, within THETA_RANGE; NaN where too few items were answered.

    Raises:
        ValueError: a category outside 0..(the item's number of thresholds), or not whole.
    """
    categories = np.asarray(categories, dtype=float)
    if categories.ndim != 2 or categories.shape[1] != thresholds.shape[0]:
        raise ValueError("categories must have one column per item of thresholds")
    answered = ~np.isnan(categories)
    top = (~np.isnan(thresholds)).sum(axis=1)
    filled = np.where(answered, categories, 0.0)
    if (filled < 0).any() or (filled > top[None, :]).any() or (filled % 1 != 0).any():
        raise ValueError("a category is outside 0..(number of the item's thresholds)")
    result = np.full(categories.shape[0], np.nan)
    enough = answered.sum(axis=1) >= min_answered
    if not enough.any():
        return result
    # One equation per (answered items, raw score): the raw score is sufficient in the PCM.
    weights = 1 << np.arange(categories.shape[1], dtype=np.int64)
    mask_key = answered[enough] @ weights
    raw = filled[enough].sum(axis=1)
    stride = int(top.sum()) + 1  # raw scores are 0..sum of the items' top categories
    unique, inverse = np.unique(mask_key * stride + raw.astype(np.int64), return_inverse=True)
    group_answered = (((unique // stride)[:, None] & weights[None, :]) > 0).astype(float)
    group_raw = (unique % stride).astype(float)
    low = np.full(len(unique), THETA_RANGE[0])
    high = np.full(len(unique), THETA_RANGE[1])
    # The equation falls with theta: a root below (above) the range gives the bound.
    at_low = warm_equation(low, group_raw, group_answered, thresholds)[0] <= 0
    at_high = warm_equation(high, group_raw, group_answered, thresholds)[0] >= 0
    theta = np.zeros(len(unique))
    for _ in range(_MAX_STEPS):
        value, information = warm_equation(theta, group_raw, group_answered, thresholds)
        positive = value > 0
        low = np.where(positive, theta, low)
        high = np.where(positive, high, theta)
        newton = theta + value / information
        inside = (newton > low) & (newton < high)
        step = np.where(inside, newton, (low + high) / 2.0)
        moved = np.abs(step - theta)
        theta = step
        if (moved[~(at_low | at_high)] < _TOLERANCE).all():
            break
    theta = np.where(at_low, THETA_RANGE[0], np.where(at_high, THETA_RANGE[1], theta))
    result[enough] = theta[inverse.ravel()]
    return result
