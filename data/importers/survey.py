"""Safety-survey results (police trygghetsmätning, Brå's NTU, Länsstyrelsen's
medborgarundersökning, published Stockholmsenkäten figures) into `survey_results`.

Formats detected from the header, in a CSV file or an Excel sheet (read as
data/importers/tabular.py describes: the sheet with the data, no formulas, no merged cells):
- result table (`;` or `,`, UTF-8 with or without BOM or cp1252, decimal comma or point) with
  Swedish or English headers: undersökning/survey, indikator/indicator (an indicator_id of
  data/metadata/indicators.csv), område/area, år/year, grupp/group, andel/share (percent 0–100),
  n (respondents), ki_nedre/ci_lower, ki_övre/ci_upper (percent), and optionally
  poolade_år/pooled_years (years pooled into the result, `år` being the last), seriebrott/
  series_break (ja/nej: the method changed this year), källa_url/source_url, anmärkning/note.
  n and the interval may be empty (published percentages); the interval is both limits or none.
- published figures, as data/real/vaxholm_published_figures.csv: source_id, source_url,
  publisher, published, statistic, indicator, area, year, group, value, unit, note. Imported as
  real points without n. The published wording maps to an indicator through
  data/metadata/survey_published_indicators.csv. Rows without a year or a value, and rows whose
  unit is not percent (counts, rates, persons), are skipped and the summary says how many and why.
Names of surveys, areas and groups are matched without regard to case, accents or dash style.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.importers import columnar
from data.importers.common import (
    Catalog,
    CsvTable,
    ImportFailed,
    ParsedImport,
    file_key,
    parse_count,
    parse_number,
    parse_year,
    require_columns,
)
from data.importers.redaction import candidates, redact, refuse_personal_data
from data.importers.tabular import (
    ColumnTable,
    check_columns,
    describe,
    has_columns,
    read_any,
    read_table,
)

KIND = "survey"
SOURCE_ID = "survey"
EXAMPLE_SOURCE_ID = "survey_example"
PUBLISHED_SOURCE_ID = "survey_published"
TABLE = "survey_results"
TABLES = (TABLE,)
PUBLISHED_INDICATORS_FILE = (
    Path(__file__).resolve().parents[1] / "metadata" / "survey_published_indicators.csv"
)
KEY = file_key(TABLE)
COLUMNS = [
    *KEY,
    "share",
    "n",
    "ci_lower",
    "ci_upper",
    "pooled_years",
    "series_break",
    "source_url",
    "note",
    "source_id",
]
SURVEYS = ("trygghetsmatning", "ntu", "medborgarundersokning", "stockholmsenkaten_published")
# Other accepted spellings of the surveys (compared folded: no case, accents or dash style).
SURVEY_ALIASES = {
    "polisens trygghetsmatning": "trygghetsmatning",
    "polisens trygghetsmatning (region stockholm)": "trygghetsmatning",
    "nationella trygghetsundersokningen": "ntu",
    "lansstyrelsen stockholm medborgarundersokning": "medborgarundersokning",
    "lansstyrelsens medborgarundersokning": "medborgarundersokning",
    "stockholmsenkaten": "stockholmsenkaten_published",
}
# Areas a survey result may describe: Vaxholm and its districts, the other municipalities of
# local police area Södra Roslagen, the police area and region, the county and Riket.
AREAS = (
    "Vaxholm",
    "Vaxön",
    "Rindö",
    "Resarö",
    "Kullö",
    "Bogesundslandet",
    "Skarpö",
    "Tynningö",
    "Övriga öar",
    "Vallentuna",
    "Danderyd",
    "Österåker",
    "Täby",
    "LPO Södra Roslagen",
    "Polisregion Stockholm",
    "Stockholms län",
    "Riket",
)
AREA_ALIASES = {
    "vaxholms stad": "Vaxholm",
    "vaxholm kommun": "Vaxholm",
    "lokalpolisomrade sodra roslagen": "LPO Södra Roslagen",
    "lpo sodra roslagen": "LPO Södra Roslagen",
    "region stockholm": "Polisregion Stockholm",
    "hela landet": "Riket",
    "sverige": "Riket",
}
# Respondent groups (schema.sql checks the same list).
GROUPS = (
    "alla",
    "kvinnor",
    "män",
    "16–29 år",
    "30–64 år",
    "65–85 år",
    "åk 9",
    "åk 9 flickor",
    "åk 9 pojkar",
    "gy 2",
    "gy 2 flickor",
    "gy 2 pojkar",
    "flickor",
    "pojkar",
)
# A survey's whole population is "alla" whatever age span the publisher writes beside it.
GROUP_ALIASES = {
    "all": "alla",
    "totalt": "alla",
    "alla 16-84": "alla",
    "alla 16-85": "alla",
    "16-84": "alla",
    "16-84 ar": "alla",
    "16-85": "alla",
    "16-85 ar": "alla",
    "18-85": "alla",
    "18-85 ar": "alla",
    "women": "kvinnor",
    "men": "män",
    "16-29": "16–29 år",
    "30-64": "30–64 år",
    "65-85": "65–85 år",
    "65-84": "65–85 år",
    "ak 9 alla": "åk 9",
    "gy 2 alla": "gy 2",
}
RESULT_COLUMNS = {
    "survey": ("undersökning", "survey", "undersokning"),
    "indicator_id": ("indikator", "indicator", "indicator_id"),
    "area": ("område", "area", "omrade"),
    "year": ("år", "year", "ar"),
    "respondent_group": ("grupp", "group"),
    "share": ("andel", "share"),
    "n": ("n",),
    "ci_lower": ("ki_nedre", "ci_lower"),
    "ci_upper": ("ki_övre", "ci_upper", "ki_ovre"),
}
OPTIONAL_RESULT_COLUMNS = {
    "pooled_years": ("poolade_år", "pooled_years", "poolade_ar"),
    "series_break": ("seriebrott", "series_break"),
    "source_url": ("källa_url", "source_url", "kalla_url"),
    "note": ("anmärkning", "note", "anmarkning"),
}
PUBLISHED_COLUMNS = {
    name: (name,)
    for name in ("source_url", "statistic", "indicator", "area", "year", "group", "value", "unit")
}
# Most years one result may pool (NTU pools two).
MAX_POOLED_YEARS = 4
TRUE_WORDS = ("ja", "j", "yes", "y", "true", "sant", "1", "x")
FALSE_WORDS = ("", "nej", "n", "no", "false", "falskt", "0")
PERCENT_UNITS = ("percent", "procent", "%")


def parse(
    path: str | Path, catalog: Catalog, *, example: bool = False, year: int | None = None
) -> ParsedImport:
    """Read and validate a survey file; return rows for `survey_results`.

    Survey files carry their years, so `year` (meant for Brå's yearly files) is refused.
    `example=True` marks a result table as example data; published figures are always real.
    The file is read by `tabular.read_any` (a CSV column by column, or an Excel sheet); a
    result table's cells are checked column by column, each rule once per distinct text, and
    the first refused cell names its line and column.
    """
    path = Path(path)
    if year is not None:
        raise ImportFailed(path, "--year gäller bara Brås årsfiler; enkätfiler anger sina år")
    source = read_any(
        path, lambda file: read_table(file, has_columns(RESULT_COLUMNS, PUBLISHED_COLUMNS))
    )
    if _is_published(source.header or []):
        if example:
            raise ImportFailed(
                path, "publicerade siffror är verklig statistik och kan inte importeras som exempel"
            )
        table = source if isinstance(source, CsvTable) else source.to_rows()
        records, notes = _read_published(table, catalog)
        if not records:
            raise ImportFailed(
                path, "filen innehåller inga andelar att importera; " + "; ".join(notes)
            )
        frame = pd.DataFrame.from_records(records, columns=["line", *COLUMNS[:-1]])
        file_format = f"survey-publicerade-siffror ({describe(table)})"
        return _parsed(frame, file_format, PUBLISHED_SOURCE_ID, example, notes)
    data, positions = check_columns(source, RESULT_COLUMNS)
    frame = _read_result_table(data, positions, catalog)
    file_format = f"survey-resultattabell ({describe(data)})"
    return _parsed(frame, file_format, EXAMPLE_SOURCE_ID if example else SOURCE_ID, example, [])


def _is_published(header: list[str]) -> bool:
    """A header of published figures (statistic, unit, value), not a result table."""
    return {"statistic", "unit", "value"} <= {_fold(name) for name in header}


def _parsed(
    frame: pd.DataFrame, file_format: str, source_id: str, example: bool, notes: list[str]
) -> ParsedImport:
    frame["source_id"] = source_id
    frame = frame[COLUMNS].astype(
        {
            "year": "int64",
            "share": "float64",
            "n": "Int64",
            "ci_lower": "float64",
            "ci_upper": "float64",
            "pooled_years": "int64",
            "series_break": "bool",
        }
    )
    return ParsedImport(file_format, source_id, example, {TABLE: frame}, notes)


def _fold(text: str) -> str:
    """Lower case without accents, one dash style and single spaces: for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = re.sub(r"[\u2010-\u2015\u2212]", "-", plain.casefold())
    return re.sub(r"\s+", " ", plain)


def _lookup(
    text: str, known: tuple[str, ...], aliases: dict[str, str], *, what: str, where: tuple
) -> str:
    """The canonical spelling of `text` among `known` (or its aliases); else an error."""
    folded = _fold(text)
    for name in known:
        if _fold(name) == folded:
            return name
    if folded in aliases:
        return aliases[folded]
    path, line, column = where
    raise ImportFailed(
        path, f"{what} '{text}' (kända: {', '.join(known)})", line=line, column=column
    )


def _optional_positions(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    folded = [_fold(name) for name in header]
    positions = {}
    for canonical, spellings in aliases.items():
        for spelling in spellings:
            if _fold(spelling) in folded:
                positions[canonical] = folded.index(_fold(spelling))
                break
    return positions


def _share(text: str, *, path: Path, line: int, column: str) -> float:
    value = parse_number(text, path=path, line=line, column=column)
    if not 0 <= value <= 100:
        raise ImportFailed(
            path, f"andelen {text} ligger inte mellan 0 och 100 (procent)", line=line, column=column
        )
    return value


def _read_result_table(
    data: ColumnTable, positions: dict[str, int], catalog: Catalog
) -> pd.DataFrame:
    """A result table's rows as a frame ("line", then COLUMNS without source_id). Per row the
    cells are checked in the order survey, indicator, area, year, group, share, n, interval,
    pooled years, series break, note; then keys are checked unique."""
    path = data.path
    positions = positions | _optional_positions(data.header, OPTIONAL_RESULT_COLUMNS)
    # Canonical column -> its heading as written in the file (errors name the file's column).
    heading: dict[str, str | None] = {name: data.header[index] for name, index in positions.items()}
    heading.setdefault("series_break", None)
    lines = data.line_numbers
    count = len(lines)
    blank = pa.repeat(pa.scalar("", pa.large_string()), count)

    def column(name: str) -> pa.Array:
        return data.columns[positions[name]] if name in positions else blank

    def cell(name: str, row: int) -> str:
        return column(name)[row].as_py()

    def where(name: str, row: int) -> tuple[Path, int, str | None]:
        return (path, lines[row], heading[name])

    def indicator(text: str, where: tuple = (path, None, None)) -> str:
        if text not in catalog.indicator_ids:
            file, line, name = where
            raise ImportFailed(
                file,
                f"okänd indikator '{text}': lägg till den i data/metadata/indicators.csv",
                line=line,
                column=name,
            )
        return text

    def lookup(known: tuple[str, ...], aliases: dict[str, str], what: str):
        return lambda text, where=(path, None, None): _lookup(
            text, known, aliases, what=what, where=where
        )

    def year_of(text: str, where: tuple = (path, None, None)) -> int:
        file, line, name = where
        return parse_year(text, path=file, line=line, column=name or "")

    # Cell rules run once per distinct text: (column, rule(text, where)).
    rules = {
        "survey": lookup(SURVEYS, SURVEY_ALIASES, "okänd undersökning"),
        "indicator_id": indicator,
        "area": lookup(AREAS, AREA_ALIASES, "okänt område"),
        "year": year_of,
        "respondent_group": lookup(GROUPS, GROUP_ALIASES, "okänd grupp"),
    }
    texts = {}
    bad_of = {}

    def flag(text: str) -> bool:
        return _flag(text, (path, None, None))

    for name, rule in (*rules.items(), ("series_break", flag)):
        codes, values, bad = columnar.per_distinct(column(name), rule)
        texts[name], bad_of[name] = (values, codes), bad
    share, share_bad = _shares(column("share"))
    # n: empty, or a count of at least 1.
    n_cells = column("n")
    n_missing = pc.equal(n_cells, "").to_numpy(zero_copy_only=False)
    n, n_bad = columnar.counts(n_cells)
    n_bad = (n_bad | (n == 0)) & ~n_missing
    # The interval: both limits or neither, each 0-100, lower <= share <= upper.
    lower_cells, upper_cells = column("ci_lower"), column("ci_upper")
    lower_missing = pc.equal(lower_cells, "").to_numpy(zero_copy_only=False)
    upper_missing = pc.equal(upper_cells, "").to_numpy(zero_copy_only=False)
    lower, lower_bad = _shares(lower_cells)
    upper, upper_bad = _shares(upper_cells)
    with np.errstate(invalid="ignore"):
        out_of_order = (lower > share) | (upper < share)
    both = ~lower_missing & ~upper_missing
    interval_bad = (lower_missing != upper_missing) | (
        both & (lower_bad | upper_bad | out_of_order)
    )
    # Pooled years: empty (1), else 1 to MAX_POOLED_YEARS.
    pooled_cells = column("pooled_years")
    pooled_missing = pc.equal(pooled_cells, "").to_numpy(zero_copy_only=False)
    pooled, pooled_bad = columnar.counts(pooled_cells)
    pooled_bad = ~pooled_missing & (pooled_bad | (pooled < 1) | (pooled > MAX_POOLED_YEARS))
    pooled[pooled_missing] = 1
    notes = column("note")
    note_bad = np.zeros(count, dtype=bool)
    for index in candidates(notes):
        note_bad[index] = redact(notes[index].as_py()).removed

    def refuse(name: str):
        return lambda row: rules[name](cell(name, row), where(name, row))

    columnar.refuse_first(
        [
            *((bad_of[name], refuse(name)) for name in rules),
            (
                share_bad,
                lambda row: _share(
                    cell("share", row), path=path, line=lines[row], column=heading["share"]
                ),
            ),
            (
                n_bad,
                lambda row: _respondents(
                    cell("n", row), path=path, line=lines[row], column=heading["n"]
                ),
            ),
            (
                interval_bad,
                lambda row: _interval(
                    cell("ci_lower", row),
                    cell("ci_upper", row),
                    share[row],
                    lambda name: where(name, row),
                ),
            ),
            (
                pooled_bad,
                lambda row: _pooled(
                    cell("pooled_years", row),
                    path=path,
                    line=lines[row],
                    column=heading["pooled_years"],
                ),
            ),
            (
                bad_of["series_break"],
                lambda row: _flag(cell("series_break", row), where("series_break", row)),
            ),
            (
                note_bad,
                lambda row: refuse_personal_data(
                    cell("note", row), path=path, line=lines[row], column=heading["note"]
                ),
            ),
        ]
    )
    lower[~both] = np.nan
    upper[~both] = np.nan
    frame = pd.DataFrame(
        {
            "line": np.array(lines, dtype=np.int64),
            **{
                name: columnar.text_column(*texts[name])
                for name in ("survey", "indicator_id", "area", "respondent_group")
            },
            "year": columnar.take(*texts["year"], np.int64),
            "share": share,
            "n": pd.arrays.IntegerArray(n, n_missing.copy()),
            "ci_lower": lower,
            "ci_upper": upper,
            "pooled_years": pooled,
            "series_break": columnar.take(*texts["series_break"], bool),
            "source_url": columnar.text_column(columnar.blank_to_null(column("source_url"))),
            "note": columnar.text_column(columnar.blank_to_null(notes)),
        },
        columns=["line", *COLUMNS[:-1]],
    )
    duplicated = frame.duplicated(subset=KEY)
    if duplicated.any():
        later = frame[duplicated].iloc[0]
        key = tuple(later[KEY])
        earlier = frame[(frame[KEY] == later[KEY]).all(axis=1)].iloc[0]
        raise ImportFailed(
            path,
            "dubblett: {} {} {} {} {} finns redan på rad {}".format(*key, earlier["line"]),
            line=int(later["line"]),
            column=heading["survey"],
        )
    return frame


def _respondents(text: str, *, path: Path, line: int, column: str) -> int:
    """n, the number of respondents: a count of at least 1."""
    n = parse_count(text, path=path, line=line, column=column)
    if n == 0:
        raise ImportFailed(path, "n (antal svarande) ska vara minst 1", line=line, column=column)
    return n


def _pooled(text: str, *, path: Path, line: int, column: str) -> int:
    pooled = parse_count(text, path=path, line=line, column=column)
    if not 1 <= pooled <= MAX_POOLED_YEARS:
        raise ImportFailed(
            path,
            f"poolade år ska vara 1–{MAX_POOLED_YEARS}, inte {pooled}",
            line=line,
            column=column,
        )
    return pooled


def _shares(cells: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`_share` of every cell: (value per row, bad per row)."""
    values, bad = columnar.numbers(cells)
    with np.errstate(invalid="ignore"):
        return values, bad | ~((values >= 0) & (values <= 100))


def _interval(lower_text: str, upper_text: str, share: float, where) -> tuple:
    """Both limits or neither, each 0–100, lower <= share <= upper."""
    if not lower_text and not upper_text:
        return None, None
    path, line, lower_column = where("ci_lower")
    upper_column = where("ci_upper")[2]
    if not lower_text or not upper_text:
        missing = lower_column if not lower_text else upper_column
        raise ImportFailed(
            path,
            "konfidensintervallet behöver både nedre och övre gräns",
            line=line,
            column=missing,
        )
    lower = _share(lower_text, path=path, line=line, column=lower_column)
    upper = _share(upper_text, path=path, line=line, column=upper_column)
    if lower > share:
        raise ImportFailed(
            path, f"nedre gränsen {lower_text} är större än andelen", line=line, column=lower_column
        )
    if upper < share:
        raise ImportFailed(
            path, f"övre gränsen {upper_text} är mindre än andelen", line=line, column=upper_column
        )
    return lower, upper


def _flag(text: str, where: tuple) -> bool:
    folded = _fold(text)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    path, line, column = where
    raise ImportFailed(path, f"'{text}' ska vara ja eller nej", line=line, column=column)


def _refuse_duplicates(path: Path, records: list[tuple], column: str) -> None:
    seen: dict[tuple, int] = {}
    for record in records:
        line, key = record[0], record[1:6]
        if key in seen:
            raise ImportFailed(
                path,
                "dubblett: {} {} {} {} {} finns redan på rad {}".format(*key, seen[key]),
                line=line,
                column=column,
            )
        seen[key] = line


def _published_indicators() -> dict[tuple[str, str], tuple[str, str]]:
    """(folded statistic, folded indicator wording) -> (survey, indicator_id)."""
    mapping = pd.read_csv(PUBLISHED_INDICATORS_FILE, dtype=str, keep_default_na=False)
    return {
        (_fold(row.statistic), _fold(row.indicator)): (row.survey, row.indicator_id)
        for row in mapping.itertuples(index=False)
    }


def _read_published(table: CsvTable, catalog: Catalog) -> tuple[list[tuple], list[str]]:
    path = table.path
    positions = require_columns(table, PUBLISHED_COLUMNS)
    note_position = _optional_positions(table.header or [], {"note": ("note",)}).get("note")
    header = table.header or []
    indicators = _published_indicators()
    records, without_value, other_units = [], [], {}
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        cell = {name: row[index] for name, index in positions.items()}
        year_text, value_text = cell["year"], cell["value"]
        # A year or value written as a word ("unknown", "year not shown") is a known gap.
        if not re.search(r"\d", year_text) or not re.search(r"\d", value_text):
            gap = "år" if not re.search(r"\d", year_text) else "värde"
            shown = year_text if gap == "år" else value_text
            without_value.append(f"rad {line}: {gap} '{shown}'")
            continue
        unit = cell["unit"]
        if _fold(unit) not in PERCENT_UNITS:
            other_units.setdefault(unit or "(tom)", []).append(line)
            continue
        year = parse_year(year_text, path=path, line=line, column=header[positions["year"]])
        share = _share(value_text, path=path, line=line, column=header[positions["value"]])
        mapped = indicators.get((_fold(cell["statistic"]), _fold(cell["indicator"])))
        if mapped is None:
            raise ImportFailed(
                path,
                f"okänd publicerad indikator '{cell['indicator']}' ({cell['statistic']}): lägg "
                "till den i data/metadata/survey_published_indicators.csv",
                line=line,
                column=header[positions["indicator"]],
            )
        survey, indicator_id = mapped
        if indicator_id not in catalog.indicator_ids:
            raise ImportFailed(
                path,
                f"indikatorn {indicator_id} saknas i data/metadata/indicators.csv",
                line=line,
                column=header[positions["indicator"]],
            )
        area = _lookup(
            cell["area"],
            AREAS,
            AREA_ALIASES,
            what="okänt område",
            where=(path, line, header[positions["area"]]),
        )
        group = _lookup(
            cell["group"],
            GROUPS,
            GROUP_ALIASES,
            what="okänd grupp",
            where=(path, line, header[positions["group"]]),
        )
        if not cell["source_url"].startswith(("http://", "https://")):
            raise ImportFailed(
                path,
                "källadress (http/https) saknas för det publicerade värdet",
                line=line,
                column=header[positions["source_url"]],
            )
        notes = [row[note_position]] if note_position is not None and row[note_position] else []
        if notes:
            refuse_personal_data(notes[0], path=path, line=line, column=header[note_position])
        if _fold(cell["group"]) != _fold(group):
            notes.append(f"grupp i källan: {cell['group']}")
        records.append(
            (
                line,
                survey,
                indicator_id,
                area,
                year,
                group,
                share,
                None,
                None,
                None,
                1,
                False,
                cell["source_url"],
                "; ".join(notes) or None,
            )
        )
    _refuse_duplicates(path, records, header[positions["indicator"]])
    notes = []
    if without_value:
        rows = "rad" if len(without_value) == 1 else "rader"
        notes.append(
            f"hoppade över {len(without_value)} {rows} utan år eller värde "
            f"({', '.join(without_value)})"
        )
    if other_units:
        skipped = sum(len(lines) for lines in other_units.values())
        rows = "rad" if skipped == 1 else "rader"
        detail = ", ".join(
            f"{unit}: rad {', '.join(str(line) for line in lines)}"
            for unit, lines in other_units.items()
        )
        notes.append(f"hoppade över {skipped} {rows} vars enhet inte är procent ({detail})")
    return records, notes
