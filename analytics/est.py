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

**Alerts.** For the week assessed, each cell's upper-tail p-value is P(Y >= observed) under a
negative binomial with the expected count as mean and variance dispersion x mean, inflated
for the uncertainty of the estimate (a predictive distribution, as in the Farrington method).
A week has one test per cell (8 areas x 13 categories = 104), so about five cells would pass a
plain 5 % limit every week by chance alone. The Benjamini–Hochberg procedure at 5 % across
all cells of the week keeps that under control: with no real change anywhere, at most about
5 % of weeks raise any alert at all (the tests measure it on simulated stationary series).
The per-cell 95 % upper limit is shown for orientation; an alert is a cell that passes the
Benjamini–Hochberg step.

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

from analytics.change import compare_rates
from analytics.est_calendar import SPECIAL_DAYS, week_calendar

# Benjamini–Hochberg false-discovery level across the cells of one week.
ALERT_FDR = 0.05
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

    coefficients (P); covariance (P x P): sandwich covariance of the coefficients under the
    negative-binomial variance mu + alpha mu^2; alpha: that overdispersion (at least 0);
    fitted: expected counts of the rows; iterations used and whether they converged.
    """

    coefficients: np.ndarray
    covariance: np.ndarray
    alpha: float
    fitted: np.ndarray
    iterations: int
    converged: bool


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
    the parameters fitted; the covariance is the sandwich I^-1 (X' V X) I^-1 with
    V = mu + alpha mu^2 and I the penalised information, since the mean is fitted as Poisson
    (which keeps it right however the counts are dispersed).
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
    meat = (x * (mu + alpha * mu**2)[:, None]).T @ x
    return PoissonFit(beta, inverse @ meat @ inverse, alpha, mu, iterations, converged)


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
    used (weeks); fitted: in-sample expected counts, cells x history weeks."""

    mean: np.ndarray
    dispersion: np.ndarray
    method: np.ndarray
    history_weeks: int
    fitted: np.ndarray = field(repr=False)


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
    """
    history = np.asarray(history, dtype=float)
    n_cells, n_weeks = history.shape
    calendar = design_matrix([*history_weeks, *target_weeks], reference=max(target_weeks))
    parts = (
        calendar[["trend"]].to_numpy(),
        calendar[SHARED_COLUMNS].to_numpy(),
        calendar[AREA_SEASON_COLUMNS].to_numpy(),
    )
    history_parts = [part[:n_weeks] for part in parts]
    target_parts = [part[n_weeks:] for part in parts]
    n_targets = len(target_weeks)
    totals = history.sum(axis=1)
    modelled = totals >= MIN_EVENTS_FOR_MODEL
    # Sparse cells: a constant rate with half a report added (an empty history is not a
    # certain zero); the gamma-Poisson predictive variance is mean x (1 + 1 / weeks).
    rate = (totals + 0.5) / n_weeks
    mean = np.repeat(rate[:, None], n_targets, axis=1)
    dispersion = np.full((n_cells, n_targets), 1.0 + 1.0 / n_weeks)
    fitted = np.repeat(rate[:, None], n_weeks, axis=1)
    by_category: dict[str, list[int]] = {}
    for index, (_, category) in enumerate(cells):
        if modelled[index]:
            by_category.setdefault(category, []).append(index)
    # The matrices are small: BLAS threads only contend (measured 5-30x slower on a busy
    # two-core machine), so the fits run on one thread.
    with threadpool_limits(limits=1, user_api="blas"):
        for rows in by_category.values():
            x_history, penalty = _category_design(*history_parts, len(rows))
            x_target, _ = _category_design(*target_parts, len(rows))
            fit = fit_poisson(history[rows].ravel(), x_history, penalty)
            target_mean = np.exp(np.clip(x_target @ fit.coefficients, -30.0, 30.0))
            # Predictive variance: the count's own (mu + alpha mu^2) plus the estimate's
            # (mu^2 x' Cov x, the delta method on the log link).
            log_variance = np.einsum("tp,pq,tq->t", x_target, fit.covariance, x_target)
            variance = target_mean + fit.alpha * target_mean**2 + target_mean**2 * log_variance
            mean[rows] = target_mean.reshape(len(rows), n_targets)
            dispersion[rows] = (variance / target_mean).reshape(len(rows), n_targets)
            fitted[rows] = fit.fitted.reshape(len(rows), n_weeks)
    method = np.where(modelled, "model", "rate")
    return Prediction(mean, dispersion, method, n_weeks, fitted)


# --- the week assessed -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class WeekAssessment:
    """One week against its expectation.

    week: the Monday assessed. cells: one row per area x category (CELL_COLUMNS): observed,
    expected, upper (95 % one-sided limit), p_value (upper tail), q_value (Benjamini–Hochberg),
    alert, method ('model', 'rate'). history_weeks: weeks the expectation rests on (0 when
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
        )
        return WeekAssessment(week, frame[CELL_COLUMNS], 0, len(cells), fdr)
    history = counts[:, :-1]
    prediction = predict_counts(history, cells, history_weeks, [week])
    mean, dispersion = prediction.mean[:, 0], prediction.dispersion[:, 0]
    p_values = predictive_tail(observed, mean, dispersion)
    alert, q_values = benjamini_hochberg(p_values, fdr)
    frame["expected"] = mean
    frame["dispersion"] = dispersion
    frame["upper"] = predictive_quantile(UPPER_LIMIT_LEVEL, mean, dispersion)
    frame["p_value"] = p_values
    frame["q_value"] = q_values
    frame["alert"] = alert
    frame["method"] = prediction.method
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


def hotspot_ranking(
    current: pd.DataFrame, previous: pd.DataFrame, *, weeks: int, top: int = 10
) -> pd.DataFrame:
    """Places ranked by reports in the period, with the change from the period before.

    current, previous: area_id, place (None when the report names no place), count,
    mean_severity for two periods of `weeks` weeks each. Reports without a place are left
    out. rate_ratio is current / previous with the exact conditional test's verdict
    (analytics.change.compare_rates with the weeks as exposure). Ties share the lower rank.
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
    changes = [
        compare_rates(int(old), float(weeks), int(new), float(weeks))
        for old, new in zip(merged["previous_count"], merged["count"], strict=True)
    ]
    merged["rate_ratio"] = [change.rate_ratio for change in changes]
    merged["verdict"] = [change.verdict for change in changes]
    merged["rank"] = merged["count"].rank(method="min", ascending=False).astype(int)
    return merged[HOTSPOT_COLUMNS].reset_index(drop=True)


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
