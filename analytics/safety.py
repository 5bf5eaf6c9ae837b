"""Safety-survey results as the Trygghet page shows them: intervals, the small-cell rule,
change between waves and Vaxholm compared with its police area, region, county and Riket.

Input is one indicator's results in the data layer's shape (data.db.fetch_survey_results):
survey, area, year, respondent_group, share (percent 0–100), n (respondents; NULL for
published points), ci_lower, ci_upper (percent; NULL unless the source gives them),
pooled_years, series_break (method changed this year), source_url, note, source_id,
is_example. Everything here is pure pandas/statsmodels: no I/O, inputs never mutated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.change import (
    NO_CERTAIN_CHANGE,
    ShareChange,
    compare_shares,
    wilson_interval,
)
from analytics.suppression import survey_partition_mask

HOME_AREA = "Vaxholm"
# The areas Vaxholm is compared with, in the order the page lists them.
REFERENCE_AREAS = (
    HOME_AREA,
    "LPO Södra Roslagen",
    "Polisregion Stockholm",
    "Stockholms län",
    "Riket",
)
# Vaxholm's districts (survey sub-areas) and the other municipalities of its police area.
VAXHOLM_DISTRICTS = ("Vaxön", "Rindö", "Resarö", "Kullö", "Bogesundslandet", "Skarpö", "Tynningö")
LPO_MUNICIPALITIES = ("Vaxholm", "Vallentuna", "Danderyd", "Österåker", "Täby")
_VAXHOLM_PARTS = frozenset({*VAXHOLM_DISTRICTS, "Övriga öar"})
_LPO_PARTS = _VAXHOLM_PARTS | frozenset(LPO_MUNICIPALITIES)
# Outer area -> the areas whose respondents are part of its sample.
_PARTS = {
    "Vaxholm": _VAXHOLM_PARTS,
    "LPO Södra Roslagen": _LPO_PARTS,
    "Polisregion Stockholm": _LPO_PARTS | {"LPO Södra Roslagen"},
    "Stockholms län": _LPO_PARTS | {"LPO Södra Roslagen"},
    "Riket": _LPO_PARTS | {"LPO Södra Roslagen", "Polisregion Stockholm", "Stockholms län"},
}
# How an interval was obtained: given by the source, or Wilson from share and n.
INTERVAL_SOURCE, INTERVAL_WILSON = "source", "wilson"
# Provenance of a row as the chart marks it.
KIND_EXAMPLE, KIND_RESULT, KIND_PUBLISHED = "example", "result", "published"
# Why a wave could not be compared with the one before.
STATUS_TESTED, STATUS_NO_COUNTS = "tested", "no_counts"
STATUS_SERIES_BREAK, STATUS_FIRST_WAVE = "series_break", "first_wave"
SERIES_KEY = ["survey", "area", "respondent_group", "kind"]


def contains(outer: str, inner: str) -> bool:
    """Whether `inner`'s respondents are part of `outer`'s sample (Vaxholm in LPO, ...)."""
    return inner in _PARTS.get(outer, frozenset())


def sort_areas(areas: Sequence[str]) -> list[str]:
    """Reference areas first in their fixed order, then Vaxholm's districts, then the rest."""
    order = {area: index for index, area in enumerate((*REFERENCE_AREAS, *VAXHOLM_DISTRICTS))}
    return sorted(dict.fromkeys(areas), key=lambda area: (order.get(area, len(order)), area))


def prefer_real_results(results: pd.DataFrame) -> pd.DataFrame:
    """Drop example rows where a real result with respondents exists for the same cell.

    A cell is (survey, area, year, respondent_group). Real published points (n NULL) do not
    replace example rows: they are drawn beside them as points.
    """
    cell = ["survey", "area", "year", "respondent_group"]
    real = results[~results["is_example"].astype(bool) & results["n"].notna()]
    covered = results[cell].apply(tuple, axis=1).isin(set(real[cell].apply(tuple, axis=1)))
    keep = ~(results["is_example"].astype(bool) & covered)
    return results[keep].reset_index(drop=True)


