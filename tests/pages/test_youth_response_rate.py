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


def test_gy2_response_rate_from_a_gymnasium_file(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skolverket's gymnasium file (a fixture with invented values: Vaxholm gy 2 = 86 pupils)
    gives the gy 2 wave its rate."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    lines = skolverket_fixtures.gymnasium_lines()
    import_file(copy, "skolverket", skolverket_fixtures.write(tmp_path / "gy.csv", lines))
    monkeypatch.setenv("TRYGG_DB", str(copy))
    test = app(PAGE, youth_area="0187", youth_grade="gy2", youth_year="2024")
    assert not test.exception, [e.value for e in test.exception]
    (answers,) = query_rows(
        copy,
        "SELECT count(*) FROM stockholmsenkaten_pupils "
        "WHERE year = 2024 AND municipality_code = '0187' AND grade = 'gy2'",
    )[0]
    shown = texts(test)
    match = re.search(
        r"Svarsfrekvens Gymnasiet år 2 2024: (\S+) svar av (\S+) elever i kommunens", shown
    )
    assert match, shown
    assert match.group(1).replace(NBSP, "") == str(answers)
    assert match.group(2) == "86"
    assert f"läsåret 2023/24 enligt Skolverket ({100 * answers / 86:.0f} %)" in shown
    # Åk 9 keeps the real grundskola file's count.
    test.radio(key="youth_grade").set_value("ak9").run()
    assert "svar av 147 elever" in texts(test)
