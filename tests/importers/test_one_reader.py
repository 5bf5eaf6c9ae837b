"""The importers read every table through one reader (`tabular.read_checked`: Arrow columns
for a plain CSV, the csv module or the Excel reader otherwise) and run each cell rule once per
distinct text (data/importers/columnar.py). Checked here, for the importers of plain tables:
- every accepted way of writing the same rows (`;`/`,`, BOM, cp1252, CRLF/LF, decimal comma or
  point, quoted cells, an Excel workbook) gives the same frame, values and dtypes;
- a file with one cell changed to a good or a bad value is accepted, or refused naming the line
  of the changed row (a duplicate key names the later of the two rows);
- where a row has several bad cells, and later rows have others, the error is the first cell's
  of the first bad row, in the order the rules are listed;
- the vectorised number parser gives what parse_number / parse_count give, cell by cell."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.importers import bra, columnar, kolada, survey
from data.importers.common import Catalog, ImportFailed, parse_count, parse_number
from data.importers.tabular import read_columns
from tests.importers.table_files import variants, write

MODULES: dict[str, ModuleType] = {"bra": bra, "kolada": kolada, "survey": survey}


def workbook(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def outcome(module: ModuleType, path: Path, catalog: Catalog) -> tuple:
    """("ok", parsed) or ("error", message, line, column)."""
    try:
        return ("ok", module.parse(path, catalog))
    except ImportFailed as error:
        return ("error", error.message, error.line, error.column)


KOLADA_ROWS = [
    ["kpi", "municipality_id", "municipality", "municipality_type", "year", "gender"]
    + ["value", "status", "count"],
    ["U07417", "0187", "Vaxholm", "K", "2023", "T", "1167,80908", "", "1"],
    ["U07417", "187", "Vaxholm", "K", "2022", "K", "1 167,5", "", "1 000"],
    ["U07417", "0187", "Vaxholm", "K", "2021", "M", "", "Missing", ""],
    ["N00943", "0114", "Upplands Väsby", "K", "2020", "T", "2,5", "", "0"],
    ["N00943", "0000", "Riket", "L", "2020", "T", "1e1", "Privacy", "12"],
    ["N00943", "0001", "Region Stockholm", "L", "2020", "T", "0,000001", "", ""],
    ["N00943", "0001", "Region Stockholm", "L", "2021", "T", "42", "Not applicable", "1,0"],
    ["N00943", "0114", "Upplands Väsby", "K", "2021", "T", "3,5", "", "12"],
    ["N00943", "0114", "Upplands Väsby", "K", "2022", "T", "-0", "", "2147483647"],
]

SURVEY_ROWS = [
    ["undersökning", "indikator", "område", "år", "grupp", "andel", "n", "ki_nedre", "ki_övre"]
    + ["poolade_år", "seriebrott", "anmärkning", "källa_url"],
    ["trygghetsmatning", "survey_trygg_kvall", "Vaxholm", "2023", "alla", "90,0", "538", "", ""]
    + ["", "", "", ""],
    ["ntu", "survey_ntu_otrygg_kvall", "Riket", "2018", "alla", "29,1", "74 000", "28,6", "29,6"]
    + ["2", "ja", "poolat", "https://bra.se"],
    ["NTU", "survey_ntu_otrygg_kvall", "hela landet", "2019", "16-29", "0", "", "0", "0,5"]
    + ["1", "Nej", "", ""],
    ["Polisens trygghetsmätning", "survey_trygg_kvall", "vaxholms stad", "2021", "Kvinnor"]
    + ["100", "1", "99,5", "100", "", "x", "", ""],
    ["trygghetsmatning", "survey_trygg_kvall", "Rindö", "2021", "män", "-0", "1,0", "", ""]
    + ["4", "n", "", ""],
]

BRA_ROWS = [
    ["År", "Period", "Region_ID", "Region", "Brottstyp", "Nivå", "Antal", "Per 100 000 inv.", "Status"],
    ["2023", "Helår", "", "Riket", "Totalt antal brott", "Totalt antal brott", "1 359 091", "14 288,4", "Slutlig"],
    ["2023", "Kvartal 1", "", "Vaxholms kommun", "", "Totalt antal brott > Brott mot brottsbalken", "..", "..", "Preliminär"],
    ["2023", "januari", "", "Vaxholm", "Totalt antal brott", "", "-", "-", "preliminär"],
    ["2023", "Helår", "", "Stockholms län", "Totalt antal brott", "", ".", "", "slutliga"],
    ["2022", "Helår", "", "Vaxholm", "Totalt antal brott", "", "\u2013", "\u2013", ""],
    ["2022", "Kvartal 4", "", "Riket", "Totalt antal brott", "", "12", "0,1", "Slutlig"],
    ["2021", "År", "", "Riket", "Totalt antal brott", "", "12\u00a0345", "1e2", "Slutlig"],
    ["2020", "", "", "riket", "totalt antal brott", "", "1.0", "0", "SLUTLIG"],
]  # fmt: skip

# kind -> (good rows, numeric columns, the first data row's expected values by column)
CASES = {
    "bra": (
        BRA_ROWS,
        {6, 7},
        {"municipality_code": "0000", "count": 1359091, "rate_per_100k": 14288.4},
    ),
    "kolada": (KOLADA_ROWS, {6, 8}, {"kpi": "U07417", "value": 1167.80908, "value_count": 1}),
    "survey": (SURVEY_ROWS, {5, 6, 7, 8}, {"survey": "trygghetsmatning", "share": 90.0, "n": 538}),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_every_accepted_way_of_writing_the_rows_gives_the_same_frame(
    kind: str, catalog: Catalog, tmp_path: Path
) -> None:
    rows, numeric, first_row = CASES[kind]
    frames = {}
    for variant, options in variants(rows, numeric).items():
        path = write(tmp_path / f"{kind}_{variant}_2023.csv", **options)
        assert (read_columns(path) is None) == ("quoted" in variant), variant
        frames[variant] = next(iter(MODULES[kind].parse(path, catalog).tables.values()))
    text_rows = [[cell.replace(",", ".") if i in numeric else cell for i, cell in enumerate(row)]
                 for row in rows]  # fmt: skip
    book = workbook(tmp_path / f"{kind}_2023.xlsx", text_rows)
    # Kolada files are CSV or JSON (a workbook is read as text and refused); a Brå workbook is
    # read in the layout Brå publishes (bra_workbook.py), not as a table.
    if kind not in ("kolada", "bra"):
        frames["xlsx"] = next(iter(MODULES[kind].parse(book, catalog).tables.values()))
    reference = frames.pop("semicolon_crlf")
    assert len(reference) == len(rows) - 1
    for name, value in first_row.items():
        assert reference[name].iloc[0] == value
    for variant, frame in frames.items():
        pd.testing.assert_frame_equal(frame, reference, check_exact=True, obj=variant)


def test_kolada_without_any_value_or_count_keeps_its_dtypes(
    catalog: Catalog, tmp_path: Path
) -> None:
    rows = [row[:6] + ["", "Missing", ""] for row in KOLADA_ROWS[1:]]
    frame = kolada.parse(write(tmp_path / "missing.csv", [KOLADA_ROWS[0], *rows]), catalog)
    table = frame.tables["kolada_values"]
    assert table["value"].isna().all() and table["value_count"].isna().all()
    assert str(table["value_count"].dtype) == "Int64"
    no_count = kolada.parse(write(tmp_path / "no_count.csv", [r[:8] for r in KOLADA_ROWS]), catalog)
    assert no_count.tables["kolada_values"]["value_count"].isna().all()


NUMBERS = [
    "", "0", "1", "-0", "1,5", "1.5", "1 000", "1\u00a0000", "1\u202f000,5", "\u22123", "-3",
    "+4", "1e3", "1E-2", "1e999", ".5", "5.", ",5", "1,2,3", "abc", "١٢", "1_000", "nan", "inf",
    "12x", "2147483647", "2147483648", "..", "-", "\u2013", ".", "1.0", "100", "100,0",
    "100,5", "99,9", "-0,0", "0,0", "50", "1e-400",
]  # fmt: skip
YEARS = ["2020", "2021", "2023", "2031", "1949", "20x3", "٢٠٢٠", "", "2020.0", " 2022 "]
# Cells to try per kind and column (besides NUMBERS in the numeric columns).
POOLS = {
    "bra": {
        "År": YEARS,
        "Period": ["Helår", "helår", "Kvartal 1", "Kvartal 5", "Januari", "", "År", "x"],
        "Region_ID": ["", "8541", "8540", "1", "x", "-3", "99999"],
        "Region": ["Riket", "Vaxholm", "Vaxholms kommun", "Atlantis", "", "Stockholms län"]
        + ["Vallentuna kommun", "VAXHOLM"],
        "Brottstyp": ["", "Totalt antal brott", "Tidsresebrott", "Brott mot brottsbalken"],
        "Nivå": ["", "Totalt antal brott > Brott mot brottsbalken", "a > b"],
        "Antal": NUMBERS,
        "Per 100 000 inv.": NUMBERS,
        "Status": ["Slutlig", "Preliminär", "preliminära", "", "Kanske"],
    },
    "kolada": {
        "kpi": ["U07417", "N00943", "X99999", "", "u07417"],
        "municipality_id": ["0187", "187", "-187", "+187", "9999", "", "0000", "1"],
        "year": YEARS,
        "gender": ["T", "K", "M", "X", "t", ""],
        "value": NUMBERS,
        "status": ["", "Missing", "Privacy", "Not applicable", "Weird", "missing"],
        "count": NUMBERS,
    },
    "survey": {
        "undersökning": ["trygghetsmatning", "NTU", "Polisens trygghetsmätning", "x", ""],
        "indikator": ["survey_trygg_kvall", "survey_lycka", ""],
        "område": ["Vaxholm", "vaxholms stad", "Atlantis", "RIKET", ""],
        "år": YEARS,
        "grupp": ["alla", "16-29", "Kvinnor", "x", ""],
        "andel": NUMBERS,
        "n": NUMBERS,
        "ki_nedre": NUMBERS,
        "ki_övre": NUMBERS,
        "poolade_år": ["", "1", "2", "4", "5", "0", "1,0", "x"],
        "seriebrott": ["", "ja", "Nej", "x", "TRUE"],
        "anmärkning": ["", "fint", "ring 070-123 45 67", "a@b.se"],
        "källa_url": ["", "https://x.se"],
    },
}


@pytest.mark.parametrize("kind", sorted(POOLS))
def test_a_changed_cell_is_accepted_or_refused_on_its_own_line(
    kind: str, catalog: Catalog, tmp_path: Path
) -> None:
    header, *body = CASES[kind][0]
    changed = 3  # the fourth data row, on line 5
    outcomes = set()
    for number, (column, cells) in enumerate(POOLS[kind].items()):
        for index, cell in enumerate(cells):
            rows = [list(row) for row in body]
            rows[changed][header.index(column)] = cell
            path = write(tmp_path / f"{kind}_{number}_{index}.csv", [header, *rows])
            result = outcome(MODULES[kind], path, catalog)
            outcomes.add(result[0])
            if result[0] == "error" and not result[1].startswith("dubblett"):
                assert result[2] == changed + 2, (column, cell, result)
    assert outcomes == {"ok", "error"}


def test_bra_refuses_the_first_bad_cell_of_the_first_bad_row(
    catalog: Catalog, tmp_path: Path
) -> None:
    header, *body = (list(row) for row in BRA_ROWS)
    body[1][1] = "Kvartal 5"  # line 3: a bad period (checked before the count) ...
    body[1][6] = "12x"  # ... and a bad count
    body[3][8] = "Kanske"  # line 5: a bad status
    result = outcome(bra, write(tmp_path / "two.csv", [header, *body]), catalog)
    assert result == (
        "error",
        "okänd period 'Kvartal 5' (Helår, Kvartal 1-4 eller en månad)",
        3,
        "Period",
    )
    body[1][1] = "Kvartal 1"
    result = outcome(bra, write(tmp_path / "one.csv", [header, *body]), catalog)
    assert result == ("error", "'12x' är inget tal", 3, "Antal")
    body[1][6] = "12"
    result = outcome(bra, write(tmp_path / "last.csv", [header, *body]), catalog)
    assert result == ("error", "okänd status 'Kanske' (Preliminär eller Slutlig)", 5, "Status")
    # A row given twice is refused on the later line, before a bad cell further down.
    body[3] = list(body[0])
    body[5][7] = "-3"
    result = outcome(bra, write(tmp_path / "twice.csv", [header, *body]), catalog)
    assert result == (
        "error",
        "dubblett: 0000 2023 year Totalt antal brott finns redan på rad 2",
        5,
        "Region",
    )
    body[3] = ["2023", "Helår", "", "Stockholms län", "Totalt antal brott", "", ".", "", ""]
    result = outcome(bra, write(tmp_path / "rate.csv", [header, *body]), catalog)
    assert result == ("error", "'-3' är ingen takt (tal >= 0)", 7, "Per 100 000 inv.")


def test_kolada_refuses_the_first_bad_cell_of_the_first_bad_row(
    catalog: Catalog, tmp_path: Path
) -> None:
    header, *body = (list(row) for row in KOLADA_ROWS)
    body[1][4] = "20x3"  # line 3: a bad year ...
    body[1][6] = "abc"  # ... after a bad value (the value is checked first)
    body[3][8] = "-1"  # line 5: a bad count
    result = outcome(kolada, write(tmp_path / "two.csv", [header, *body]), catalog)
    assert result == ("error", "'abc' är inget tal", 3, "value")
    body[1][6] = "1,5"
    result = outcome(kolada, write(tmp_path / "one.csv", [header, *body]), catalog)
    assert result == ("error", "'20x3' är inget årtal", 3, "year")
    body[1][4] = "2023"
    result = outcome(kolada, write(tmp_path / "last.csv", [header, *body]), catalog)
    assert result == ("error", "'-1' är inget antal (heltal >= 0)", 5, "count")


# --- the vectorised cell parsers --------------------------------------------------------------

_NUMBER_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789012345,.eE+-  \u00a0\u202f\u2212x_١٣")),
    max_size=14,
) | st.sampled_from(NUMBERS)


def _python(function, text: str):
    try:
        return function(text, path=Path("-"), line=None, column="")
    except ImportFailed:
        return None


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(texts=st.lists(_NUMBER_TEXT.map(str.strip), min_size=1, max_size=6))
def test_numbers_and_counts_agree_with_parse_number_and_parse_count(texts: list[str]) -> None:
    cells = pa.array(texts, pa.large_string())
    values, bad = columnar.numbers(cells)
    whole, whole_bad = columnar.counts(cells)
    for index, text in enumerate(texts):
        expected = _python(parse_number, text)
        assert bool(bad[index]) == (expected is None), text
        if expected is not None:
            assert values[index] == expected, text
        expected_count = _python(parse_count, text)
        assert bool(whole_bad[index]) == (expected_count is None), text
        if expected_count is not None:
            assert whole[index] == expected_count, text


@pytest.mark.parametrize("text", NUMBERS)
def test_numbers_and_counts_agree_on_the_listed_cells(text: str) -> None:
    values, bad = columnar.numbers(pa.array([text], pa.large_string()))
    whole, whole_bad = columnar.counts(pa.array([text], pa.large_string()))
    expected = _python(parse_number, text)
    assert bool(bad[0]) == (expected is None)
    if expected is not None:
        assert values[0] == expected
    expected_count = _python(parse_count, text)
    assert bool(whole_bad[0]) == (expected_count is None)
    if expected_count is not None:
        assert whole[0] == expected_count


@settings(max_examples=500, deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=1, max_size=40),
    point=st.integers(0, 40),
    exponent=st.none() | st.integers(-340, 320),
)
def test_long_numbers_round_like_python(digits: str, point: int, exponent: int | None) -> None:
    text = digits[:point] + "," + digits[point:] if point < len(digits) else digits
    if exponent is not None:
        text += f"e{exponent}"
    values, bad = columnar.numbers(pa.array([text], pa.large_string()))
    expected = _python(parse_number, text)
    assert bool(bad[0]) == (expected is None)
    if expected is not None:
        assert values[0] == expected


def test_survey_refuses_the_first_bad_cell_of_the_first_bad_row(
    catalog: Catalog, tmp_path: Path
) -> None:
    header, *body = (list(row) for row in SURVEY_ROWS)
    body[1][9] = "5"  # line 3: five pooled years ...
    body[1][5] = "101"  # ... after a share above 100 (checked first)
    body[3][2] = "Atlantis"  # line 5: an unknown area
    result = outcome(survey, write(tmp_path / "two.csv", [header, *body]), catalog)
    assert result == ("error", "andelen 101 ligger inte mellan 0 och 100 (procent)", 3, "andel")
    body[1][5] = "29,1"
    result = outcome(survey, write(tmp_path / "one.csv", [header, *body]), catalog)
    assert result == ("error", "poolade år ska vara 1–4, inte 5", 3, "poolade_år")
    body[1][9] = "2"
    result = outcome(survey, write(tmp_path / "last.csv", [header, *body]), catalog)
    assert result[0] == "error" and result[2:] == (5, "område"), result
    assert result[1].startswith("okänt område 'Atlantis'")
