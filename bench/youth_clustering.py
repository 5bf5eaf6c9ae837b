"""Monte Carlo of the youth profile's comparison with RISE's reference on pupils clustered in
schools (and classes), where every factor is exactly at its reference share in the population.

    python -m bench.youth_clustering [runs]

Prints, per scenario, the share of simulated selections in which some verdict of the profile
says "fler än i referensen" (and, separately, "färre"), and how often the printed 95 % intervals
hold the reference share. The profile prints 14 verdicts at once (the seven factors' share at a
concerning level, from P75 or below P15, and their share at the top level, from P90 or from
P85), so one selection is one family.

Pupils of a municipality, one grade and one wave: 3-8 schools of 20-120 pupils each (Vaxholm's
size). A pupil's latent location on factor f is sqrt(icc) * school effect + sqrt(1 - icc) *
pupil effect, both standard normal with the factors correlated as in the example data
(data.example_youth.TRAIT_CORRELATION) at the school level; the pupil level is independent across
factors given the school (Holm holds under any dependence; independence is its least
favourable case). Cut at the reference population's percentiles (P75/P90 risk, P15/P85
protective), so every factor is at its reference share over schools. Up to 8 % of pupils per
factor have too few answers. Scenarios break the model's assumptions:

- icc X: school intraclass correlation X of the latent location (0, 0.02, 0.05, 0.10);
- classes: school icc 0.05 plus class icc 0.03 (classes of at most 25 pupils);
- skewed: school effects from a standardised exponential distribution (icc 0.10), cut-offs
  calibrated so the population share is still the reference share;
- one school: a single school of 60-120 pupils (icc 0.10).

It also prints the power the design effect leaves: how often the first risk factor is called
"fler" when its share from P75 is 35 % or 45 % instead of 25 % (icc 0.05).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from analytics.risk_factors import ABOVE_REFERENCE, BELOW_REFERENCE, compare_with_reference
from data.example_youth import TRAIT_CORRELATION

# Five risk factors, two protective, in the order of TRAIT_CORRELATION.
PROTECTIVE = np.array([False] * 5 + [True] * 2)
# Reference shares (percent): flagged (from P75 / below P15), then top (from P90 / from P85).
EXPECTED = np.concatenate([np.where(PROTECTIVE, 15.0, 25.0), np.where(PROTECTIVE, 15.0, 10.0)])
MISSING_MAX = 0.08
CLASS_SIZE = 25


@dataclass(frozen=True)
class Scenario:
    name: str
    icc: float
    class_icc: float = 0.0
    skewed: bool = False
    schools: tuple[int, int] = (3, 8)
    school_size: tuple[int, int] = (20, 120)


SCENARIOS = (
    Scenario("icc 0", 0.0),
    Scenario("icc 0.02", 0.02),
    Scenario("icc 0.05", 0.05),
    Scenario("icc 0.10", 0.10),
    Scenario("classes", 0.05, class_icc=0.03),
    Scenario("skewed", 0.10, skewed=True),
    Scenario("one school", 0.10, schools=(1, 1), school_size=(60, 120)),
)


def _school_effects(rng: np.random.Generator, shape: tuple[int, ...], skewed: bool) -> np.ndarray:
    """Standardised school effects, correlated across the last axis (the seven factors)."""
    chol = np.linalg.cholesky(TRAIT_CORRELATION)
    if skewed:
        # A Gaussian copula with exponential margins (mean 0, variance 1).
        normal = rng.standard_normal(shape) @ chol.T
        return stats.expon.ppf(stats.norm.cdf(normal)) - 1.0
    return rng.standard_normal(shape) @ chol.T


def _cut_points(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Latent cut-offs (lower, upper) per factor at which the population shares are the
    reference shares: P75/P90 for risk, P15/P85 for protective."""
    lower_share = np.where(PROTECTIVE, 0.15, 0.75)  # share below the lower cut-off
    upper_share = np.where(PROTECTIVE, 0.85, 0.90)
    if not scenario.skewed:
        return stats.norm.ppf(lower_share), stats.norm.ppf(upper_share)
    grid = np.random.default_rng(0).standard_exponential(200_000) - 1.0
    school_sd, rest_sd = np.sqrt(scenario.icc), np.sqrt(1 - scenario.icc)

    def below(cut: float) -> float:
        return float(stats.norm.cdf((cut - school_sd * grid) / rest_sd).mean())

    def solve(share: float) -> float:
        return optimize.brentq(lambda cut: below(cut) - share, -10, 10)

    return (
        np.array([solve(share) for share in lower_share]),
        np.array([solve(share) for share in upper_share]),
    )


