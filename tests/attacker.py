"""The public as an attacker: every number a page shows is a linear fact about unknown counts.

Unknowns are non-negative counts (reports per week, place and category; offences per crime
type, municipality and year; ...). A shown entry is an equation (its cells sum to the shown
value), a "<5" an inequality 1 <= sum <= 4, a ".." nothing beyond the counts being >= 0. For
a hidden quantity the attacker solves two linear programmes (scipy.optimize.linprog, HiGHS):
its least and its largest value given everything seen. Where the two are less than one apart
the quantity is pinned: the public can work it out. The rule under test is never consulted:
this is an independent check of analytics.suppression.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from analytics.suppression import PRIMARY, SMALL_COUNT_MAX


class Attacker:
    """What the public has seen: linear facts about `n_vars` unknown counts (all >= 0)."""

    def __init__(self, n_vars: int):
        self.n = n_vars
        self._eq: list[tuple[list[int], list[float], float]] = []
        self._ub: list[tuple[list[int], list[float], float]] = []

    @staticmethod
    def _terms(index: Iterable[int], weights: Iterable[float] | None) -> tuple[list, list]:
        index = [int(k) for k in index]
        weights = [1.0] * len(index) if weights is None else [float(w) for w in weights]
        return index, weights

    def shown(self, index, value, weights=None) -> None:
        """sum(weights * x[index]) == value (a shown count, or a shown weighted sum)."""
        self._eq.append((*self._terms(index, weights), float(value)))

    def at_most(self, index, value, weights=None) -> None:
        self._ub.append((*self._terms(index, weights), float(value)))

    def hidden(self, index, how) -> None:
        """A hidden entry: "<5" (primary) is 1..4, ".." (secondary) only >= 0."""
        if how == PRIMARY:
            index, weights = self._terms(index, None)
            self._ub.append((index, weights, float(SMALL_COUNT_MAX)))
            self._ub.append((index, [-w for w in weights], -1.0))

    def see(self, index, value, how) -> None:
        if how == "":
            self.shown(index, value)
        else:
            self.hidden(index, how)

    @staticmethod
    def _matrix(rows, n) -> tuple[csr_matrix | None, np.ndarray | None]:
        if not rows:
            return None, None
        data, cols, ptr, rhs = [], [], [0], []
        for index, weights, value in rows:
            cols += index
            data += weights
            ptr.append(len(cols))
            rhs.append(value)
        return csr_matrix((data, cols, ptr), shape=(len(rows), n)), np.array(rhs)

    def range_of(self, index, weights=None) -> tuple[float, float]:
        """(least, largest) value of sum(weights * x[index]) given everything seen."""
        index, weights = self._terms(index, weights)
        objective = np.zeros(self.n)
        np.add.at(objective, index, weights)
        a_eq, b_eq = self._matrix(self._eq, self.n)
        a_ub, b_ub = self._matrix(self._ub, self.n)
        kwargs = {"A_eq": a_eq, "b_eq": b_eq, "A_ub": a_ub, "b_ub": b_ub, "bounds": (0, None)}
        low = linprog(objective, method="highs", **kwargs)
        assert low.status == 0, "what the public sees must be consistent"
        high = linprog(-objective, method="highs", **kwargs)
        return low.fun, (np.inf if high.status == 3 else -high.fun)

    def pinned(self, index, weights=None) -> bool:
        low, high = self.range_of(index, weights)
        return high - low < 1 - 1e-6
