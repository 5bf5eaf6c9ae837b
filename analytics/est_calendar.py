"""The Swedish calendar that drives EST seasonality: public holidays and the evenings that
matter most for safety work (Valborgsmässoafton, skolavslutning, midsommarafton, nyårsafton).

Public holidays come from `holidays.Sweden(language="sv")`; the evenings are not public
holidays and are added here:
- Valborgsmässoafton: 30 April;
- midsommarafton: the Friday between 19 and 25 June;
- nyårsafton: 31 December;
- skolavslutning: Stockholm-area schools end the spring term in the middle of June; the exact
  day differs by school and year, so it is approximated as the Friday of ISO week 24
  (9–15 June), which is within a day or two of the usual end of term.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

import holidays

VALBORG = "valborg"
SKOLAVSLUTNING = "skolavslutning"
MIDSOMMAR = "midsommar"
NYAR = "nyar"
# The special evenings in a fixed order (feature columns follow it).
SPECIAL_DAYS = (VALBORG, SKOLAVSLUTNING, MIDSOMMAR, NYAR)
# Swedish names of the special evenings, for labels.
SPECIAL_DAY_NAMES_SV = {
    VALBORG: "Valborgsmässoafton",
    SKOLAVSLUTNING: "Skolavslutning",
    MIDSOMMAR: "Midsommarafton",
    NYAR: "Nyårsafton",
}


def skolavslutning(year: int) -> dt.date:
    """Approximate end of the spring term: the Friday of ISO week 24."""
    return dt.date.fromisocalendar(year, 24, 5)


def midsommarafton(year: int) -> dt.date:
    """The Friday between 19 and 25 June."""
    day = dt.date(year, 6, 19)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def special_days(year: int) -> dict[str, dt.date]:
    """The four special evenings of a year."""
    return {
        VALBORG: dt.date(year, 4, 30),
        SKOLAVSLUTNING: skolavslutning(year),
        MIDSOMMAR: midsommarafton(year),
        NYAR: dt.date(year, 12, 31),
    }


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """Swedish public holidays of a year (Sundays not counted as holidays)."""
    return frozenset(holidays.Sweden(years=year, language="sv", include_sundays=False))


def holiday_names(years: Iterable[int]) -> dict[dt.date, str]:
    """Date -> Swedish name, public holidays and the special evenings together."""
    names: dict[dt.date, str] = {}
    for year in years:
        names.update(holidays.Sweden(years=year, language="sv", include_sundays=False))
        for key, day in special_days(year).items():
            names[day] = SPECIAL_DAY_NAMES_SV[key]
    return names


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_calendar(monday: dt.date) -> dict[str, float]:
    """What a week (Monday `monday` to Sunday) holds: one 0/1 flag per special evening, and
    `public_holidays`, the number of public holidays in the week other than the days after the
    special evenings (Nyårsdagen, Midsommardagen), which those flags already cover.

    Nyår covers the week with 31 December and the week with 1 January (the night belongs to
    both when the year turns on a Sunday).
    """
    days = [monday + dt.timedelta(days=offset) for offset in range(7)]
    years = {day.year for day in days}
    flags = {key: 0.0 for key in SPECIAL_DAYS}
    for year in years:
        for key, day in special_days(year).items():
            if day in days:
                flags[key] = 1.0
    if any(day.month == 1 and day.day == 1 for day in days):
        flags[NYAR] = 1.0
    covered = {(1, 1)} | {
        (day.month, day.day)
        for year in years
        for day in [midsommarafton(year) + dt.timedelta(days=1)]
    }
    holidays_in_week = sum(
        1
        for day in days
        if day in public_holidays(day.year) and (day.month, day.day) not in covered
    )
    return {**flags, "public_holidays": float(holidays_in_week)}
