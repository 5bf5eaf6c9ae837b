"""Numbers and dates in the session's language (Swedish: decimal comma, space thousands)."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
from babel.dates import format_datetime
from babel.numbers import format_decimal

from ui.i18n import language, t

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
# Shown for a missing value, as Swedish official statistics mark it.
MISSING = ".."
# Table headings (message keys) whose columns hold years.
YEAR_HEADINGS = ("column_year", "column_latest_year", "freshness_latest_year")


def number(value: float | None, decimals: int = 1) -> str:
    """`1167.809` -> '1 167,8' (sv) or '1,167.8' (en); None/NaN -> '..'."""
    if value is None or pd.isna(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[language()])


def signed_percent(fraction: float | None, decimals: int = 0) -> str:
    """Relative change as a signed percentage: -0.132 -> '−13 %' (sv) / '−13%' (en).

    A change from 0 (infinite ratio) has no percentage: it reads as missing, never '+∞ %'."""
    if fraction is None or not math.isfinite(fraction):
        return MISSING
    text = number(abs(fraction) * 100, decimals)
    sign = "+" if fraction > 0 else ("−" if fraction < 0 else "±")
    return f"{sign}{text}\u00a0%" if language() == "sv" else f"{sign}{text}%"


def signed_number(value: float | None, decimals: int = 1) -> str:
    """A signed difference: -2.5 -> '−2,5' (sv)."""
    if value is None or math.isnan(value):
        return MISSING
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{number(abs(value), decimals)}"


def timestamp(value: datetime | None) -> str:
    if value is None:
        return MISSING
    return format_datetime(value, format="yyyy-MM-dd HH:mm", locale=LOCALES[language()])


def decimals_for(values: pd.Series) -> int:
    """Sensible decimals for a column: whole numbers none, values of 10 or more (rates, percents) one,
    smaller values two, shares below 1 four (so a proportion keeps its percent's first decimal)."""
    finite = values.dropna().astype(float)
    if finite.empty or (finite == finite.round()).all():
        return 0
    largest = finite.abs().max()
    return 1 if largest >= 10 else (2 if largest >= 1 else 4)


def is_year_column(name: object) -> bool:
    """A column of years (written 2024, never '2 024'), known by its heading."""
    words = {t(key).lower() for key in YEAR_HEADINGS}
    return str(name).lower() in words or str(name).lower() in {"year", "år"}


def table_text(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as the table shows it in the session's language: numbers with the language's
    decimal sign and thousands separator and sensible decimals, years as years, booleans
    as ja/nej (yes/no), missing as '..'."""
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_bool_dtype(values):
            shown[column] = values.map(lambda flag: t("yes") if flag else t("no"))
        elif pd.api.types.is_numeric_dtype(values):
            if is_year_column(column):
                shown[column] = values.map(lambda y: MISSING if pd.isna(y) else str(int(y)))
            else:
                places = decimals_for(values)
                shown[column] = values.map(lambda v, places=places: number(v, places))
    return shown


def rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every float column rounded as `decimals_for` says (downloads: no
    15-digit bounds)."""
    result = frame.copy()
    for column in result.columns:
        if pd.api.types.is_float_dtype(result[column]):
            result[column] = result[column].round(decimals_for(result[column]))
    return result
