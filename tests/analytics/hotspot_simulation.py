"""Generated place histories where nothing changes, for the Monte Carlo check of the hotspot
ranking's verdicts (tests/analytics/test_hotspot_calibration.py, bench/hotspots.py).

Each municipality has 40 places in 4 areas; each place its own weekly level (0.1 to 4
reports a week), its own overdispersion and a slow wander of its level. The period assessed
and the one before come from the same process as the history: any verdict is false.

Scenarios:
- "heterogeneous": negative-binomial weekly noise (alpha 0.01 to 1.5 per place), AR(1)
  wander of the log level (0.95 a week, stationary standard deviation 0 to 0.4 per place).
- "short": as "heterogeneous" with 30 weeks of history.
- "held_out": written after the method was chosen and run once: levels from a gamma
  distribution, lognormal weekly noise (standard deviation 0 to 0.8 per place), a wander of
  each place's own speed (AR 0.8 to 0.98), Student-t (4 df) shocks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analytics import est
from analytics.change import NO_CERTAIN_CHANGE

N_PLACES = 40
AREAS = [f"area{i}" for i in range(4)]
FIRST_WEEK = dt.date(2022, 1, 3)


def _wander(rng: np.random.Generator, n_weeks: int, ar: np.ndarray, sd: np.ndarray, t_df=None):
    shocks = (
        rng.standard_t(t_df, (len(ar), n_weeks))
        if t_df
        else rng.standard_normal((len(ar), n_weeks))
    )
    if t_df:
        shocks = shocks / np.sqrt(t_df / (t_df - 2))
    scale = (sd * np.sqrt(1 - ar**2))[:, None]
    path = np.zeros((len(ar), n_weeks))
    path[:, 0] = sd * rng.standard_normal(len(ar))
    for j in range(1, n_weeks):
        path[:, j] = ar * path[:, j - 1] + scale[:, 0] * shocks[:, j]
    return path - sd[:, None] ** 2 / 2


def heterogeneous_counts(n_weeks: int, rng: np.random.Generator) -> np.ndarray:
    level = np.exp(rng.uniform(np.log(0.1), np.log(4.0), N_PLACES))
    sd = rng.uniform(0.0, 0.4, N_PLACES)
    means = level[:, None] * np.exp(_wander(rng, n_weeks, np.full(N_PLACES, 0.95), sd))
    alpha = np.exp(rng.uniform(np.log(0.01), np.log(1.5), N_PLACES))[:, None]
    return rng.poisson(means * rng.gamma(1 / alpha, alpha, means.shape)).astype(float)


def held_out_counts(n_weeks: int, rng: np.random.Generator) -> np.ndarray:
    level = rng.gamma(0.9, 1.5, N_PLACES) + 0.05
    ar = rng.uniform(0.8, 0.98, N_PLACES)
    sd = rng.uniform(0.0, 0.5, N_PLACES)
    means = level[:, None] * np.exp(_wander(rng, n_weeks, ar, sd, t_df=4))
    noise = rng.uniform(0.0, 0.8, N_PLACES)[:, None]
    means = means * np.exp(noise * rng.standard_normal(means.shape) - noise**2 / 2)
    return rng.poisson(means).astype(float)


@dataclass(frozen=True)
class Scenario:
    name: str
    counts: object
    history: int


SCENARIOS = {
    "heterogeneous": Scenario("heterogeneous", heterogeneous_counts, 156),
    "short": Scenario("short", heterogeneous_counts, 30),
    "held_out": Scenario("held_out", held_out_counts, 156),
}


def _places() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": [AREAS[i % len(AREAS)] for i in range(N_PLACES)],
            "place": [f"place{i:02d}" for i in range(N_PLACES)],
        }
    )


def _period(counts: np.ndarray, places: pd.DataFrame) -> pd.DataFrame:
    return places.assign(count=counts.sum(axis=1).astype(int), mean_severity=1.0)


@dataclass(frozen=True)
class Outcome:
    """Per ranked place: a verdict from the new test, and from the old Poisson test."""

    verdict: np.ndarray
    poisson_verdict: np.ndarray

    def summary(self) -> dict[str, float]:
        n = len(self.verdict)
        new, old = self.verdict.mean(), self.poisson_verdict.mean()
        return {
            "ranked": n,
            "false_flags": float(new),
            "se": float(np.sqrt(new * (1 - new) / n)),
            "poisson_false_flags": float(old),
        }


def run(scenario: Scenario, *, datasets: int, weeks: int, seed: int) -> Outcome:
    """Rank the places of `datasets` municipalities over periods of `weeks` weeks."""
    rng = np.random.default_rng(seed)
    places = _places()
    n_weeks = scenario.history + 2 * weeks
    calendar = est.week_range(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=n_weeks - 1))
    period_start = calendar[scenario.history + weeks]
    verdicts, poisson = [], []
    for _ in range(datasets):
        counts = scenario.counts(n_weeks, rng)
        current = _period(counts[:, -weeks:], places)
        previous = _period(counts[:, -2 * weeks : -weeks], places)
        past = counts[:, :-weeks]
        rows, columns = np.nonzero(past)
        history = pd.DataFrame(
            {
                "area_id": places["area_id"].to_numpy()[rows],
                "place": places["place"].to_numpy()[rows],
                "week_start": np.array(calendar, dtype=object)[columns],
                "count": past[rows, columns].astype(int),
            }
        )
        ranking = est.hotspot_ranking(
            current,
            previous,
            weeks=weeks,
            history=history,
            first_week=calendar[0],
            period_start=period_start,
        )
        verdicts.extend(ranking["verdict"] != NO_CERTAIN_CHANGE)
        # The old verdict: compare_rates' exact Poisson test (its p-value is this binomial
        # test's; tests/analytics/test_change.py checks that).
        poisson.extend(
            stats.binomtest(int(new), int(old + new), 0.5).pvalue < 0.05
            for old, new in zip(ranking["previous_count"], ranking["count"], strict=True)
        )
    return Outcome(np.array(verdicts), np.array(poisson))
