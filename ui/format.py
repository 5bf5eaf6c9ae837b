"""Numbers and dates in the session's language (Swedish: decimal comma, space thousands)."""

from __future__ import annotations

import math
import re
from datetime import datetime
from urllib.parse import urlsplit

import pandas as pd
from babel.dates import format_datetime
from babel.numbers import format_decimal

from ui.i18n import language, t

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
# Shown for a missing value, as Swedish official statistics mark it.
MISSING = ".."
# Table headings (message keys) whose columns hold years.
YEAR_HEADINGS = (
    "column_year",
    "column_latest_year",
    "freshness_latest_year",
    "est_column_iso_year",
)


def number(value: float | None, decimals: int = 1) -> str:
    """`1167.809` -> '1 167,8' (sv) or '1,167.8' (en); None/NaN -> '..'."""
    if value is None or pd.isna(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[language()])


def year_ranges(years: list[int]) -> str:
    """Years as runs: [2011, 2012, 2013, 2016] -> '2011–2013, 2016'."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


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


# --- data in markdown ------------------------------------------------------------------------
# Every ASCII punctuation character can be escaped with a backslash in (GitHub-flavoured)
# markdown and then renders as itself: no link, image, emphasis, heading, table, autolink
# (http\://, www\.), emoji or colour directive (\:red[...]) or formula ($) can come from data.
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# Publishers whose pages a public link may point to (a host is trusted if it is one of these or
# a subdomain of one): Swedish public bodies that publish the statistics the dashboard shows.
TRUSTED_PUBLISHERS = (
    "bra.se",
    "polisen.se",
    "vaxholm.se",
    "scb.se",
    "kolada.se",
    "folkhalsomyndigheten.se",
    "stockholm.se",
    "regionstockholm.se",
    "skr.se",
    "lansstyrelsen.se",
    "regeringen.se",
    "skolverket.se",
    "msb.se",
    "can.se",
    "rise.se",
)
# A URL a markdown link may carry: https, a host name, and a path without spaces, brackets,
# angle brackets, quotes or backslashes (nothing that could end the link's destination).
_SAFE_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::443)?(?:[/?#][A-Za-z0-9._~!$&*+,;=:@%/?#-]*)?")


def markdown_text(value: object) -> str:
    """`value` as markdown that renders as exactly this text (for data shown with
    st.markdown or st.caption): every punctuation character escaped, line breaks as spaces."""
    if value is None:
        return ""
    text = " ".join(str(value).split("\n")).replace("\r", " ")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def trusted_url(url: object) -> str | None:
    """`url` if it is an https address on a trusted publisher's site (TRUSTED_PUBLISHERS) that
    can stand in a markdown link as it is; None for anything else (never raises)."""
    if not isinstance(url, str) or not _SAFE_URL.fullmatch(url.strip()):
        return None
    url = url.strip()
    try:
        host = (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return None
    if any(host == publisher or host.endswith("." + publisher) for publisher in TRUSTED_PUBLISHERS):
        return url
    return None


def markdown_link(text: object, url: object) -> str:
    """A markdown link showing `text` (escaped) if `url` is trusted (trusted_url), else the
    escaped text alone: no link from data that was not checked."""
    label = markdown_text(text)
    safe = trusted_url(url)
    return f"[{label}]({safe})" if safe else label


def url_host(url: object) -> str:
    """The host of a URL for a link's text ('www.vaxholm.se'); '' for one that cannot be parsed."""
    try:
        return urlsplit(str(url)).hostname or ""
    except ValueError:
        return ""
