"""The weekly EST picture: expected counts, alerts, hotspots and the weekday x hour pattern.

Input is the data layer's weekly counts (one row per ISO week, area and category with at
least one report: week_start (Monday), area_id, category_id, count); weeks without reports are
zeros, filled in here.

**Expected count.** Each area x category cell gets a Poisson log-linear model of its own
weekly history (up to three years before the week assessed):

    log E[count] = intercept + trend x years + sum_k (a_k sin + b_k cos)(2 pi k t)
                   + valborg + skolavslutning + midsommar + nyår + public holidays

with t the week's position in the year (three harmonics) and one flag per special evening
(analytics.est_calendar). The seasonal, holiday and trend terms get weak Gaussian shrinkage
(a ridge penalty; prior standard deviation 1 on the log scale, 0.5 for the trend) so that a
sparse cell, or a holiday seen only twice, cannot produce a wild estimate. All cells are
fitted at once by penalised iteratively reweighted least squares (the same algorithm as
statsmodels' GLM; without the penalty the two agree, which the tests check). Overdispersion
is the Pearson statistic per degree of freedom, at least 1. A cell with fewer than
`MIN_EVENTS_FOR_MODEL` reports in its history gets a constant rate (reports + 0.5) / weeks.

**Alerts.** For the week assessed, each cell's upper-tail p-value is P(Y >= observed) under
a predictive distribution (mixture_tail): a Poisson count whose rate varies around the
expected count (log-t), with the cell's own overdispersion (cell_dispersion), the uncertainty of the
estimate (posterior covariance: a season or holiday the history barely shows keeps its prior
uncertainty) and, in holiday weeks, how much an area's holiday may differ from its category's
(holiday_variance). A week has one test per cell (8 areas x 13 categories = 104); the
Benjamini–Hochberg procedure at ALERT_FDR (2 %) across all cells of the week keeps alerts
without any change rare. The rate's spread around the expectation is a Student t on the log
scale (PREDICTIVE_DF = 10), not normal: real weeks now and then stray far. Share of no-change
weeks with an alert (bench/est_claims.py 15: 120 weeks a scenario, standard error about 1.2
points at 2 %), normal spread -> t spread: the model's own kind of data 0 -> 0 %; cells that
differ in season, holiday effects and overdispersion 1.7 -> 0 %; with 30 weeks of history
0.8 -> 0 %; held-out generators: lognormal weekly noise 3.3 -> 0 %, level wander with
Student-t weeks 5.0 -> 1.7 %, level breaks and event weeks in the history 0.8 -> 0 %,
clustered reports with four-week level blocks and reporters' summer gaps (written before
the t spread was run on it) 1.7 -> 0 %. The price is power in
irregular cells (bench/est_claims.py detectable): a cell of 10 a week needs 47 reports
instead of 36 with alpha 0.1, 169 instead of 84 with alpha 0.5; a Poisson cell is hardly
affected (25 either way). The per-cell and
per-area 95 % upper
limits are predictive limits from the same distribution (an area's total: negative binomial
with the summed variance); each area is above its limit in 4-6 % of no-change weeks, so with
8 areas one of them is in about a third of weeks. signal_at is the fewest reports that would
have given a cell an alert: what "no alert" can rule out.

All functions are pure: no I/O, inputs never mutated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from analytics.change import NO_CERTAIN_CHANGE, compare_rates
from analytics.est_calendar import SPECIAL_DAYS, week_calendar

# Benjamini–Hochberg false-discovery level across the cells of one week.
ALERT_FDR = 0.02
# One-sided level of each cell's upper limit (shown, not used for alerts).
UPPER_LIMIT_LEVEL = 0.95
# Harmonics of the yearly season (sin/cos pairs).
HARMONICS = 3
# A cell needs at least this many reports in its history for the seasonal model.
MIN_EVENTS_FOR_MODEL = 10
# Weeks of history needed before a week can be assessed, and the most that are used.
MIN_HISTORY_WEEKS = 26
MAX_HISTORY_WEEKS = 156
# Prior standard deviations (log scale) of the shrunk terms: seasonal and holiday terms, trend
# per year, and the effect of one public holiday in the week.
PRIOR_SD_SEASON = 1.0
PRIOR_SD_TREND = 0.5
PRIOR_SD_PUBLIC_HOLIDAY = 0.5
# Prior standard deviation of an area's own bend of the first seasonal harmonic.
PRIOR_SD_AREA_SEASON = 0.5
DAYS_PER_YEAR = 365.25

CELL_COLUMNS = [
    "area_id",
    "category_id",
    "observed",
    "expected",
    "dispersion",
    "upper",
    "p_value",
    "q_value",
    "alert",
    "method",
    "signal_at",
]


# --- weekly counts ---------------------------------------------------------------------------


def monday(day: dt.date) -> dt.date:
    """The Monday of `day`'s ISO week."""
    day = pd.Timestamp(day).date()
    return day - dt.timedelta(days=day.weekday())


