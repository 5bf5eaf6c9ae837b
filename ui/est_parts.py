"""What the EST pages share: names in the session's language, ISO-week labels, the cached
model results (keyed on the database version, so an import refreshes them) and the
small-number rule for public visitors."""

from __future__ import annotations

import datetime as dt
import logging

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_date

from analytics import est, insats_followup
from analytics.suppression import (
    PRIMARY,
    SECONDARY,
    SMALL_COUNT_MAX,
    SYMBOL_HIDDEN,
    SYMBOL_SMALL,
    TOTAL,
    display_counts,
    published_entries,
    published_table_mask,
    small_count_mask,
    table_with_totals,
)
from ui import cache
from ui.format import LOCALES, number
from ui.i18n import language, t

LOGGER = logging.getLogger(__name__)
# "All" in a filter (kept in the URL as this value).
ALL = "alla"


def names(kind: str) -> dict[str, str]:
    """id -> name in the session's language for 'area', 'category' or 'organisation'."""
    frame = {
        "area": cache.est_areas,
        "category": cache.est_categories,
        "organisation": cache.est_organisations,
    }[kind]()
    return dict(zip(frame.iloc[:, 0], frame[f"name_{language()}"], strict=True))


def option_label(kind: str):
    """format_func for a filter whose options are ALL and ids of `kind`.

    The labels are looked up now, not when called: Streamlit may call a format_func outside
    the script run (AppTest does), where the session's language is not known.
    """
    labels = {ALL: t(f"est_all_{kind}"), **names(kind)}
    return lambda value: labels.get(value, value)


def labels_of(options: list[str], label) -> dict[str, str]:
    """option -> label, computed now (see option_label)."""
    return {option: label(option) for option in options}


def chosen(value: str) -> str | None:
    """A filter value as the queries take it: None for ALL."""
    return None if value == ALL else value


def week_key(monday: dt.date) -> str:
    """The URL form of a week: 2026-W47."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_from_key(key: str) -> dt.date:
    year, _, week = key.partition("-W")
    return dt.date.fromisocalendar(int(year), int(week), 1)


def week_label(key: str) -> str:
    """'v. 47 2026 (16–22 nov.)' in Swedish, 'week 47 2026 (16–22 Nov)' in English."""
    monday = week_from_key(key)
    sunday = monday + dt.timedelta(days=6)
    locale = LOCALES[language()]
    first = format_date(monday, "d", locale=locale)
    if monday.month != sunday.month:
        first = format_date(monday, "d MMM", locale=locale)
    last = format_date(sunday, "d MMM", locale=locale)
    _, number, _ = monday.isocalendar()
    return t("est_week_label", week=number, year=monday.isocalendar()[0], first=first, last=last)


def week_options(extent: pd.Series) -> list[str]:
    """Every ISO week with data, newest first (URL keys)."""
    weeks = est.week_range(
        pd.Timestamp(extent["first_week"]).date(), pd.Timestamp(extent["last_week"]).date()
    )
    return [week_key(monday) for monday in reversed(weeks)]


def _ids(kind: str) -> list[str]:
    return list(names(kind))


@cache.per_version
def _assessment(organisation: str | None, week: dt.date, first_week: dt.date) -> est.WeekAssessment:
    return est.assess_week(
        cache.est_weekly_counts(organisation),
        week=week,
        areas=_ids("area"),
        categories=_ids("category"),
        first_week=first_week,
    )


def week_assessment(
    organisation: str | None, week: dt.date, first_week: dt.date
) -> est.WeekAssessment:
    """Every area x category of `week` against its expectation, with alerts (cached)."""
    return _assessment(organisation, week, first_week)


@cache.per_version
def _series(organisation: str | None, first_week: dt.date, last_week: dt.date) -> pd.DataFrame:
    return est.expected_series(
        cache.est_weekly_counts(organisation),
        areas=_ids("area"),
        categories=_ids("category"),
        first_week=first_week,
        last_week=last_week,
    )


def expected_series(
    organisation: str | None, first_week: dt.date, last_week: dt.date
) -> pd.DataFrame:
    """Observed and in-sample expected counts per week and cell (cached)."""
    return _series(organisation, first_week, last_week)


@cache.per_version
def _follow_ups(first_week: dt.date, last_week: dt.date) -> dict[str, insats_followup.FollowUp]:
    weekly = cache.est_weekly_counts(None)
    results = {}
    for action in cache.est_actions().itertuples():
        end = None if pd.isna(action.end_date) else pd.Timestamp(action.end_date).date()
        try:
            results[action.action_id] = insats_followup.follow_up(
                weekly,
                areas=list(action.areas),
                categories=list(action.categories),
                all_areas=_ids("area"),
                start=pd.Timestamp(action.start_date).date(),
                end=end,
                first_week=first_week,
                last_week=last_week,
            )
        except Exception:  # one action's failure must not take down the page
            LOGGER.exception("follow-up of action %s failed", action.action_id)
            results[action.action_id] = insats_followup.FollowUp(
                insats_followup.METHOD_NONE, insats_followup.REASON_FAILED
            )
    return results


def follow_ups(first_week: dt.date, last_week: dt.date) -> dict[str, insats_followup.FollowUp]:
    """The follow-up of every insats, by action id (cached)."""
    return _follow_ups(first_week, last_week)


def is_small(values: pd.Series) -> pd.Series:
    """Counts the public may not see: 1 to 4 (DESIGN §4)."""
    numbers = pd.to_numeric(values, errors="coerce")
    return (numbers >= 1) & (numbers <= SMALL_COUNT_MAX)


def count_mask(values: pd.Series, *, with_total: bool = False) -> pd.Series:
    """Which counts the public may not see (DESIGN §4): 'primary' for 1–4, 'secondary' for the
    extra cell hidden when the view also shows the total (so it cannot be subtracted back),
    '' for shown. Works on one column of counts."""
    mask = small_count_mask(
        values.astype(float).to_frame(), rows_have_totals=False, columns_have_totals=with_total
    )
    return mask.iloc[:, 0]


def public_counts(
    frame: pd.DataFrame, columns: list[str], *, public: bool, with_total: bool = False
) -> pd.DataFrame:
    """Copy of `frame` for a table: for the public, counts 1–4 in `columns` read "<5" (and a
    secondary cell ".." when the view shows the total), zeros "-"; coordinators see numbers."""
    if not public:
        return frame
    result = frame.copy()
    for column in columns:
        values = result[column].astype(float)
        mask = count_mask(values, with_total=with_total)
        result[column] = display_counts(values.to_frame(), mask.to_frame()).iloc[:, 0]
    return result


def chart_counts(
    frame: pd.DataFrame, columns: list[str], *, public: bool, with_total: bool = False
) -> pd.DataFrame:
    """Copy of `frame` for a chart: for the public, the counts a table hides are NaN."""
    if not public:
        return frame
    result = frame.copy()
    for column in columns:
        values = result[column].astype(float)
        result[column] = values.where(count_mask(values, with_total=with_total) == "", np.nan)
    return result


def count_text(value: float, hidden: bool) -> str:
    """One count in a sentence: '<5' when hidden, else the number in the session's format."""
    return SYMBOL_SMALL if hidden else number(value, 0)


