"""The Lägesbild's claims checked by Monte Carlo on data that break the model's assumptions
(tests/analytics/est_simulation.py): cells that differ in season, holiday effects and
overdispersion, 30 weeks of history, and a held-out generator never used while tuning.

Each run is a handful of generated municipalities, 8 weeks assessed in each (about 0.2 s a
week). The Monte Carlo standard error is stated at each limit; the limits are set so that the
old model (one overdispersion per category, shared holiday effects, gamma-tailed predictive,
BH at 5 %) fails them: it alerted in 11 % of heterogeneous weeks, 36 % with 30 weeks of
history and 14 % on the held-out generator (200 weeks each)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from scipy import integrate, stats

from analytics import est
from tests.analytics import est_simulation as simulation


@pytest.fixture(scope="module")
def heterogeneous() -> simulation.Outcome:
    return simulation.run(
        simulation.SCENARIOS["heterogeneous"], datasets=6, weeks_per_dataset=8, seed=202
    )


@pytest.mark.slow
def test_heterogeneous_cells_alert_in_at_most_5_percent_of_no_change_weeks(
    heterogeneous: simulation.Outcome,
) -> None:
    # 48 weeks: at a true 2 % the standard error is 2 points; 3 or more weeks with an alert
    # (6 %) would be the old model's kind (11 %: 5 expected).
    assert heterogeneous.any_alert.sum() <= 2


@pytest.mark.slow
def test_area_ticks_are_95_percent_predictive_limits(heterogeneous: simulation.Outcome) -> None:
    # 48 weeks x 8 areas: each area's total above its drawn 95 % tick in about 5 % of weeks
    # (standard error about 1.1 points if the areas were independent).
    share = heterogeneous.area_above.mean()
    assert 0.02 <= share <= 0.08


@pytest.mark.slow
def test_thirty_weeks_of_history_alerts_in_at_most_5_percent_of_weeks() -> None:
    outcome = simulation.run(
        simulation.SCENARIOS["short"], datasets=4, weeks_per_dataset=8, seed=203
    )
    # 32 weeks; the old model alerted in 36 % of them (standard error 3 points at 200 weeks).
    assert outcome.any_alert.sum() <= 1
    assert outcome.area_above.mean() <= 0.08


@pytest.mark.slow
def test_held_out_generator_alerts_in_at_most_5_percent_of_weeks() -> None:
    outcome = simulation.run(
        simulation.SCENARIOS["held_out"], datasets=6, weeks_per_dataset=8, seed=2604
    )
    # 48 weeks: 2 or fewer with an alert; the old model: 14 %.
    assert outcome.any_alert.sum() <= 2


@pytest.mark.slow
def test_new_year_week_with_area_specific_holiday_effects() -> None:
    # The old model alerted in 20 % (156 weeks of history) and 88 % (30 weeks) of New Year
    # weeks when areas differ in how much New Year adds.
    outcome = simulation.run(
        simulation.SCENARIOS["heterogeneous"], datasets=12, weeks_per_dataset=1, seed=205
    )
    assert outcome.new_year.all()
    assert outcome.any_alert.sum() <= 1


# --- the predictive distribution against references --------------------------------------


def test_mixture_tail_equals_numerical_integration() -> None:
    # The reference: scipy's adaptive quadrature of the Poisson tail against the density of
    # a Student t (PREDICTIVE_DF degrees of freedom) scaled to variance 1, over the whole line.
    mean, alpha, log_variance = 3.0, 0.4, 0.5
    noise = np.log1p(alpha)
    df = est.PREDICTIVE_DF
    scale = np.sqrt((df - 2) / df)

    def integrand(z: float, y: int) -> float:
        log_rate = min(np.sqrt(log_variance + noise) * z - noise / 2, 600.0)
        return stats.poisson.sf(y - 1, mean * np.exp(log_rate)) * stats.t.pdf(z / scale, df) / scale

    for y in (1, 5, 12, 30, 200):
        reference = sum(
            integrate.quad(integrand, a, b, args=(y,), epsabs=1e-14, limit=200)[0]
            for a, b in ((-np.inf, -8), (-8, 0), (0, 8), (8, np.inf))
        )
        assert est.mixture_tail(np.array([y]), mean, alpha, log_variance)[0] == pytest.approx(
            reference, rel=2e-4, abs=1e-12
        )
    # Without any extra variation it is the Poisson tail.
    assert est.mixture_tail(np.array([5]), 3.0, 0.0, 0.0)[0] == pytest.approx(
        stats.poisson.sf(4, 3.0)
    )
    # z has variance 1 and median 0, so the week's log-rate has variance log(1 + alpha) and
    # the median rate is the lognormal's (mean x exp(-noise / 2)).
    assert est._WEIGHTS.sum() == pytest.approx(1.0, abs=1e-12)
    assert (est._NODES**2) @ est._WEIGHTS == pytest.approx(1.0, rel=1e-3)
    assert est._WEIGHTS[est._NODES < 0].sum() == pytest.approx(
        est._WEIGHTS[est._NODES > 0].sum(), abs=1e-12
    )


def test_mixture_tail_is_heavier_than_lognormal_far_out() -> None:
    # Far from the mean the tail is the t's, far above the lognormal's with the same
    # variance: a week of 100 reports in a cell of 10 with alpha 0.6 (log-scale sd 0.69) is
    # no longer certain. The old lognormal mixture gave it p = 1.3e-4, below the first
    # Benjamini–Hochberg threshold of 104 cells at 2 % (1.9e-4): an alert on its own; the t
    # spread gives 1.1e-3.
    mean, alpha = 10.0, 0.6
    noise = np.log1p(alpha)
    tail = est.mixture_tail(np.array([100]), mean, alpha, 0.0)[0]
    sigma = np.sqrt(noise)
    lognormal = sum(
        w * stats.poisson.sf(99, mean * np.exp(sigma * z - noise / 2))
        for z, w in zip(
            np.linspace(-8, 8, 1601),
            stats.norm.pdf(np.linspace(-8, 8, 1601))
            / stats.norm.pdf(np.linspace(-8, 8, 1601)).sum(),
            strict=True,
        )
    )
    assert lognormal < 0.02 / 104
    assert tail > 5 * lognormal
    assert tail > 0.02 / 104 * 5


def test_mixture_quantile_and_signal_threshold_invert_the_tail() -> None:
    mean = np.array([0.1, 2.0, 10.0, 40.0])
    alpha = np.array([0.5, 0.0, 0.3, 0.1])
    log_variance = np.array([1.0, 0.05, 0.2, 0.01])
    upper = est.mixture_quantile(0.95, mean, alpha, log_variance)
    assert (est.mixture_tail(upper + 1, mean, alpha, log_variance) <= 0.05).all()
    assert (est.mixture_tail(upper, mean, alpha, log_variance) > 0.05).all()
    level = 0.02 / 104
    signal = est.signal_threshold(mean, alpha, log_variance, level)
    assert (est.mixture_tail(signal, mean, alpha, log_variance) <= level).all()
    assert (est.mixture_tail(signal - 1, mean, alpha, log_variance) > level).all()


def test_no_alert_says_what_a_cell_could_have_caught() -> None:
    # The page's sentence: a doubling of a cell with 2 reports a week is flagged less than
    # once in a hundred, since the signal needs many more than 4 reports.
    rng = np.random.default_rng(206)
    weeks = est.week_range(simulation.FIRST_WEEK, simulation.FIRST_WEEK + dt.timedelta(weeks=150))
    means = simulation.heterogeneous_means(weeks, rng)
    means[0], means[1] = 2.0, 10.0
    counts = simulation.draw(means, None, rng)
    assessment = est.assess_week(
        simulation.weekly_frame(counts, weeks),
        week=weeks[-1],
        areas=simulation.AREAS,
        categories=simulation.CATEGORIES,
        first_week=weeks[0],
    )
    cells = assessment.cells
    assert (cells["signal_at"] > cells["upper"]).all()
    two, ten = cells.iloc[0], cells.iloc[1]
    assert two["expected"] == pytest.approx(2.0, rel=0.25)
    assert stats.poisson.sf(two["signal_at"] - 1, 4.0) < 0.01
    assert stats.poisson.sf(ten["signal_at"] - 1, 20.0) < 0.5


# --- the page's printed claims (ui/messages_est.py) on the second held-out generator -----
# held_out_2 (est_simulation.second_held_out_means) was written after the model was tuned:
# its own triangular seasons, holiday effects, level wander and Student-t noise. It then
# chose between a normal and a t spread (4 or 10 degrees of freedom), so it is no longer
# held out; held_out_3 was written before. bench/est_claims.py prints the full table.


@pytest.fixture(scope="module")
def held_out_2() -> simulation.Outcome:
    # 120 weeks (about 40 s on an idle core).
    return simulation.run(
        simulation.SCENARIOS["held_out_2"], datasets=15, weeks_per_dataset=8, seed=105
    )


@pytest.mark.slow
def test_claim_alerts_in_at_most_5_of_100_weeks_on_held_out_data(
    held_out_2: simulation.Outcome,
) -> None:
    # est_alert_method: "at most 5 weeks in 100" also on data whose level wanders with
    # heavy-tailed weeks. With a normal spread on the log scale (the lognormal predictive)
    # these 120 weeks had 6 with an alert (5.0 %; the page then said "5-7 in 100"); with the
    # Student-t spread (est.PREDICTIVE_DF = 10) 2 (1.7 %, standard error 1.2 points).
    assert held_out_2.any_alert.sum() <= 3


@pytest.mark.slow
def test_claim_alerts_in_at_most_5_of_100_weeks_on_clustered_reports() -> None:
    # held_out_4 (written before the t spread was run on it): clustered reports, four-week
    # level blocks, reporters' summer gaps. 48 weeks: 2 or fewer with an alert.
    outcome = simulation.run(
        simulation.SCENARIOS["held_out_4"], datasets=6, weeks_per_dataset=8, seed=2607
    )
    assert outcome.any_alert.sum() <= 2


@pytest.mark.slow
def test_claim_area_ticks_one_week_in_20_and_any_area_one_in_3(
    held_out_2: simulation.Outcome,
) -> None:
    # est_week_chart_note: an area above its tick "about one week in 20", some area "about
    # one week in three". 120 weeks x 8 areas; standard errors about 0.7 and 4 points.
    assert 0.02 <= held_out_2.area_above.mean() <= 0.08
    assert 0.15 <= held_out_2.area_above.any(axis=1).mean() <= 0.5


@pytest.mark.slow
def test_claim_a_doubling_at_two_a_week_alerts_less_than_once_in_100() -> None:
    # est_no_alert_power: "a doubling of a combination with 2 reports a week raises an alert
    # less than once in a hundred". Per generated municipality (held-out background), the
    # chance that the doubled cell (Poisson, mean 4 that week) reaches the fewest reports
    # that would have alerted (signal_at): the Monte Carlo average of an exact probability,
    # with far less noise than counting alerts. bench/est_claims.py counts alerts too.
    rng = np.random.default_rng(2606)
    weeks = est.week_range(simulation.FIRST_WEEK, simulation.FIRST_WEEK + dt.timedelta(weeks=156))
    scenario = simulation.SCENARIOS["held_out_2"]
    chances = []
    for _ in range(6):
        counts = simulation.draw(scenario.means(weeks, rng), scenario.noise, rng)
        counts[0] = rng.poisson(2.0, len(weeks))
        assessment = est.assess_week(
            simulation.weekly_frame(counts, weeks),
            week=weeks[-1],
            areas=simulation.AREAS,
            categories=simulation.CATEGORIES,
            first_week=weeks[0],
        )
        signal = assessment.cells["signal_at"].iloc[0]
        chances.append(stats.poisson.sf(signal - 1, 4.0))
    assert np.mean(chances) < 0.01