def week_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every Monday from the week of `first` to the week of `last`, inclusive."""
    start, end = monday(first), monday(last)
    return [start + dt.timedelta(weeks=n) for n in range((end - start).days // 7 + 1)]


def count_matrix(
    weekly: pd.DataFrame, *, cells: Sequence[tuple[str, str]], weeks: Sequence[dt.date]
) -> np.ndarray:
    """Counts as a cells x weeks array (zeros where the data have no row).

    weekly: week_start, area_id, category_id, count. Rows outside `cells` or `weeks` are
    ignored.
    """
    cell_index = {cell: i for i, cell in enumerate(cells)}
    week_index = {week: j for j, week in enumerate(weeks)}
    matrix = np.zeros((len(cells), len(weeks)))
    if weekly.empty:
        return matrix
    starts = pd.to_datetime(weekly["week_start"])
    mondays = (starts - pd.to_timedelta(starts.dt.day_of_week, unit="D")).dt.date
    for start, area, category, count in zip(
        mondays, weekly["area_id"], weekly["category_id"], weekly["count"], strict=True
    ):
        i, j = cell_index.get((area, category)), week_index.get(start)
        if i is not None and j is not None:
            matrix[i, j] += float(count)
    return matrix
    starts = [monday(value) for value in weekly["week_start"]]
    for start, area, category, count in zip(
        starts, weekly["area_id"], weekly["category_id"], weekly["count"], strict=True
    ):
        i, j = cell_index.get((area, category)), week_index.get(start)
        if i is not None and j is not None:
            matrix[i, j] += float(count)
    return matrix


# --- the model -------------------------------------------------------------------------------


def design_matrix(weeks: Sequence[dt.date], *, reference: dt.date) -> pd.DataFrame:
    """The calendar covariates, one row per week (Monday), columns in a fixed order.

    trend (years from `reference`); sin_k/cos_k of the week's position in the year (its
    Thursday, k = 1..HARMONICS); one 0/1 flag per special evening; public_holidays (number of
    other public holidays in the week).
    """
    rows = []
    for week in weeks:
        thursday = week + dt.timedelta(days=3)
        position = (thursday.timetuple().tm_yday - 0.5) / DAYS_PER_YEAR
        row = {"trend": (week - reference).days / DAYS_PER_YEAR}
        for k in range(1, HARMONICS + 1):
            row[f"sin_{k}"] = np.sin(2 * np.pi * k * position)
            row[f"cos_{k}"] = np.cos(2 * np.pi * k * position)
        row.update(week_calendar(week))
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index(list(weeks), name="week_start"))


def penalty_vector_calendar(columns: Sequence[str]) -> np.ndarray:
    """Ridge penalty (1 / prior variance) for design_matrix columns."""
    penalties = {"trend": PRIOR_SD_TREND**-2, "public_holidays": PRIOR_SD_PUBLIC_HOLIDAY**-2}
    return np.array([penalties.get(column, PRIOR_SD_SEASON**-2) for column in columns])


# Calendar columns shared by every area of a category (season and holidays), and the first
# harmonic, which each area may bend (the harbour's summer is not the islands').
SHARED_COLUMNS = [
    *[f"{kind}_{k}" for k in range(1, HARMONICS + 1) for kind in ("sin", "cos")],
    *SPECIAL_DAYS,
    "public_holidays",
]
AREA_SEASON_COLUMNS = ["sin_1", "cos_1"]


def category_design(calendar: pd.DataFrame, n_areas: int) -> tuple[np.ndarray, np.ndarray]:
    """The design of one category's model over `n_areas` areas, rows area-major (area 0's
    weeks, then area 1's ...), and its ridge penalty.

    Columns: one intercept and one trend per area (the area's own level and drift); the
    category's season and holiday effects, shared by its areas; each area's deviation from
    the shared first harmonic.
    """
    return _category_design(
        calendar[["trend"]].to_numpy(),
        calendar[SHARED_COLUMNS].to_numpy(),
        calendar[AREA_SEASON_COLUMNS].to_numpy(),
        n_areas,
    )


def _category_design(
    trend: np.ndarray, shared: np.ndarray, bend: np.ndarray, n_areas: int
) -> tuple[np.ndarray, np.ndarray]:
    identity = np.eye(n_areas)
    blocks = [
        np.kron(identity, np.ones((len(trend), 1))),
        np.kron(identity, trend),
        np.kron(np.ones((n_areas, 1)), shared),
        np.kron(identity, bend),
    ]
    penalty = np.concatenate(
        [
            np.zeros(n_areas),
            np.full(n_areas, PRIOR_SD_TREND**-2),
            [
                PRIOR_SD_PUBLIC_HOLIDAY**-2 if column == "public_holidays" else PRIOR_SD_SEASON**-2
                for column in SHARED_COLUMNS
            ],
            np.full(n_areas * bend.shape[1], PRIOR_SD_AREA_SEASON**-2),
        ]
    )
    return np.hstack(blocks), penalty


@dataclass(frozen=True, eq=False)
class PoissonFit:
    """A fitted Poisson log-linear model.

    coefficients (P); covariance (P x P): posterior covariance of the coefficients under
    the negative-binomial variance mu + alpha mu^2 and the ridge prior
    (posterior_covariance); alpha: that overdispersion (at least 0); fitted: expected counts
    of the rows; iterations used and whether they converged; leverage: effective parameters
    per row (the hat matrix's mean diagonal).
    """

    coefficients: np.ndarray
    covariance: np.ndarray
    alpha: float
    fitted: np.ndarray
    iterations: int
    converged: bool
    leverage: float = 0.0


def fit_poisson(
    counts: np.ndarray,
    design: np.ndarray,
    penalty: np.ndarray | None = None,
    *,
    max_iterations: int = 100,
    tolerance: float = 1e-9,
) -> PoissonFit:
    """Penalised Poisson regression (log link) of `counts` on `design`.

    Maximises sum(y log mu - mu) - 0.5 beta' diag(penalty) beta by Newton–Raphson, which for
    the Poisson log link is iteratively reweighted least squares; with no penalty it is the
    ordinary maximum-likelihood GLM. Overdispersion is the negative-binomial (NB2) alpha of
    the moment equation E[(y - mu)^2 - y] = alpha mu^2 (Cameron and Trivedi), corrected for
    the parameters fitted; the covariance is posterior_covariance with that alpha.
    """
    y = np.asarray(counts, dtype=float)
    x = np.asarray(design, dtype=float)
    if x.shape[0] != y.shape[0]:
        raise ValueError("design and counts have different numbers of rows")
    if np.any(y < 0) or y.sum() <= 0:
        raise ValueError("counts must be non-negative with a positive total")
    ridge = np.diag(np.zeros(x.shape[1]) if penalty is None else np.asarray(penalty, float))
    # Start from the (ridge) least-squares fit of log(y + 0.5): close enough that Newton
    # converges in a few steps.
    gram = x.T @ x + ridge + 1e-8 * np.eye(x.shape[1])
    beta = np.linalg.solve(gram, x.T @ np.log(y + 0.5))
    converged = False
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 - reported after the loop
        eta = np.clip(x @ beta, -30.0, 30.0)
        mu = np.exp(eta)
        information = (x * mu[:, None]).T @ x + ridge
        gradient = x.T @ (y - mu) - ridge @ beta
        step = np.linalg.solve(information, gradient)
        beta = beta + step
        if np.max(np.abs(step)) < tolerance:
            converged = True
            break
    mu = np.exp(np.clip(x @ beta, -30.0, 30.0))
    fisher = (x * mu[:, None]).T @ x
    inverse = np.linalg.inv(fisher + ridge)
    effective_parameters = float(np.trace(inverse @ fisher))
    degrees = max(len(y) - effective_parameters, 1.0)
    alpha = max(float(((y - mu) ** 2 - y).sum() / (mu**2).sum()) * len(y) / degrees, 0.0)
    covariance = posterior_covariance(x, mu, np.full(len(y), alpha), ridge)
    return PoissonFit(
        beta, covariance, alpha, mu, iterations, converged, effective_parameters / len(y)
    )


def posterior_covariance(
    design: np.ndarray, mean: np.ndarray, alpha: np.ndarray, ridge: np.ndarray
) -> np.ndarray:
    """(X' W X + R)^-1 with the negative-binomial weights W = mu / (1 + alpha mu): the
    covariance of the coefficients under their Gaussian prior (R the ridge penalty as a
    matrix). Where the data say little (a season seen for 30 weeks, a holiday seen once) it
    is the prior's variance, not the near-zero a sandwich would give, so a prediction that
    leans on such a term is as uncertain as it should be."""
    weights = mean / (1.0 + alpha * mean)
    return np.linalg.inv((design * weights[:, None]).T @ design + ridge)


def predictive_tail(observed: np.ndarray, mean: np.ndarray, dispersion: np.ndarray) -> np.ndarray:
    """P(Y >= observed) for a count with this mean and variance dispersion x mean.

    Poisson when the dispersion is 1, otherwise the negative binomial with that mean and
    variance (size = mean / (dispersion - 1)).
    """
    observed = np.asarray(observed, dtype=float)
    mean = np.asarray(mean, dtype=float)
    dispersion = np.asarray(dispersion, dtype=float)
    poisson = stats.poisson.sf(observed - 1, mean)
    over = dispersion > 1 + 1e-9
    size = np.where(over, mean / np.where(over, dispersion - 1, 1.0), 1.0)
    negative_binomial = stats.nbinom.sf(observed - 1, size, size / (size + mean))
    tail = np.where(over, negative_binomial, poisson)
    return np.where(observed <= 0, 1.0, tail)


def predictive_quantile(level: float, mean: np.ndarray, dispersion: np.ndarray) -> np.ndarray:
    """The `level` quantile of the count distribution of `predictive_tail`."""
    mean = np.asarray(mean, dtype=float)
    dispersion = np.asarray(dispersion, dtype=float)
    over = dispersion > 1 + 1e-9
    size = np.where(over, mean / np.where(over, dispersion - 1, 1.0), 1.0)
    return np.where(
        over,
        stats.nbinom.ppf(level, size, size / (size + mean)),
        stats.poisson.ppf(level, mean),
    )


# Degrees of freedom of the Student t that z follows in mixture_tail (scaled to variance 1):
# weeks that stray far from a cell's usual level are more common than a lognormal allows.
# With a normal z, data with rare far-out weeks (Student-t noise on the log scale) alerted in
# 6 of 120 no-change weeks (bench/est_claims.py, held_out_2); with 10 degrees of freedom in 2
# of 120, with 4 (the usual robust choice) in none, but a cell of 10 reports a week with
# alpha 0.1 then needed 122 reports for an alert (36 with a normal z, 47 with 10 degrees of
# freedom): 10 keeps most of the power. Two values were tried on held_out_2; held_out_3,
# written before either, gave no alerts in 80 weeks with both and with the normal z.
PREDICTIVE_DF = 10.0
_T_SCALE = float(np.sqrt((PREDICTIVE_DF - 2.0) / PREDICTIVE_DF))
# Nodes and weights of the mixture over z: the trapezoid rule every 0.1 on [-10, 10] and
# every 1 out to +/-30, the t's mass beyond added to the outermost nodes. Against scipy's
# adaptive quadrature the tail is right to 1e-7 near the centre and 1.3e-4 (relative) far
# out (tests/analytics/test_est_calibration.py); twice as many nodes cost 60 % more time a
# week. Gauss–Hermite would not do: the Poisson tail is a step in z, and t has no
# exponential moments.
_NODES = np.concatenate(
    [np.linspace(-30.0, -11.0, 20), np.linspace(-10.0, 10.0, 201), np.linspace(11.0, 30.0, 20)]
)


def _trapezoid_weights(nodes: np.ndarray) -> np.ndarray:
    steps = np.diff(nodes)
    weights = np.zeros_like(nodes)
    weights[:-1] += steps / 2
    weights[1:] += steps / 2
    weights *= stats.t.pdf(nodes / _T_SCALE, PREDICTIVE_DF) / _T_SCALE
    weights[0] += stats.t.cdf(nodes[0] / _T_SCALE, PREDICTIVE_DF)
    weights[-1] += stats.t.sf(nodes[-1] / _T_SCALE, PREDICTIVE_DF)
    return weights / weights.sum()


_WEIGHTS = _trapezoid_weights(_NODES)


def mixture_tail(
    observed: np.ndarray, mean: np.ndarray, alpha: np.ndarray, log_variance: np.ndarray
) -> np.ndarray:
    """P(Y >= observed) for a Poisson count whose rate is heavy-tailed around the mean:

        rate = mean x exp(s z - noise / 2),  s^2 = log_variance + noise,  noise = log(1 + alpha)

    with z Student t with PREDICTIVE_DF degrees of freedom scaled to variance 1: s^2 holds
    the week's own extra variation (noise: the log-scale variance of a lognormal with
    variance alpha x mean^2 around the mean, as the negative binomial's) and the uncertainty
    of the expectation on the log scale (log_variance, where the model's estimate is
    Gaussian). The median rate is mean x exp(-noise / 2), as a lognormal's with mean `mean`.

    Heavy-tailed, not gamma (negative binomial) or lognormal: with the same variance its
    upper tail is far heavier, and real weeks are neither gamma- nor normal-shaped on the
    log scale: a short history, a holiday the history never showed, an irregular cell or a
    rare far-out week would otherwise raise alerts at will (measured: gamma 11 % of
    heterogeneous no-change weeks; lognormal 5 % (6 of 120) on held_out_2, Student-t weekly
    noise; this 1.7 % (2 of 120)). The price is power in irregular cells: with 10 reports in
    an ordinary week and alpha 0.1, 47 reports alert instead of 36; with alpha 0.5, 169
    instead of 84 (bench/est_claims.py, detectable). Poisson cells are hardly affected (27
    instead of 25).
    Evaluated by quadrature over z (_NODES).
    """
    observed, mean, alpha, log_variance = np.broadcast_arrays(
        np.asarray(observed, float),
        np.asarray(mean, float),
        np.maximum(np.asarray(alpha, float), 0.0),
        np.maximum(np.asarray(log_variance, float), 0.0),
    )
    noise = np.log1p(alpha)
    sigma = np.sqrt(log_variance + noise)
    rates = mean[..., None] * np.exp(sigma[..., None] * _NODES - noise[..., None] / 2)
    tail = stats.poisson.sf(observed[..., None] - 1, rates)
    return np.where(observed <= 0, 1.0, tail @ _WEIGHTS)


def mixture_quantile(
    level: float, mean: np.ndarray, alpha: np.ndarray, log_variance: np.ndarray
) -> np.ndarray:
    """The smallest y with P(Y <= y) >= level under mixture_tail's distribution (bisection on
    the integers, all cells at once)."""
    mean, alpha, log_variance = np.broadcast_arrays(
        np.asarray(mean, float), np.asarray(alpha, float), np.asarray(log_variance, float)
    )
    low = np.full(mean.shape, -1.0)  # P(Y <= low) < level
    high = np.maximum(np.ceil(mean * 4 + 10), 10.0)
    while True:  # widen until P(Y <= high) >= level, i.e. P(Y >= high + 1) <= 1 - level
        short = mixture_tail(high + 1, mean, alpha, log_variance) > 1.0 - level
        if not short.any():
            break
        high = np.where(short, high * 4, high)
    while np.any(high - low > 1):
        middle = np.floor((low + high) / 2)
        enough = mixture_tail(middle + 1, mean, alpha, log_variance) <= 1.0 - level
        high = np.where(enough & (high - low > 1), middle, high)
        low = np.where(~enough & (high - low > 1), middle, low)
    return high


def signal_threshold(
    mean: np.ndarray, alpha: np.ndarray, log_variance: np.ndarray, level: float
) -> np.ndarray:
    """The smallest count y with P(Y >= y) <= level under the predictive distribution: the
    fewest reports that give a cell an alert when it is the only unusual one (Benjamini–
    Hochberg's first step, level = fdr / cells). This is what "no alert" can rule out: with
    2 reports in an ordinary week a cell needs far more than a doubling for a signal."""
    return mixture_quantile(1.0 - level, mean, alpha, log_variance) + 1.0


def benjamini_hochberg(
    p_values: np.ndarray, level: float = ALERT_FDR
) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg step-up: (rejected mask, adjusted p-values / q-values)."""
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if m == 0:
        return np.zeros(0, dtype=bool), np.zeros(0)
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted_sorted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    passing = np.nonzero(p[order] <= level * np.arange(1, m + 1) / m)[0]
    rejected = np.zeros(m, dtype=bool)
    if passing.size:
        rejected[order[: passing.max() + 1]] = True
    return rejected, adjusted


@dataclass(frozen=True, eq=False)
class Prediction:
    """Expected counts of cells for target weeks: mean and predictive dispersion (variance
    per expected report), cells x T; the method per cell ('model' or 'rate'); the history
    used (weeks); fitted: in-sample expected counts, cells x history weeks; alpha: each
    cell's overdispersion; log_variance: the variance of the expectation on the log scale,
    cells x T (mixture_tail's sigma^2). dispersion = 1 + (alpha + exp(sigma^2) - 1) x mean.
    """

    mean: np.ndarray
    dispersion: np.ndarray
    method: np.ndarray
    history_weeks: int
    fitted: np.ndarray = field(repr=False)
    alpha: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    log_variance: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))


def predict_counts(
    history: np.ndarray,
    cells: Sequence[tuple[str, str]],
    history_weeks: Sequence[dt.date],
    target_weeks: Sequence[dt.date],
) -> Prediction:
    """Fit the model on `history` (cells x weeks; cells are (area, category)) and predict the
    target weeks.

    One model per category over its areas with at least MIN_EVENTS_FOR_MODEL reports (see
    category_design); other cells get a constant rate. The trend is measured from the last
    target week, so a prediction does not extrapolate the slope further than needed.

    A modelled cell's count is negative binomial with mean mu exp(sigma z) (mixture_tail),

        sigma^2 = x' Cov x + [holiday week] tau^2,  variance mu + alpha_cell mu^2

    - alpha_cell: the cell's own overdispersion (cell_dispersion), not the category's;
    - x' Cov x: the uncertainty of the estimate (posterior_covariance with the cells' own
      alphas, so a term the history barely shows, such as the season in a short history,
      keeps its prior uncertainty);
    - tau^2: how much more an area's holiday weeks vary than the category's shared holiday
      effect says (holiday_variance), added in weeks with a special evening or a public
      holiday.
    """
    history = np.asarray(history, dtype=float)
    n_cells, n_weeks = history.shape
    calendar = design_matrix([*history_weeks, *target_weeks], reference=max(target_weeks))
    parts = (
        calendar[["trend"]].to_numpy(),
        calendar[SHARED_COLUMNS].to_numpy(),
        calendar[AREA_SEASON_COLUMNS].to_numpy(),
    )
    holiday = (calendar[list(SPECIAL_DAYS)].sum(axis=1) + calendar["public_holidays"]).to_numpy()
    holiday = holiday > 0
    history_parts = [part[:n_weeks] for part in parts]
    target_parts = [part[n_weeks:] for part in parts]
    n_targets = len(target_weeks)
    totals = history.sum(axis=1)
    modelled = totals >= MIN_EVENTS_FOR_MODEL
    # Sparse cells: a constant rate with half a report added (an empty history is not a
    # certain zero), known to a log-scale variance of 1 / (reports + 0.5), with PRIOR_ALPHA
    # (how irregular such a cell is cannot be told). A rate knows no holidays: in a holiday
    # week it also carries the holiday terms' prior variance (PRIOR_SD_SEASON^2).
    rate = (totals + 0.5) / n_weeks
    mean = np.repeat(rate[:, None], n_targets, axis=1)
    log_variance = 1.0 / (totals[:, None] + 0.5) + PRIOR_SD_SEASON**2 * holiday[n_weeks:][None, :]
    fitted = np.repeat(rate[:, None], n_weeks, axis=1)
    alphas = np.full(n_cells, PRIOR_ALPHA)
    by_category: dict[str, list[int]] = {}
    for index, (_, category) in enumerate(cells):
        if modelled[index]:
            by_category.setdefault(category, []).append(index)
    designs: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    # The matrices are small: BLAS threads only contend (measured 5-30x slower on a busy
    # two-core machine), so the fits run on one thread.
    with threadpool_limits(limits=1, user_api="blas"):
        for rows in by_category.values():
            n_areas = len(rows)
            if n_areas not in designs:
                x_history, penalty = _category_design(*history_parts, n_areas)
                x_target, _ = _category_design(*target_parts, n_areas)
                designs[n_areas] = (x_history, x_target, penalty)
            x_history, x_target, penalty = designs[n_areas]
            counts = history[rows]
            fit = fit_poisson(counts.ravel(), x_history, penalty)
            in_sample = fit.fitted.reshape(n_areas, n_weeks)
            cell_alpha = cell_dispersion(counts, in_sample, fit.alpha, fit.leverage)
            tau2 = holiday_variance(counts, in_sample, cell_alpha, holiday[:n_weeks])
            covariance = posterior_covariance(
                x_history,
                fit.fitted,
                np.repeat(cell_alpha, n_weeks),
                np.diag(penalty),
            )
            target_mean = np.exp(np.clip(x_target @ fit.coefficients, -30.0, 30.0))
            estimate = np.einsum("tp,pq,tq->t", x_target, covariance, x_target)
            mean[rows] = target_mean.reshape(n_areas, n_targets)
            log_variance[rows] = (
                estimate.reshape(n_areas, n_targets) + tau2 * holiday[n_weeks:][None, :]
            )
            fitted[rows] = in_sample
            alphas[rows] = cell_alpha
    method = np.where(modelled, "model", "rate")
    dispersion = 1.0 + (alphas[:, None] + np.expm1(log_variance)) * mean
    return Prediction(mean, dispersion, method, n_weeks, fitted, alphas, log_variance)


# What a cell with little history is assumed to vary at least (negative-binomial alpha): its
# own alpha cannot be told from a handful of reports, and assuming Poisson there turns one
# busy week of an irregular cell into an alert.
PRIOR_ALPHA = 0.5
# Weight of the prior overdispersion (the category's, at least PRIOR_ALPHA) in a cell's (as if from this many expected reports
# squared: a cell with 2 reports a week for a year outweighs it about 10 to 1).
CELL_DISPERSION_PRIOR_WEIGHT = 20.0
# Holiday weeks: the prior excess variance (log scale) of an area's own holiday effect
# around the category's, and its weight, as above.
PRIOR_SD_AREA_HOLIDAY = 0.5
HOLIDAY_VARIANCE_PRIOR_WEIGHT = 20.0


def cell_dispersion(
    counts: np.ndarray, fitted: np.ndarray, category_alpha: float, leverage: float
) -> np.ndarray:
    """Each cell's negative-binomial alpha: its own moment estimate
    sum((y - mu)^2 - y) / sum(mu^2) (corrected for the parameters fitted), shrunk towards
    the category's alpha with weight CELL_DISPERSION_PRIOR_WEIGHT (in units of sum(mu^2)).

    counts, fitted: areas x weeks of one category. A cell that varies more than the others
    (a harbour with summer crowds) gets wider limits; a steady one keeps the category's.
    """
    weight = (fitted**2).sum(axis=1)
    excess = ((counts - fitted) ** 2 - counts).sum(axis=1) / max(1.0 - leverage, 0.1)
    prior = CELL_DISPERSION_PRIOR_WEIGHT
    target = max(category_alpha, PRIOR_ALPHA)
    return np.maximum((excess + prior * target) / (weight + prior), 0.0)


def holiday_variance(
    counts: np.ndarray, fitted: np.ndarray, alpha: np.ndarray, holiday: np.ndarray
) -> float:
    """Extra variance (log scale, tau^2) of a holiday week: the excess of the holiday weeks'
    squared residuals over what the cells' alphas explain, sum((y - mu)^2 - y - alpha mu^2)
    / sum(mu^2), shrunk towards PRIOR_SD_AREA_HOLIDAY^2 with weight
    HOLIDAY_VARIANCE_PRIOR_WEIGHT. The category's shared holiday effects cannot follow an
    area whose New Year differs from the others'; this keeps that from raising alerts."""
    y, mu = counts[:, holiday], fitted[:, holiday]
    weight = float((mu**2).sum())
    excess = float(((y - mu) ** 2 - y - alpha[:, None] * mu**2).sum())
    prior = HOLIDAY_VARIANCE_PRIOR_WEIGHT
    return max((excess + prior * PRIOR_SD_AREA_HOLIDAY**2) / (weight + prior), 0.0)


# --- the week assessed -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class WeekAssessment:
    """One week against its expectation.

    week: the Monday assessed. cells: one row per area x category (CELL_COLUMNS): observed,
    expected, upper (95 % one-sided limit), p_value (upper tail), q_value (Benjamini–Hochberg),
    alert, method ('model', 'rate'), signal_at (the fewest reports that would have raised an
    alert in the cell, with every other cell ordinary: signal_threshold). history_weeks: weeks the expectation rests on (0 when
    the week cannot be assessed: too little history); dispersion is the predictive variance
    per expected report. n_tests: cells in the alert family.
    """

    week: dt.date
    cells: pd.DataFrame
    history_weeks: int
    n_tests: int
    fdr: float

    @property
    def assessed(self) -> bool:
        return self.history_weeks > 0

    @property
    def alerts(self) -> pd.DataFrame:
        return self.cells[self.cells["alert"]].sort_values("p_value").reset_index(drop=True)


def assess_week(
    weekly: pd.DataFrame,
    *,
    week: dt.date,
    areas: Sequence[str],
    categories: Sequence[str],
    first_week: dt.date,
    fdr: float = ALERT_FDR,
) -> WeekAssessment:
    """Observed vs expected for every area x category in `week`, with alerts.

    weekly: week_start, area_id, category_id, count (reports). first_week: the first week the
    data cover (weeks before it are unknown, not zero). The expectation uses up to
    MAX_HISTORY_WEEKS weeks before `week`; with fewer than MIN_HISTORY_WEEKS the week is not
    assessed (expected, p-values NaN, no alerts).
    """
    week = monday(week)
    cells = [(area, category) for area in areas for category in categories]
    history_start = max(monday(first_week), week - dt.timedelta(weeks=MAX_HISTORY_WEEKS))
    history_weeks = [w for w in week_range(history_start, week) if w < week]
    counts = count_matrix(weekly, cells=cells, weeks=[*history_weeks, week])
    observed = counts[:, -1]
    frame = pd.DataFrame(cells, columns=["area_id", "category_id"])
    frame["observed"] = observed.astype(int)
    if len(history_weeks) < MIN_HISTORY_WEEKS:
        frame = frame.assign(
            expected=np.nan,
            dispersion=np.nan,
            upper=np.nan,
            p_value=np.nan,
            q_value=np.nan,
            alert=False,
            method="",
            signal_at=np.nan,
        )
        return WeekAssessment(week, frame[CELL_COLUMNS], 0, len(cells), fdr)
    history = counts[:, :-1]
    prediction = predict_counts(history, cells, history_weeks, [week])
    mean, dispersion = prediction.mean[:, 0], prediction.dispersion[:, 0]
    alpha, log_variance = prediction.alpha, prediction.log_variance[:, 0]
    p_values = mixture_tail(observed, mean, alpha, log_variance)
    alert, q_values = benjamini_hochberg(p_values, fdr)
    frame["expected"] = mean
    frame["dispersion"] = dispersion
    frame["upper"] = mixture_quantile(UPPER_LIMIT_LEVEL, mean, alpha, log_variance)
    frame["p_value"] = p_values
    frame["q_value"] = q_values
    frame["alert"] = alert
    frame["method"] = prediction.method
    frame["signal_at"] = signal_threshold(mean, alpha, log_variance, fdr / len(cells))
    return WeekAssessment(week, frame[CELL_COLUMNS], len(history_weeks), len(cells), fdr)


def area_summary(
    assessment: WeekAssessment,
    *,
    areas: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per area (within the chosen categories): observed, expected, upper (95 %), n_alerts.

    The upper limit of a sum uses the sum of the cells' predictive variances (negative
    binomial with that mean and variance).
    """
    cells = chosen_cells(assessment.cells, areas, categories)
    if not assessment.assessed:
        grouped = cells.groupby("area_id", sort=False)["observed"].sum().reset_index()
        return grouped.assign(expected=np.nan, upper=np.nan, n_alerts=0)
    grouped = (
        cells.assign(variance=cells["expected"] * cells["dispersion"])
        .groupby("area_id", sort=False)
        .agg(
            observed=("observed", "sum"),
            expected=("expected", "sum"),
            variance=("variance", "sum"),
            n_alerts=("alert", "sum"),
        )
        .reset_index()
    )
    grouped["upper"] = _sum_quantile(grouped["expected"], grouped["variance"])
    return grouped[["area_id", "observed", "expected", "upper", "n_alerts"]]


def chosen_cells(
    cells: pd.DataFrame, areas: Sequence[str] | None, categories: Sequence[str] | None
) -> pd.DataFrame:
    """Rows of `cells` (columns area_id, category_id, ...) in `areas` and `categories`
    (None: all), with their original index."""
    mask = pd.Series(True, index=cells.index)
    if areas is not None:
        mask &= cells["area_id"].isin(list(areas))
    if categories is not None:
        mask &= cells["category_id"].isin(list(categories))
    return cells[mask]


def _sum_quantile(
    mean: pd.Series, variance: pd.Series, level: float = UPPER_LIMIT_LEVEL
) -> np.ndarray:
    mean = mean.to_numpy(dtype=float)
    variance = np.maximum(variance.to_numpy(dtype=float), mean)
    dispersion = np.where(mean > 0, variance / np.where(mean > 0, mean, 1.0), 1.0)
    return predictive_quantile(level, mean, dispersion)


# --- trend per area --------------------------------------------------------------------------


def expected_series(
    weekly: pd.DataFrame,
    *,
    areas: Sequence[str],
    categories: Sequence[str],
    first_week: dt.date,
    last_week: dt.date,
) -> pd.DataFrame:
    """In-sample expected counts for every week and cell from one fit on all the data.

    Columns: week_start, area_id, category_id, observed, expected, dispersion (variance per
    expected report, without the estimate's own uncertainty). This describes the whole period
    (for the trend chart); alerts use the week-by-week out-of-sample expectation instead.
    """
    cells = [(area, category) for area in areas for category in categories]
    weeks = week_range(first_week, last_week)
    counts = count_matrix(weekly, cells=cells, weeks=weeks)
    prediction = predict_counts(counts, cells, weeks, [weeks[-1]])
    expected = prediction.fitted
    # The weekly spread around the fitted line: the predictive dispersion of the last week,
    # less the estimate's share, is close to 1 + alpha x mean for every week.
    dispersion = np.clip(prediction.dispersion[:, :1], 1.0, None) * np.ones_like(expected)
    frame = pd.DataFrame(
        {
            "week_start": np.tile(np.array(weeks, dtype=object), len(cells)),
            "area_id": np.repeat([area for area, _ in cells], len(weeks)),
            "category_id": np.repeat([category for _, category in cells], len(weeks)),
            "observed": counts.ravel(),
            "expected": expected.ravel(),
            "dispersion": dispersion.ravel(),
        }
    )
    return frame


def trend_band(
    series: pd.DataFrame,
    *,
    areas: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    first_week: dt.date | None = None,
    last_week: dt.date | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Weekly observed and expected totals of the chosen cells, with a central interval.

    series: expected_series' output. Returns week_start, observed, expected, lower, upper
    (the central `level` interval of the weekly total under the model).
    """
    chosen = chosen_cells(series, areas, categories)
    if first_week is not None:
        chosen = chosen[chosen["week_start"] >= monday(first_week)]
    if last_week is not None:
        chosen = chosen[chosen["week_start"] <= monday(last_week)]
    weekly = (
        chosen.assign(variance=chosen["expected"] * chosen["dispersion"])
        .groupby("week_start", as_index=False)
        .agg(
            observed=("observed", "sum"),
            expected=("expected", "sum"),
            variance=("variance", "sum"),
        )
    )
    tail = (1.0 - level) / 2.0
    weekly["lower"] = _sum_quantile(weekly["expected"], weekly["variance"], tail)
    weekly["upper"] = _sum_quantile(weekly["expected"], weekly["variance"], 1.0 - tail)
    weekly["observed"] = weekly["observed"].astype(int)
    return weekly[["week_start", "observed", "expected", "lower", "upper"]]


# --- hotspots and the weekday x hour pattern ---------------------------------------------------

HOTSPOT_COLUMNS = [
    "rank",
    "area_id",
    "place",
    "count",
    "previous_count",
    "rate_ratio",
    "verdict",
    "mean_severity",
]


# Hotspots: a place's own history gives its dispersion when it spans at least this many
# whole periods (4 degrees of freedom); shorter histories use the dispersion pooled over
# every place; history used at most this far back (or five periods, if longer).
HOTSPOT_MIN_OWN_BLOCKS = 5
HOTSPOT_HISTORY_WEEKS = 156
DISPERSION_COLUMNS = ["area_id", "place", "dispersion", "dispersion_df", "source"]


def hotspot_history_weeks(weeks: int) -> int:
    """Weeks of place history before the period that the hotspot ranking uses."""
    return max(HOTSPOT_HISTORY_WEEKS, HOTSPOT_MIN_OWN_BLOCKS * weeks)


def place_dispersion(
    history: pd.DataFrame,
    places: pd.DataFrame,
    *,
    weeks: int,
    first_week: dt.date,
    period_start: dt.date,
) -> pd.DataFrame:
    """How much each place's count varies from one period of `weeks` weeks to the next,
    beyond Poisson: the quasi-Poisson dispersion phi (Var = phi x mean, at least 1).

    history: area_id, place, week_start, count: weekly reports per place from `first_week`
    up to the week before `period_start` (the previous period included, the period assessed
    not; weeks without a row are zeros). places: area_id, place, count, previous_count: the
    places to return, with their counts in the two periods compared.

    The weeks are cut into whole periods ending at `period_start`; each place's period
    totals b_1..b_B (mean m) give the Pearson statistic X^2 = sum (b_i - m)^2 / m with B - 1
    degrees of freedom. A place with at least HOTSPOT_MIN_OWN_BLOCKS periods with a report
    uses its own X^2 / (B - 1) ("own"). The others (a place new in the period, or periods too
    long for the history) get phi = 1 + alpha x m from the negative-binomial alpha pooled
    over all places, sum (B - 1)(s^2 - m) / sum (B - 1) m^2 with s^2 each place's variance
    of its period totals ("pooled"), or the place's own weekly alpha (its weekly variance
    beyond Poisson over its squared weekly mean) where that is larger: a place's
    period-to-period variation grows faster than its level, so one phi for all would be too
    small for the busy places that top the ranking, and places differ in how irregular they
    are (the pooled alpha alone gave 5.3-7.0 % false verdicts; with the floor 0-1.3 %). m is the place's mean period total (for a place without history, the mean of
    the two periods compared). With fewer than two whole periods the weekly counts give
    alpha ("weekly"; used as the alpha of a period total, which assumes the weekly
    variation lasts the period: on the safe side). With no history at all the dispersion
    is NaN (no verdict). Real places vary far more than Poisson (a harbour in a summer of
    events, a school in term), and the Poisson test then calls ordinary variation a change.

    Returns DISPERSION_COLUMNS, one row per place in `places`: dispersion, dispersion_df
    (degrees of freedom of the t test that uses it), source ("own", "pooled", "weekly").
    """
    if weeks <= 0:
        raise ValueError("weeks must be positive")
    keys = ["area_id", "place"]
    wanted = places.drop_duplicates(keys).reset_index(drop=True)
    start = monday(period_start)
    n_weeks = max((start - monday(first_week)).days // 7, 0)
    starts = pd.to_datetime(history["week_start"])
    mondays = starts - pd.to_timedelta(starts.dt.day_of_week, unit="D")
    offset = ((pd.Timestamp(start) - mondays).dt.days // 7).to_numpy(dtype=int)
    if ((offset < 1) | (offset > n_weeks)).any():
        raise ValueError("history must lie between first_week and period_start")
    n_blocks = n_weeks // weeks
    width, n_columns = (weeks, n_blocks) if n_blocks >= 2 else (1, n_weeks)
    # Every place of the history enters the pooled alpha, not only the ranked ones.
    everyone = pd.concat([wanted[keys], history[keys]]).drop_duplicates().reset_index(drop=True)
    totals = np.zeros((len(everyone), n_columns))
    columns = (offset - 1) // width
    inside = columns < n_columns
    if inside.any():
        position = _rows_of(everyone, history.loc[inside], keys)
        np.add.at(totals, (position, columns[inside]), history.loc[inside, "count"].to_numpy())
    mean = totals.mean(axis=1) if n_columns > 0 else np.zeros(len(everyone))
    busy = mean > 0
    degrees = np.where(busy, n_columns - 1, 0).astype(float)
    squares = ((totals - mean[:, None]) ** 2).sum(axis=1) if n_columns > 0 else mean
    pooled_df = float(degrees.sum())
    alpha = np.nan
    if pooled_df > 0:
        variance = squares[busy] / (n_columns - 1)
        weight = degrees[busy]
        alpha = max(
            float((weight * (variance - mean[busy])).sum() / (weight * mean[busy] ** 2).sum()),
            0.0,
        )
    # A place's own weekly alpha (its weekly variance beyond Poisson per squared mean, the
    # slow wander included) as a floor: places differ in how much they vary, and the pooled
    # alpha alone was too small for the irregular ones (6-7 % false verdicts).
    weekly = np.zeros((len(everyone), n_weeks))
    if n_weeks > 1 and len(offset):
        np.add.at(weekly, (_rows_of(everyone, history, keys), offset - 1), history["count"])
    weekly_mean = weekly.mean(axis=1) if n_weeks > 0 else np.zeros(len(everyone))
    own_alpha = np.zeros(len(everyone))
    if n_weeks > 1:
        seen = weekly_mean > 0
        own_alpha[seen] = (weekly[seen].var(axis=1, ddof=1) - weekly_mean[seen]) / weekly_mean[
            seen
        ] ** 2
    alpha = np.maximum(alpha, own_alpha[: len(wanted)])
    level = mean[: len(wanted)] * (weeks if width == 1 else 1)
    fresh = ~busy[: len(wanted)]
    level[fresh] = (wanted["count"].to_numpy(float) + wanted["previous_count"].to_numpy(float))[
        fresh
    ] / 2
    own = (degrees[: len(wanted)] >= HOTSPOT_MIN_OWN_BLOCKS - 1) & (width == weeks)
    safe_mean = np.where(busy[: len(wanted)], mean[: len(wanted)], 1.0)
    own_phi = squares[: len(wanted)] / safe_mean / np.where(own, degrees[: len(wanted)], 1.0)
    return wanted[keys].assign(
        dispersion=np.maximum(np.where(own, own_phi, 1.0 + alpha * level), 1.0),
        dispersion_df=np.where(own, degrees[: len(wanted)], pooled_df if pooled_df else np.nan),
        source=np.where(own, "own", "pooled" if width == weeks else "weekly"),
    )[DISPERSION_COLUMNS]


def _rows_of(places: pd.DataFrame, rows: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Position in `places` of each row of `rows` (matched on `keys`)."""
    return pd.MultiIndex.from_frame(places[keys]).get_indexer(pd.MultiIndex.from_frame(rows[keys]))


def hotspot_ranking(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    *,
    weeks: int,
    history: pd.DataFrame,
    first_week: dt.date,
    period_start: dt.date,
    top: int = 10,
) -> pd.DataFrame:
    """Places ranked by reports in the period, with the change from the period before.

    current, previous: area_id, place (None when the report names no place), count,
    mean_severity for two periods of `weeks` weeks each. history: each place's weekly
    reports from `first_week` to the week before `period_start` (place_dispersion; the page
    fetches hotspot_history_weeks(weeks) weeks). Reports without a place are left out.
    rate_ratio is current / previous; the verdict is analytics.change.compare_rates'
    quasi-Poisson t test with the place's dispersion and its degrees of freedom; with no
    history to estimate it from, no certain change. Ties share the lower rank.

    Measured (bench/hotspots.py, 400 ranked places each): on places that differ in level,
    overdispersion and slow wander, with nothing changing, the Poisson test gave a verdict
    to 8-29 % of the ranked places; this test to 1.5-2.3 % with three years of history and
    periods of 4-26 weeks (2.0-3.8 % on a held-out generator), 0-1.3 % where the history
    is too short for a place's own estimate (52-week periods; 30 weeks of history).
    """
    if weeks <= 0:
        raise ValueError("weeks must be positive")
    columns = ["area_id", "place", "count", "mean_severity"]
    now = current[current["place"].notna()][columns]
    before = previous[previous["place"].notna()][["area_id", "place", "count"]]
    now = now.groupby(["area_id", "place"], as_index=False).agg(
        count=("count", "sum"), mean_severity=("mean_severity", "mean")
    )
    before = before.groupby(["area_id", "place"], as_index=False)["count"].sum()
    merged = now.merge(
        before.rename(columns={"count": "previous_count"}), on=["area_id", "place"], how="left"
    )
    merged["previous_count"] = merged["previous_count"].fillna(0).astype(int)
    merged["count"] = merged["count"].astype(int)
    merged = merged.sort_values(["count", "place"], ascending=[False, True]).head(top)
    spread = place_dispersion(
        history[history["place"].notna()],
        merged,
        weeks=weeks,
        first_week=first_week,
        period_start=period_start,
    )
    merged = merged.merge(spread, on=["area_id", "place"], how="left")
    changes = [
        compare_rates(
            int(old), float(weeks), int(new), float(weeks), dispersion=phi, dispersion_df=df
        )
        if np.isfinite(phi) and np.isfinite(df)
        else None
        for old, new, phi, df in zip(
            merged["previous_count"],
            merged["count"],
            merged["dispersion"],
            merged["dispersion_df"],
            strict=True,
        )
    ]
    merged["rate_ratio"] = [
        change.rate_ratio if change else _ratio(new, old)
        for change, new, old in zip(changes, merged["count"], merged["previous_count"], strict=True)
    ]
    merged["verdict"] = [change.verdict if change else NO_CERTAIN_CHANGE for change in changes]
    merged["rank"] = merged["count"].rank(method="min", ascending=False).astype(int)
    return merged[HOTSPOT_COLUMNS].reset_index(drop=True)


def _ratio(new: int, old: int) -> float:
    if old == 0:
        return np.nan if new == 0 else np.inf
    return new / old


def weekday_hour_grid(counts: pd.DataFrame, *, band_hours: int = 1) -> tuple[pd.DataFrame, int]:
    """A complete weekday x time-of-day table of reports and the number without a time.

    counts: weekday (1 Monday .. 7 Sunday), hour (0-23; NaN when no time was given), count.
    Rows are weekdays 1..7; columns the first hour of each band of `band_hours` hours (1: every
    hour 0..23; 3: 0, 3, ..., 21), so coarser bands can keep small counts apart.
    """
    if band_hours < 1 or 24 % band_hours:
        raise ValueError("band_hours must divide 24")
    known = counts[counts["hour"].notna()]
    grid = (
        known.assign(
            hour=(known["hour"].astype(int) // band_hours) * band_hours,
            weekday=known["weekday"].astype(int),
        )
        .pivot_table(index="weekday", columns="hour", values="count", aggfunc="sum")
        .reindex(index=range(1, 8), columns=range(0, 24, band_hours))
        .fillna(0)
        .astype(int)
    )
    grid.index.name, grid.columns.name = "weekday", "hour"
    return grid, int(counts.loc[counts["hour"].isna(), "count"].sum())