# --- the public's one table per week -----------------------------------------------------------


@cache.per_version
def _published_week(week: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    weekly = cache.est_weekly_counts(None)
    chosen = weekly[pd.to_datetime(weekly["week_start"]).dt.date == week]
    counts = (
        chosen.pivot_table(
            index="area_id", columns="category_id", values="count", aggfunc="sum", fill_value=0
        )
        .reindex(index=_ids("area"), columns=_ids("category"), fill_value=0)
        .astype(float)
    )
    return table_with_totals(counts), published_table_mask(counts)


def published_week(week: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The week's area x category counts with their totals, and what the public may not see
    of them (analytics.suppression.published_table_mask). Every public count of a week (one
    area or all, one category or all) is an entry of this one table, so no two filters can
    be subtracted to give a hidden count back (cached per week)."""
    return _published_week(week)


def published_entry(week: dt.date, area: str | None, category: str | None) -> tuple[float, str]:
    """(count, '' | 'primary' | 'secondary') the public sees for one filter of one week."""
    table, mask = published_week(week)
    row, column = area or TOTAL, category or TOTAL
    return float(table.loc[row, column]), str(mask.loc[row, column])


@cache.per_version
def _published_places(first: dt.date, last: dt.date) -> pd.DataFrame:
    categories = _ids("category")
    frames = [
        cache.est_place_counts(first, last, None, category, None).assign(category_id=category)
        for category in categories
    ]
    long = pd.concat(frames, ignore_index=True)
    long = long[long["place"].notna()]
    if long.empty:
        return published_entries(pd.DataFrame(columns=categories, dtype=float))
    table = (
        long.pivot_table(
            index=["area_id", "place"],
            columns="category_id",
            values="count",
            aggfunc="sum",
            fill_value=0,
        )
        .reindex(columns=categories, fill_value=0)
        .astype(float)
    )
    return published_entries(table, pd.Series(table.index.get_level_values("area_id")))


def published_places(first: dt.date, last: dt.date) -> pd.DataFrame:
    """The public's place x category table of one fixed block of weeks (analytics.suppression
    .published_period), one table per area with all its totals, masked once
    (analytics.suppression.published_entries): rows (area_id, place). Every public hotspot
    list of the block (one area or all, one category or all) reads entries of it."""
    return _published_places(first, last)


# The public's weekday x time cells are three-hour bands; reports without a time are one more row.
PUBLIC_BAND_HOURS = 3
NO_TIME = "no_time"


@cache.per_version
def _published_weekday_hour(first: dt.date, last: dt.date) -> pd.DataFrame:
    counts = cache.est_weekday_hour(first, last, None, None, None)
    grid, without_time = est.weekday_hour_grid(counts, band_hours=PUBLIC_BAND_HOURS)
    column = grid.stack()
    column.loc[(NO_TIME, NO_TIME)] = without_time
    return published_entries(column.astype(float).to_frame("all"))


def published_weekday_hour(first: dt.date, last: dt.date) -> pd.DataFrame:
    """The public's weekday x time grid of one fixed block of weeks, all areas and categories,
    with the reports without a time as row (NO_TIME, NO_TIME), masked once with its total
    (the block's reports, which the weekly tables add up to). Areas and categories are not
    public filters here: per area the cells are mostly 1–4, and a second dimension would
    hide nearly all of them."""
    return _published_weekday_hour(first, last)


def symbol(value: float, how: str) -> str:
    """A count as a table cell: the number, '<5', '..' or '-' (zero)."""
    if how == PRIMARY:
        return SYMBOL_SMALL
    if how == SECONDARY:
        return SYMBOL_HIDDEN
    return "-" if value == 0 else str(int(value))


def entry_text(value: float, how: str) -> str:
    """A count in a sentence: the number, '<5' or '..'."""
    if how:
        return symbol(value, how)
    return number(value, 0)


def plural(key: str, n: float, **values: object) -> str:
    """The message `key`_one or `key`_other by the session's language's plural rule (Babel),
    with n in the session's number format ("1 vecka", "13 veckor")."""
    form = Locale.parse(LOCALES[language()]).plural_form(abs(int(n)))
    return t(f"{key}_{'one' if form == 'one' else 'other'}", n=number(n, 0), **values)
