"""The Stockholmsenkäten importer validates plain CSV files column by column
(`stockholmsenkaten.parse`); the row-wise checks (`stockholmsenkaten.parse_rowwise`) are the
reference. On the bundled example files, small national-shaped files, the accepted variants and
generated files in every spelling the contract allows, both give the same frames (columns,
dtypes, values including the pupils' item and answer lists, order) and notes, and the same
stored rows; on every bad file of the hardening corpus and on generated files broken in one
cell they give the same error (file, line, column, message)."""

from __future__ import annotations

import importlib.util
import random
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from personnummer import personnummer

from data import example_youth
from data.build import PUBLISHED_FIGURES_FILE
from data.importers import import_file, stockholmsenkaten
from data.importers.common import Catalog, ImportFailed
from data.importers.stockholmsenkaten import read_codebook
from tests.conftest import query_rows
from tests.hardening.test_accepted_variants import PUPIL_CELLS, RESULT_CELLS, csv_bytes, excel
from tests.importers.test_est import personal_number

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "hardening" / "corpus"
NATIONAL_PATH = ROOT / "bench" / "national.py"
PUPIL_ITEMS = ["F46", "F50", "F67c", "F82", "F90", "F53", "F4a"]
# Ten digits shaped like a personnummer but with the wrong check digit, and a valid one from
# Skatteverket's test series.
NOT_A_PERSONNUMMER = "8112189877"
A_PERSONNUMMER = personal_number("991231", "981")
RESULT_HEADER = ["indikator", "kommunkod", "år", "årskurs", "kön", "andel", "antal"]


def _must_not_run(*args: object, **kwargs: object) -> None:
    raise AssertionError("the column-wise checks and the row-wise reference disagree")


def outcome(parse, path: Path, catalog: Catalog, *, example: bool = True) -> object:
    """The ParsedImport, or (message, line, column) of the error."""
    try:
        return parse(path, catalog, example=example)
    except ImportFailed as failure:
        return str(failure), failure.line, failure.column


def assert_same_frames(columnwise, reference) -> None:
    assert (columnwise.format, columnwise.source_id, columnwise.is_example) == (
        reference.format,
        reference.source_id,
        reference.is_example,
    )
    assert columnwise.notes == reference.notes
    assert list(columnwise.tables) == list(reference.tables)
    for table, frame in reference.tables.items():
        pd.testing.assert_frame_equal(columnwise.tables[table], frame, check_exact=True)
        if table == "stockholmsenkaten_pupils":
            # The lists themselves, element by element, in the stored types.
            for column, value_type in (("item_ids", pa.string()), ("answer_codes", pa.int16())):
                assert columnwise.tables[table][column].dtype == pd.ArrowDtype(pa.list_(value_type))
                assert columnwise.tables[table][column].tolist() == frame[column].tolist()


def assert_same_import(
    path: Path,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    *,
    columnwise: bool = True,
    example: bool = True,
) -> object:
    """Both paths give the same result; `columnwise` says the file must not need the row-wise
    path (a plain CSV file the row-wise checks accept)."""
    reference = outcome(stockholmsenkaten.parse_rowwise, path, catalog, example=example)
    with monkeypatch.context() as patch:
        if columnwise:
            patch.setattr(stockholmsenkaten, "parse_rowwise", _must_not_run)
        result = outcome(stockholmsenkaten.parse, path, catalog, example=example)
    if isinstance(reference, tuple):
        assert result == reference
    else:
        assert not isinstance(result, tuple), result
        assert_same_frames(result, reference)
    return reference


def assert_same_refusal(path: Path, catalog: Catalog) -> tuple:
    reference = outcome(stockholmsenkaten.parse_rowwise, path, catalog)
    assert isinstance(reference, tuple), f"{path.name} was accepted"
    assert outcome(stockholmsenkaten.parse, path, catalog) == reference
    # The column-wise checks themselves refuse it (never accept what the row-wise refuse).
    data = stockholmsenkaten.read_columns(path)
    if data is not None:
        assert stockholmsenkaten._parse_columns(data, catalog, True) is None
    return reference


# --- good files ------------------------------------------------------------------------------


