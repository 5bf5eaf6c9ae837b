"""The views of the page "Unga, ANDT och riskfaktorer", assembled from the pure primitives in
analytics.risk_factors and analytics.outcomes:

- `analyse_pupils`: RISE index locations, levels against RISE's cut-offs (its fixed reference
  population, Stockholm stad 2006-2020), concerning-level flags and outcome flags, once for all
  pupils; the same in two steps, `score_wave` per wave (locations and outcomes, then the
  answers can go) and `combine_waves` (levels and flags from every wave's locations), so that
  only one wave's answers need to be in memory at a time;
- `outcome_view`: one outcome over the waves for a municipality (Wilson intervals, the change
  between waves), the comparison group's pooled share, and published real points;
- `profile_table`, `level_prevalence`, `outcome_model`: the risk and protective profile, outcome
  prevalence by level and the odds ratios for a selection of pupils.

The small-number rule (DESIGN §4) is applied here, once, so charts, tables and downloads made
from these frames show the same cells: a share based on fewer than 30 pupils is blanked (and
an odds ratio whose flagged group has fewer than 30 pupils is not shown).
All functions are pure: no I/O, inputs never mutated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from analytics.change import wilson_interval
from analytics.outcomes import (
    OddsRatioModel,
    decide_outcomes,
    fit_odds_ratios,
    overlapping_indices,
    pooled_share,
    prevalence_by_level,
    wave_changes,
)
from analytics.risk_factors import (
    PROTECTIVE_LEVELS,
    RISK,
    RISK_LEVELS,
    assign_levels,
    flagged_indicators,
    level_shares,
    prioritised_profile,
    reference_cutoffs,
    score_indices,
)
from analytics.suppression import (
    MIN_SURVEY_RESPONDENTS,
    TOTAL,
    hide_small_survey_cells,
    survey_partition_mask,
)

# Every sex together in the filters and result tables.
ALL_SEXES = "alla"
# Result-table sex -> the pupil-level sex it selects.
PUPIL_SEX = {"flickor": "flicka", "pojkar": "pojke"}
# Covariate of the model when both sexes are analysed together.
GIRL_TERM = "girl"
PUPIL_COLUMNS = ["year", "municipality_code", "grade", "sex", "is_example", "source_id"]


# Pupil columns of text that repeat (a few hundred municipalities, two grades, four sexes, a
# few sources): kept as categoricals, one or two bytes per pupil instead of a string.
CATEGORICAL_PUPIL_COLUMNS = ["municipality_code", "grade", "sex", "source_id"]


@dataclass(frozen=True, eq=False)
class PupilAnalysis:
    """Every pupil's scores, levels and outcomes (rows aligned with `pupils`).

    pupils: year, municipality_code, grade, sex, is_example, source_id (municipality_code,
    grade, sex and source_id categorical). scores: RISE locations (logits, float64, one column
    per index; protective indices negated; NaN with too few answers). levels: RISK_LEVELS /
    PROTECTIVE_LEVELS per index (categorical; LEVEL_INSUFFICIENT without a location). flagged:
    1/0 at a concerning level, NaN without a location (float32). outcomes: 1/0/NaN per outcome
    indicator (float32). cutoffs: analytics.risk_factors.reference_cutoffs (RISE's cut-offs and
    its reference shares). index_items, outcome_items: the rules used.
    """

    pupils: pd.DataFrame
    scores: pd.DataFrame
    levels: pd.DataFrame
    flagged: pd.DataFrame
    outcomes: pd.DataFrame
    cutoffs: pd.DataFrame
    index_items: pd.DataFrame
    outcome_items: pd.DataFrame


@dataclass(frozen=True, eq=False)
class WaveScores:
    """One wave's (or any set of) pupils reduced to what the analysis keeps of them.

    pupils: PUPIL_COLUMNS (CATEGORICAL_PUPIL_COLUMNS categorical). scores: RISE locations
    (float64; analytics.risk_factors.score_indices). outcomes: 1/0/NaN per outcome
    indicator (float32; analytics.outcomes.decide_outcomes). Rows aligned, index 0..n-1.
    """

    pupils: pd.DataFrame
    scores: pd.DataFrame
    outcomes: pd.DataFrame


def score_wave(
    answers: pd.DataFrame, index_items: pd.DataFrame, outcome_items: pd.DataFrame
) -> WaveScores:
    """Scores and outcomes of the pupils of `answers` (one row per pupil: PUPIL_COLUMNS and
    item columns holding answer codes, NaN = not asked), without their answers.

    Both are per pupil, so scoring the waves one at a time and joining them with
    `combine_waves` gives exactly what scoring every pupil at once does, while only one wave's
    answers need to be in memory. index_items needs factor_type (protective locations are
    negated).
    """
    answers = answers.reset_index(drop=True)
    pupils = answers[PUPIL_COLUMNS].astype(dict.fromkeys(CATEGORICAL_PUPIL_COLUMNS, "category"))
    return WaveScores(
        pupils=pupils,
        scores=score_indices(answers, index_items),
        outcomes=decide_outcomes(answers, outcome_items).astype(np.float32),
    )


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Frames stacked with a fresh index; categorical columns stay categorical (their
    categories united) where pd.concat would turn differing categories into strings."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    columns = {}
    for column in frames[0].columns:
        parts = [frame[column] for frame in frames]
        if isinstance(parts[0].dtype, pd.CategoricalDtype):
            columns[column] = union_categoricals(parts)
        else:
            columns[column] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(columns, index=pd.RangeIndex(sum(len(frame) for frame in frames)))


def combine_waves(
    waves: Sequence[WaveScores],
    index_items: pd.DataFrame,
    outcome_items: pd.DataFrame,
    rise_cutoffs: pd.DataFrame,
) -> PupilAnalysis:
    """The analysis of every pupil of `waves` (score_wave's results, stacked in the given
    order): levels against RISE's cut-offs (rise_cutoffs: index_id, percentile, logit), flags.

    index_items needs a factor_type column (risk/protective) besides the scoring columns;
    outcome_items are the rules the waves were scored with (kept for the model). The levels
    of a pupil do not depend on the other pupils: the reference population is RISE's.
    """
    if not waves:
        raise ValueError("no pupils to analyse")
    scores = _concat([wave.scores for wave in waves])
    factor_types = index_items.drop_duplicates("index_id").set_index("index_id")["factor_type"]
    cutoffs = reference_cutoffs(rise_cutoffs, factor_types.to_dict())
    levels = assign_levels(scores, cutoffs)
    return PupilAnalysis(
        pupils=_concat([wave.pupils for wave in waves]),
        scores=scores,
        levels=levels,
        flagged=flagged_indicators(levels, cutoffs),
        outcomes=_concat([wave.outcomes for wave in waves]),
        cutoffs=cutoffs,
        index_items=index_items,
        outcome_items=outcome_items,
    )


def analyse_pupils(
    answers: pd.DataFrame,
    index_items: pd.DataFrame,
    outcome_items: pd.DataFrame,
    rise_cutoffs: pd.DataFrame,
) -> PupilAnalysis:
    """Score, level and flag every pupil of `answers` (one row per pupil: PUPIL_COLUMNS and
    item columns) against RISE's cut-offs.

    The same as combine_waves of score_wave of each wave; index_items needs a factor_type
    column (risk/protective) besides the scoring columns.
    """
    return combine_waves(
        [score_wave(answers, index_items, outcome_items)],
        index_items,
        outcome_items,
        rise_cutoffs,
    )


def select_pupils(
    analysis: PupilAnalysis,
    *,
    grade: str,
    sex: str = ALL_SEXES,
    municipality_code: str | None = None,
    year: int | None = None,
) -> np.ndarray:
    """Boolean mask of the pupils in a grade, sex (alla/flickor/pojkar), and optionally one
    municipality and wave."""
    pupils = analysis.pupils
    mask = (pupils["grade"] == grade).to_numpy()
    if sex != ALL_SEXES:
        mask = mask & (pupils["sex"] == PUPIL_SEX[sex]).to_numpy()
    if municipality_code is not None:
        mask = mask & (pupils["municipality_code"] == municipality_code).to_numpy()
    if year is not None:
        mask = mask & (pupils["year"] == year).to_numpy()
    return mask


@dataclass(frozen=True)
class OutcomeView:
    """One outcome for one municipality, grade and sex over the waves.

    area: year, share, n, lower, upper (percent, Wilson), is_example, source_id — the result
    tables' rows (with n), a real row preferred to an example one for the same wave; shares
    of cells with n < 30 blanked. comparison: year, share, n — the comparison municipalities'
    pooled share (cells with n >= 30 only). published: year, municipality_code, name, share,
    note, source_url — real published points (no n) of the area and the county. changes:
    analytics.outcomes.wave_changes of the visible area rows. hidden: cells blanked.
    """

    area: pd.DataFrame
    comparison: pd.DataFrame
    published: pd.DataFrame
    changes: pd.DataFrame
    hidden: int


def _hide_by_sex(
    area: pd.DataFrame, *, tabled_all: pd.DataFrame, area_code: str, sex: str
) -> tuple[pd.DataFrame, int]:
    """The survey small-number rule for one area's waves of one sex, decided on all sexes
    together (analytics.suppression.survey_partition_mask: girls and boys are parts of
    "alla"), so that "alla" minus the shown sex cannot give a hidden one back whichever sex
    is chosen. Hidden waves get share, limits and n blanked; returns (copy, waves hidden)."""
    rows = tabled_all[
        (tabled_all["municipality_code"] == area_code)
        & tabled_all["n"].notna()
        & tabled_all["share"].notna()
    ]
    rows = rows.sort_values(["year", "is_example"]).drop_duplicates(["year", "sex"])
    hidden_years = set()
    for year, cells in rows.groupby("year"):
        cells = cells.set_index("sex")
        sizes = cells["n"].astype(float)
        yes = (cells["share"].astype(float) * sizes / 100).round()
        parts = [part for part in SEX_PARTS if part in cells.index]
        mask = survey_partition_mask(sizes, yes, [(ALL_SEXES, parts)])
        if sex in mask.index and mask[sex] != "":
            hidden_years.add(year)
    result = area.copy()
    flags = result["year"].isin(hidden_years)
    result[["share", "lower", "upper", "n"]] = result[["share", "lower", "upper", "n"]].astype(
        float
    )
    result.loc[flags, ["share", "lower", "upper", "n"]] = np.nan
    return result, int(flags.sum())


# The sexes whose pupils are among "alla".
SEX_PARTS = ("flickor", "pojkar")
# The level of a levels table's total (every level together) in `published_levels`.
TOTAL_LEVEL = TOTAL


def outcome_view(
    results: pd.DataFrame,
    *,
    area_code: str,
    comparison_codes: Sequence[str],
    published_codes: Sequence[str],
    grade: str,
    sex: str,
    confidence: float = 0.95,
    break_year: int | None = None,
) -> OutcomeView:
    """Assemble the view of one outcome from analytics.outcomes' primitives (see OutcomeView).

    results: the rows of one indicator (municipality_code, name, year, grade, sex, share, n,
    note, source_url, source_id, is_example).
    """
    rows = results[(results["grade"] == grade) & (results["sex"] == sex)]
    tabled = rows[rows["n"].notna() & rows["share"].notna()]
    area = (
        tabled[tabled["municipality_code"] == area_code]
        .sort_values(["year", "is_example"])
        .drop_duplicates("year")
    )
    area = area.assign(n=area["n"].astype(float), share=area["share"].astype(float))
    successes = area["share"] / 100 * area["n"]
    limits = [
        _wilson_percent(hits, n, confidence) for hits, n in zip(successes, area["n"], strict=True)
    ]
    area = area.assign(lower=[low for low, _ in limits], upper=[high for _, high in limits])[
        ["year", "share", "n", "lower", "upper", "is_example", "source_id"]
    ]
    area, hidden = _hide_by_sex(
        area, tabled_all=results[results["grade"] == grade], area_code=area_code, sex=sex
    )

    others = tabled[tabled["municipality_code"].isin(comparison_codes)]
    others = others[others["n"] >= MIN_SURVEY_RESPONDENTS]
    comparison = pd.DataFrame(
        [
            (int(year), pooled_share(part), int(part["n"].sum()))
            for year, part in others.groupby("year")
        ],
        columns=["year", "share", "n"],
    )
    published = rows[
        rows["n"].isna() & rows["share"].notna() & rows["municipality_code"].isin(published_codes)
    ][["year", "municipality_code", "name", "share", "note", "source_url"]]
    published = published.sort_values(["year", "municipality_code"])
    return OutcomeView(
        area=area.reset_index(drop=True),
        comparison=comparison,
        published=published.reset_index(drop=True),
        changes=wave_changes(area, confidence=confidence, break_year=break_year),
        hidden=hidden,
    )


def _wilson_percent(successes: float, n: float, confidence: float) -> tuple[float, float]:
    if not n:
        return (math.nan, math.nan)
    lower, upper = wilson_interval(successes, n, confidence)
    return (100.0 * lower, 100.0 * upper)


def profile_table(analysis: PupilAnalysis, mask: np.ndarray) -> pd.DataFrame:
    """The prioritised risk and protective profile of the selected pupils.

    analytics.risk_factors.prioritised_profile of level_shares (verdicts with the schools'
    design effect, Holm-adjusted across all 14 printed at once), with
    RISE's cut-offs (lower_cutoff, upper_cutoff; logits) beside them; shares of indices with
    fewer than 30 scored pupils blanked.
    """
    shares = level_shares(analysis.levels[mask], analysis.cutoffs)
    profile = prioritised_profile(shares)
    reference = analysis.cutoffs.set_index("index_id")
    profile["lower_cutoff"] = profile["index_id"].map(reference["lower_cutoff"])
    profile["upper_cutoff"] = profile["index_id"].map(reference["upper_cutoff"])
    value_cols = tuple(
        f"{name}_{part}"
        for name in ("flagged", "top")
        for part in ("share", "lower", "upper", "p_value", "p_adjusted")
    ) + ("excess_pp",)
    profile, _ = hide_small_survey_cells(profile, n_col="n_scored", value_cols=value_cols)
    small = profile["n_scored"] < MIN_SURVEY_RESPONDENTS
    for name in ("flagged", "top"):
        profile[f"{name}_verdict"] = profile[f"{name}_verdict"].where(~small)
    return profile


def level_prevalence(
    analysis: PupilAnalysis, mask: np.ndarray, outcome_id: str, index_id: str
) -> pd.DataFrame:
    """Outcome share per level of one index for the selected pupils (levels with n < 30
    blanked): level, n, positives, share, lower, upper."""
    kind = analysis.cutoffs.set_index("index_id").at[index_id, "factor_type"]
    table = prevalence_by_level(
        analysis.outcomes.loc[mask, outcome_id],
        analysis.levels.loc[mask, index_id],
        RISK_LEVELS if kind == RISK else PROTECTIVE_LEVELS,
    )
    table, _ = hide_small_survey_cells(table, value_cols=("positives", "share", "lower", "upper"))
    return table.astype({"positives": "Int64"})


def outcome_model(
    analysis: PupilAnalysis, mask: np.ndarray, outcome_id: str, *, adjust_for_sex: bool
) -> OddsRatioModel | None:
    """Odds ratios of one outcome for pupils at a concerning level of each index (selected
    pupils), adjusted for sex when both sexes are in the selection (term GIRL_TERM).

    Indices sharing an item with the outcome are left out (circular). Terms whose flagged
    group has fewer than 30 pupils keep their place but show no odds ratio. Rows are ordered
    by odds ratio, largest first, with the sex covariate last.
    """
    overlap = overlapping_indices(outcome_id, analysis.outcome_items, analysis.index_items)
    predictors = analysis.flagged.loc[mask].drop(columns=sorted(overlap))
    if adjust_for_sex:
        sexes = analysis.pupils.loc[mask, "sex"]
        predictors = predictors.assign(
            **{GIRL_TERM: (sexes == "flicka").astype(float).where(sexes.isin(["flicka", "pojke"]))}
        )
    model = fit_odds_ratios(analysis.outcomes.loc[mask, outcome_id], predictors)
    if model is None:
        return None
    table = model.table.copy()
    small = table["n_flagged"] < MIN_SURVEY_RESPONDENTS
    estimates = ["odds_ratio", "lower", "upper", "p_value", "coefficient", "standard_error"]
    table[estimates] = table[estimates].where(~small, np.nan)
    # Strongest association first; sex, a covariate, last.
    table = table.assign(_covariate=table["term"] == GIRL_TERM).sort_values(
        ["_covariate", "odds_ratio"], ascending=[True, False], na_position="last", kind="stable"
    )
    table = table.drop(columns="_covariate").reset_index(drop=True)
    return OddsRatioModel(table, model.n, model.events, model.dropped)


def trend_hidden_waves(results: pd.DataFrame, *, grade: str) -> set[tuple[str, int]]:
    """(municipality_code, year) of every wave whose trend hides a cell of some sex for this
    outcome (results: one indicator's rows, as outcome_view takes them), by the same rule the
    trend applies (`_hide_by_sex`)."""
    tabled = results[(results["grade"] == grade) & results["n"].notna() & results["share"].notna()]
    tabled = tabled.sort_values(["year", "is_example"]).drop_duplicates(
        ["municipality_code", "year", "sex"]
    )
    hidden = set()
    for (code, year), cells in tabled.groupby(["municipality_code", "year"]):
        cells = cells.set_index("sex")
        sizes = cells["n"].astype(float)
        yes = (cells["share"].astype(float) * sizes / 100).round()
        parts = [part for part in SEX_PARTS if part in cells.index]
        if (survey_partition_mask(sizes, yes, [(ALL_SEXES, parts)]) != "").any():
            hidden.add((str(code), int(year)))
    return hidden


def pooled_pupils(
    analysis: PupilAnalysis,
    hidden_waves: set[tuple[str, int]],
    *,
    grade: str,
    sex: str = ALL_SEXES,
    municipality_code: str | None = None,
) -> np.ndarray:
    """The pupils the pooled sections (levels, model) use: `select_pupils` over every wave,
    without the waves whose trend hides a cell in any municipality (hidden_waves:
    `trend_hidden_waves` of the outcome).

    The trend shows each wave's n and share; a pooled table over every wave would give a
    hidden wave back as the pooled total minus the shown waves. Leaving those waves' pupils
    out of every pooled view (every municipality, sex and scope alike) makes each pooled total
    the sum of shown waves, so it tells nothing about a hidden one.
    """
    mask = select_pupils(analysis, grade=grade, sex=sex, municipality_code=municipality_code)
    hidden = hidden_waves
    if hidden:
        pupils = analysis.pupils
        keys = pd.MultiIndex.from_arrays(
            [pupils["municipality_code"].astype(str), pupils["year"].astype(int)]
        )
        mask = mask & ~keys.isin(list(hidden))
    return mask


def published_levels(
    analysis: PupilAnalysis,
    hidden_waves: set[tuple[str, int]],
    *,
    grade: str,
    sex: str,
    municipality_code: str | None,
    outcome_id: str,
    index_id: str,
) -> pd.DataFrame:
    """The levels table the public sees: `level_prevalence` of `pooled_pupils` (hidden_waves:
    `trend_hidden_waves` of the outcome), with the small-number rule decided on every table
    the filters offer at once.

    The public reads each level's n and positives for every municipality and for every pupil
    (scope), for all pupils, girls and boys, and knows each table's total from the trend (the
    sum of the shown waves). So a level's positives must not follow from its table's total
    minus the other levels, from all pupils minus girls and boys, or from every pupil minus
    the municipalities: `survey_partition_mask` (levels with n < 30 hidden, then further
    cells until no partition pins a hidden one) is applied to all those tables together, and
    the chosen one is returned with hidden cells' positives, share and limits blanked (n stays:
    it is no secret once the shares are hidden, and the rule is decided with it known).
    """
    kind = analysis.cutoffs.set_index("index_id").at[index_id, "factor_type"]
    order = RISK_LEVELS if kind == RISK else PROTECTIVE_LEVELS
    chosen = pooled_pupils(analysis, hidden_waves, grade=grade)
    pupils = analysis.pupils.loc[chosen]
    frame = pd.DataFrame(
        {
            "code": pupils["municipality_code"].astype(str).to_numpy(),
            "sex": pupils["sex"].astype(str).to_numpy(),
            "level": analysis.levels.loc[chosen, index_id].astype(str).to_numpy(),
            "flag": analysis.outcomes.loc[chosen, outcome_id].to_numpy(dtype=float),
        }
    ).dropna(subset=["flag"])
    # Scope "" is every pupil.
    scopes = [*sorted(frame["code"].unique()), ""]
    if municipality_code is not None and municipality_code not in scopes:
        scopes.insert(0, municipality_code)
    sizes, hits = {}, {}
    for scope in scopes:
        in_scope = frame if scope == "" else frame[frame["code"] == scope]
        for one_sex in (ALL_SEXES, *SEX_PARTS):
            part = (
                in_scope
                if one_sex == ALL_SEXES
                else in_scope[in_scope["sex"] == PUPIL_SEX[one_sex]]
            )
            counts = part.groupby("level")["flag"].agg(["size", "sum"])
            for level in (*order, TOTAL_LEVEL):
                key = (scope, one_sex, level)
                if level == TOTAL_LEVEL:
                    sizes[key], hits[key] = float(len(part)), float(part["flag"].sum())
                elif level in counts.index:
                    sizes[key], hits[key] = map(float, counts.loc[level])
                else:
                    sizes[key], hits[key] = 0.0, 0.0
    index = pd.Index(list(sizes), tupleize_cols=False)
    n = pd.Series(list(sizes.values()), index=index)
    yes = pd.Series(list(hits.values()), index=index)
    levels = (*order, TOTAL_LEVEL)
    partitions = []
    for scope in scopes:
        for one_sex in (ALL_SEXES, *SEX_PARTS):
            partitions.append(
                ((scope, one_sex, TOTAL_LEVEL), [(scope, one_sex, level) for level in order])
            )
        for level in levels:
            partitions.append(
                ((scope, ALL_SEXES, level), [(scope, part, level) for part in SEX_PARTS])
            )
    for one_sex in (ALL_SEXES, *SEX_PARTS):
        for level in levels:
            partitions.append(
                (("", one_sex, level), [(scope, one_sex, level) for scope in scopes[:-1]])
            )
    # An empty cell holds nothing to give away: it is left out of the partitions.
    mask = survey_partition_mask(n.where(n > 0), yes, partitions)
    table = level_prevalence(
        analysis,
        pooled_pupils(
            analysis, hidden_waves, grade=grade, sex=sex, municipality_code=municipality_code
        ),
        outcome_id,
        index_id,
    )
    scope = municipality_code or ""
    hidden = np.array([mask[(scope, sex, level)] != "" for level in table["level"]])
    columns = ["positives", "share", "lower", "upper"]
    table[columns] = table[columns].astype(float)
    table.loc[hidden, columns] = np.nan
    return table.astype({"positives": "Int64"})
