"""Rasch person locations (partial credit model, Warm's weighted likelihood estimate) against an
independent reference: Warm's equation written here from the textbook definition (category
probabilities by enumeration, J as sum P' P'' / P with numerical derivatives) and solved with
scipy's brentq; and known properties (finite extremes within +-10, symmetry, monotonicity,
sufficiency of the raw score, the minimum number of answers)."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from scipy import optimize

from analytics.rasch import THETA_RANGE, threshold_matrix, wle
from data.stockholmsenkaten_metadata import index_items


def _probabilities(theta: float, thresholds: list[float]) -> np.ndarray:
    """P(X = x), x = 0..m: exp(x theta - sum_{k<=x} d_k) / normaliser, by plain enumeration."""
    numerators = [math.exp(x * theta - sum(thresholds[:x])) for x in range(len(thresholds) + 1)]
    return np.array(numerators) / sum(numerators)


def _warm(theta: float, pattern: list[float | None], items: list[list[float]]) -> float:
    """dlogL/dtheta + J / (2 I) of one pattern (None = unanswered), with P' and P'' taken by
    central differences of the category probabilities (no moment formula used; their error
    is below 1e-7 logits, far below the three decimals RISE keeps)."""
    step = 1e-4
    score = information = j_sum = 0.0
    for answer, thresholds in zip(pattern, items, strict=True):
        if answer is None:
            continue
        p = _probabilities(theta, thresholds)
        p_up, p_down = (
            _probabilities(theta + step, thresholds),
            _probabilities(theta - step, thresholds),
        )
        first = (p_up - p_down) / (2 * step)
        second = (p_up - 2 * p + p_down) / step**2
        categories = np.arange(len(p))
        score += answer - float(categories @ p)
        information += float((first**2 / p).sum())
        j_sum += float((first * second / p).sum())
    return score + j_sum / (2 * information)


def _reference(pattern: list[float | None], items: list[list[float]]) -> float:
    return optimize.brentq(_warm, -10, 10, args=(pattern, items), xtol=1e-12)


@functools.cache
def _table():
    return index_items()


def _items(index_id: str) -> list[list[float]]:
    table = _table()
    return [list(row) for row in table.loc[table["index_id"] == index_id, "thresholds"]]


HAND_CASES = [
    # Utagerande (9 items, 4 categories): a middling pattern, a high one with a blank.
    ("rise_utagerande", [1, 0, 2, 3, 1, 0, 0, 1, 2]),
    ("rise_utagerande", [3, 2, None, 3, 3, 2, 1, 3, 3]),
    # PsykSomBesv: F90 has five categories, F91 and F93 three, the rest four.
    ("rise_psyk_som_besv", [4, 2, 0, 1, 3, 0, 2, 1, 3]),
    # Community: f101g's disordered thresholds; only five of six answered.
    ("rise_community", [1, 2, 0, None, 1, 3]),
    # Wellbeing: F71 has two categories.
    ("rise_wellbeing", [0, 1, 3, 2, 1, 0, 2, 1, 1]),
]


@pytest.mark.parametrize(("index_id", "pattern"), HAND_CASES)
def test_wle_solves_warms_equation_as_an_independent_solver_does(index_id, pattern) -> None:
    items = _items(index_id)
    categories = np.array([[np.nan if a is None else a for a in pattern]], dtype=float)
    ours = wle(categories, threshold_matrix(items), min_answered=5)[0]
    assert ours == pytest.approx(_reference(pattern, items), abs=1e-6)


def test_a_small_hand_worked_case() -> None:
    """Two dichotomous items at -1 and +1 and one answered right: by symmetry the WLE is 0;
    with thresholds 0 and 0 and one right, the WLE is 0 too (r = sum of P = 1 at theta 0,
    and J = 0 there)."""
    for items in ([[-1.0], [1.0]], [[0.0], [0.0]]):
        located = wle(np.array([[1.0, 0.0]]), threshold_matrix(items), min_answered=1)
        assert located[0] == pytest.approx(0.0, abs=1e-10)


def test_extreme_patterns_are_finite_and_within_the_range() -> None:
    for index_id in ("rise_utagerande", "rise_parenting", "rise_wellbeing"):
        items = _items(index_id)
        top = [len(row) for row in items]
        low = wle(np.zeros((1, len(items))), threshold_matrix(items), min_answered=5)[0]
        high = wle(np.array([top], dtype=float), threshold_matrix(items), min_answered=5)[0]
        assert THETA_RANGE[0] < low < -2 and 2 < high < THETA_RANGE[1]
        assert low == pytest.approx(_reference([0] * len(items), items), abs=1e-6)
        assert high == pytest.approx(_reference(top, items), abs=1e-6)


def test_symmetric_items_give_symmetric_locations() -> None:
    """Thresholds symmetric about 0: the reflected pattern (m - x) has the negated location."""
    items = [[-1.5, 0.0, 1.5], [-0.5, 0.5], [-2.0, -0.3, 0.3, 2.0], [-1.0, 1.0], [0.0]]
    top = np.array([3, 2, 4, 2, 1], dtype=float)
    rng = np.random.default_rng(5)
    patterns = np.floor(rng.random((40, 5)) * (top + 1))
    located = wle(patterns, threshold_matrix(items), min_answered=5)
    reflected = wle(top - patterns, threshold_matrix(items), min_answered=5)
    np.testing.assert_allclose(located, -reflected, atol=1e-9)


def test_the_raw_score_is_sufficient_and_locations_rise_with_it() -> None:
    items = _items("rise_skola_negativ")
    thresholds = threshold_matrix(items)
    top = np.array([len(row) for row in items], dtype=float)
    rng = np.random.default_rng(11)
    patterns = np.floor(rng.random((500, len(items))) * (top + 1))
    located = wle(patterns, thresholds, min_answered=5)
    raw = patterns.sum(axis=1)
    for score in np.unique(raw):
        assert np.ptp(located[raw == score]) == 0.0
    by_score = [located[raw == score][0] for score in np.unique(raw)]
    assert np.all(np.diff(by_score) > 0)


def test_fewer_than_the_minimum_answers_give_no_location() -> None:
    items = _items("rise_parenting")  # six items
    categories = np.array(
        [
            [1, 2, np.nan, np.nan, 0, 1],  # four answered
            [1, 2, np.nan, 1, 0, 1],  # five answered
        ]
    )
    located = wle(categories, threshold_matrix(items), min_answered=5)
    assert math.isnan(located[0]) and not math.isnan(located[1])


def test_a_category_above_the_items_thresholds_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        wle(np.array([[2.0, 0.0]]), threshold_matrix([[0.0], [0.0]]), min_answered=1)


def _catr_wl(pattern: list[float | None], items: list[list[float]]) -> float:
    """catR's thetaEst(method = "WL", range = c(-10, 10)) rule: the bound where Warm's
    equation has one sign over the whole range (both ends negative: the lower bound; both
    positive: the upper), else the root (catR's uniroot; brentq here, to 1e-12)."""
    low, high = (_warm(end, pattern, items) for end in THETA_RANGE)
    if low < 0 and high < 0:
        return THETA_RANGE[0]
    if low > 0 and high > 0:
        return THETA_RANGE[1]
    return _reference(pattern, items)


@pytest.mark.parametrize(
    "index_id",
    [
        "rise_utagerande",
        "rise_skola_negativ",
        "rise_skola_positiv",
        "rise_psyk_som_besv",
        "rise_parenting",
        "rise_community",
        "rise_wellbeing",
    ],
)
def test_extreme_patterns_of_every_index_follow_catrs_wl_rule(index_id: str) -> None:
    """All lowest and all highest categories (and all highest with one item left out) of each
    of RISE's seven indices, against catR's rule solved independently."""
    items = _items(index_id)
    top = [len(row) for row in items]
    patterns = [[0] * len(items), top, [None, *top[1:]]]
    located = wle(
        np.array([[np.nan if a is None else a for a in p] for p in patterns], dtype=float),
        threshold_matrix(items),
        min_answered=5,
    )
    for pattern, ours in zip(patterns, located, strict=True):
        assert ours == pytest.approx(_catr_wl(pattern, items), abs=1e-6)
        assert THETA_RANGE[0] <= ours <= THETA_RANGE[1]


def test_a_root_outside_the_range_gives_the_bound_as_catr_does() -> None:
    """Five dichotomous items at +14 answered all right: Warm's root is near 14 + ln 9 = 16.2,
    beyond the range, and the equation is positive at both ends: catR returns 10. Items at -14
    answered all wrong mirror it (-10); answered all right, the root (-11.8) lies below the
    range and the equation is negative at both ends: catR returns the lower bound, -10."""
    hard, easy = [[14.0]] * 5, [[-14.0]] * 5
    ones, zeros = np.ones((1, 5)), np.zeros((1, 5))
    assert _catr_wl([1] * 5, hard) == 10.0
    assert wle(ones, threshold_matrix(hard), min_answered=5)[0] == 10.0
    assert _catr_wl([0] * 5, easy) == -10.0
    assert wle(zeros, threshold_matrix(easy), min_answered=5)[0] == -10.0
    assert _catr_wl([1] * 5, easy) == -10.0
    assert wle(ones, threshold_matrix(easy), min_answered=5)[0] == -10.0
