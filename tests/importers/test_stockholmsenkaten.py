"""Stockholmsenkäten importer: the 2024 codebook, pupil-level answers (CSV and Excel), result
tables, the real published figures, idempotency, and broken files that fail naming line and
column and leave the database byte-for-byte unchanged."""

from __future__ import annotations

import csv
import difflib
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from data.build import PUBLISHED_FIGURES_FILE
from data.importers import import_file
from data.importers.common import ImportFailed
from data.importers.stockholmsenkaten import read_codebook
from data.stockholmsenkaten_metadata import INDEX_ITEMS_FILE, index_items, rise_cutoffs
from tests.conftest import file_digest, query_rows

MAIN = Path(__file__).resolve().parents[2]
RISE_ITEMS_FILE = MAIN / "data" / "real" / "stockholmsenkaten_rise_items_per_index.csv"
PUPIL_HEADER = "ID;ar;Hemkommun;ARSKURS;F2;F46;F50;F67c;F82;F90"
# Hemkommun 19 = Vaxholm, 26 = Österåker in the 2024 codebook.
GOOD_PUPILS = [
    PUPIL_HEADER,
    "A-001;2024;19;9;1;2;3;4;1;5",
    "A-002;2024;19;9;2;1;996;1;998;1",
    "A-003;2024;26;2;999;999;999;999;;2",
]
RESULT_HEADER = "indikator;kommunkod;år;årskurs;kön;andel;antal"
GOOD_RESULTS = [
    RESULT_HEADER,
    "sthlm_narkotika_nagon_gang;0187;2022;åk9;pojkar;15,4;65",
    "sthlm_narkotika_nagon_gang;0187;2022;Åk 9;flickor;..;12",
    "sthlm_nykter;0001;2018;gy2;alla;23,5;20 514",
]


