"""Crime series as the pages choose them: a Kolada crime KPI (real) or a Brå crime type
(from whatever has been imported; the bundled build holds example counts)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.crime_view import standardise_series
from ui import cache
from ui.i18n import language, t

# Brå's municipal figures before this year are not fully comparable (series break).
BRA_SERIES_BREAK_YEAR = 2015


@dataclass(frozen=True, eq=False)
class CrimeSeries:
    key: str
    title: str
    label: str
    source_name: str
    licence: str
    is_example: bool
    break_year: int | None
    caveats: str
    frame: pd.DataFrame


def series_options() -> dict[str, str]:
    """Option key -> label: Kolada crime KPIs first (real), then the Brå crime types."""
    options = {}
    for row in cache.indicators("crime").itertuples():
        title = getattr(row, f"title_{language()}")
        options[f"kolada:{row.indicator_id}"] = t("series_real_suffix", title=title)
    freshness = cache.data_freshness().set_index("table_name")
    crime_is_example = bool(freshness.loc["crime_counts", "has_example"])
    for row in cache.crime_types().itertuples():
        name = getattr(row, f"name_{language()}")
        options[f"bra:{row.crime_code}"] = (
            t("series_example_suffix", title=name) if crime_is_example else name
        )
    return options


def load_series(key: str) -> CrimeSeries:
    """The chosen series in the standard shape (analytics.crime_view.standardise_series)."""
    kind, _, code = key.partition(":")
    if kind == "kolada":
        meta = cache.indicators("crime").set_index("indicator_id").loc[code]
        frame = standardise_series(cache.kolada_series(code, "T"), rate_col="value", count_col=None)
        return CrimeSeries(
            key,
            meta[f"title_{language()}"],
            t("series_real_suffix", title=meta[f"title_{language()}"]),
            meta[f"source_name_{language()}"] + " – " + meta["attribution"],
            meta["licence"],
            False,
            int(meta["series_break_year"]) if pd.notna(meta["series_break_year"]) else None,
            meta[f"caveats_{language()}"] or "",
            frame,
        )
    types = cache.crime_types().set_index("crime_code")
    title = types.loc[code, f"name_{language()}"]
    raw = cache.crime_series(code, "year")
    frame = standardise_series(raw)
    sources = cache.sources().set_index("source_id")
    is_example = bool(frame["is_example"].any()) if not frame.empty else False
    source = sources.loc["bra_example" if is_example else "bra"]
    label = t("series_example_suffix", title=title) if is_example else title
    return CrimeSeries(
        key,
        title,
        label,
        source[f"name_{language()}"],
        source["licence"],
        is_example,
        BRA_SERIES_BREAK_YEAR,
        "",
        frame,
    )