def add_intervals(results: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """Add lower, upper (percent) and interval_method to each row.

    The source's own limits (ci_lower, ci_upper) are kept where given (method "source");
    otherwise, where n is known, the Wilson score interval of share x n / 100 respondents out
    of n (method "wilson"); otherwise NaN and no method (published points without n).
    """
    frame = results.copy()
    lower = frame["ci_lower"].astype(float).to_numpy(copy=True)
    upper = frame["ci_upper"].astype(float).to_numpy(copy=True)
    method = np.where(~np.isnan(lower), INTERVAL_SOURCE, None).astype(object)
    shares = frame["share"].astype(float).to_numpy()
    sizes = frame["n"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    for index in np.where(np.isnan(lower) & ~np.isnan(sizes))[0]:
        low, high = wilson_interval(shares[index] * sizes[index] / 100, sizes[index], confidence)
        lower[index], upper[index], method[index] = 100 * low, 100 * high, INTERVAL_WILSON
    return frame.assign(lower=lower, upper=upper, interval_method=method)


def suppress_small_cells(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The one small-number rule for survey cells (DESIGN §4): n < 30 -> not shown, and no
    shown total minus its shown parts gives a hidden cell back
    (analytics.suppression.survey_partition_mask over PARTITIONS).

    Blanks share, its limits (also the source's) and n of every hidden cell and marks it
    `suppressed` (`suppressed_how`: "primary" for n < 30, "secondary" for a cell hidden so
    that another cannot be worked out); returns the copy and how many cells were hidden.
    Apply it to all results of an indicator before filtering, so that every choice of areas
    and groups sees the same hidden cells. Chart, table and downloads are all drawn from this
    result, so none can show what another hides. Rows without n (published points) are shown
    as published.
    """
    result = frame.reset_index(drop=True).copy()
    how = pd.Series("", index=result.index, dtype=object)
    sizes = result["n"].astype("Float64").astype(float)
    yes = pd.Series(
        [
            np.nan if pd.isna(size) or pd.isna(share) else successes(share, size)
            for share, size in zip(result["share"], sizes, strict=True)
        ],
        index=result.index,
    )
    key = [column for column in PARTITION_KEY if column in result]
    for _, cells in result[sizes.notna()].groupby(key, dropna=False, sort=False):
        label = dict(
            zip(
                zip(cells["area"], cells["respondent_group"], strict=True), cells.index, strict=True
            )
        )
        partitions = [
            (label[total], [label[part] for part in parts if part in label])
            for total, parts in _partitions(cells)
            if total in label
        ]
        how[cells.index] = survey_partition_mask(sizes[cells.index], yes[cells.index], partitions)
    hidden = how != ""
    columns = [c for c in ("share", "lower", "upper", "ci_lower", "ci_upper", "n") if c in result]
    result[columns] = result[columns].astype(float)
    result.loc[hidden, columns] = np.nan
    result = result.assign(suppressed=hidden.to_numpy(dtype=bool), suppressed_how=how.to_numpy())
    return result, int(hidden.sum())


# Cells of one partition share these; area and respondent_group say which cell is which.
PARTITION_KEY = ["survey", "indicator_id", "year", "source_id", "is_example"]
# Total -> parts whose respondents are among the total's (they need not cover it).
AREA_PARTITIONS = {
    HOME_AREA: (*VAXHOLM_DISTRICTS, "Övriga öar"),
    "LPO Södra Roslagen": LPO_MUNICIPALITIES,
}
GROUP_PARTITIONS = {"alla": [("kvinnor", "män"), ("16–29 år", "30–64 år", "65–85 år")]}


def _partitions(cells: pd.DataFrame) -> list[tuple[tuple[str, str], list[tuple[str, str]]]]:
    """(total, parts) as (area, respondent_group) pairs for the cells of one survey wave."""
    groups = set(cells["respondent_group"])
    areas = set(cells["area"])
    result = []
    for group in groups:
        for total, parts in AREA_PARTITIONS.items():
            result.append(((total, group), [(part, group) for part in parts if part != total]))
    for area in areas:
        for total, splits in GROUP_PARTITIONS.items():
            for parts in splits:
                result.append(((area, total), [(area, part) for part in parts]))
    return result


def successes(share: float, n: float) -> int:
    """Respondents with the attribute, back-computed from a percentage: share x n / 100
    rounded to the nearest whole respondent (halves up)."""
    return math.floor(float(share) * float(n) / 100 + 0.5)


def design_effect(row: Mapping[str, object]) -> float:
    """The design effect the row's printed interval carries, for the change tests.

    Where the source gives its own limits (interval_method "source", e.g. NTU's limits with a
    design effect of about 1.4) the effect is (printed width / Wilson width at n)^2, floored
    at 1 (the Wilson width scales as 1 / sqrt(n)); a Wilson interval computed here carries
    none (1). So a change is tested with the same uncertainty the printed intervals show.
    """
    if row.get("interval_method") != INTERVAL_SOURCE:
        return 1.0
    share, n = float(row["share"]), float(row["n"])  # type: ignore[arg-type]
    lower, upper = float(row["lower"]), float(row["upper"])  # type: ignore[arg-type]
    if not all(math.isfinite(value) for value in (share, n, lower, upper)) or upper <= lower:
        return 1.0
    low, high = wilson_interval(share * n / 100, n)
    return max(1.0, ((upper - lower) / (100 * (high - low))) ** 2)


def _kind(results: pd.DataFrame) -> pd.Series:
    example = results["is_example"].astype(bool)
    return pd.Series(
        np.where(example, KIND_EXAMPLE, np.where(results["n"].isna(), KIND_PUBLISHED, KIND_RESULT)),
        index=results.index,
    )


def year_label(year: int, pooled_years: int) -> str:
    """'2023', or '2021–2022' for a result pooled over two years ending in 2022."""
    return str(year) if pooled_years <= 1 else f"{year - pooled_years + 1}–{year}"


@dataclass(frozen=True)
class WaveChange:
    """One wave of a series against the wave before it (both shown, i.e. not suppressed).

    status: "tested" (change holds the test), "no_counts" (n unknown for either wave),
    "series_break" (the method changed in between) or "first_wave".
    """

    status: str
    year_before: int | None
    label_before: str | None
    change: ShareChange | None

    @property
    def verdict(self) -> str:
        return self.change.verdict if self.change is not None else NO_CERTAIN_CHANGE


def change_from_previous(series: pd.DataFrame, year: int) -> WaveChange:
    """Compare the wave `year` of one series with the previous shown wave.

    series: one area, group and kind (rows of SurveyView.rows) with year, share, n,
    pooled_years, series_break, suppressed (and lower, upper, interval_method: the design
    effect of a source interval, `design_effect`, enters the test). Successes are
    round(share x n / 100); the test is analytics.change.compare_shares (Newcombe interval,
    verdict read from it).
    No comparison is made across a series break (a break in any wave after the earlier one).
    """
    waves = _series_waves(series)
    return waves.get(year, WaveChange(STATUS_FIRST_WAVE, None, None, None))


def _wave_change(before: dict, after: dict, break_between: bool) -> WaveChange:
    label = year_label(int(before["year"]), int(before["pooled_years"]))
    if break_between:
        return WaveChange(STATUS_SERIES_BREAK, int(before["year"]), label, None)
    if pd.isna(before["n"]) or pd.isna(after["n"]):
        return WaveChange(STATUS_NO_COUNTS, int(before["year"]), label, None)
    change = compare_shares(
        successes(before["share"], before["n"]),
        float(before["n"]),
        successes(after["share"], after["n"]),
        float(after["n"]),
        design_effect_before=design_effect(before),
        design_effect_after=design_effect(after),
    )
    return WaveChange(STATUS_TESTED, int(before["year"]), label, change)


def _series_waves(series: pd.DataFrame) -> dict[int, WaveChange]:
    """Year -> its change from the previous shown wave, for every shown wave of one series."""
    columns = ["year", "share", "n", "pooled_years", "series_break", "suppressed"]
    columns += [column for column in ("lower", "upper", "interval_method") if column in series]
    waves: dict[int, WaveChange] = {}
    before, break_since = None, False
    for wave in series.sort_values("year")[columns].to_dict("records"):
        # A break in any wave after the earlier shown one (also a hidden wave) separates them.
        break_since = break_since or bool(wave["series_break"])
        if wave["suppressed"]:
            continue
        if before is None:
            waves[int(wave["year"])] = WaveChange(STATUS_FIRST_WAVE, None, None, None)
        else:
            waves[int(wave["year"])] = _wave_change(before, wave, break_since)
        before, break_since = wave, False
    return waves


@dataclass(frozen=True)
class AreaComparison:
    """The home area against another area in the same year and group.

    When the other area contains the home area (Vaxholm in LPO Södra Roslagen) the test is
    against the rest of that area, so that the two samples do not overlap: rest successes =
    reference successes - home successes, rest n = reference n - home n. `difference_pp` is
    home minus the reference as published; the interval and verdict come from the test
    (home vs rest when `against_rest`). Shares are percent, differences percentage points.
    """

    area: str
    reference: str
    year: int
    share: float
    reference_share: float
    difference_pp: float
    change: ShareChange | None
    against_rest: bool

    @property
    def verdict(self) -> str:
        return self.change.verdict if self.change is not None else NO_CERTAIN_CHANGE


def compare_areas(home: pd.Series, reference: pd.Series, reference_name: str) -> AreaComparison:
    """Compare two rows (share, n, year, area) of the same survey, year and group."""
    difference = float(home["share"]) - float(reference["share"])
    change, against_rest = None, False
    if pd.notna(home["n"]) and pd.notna(reference["n"]):
        home_hits, home_n = successes(home["share"], home["n"]), float(home["n"])
        other_hits, other_n = successes(reference["share"], reference["n"]), float(reference["n"])
        if contains(reference_name, str(home["area"])) and other_n > home_n:
            against_rest = True
            other_hits, other_n = max(other_hits - home_hits, 0), other_n - home_n
            other_hits = min(other_hits, other_n)
        # "before" = the reference, "after" = the home area: a positive difference means the
        # home area's share is higher.
        change = compare_shares(
            other_hits,
            other_n,
            home_hits,
            home_n,
            design_effect_before=design_effect(reference),
            design_effect_after=design_effect(home),
        )
    return AreaComparison(
        area=str(home["area"]),
        reference=reference_name,
        year=int(home["year"]),
        share=float(home["share"]),
        reference_share=float(reference["share"]),
        difference_pp=difference,
        change=change,
        against_rest=against_rest,
    )


@dataclass(frozen=True, eq=False)
class SurveyView:
    """Everything the Trygghet page draws for one indicator, group, areas and years.

    rows: one row per shown cell (area x year x kind) with year_label, area, survey, share,
          lower, upper, interval_method, n, kind ('example' | 'result' | 'published'),
          suppressed, change_verdict / change_status (against the previous wave of the same
          series), pooled_years, series_break, source_url, note, source_id, is_example.
          Suppressed cells keep their row with share and limits blanked.
    hidden: number of cells not shown because n < 30.
    headline: the latest wave of the first chosen area (None if nothing is shown for it).
    headline_row: that wave's row.
    comparisons: the headline area against each other chosen reference area, same year.
    latest_published: the first area's latest real published point (None if none).
    """

    rows: pd.DataFrame
    hidden: int
    headline: WaveChange | None
    headline_row: pd.Series | None
    comparisons: list[AreaComparison]
    latest_published: pd.Series | None


def _series_changes(rows: pd.DataFrame) -> pd.DataFrame:
    """Add change_verdict and change_status: each shown wave against its series' previous."""
    verdicts = pd.Series(None, index=rows.index, dtype=object)
    statuses = pd.Series(None, index=rows.index, dtype=object)
    for _, series in rows.groupby(["survey", "area", "respondent_group", "kind"], sort=False):
        waves = _series_waves(series)
        for index, year, hidden in zip(
            series.index, series["year"], series["suppressed"], strict=True
        ):
            wave = waves.get(int(year))
            if hidden or wave is None:
                continue
            statuses[index] = wave.status
            verdicts[index] = wave.verdict if wave.status == STATUS_TESTED else None
    return rows.assign(change_verdict=verdicts, change_status=statuses)


def build_survey_view(
    results: pd.DataFrame,
    *,
    group: str,
    areas: Sequence[str],
    first_year: int,
    last_year: int,
    confidence: float = 0.95,
) -> SurveyView:
    """Filter one indicator's results to a group, areas and years and compose the view.

    Steps: keep the chosen cells; let real results replace example ones (prefer_real_results);
    add intervals (add_intervals); apply the small-cell rule once (suppress_small_cells);
    compare each wave with the previous one of its series; pick the headline (the first chosen
    area's latest shown wave, from results with respondents where there are any) and compare
    it with every other chosen area in the same year.
    """
    # The rule sees every area and group of the indicator, whatever is chosen: what is hidden
    # does not depend on the filters, so no two choices show what one of them hides.
    every = add_intervals(prefer_real_results(results), confidence=confidence)
    every, _ = suppress_small_cells(every.assign(kind=_kind(every)))
    frame = every[
        (every["respondent_group"] == group)
        & every["area"].isin(list(areas))
        & every["year"].between(first_year, last_year)
    ]
    hidden = int(frame["suppressed"].sum())
    frame = frame.assign(
        year_label=[
            year_label(int(year), int(pooled))
            for year, pooled in zip(frame["year"], frame["pooled_years"], strict=True)
        ]
    )
    order = {area: index for index, area in enumerate(areas)}
    frame = frame.assign(area_order=frame["area"].map(order)).sort_values(
        ["area_order", "kind", "year"]
    )
    frame = _series_changes(frame.drop(columns="area_order").reset_index(drop=True))

    headline = headline_row = latest_published = None
    comparisons: list[AreaComparison] = []
    home = frame[(frame["area"] == areas[0]) & ~frame["suppressed"]] if areas else frame.iloc[:0]
    published = home[home["kind"] == KIND_PUBLISHED]
    if not published.empty:
        latest_published = published.sort_values("year").iloc[-1]
    with_counts = home[home["n"].notna()]
    series = with_counts if not with_counts.empty else home
    if not series.empty:
        headline_row = series.sort_values("year").iloc[-1]
        # The whole series, hidden waves included: a break in a hidden wave still counts.
        same_series = frame[
            (frame["area"] == areas[0])
            & (frame["kind"] == headline_row["kind"])
            & (frame["survey"] == headline_row["survey"])
        ]
        headline = change_from_previous(same_series, int(headline_row["year"]))
        # Districts are shown, but compared only through the reference areas.
        for other in [area for area in areas[1:] if area in REFERENCE_AREAS]:
            candidates = frame[
                (frame["area"] == other)
                & (frame["year"] == headline_row["year"])
                & (frame["survey"] == headline_row["survey"])
                & ~frame["suppressed"]
            ]
            if candidates.empty:
                continue
            # Prefer the reference row of the same kind (example with example, real with real).
            same_kind = candidates[candidates["kind"] == headline_row["kind"]]
            reference = (same_kind if not same_kind.empty else candidates).iloc[0]
            comparisons.append(compare_areas(headline_row, reference, other))
    return SurveyView(frame, hidden, headline, headline_row, comparisons, latest_published)


TABLE_COLUMNS = [
    "year_label",
    "area",
    "share",
    "lower",
    "upper",
    "interval_method",
    "n",
    "change_verdict",
    "kind",
    "suppressed",
    "series_break",
    "source_url",
    "note",
]


def view_table(view: SurveyView) -> pd.DataFrame:
    """The chart's data as one table (also the downloads): one row per cell, suppressed cells
    included with their values blanked. Columns: TABLE_COLUMNS."""
    return view.rows[TABLE_COLUMNS].reset_index(drop=True)
