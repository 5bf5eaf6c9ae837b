"""Numbers and dates in the session's language (Swedish: decimal comma, space thousands)."""

from __future__ import annotations

import math
from datetime import datetime

from babel.dates import format_datetime
from babel.numbers import format_decimal

from ui.i18n import language

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
# Shown for a missing value, as Swedish official statistics mark it.
MISSING = ".."


def number(value: float | None, decimals: int = 1) -> str:
    """`1167.809` -> '1 167,8' (sv) or '1,167.8' (en); None/NaN -> '..'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
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
