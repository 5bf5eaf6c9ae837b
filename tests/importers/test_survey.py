"""Survey importer: result tables (Swedish and English headers), the real published-figures
file, skipped rows said aloud, and broken files that fail naming line and column and change
nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from data.build import PUBLISHED_FIGURES_FILE
from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows

MAIN = Path(__file__).resolve().parents[2]
# The web pages of the real published points (data/real/vaxholm_published_figures.csv).
PAGES = {
    "vaxholm_2020": "https://www.vaxholm.se/flernyheter/nyhetsarkiv/"
    "positivaresultatipolisenstrygghetsmatning.5.786ce91e174afae6cb152ac.html",
    "polisen_2021": "https://polisen.se/aktuellt/nyheter/2021/oktober/"
    "trygghetsmatning-2021--resultat-for-lokalpolisomrade-sodra-roslagen/",
    "vaxholm_2023": "https://www.vaxholm.se/allanyheter/nyhetsarkiv/"
    "vaxholmtryggastilanet.5.7d3ae8fa18a831ee7055f31f.html",
    "vallentuna_2023": "https://www.vallentuna.se/kommun-och-politik/"
    "service-och-kvalitetsarbete/medborgarundersokning/polisens-trygghetsmatning/",
}
BOM = b"\xef\xbb\xbf"
SV_HEADER = "undersökning;indikator;område;år;grupp;andel;n;ki_nedre;ki_övre;poolade_år;seriebrott"
EN_HEADER = "survey,indicator,area,year,group,share,n,ci_lower,ci_upper"
PUBLISHED_HEADER = (
    "source_id,source_url,publisher,published,statistic,indicator,area,year,group,value,unit,note"
)
POLICE = "Polisens trygghetsmätning (region Stockholm)"
URL = "https://www.vaxholm.se/exempel"
GOOD_SV_ROWS = [
    "trygghetsmatning;survey_trygg_kvall;Vaxholm;2023;alla;90,0;538;;;;",
    "Polisens trygghetsmätning;survey_trygg_kvall;vaxholms stad;2022;16-29;82,5;61;;;;nej",
    "ntu;survey_ntu_otrygg_kvall;Riket;2018;alla;29,1;74000;28,6;29,6;2;ja",
]


def write(
    folder: Path,
    name: str,
    lines: list[str],
    *,
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    path = folder / name
    path.write_bytes((BOM if bom else b"") + ("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def survey_rows(db: Path) -> list[tuple]:
    return query_rows(
        db,
        "SELECT survey, indicator_id, area, year, respondent_group, share, n, ci_lower, "
        "ci_upper, pooled_years, series_break, source_id, is_example FROM survey_results "
        "ORDER BY survey, indicator_id, area, year, respondent_group",
    )


# --- result tables ---------------------------------------------------------------------------


def test_swedish_result_table_with_bom_and_decimal_comma(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "resultat.csv", [SV_HEADER, *GOOD_SV_ROWS], bom=True)
    result = import_file(fresh_db, "survey", path)
    assert result.rows == 3
    assert result.file_format == "survey-resultattabell (utf-8, ';')"
    assert result.notes == ()
    assert survey_rows(fresh_db) == [
        ("ntu", "survey_ntu_otrygg_kvall", "Riket", 2018, "alla", 29.1, 74000, 28.6, 29.6, 2, True,
         "survey", False),
        ("trygghetsmatning", "survey_trygg_kvall", "Vaxholm", 2022, "16–29 år", 82.5, 61, None,
         None, 1, False, "survey", False),
        ("trygghetsmatning", "survey_trygg_kvall", "Vaxholm", 2023, "alla", 90.0, 538, None,
         None, 1, False, "survey", False),
    ]  # fmt: skip
    assert query_rows(fresh_db, "SELECT kind, rows, source_id, is_example FROM imports") == [
        ("survey", 3, "survey", False)
    ]


def test_english_result_table_in_cp1252_without_optional_columns(
    fresh_db: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "results.csv",
        [
            EN_HEADER,
            'trygghetsmatning,survey_utsatt_stold,Rindö,2021,män,"7,5",40,,',
            "Medborgarundersökning,survey_lag_tillit,Vaxholm,2023,women,4.4,,,",
        ],
        encoding="cp1252",
    )
    result = import_file(fresh_db, "survey", path)
    assert result.file_format == "survey-resultattabell (cp1252, ',')"
    assert survey_rows(fresh_db) == [
        ("medborgarundersokning", "survey_lag_tillit", "Vaxholm", 2023, "kvinnor", 4.4, None,
         None, None, 1, False, "survey", False),
        ("trygghetsmatning", "survey_utsatt_stold", "Rindö", 2021, "män", 7.5, 40, None, None,
         1, False, "survey", False),
    ]  # fmt: skip


def test_example_flag_and_source(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "exempel.csv", [SV_HEADER, GOOD_SV_ROWS[0]])
    import_file(fresh_db, "survey", path, example=True)
    assert query_rows(fresh_db, "SELECT source_id, is_example FROM survey_results") == [
        ("survey_example", True)
    ]
    assert query_rows(fresh_db, "SELECT source_id, is_example FROM imports") == [
        ("survey_example", True)
    ]


def test_second_import_changes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "resultat.csv", [SV_HEADER, *GOOD_SV_ROWS])
    first = import_file(fresh_db, "survey", path)
    digest = file_digest(fresh_db)
    second = import_file(fresh_db, "survey", path)
    assert second.already_imported and second.import_id == first.import_id
    assert file_digest(fresh_db) == digest


def test_a_corrected_file_replaces_its_cells(fresh_db: Path, tmp_path: Path) -> None:
    import_file(fresh_db, "survey", write(tmp_path, "a.csv", [SV_HEADER, GOOD_SV_ROWS[0]]))
    corrected = GOOD_SV_ROWS[0].replace("90,0;538", "89,0;540")
    import_file(fresh_db, "survey", write(tmp_path, "b.csv", [SV_HEADER, corrected]))
    assert query_rows(fresh_db, "SELECT share, n, import_id FROM survey_results") == [
        (89.0, 540, 2)
    ]


# --- the real published figures ------------------------------------------------------------


def test_real_published_figures_file(fresh_db: Path) -> None:
    result = import_file(fresh_db, "survey", PUBLISHED_FIGURES_FILE)
    # 51 rows: 43 percentages, 1 without a year (S12), 7 counts, rates or persons.
    assert result.rows == 43
    assert result.file_format == "survey-publicerade-siffror (utf-8, ',')"
    skipped_units = (
        "hoppade över 7 rader vars enhet inte är procent (persons: rad 38, count: rad 46, "
        "per 100 000: rad 47, 48, 49, 50, 51)"
    )
    assert result.notes == (
        "hoppade över 1 rad utan år eller värde (rad 52: år 'unknown')",
        skipped_units,
    )
    assert query_rows(
        fresh_db,
        "SELECT area, year, share, n, ci_lower, source_id, is_example, source_url "
        "FROM survey_results WHERE indicator_id = 'survey_trygg_kvall' "
        "AND respondent_group = 'alla' ORDER BY area, year",
    ) == [
        (area, year, share, None, None, "survey_published", False, PAGES[page])
        for area, year, share, page in [
            ("LPO Södra Roslagen", 2020, 73.0, "polisen_2021"),
            ("LPO Södra Roslagen", 2021, 75.0, "polisen_2021"),
            ("LPO Södra Roslagen", 2023, 80.0, "vaxholm_2023"),
            ("Polisregion Stockholm", 2020, 66.0, "vaxholm_2020"),
            ("Polisregion Stockholm", 2021, 68.0, "polisen_2021"),
            ("Polisregion Stockholm", 2023, 71.0, "vaxholm_2023"),
            ("Vallentuna", 2023, 80.0, "vallentuna_2023"),
            ("Vaxholm", 2020, 85.0, "vaxholm_2020"),
            ("Vaxholm", 2023, 90.0, "vaxholm_2023"),
        ]
    ]
    # Every survey of the file, and the groups as published ("alla 16-84" is the whole sample).
    assert query_rows(
        fresh_db, "SELECT survey, count(*) FROM survey_results GROUP BY ALL ORDER BY 1"
    ) == [("medborgarundersokning", 4), ("stockholmsenkaten_published", 22),
          ("trygghetsmatning", 17)]  # fmt: skip
    assert query_rows(
        fresh_db,
        "SELECT share, note FROM survey_results WHERE indicator_id = 'survey_ungdomar_stor' "
        "AND area = 'Vaxholm'",
    ) == [(19.0, "2 % say 'i stor utsträckning'; grupp i källan: alla 16-84")]
    assert query_rows(
        fresh_db,
        "SELECT share FROM survey_results WHERE indicator_id = 'survey_lag_tillit'",
    ) == [(4.4,)]
    assert query_rows(
        fresh_db,
        "SELECT respondent_group, share FROM survey_results "
        "WHERE indicator_id = 'survey_se_trygg_ute_sent' ORDER BY 1",
    ) == [("åk 9 flickor", 80.0), ("åk 9 pojkar", 90.0)]


def test_published_rows_without_year_value_or_percent_are_counted(
    fresh_db: Path, tmp_path: Path
) -> None:
    row = f"S4,{URL},Vaxholms stad,2020,{POLICE},Utsatt för stöld senaste 12 mån,Vaxholm"
    path = write(
        tmp_path,
        "publicerat.csv",
        [
            PUBLISHED_HEADER,
            f"{row},2020,alla,8,percent,",
            f"{row},year not shown,alla,9,percent,",
            f"{row},2021,alla,,percent,",
            f"{row},2021,alla,120,count,",
            f"{row},2022,alla,7,per 100 000,",
        ],
    )
    result = import_file(fresh_db, "survey", path)
    assert result.rows == 1
    assert result.notes == (
        "hoppade över 2 rader utan år eller värde (rad 3: år 'year not shown', rad 4: värde '')",
        "hoppade över 2 rader vars enhet inte är procent (count: rad 5, per 100 000: rad 6)",
    )
    assert "hoppade över 2 rader utan år eller värde" in result.summary()


def test_file_with_nothing_to_import_fails_and_says_why(fresh_db: Path, tmp_path: Path) -> None:
    row = f"S4,{URL},Vaxholms stad,2020,{POLICE},Inbjudna att delta (urval),Vaxholm,2023"
    path = write(tmp_path, "urval.csv", [PUBLISHED_HEADER, f"{row},alla,1000,persons,"])
    before = file_digest(fresh_db)
    with pytest.raises(ImportFailed, match="inga andelar att importera; hoppade över 1 rad"):
        import_file(fresh_db, "survey", path)
    assert file_digest(fresh_db) == before


# --- broken files: error names line and column, database unchanged -------------------------

SV_ROW = "trygghetsmatning;survey_trygg_kvall;Vaxholm;2023;alla;90,0;538;87,2;92,3;;"
PUBLISHED_ROW = f"S6,{URL},Vaxholms stad,2023,{POLICE},Mycket/ganska trygga under kvällstid"
BROKEN_RESULT_TABLES = [
    # (case, data line, expected line, expected column, message part)
    ("share over 100", SV_ROW.replace("90,0", "120"), 3, "andel", "ligger inte mellan 0 och 100"),
    ("share not a number", SV_ROW.replace("90,0", "nittio"), 3, "andel", "'nittio' är inget tal"),
    ("n zero", SV_ROW.replace(";538;", ";0;"), 3, "n", "minst 1"),
    ("n fractional", SV_ROW.replace(";538;", ";53,5;"), 3, "n", "inget antal"),
    ("lower above share", SV_ROW.replace("87,2", "91,0"), 3, "ki_nedre", "större än andelen"),
    ("upper below share", SV_ROW.replace("92,3", "89,5"), 3, "ki_övre", "mindre än andelen"),
    ("one limit only", SV_ROW.replace("92,3", ""), 3, "ki_övre", "både nedre och övre"),
    ("limit over 100", SV_ROW.replace("92,3", "101"), 3, "ki_övre", "mellan 0 och 100"),
    ("unknown survey", SV_ROW.replace("trygghetsmatning", "gallup"), 3, "undersökning",
     "okänd undersökning 'gallup'"),
    ("unknown indicator", SV_ROW.replace("survey_trygg_kvall", "trygg"), 3, "indikator",
     "okänd indikator 'trygg'"),
    ("unknown area", SV_ROW.replace("Vaxholm", "Göteborg"), 3, "område", "okänt område"),
    ("unknown group", SV_ROW.replace(";alla;", ";barn;"), 3, "grupp", "okänd grupp 'barn'"),
    ("bad year", SV_ROW.replace("2023", "20x3"), 3, "år", "'20x3' är inget årtal"),
    ("future year", SV_ROW.replace("2023", "2999"), 3, "år", "året 2999 är orimligt"),
    ("bad break flag", SV_ROW + "kanske", 3, "seriebrott", "ska vara ja eller nej"),
    ("too many pooled years", SV_ROW[:-1] + "7;", 3, "poolade_år", "poolade år ska vara 1–4"),
    ("duplicate cell", SV_ROW.replace("90,0", "91,0"), 3, "undersökning",
     "dubblett: trygghetsmatning survey_trygg_kvall Vaxholm 2023 alla finns redan på rad 2"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line_text", "line", "column", "message"),
    [case[1:] for case in BROKEN_RESULT_TABLES],
    ids=[case[0] for case in BROKEN_RESULT_TABLES],
)
def test_broken_result_table_fails_naming_line_and_column(
    fresh_db: Path, tmp_path: Path, line_text: str, line: int, column: str, message: str
) -> None:
    import_file(fresh_db, "survey", write(tmp_path, "ok.csv", [SV_HEADER, GOOD_SV_ROWS[1]]))
    before = file_digest(fresh_db)
    path = write(tmp_path, "trasig.csv", [SV_HEADER, SV_ROW, line_text])
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "survey", path)
    assert failure.value.line == line, str(failure.value)
    assert failure.value.column == column, str(failure.value)
    assert message in str(failure.value)
    assert str(failure.value).startswith(f"trasig.csv, rad {line}, kolumn '{column}': ")
    assert file_digest(fresh_db) == before


BROKEN_PUBLISHED = [
    ("value over 100", f"{PUBLISHED_ROW},Vaxholm,2023,alla,140,percent,", "value",
     "ligger inte mellan 0 och 100"),
    ("unknown wording", PUBLISHED_ROW.replace("under kvällstid", "i parken")
     + ",Vaxholm,2023,alla,90,percent,", "indicator", "okänd publicerad indikator"),
    ("no source url", PUBLISHED_ROW.replace(URL, "") + ",Vaxholm,2023,alla,90,percent,",
     "source_url", "källadress"),
    ("unknown area", f"{PUBLISHED_ROW},Atlantis,2023,alla,90,percent,", "area", "okänt område"),
    ("unknown group", f"{PUBLISHED_ROW},Vaxholm,2023,pensionärer,90,percent,", "group",
     "okänd grupp"),
    ("bad year", f"{PUBLISHED_ROW},Vaxholm,2O23,alla,90,percent,", "year", "inget årtal"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line_text", "column", "message"),
    [case[1:] for case in BROKEN_PUBLISHED],
    ids=[case[0] for case in BROKEN_PUBLISHED],
)
def test_broken_published_file_fails_naming_line_and_column(
    fresh_db: Path, tmp_path: Path, line_text: str, column: str, message: str
) -> None:
    before = file_digest(fresh_db)
    good = f"{PUBLISHED_ROW},Vaxholm,2022,alla,88,percent,"
    path = write(tmp_path, "publicerat.csv", [PUBLISHED_HEADER, good, line_text])
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "survey", path)
    assert (failure.value.line, failure.value.column) == (3, column), str(failure.value)
    assert message in str(failure.value)
    assert file_digest(fresh_db) == before


def test_duplicate_published_point_is_refused(fresh_db: Path, tmp_path: Path) -> None:
    point = f"{PUBLISHED_ROW},Vaxholm,2023,alla,90,percent,"
    other_wording = point.replace("Mycket/ganska trygga under kvällstid", "Trygga i sitt "
                                  "bostadsområde under sena kvällar")  # fmt: skip
    path = write(tmp_path, "publicerat.csv", [PUBLISHED_HEADER, point, other_wording])
    with pytest.raises(ImportFailed, match="dubblett: .* finns redan på rad 2") as failure:
        import_file(fresh_db, "survey", path)
    assert (failure.value.line, failure.value.column) == (3, "indicator")


def test_missing_column_is_named(fresh_db: Path, tmp_path: Path) -> None:
    header = SV_HEADER.replace(";andel", "")
    path = write(tmp_path, "utan_andel.csv", [header, SV_ROW.replace(";90,0", "")])
    with pytest.raises(ImportFailed, match="kolumnen 'andel' saknas i rubrikraden") as failure:
        import_file(fresh_db, "survey", path)
    assert failure.value.line == 1


def test_published_figures_are_never_example_data(fresh_db: Path) -> None:
    with pytest.raises(ImportFailed, match="verklig statistik"):
        import_file(fresh_db, "survey", PUBLISHED_FIGURES_FILE, example=True)


def test_year_option_is_refused(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "resultat.csv", [SV_HEADER, SV_ROW])
    with pytest.raises(ImportFailed, match="--year gäller bara Brås årsfiler"):
        import_file(fresh_db, "survey", path, year=2023)


# --- command line ----------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "data", *args],
        check=False,
        cwd=MAIN,
        env={**os.environ, "PYTHONPATH": str(MAIN)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_command_line_imports_and_refuses_with_one_line(fresh_db: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "resultat.csv", [SV_HEADER, SV_ROW])
    result = run_cli("import", "survey", str(good), "--db", str(fresh_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "resultat.csv: 1 rad importerad som survey (survey-resultattabell (utf-8, ';')), import 1\n"
    )
    before = file_digest(fresh_db)
    bad = write(tmp_path, "trasig.csv", [SV_HEADER, SV_ROW.replace("90,0", "190")])
    result = run_cli("import", "survey", str(bad), "--db", str(fresh_db))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("fel: trasig.csv, rad 2, kolumn 'andel': ")
    assert file_digest(fresh_db) == before
