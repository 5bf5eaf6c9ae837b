"""The Brå importer parse a plain CSV column by column (`parse`, helpers in
data/importers/columnar.py); the row-wise code (`parse_rowwise`) is the reference. On the
bundled and example files, the national files' shapes and every accepted variant (`;`/`,`,
BOM, cp1252, CRLF/LF, decimal comma or point, thousands spaces, Unicode minus, Brå's marks,
Excel) both give identical frames (columns, dtypes, values, order) and the same format and
notes; on files with cells mutated to good and bad values, both accept the same files with the
same rows or refuse them with the same error (file, line, column, message); the hardening
corpus gives the same errors; and the vectorised number parser agrees with parse_number cell
by cell."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import example, example_safety
from data.importers import bra
from data.importers.common import Catalog, ImportFailed
from data.importers.tabular import read_columns
from tests.importers.table_files import variants, write

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "hardening" / "corpus"
MODULES = {"bra": bra}


@pytest.fixture(scope="module")
def national_small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """bench/national.py's Kolada, Brå and survey files at the small scale."""
    spec = importlib.util.spec_from_file_location("bench_national", ROOT / "bench" / "national.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("national")
    scale = module.SCALES["small"]
    return {
        "bra": module.write_bra(folder, scale),
    }


@pytest.fixture(scope="module")
def example_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("example")
    crime = example.write_example_files(folder).crime
    safety = example_safety.write_example_files(folder)
    return {"bra": crime, "trygghetsmatning": safety.trygghetsmatning, "ntu": safety.ntu}


def outcome(parse, path: Path, catalog: Catalog, **options: object) -> tuple:
    """("ok", parsed) or ("error", message, line, column)."""
    try:
        return ("ok", parse(path, catalog, **options))
    except ImportFailed as error:
        return ("error", str(error), error.line, error.column)


def assert_same(
    module: ModuleType,
    path: Path,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    *,
    fast: bool | None = True,
    **options: object,
) -> tuple:
    """The column-wise `parse` and the row-wise reference give the same outcome. With
    fast=True the column-wise path must decide alone (parse_rowwise never runs)."""
    reference = outcome(module.parse_rowwise, path, catalog, **options)
    calls = []
    original = module.parse_rowwise

    def recorded(*args: object, **kwargs: object):
        calls.append(args)
        return original(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(module, "parse_rowwise", recorded)
        columnwise = outcome(module.parse, path, catalog, **options)
    if fast:
        assert not calls, f"{path.name}: the column-wise path fell back to the row-wise one"
    assert columnwise[0] == reference[0], (columnwise, reference)
    if reference[0] == "error":
        assert columnwise == reference
        return reference
    got, expected = columnwise[1], reference[1]
    assert (got.format, got.source_id, got.is_example, got.notes) == (
        expected.format,
        expected.source_id,
        expected.is_example,
        expected.notes,
    )
    assert list(got.tables) == list(expected.tables)
    for name, frame in expected.tables.items():
        pd.testing.assert_frame_equal(got.tables[name], frame, check_exact=True)
        assert list(got.tables[name].dtypes) == list(frame.dtypes)
    return reference


def rows_of(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]


# --- good files: the bundled, example and national shapes -------------------------------------


def test_bundled_and_example_files_take_the_column_wise_path(
    catalog: Catalog, example_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same(bra, example_files["bra"], catalog, monkeypatch, example=True)
    assert_same(bra, example_files["bra"], catalog, monkeypatch)


@pytest.mark.parametrize("kind", sorted(MODULES))
def test_national_shapes_take_the_column_wise_path(
    kind: str,
    catalog: Catalog,
    national_small: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = national_small[kind]
    assert read_columns(path) is not None
    outcome = assert_same(MODULES[kind], path, catalog, monkeypatch)
    assert outcome[0] == "ok"


# --- accepted variants ------------------------------------------------------------------------


BRA_VARIANT_ROWS = [
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


def _variant_cases() -> list[tuple[str, list[list[str]], set[int], str]]:
    return [
        ("bra", BRA_VARIANT_ROWS, {6, 7}, "bra"),
    ]


@pytest.mark.parametrize(
    ("kind", "rows", "numeric", "name"), _variant_cases(), ids=[c[0] for c in _variant_cases()]
)
def test_accepted_variants_give_identical_frames(
    kind: str,
    rows: list[list[str]],
    numeric: set[int],
    name: str,
    catalog: Catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frames = []
    # A file with quoted cells is read by the csv module, not the column-wise path compared here.
    unquoted = {k: v for k, v in variants(rows, numeric).items() if not v.get("quoted")}
    for variant, options in unquoted.items():
        path = write(tmp_path / f"{name}_{variant}_2023.csv", **options)
        assert read_columns(path) is not None, variant
        reference = assert_same(MODULES[kind], path, catalog, monkeypatch)
        assert reference[0] == "ok", (variant, reference)
        frames.append(next(iter(reference[1].tables.values())))
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0], check_exact=True)


# --- mutated files: the same rows or the same error -------------------------------------------

NUMBERS = [
    "", "0", "1", "-0", "1,5", "1.5", "1 000", "1\u00a0000", "1\u202f000,5", "\u22123", "-3",
    "+4", "1e3", "1E-2", "1e999", ".5", "5.", ",5", "1,2,3", "abc", "١٢", "1_000", "nan", "inf",
    "12x", "2147483647", "2147483648", "..", "-", "\u2013", ".", "1.0", "100", "100,0",
    "100,5", "99,9", "-0,0", "0,0", "50", "1e-400",
]  # fmt: skip
YEARS = ["2020", "2021", "2023", "2031", "1949", "20x3", "٢٠٢٠", "", "2020.0", " 2022 "]
# Cells to try per kind and column heading (besides NUMBERS in the numeric columns).
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
}


@pytest.fixture(scope="module")
def base_rows(national_small: dict[str, Path]) -> dict[str, list[list[str]]]:
    """A small good table per kind: 40 rows of the national shapes."""
    rows = {kind: rows_of(path)[:41] for kind, path in national_small.items()}
    rows["bra"] = [rows["bra"][0]] + rows_of(national_small["bra"])[-40:]
    return rows


def _mutations(kind: str) -> list[tuple[str, str]]:
    """Every (column heading, cell) pair of the kind's pools."""
    return [(column, cell) for column, cells in POOLS[kind].items() for cell in cells]


def _mutated(
    base: list[list[str]], changes: list[tuple[int, str, str]], folder: Path, name: str
) -> Path:
    header, *rows = (list(row) for row in base)
    for row, column, cell in changes:
        rows[row % len(rows)][header.index(column)] = cell
    return write(folder / f"{name}_2023.csv", [header, *rows])


@pytest.mark.parametrize("kind", sorted(MODULES))
def test_every_single_cell_mutation_gives_the_same_rows_or_the_same_error(
    kind: str,
    catalog: Catalog,
    base_rows: dict[str, list[list[str]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcomes = set()
    for number, (column, cell) in enumerate(_mutations(kind)):
        path = _mutated(base_rows[kind], [(5, column, cell)], tmp_path, f"{kind}{number}")
        result = assert_same(MODULES[kind], path, catalog, monkeypatch, fast=None)
        outcomes.add(result[0])
    assert outcomes == {"ok", "error"}


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(sorted(MODULES)),
    changes=st.lists(st.tuples(st.integers(0, 39), st.integers(0, 10_000)), min_size=1, max_size=4),
)
def test_mutated_cells_give_the_same_rows_or_the_same_error(
    kind: str,
    changes: list[tuple[int, int]],
    catalog: Catalog,
    base_rows: dict[str, list[list[str]]],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pairs = _mutations(kind)
    picked = [(row, *pairs[choice % len(pairs)]) for row, choice in changes]
    path = _mutated(base_rows[kind], picked, tmp_path_factory.mktemp(kind), kind)
    assert_same(MODULES[kind], path, catalog, monkeypatch, fast=None)


def test_the_hardening_corpus_gives_the_reference_error(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
        cases = [row for row in csv.DictReader(handle) if row["kind"] in MODULES]
    assert len(cases) > 30
    for case in cases:
        result = assert_same(
            MODULES[case["kind"]], CORPUS / case["file"], catalog, monkeypatch, fast=None
        )
        assert result[0] == "error", case["file"]
