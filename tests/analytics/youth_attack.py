"""The public as an attacker on Unga: every number the page shows about one outcome, one index
and one grade, for every municipality, sex and scope the filters offer, is a linear fact about
the pupils' counts; a linear programme (tests/attacker.py) gives each hidden count's range.

Unknowns: pupils per municipality, wave, sex (girl, boy, other or missing), level of the index
and outcome (yes, no, undecided). What the public sees, through the page's own functions:
- the trend (analytics.youth.outcome_view) for each municipality and sex: per wave a share and
  n (yes = share x n / 100, exact: shares have one decimal, n < 1000), or nothing where hidden;
  the comparison group's pooled share and n (the group without the chosen municipality);
- the levels table (analytics.youth.published_levels) for each municipality and sex and for
  every pupil (scope "all"): per level n ("<5" for 1-4) and positives, or ".." where hidden;
- the response-rate line's answers (analytics.response_rates): every pupil of a municipality,
  wave and grade, undecided ones included, where the line prints them.
Targets: the "yes" count of every hidden trend cell and hidden level cell. The rule under test
is never consulted beyond what the page shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.response_rates import response_rates
from analytics.risk_factors import PROTECTIVE_LEVELS, RISK, RISK_LEVELS
from analytics.suppression import SMALL_COUNT_MAX
from analytics.youth import (
    ALL_SEXES,
    PUPIL_SEX,
    PupilAnalysis,
    outcome_view,
    published_levels,
    trend_hidden_waves,
)
from tests.attacker import Attacker

SEXES = (ALL_SEXES, "flickor", "pojkar")
# Pupil sexes as the unknowns split them: girl, boy, anything else (other or missing).
PUPIL_GROUPS = ("flicka", "pojke", "")
OUTCOMES = (1.0, 0.0, -1.0)  # yes, no, undecided


def results_from_pupils(analysis: PupilAnalysis, outcome_id: str) -> pd.DataFrame:
    """The result table the example data's importer would hold for `outcome_id` (as
    data.example_youth.example_results): share (one decimal) and n per municipality, wave,
    grade and sex (alla, flickor, pojkar)."""
    pupils = analysis.pupils.astype({"municipality_code": str, "grade": str, "sex": str})
    flags = analysis.outcomes[outcome_id]
    frame = pupils[["municipality_code", "year", "grade", "sex"]].assign(flag=flags.to_numpy())
    frame = frame.dropna(subset=["flag"])
    parts = [frame.assign(sex=ALL_SEXES)]
    for name, pupil_sex in PUPIL_SEX.items():
        parts.append(frame[frame["sex"] == pupil_sex].assign(sex=name))
    keys = ["municipality_code", "year", "grade", "sex"]
    summary = pd.concat(parts).groupby(keys)["flag"].agg(["sum", "count"]).reset_index()
    return summary.assign(
        indicator_id=outcome_id,
        name=summary["municipality_code"],
        share=(100 * summary["sum"] / summary["count"]).round(1),
        n=summary["count"].astype(float),
        note=None,
        source_url=None,
        source_id="stockholmsenkaten_example",
        is_example=True,
    ).drop(columns=["sum", "count"])


def attack_youth(
    analysis: PupilAnalysis,
    results: pd.DataFrame,
    *,
    grade: str,
    outcome_id: str,
    index_id: str,
    group: list[str],
    answers_shown: bool = True,
    pool_hidden_waves: bool = False,
) -> tuple[int, int]:
    """(hidden yes counts pinned, hidden yes counts) over every public view of the grade.

    group: the comparison group's municipalities (each selectable). answers_shown: the
    response-rate line's answers are printed where the page prints them (False: never).
    The levels tables pool the waves whose trend cells the public saw for every sex (the page
    says which waves are left out); pool_hidden_waves: they pool every wave (the old page).
    """
    pupils = analysis.pupils
    in_grade = (pupils["grade"] == grade).to_numpy()
    codes = sorted(str(code) for code in pupils.loc[in_grade, "municipality_code"].unique())
    waves = sorted(int(year) for year in pupils.loc[in_grade, "year"].unique())
    kind = analysis.cutoffs.set_index("index_id").at[index_id, "factor_type"]
    levels = list(RISK_LEVELS if kind == RISK else PROTECTIVE_LEVELS)
    shape = (len(codes), len(waves), len(PUPIL_GROUPS), len(levels), len(OUTCOMES))
    position = np.arange(int(np.prod(shape))).reshape(shape)
    attacker = Attacker(position.size)

    def cells(code=None, wave=None, sex=ALL_SEXES, level=None, outcome=None) -> np.ndarray:
        chosen = position
        index = [slice(None)] * 5
        if code is not None:
            index[0] = codes.index(code)
        if wave is not None:
            index[1] = waves.index(wave)
        if sex != ALL_SEXES:
            index[2] = PUPIL_GROUPS.index(PUPIL_SEX[sex])
        if level is not None:
            index[3] = levels.index(level)
        chosen = chosen[tuple(index)]
        if outcome == "decided":
            return chosen[..., :2].ravel()
        if outcome == "yes":
            return chosen[..., 0].ravel()
        return chosen.ravel()

    def share_of(yes: np.ndarray, share: float, n: float) -> None:
        # Shares have one decimal (a pooled share is made of such): yes is within 0.05 % of n
        # of share x n; the attacker takes the whole range, and is exact where n < 1000.
        middle, slack = share * n / 100, 0.0005 * n + 1e-9
        attacker.at_most(yes, middle + slack)
        attacker.at_most(yes, -(middle - slack), [-1.0] * len(yes))

    targets = []
    shown_waves = {code: set(waves) for code in codes}
    for code in codes:
        for sex in SEXES:
            view = outcome_view(
                results,
                area_code=code,
                comparison_codes=[c for c in group if c != code],
                published_codes=[],
                grade=grade,
                sex=sex,
            )
            for row in view.area.itertuples():
                wave = int(row.year)
                if pd.isna(row.share):
                    targets.append(cells(code, wave, sex, outcome="yes"))
                    shown_waves[code].discard(wave)
                    continue
                attacker.shown(cells(code, wave, sex, outcome="decided"), row.n)
                share_of(cells(code, wave, sex, outcome="yes"), row.share, row.n)
            others = [c for c in group if c != code]
            for row in view.comparison.itertuples():
                tabled = results[
                    (results["grade"] == grade)
                    & (results["sex"] == sex)
                    & (results["year"] == row.year)
                    & results["municipality_code"].isin(others)
                    & (results["n"] >= 30)
                ]
                pooled = [cells(c, int(row.year), sex) for c in tabled["municipality_code"]]
                if not pooled:
                    continue
                decided = np.concatenate(
                    [
                        cells(c, int(row.year), sex, outcome="decided")
                        for c in tabled["municipality_code"]
                    ]
                )
                yes = np.concatenate(
                    [
                        cells(c, int(row.year), sex, outcome="yes")
                        for c in tabled["municipality_code"]
                    ]
                )
                attacker.shown(decided, row.n)
                share_of(yes, row.share, row.n)
    hidden_waves = trend_hidden_waves(results, grade=grade)
    for scope in [*codes, None]:
        for sex in SEXES:
            table = published_levels(
                analysis,
                hidden_waves,
                grade=grade,
                sex=sex,
                municipality_code=scope,
                outcome_id=outcome_id,
                index_id=index_id,
            )
            pooled = [
                (code, wave)
                for code in (codes if scope is None else [scope])
                for wave in (waves if pool_hidden_waves else sorted(shown_waves[code]))
            ]
            for row in table.itertuples():
                decided = np.concatenate(
                    [cells(c, w, sex, row.level, "decided") for c, w in pooled] or [[]]
                ).astype(int)
                yes = np.concatenate(
                    [cells(c, w, sex, row.level, "yes") for c, w in pooled] or [[]]
                ).astype(int)
                if 1 <= row.n <= SMALL_COUNT_MAX:
                    attacker.at_most(decided, SMALL_COUNT_MAX)
                    attacker.at_most(decided, -1, [-1.0] * len(decided))
                else:
                    attacker.shown(decided, row.n)
                if pd.isna(row.positives):
                    if row.n > 0 and len(yes):
                        targets.append(yes)
                else:
                    attacker.shown(yes, row.positives)
    if answers_shown:
        counts = (
            pupils[in_grade]
            .astype({"municipality_code": str})
            .groupby(["year", "municipality_code"])
            .size()
            .rename("answers")
            .reset_index()
            .assign(grade=grade)
        )
        for wave in waves:
            rates = response_rates(counts, _no_pupils(), year=wave, grade=grade)
            for row in rates.itertuples():
                if pd.notna(row.answers):
                    attacker.shown(cells(row.municipality_code, wave), row.answers)
    pinned = sum(attacker.pinned(target) for target in targets)
    return int(pinned), len(targets)


def _no_pupils() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["school_year", "municipality_code", "grade", "pupils", "mark"]
    ).astype({"pupils": "Float64"})


def small_municipality(analysis: PupilAnalysis, seed: int, *, code: str = "0187") -> PupilAnalysis:
    """`analysis` with `code`'s pupils thinned, seeded, to 15-50 per wave and grade (a small
    municipality or a wave with few answers: trend cells and levels get hidden)."""
    rng = np.random.default_rng(seed)
    pupils = analysis.pupils
    keep = (pupils["municipality_code"].astype(str) != code).to_numpy().copy()
    own = pupils.index[~keep]
    for _, rows in pupils.loc[own].groupby(["year", "grade"], observed=True):
        size = min(len(rows), int(rng.integers(15, 51)))
        keep[rng.choice(rows.index.to_numpy(), size=size, replace=False)] = True
    return PupilAnalysis(
        pupils=pupils[keep].reset_index(drop=True),
        scores=analysis.scores[keep].reset_index(drop=True),
        levels=analysis.levels[keep].reset_index(drop=True),
        flagged=analysis.flagged[keep].reset_index(drop=True),
        outcomes=analysis.outcomes[keep].reset_index(drop=True),
        cutoffs=analysis.cutoffs,
        index_items=analysis.index_items,
        outcome_items=analysis.outcome_items,
    )


def database_analysis(path) -> PupilAnalysis:
    """Every pupil of the database at `path`, scored as the page scores them (wave by wave)."""
    from analytics.youth import combine_waves, score_wave
    from data import db

    with db.connect(path) as con:
        items, outcomes = db.fetch_youth_index_items(con), db.fetch_youth_outcome_items(con)
        waves = [
            score_wave(db.fetch_youth_answers(con, year), items, outcomes)
            for year in db.fetch_youth_waves(con)
        ]
        cutoffs = db.fetch_youth_rise_cutoffs(con)
    return combine_waves(waves, items, outcomes, cutoffs)


# Vaxholm and its comparison group (data/metadata/reference_groups.csv, "jamforbara").
GROUP = ["0187", "0117", "0120", "0162", "0160", "0115", "0186"]
OUTCOME, INDEX = "sthlm_narkotika_nagon_gang", "rise_utagerande"