def simulate_counts(
    rng: np.random.Generator, scenario: Scenario, runs: int, first_share: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """counts, n_scored: (runs, 14) arrays, flagged then top per factor. first_share: the
    first factor's population share from P75 (fraction) instead of the reference's 25 %."""
    lower, upper = _cut_points(scenario)
    if first_share is not None:
        lower = lower.copy()
        lower[0] = stats.norm.ppf(1.0 - first_share)
    factors = len(PROTECTIVE)
    schools = rng.integers(scenario.schools[0], scenario.schools[1] + 1, runs)
    max_schools = scenario.schools[1]
    sizes = rng.integers(scenario.school_size[0], scenario.school_size[1] + 1, (runs, max_schools))
    sizes = np.where(np.arange(max_schools)[None, :] < schools[:, None], sizes, 0)
    school = np.sqrt(scenario.icc) * _school_effects(
        rng, (runs, max_schools, factors), scenario.skewed
    )
    # Classes of at most CLASS_SIZE pupils in each school, each with its own effect.
    classes = -(-scenario.school_size[1] // CLASS_SIZE)
    class_sizes = np.clip(
        sizes[:, :, None] - CLASS_SIZE * np.arange(classes)[None, None, :], 0, CLASS_SIZE
    )
    effect = school[:, :, None, :] + np.sqrt(scenario.class_icc) * rng.standard_normal(
        (runs, max_schools, classes, factors)
    )
    rest = np.sqrt(1.0 - scenario.icc - scenario.class_icc)
    below_lower = stats.norm.cdf((lower - effect) / rest)
    above_upper = stats.norm.sf((upper - effect) / rest)
    missing = rng.uniform(0, MISSING_MAX, factors)
    m = np.broadcast_to(class_sizes[..., None], effect.shape)
    scored = rng.binomial(m, 1.0 - missing)
    # Risk: flagged = from P75 (the top, from P90, within it); protective: flagged = below
    # P15, top = from P85 (disjoint).
    p_top = above_upper
    top = rng.binomial(scored, p_top)
    p_flagged_rest = np.where(
        PROTECTIVE,
        below_lower / (1.0 - above_upper),
        (1.0 - below_lower - above_upper) / np.maximum(1.0 - above_upper, 1e-300),
    )
    rest_flagged = rng.binomial(scored - top, np.clip(p_flagged_rest, 0.0, 1.0))
    flagged = np.where(PROTECTIVE, rest_flagged, rest_flagged + top)
    counts = np.concatenate([flagged.sum(axis=(1, 2)), top.sum(axis=(1, 2))], axis=1)
    n_scored = np.tile(scored.sum(axis=(1, 2)), 2)
    return counts, n_scored


def measure(scenario: Scenario, runs: int, seed: int = 1) -> dict[str, float]:
    """False 'more' and 'fewer' rates (share of selections with at least one such verdict among
    the 14) and coverage of the printed intervals (all 14, and the worst of them)."""
    counts, n_scored = simulate_counts(np.random.default_rng(seed), scenario, runs)
    # The printed interval is the test inverted: it holds the reference exactly when the
    # unadjusted p-value is at least 0.05 (tests/analytics/test_youth_risk_factors.py::
    # test_interval_and_unadjusted_test_agree), so the intervals need not be computed here.
    result = compare_with_reference(counts, n_scored, EXPECTED, intervals=False)
    covered = result["p_value"] >= 0.05
    return {
        "false_more": float((result["verdict"] == ABOVE_REFERENCE).any(axis=1).mean()),
        "false_fewer": float((result["verdict"] == BELOW_REFERENCE).any(axis=1).mean()),
        "coverage": float(covered.mean()),
        "coverage_min": float(covered.mean(axis=0).min()),
        "pupils": float(n_scored[:, 0].mean()),
    }


def power(first_share: float, runs: int, seed: int = 2) -> float:
    """Share of selections (icc 0.05, 3-8 schools) whose first risk factor is called "fler"
    when its population share from P75 is first_share (fraction)."""
    scenario = Scenario("power", 0.05)
    counts, n_scored = simulate_counts(np.random.default_rng(seed), scenario, runs, first_share)
    result = compare_with_reference(counts, n_scored, EXPECTED, intervals=False)
    return float((result["verdict"][:, 0] == ABOVE_REFERENCE).mean())


def main(runs: int) -> None:
    error = 2 * np.sqrt(0.025 * 0.975 / runs)
    print(f"{runs} selections per scenario; nominal 2.5 % per direction (MC 2 SE {error:.2%})")
    print(f"{'scenario':<12} {'pupils':>7} {'fler':>7} {'färre':>7} {'coverage':>9} {'worst':>7}")
    for scenario in SCENARIOS:
        figures = measure(scenario, runs)
        print(
            f"{scenario.name:<12} {figures['pupils']:>7.0f} {figures['false_more']:>7.2%} "
            f"{figures['false_fewer']:>7.2%} {figures['coverage']:>9.2%} "
            f"{figures['coverage_min']:>7.2%}"
        )
    for share in (0.35, 0.45):
        print(f"power, first risk factor at {share:.0%} (icc 0.05): {power(share, runs):.1%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
