"""Crime series as the pages choose them: a Kolada crime KPI (real) or a Brå crime type
(from whatever has been imported; the bundled build holds example counts, and a type's
published counts, once imported, replace its example ones: data.db.fetch_crime_series).

Every series comes with the small-number rule applied (`suppressed` column, DESIGN §4): for a
Brå crime type the rule runs over all crime types at once, so a count hidden in one type
cannot be worked out from its parent type and siblings (analytics.crime_view.suppression_mask).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.crime_view import crime_families, standardise_series, suppression_mask
from ui import cache
from ui.i18n import in_language, language, t

# Brå's municipal figures before this year are not fully comparable (series break).
BRA_SERIES_BREAK_YEAR = 2015
# The county whose municipalities the pages show one by one (area filter, ranking).
COUNTY_GROUP = "stockholms_lan"


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
    # Per crime type: one with published counts shows them, not the example ones.
    for row in cache.crime_types().itertuples():
        name = getattr(row, f"name_{language()}")
        options[f"bra:{row.crime_code}"] = (
            t("series_example_suffix", title=name) if row.is_example else name
        )
    return options


def county_codes() -> list[str]:
    """The county's municipalities: shown one by one, their total is the county row."""
    groups = cache.reference_groups()
    return groups.loc[groups["group_id"] == COUNTY_GROUP, "municipality_code"].tolist()


@cache.per_version
def _bra_suppression() -> pd.DataFrame:
    """crime_code, municipality_code, year, suppressed for every Brå crime type (yearly)."""
    types = cache.crime_types()
    frames = [
        standardise_series(cache.crime_series(code, "year")).assign(crime_code=code)
        for code in types["crime_code"]
    ]
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=["crime_code", "municipality_code", "year", "suppressed"])
    counts = pd.concat(frames, ignore_index=True)
    mask = suppression_mask(counts, member_codes=county_codes(), families=crime_families(types))
    return counts[["crime_code", "municipality_code", "year"]].assign(suppressed=mask)


def with_suppression(frame: pd.DataFrame, crime_code: str | None) -> pd.DataFrame:
    """`frame` (standard shape) with the `suppressed` column of the small-number rule."""
    if frame.empty:
        return frame.assign(suppressed=pd.Series(dtype=object))
    if crime_code is None:
        return frame.assign(suppressed=suppression_mask(frame, member_codes=county_codes()))
    masks = _bra_suppression()
    masks = masks[masks["crime_code"] == crime_code].drop(columns="crime_code")
    merged = frame.merge(masks, on=["municipality_code", "year"], how="left")
    merged["suppressed"] = merged["suppressed"].fillna("")
    return merged


def load_series(key: str) -> CrimeSeries:
    """The chosen series in the standard shape (analytics.crime_view.standardise_series)."""
    kind, _, code = key.partition(":")
    if kind == "kolada":
        meta = cache.indicators("crime").set_index("indicator_id").loc[code]
        frame = standardise_series(cache.kolada_series(code, "T"), rate_col="value", count_col=None)
        frame = with_suppression(frame, None)
        return CrimeSeries(
            key,
            meta[f"title_{language()}"],
            t("series_real_suffix", title=meta[f"title_{language()}"]),
            meta[f"source_name_{language()}"] + " – " + meta[in_language("attribution")],
            meta["licence"],
            False,
            int(meta["series_break_year"]) if pd.notna(meta["series_break_year"]) else None,
            meta[f"caveats_{language()}"] or "",
            frame,
        )
    types = cache.crime_types().set_index("crime_code")
    title = types.loc[code, f"name_{language()}"]
    raw = cache.crime_series(code, "year")
    frame = with_suppression(standardise_series(raw), code)
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