def test_bundled_example_files(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = example_youth.write_example_files(tmp_path)
    for path in [*files.pupils, files.results]:
        assert_same_import(path, catalog, monkeypatch)


def test_published_figures_go_row_wise(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = assert_same_import(
        PUBLISHED_FIGURES_FILE, catalog, monkeypatch, columnwise=False, example=False
    )
    assert not isinstance(reference, tuple)
    # Real figures cannot be stored as example data: the same refusal both ways.
    refusal = assert_same_import(PUBLISHED_FIGURES_FILE, catalog, monkeypatch, columnwise=False)
    assert isinstance(refusal, tuple)


@pytest.fixture(scope="module")
def national():
    spec = importlib.util.spec_from_file_location("bench_national_sthlm", NATIONAL_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_small_national_files(
    national, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scale = national.SCALES["small"]
    paths = [national.write_youth_results(tmp_path, scale), *national.write_pupils(tmp_path, scale)]
    for path in paths:
        assert_same_import(path, catalog, monkeypatch)


def test_accepted_variants(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = [
        ["indicator", "municipality_code", "year", "grade", "sex", "share", "n", "note"]
        + ["source_url"],
        *[row + ["", "https://example.se"] for row in RESULT_CELLS[1:]],
    ]
    for name, cells in (("results", RESULT_CELLS), ("pupils", PUPIL_CELLS), ("en", english)):
        variants = {
            "utf8_semicolon_bom": csv_bytes(cells, bom=True),
            "utf8_semicolon": csv_bytes(cells),
            "utf8_comma_lf": csv_bytes(cells, delimiter=",", newline="\n"),
            "cp1252_semicolon": csv_bytes(cells, encoding="cp1252"),
            "cp1252_comma": csv_bytes(cells, delimiter=",", encoding="cp1252"),
            "decimal_point": csv_bytes(cells, decimal_point=True),
        }
        for variant, content in variants.items():
            path = tmp_path / f"{name}_{variant}.csv"
            path.write_bytes(content)
            # A comma-separated file with decimal commas needs quotes: the row-wise path.
            plain = b'"' not in content
            assert_same_import(path, catalog, monkeypatch, columnwise=plain)
        for variant, build in (("excel", excel(cells)), ("excel_text", excel(cells, typed=False))):
            path = tmp_path / f"{name}_{variant}.xlsx"
            build(path)
            assert_same_import(path, catalog, monkeypatch, columnwise=False)


def pupil_file(
    path: Path, rows: list[list[str]], *, header: list[str] | None = None, delimiter: str = ";"
) -> Path:
    header = header or ["ID", "ar", "Hemkommun", "ARSKURS", "F2", *PUPIL_ITEMS]
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def good_pupils(count: int, *, seed: int) -> list[list[str]]:
    """Pupil rows in every spelling the row-wise checks accept."""
    rng = random.Random(seed)
    codebook = read_codebook()
    rows = []
    for number in range(count):
        answers = []
        for item_id in PUPIL_ITEMS:
            item = codebook.items[item_id]
            codes = sorted(item.allowed())
            code = rng.choice(codes)
            answers.append(
                rng.choice(["", str(code), f"{code}.0", f" {code} ", str(code), str(code)])
                if rng.random() < 0.3
                else str(code)
            )
        rows.append(
            [
                rng.choice([f"S-{seed}-{number}", f"{number}", f"8112189876-{number}"])
                # Ten digits that are no valid personnummer (wrong check digit).
                if number != 7
                else NOT_A_PERSONNUMMER,
                rng.choice(["2024", "2022", " 2020"]),
                rng.choice(["19", "19.0", "0187", "26", "0114", " 1 ", "21.00"]),
                rng.choice(["9", "2", "9.0", "ÅK9", "gy 2", "åk9"]),
                rng.choice(["1", "2", "3", "99", "999", "1.0", "02"]),
                *answers,
            ]
        )
    return rows


# Spellings of the result table's key columns -> what the row-wise checks make of them.
RESULT_PLACES = {
    "0187": "0187",
    "187": "0187",
    "Vaxholm": "0187",
    "Vaxholms stad": "0187",
    "Österåker": "0117",
    "0114": "0114",
    "Riket": "0000",
}
RESULT_GRADES = {"åk9": 9, "ak9": 9, "Åk 9": 9, "9": 9, "gy2": 2, "GY2": 2, "2": 2}
RESULT_SEXES = {"alla": "alla", "Totalt": "alla", "flickor": "flickor", "Pojkar": "pojkar"}


def good_results(count: int, *, seed: int) -> list[list[str]]:
    """Result rows in every spelling the row-wise checks accept, no key twice."""
    rng = random.Random(seed)
    indicators = ["sthlm_snus", "sthlm_nykter", "sthlm_brott", "sthlm_rokning"]
    rows, seen = [], set()
    while len(rows) < count:
        row = [
            rng.choice(indicators),
            rng.choice(list(RESULT_PLACES)),
            rng.choice(["2018", "2020", "2022", "2024"]),
            rng.choice(list(RESULT_GRADES)),
            rng.choice(list(RESULT_SEXES)),
            rng.choice(["", "..", "15,4", "15.4", "0", "100", "99,95", "1 2,5", "−0", "3e1"]),
            rng.choice(["", "65", "20 514", "0", "1e2", "7.0"]),
            rng.choice(["", "", "Få svarande", "Ordernummer 19121212-1213"]),
            rng.choice(["", "https://example.se/a"]),
        ]
        key = (
            row[0],
            RESULT_PLACES[row[1]],
            row[2],
            RESULT_GRADES[row[3]],
            RESULT_SEXES[row[4]],
        )
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows


def result_file(path: Path, rows: list[list[str]], *, delimiter: str = ";") -> Path:
    header = [*RESULT_HEADER, "anmärkning", "källa_url"]
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


@pytest.mark.parametrize("seed", range(4))
def test_generated_good_files(
    seed: int, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pupils = pupil_file(tmp_path / "pupils.csv", good_pupils(300, seed=seed))
    reference = assert_same_import(pupils, catalog, monkeypatch)
    assert not isinstance(reference, tuple), reference
    results = result_file(tmp_path / "results.csv", good_results(200, seed=seed))
    reference = assert_same_import(results, catalog, monkeypatch)
    assert not isinstance(reference, tuple), reference


def test_edge_columns(catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns with every value missing (objects in the row-wise frame), a pupil who answered
    nothing, and an item nobody answered."""
    suppressed = [
        ["sthlm_snus", "0187", "2022", "åk9", sex, "..", "", "", ""]
        for sex in ("alla", "flickor", "pojkar")
    ]
    assert_same_import(result_file(tmp_path / "r.csv", suppressed), catalog, monkeypatch)
    plain = [[*row[:7]] for row in suppressed]
    path = tmp_path / "plain.csv"
    path.write_text("\n".join(";".join(row) for row in [RESULT_HEADER, *plain]) + "\n")
    assert_same_import(path, catalog, monkeypatch)
    rows = [
        ["A", "2024", "19", "9", "1", "", "", "", "", "", "", ""],
        ["B", "2024", "19", "9", "2", "1", "", "", "", "2", "", ""],
    ]
    assert_same_import(pupil_file(tmp_path / "p.csv", rows), catalog, monkeypatch)


def stored_rows(database: Path) -> dict[str, list[tuple]]:
    return {
        table: query_rows(
            database,
            f"SELECT * EXCLUDE (import_id) FROM {table} ORDER BY ALL",  # noqa: S608
        )
        for table in ("stockholmsenkaten_pupils", "stockholmsenkaten_results")
    }


def test_stored_rows_are_the_same(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [
        pupil_file(tmp_path / "pupils.csv", good_pupils(200, seed=9)),
        result_file(tmp_path / "results.csv", good_results(100, seed=9)),
    ]
    databases = {}
    for way in ("columnwise", "rowwise"):
        database = tmp_path / f"{way}.duckdb"
        shutil.copyfile(built_db, database)
        with monkeypatch.context() as patch:
            if way == "rowwise":
                patch.setattr(stockholmsenkaten, "parse", stockholmsenkaten.parse_rowwise)
            else:
                patch.setattr(stockholmsenkaten, "parse_rowwise", _must_not_run)
            for path in paths:
                import_file(database, "stockholmsenkaten", path)
        databases[way] = stored_rows(database)
    assert databases["columnwise"] == databases["rowwise"]
    pupils = [row for row in databases["rowwise"]["stockholmsenkaten_pupils"] if row[0] == 2024]
    assert pupils and all(isinstance(row[5], list) for row in pupils)


# --- bad files -------------------------------------------------------------------------------


CORPUS_FILES = sorted(
    line.split(",")[0]
    for line in (CORPUS / "expected.csv").read_text(encoding="utf-8").splitlines()[1:]
    if line.split(",")[1] == "stockholmsenkaten"
)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_gives_the_same_error(name: str, catalog: Catalog) -> None:
    assert_same_refusal(CORPUS / name, catalog)


PUPIL_BREAKS = {
    # column index -> bad texts
    0: [
        "",
        A_PERSONNUMMER,
        personal_number("991231", "982", century="20"),
        personal_number("991231", "983", separator=""),
        personal_number("991231", "984").replace("-", " "),
    ],
    1: ["20x4", "1900", "3024", "24"],
    2: ["27", "0000x", "9999", "Vaxholm", "1" * 400, "19.5"],
    3: ["8", "gy3", "9.5"],
    4: ["4", "0", "1" * 400, "ej svar", "1.5"],
    5: ["5", "abc", "-1", "1000", "2.5", "1e1"],
    6: ["99x", "1 000", "1" * 400],
    7: ["0", "6", "998"],
}


@pytest.mark.parametrize("column", sorted(PUPIL_BREAKS))
def test_pupils_broken_in_one_cell(column: int, catalog: Catalog, tmp_path: Path) -> None:
    rng = random.Random(column)
    for bad in PUPIL_BREAKS[column]:
        rows = good_pupils(60, seed=column)
        for _ in range(rng.choice([1, 2])):
            rows[rng.randrange(len(rows))][column] = bad
        assert_same_refusal(pupil_file(tmp_path / "p.csv", rows), catalog)


def test_pupils_broken_otherwise(catalog: Catalog, tmp_path: Path) -> None:
    rows = good_pupils(40, seed=3)
    duplicated = [*rows, rows[5]]
    assert_same_refusal(pupil_file(tmp_path / "dup.csv", duplicated), catalog)
    # The same pupil written differently (19 and 19.0 are both Vaxholm).
    twin = [["A", "2024", "19", "9", "1", *[""] * 7], ["A", "2024", "19.0", "2", "2", *[""] * 7]]
    assert_same_refusal(pupil_file(tmp_path / "twin.csv", twin), catalog)
    header = ["ID", "ar", "Hemkommun", "ARSKURS", "F2", *PUPIL_ITEMS]
    for broken in (
        [*header[:5], "Skolnamn", *header[6:]],
        [*header[:5], "F999", *header[6:]],
        [*header[:5], "F50", *header[6:]],
        ["ID", "ar", "Kommun", *header[3:]],
    ):
        assert_same_refusal(pupil_file(tmp_path / "h.csv", rows, header=broken), catalog)
    no_items = [row[:5] for row in rows]
    path = pupil_file(tmp_path / "n.csv", no_items, header=header[:5])
    assert_same_refusal(path, catalog)


RESULT_BREAKS = {
    0: ["sthlm_okand", "U07417", "survey_trygg_kvall", ""],
    1: ["9999", "Atlantis", "01877", ""],
    2: ["20x4", "1900", "3024"],
    3: ["åk8", "gy3", ""],
    4: ["båda", ""],
    5: ["abc", "101", "-0,1", "1e400", "nan", "15,4%"],
    6: ["-1", "1,5", "abc", "3000000000"],
    7: [f"Pnr {A_PERSONNUMMER}", "Ring 070-123 45 67", "a@b.se"],
}


@pytest.mark.parametrize("column", sorted(RESULT_BREAKS))
def test_results_broken_in_one_cell(column: int, catalog: Catalog, tmp_path: Path) -> None:
    rng = random.Random(column)
    for bad in RESULT_BREAKS[column]:
        rows = good_results(60, seed=column)
        for _ in range(rng.choice([1, 2])):
            rows[rng.randrange(len(rows))][column] = bad
        assert_same_refusal(result_file(tmp_path / "r.csv", rows), catalog)


def test_results_broken_otherwise(catalog: Catalog, tmp_path: Path) -> None:
    rows = good_results(40, seed=5)
    assert_same_refusal(result_file(tmp_path / "dup.csv", [*rows, rows[3]]), catalog)
    twin = [
        ["sthlm_snus", "0187", "2022", "åk9", "alla", "1", "2", "", ""],
        ["sthlm_snus", "Vaxholm", "2022", "Åk 9", "Totalt", "3", "4", "", ""],
    ]
    assert_same_refusal(result_file(tmp_path / "twin.csv", twin), catalog)
    path = tmp_path / "missing.csv"
    path.write_text("indikator;kommunkod;år;årskurs;kön;andel\nsthlm_snus;0187;2022;åk9;alla;1\n")
    assert_same_refusal(path, catalog)


# --- the pre-filter of the personnummer check ------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789 -+x\u0660\u0661\u06f5\u0967\uff10a"), max_size=16)
)
def test_personnummer_candidates_cover_the_python_pattern(text: str) -> None:
    """Every id the row-wise pattern matches (Python's \\d is any Unicode digit) is a
    candidate of the vectorised pre-filter."""
    spaceless = text.replace(" ", "")
    found = pc.match_substring_regex(
        pa.array([spaceless]), stockholmsenkaten._PERSONNUMMER_CANDIDATE
    )[0].as_py()
    if stockholmsenkaten._PERSONNUMMER_LIKE.fullmatch(spaceless):
        assert found


def test_respondent_ids_used_here_are_no_personnummer() -> None:
    assert not personnummer.valid(NOT_A_PERSONNUMMER)
    assert personnummer.valid(A_PERSONNUMMER)


def test_duplicate_keys_also_when_the_combined_key_would_overflow() -> None:
    rows = 1000
    unique = (np.arange(rows, dtype=np.int64), rows)
    repeated = (np.arange(rows, dtype=np.int64) % 10, 10)
    assert not stockholmsenkaten._has_duplicates([unique, repeated])
    assert stockholmsenkaten._has_duplicates([repeated, repeated])
    # 1000**7 distinct keys do not fit in 62 bits: the pandas way.
    assert not stockholmsenkaten._has_duplicates([unique] * 7)
    assert stockholmsenkaten._has_duplicates([repeated] * 7)
