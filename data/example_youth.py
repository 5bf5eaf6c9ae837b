"""Deterministic, seeded example data for Stockholmsenkäten (exempeldata).

No public file holds Stockholmsenkäten's pupil answers or result tables for Vaxholm, so the
build generates them here, in the real shapes, and imports them through the ordinary importer
with `example=True` (stored with is_example = true, labelled wherever shown):

- pupil-level answers, one CSV per wave (2014-2024, every other year): ID;ar;Hemkommun;ARSKURS;
  F2 and the 2024 codebook's item ids, for Vaxholm (0187) and six comparison municipalities, year 9
  and upper-secondary year 2, with realistic cohort sizes (Vaxholm about 130 pupils per grade and
  wave). Every wave uses the 2024 item ids (a harmonised file); F15 (e-cigarettes) is asked from
  2020 and F19a (nicotine pouches) from 2022, as in the real survey;
- result tables aggregated from those pupils: indikator;kommunkod;år;årskurs;kön;andel;antal.

How the pupils are made: each pupil gets seven latent traits, one per RISE index, correlated as
risk and protective factors are (e.g. negative and positive school climate -0.6), shifted by sex,
grade, municipality and wave. Every index item is answered by RISE's own measurement model: the
trait becomes a Rasch location (TRAIT_LOCATION: mean and SD on RISE's logit scale, chosen so
that pupils without any shift have about RISE's reference shares, 25 % from P75 and 10 % from
P90, or 15 % / 15 % for protection), a response category is drawn from the partial credit model
with RISE's item thresholds, and the category is written as one of the codebook's answer codes
that RISE's recoding maps to it (data/metadata/stockholmsenkaten_rise_recoding.csv), so the
files hold original answer codes, as Origo's do. Some "Ej svar" (999), "Vet inte" (998) where
the codebook has it, and break-offs. Outcomes
(smoking, snus, alcohol, drugs, offences, feeling safe) follow the traits through a logistic
threshold model, so the analytics have true associations to find. The number of "yes" answers per
municipality, wave, grade and sex is fixed from a target share: county-like levels with trends,
and for Vaxholm the real published figures (2022 year 9: ever used drugs boys 16 %, girls 6 %;
upper-secondary year 2: 24 %; 2018 year 9: 61 % do not drink alcohol, 91 % never tried drugs;
2022 year 9 feeling safe out late: boys 90 %, girls 80 %). Everything else is invented. Same seed,
same files, byte for byte.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.rasch import category_probabilities, threshold_matrix
from data.importers.stockholmsenkaten import read_codebook
from data.stockholmsenkaten_metadata import index_items, outcome_items

# Seed of every random draw: Vaxholm's municipality code.
SEED = 187
WAVES = (2014, 2016, 2018, 2020, 2022, 2024)
# Municipality -> (name in the codebook, responding pupils in year 9, in upper-secondary year 2).
MUNICIPALITIES = {
    "0187": ("Vaxholm", 130, 115),
    "0117": ("Österåker", 470, 380),
    "0120": ("Värmdö", 460, 370),
    "0162": ("Danderyd", 420, 360),
    "0160": ("Täby", 780, 650),
    "0115": ("Vallentuna", 370, 300),
    "0186": ("Lidingö", 470, 400),
}
# Waves from which an item is asked (absent from earlier files).
FIRST_WAVE = {"F15": 2020, "F19a": 2022}
# Share of pupils per sex code of F2: 1 pojke, 2 flicka, 3 annan, 999 ej svar.
SEX_SHARES = {1: 0.49, 2: 0.49, 3: 0.01, 999: 0.01}
SEX_NAMES = {1: "pojke", 2: "flicka", 3: "annan", 999: "ej_svar"}

U, SN, PS, PA, CO, SP, WB = (
    "rise_utagerande",
    "rise_skola_negativ",
    "rise_psyk_som_besv",
    "rise_parenting",
    "rise_community",
    "rise_skola_positiv",
    "rise_wellbeing",
)
TRAITS = (U, SN, PS, PA, CO, SP, WB)
# Correlations between the latent traits (positive definite; smallest eigenvalue 0.34).
TRAIT_CORRELATION = np.array(
    [
        [1.00, 0.35, 0.25, 0.35, 0.20, -0.30, -0.25],
        [0.35, 1.00, 0.30, 0.20, 0.20, -0.60, -0.35],
        [0.25, 0.30, 1.00, 0.25, 0.15, -0.30, -0.55],
        [0.35, 0.20, 0.25, 1.00, 0.25, -0.25, -0.35],
        [0.20, 0.20, 0.15, 0.25, 1.00, -0.20, -0.35],
        [-0.30, -0.60, -0.30, -0.25, -0.20, 1.00, 0.45],
        [-0.25, -0.35, -0.55, -0.35, -0.35, 0.45, 1.00],
    ]
)
# Mean shifts of the traits, in standard deviations.
GIRL_SHIFT = {PS: 0.6, U: -0.3, WB: -0.15, SN: 0.05}
GY2_SHIFT = {U: -0.05, SN: 0.1, PS: 0.1, PA: 0.15, CO: 0.1}
MUNICIPALITY_SHIFT = {
    "0187": {U: -0.1, SN: 0.25, CO: -0.35, PA: -0.1, WB: 0.1, SP: -0.1},
    "0117": {U: 0.05},
    "0120": {U: 0.05, CO: 0.05},
    "0162": {U: -0.05, CO: -0.2, WB: 0.15},
    "0160": {},
    "0115": {CO: 0.05, SP: -0.05},
    "0186": {CO: -0.1},
}
# Change per wave (two years) from 2014.
WAVE_SHIFT = {PS: 0.05, U: -0.03}
# Rasch location (RISE's risk-coded logit scale) = mean + SD x trait, per index. Found by a grid
# search on the partial credit model's score distribution so that complete answers of pupils
# without shifts reach RISE's reference shares (from P75 / P90; protective: below P15 / from
# P85): Utagerande 25.2/10.2 %, SkolaNegativ 25.0/10.1, SkolaPositiv 15.1/15.1, PsykSomBesv
# 25.0/9.9, Community 25.1/10.2, Wellbeing 15.5/15.0. Parenting's P75 and P90 are one raw score
# apart, so no normal trait reaches 25/10 with a useful SD; SD 0.6 gives 22.2/14.4.
TRAIT_LOCATION = {
    U: (-0.04, 0.70),
    SN: (0.26, 0.56),
    SP: (0.22, 0.92),
    PS: (-0.06, 0.88),
    PA: (-0.54, 0.60),
    CO: (-0.70, 0.88),
    WB: (-0.06, 0.48),
}
# Weight of an item's second index (items shared by two indices).
SECOND_INDEX_WEIGHT = 0.6
PROTECTIVE = (SP, WB)
NO_ANSWER_RATE = 0.02  # item left blank (999)
DONT_KNOW_RATE = 0.03  # "Vet inte" (998) where the codebook offers it
BREAK_OFF_RATE = 0.015  # pupils who stop answering partway (the rest 999)

# Outcome generators: trait effects per standard deviation (logistic threshold model).
EFFECTS = {
    "F14": {U: 0.6, PA: 0.4, SN: 0.3, PS: 0.2, WB: -0.2},
    "F15": {U: 0.6, PA: 0.4, SN: 0.25, WB: -0.2},
    "snus": {U: 0.6, PA: 0.35, SN: 0.2, SP: -0.15},
    "F35": {U: 0.55, PA: 0.5, CO: 0.2, SN: 0.15, WB: -0.1},
    "F46": {U: 0.75, PA: 0.45, SN: 0.25, CO: 0.2, SP: -0.2, WB: -0.15},
    "F50": {U: 0.5, PA: 0.3},
    "F77": {U: 0.8, PA: 0.3, SN: 0.2},
    "F102": {CO: -0.6, PS: -0.4},
}
# County-like target shares (%) in 2022: (year 9 boys, year 9 girls, year 2 boys, year 2 girls).
# Snus and ever-used drugs are the real published county figures for 2022.
TARGETS_2022 = {
    "smoking": (4, 6, 9, 11),
    "vaping": (7, 10, 10, 13),
    "snus": (15, 4, 25, 10),
    "sober": (55, 50, 25, 22),
    "heavy_drinking": (7, 9, 22, 20),
    "drugs": (14, 10, 29, 22),
    "drugs_4_weeks_of_users": (40, 35, 40, 35),
    "F77a": (10, 9, 7, 6),
    "F77b": (6, 4, 4, 2),
    "F77g": (8, 3, 6, 2),
    "F77r": (5, 1.5, 4, 1),
    "safe": (82, 62, 85, 64),
}
# Odds multipliers by wave, relative to 2022.
WAVE_ODDS = {
    "smoking": (1.8, 1.5, 1.3, 1.1, 1.0, 0.9),
    "vaping": (1.0, 1.0, 1.0, 0.8, 1.0, 1.1),
    "snus": (0.8, 0.8, 0.85, 0.9, 1.0, 1.15),
    "sober": (0.75, 0.85, 0.95, 1.05, 1.0, 1.05),
    "heavy_drinking": (1.5, 1.35, 1.2, 1.0, 1.0, 0.95),
    "drugs": (0.75, 0.75, 0.85, 0.9, 1.0, 0.95),
    "crime": (1.3, 1.2, 1.1, 1.0, 1.0, 1.0),
    "safe": (0.9, 0.9, 0.95, 1.0, 1.0, 1.0),
}
# Odds multipliers by municipality (1 where not listed).
MUNICIPALITY_ODDS = {
    "0187": {"safe": 2.0, "heavy_drinking": 0.95, "crime": 0.9},
    "0162": {"drugs": 1.2, "heavy_drinking": 1.2, "sober": 0.9, "safe": 1.3},
    "0120": {"smoking": 1.2, "snus": 1.2},
    "0117": {"crime": 1.1},
    "0115": {"snus": 1.15},
    "0186": {"heavy_drinking": 1.15},
}
# Vaxholm's shares (%) per wave, (boys, girls), anchored on the real published figures:
# 2022 year 9 ever used drugs 16/6, year 2 all 24; 2018 year 9 not drinking 61 and never tried
# drugs 91; 2022 year 9 feeling safe out late 90/80. The other waves are invented around them.
VAXHOLM_TARGETS = {
    ("drugs", "ak9"): {
        2014: (9, 6),
        2016: (8, 6),
        2018: (11, 7),
        2020: (12, 7),
        2022: (16, 6),
        2024: (14, 7),
    },
    ("drugs", "gy2"): {
        2014: (20, 15),
        2016: (20, 16),
        2018: (22, 18),
        2020: (24, 19),
        2022: (26, 22),
        2024: (25, 21),
    },
    ("sober", "ak9"): {
        2014: (53, 51),
        2016: (58, 56),
        2018: (62, 60),
        2020: (64, 62),
        2022: (61, 59),
        2024: (63, 62),
    },
    ("safe", "ak9"): {
        2014: (88, 76),
        2016: (89, 77),
        2018: (89, 78),
        2020: (90, 79),
        2022: (90, 80),
        2024: (91, 80),
    },
}
# Codes of the outcome items for pupils who answer "yes" / "no", with their shares.
SMOKING_YES, SMOKING_NO = ((4, 0.6), (5, 0.4)), ((1, 0.7), (2, 0.22), (3, 0.08))
CRIME_YES = ((2, 0.6), (3, 0.25), (4, 0.1), (5, 0.05))
SAFE_YES, SAFE_NO = ((1, 0.45), (2, 0.55)), ((3, 0.5), (4, 0.2), (5, 0.1), (6, 0.2))
DRINKING_MIDDLE = ((2, 0.35), (3, 0.4), (4, 0.25))
DRINKING_HEAVY = ((5, 0.55), (6, 0.3), (7, 0.15))
MISSING = (99, 996, 998, 999)


# Codes that mean "no answer" when deciding an outcome (996 too unless routing means "no").
UNANSWERED = (99, 998, 999)
# Share of snus users who use nicotine pouches (F19a) rather than snus with tobacco (F19b).
POUCH_SHARE = {2022: 0.6, 2024: 0.75}
# Items whose first break-off position may be: pupils answer at least this many items.
BREAK_OFF_AFTER = 20


@dataclass(frozen=True)
class ExampleFiles:
    pupils: tuple[Path, ...]
    results: Path


def _odds_shift(percent: float, multiplier: float) -> float:
    """The share (%) whose odds are `multiplier` times those of `percent`."""
    odds = percent / (100 - percent) * multiplier
    return 100 * odds / (1 + odds)


def target_share(measure: str, code: str, wave: int, grade: str, sex: int) -> float:
    """Target share (%) for one municipality, wave, grade and sex (annan / ej svar: the mean)."""
    if sex not in (1, 2):
        return (
            target_share(measure, code, wave, grade, 1)
            + target_share(measure, code, wave, grade, 2)
        ) / 2
    girl = int(sex == 2)
    if code == "0187" and (measure, grade) in VAXHOLM_TARGETS:
        return float(VAXHOLM_TARGETS[(measure, grade)][wave][girl])
    base = TARGETS_2022[measure][(2 if grade == "gy2" else 0) + girl]
    trend = "crime" if measure.startswith("F77") else measure
    wave_odds = WAVE_ODDS.get(trend, (1.0,) * len(WAVES))[WAVES.index(wave)]
    local = MUNICIPALITY_ODDS.get(code, {}).get(trend, 1.0)
    return _odds_shift(base, wave_odds * local)


def _choose(
    rng: np.random.Generator, options: tuple[tuple[int, float], ...], size: int
) -> np.ndarray:
    codes, weights = zip(*options, strict=True)
    return rng.choice(np.array(codes), size=size, p=np.array(weights) / sum(weights))


def _top(
    rng: np.random.Generator, score: np.ndarray, eligible: np.ndarray, count: int
) -> np.ndarray:
    """Exactly `count` eligible pupils with the highest score + standard logistic noise: a
    logistic threshold model whose number of "yes" answers is fixed."""
    chosen = np.zeros(score.shape, dtype=bool)
    candidates = np.flatnonzero(eligible)
    if count > 0 and candidates.size:
        key = score[candidates] + rng.logistic(size=candidates.size)
        chosen[candidates[np.argsort(-key, kind="stable")[:count]]] = True
    return chosen


def _count(share: float, eligible: np.ndarray) -> int:
    return round(share / 100 * int(eligible.sum()))


def _draw_pupils(rng: np.random.Generator) -> pd.DataFrame:
    """Background of every pupil (ID, ar, municipality, ARSKURS, F2) and the seven traits."""
    chol = np.linalg.cholesky(TRAIT_CORRELATION)
    frames = []
    for wave in WAVES:
        for code, (_, year_9, year_2) in MUNICIPALITIES.items():
            for grade, planned in (("ak9", year_9), ("gy2", year_2)):
                size = round(planned * rng.uniform(0.92, 1.08))
                sexes = rng.choice(
                    np.array(list(SEX_SHARES)), size=size, p=list(SEX_SHARES.values())
                )
                girl = np.where(sexes == 2, 1.0, np.where(sexes == 1, 0.0, 0.5))
                traits = rng.standard_normal((size, len(TRAITS))) @ chol.T
                for index, trait in enumerate(TRAITS):
                    traits[:, index] += (
                        girl * GIRL_SHIFT.get(trait, 0.0)
                        + (GY2_SHIFT.get(trait, 0.0) if grade == "gy2" else 0.0)
                        + MUNICIPALITY_SHIFT[code].get(trait, 0.0)
                        + WAVE_SHIFT.get(trait, 0.0) * WAVES.index(wave)
                    )
                frame = pd.DataFrame(traits, columns=list(TRAITS))
                frame.insert(0, "F2", sexes)
                frame.insert(0, "grade", grade)
                frame.insert(0, "municipality_code", code)
                frame.insert(0, "ar", wave)
                frames.append(frame)
    pupils = pd.concat(frames, ignore_index=True)
    serial = pupils.groupby("ar").cumcount() + 1
    pupils.insert(0, "ID", pupils["ar"].astype(str) + "-" + serial.map("{:05d}".format))
    return pupils


def _rasch_locations(pupils: pd.DataFrame) -> dict[str, np.ndarray]:
    """Every pupil's location on each index's risk-coded logit scale (protective traits,
    higher = more protection, enter negated: RISE codes every item towards risk)."""
    return {
        trait: mean + sd * (-1.0 if trait in PROTECTIVE else 1.0) * pupils[trait].to_numpy()
        for trait, (mean, sd) in TRAIT_LOCATION.items()
    }


def _index_answers(rng: np.random.Generator, pupils: pd.DataFrame) -> dict[str, np.ndarray]:
    """Answer codes of every index item, drawn from the partial credit model with RISE's
    thresholds (an item of two indices: its first index's thresholds, at a location mixing
    both indices' locations) and written as an original answer code of that category."""
    items = index_items()
    locations = _rasch_locations(pupils)
    answers = {}
    for item_id, rows in items.groupby("item_id", sort=False):
        first = rows.iloc[0]
        location = locations[first["index_id"]].copy()
        for _, other in rows.iloc[1:].iterrows():
            location = (location + SECOND_INDEX_WEIGHT * locations[other["index_id"]]) / (
                1 + SECOND_INDEX_WEIGHT
            )
        thresholds = threshold_matrix([list(first["thresholds"])])
        probabilities = category_probabilities(location, thresholds)[:, 0, :]
        draws = rng.random(len(pupils))
        category = (draws[:, None] > probabilities.cumsum(axis=1)).sum(axis=1)
        codes = np.asarray(first["answer_codes"])
        categories = np.asarray(first["categories"])
        # Community's f101g has three thresholds but RISE's recoding leaves it three categories
        # (0-2): a drawn 3 is written as the code of its highest category, as RISE reads it.
        category = np.minimum(category, categories.max())
        # A merged category (several codes): each of its codes equally often.
        pick = rng.random(len(pupils))
        answer = np.zeros(len(pupils), dtype=int)
        for value in np.unique(categories):
            options = codes[categories == value]
            chosen = category == value
            answer[chosen] = options[(pick[chosen] * options.size).astype(int)]
        answers[item_id] = answer
    return answers


def _missing_masks(
    rng: np.random.Generator, pupils: pd.DataFrame, item_ids: list[str]
) -> dict[str, np.ndarray]:
    """Which pupils leave each item unanswered: blanks, "Vet inte" and break-offs (in order)."""
    codebook = read_codebook()
    size = len(pupils)
    stop = np.where(
        rng.random(size) < BREAK_OFF_RATE,
        rng.integers(BREAK_OFF_AFTER, len(item_ids), size),
        len(item_ids),
    )
    masks = {}
    for position, item_id in enumerate(item_ids):
        code = np.zeros(size, dtype=int)
        code[rng.random(size) < NO_ANSWER_RATE] = 999
        if 998 in codebook.items[item_id].missing_codes:
            code[(code == 0) & (rng.random(size) < DONT_KNOW_RATE)] = 998
        code[stop <= position] = 999
        masks[item_id] = code
    return masks


def _outcome_answers(
    rng: np.random.Generator, pupils: pd.DataFrame, missing: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Answer codes of the outcome items, cell by cell, with the target number of "yes"."""
    size = len(pupils)
    answers = {item: np.zeros(size, dtype=int) for item in OUTCOME_ITEMS}
    traits = pupils[list(TRAITS)]
    effect = {
        name: traits[list(weights)].to_numpy() @ np.array(list(weights.values()))
        for name, weights in EFFECTS.items()
    }
    groups = pupils.groupby(["municipality_code", "ar", "grade", "F2"], sort=True).indices
    for (code, wave, grade, sex), rows in groups.items():

        def share(measure: str) -> float:
            return target_share(measure, code, wave, grade, sex)  # noqa: B023

        def answering(item: str) -> np.ndarray:
            return missing[item][rows] == 0  # noqa: B023

        n = rows.size
        for item, measure in (("F14", "smoking"), ("F15", "vaping")):
            if wave < FIRST_WAVE.get(item, 0):
                continue
            eligible = answering(item)
            yes = _top(rng, effect[item][rows], eligible, _count(share(measure), eligible))
            answers[item][rows] = np.where(
                yes, _choose(rng, SMOKING_YES, n), _choose(rng, SMOKING_NO, n)
            )

        eligible = answering("F19b")
        user = _top(rng, effect["snus"][rows], eligible, _count(share("snus"), eligible))
        pouch = user & (rng.random(n) < POUCH_SHARE.get(wave, 0.0))
        answers["F19b"][rows] = np.where(
            user & ~pouch, _choose(rng, SMOKING_YES, n), _choose(rng, SMOKING_NO, n)
        )
        answers["F19a"][rows] = np.where(
            pouch, _choose(rng, SMOKING_YES, n), _choose(rng, SMOKING_NO, n)
        )

        eligible = answering("F35")
        sober = _top(rng, -effect["F35"][rows], eligible, _count(share("sober"), eligible))
        heavy = _top(
            rng, effect["F35"][rows], eligible & ~sober, _count(share("heavy_drinking"), eligible)
        )
        answers["F35"][rows] = np.where(
            sober,
            1,
            np.where(heavy, _choose(rng, DRINKING_HEAVY, n), _choose(rng, DRINKING_MIDDLE, n)),
        )

        eligible = answering("F46")
        used = _top(rng, effect["F46"][rows], eligible, _count(share("drugs"), eligible))
        answers["F46"][rows] = np.where(used, 2, 1)
        asked = used & answering("F50")
        recent = _top(
            rng, effect["F50"][rows], asked, _count(share("drugs_4_weeks_of_users"), asked)
        )
        answers["F50"][rows] = np.where(
            recent, rng.integers(1, 16, n), np.where(used, 0, np.where(eligible, 996, 999))
        )

        for item in ("F77a", "F77b", "F77g", "F77r"):
            eligible = answering(item)
            yes = _top(rng, effect["F77"][rows], eligible, _count(share(item), eligible))
            answers[item][rows] = np.where(yes, _choose(rng, CRIME_YES, n), 1)

        eligible = answering("F102")
        safe = _top(rng, effect["F102"][rows], eligible, _count(share("safe"), eligible))
        answers["F102"][rows] = np.where(safe, _choose(rng, SAFE_YES, n), _choose(rng, SAFE_NO, n))
    return answers


# Outcome items the generator answers (F50 is routed: 996 for pupils who never used drugs).
OUTCOME_ITEMS = (
    "F14",
    "F15",
    "F19a",
    "F19b",
    "F35",
    "F46",
    "F50",
    "F77a",
    "F77b",
    "F77g",
    "F77r",
    "F102",
)


def example_pupils() -> pd.DataFrame:
    """Every example pupil: ID, ar, municipality_code, grade, F2 and one column per item
    (answer codes; NaN where the item was not asked in that wave), items in codebook order."""
    rng = np.random.default_rng(SEED)
    pupils = _draw_pupils(rng)
    codebook_order = list(read_codebook().items)
    answers = _index_answers(rng, pupils)
    item_ids = sorted([*answers, *OUTCOME_ITEMS], key=codebook_order.index)
    missing = _missing_masks(rng, pupils, item_ids)
    answers.update(_outcome_answers(rng, pupils, missing))
    columns = {}
    for item_id in item_ids:
        code = np.where(missing[item_id] > 0, missing[item_id], answers[item_id]).astype(float)
        if item_id == "F50":
            # Routing decides F50 (996 / 999) before a blank can.
            code = answers[item_id].astype(float)
        first = FIRST_WAVE.get(item_id)
        if first is not None:
            code[pupils["ar"].to_numpy() < first] = np.nan
        columns[item_id] = code
    background = pupils[["ID", "ar", "municipality_code", "grade", "F2"]]
    return pd.concat([background, pd.DataFrame(columns, index=pupils.index)], axis=1)


def _positive_codes(text: str) -> set[int]:
    """'4 5' -> {4, 5}; '1-98' -> {1, ..., 98}."""
    codes: set[int] = set()
    for part in text.split():
        low, _, high = part.partition("-")
        codes.update(range(int(low), int(high or low) + 1))
    return codes


def decide_outcomes(pupils: pd.DataFrame) -> pd.DataFrame:
    """1 / 0 / NaN (undecided) per pupil and outcome, by data/metadata's outcome rules.

    A pupil is "yes" with at least min_positive positive answers, "no" when even the unanswered
    items could not make min_positive, and undecided otherwise or when no item was asked.
    """
    decided = {}
    for indicator, rules in outcome_items().groupby("indicator_id", sort=False):
        positives = np.zeros(len(pupils))
        unanswered = np.zeros(len(pupils))
        asked = np.zeros(len(pupils), dtype=bool)
        for rule in rules.itertuples():
            code = pupils[rule.item_id].to_numpy()
            present = ~np.isnan(code)
            missing_codes = [*UNANSWERED, *([] if rule.routed_is_no else [996])]
            positives += np.isin(code, list(_positive_codes(rule.positive_values)))
            unanswered += np.isin(code, missing_codes)
            asked |= present
        need = int(rules["min_positive"].iloc[0])
        decided[indicator] = np.where(
            positives >= need, 1.0, np.where(asked & (positives + unanswered < need), 0.0, np.nan)
        )
    return pd.DataFrame(decided, index=pupils.index)


def example_results(pupils: pd.DataFrame) -> pd.DataFrame:
    """Result tables from the pupils: indicator_id, municipality_code, year, grade, sex, share
    (percent, one decimal), n (pupils whose answers decide the outcome)."""
    flags = decide_outcomes(pupils)
    long = (
        pd.concat([pupils[["municipality_code", "ar", "grade", "F2"]], flags], axis=1)
        .melt(id_vars=["municipality_code", "ar", "grade", "F2"], var_name="indicator_id")
        .dropna(subset=["value"])
    )
    by_sex = long.assign(sex=long["F2"].map({1: "pojkar", 2: "flickor"})).dropna(subset=["sex"])
    keys = ["indicator_id", "municipality_code", "ar", "grade", "sex"]
    summary = (
        pd.concat([long.assign(sex="alla"), by_sex])
        .groupby(keys, sort=True)["value"]
        .agg(["sum", "count"])
        .reset_index()
    )
    return pd.DataFrame(
        {
            "indicator_id": summary["indicator_id"],
            "municipality_code": summary["municipality_code"],
            "year": summary["ar"],
            "grade": summary["grade"],
            "sex": summary["sex"],
            "share": (100 * summary["sum"] / summary["count"]).round(1),
            "n": summary["count"].astype(int),
        }
    )


def write_example_files(folder: Path) -> ExampleFiles:
    """Write one pupil-level CSV per wave and the result table; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    pupils = example_pupils()
    home = {name: code for code, name in read_codebook().home_municipalities.items()}
    hemkommun = pupils["municipality_code"].map(
        {code: home[name] for code, (name, *_) in MUNICIPALITIES.items()}
    )
    out = pupils.drop(columns=["municipality_code", "grade"]).assign(
        Hemkommun=hemkommun, ARSKURS=pupils["grade"].map({"ak9": 9, "gy2": 2})
    )
    leading = ["ID", "ar", "Hemkommun", "ARSKURS", "F2"]
    paths = []
    for wave, part in out.groupby("ar"):
        part = part[leading + [column for column in part if column not in leading]]
        part = part.dropna(axis="columns", how="all")
        items = part.columns[len(leading) :]
        part = part.astype({column: int for column in items})
        path = folder / f"exempeldata_stockholmsenkaten_elevsvar_{wave}.csv"
        part.to_csv(path, sep=";", index=False, lineterminator="\n")
        paths.append(path)
    results = example_results(pupils)
    names = {code: name for code, (name, *_) in MUNICIPALITIES.items()}
    table = pd.DataFrame(
        {
            "indikator": results["indicator_id"],
            "kommunkod": results["municipality_code"],
            "kommun": results["municipality_code"].map(names),
            "år": results["year"],
            "årskurs": results["grade"],
            "kön": results["sex"],
            "andel": results["share"].map(lambda share: f"{share:.1f}".replace(".", ",")),
            "antal": results["n"],
        }
    )
    results_path = folder / "exempeldata_stockholmsenkaten_resultat_2014_2024.csv"
    table.to_csv(results_path, sep=";", index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return ExampleFiles(tuple(paths), results_path)