def write(folder: Path, name: str, lines: list[str], *, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def pupil_rows(db: Path) -> list[tuple]:
    return query_rows(
        db,
        "SELECT year, municipality_code, respondent_id, grade, sex, item_ids, answer_codes, "
        "source_id, is_example FROM stockholmsenkaten_pupils ORDER BY respondent_id",
    )


def result_rows(db: Path) -> list[tuple]:
    return query_rows(
        db,
        "SELECT indicator_id, municipality_code, year, grade, sex, share, n, source_id, "
        "is_example FROM stockholmsenkaten_results "
        "ORDER BY indicator_id, municipality_code, year, grade, sex",
    )


# --- the codebook and the index items ----------------------------------------------------------


def test_codebook_answer_and_missing_codes() -> None:
    codebook = read_codebook()
    # The codebook's Hemkommun labels: 19 is Vaxholm (21 is Norrtälje).
    assert codebook.home_municipalities[19] == "Vaxholm"
    assert codebook.home_municipalities[21] == "Norrtälje"
    assert codebook.home_municipalities[26] == "Österåker"
    f67c = codebook.items["F67c"]
    assert f67c.answer_codes == {1, 2, 3, 4}
    assert f67c.missing_codes == {999}
    assert codebook.items["F82"].missing_codes == {998, 999}
    assert codebook.items["F53"].missing_codes == {996, 998, 999}
    # F50 (times used drugs in four weeks) is an open count: 0-98 plus its missing codes.
    f50 = codebook.items["F50"]
    assert f50.answer_codes == frozenset()
    assert f50.allowed() == frozenset(range(99)) | {99, 996, 998, 999}
    assert codebook.items["F4a"].answer_codes == {0, 1}


def coverage(wording: str, question: str) -> float:
    """Share of the characters of `wording` found, in order, in `question` (case-blind)."""
    matcher = difflib.SequenceMatcher(None, wording.casefold(), question.casefold())
    return sum(block.size for block in matcher.get_matching_blocks()) / len(wording)


def test_every_index_item_is_the_rise_question_in_the_2024_codebook() -> None:
    """The items file maps RISE's 2006-2020 numbering to the 2024 ids: the wording agrees
    (2024 added words such as "/vårdnadshavare"; a wrong item would not match)."""
    with open(RISE_ITEMS_FILE, encoding="utf-8", newline="") as handle:
        rise = {(row["Index"], row["itemnr"]): row["item"] for row in csv.DictReader(handle)}
    codebook = read_codebook()
    with open(INDEX_ITEMS_FILE, encoding="utf-8", newline="") as handle:
        mapped = list(csv.DictReader(handle))
    assert {(row["rise_name"], row["rise_item_id"]) for row in mapped} == set(rise)
    for row in mapped:
        wording = rise[(row["rise_name"], row["rise_item_id"])]
        question = re.sub(r"^\d+[a-z]*\.\s*", "", codebook.items[row["item_id"]].question)
        assert coverage(wording, question) > 0.9, (row["item_id"], wording, question)
    # The check tells neighbouring items apart.
    assert coverage(rise[("Utagerande", "f66c")], codebook.items["F67d"].question) < 0.6


def test_index_items_get_their_range_from_the_codebook() -> None:
    items = index_items().set_index(["index_id", "item_id"])
    assert items.loc[("rise_utagerande", "F67c"), ["value_min", "value_max"]].tolist() == [1, 4]
    assert items.loc[("rise_psyk_som_besv", "F90"), ["value_min", "value_max"]].tolist() == [1, 5]
    assert len(items) == 55
    assert set(items.index.get_level_values("index_id")) == {
        "rise_utagerande",
        "rise_skola_negativ",
        "rise_skola_positiv",
        "rise_psyk_som_besv",
        "rise_parenting",
        "rise_community",
        "rise_wellbeing",
    }


def test_rise_cutoffs_are_read_row_by_row() -> None:
    cutoffs = rise_cutoffs().set_index(["index_id", "percentile"])["logit"]
    # Rows of the shared files: risk P75 then P90; protective P15 then P85.
    assert cutoffs[("rise_utagerande", 75)] == pytest.approx(0.4458985794861082)
    assert cutoffs[("rise_utagerande", 90)] == pytest.approx(0.9561885314393149)
    assert cutoffs[("rise_wellbeing", 15)] == pytest.approx(-0.6453543824047271)
    assert cutoffs[("rise_skola_positiv", 85)] == pytest.approx(0.9185889014891522)
    assert len(cutoffs) == 14


# --- pupil-level answers -------------------------------------------------------------------


def test_pupil_csv_keeps_codes_and_leaves_out_empty_cells(fresh_db: Path, tmp_path: Path) -> None:
    result = import_file(fresh_db, "stockholmsenkaten", write(tmp_path, "elever.csv", GOOD_PUPILS))
    assert result.rows == 3
    assert result.file_format == "stockholmsenkaten-elevsvar-csv (utf-8, ';')"
    assert result.notes == ("3 elever, 5 frågor",)
    items = ["F46", "F50", "F67c", "F82", "F90"]
    assert pupil_rows(fresh_db) == [
        (2024, "0187", "A-001", "ak9", "pojke", items, [2, 3, 4, 1, 5], "stockholmsenkaten", False),
        (
            2024,
            "0187",
            "A-002",
            "ak9",
            "flicka",
            items,
            [1, 996, 1, 998, 1],
            "stockholmsenkaten",
            False,
        ),
        # An empty cell (F82) is an item not asked: no entry.
        (
            2024,
            "0117",
            "A-003",
            "gy2",
            "ej_svar",
            ["F46", "F50", "F67c", "F90"],
            [999, 999, 999, 2],
            "stockholmsenkaten",
            False,
        ),
    ]


def test_pupil_excel_sheet_gives_the_same_rows(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "elever.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in GOOD_PUPILS:
        sheet.append([int(cell) if cell.isdigit() else (cell or None) for cell in line.split(";")])
    workbook.save(path)
    result = import_file(fresh_db, "stockholmsenkaten", path, example=True)
    assert result.file_format == "stockholmsenkaten-elevsvar-excel"
    rows = pupil_rows(fresh_db)
    assert [row[2:7] for row in rows] == [
        ("A-001", "ak9", "pojke", ["F46", "F50", "F67c", "F82", "F90"], [2, 3, 4, 1, 5]),
        ("A-002", "ak9", "flicka", ["F46", "F50", "F67c", "F82", "F90"], [1, 996, 1, 998, 1]),
        ("A-003", "gy2", "ej_svar", ["F46", "F50", "F67c", "F90"], [999, 999, 999, 2]),
    ]
    assert {(row[7], row[8]) for row in rows} == {("stockholmsenkaten_example", True)}


def test_four_digit_municipality_code_is_accepted(fresh_db: Path, tmp_path: Path) -> None:
    lines = [PUPIL_HEADER, "B-1;2022;0187;2;3;1;996;2;2;3"]
    import_file(fresh_db, "stockholmsenkaten", write(tmp_path, "kod.csv", lines))
    assert [row[:5] for row in pupil_rows(fresh_db)] == [(2022, "0187", "B-1", "gy2", "annan")]


def test_second_import_of_the_same_file_changes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "elever.csv", GOOD_PUPILS)
    first = import_file(fresh_db, "stockholmsenkaten", path)
    before = file_digest(fresh_db)
    again = import_file(fresh_db, "stockholmsenkaten", path)
    assert again.already_imported and again.import_id == first.import_id
    assert file_digest(fresh_db) == before


# --- result tables -------------------------------------------------------------------------------


def test_result_table_with_decimal_comma_and_suppressed_cell(
    fresh_db: Path, tmp_path: Path
) -> None:
    result = import_file(
        fresh_db, "stockholmsenkaten", write(tmp_path, "resultat.csv", GOOD_RESULTS)
    )
    assert result.file_format == "resultattabell-csv (utf-8, ';')"
    assert result_rows(fresh_db) == [
        ("sthlm_narkotika_nagon_gang", "0187", 2022, "ak9", "flickor", None, 12, "stockholmsenkaten", False),
        ("sthlm_narkotika_nagon_gang", "0187", 2022, "ak9", "pojkar", 15.4, 65, "stockholmsenkaten", False),
        ("sthlm_nykter", "0001", 2018, "gy2", "alla", 23.5, 20514, "stockholmsenkaten", False),
    ]  # fmt: skip


def test_english_result_table_in_cp1252_with_municipality_names(
    fresh_db: Path, tmp_path: Path
) -> None:
    lines = [
        "indicator,municipality,year,grade,sex,share,n,note",
        "sthlm_snus,Österåker,2020,gy2,pojkar,21.5,180,från rapporten",
        "sthlm_snus,Vaxholms stad,2020,gy2,alla,19,101,",
    ]
    import_file(
        fresh_db,
        "stockholmsenkaten",
        write(tmp_path, "results.csv", lines, encoding="cp1252"),
        example=True,
    )
    assert result_rows(fresh_db) == [
        ("sthlm_snus", "0117", 2020, "gy2", "pojkar", 21.5, 180, "stockholmsenkaten_example", True),
        ("sthlm_snus", "0187", 2020, "gy2", "alla", 19.0, 101, "stockholmsenkaten_example", True),
    ]  # fmt: skip
    assert query_rows(fresh_db, "SELECT note FROM stockholmsenkaten_results ORDER BY n") == [
        (None,),
        ("från rapporten",),
    ]


# --- the real published figures --------------------------------------------------------------


def test_real_published_figures_are_stored_as_real_points(fresh_db: Path) -> None:
    result = import_file(fresh_db, "stockholmsenkaten", PUBLISHED_FIGURES_FILE)
    assert result.rows == 17
    assert result.file_format == "publicerade-siffror-csv (utf-8, ',')"
    assert result.notes[0] == "29 rader från andra undersökningar hoppades över"
    assert result.notes[1].startswith(
        "5 Stockholmsenkäten-rader utan motsvarande nyckeltal hoppades över: "
        "Utsatt för kränkande behandling (Åk 9 flickor, 2018)"
    )
    rows = {row[:5]: row[5:] for row in result_rows(fresh_db)}
    published = ("stockholmsenkaten_published", False)
    # Vaxholm's article 2022-11-23: ever used drugs, year 9 boys 16 %, girls 6 %; year 2: 24 %.
    assert rows[("sthlm_narkotika_nagon_gang", "0187", 2022, "ak9", "pojkar")] == (
        16.0,
        None,
        *published,
    )
    assert rows[("sthlm_narkotika_nagon_gang", "0187", 2022, "ak9", "flickor")] == (
        6.0,
        None,
        *published,
    )
    assert rows[("sthlm_narkotika_nagon_gang", "0187", 2022, "gy2", "alla")] == (
        24.0,
        None,
        *published,
    )
    # 2018: 91 % had never tried drugs, stored as 9 % who have.
    assert rows[("sthlm_narkotika_nagon_gang", "0187", 2018, "ak9", "alla")] == (
        9.0,
        None,
        *published,
    )
    assert rows[("sthlm_nykter", "0187", 2018, "ak9", "alla")] == (61.0, None, *published)
    assert rows[("sthlm_nykter", "0187", 2008, "ak9", "alla")] == (29.0, None, *published)
    assert rows[("sthlm_trygg_ute_sent", "0187", 2022, "ak9", "flickor")] == (
        80.0,
        None,
        *published,
    )
    # County figures quoted in the articles are stored for the county (0001).
    assert rows[("sthlm_snus", "0001", 2022, "gy2", "pojkar")] == (25.0, None, *published)
    assert rows[("sthlm_narkotika_nagon_gang", "0001", 2022, "ak9", "flickor")] == (
        10.0,
        None,
        *published,
    )
    notes = query_rows(
        fresh_db,
        "SELECT note, source_url FROM stockholmsenkaten_results "
        "WHERE indicator_id = 'sthlm_narkotika_nagon_gang' AND year = 2018",
    )
    assert notes == [
        (
            "Vaxholms stad 2018; 100 − 91 % (Andel som inte provat narkotika)",
            ("https://www.vaxholm.se/omsorg--stod/missbruk-och-beroende/drogforebyggande-arbete/"
            "stockholmsenkaten-2018"),
        )
    ]  # fmt: skip


def test_published_figures_are_never_example_data(fresh_db: Path) -> None:
    before = file_digest(fresh_db)
    with pytest.raises(ImportFailed, match="publicerade siffror är verkliga"):
        import_file(fresh_db, "stockholmsenkaten", PUBLISHED_FIGURES_FILE, example=True)
    assert file_digest(fresh_db) == before


# --- broken files ----------------------------------------------------------------------------------

BROKEN_PUPILS = [
    (
        "okänd fråga",
        [PUPIL_HEADER + ";F999x", "A-1;2024;19;9;1;1;996;1;1;1;3"],
        1,
        "F999x",
        "okänd fråga 'F999x': finns inte i Stockholmsenkätens kodbok 2024",
    ),
    (
        "kod utanför svarsskalan",
        [PUPIL_HEADER, "A-1;2024;19;9;1;1;996;1;1;1", "A-2;2024;19;9;1;1;996;7;1;1"],
        3,
        "F67c",
        "svaret '7' är ingen kod för F67c (svar 1–4, saknade värden 99, 999)",
    ),
    (
        "vet inte där kodboken inte har det",
        [PUPIL_HEADER, "A-1;2024;19;9;1;1;996;998;1;1"],
        2,
        "F67c",
        "svaret '998' är ingen kod för F67c",
    ),
    (
        "text i stället för kod",
        [PUPIL_HEADER, "A-1;2024;19;9;1;1;996;1;1;två"],
        2,
        "F90",
        "svaret 'två' är ingen kod för F90",
    ),
    (
        "okänd hemkommun",
        [PUPIL_HEADER, "A-1;2024;42;9;1;1;996;1;1;1"],
        2,
        "Hemkommun",
        "okänd hemkommun '42'",
    ),
    (
        "fel årskurs",
        [PUPIL_HEADER, "A-1;2024;19;8;1;1;996;1;1;1"],
        2,
        "ARSKURS",
        "årskurs '8' ska vara 9 eller 2",
    ),
    (
        "okänt kön",
        [PUPIL_HEADER, "A-1;2024;19;9;4;1;996;1;1;1"],
        2,
        "F2",
        "kön '4' ska vara 1 (pojke), 2 (flicka), 3 (annan) eller 999 (ej svar)",
    ),
    (
        "personnummer som id",
        [PUPIL_HEADER, "19121212-1212;2024;19;9;1;1;996;1;1;1"],
        2,
        "ID",
        "ID ser ut som ett personnummer; elevsvaren ska vara avidentifierade",
    ),
    (
        "samma elev två gånger",
        [PUPIL_HEADER, "A-1;2024;19;9;1;1;996;1;1;1", "A-1;2024;19;9;2;1;996;1;1;1"],
        3,
        "ID",
        "dubblett: eleven A-1 (2024, 0187) finns redan tidigare i filen",
    ),
    (
        "skolans namn",
        ["ID;ar;Hemkommun;ARSKURS;F2;Skolnamn;F46", "A-1;2024;19;9;1;Rektorsvägens skola;1"],
        1,
        "Skolnamn",
        "kolumnen 'Skolnamn' identifierar skolan och lagras inte",
    ),
    (
        "orimligt år",
        [PUPIL_HEADER, "A-1;1899;19;9;1;1;996;1;1;1"],
        2,
        "ar",
        "året 1899 är orimligt",
    ),
]
BROKEN_RESULTS = [
    (
        "okänt nyckeltal",
        [RESULT_HEADER, "sthlm_okand;0187;2022;åk9;alla;10;100"],
        2,
        "indikator",
        "okänt nyckeltal 'sthlm_okand'",
    ),
    (
        "nyckeltal från en annan källa",
        [RESULT_HEADER, "U07417;0187;2022;åk9;alla;10;100"],
        2,
        "indikator",
        "'U07417' är inget Stockholmsenkäten-nyckeltal (id:t ska börja med sthlm_)",
    ),
    (
        "andel över 100",
        [RESULT_HEADER, "sthlm_snus;0187;2022;åk9;alla;120;100"],
        2,
        "andel",
        "andelen 120 ligger inte mellan 0 och 100",
    ),
    (
        "fel kön",
        [RESULT_HEADER, "sthlm_snus;0187;2022;åk9;kvinnor;12;100"],
        2,
        "kön",
        "kön 'kvinnor' ska vara alla, flickor eller pojkar",
    ),
    (
        "fel årskurs",
        [RESULT_HEADER, "sthlm_snus;0187;2022;åk8;alla;12;100"],
        2,
        "årskurs",
        "årskurs 'åk8' ska vara åk9 eller gy2",
    ),
    (
        "okänd kommun",
        [RESULT_HEADER, "sthlm_snus;Atlantis;2022;åk9;alla;12;100"],
        2,
        "kommunkod",
        "okänd kommun 'Atlantis'",
    ),
    (
        "antal med decimaler",
        [RESULT_HEADER, "sthlm_snus;0187;2022;åk9;alla;12;10,5"],
        2,
        "antal",
        "'10,5' är inget antal",
    ),
    (
        "dubblett",
        [
            RESULT_HEADER,
            "sthlm_snus;0187;2022;åk9;alla;12;100",
            "sthlm_snus;0187;2022;Åk 9;alla;13;90",
        ],
        3,
        "indikator",
        "dubblett: sthlm_snus 0187 2022 ak9 alla finns redan tidigare i filen",
    ),
]


@pytest.mark.parametrize(
    ("lines", "line", "column", "message"),
    [case[1:] for case in BROKEN_PUPILS + BROKEN_RESULTS],
    ids=[case[0] for case in BROKEN_PUPILS + BROKEN_RESULTS],
)
def test_broken_file_fails_naming_line_and_column(
    fresh_db: Path, tmp_path: Path, lines: list[str], line: int, column: str, message: str
) -> None:
    # A pupil file imported first, so a failure must leave existing rows untouched too.
    import_file(fresh_db, "stockholmsenkaten", write(tmp_path, "ok.csv", GOOD_PUPILS))
    before = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "stockholmsenkaten", write(tmp_path, "trasig.csv", lines))
    assert failure.value.line == line
    assert failure.value.column == column
    assert message in str(failure.value)
    assert str(failure.value).startswith(f"trasig.csv, rad {line}, kolumn '{column}': ")
    assert file_digest(fresh_db) == before


