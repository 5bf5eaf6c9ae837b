"""Unga: Stockholmsenkäten's response rate, answers ÷ Skolverket's pupils (issue 13, item 2)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from data import db
from data.importers import import_file
from tests.conftest import query_rows
from tests.importers import skolverket_fixtures
from tests.pages.conftest import app, texts

PAGE = "pages/youth.py"
SKOLVERKET = db.DATA_DIR / "real" / "skolverket_grundskola_elever_per_arskurs_2023_skolenhet.csv"
NBSP = "\u00a0"


def vaxholm_pupils_ak9() -> int:
    """Vaxholm's åk 9 pupils 2023/24 summed straight from the real file (column 22)."""
    rows = [line.split(";") for line in SKOLVERKET.read_text(encoding="utf-8-sig").splitlines()]
    counts = [row[21] for row in rows if len(row) > 21 and row[3] == "0187"]
    return sum(int(count) for count in counts if count.isdigit())


def test_the_response_rate_of_the_wave(built_db: Path) -> None:
    test = app(PAGE, youth_area="0187", youth_grade="ak9", youth_year="2024")
    assert not test.exception, [e.value for e in test.exception]
    (answers,) = query_rows(
        built_db,
        "SELECT count(*) FROM stockholmsenkaten_pupils "
        "WHERE year = 2024 AND municipality_code = '0187' AND grade = 'ak9'",
    )[0]
    pupils = vaxholm_pupils_ak9()
    assert pupils == 147  # Kronängsskolan; Vaxholm's other schools report no åk 9 ('.')
    shown = texts(test)
    match = re.search(r"Svarsfrekvens Åk 9 2024: (\S+) svar av (\S+) elever i kommunens", shown)
    assert match, shown
    assert match.group(1).replace(NBSP, "") == str(answers)
    assert match.group(2) == str(pupils)
    expected = f"{100 * answers / pupils:.0f}"
    assert f"läsåret 2023/24 enligt Skolverket ({expected} %)" in shown
    assert "Svaren är exempeldata." in shown
    assert "Källa: Skolverket elevstatistik" in shown


def test_no_rate_without_skolverkets_pupils() -> None:
    """Skolverket's bundled file is the compulsory school's: upper secondary has no pupils."""
    test = app(PAGE, youth_area="0187", youth_grade="gy2", youth_year="2024", lang="en")
    assert not test.exception
    shown = texts(test)
    assert "Skolverket's pupil numbers for 2023/24 are not in the database." in shown
    assert "Response rate Upper secondary, year 2 2024:" in shown


def with_skolverket_file(built_db: Path, tmp_path: Path, lines: list[str]) -> Path:
    """A copy of the built database with a Skolverket file (invented values) imported."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    import_file(copy, "skolverket", skolverket_fixtures.write(tmp_path / "elever.csv", lines))
    return copy


def answer_count(database: Path, year: int, code: str, grade: str) -> int:
    return query_rows(
        database,
        "SELECT count(*) FROM stockholmsenkaten_pupils "
        "WHERE year = ? AND municipality_code = ? AND grade = ?",
        [year, code, grade],
    )[0][0]


def test_gy2_gets_no_response_rate_from_a_gymnasium_file(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skolverket counts gymnasium pupils where the school is (fixture: Vaxholm gy 2 = 86),
    Stockholmsenkäten answers by home municipality: the page quotes both counts with their
    sources and gives no rate (it printed "112 svar av 86 elever … (130 %)")."""
    copy = with_skolverket_file(built_db, tmp_path, skolverket_fixtures.gymnasium_lines())
    monkeypatch.setenv("TRYGG_DB", str(copy))
    test = app(PAGE, youth_area="0187", youth_grade="gy2", youth_year="2024")
    assert not test.exception, [e.value for e in test.exception]
    answers = answer_count(copy, 2024, "0187", "gy2")
    shown = texts(test)
    assert "Svarsfrekvens Gymnasiet år 2" not in shown
    assert not re.search(r"\(\d+ %\)", shown), shown
    assert (
        f"Gymnasiet år 2 2024: {answers} svar från elever som bor i kommunen (Exempeldata: "
        "Stockholmsenkäten) och 86 elever i kommunens skolor läsåret 2023/24 (Skolverket "
        "elevstatistik). Gymnasieelever går till stor del i skola i andra kommuner"
    ) in shown
    assert "så ingen svarsfrekvens kan anges." in shown
    assert "Källa: Exempeldata: Stockholmsenkäten" in shown
    # Åk 9 keeps the real grundskola file's count and its rate.
    test.radio(key="youth_grade").set_value("ak9").run()
    assert "svar av 147 elever" in texts(test)
    english = app(PAGE, youth_area="0187", youth_grade="gy2", youth_year="2024", lang="en")
    assert (
        "Upper secondary pupils largely study in other municipalities and Skolverket counts "
        "pupils where the school is, so no response rate can be given."
    ) in texts(english)


def test_no_gy2_pupils_in_an_imported_gymnasium_file(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gymnasium file is imported; Täby's school reports no gy 2 ('.') and Danderyd has no
    school in it: the page says so, not that Skolverket's numbers are missing."""
    copy = with_skolverket_file(built_db, tmp_path, skolverket_fixtures.gymnasium_lines())
    monkeypatch.setenv("TRYGG_DB", str(copy))
    for area in ("0160", "0162"):
        test = app(PAGE, youth_area=area, youth_grade="gy2", youth_year="2024")
        assert not test.exception, [e.value for e in test.exception]
        shown = texts(test)
        assert "finns inte i databasen" not in shown
        assert (
            "Enligt Skolverket har kommunens skolor inga elever i Gymnasiet år 2 läsåret "
            "2023/24 (elever räknas där skolan ligger), så ingen svarsfrekvens kan anges."
        ) in shown


def test_more_ak9_answers_than_pupils_is_no_rate(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Åk 9 of 2021/22 from a file with invented values (Vaxholm 20 + 5 pupils): the 2022
    wave has more answers than that, so the page quotes both counts and prints no rate."""
    rows = list(skolverket_fixtures.ROWS)
    rows[0] = rows[0].replace(";118;122;120;", ";118;122;20;")
    rows[1] = rows[1].replace(";31;29;30;", ";31;29;5;")
    preamble = [*skolverket_fixtures.PREAMBLE]
    preamble[3] = "Valt läsår: 2021/22"
    copy = with_skolverket_file(
        built_db, tmp_path, skolverket_fixtures.lines(rows, preamble=preamble)
    )
    monkeypatch.setenv("TRYGG_DB", str(copy))
    answers = answer_count(copy, 2022, "0187", "ak9")
    assert answers > 25
    test = app(PAGE, youth_area="0187", youth_grade="ak9", youth_year="2022")
    assert not test.exception, [e.value for e in test.exception]
    shown = texts(test)
    assert "Svarsfrekvens Åk 9 2022" not in shown
    assert not re.search(r"\(\d+ %\)", shown), shown
    assert (
        f"Åk 9 2022: {answers} svar från elever som bor i kommunen (Exempeldata: "
        "Stockholmsenkäten) men 25 elever i kommunens skolor läsåret 2021/22 (Skolverket "
        "elevstatistik). Fler svar än elever"
    ) in shown
