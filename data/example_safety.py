"""Deterministic, seeded example safety-survey results (exempeldata) in the result-table shape.

No public file gives the police trygghetsmätning or Brå's NTU results for Vaxholm with their
respondent counts, so the build generates them here and imports them through the survey
importer with `example=True` (stored is_example = true, labelled everywhere). Two files, in the
two header languages the importer accepts:

- police trygghetsmätning 2020–2025 (`;`, Swedish headers, decimal comma): Vaxholm, LPO Södra
  Roslagen and Polisregion Stockholm by group (alla, kvinnor, män, 16–29, 30–64, 65–85 år), and
  Vaxholm's districts (alla). Vaxholm has about 1 000 invited and 450–540 answers a year
  (2023: 538, as nykommun.se reported); districts follow their share of the inhabitants, so
  Bogesundslandet (and Rindö in some years) has fewer than 30 answers and is hidden by the pages.
  Shares come from binomial draws around levels that pass through every real published point
  (data/real/vaxholm_published_figures.csv): where a point exists, the example share rounds to
  it (Vaxholm 2023 trygg ute sent på kvällen 90 %, LPO 80 %, region 71 %).
- NTU (`,`, English headers, decimal point): Vaxholm, Stockholms län and Riket, two years pooled
  (2013–2014 … 2023–2024), method break in 2017, with confidence limits as Brå publishes them
  (here: Wilson limits widened by a design effect, so they differ from a plain Wilson interval).

Same seed, same files, byte for byte. Every level not anchored to a published point is invented.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# Seed of every random draw: Vaxholm's municipality code.
SEED = 187
POLICE_YEARS = range(2020, 2026)
# Invited in Vaxholm each year, and the answers the press reported for 2023.
VAXHOLM_INVITED = 1_000
VAXHOLM_RESPONDENTS_2023 = 538
# Invited per year in the local police area and the region (example values).
LPO_INVITED, REGION_INVITED = 11_000, 79_000
RESPONSE_RATE = 0.46
VAXHOLM, LPO, REGION = "Vaxholm", "LPO Södra Roslagen", "Polisregion Stockholm"
COUNTY, RIKET = "Stockholms län", "Riket"
# Share of Vaxholm's respondents living in each district; the rest (Skarpö, Tynningö, other
# islands) is not reported separately, so the districts never add up to Vaxholm.
DISTRICT_SHARES = {
    "Vaxön": 0.40,
    "Resarö": 0.22,
    "Kullö": 0.15,
    "Rindö": 0.068,
    "Bogesundslandet": 0.028,
}
# Respondents by sex (share women) and by age band; about 1 % leave each question blank.
WOMEN_SHARE, BLANK_SHARE = 0.53, 0.01
AGE_SHARES = {"16–29 år": 0.12, "30–64 år": 0.53, "65–85 år": 0.35}


@dataclass(frozen=True)
class PoliceIndicator:
    """Levels (percent, group alla) by area and year; unlisted years are interpolated."""

    indicator_id: str
    levels: dict[str, dict[int, float]]
    # Logit offsets per group and per district relative to the area's level.
    groups: dict[str, float]
    districts: dict[str, float]


POLICE_INDICATORS = (
    PoliceIndicator(
        "survey_trygg_kvall",
        # Published: Vaxholm 2020 85, 2023 90; LPO 2020 73, 2021 75, 2023 80; region 2020 66,
        # 2021 68, 2023 71 (vaxholm_published_figures.csv). 2022, 2024, 2025 invented.
        {
            VAXHOLM: {2020: 85, 2023: 90, 2025: 89},
            LPO: {2020: 73, 2021: 75, 2023: 80, 2025: 79},
            REGION: {2020: 66, 2021: 68, 2023: 71, 2025: 70},
        },
        {"kvinnor": -0.45, "män": 0.5, "16–29 år": -0.2, "30–64 år": 0.15, "65–85 år": -0.25},
        {"Vaxön": -0.25, "Resarö": 0.25, "Kullö": 0.1, "Rindö": 0.15, "Bogesundslandet": 0.3},
    ),
    PoliceIndicator(
        "survey_ungdomar_stor",
        # Published: Vaxholm 2020 19, region 2020 39. Everything else invented.
        {
            VAXHOLM: {2020: 19, 2021: 16, 2023: 21, 2025: 18},
            LPO: {2020: 28, 2021: 25, 2023: 29, 2025: 27},
            REGION: {2020: 39, 2021: 36, 2023: 38, 2025: 37},
        },
        {"kvinnor": 0.05, "män": -0.05, "16–29 år": -0.35, "30–64 år": 0.05, "65–85 år": 0.1},
        {"Vaxön": 0.35, "Resarö": -0.2, "Kullö": 0.1, "Rindö": -0.15, "Bogesundslandet": -0.4},
    ),
    PoliceIndicator(
        "survey_utsatt_stold",
        # Published: Vaxholm 2020 8.
        {
            VAXHOLM: {2020: 8, 2025: 7},
            LPO: {2020: 9, 2025: 8.5},
            REGION: {2020: 11, 2025: 10},
        },
        {"kvinnor": -0.05, "män": 0.05, "16–29 år": 0.45, "30–64 år": 0.05, "65–85 år": -0.4},
        {"Vaxön": 0.2, "Resarö": -0.1, "Kullö": 0.0, "Rindö": -0.1, "Bogesundslandet": -0.2},
    ),
    PoliceIndicator(
        "survey_utsatt_skadegorelse",
        # Published: Vaxholm 2020 4.
        {
            VAXHOLM: {2020: 4, 2025: 4},
            LPO: {2020: 5, 2025: 4.5},
            REGION: {2020: 6, 2025: 5.5},
        },
        {"kvinnor": -0.05, "män": 0.05, "16–29 år": 0.2, "30–64 år": 0.1, "65–85 år": -0.3},
        {"Vaxön": 0.25, "Resarö": -0.1, "Kullö": 0.0, "Rindö": -0.1, "Bogesundslandet": -0.2},
    ),
    PoliceIndicator(
        "survey_utsatt_bedrageri",
        # Published: Vaxholm 2020 6; fraud rises nationally (invented slope).
        {
            VAXHOLM: {2020: 6, 2025: 8.5},
            LPO: {2020: 7, 2025: 9.5},
            REGION: {2020: 8, 2025: 10.5},
        },
        {"kvinnor": 0.0, "män": 0.0, "16–29 år": -0.1, "30–64 år": 0.0, "65–85 år": 0.15},
        {"Vaxön": 0.0, "Resarö": 0.0, "Kullö": 0.0, "Rindö": 0.0, "Bogesundslandet": 0.0},
    ),
    PoliceIndicator(
        "survey_utsatt_vald",
        # Published: Vaxholm 2020 1.
        {
            VAXHOLM: {2020: 1, 2025: 1.2},
            LPO: {2020: 1.6, 2025: 1.7},
            REGION: {2020: 2.6, 2025: 2.7},
        },
        {"kvinnor": -0.2, "män": 0.2, "16–29 år": 0.9, "30–64 år": -0.1, "65–85 år": -0.8},
        {"Vaxön": 0.3, "Resarö": -0.2, "Kullö": 0.0, "Rindö": -0.1, "Bogesundslandet": -0.3},
    ),
)
# Published Vaxholm/LPO/region points (group alla) the example shares round to exactly.
PUBLISHED_POINTS = {
    ("survey_trygg_kvall", VAXHOLM, 2020): 85,
    ("survey_trygg_kvall", VAXHOLM, 2023): 90,
    ("survey_trygg_kvall", LPO, 2020): 73,
    ("survey_trygg_kvall", LPO, 2021): 75,
    ("survey_trygg_kvall", LPO, 2023): 80,
    ("survey_trygg_kvall", REGION, 2020): 66,
    ("survey_trygg_kvall", REGION, 2021): 68,
    ("survey_trygg_kvall", REGION, 2023): 71,
    ("survey_ungdomar_stor", VAXHOLM, 2020): 19,
    ("survey_ungdomar_stor", REGION, 2020): 39,
    ("survey_utsatt_stold", VAXHOLM, 2020): 8,
    ("survey_utsatt_skadegorelse", VAXHOLM, 2020): 4,
    ("survey_utsatt_bedrageri", VAXHOLM, 2020): 6,
    ("survey_utsatt_vald", VAXHOLM, 2020): 1,
}

# NTU: last year of each two-year pool; the method changed in 2017 (Brå).
NTU_YEARS = (2014, 2016, 2018, 2020, 2022, 2024)
NTU_BREAK_YEAR = 2017
# Respondents per pooled result (example values) and Brå's design effect for the limits.
NTU_RESPONDENTS = {VAXHOLM: 260, COUNTY: 15_000, RIKET: 74_000}
NTU_DESIGN_EFFECT = 1.4
# Levels by pool's last year (invented; the 2017 method change raised reported unsafety).
NTU_LEVELS = {
    "survey_ntu_otrygg_kvall": {
        RIKET: (15, 16, 29, 28, 27, 26),
        COUNTY: (16.5, 17.5, 30, 29.5, 28, 27),
        VAXHOLM: (8, 9, 16, 15, 14, 13),
    },
    "survey_ntu_utsatt_person": {
        RIKET: (12, 13, 21, 22, 22, 21),
        COUNTY: (13, 14, 22, 23, 23, 22),
        VAXHOLM: (10, 10.5, 17, 17.5, 17, 16.5),
    },
}
NTU_GROUP_OFFSETS = {
    "survey_ntu_otrygg_kvall": {"kvinnor": 0.45, "män": -0.5},
    "survey_ntu_utsatt_person": {"kvinnor": 0.05, "män": -0.05},
}
# Two-sided 95 % normal quantile.
Z_95 = 1.959963984540054

POLICE_HEADER = ["undersökning", "indikator", "område", "år", "grupp", "andel", "n"]
POLICE_HEADER += ["ki_nedre", "ki_övre", "anmärkning"]
NTU_HEADER = ["survey", "indicator", "area", "year", "group", "share", "n", "ci_lower"]
NTU_HEADER += ["ci_upper", "pooled_years", "series_break", "note"]
EXAMPLE_NOTE = "exempeldata"


@dataclass(frozen=True)
class SafetyExampleFiles:
    trygghetsmatning: Path
    ntu: Path


def _logit(share_percent: float) -> float:
    proportion = share_percent / 100
    return math.log(proportion / (1 - proportion))


def _expit(value: float) -> float:
    return 100 / (1 + math.exp(-value))


def _level(levels: dict[int, float], year: int) -> float:
    """Linear interpolation between the listed years (held flat outside them)."""
    years = sorted(levels)
    return float(np.interp(year, years, [levels[y] for y in years]))


def _draw(rng: np.random.Generator, share_percent: float, n: int) -> float:
    """Observed share (percent, one decimal) of n respondents around `share_percent`."""
    return round(100 * int(rng.binomial(n, share_percent / 100)) / n, 1)


def _group_sizes(rng: np.random.Generator, n: int) -> dict[str, int]:
    answered_sex = n - int(rng.binomial(n, BLANK_SHARE))
    women = int(rng.binomial(answered_sex, WOMEN_SHARE))
    answered_age = n - int(rng.binomial(n, BLANK_SHARE))
    ages = rng.multinomial(answered_age, list(AGE_SHARES.values()))
    return {
        "kvinnor": women,
        "män": answered_sex - women,
        **{band: int(size) for band, size in zip(AGE_SHARES, ages, strict=True)},
    }


def trygghetsmatning_results() -> pd.DataFrame:
    """Example police results: survey, indicator, area, year, group, share (percent), n."""
    rng = np.random.default_rng([SEED, 1])
    respondents = {}
    for year in POLICE_YEARS:
        vaxholm = int(rng.binomial(VAXHOLM_INVITED, RESPONSE_RATE))
        respondents[year] = {
            VAXHOLM: VAXHOLM_RESPONDENTS_2023 if year == 2023 else vaxholm,
            LPO: int(rng.binomial(LPO_INVITED, RESPONSE_RATE)),
            REGION: int(rng.binomial(REGION_INVITED, RESPONSE_RATE - 0.02)),
        }
    rows = []
    for year in POLICE_YEARS:
        for area, n in respondents[year].items():
            groups = _group_sizes(rng, n)
            districts = {}
            if area == VAXHOLM:
                shares = [*DISTRICT_SHARES.values(), 1 - sum(DISTRICT_SHARES.values())]
                sizes = rng.multinomial(n, shares)[: len(DISTRICT_SHARES)]
                districts = {
                    name: int(size) for name, size in zip(DISTRICT_SHARES, sizes, strict=True)
                }
            for indicator in POLICE_INDICATORS:
                level = _level(indicator.levels[area], year)
                published = PUBLISHED_POINTS.get((indicator.indicator_id, area, year))
                # Where a real point exists the example rounds to it; elsewhere a binomial draw.
                if published is not None:
                    share = round(100 * round(published * n / 100) / n, 1)
                else:
                    share = _draw(rng, level, n)
                rows.append((indicator.indicator_id, area, year, "alla", share, n))
                for group, size in groups.items():
                    offset = indicator.groups[group]
                    rows.append(
                        (
                            indicator.indicator_id,
                            area,
                            year,
                            group,
                            _draw(rng, _expit(_logit(level) + offset), size),
                            size,
                        )
                    )
                for district, size in districts.items():
                    offset = indicator.districts[district]
                    rows.append(
                        (
                            indicator.indicator_id,
                            district,
                            year,
                            "alla",
                            _draw(rng, _expit(_logit(level) + offset), size),
                            size,
                        )
                    )
    frame = pd.DataFrame(rows, columns=["indicator", "area", "year", "group", "share", "n"])
    return frame.assign(survey="trygghetsmatning")


def _wilson(share_percent: float, n: float) -> tuple[float, float]:
    """Wilson score limits (percent) for a share of n."""
    proportion = share_percent / 100
    z2 = Z_95**2
    centre = (proportion + z2 / (2 * n)) / (1 + z2 / n)
    half = Z_95 * math.sqrt(proportion * (1 - proportion) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return 100 * (centre - half), 100 * (centre + half)


def ntu_results() -> pd.DataFrame:
    """Example NTU results: pooled two years, with confidence limits and the 2017 break."""
    rng = np.random.default_rng([SEED, 2])
    rows = []
    for indicator_id, by_area in NTU_LEVELS.items():
        for area, levels in by_area.items():
            for index, year in enumerate(NTU_YEARS):
                n_all = int(rng.poisson(NTU_RESPONDENTS[area]))
                women = int(rng.binomial(n_all, WOMEN_SHARE))
                groups = {"alla": n_all, "kvinnor": women, "män": n_all - women}
                for group, n in groups.items():
                    logit_offset = NTU_GROUP_OFFSETS[indicator_id].get(group, 0.0)
                    share = _draw(rng, _expit(_logit(levels[index]) + logit_offset), n)
                    lower, upper = _wilson(share, n / NTU_DESIGN_EFFECT)
                    rows.append(
                        (
                            indicator_id,
                            area,
                            year,
                            group,
                            share,
                            n,
                            math.floor(lower * 10) / 10,
                            math.ceil(upper * 10) / 10,
                            2,
                            year - 1 == NTU_BREAK_YEAR,
                        )
                    )
    columns = ["indicator", "area", "year", "group", "share", "n", "ci_lower", "ci_upper"]
    frame = pd.DataFrame(rows, columns=[*columns, "pooled_years", "series_break"])
    return frame.assign(survey="ntu")


def _swedish(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def write_example_files(folder: Path) -> SafetyExampleFiles:
    """Write the example police and NTU result tables to `folder` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    police_path = folder / "exempeldata_polisens_trygghetsmatning_resultat.csv"
    with open(police_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(POLICE_HEADER)
        for row in trygghetsmatning_results().itertuples(index=False):
            writer.writerow(
                [
                    row.survey,
                    row.indicator,
                    row.area,
                    row.year,
                    row.group,
                    _swedish(row.share),
                    row.n,
                    "",
                    "",
                    EXAMPLE_NOTE,
                ]
            )
    ntu_path = folder / "exempeldata_ntu_resultat.csv"
    with open(ntu_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(NTU_HEADER)
        for row in ntu_results().itertuples(index=False):
            writer.writerow(
                [
                    row.survey,
                    row.indicator,
                    row.area,
                    row.year,
                    row.group,
                    f"{row.share:.1f}",
                    row.n,
                    f"{row.ci_lower:.1f}",
                    f"{row.ci_upper:.1f}",
                    row.pooled_years,
                    "ja" if row.series_break else "nej",
                    EXAMPLE_NOTE,
                ]
            )
    return SafetyExampleFiles(police_path, ntu_path)