def test_excel_error_names_the_excel_row(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "elever.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "ar", "Hemkommun", "ARSKURS", "F2", "F67c"])
    sheet.append(["A-1", 2024, 19, 9, 1, 2])
    sheet.append([])  # a blank row is skipped but keeps its number
    sheet.append(["A-2", 2024, 19, 9, 1, 5])
    workbook.save(path)
    before = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "stockholmsenkaten", path)
    assert (failure.value.line, failure.value.column) == (4, "F67c")
    assert file_digest(fresh_db) == before


def test_missing_structural_column_is_named(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "utan_kon.csv", ["ID;ar;Hemkommun;ARSKURS;F46", "A-1;2024;19;9;1"])
    with pytest.raises(ImportFailed, match="kolumnen 'F2' saknas i rubrikraden"):
        import_file(fresh_db, "stockholmsenkaten", path)


def test_unrecognised_file_says_which_formats_are_expected(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "annat.csv", ["kommun;år;värde", "Vaxholm;2024;3"])
    with pytest.raises(ImportFailed, match="okänt format: väntade en resultattabell"):
        import_file(fresh_db, "stockholmsenkaten", path)


def test_year_option_is_refused(fresh_db: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="--year gäller bara Brås årsfiler"):
        import_file(fresh_db, "stockholmsenkaten", write(tmp_path, "e.csv", GOOD_PUPILS), year=2024)


def test_command_line_imports_and_refuses_with_one_line(fresh_db: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "elever.csv", GOOD_PUPILS)
    bad = write(tmp_path, "trasig.csv", [PUPIL_HEADER, "A-9;2024;19;9;1;1;996;9;1;1"])

    def run(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "data", "import", "stockholmsenkaten", str(path), "--db", str(fresh_db)],
            capture_output=True,
            text=True,
            cwd=MAIN,
            check=False,
        )  # fmt: skip

    ok = run(good)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == [
        (
            "elever.csv: 3 rader importerade som stockholmsenkaten "
            "(stockholmsenkaten-elevsvar-csv (utf-8, ';')), import 1; 3 elever, 5 frågor"
        )
    ]
    before = file_digest(fresh_db)
    failed = run(bad)
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        (
            "fel: trasig.csv, rad 2, kolumn 'F67c': svaret '9' är ingen kod för F67c "
            "(svar 1–4, saknade värden 99, 999)"
        )
    ]
    assert file_digest(fresh_db) == before
