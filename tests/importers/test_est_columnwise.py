"""The EST importer validates column by column (`est.parse`); the row-wise checks
(`est.parse_rowwise`) are the reference. On generated files with good rows, text to redact,
both headers, both separators, both encodings and Excel, the two give the same rows and notes;
on files broken in one or several rows they give the same error (file, line, column, message).
The fast CSV reader gives exactly what `read_table` gives, and the pre-filter of the redaction
never misses a text that `redact` changes."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.est_catalog import load_catalog
from data.importers import est
from data.importers.common import ImportFailed
from data.importers.redaction import candidates, redact
from data.importers.tabular import WHITESPACE, ColumnTable, read_columns, read_table
from tests.importers.test_est import personal_number

HEADER_SV = ["id", "datum", "tid", "vecka", "område", "plats", "kategori", "organisation"]
HEADER_SV += ["allvarlighet", "beskrivning"]
HEADER_EN = ["id", "date", "time", "area", "place", "category", "organisation", "severity"]
HEADER_EN += ["description"]


def _texts(rng: random.Random) -> str:
    """A description: mostly plain, sometimes with personal data or numbers that are not."""
    plain = ["Klotter på busskur.", "Bråk vid hamnen", "", "Unga samlades kl 21:30 den 2024-05-01"]
    plain += ["Ordernummer 19121212-1213", "0,5 promille, 1 000 kr", "Ärende NAT-2021-0000001"]
    personal = [
        f"Anmälaren {personal_number('991231', '98' + str(rng.randint(1, 9)))} hörde av sig",
        f"Ring 070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "Mejla anna.andersson@example.se",
        "Tel +46 70 174 06 77 eller 08-465 004 12",
        f"Pnr {personal_number('991231', '985', century='20', separator='')} och x@y.se",
    ]
    return rng.choice(personal) if rng.random() < 0.15 else rng.choice(plain)


def good_rows(count: int, *, seed: int, english: bool) -> list[list[str]]:
    """Rows the importer accepts, in every spelling the contract allows."""
    rng = random.Random(seed)
    lists = load_catalog()
    areas = lists.areas.to_dict("records")
    places = lists.places.to_dict("records")
    rows = []
    for number in range(count):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 1400))
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        date_text = rng.choice(
            [
                day.isoformat(),
                day.strftime("%Y%m%d"),
                f"{day.isoformat()} {clock}",
                f"{day.isoformat()}T{clock}",
                f"{day.year}-{day.month}-{day.day}",
                f"{day.isoformat()} {clock}:07",
            ]
        )
        year, week, _ = day.isocalendar()
        week_text = rng.choice(["", str(week), f"v{week}", f"vecka {week}", f"{year}-W{week:02d}"])
        time_text = rng.choice(["", clock, clock.replace(":", "."), f"{clock}:30"])
        area = rng.choice(areas)
        area_text = rng.choice(
            [area["name_sv"], area["name_en"], area["area_id"], area["name_sv"].upper()]
            + [alias for alias in area["aliases"].split(";") if alias]
        )
        own = [place for place in places if place["area_id"] == area["area_id"]]
        place_text = rng.choice(
            ["", "", "Vid kiosken", "Hos 070-174 06 55", "  bakom skolan "]
            + [place["name"] for place in own]
            + [alias for place in own for alias in place["aliases"].split(";") if alias]
        )
        category = lists.categories.iloc[rng.randrange(len(lists.categories))]
        organisation = lists.organisations.iloc[rng.randrange(len(lists.organisations))]
        severity = rng.choice(["1", "2", "3", "låg", "Medel", "HÖG", "high", "1 (låg)", " 2 "])
        row = {
            "id": f"E-{seed}-{number}" + rng.choice(["", " "]),
            "date": date_text,
            "time": time_text,
            "week": week_text,
            "area": area_text,
            "place": place_text,
            "category": rng.choice([category["name_sv"], category["name_en"]]).lower(),
            "organisation": rng.choice([organisation["name_sv"], organisation["name_en"]]),
            "severity": severity,
            "description": _texts(rng),
        }
        if english:
            rows.append([row[name] for name in HEADER_EN_KEYS])
        else:
            rows.append([row[name] for name in HEADER_SV_KEYS])
    return rows


HEADER_SV_KEYS = ["id", "date", "time", "week", "area", "place", "category", "organisation"]
HEADER_SV_KEYS += ["severity", "description"]
HEADER_EN_KEYS = [key for key in HEADER_SV_KEYS if key != "week"]


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], *, delimiter: str, encoding: str
) -> Path:
    lines = [delimiter.join(header)]
    lines += [delimiter.join(cell.replace(delimiter, " ") for cell in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def assert_same_import(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = est.parse_rowwise(path, None, example=True)  # type: ignore[arg-type]
    with monkeypatch.context() as patch:
        # The column-wise path must not lean on the row-wise one for a good file.
        patch.setattr(est, "parse_rowwise", _must_not_run)
        columnwise = est.parse(path, None, example=True)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(
        columnwise.tables["est_incidents"], reference.tables["est_incidents"]
    )
    assert (columnwise.format, columnwise.source_id, columnwise.notes) == (
        reference.format,
        reference.source_id,
        reference.notes,
    )


def _must_not_run(*args: object, **kwargs: object) -> None:
    raise AssertionError("the column-wise checks and the row-wise reference disagree")


def refusal(parse, path: Path) -> tuple[str, int | None, str | None]:
    with pytest.raises(ImportFailed) as failure:
        parse(path, None, example=False)
    return str(failure.value), failure.value.line, failure.value.column


# --- good files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "delimiter", "encoding"),
    [(False, ";", "utf-8-sig"), (True, ",", "cp1252"), (False, ",", "utf-8")],
    ids=["swedish_bom_semicolon", "english_cp1252_comma", "swedish_comma"],
)
def test_generated_csv_gives_the_same_rows_and_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: bool, delimiter: str, encoding: str
) -> None:
    rows = good_rows(1500, seed=7 + english, english=english)
    header = HEADER_EN if english else HEADER_SV
    path = write_csv(tmp_path / "est.csv", header, rows, delimiter=delimiter, encoding=encoding)
    assert read_columns(path) is not None, "the fast reader takes a plain CSV file"
    reference = est.parse_rowwise(path, None, example=True)  # type: ignore[arg-type]
    assert reference.notes, "the file has text to redact"
    assert reference.tables["est_incidents"]["was_redacted"].sum() > 50
    assert_same_import(path, monkeypatch)


def test_quoted_cells_blank_lines_and_spaces_take_the_reading_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = good_rows(300, seed=3, english=False)
    lines = [";".join(HEADER_SV)]
    for number, row in enumerate(rows):
        if number % 7 == 0:
            lines.append(" ; ;\t")
        cells = [f'"{cell}"' if number % 5 == 0 else f" {cell} " for cell in row]
        lines.append(";".join(cells))
    path = tmp_path / "quoted.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_columns(path) is None
    assert_same_import(path, monkeypatch)
    # Without quotes the fast reader takes the same file (blank lines, padded cells).
    path.write_text("\n".join(lines).replace('"', "") + "\n", encoding="utf-8")
    assert read_columns(path) is not None
    assert_same_import(path, monkeypatch)


def test_generated_excel_gives_the_same_rows_and_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = good_rows(400, seed=11, english=False)
    path = write_xlsx(tmp_path / "est.xlsx", [name.title() for name in HEADER_SV], rows)
    assert_same_import(path, monkeypatch)


def test_without_optional_columns_and_descriptions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = good_rows(200, seed=5, english=True)
    keep = [index for index, name in enumerate(HEADER_EN) if name not in ("time", "place")]
    path = write_csv(
        tmp_path / "short.csv",
        [HEADER_EN[index] for index in keep],
        [[*(row[index] for index in keep[:-1]), ""] for row in rows],
        delimiter=";",
        encoding="utf-8",
    )
    assert_same_import(path, monkeypatch)


# --- broken files: the same error as the row-wise reference ---------------------------------

# (column, replacement) pairs the reference refuses, each for a different reason.
BREAKAGES = [
    ("id", ""),
    ("id", "x" * 65),
    ("id", personal_number("991231", "986", century="20")),
    ("id", "DUPLICATE"),
    ("date", "2024-13-01"),
    ("date", "2099-05-01"),
    ("date", "1999-12-31"),
    ("date", "igår"),
    ("time", "25:00"),
    ("week", "54"),
    ("week", "v. x"),
    ("week", "1"),
    ("area", "Atlantis"),
    ("area", ""),
    ("place", "Söderhamnen (hamnen och färjeläget)"),
    ("place", "p" * 4001),
    ("category", "Spöken"),
    ("organisation", "Brandkåren X"),
    ("severity", "4"),
    ("severity", "2,5"),
    ("description", "d" * 4001),
]


@settings(max_examples=120, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    breakages=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(BREAKAGES) - 1),
            st.integers(min_value=0, max_value=59),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_broken_rows_give_the_reference_error(
    tmp_path_factory: pytest.TempPathFactory, seed: int, breakages: list[tuple[int, int]]
) -> None:
    rows = good_rows(60, seed=seed, english=False)
    for which, row in breakages:
        column, value = BREAKAGES[which]
        position = HEADER_SV_KEYS.index(column)
        if value == "DUPLICATE":
            value = rows[(row + 17) % len(rows)][0]
        if column == "place" and value.startswith("Söderhamnen"):
            rows[row][HEADER_SV_KEYS.index("area")] = "Rindö"
        if column == "week" and value == "1":
            rows[row][HEADER_SV_KEYS.index("date")] = "2024-05-01"
        rows[row][position] = value
    path = write_csv(
        tmp_path_factory.mktemp("broken") / "broken.csv",
        HEADER_SV,
        rows,
        delimiter=";",
        encoding="utf-8",
    )
    expected = refusal(est.parse_rowwise, path)
    original = est.parse_rowwise
    est.parse_rowwise = _must_not_run  # type: ignore[assignment]
    try:
        assert refusal(est.parse, path) == expected
    finally:
        est.parse_rowwise = original


def test_the_hardening_corpus_gives_the_reference_error() -> None:
    corpus = Path(__file__).resolve().parents[1] / "hardening" / "corpus"
    files = sorted(corpus.glob("est_*"))
    assert len(files) > 20
    for path in files:
        assert refusal(est.parse, path) == refusal(est.parse_rowwise, path), path.name


# --- the reader and the redaction pre-filter -------------------------------------------------

_CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("ab1 ;;,\t\r\n\n\x0b\x1c\xa0\u2028\ufeffå")), max_size=40
)


@settings(max_examples=400, deadline=None)
@given(text=_CELL_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_the_fast_reader_reads_what_read_table_reads(
    tmp_path_factory: pytest.TempPathFactory, text: str, encoding: str
) -> None:
    path = tmp_path_factory.mktemp("reader") / "table.csv"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    fast = read_columns(path)
    if fast is None:
        return
    table = read_table(path)
    assert all(len(row) == len(table.header or []) for row in table.rows)
    assert fast == ColumnTable.from_rows(table)


def test_the_whitespace_arrow_trims_is_what_str_strip_removes() -> None:
    assert set(WHITESPACE) == {chr(code) for code in range(0x110000) if chr(code).isspace()}


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(raw=st.binary(max_size=12) | st.text(max_size=6).map(lambda text: text.encode("utf-8")))
def test_arrow_checks_utf8_as_python_decodes_it(raw: bytes) -> None:
    try:
        raw.decode("utf-8")
        python = True
    except UnicodeDecodeError:
        python = False
    try:
        pa.array([raw], pa.large_binary()).cast(pa.large_string())
        arrow = True
    except pa.ArrowInvalid:
        arrow = False
    assert arrow == python


_PERSONAL_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789 -+@.()axå٣\xa0\u2009")), max_size=30
)


@settings(max_examples=2000, deadline=None)
@given(text=_PERSONAL_TEXT)
def test_the_redaction_pre_filter_misses_nothing(text: str) -> None:
    if redact(text).removed:
        assert candidates([text]) == [0]


def test_the_redaction_pre_filter_on_known_texts() -> None:
    texts = [
        "070-123 45 67",
        "Klotter på busskur.",
        "a@b.se",
        "+46 (0)8 123 456 78",
        "0046701234567",
        personal_number("991231", "981", century="20"),
        personal_number("991231", "983", separator="+"),
        "٠٧٠١٢٣٤٥٦٧",
        "Ärende NAT-2021-0000001",
    ]
    changed = [bool(redact(text).removed) for text in texts]
    assert changed == [True, False, True, True, True, True, True, changed[7], False]
    assert set(candidates(texts)) >= {0, 2, 3, 4, 5, 6}
    assert 1 not in candidates(texts)
    assert 8 not in candidates(texts)
