"""Brå importer: the yearly CSV (both variants), the long format, upserts and broken files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows

MAIN = Path(__file__).resolve().parents[2]
BOM = b"\xef\xbb\xbf"
LONG_HEADER = "År;Period;Region_ID;Region;Brottstyp;Nivå;Antal;Per 100 000 inv.;Status"
STOLD_PATH = (
    "Totalt antal brott > Brott mot brottsbalken > 8–12 kap. Brott mot förmögenhet > "
    "Stöld- och tillgreppsbrott (8 kap.)"
)


def write(
    folder: Path,
    name: str,
    lines: list[str],
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\r\n",
) -> Path:
    """Write `lines` with exact bytes: encoding, optional UTF-8 BOM, line endings."""
    path = folder / name
    path.write_bytes((BOM if bom else b"") + (newline.join(lines) + newline).encode(encoding))
    return path


def crime_rows(db: Path) -> list[tuple]:
    return query_rows(
        db,
        "SELECT municipality_code, year, period, crime_code, count, rate_per_100k, mark, "
        "is_preliminary, source_id, is_example FROM crime_counts "
        "ORDER BY municipality_code, year, period, crime_code",
    )


# --- yearly CSV, current variant ----------------------------------------------------------


def test_yearly_current_variant(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "anmalda_brott_kommuner_2023.csv",
        [
            "Kommun;Antal;Per 100 000 inv.",
            "Hela landet;1 483 452;14 093,1",
            "Vaxholm;1 234;10 032,5",
            "Malung-Sälen;812;8 041,2",
            "Stockholm;151 000;15 337",
        ],
        bom=True,
    )
    result = import_file(fresh_db, "bra", path)
    assert not result.already_imported
    assert result.rows == 3
    assert result.file_format == "bra-årsfil (utf-8, ';')"
    assert result.notes == ("hoppade över 1 rad för Hela landet",)
    assert crime_rows(fresh_db) == [
        ("0180", 2023, "year", "totalt", 151000, 15337.0, None, False, "bra", False),
        ("0187", 2023, "year", "totalt", 1234, 10032.5, None, False, "bra", False),
        ("2023", 2023, "year", "totalt", 812, 8041.2, None, False, "bra", False),
    ]
    assert query_rows(
        fresh_db, "SELECT kind, file_name, rows, source_id, is_example FROM imports"
    ) == [("bra", "anmalda_brott_kommuner_2023.csv", 3, "bra", False)]


def test_yearly_year_option_wins_over_file_name(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "brott_2019.csv", ["Kommun;Antal;Per 100 000 inv.", "Vaxholm;5;40,1"])
    import_file(fresh_db, "bra", path, year=2021)
    assert query_rows(fresh_db, "SELECT year FROM crime_counts") == [(2021,)]


def test_yearly_marks(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "brott.csv",
        ["Kommun;Antal;Per 100 000 inv.", "Vaxholm;..;..", "Danderyd;-;-", "Täby;.;."],
    )
    import_file(fresh_db, "bra", path, year=2022)
    assert query_rows(
        fresh_db,
        "SELECT municipality_code, count, rate_per_100k, mark FROM crime_counts ORDER BY 1",
    ) == [("0160", None, None, "."), ("0162", 0, 0.0, "-"), ("0187", None, None, "..")]


# --- yearly CSV, 2021 variant ---------------------------------------------------------------


VARIANT_2021 = [
    "Arjeplogs kommun;101;3 521,2",
    "Hofors kommun;950;9 174,8",
    "Malung–Sälen kommun;812;8 041,2",
    "Vaxholms stad;1 100;9 001,5",
    "Stockholms kommun;150 000;15 200,0",
    "Rinkeby-Kista;12 000;25 000,0",
    "Stockholm Spånga–Tensta;5 000;12 000,0",
    "Södermalm stadsdelsområde;14 000;10 800,0",
    "Hägersten-Älvsjö;9 000;8 000,0",
    "Hela landet;1 483 452;14 093,1",
]
EXPECTED_2021 = [
    ("0180", 2021, "year", "totalt", 150000, 15200.0, None, False, "bra", False),
    ("0187", 2021, "year", "totalt", 1100, 9001.5, None, False, "bra", False),
    ("2023", 2021, "year", "totalt", 812, 8041.2, None, False, "bra", False),
    ("2104", 2021, "year", "totalt", 950, 9174.8, None, False, "bra", False),
    ("2506", 2021, "year", "totalt", 101, 3521.2, None, False, "bra", False),
]


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [("cp1252", False, "\r\n"), ("utf-8", True, "\n"), ("utf-8", False, "\r\n")],
)
def test_yearly_2021_variant(
    fresh_db: Path, tmp_path: Path, encoding: str, bom: bool, newline: str
) -> None:
    path = write(
        tmp_path, "kommuner_2021.csv", VARIANT_2021, encoding=encoding, bom=bom, newline=newline
    )
    result = import_file(fresh_db, "bra", path)
    assert result.file_format == f"bra-årsfil-2021 ({encoding}, ';')"
    assert result.notes == ("hoppade över 1 rad för Hela landet och 4 stadsdelar i Stockholm",)
    assert crime_rows(fresh_db) == EXPECTED_2021


# --- statistics-database long format -------------------------------------------------------


def test_long_format(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bra_lang.csv",
        [
            LONG_HEADER,
            (
                f"2023;Helår;8541;Vaxholms kommun;Stöld- och tillgreppsbrott (8 kap.);{STOLD_PATH};"
                "144;1 170,7;Slutlig"
            ),
            "2023;Kvartal 2;8541;Vaxholm;Stöld- och tillgreppsbrott (8 kap.);;40;325,2;slutlig",
            "2024;mars;8541;Vaxholm;totalt antal brott;;..;..;Preliminär",
            f"2024;Helår;;Riket;;{STOLD_PATH};311 500;2 929,2;preliminär",
            "2024;Helår;;Stockholms län;Klotter;;-;-;",
            "2024;Helår;;Region Stockholm;Cykelstöld;;.;.;Preliminär",
            "2024;Helår;;Hofors kommun;8—12 kap. BROTT MOT FÖRMÖGENHET;;17;181,9;Slutlig",
        ],
    )
    result = import_file(fresh_db, "bra", path)
    assert result.file_format == "bra-lång (utf-8, ';')"
    assert result.rows == 7
    assert crime_rows(fresh_db) == [
        ("0000", 2024, "year", "stold", 311500, 2929.2, None, True, "bra", False),
        ("0001", 2024, "year", "cykelstold", None, None, ".", True, "bra", False),
        ("0001", 2024, "year", "klotter", 0, 0.0, "-", False, "bra", False),
        ("0187", 2023, "Q2", "stold", 40, 325.2, None, False, "bra", False),
        ("0187", 2023, "year", "stold", 144, 1170.7, None, False, "bra", False),
        ("0187", 2024, "M03", "totalt", None, None, "..", True, "bra", False),
        ("2104", 2024, "year", "bb_formogenhet", 17, 181.9, None, False, "bra", False),
    ]


def test_long_format_comma_separated_without_optional_columns(
    fresh_db: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "bra.csv",
        [
            "År,Region,Brottstyp,Antal,Per 100 000 inv.",
            '2022,Vaxholm,Narkotikastrafflagen,31,"254,3"',
            "2022,Danderyd,Narkotikastrafflagen,80,241.0",
        ],
    )
    result = import_file(fresh_db, "bra", path)
    assert result.file_format == "bra-lång (utf-8, ',')"
    assert query_rows(
        fresh_db,
        "SELECT municipality_code, period, crime_code, count, rate_per_100k, "
        "is_preliminary FROM crime_counts ORDER BY 1",
    ) == [
        ("0162", "year", "narkotika", 80, 241.0, False),
        ("0187", "year", "narkotika", 31, 254.3, False),
    ]


def test_example_flag(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "exempel.csv",
        [
            LONG_HEADER,
            (
                "2023;Helår;8541;Vaxholm kommun;"
                "Totalt antal brott;Totalt antal brott;900;7 300,0;"
                "Slutlig"
            ),
        ],
    )
    result = import_file(fresh_db, "bra", path, example=True)
    assert result.rows == 1
    assert query_rows(fresh_db, "SELECT source_id, is_example FROM crime_counts") == [
        ("bra_example", True)
    ]
    assert query_rows(fresh_db, "SELECT source_id, is_example FROM imports") == [
        ("bra_example", True)
    ]


# --- idempotency and upserts ---------------------------------------------------------------


def test_second_import_changes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path, "brott_2023.csv", ["Kommun;Antal;Per 100 000 inv.", "Vaxholm;5;40,1"], bom=True
    )
    first = import_file(fresh_db, "bra", path)
    digest = file_digest(fresh_db)
    second = import_file(fresh_db, "bra", path)
    assert second.already_imported
    assert second.import_id == first.import_id
    assert second.summary() == (
        f"brott_2023.csv: redan importerad (import {first.import_id}), inget ändrat"
    )
    assert file_digest(fresh_db) == digest


def test_overlapping_file_replaces_rows(fresh_db: Path, tmp_path: Path) -> None:
    first = write(
        tmp_path,
        "a_2023.csv",
        ["Kommun;Antal;Per 100 000 inv.", "Vaxholm;100;800,0", "Danderyd;300;900,0"],
    )
    second = write(
        tmp_path,
        "b_2023.csv",
        ["Kommun;Antal;Per 100 000 inv.", "Vaxholm;120;960,0", "Täby;700;950,0"],
    )
    import_file(fresh_db, "bra", first)
    # Brå's counts are published values: a file that changes one says so and needs replace.
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed, match="ersätta 1 publicerat värde i crime_counts"):
        import_file(fresh_db, "bra", second)
    assert file_digest(fresh_db) == digest
    result = import_file(fresh_db, "bra", second, replace=True)
    assert query_rows(
        fresh_db,
        "SELECT municipality_code, count, rate_per_100k, import_id FROM crime_counts ORDER BY 1",
    ) == [
        ("0160", 700, 950.0, result.import_id),
        ("0162", 300, 900.0, result.import_id - 1),
        ("0187", 120, 960.0, result.import_id),
    ]


# --- broken files --------------------------------------------------------------------------

YEARLY = "Kommun;Antal;Per 100 000 inv."
BROKEN = {
    "unknown_municipality": (
        "brott_2023.csv",
        [YEARLY, "Vaxholm;5;40,1", "Vaxholmen;12;100,0"],
        {},
        "brott_2023.csv, rad 3, kolumn 'Kommun': okänd kommun 'Vaxholmen'",
    ),
    "unknown_municipality_2021": (
        "brott_2021.csv",
        ["Vaxholms kommun;5;40,1", "Atlantis kommun;1;2,0"],
        {},
        "brott_2021.csv, rad 2, kolumn 'Kommun': okänd kommun 'Atlantis kommun'",
    ),
    "negative_count": (
        "brott_2023.csv",
        [YEARLY, "Vaxholm;-5;40,1"],
        {},
        "brott_2023.csv, rad 2, kolumn 'Antal': '-5' är inget antal (heltal >= 0)",
    ),
    "bad_number": (
        "brott_2023.csv",
        [YEARLY, "Vaxholm;5;40,1", "Danderyd;12x;40,1"],
        {},
        "brott_2023.csv, rad 3, kolumn 'Antal': '12x' är inget tal",
    ),
    "negative_rate": (
        "brott_2023.csv",
        [YEARLY, "Vaxholm;5;-40,1"],
        {},
        "brott_2023.csv, rad 2, kolumn 'Per 100 000 inv.': '-40,1' är ingen takt (tal >= 0)",
    ),
    "empty_count": (
        "brott_2023.csv",
        [YEARLY, "Vaxholm;;40,1"],
        {},
        (
            "brott_2023.csv, rad 2, kolumn 'Antal': antal saknas (ange ett antal eller Brås tecken "
            ".., - eller .)"
        ),
    ),
    "duplicate_yearly": (
        "brott_2023.csv",
        [YEARLY, "Vaxholm;5;40,1", "Danderyd;5;40,1", "Vaxholms stad;5;40,1"],
        {},
        (
            "brott_2023.csv, rad 4, kolumn 'Kommun': dubblett: 'Vaxholms stad' (0187) finns "
            "redan på rad 2"
        ),
    ),
    "duplicate_long": (
        "lang.csv",
        [
            LONG_HEADER,
            "2023;Helår;8541;Vaxholm;Klotter;;3;24,4;",
            "2023;Helår;8541;Vaxholm;Cykelstöld;;3;24,4;",
            "2023;Helår;;Vaxholms kommun;KLOTTER;;4;32,5;Slutlig",
        ],
        {},
        "lang.csv, rad 4, kolumn 'Region': dubblett: 0187 2023 year KLOTTER finns redan på rad 2",
    ),
    "unknown_crime_type": (
        "lang.csv",
        [
            LONG_HEADER,
            "2023;Helår;8541;Vaxholm;Klotter;;3;24,4;",
            "2023;Helår;8541;Vaxholm;Fusk i kortspel;;3;24,4;",
        ],
        {},
        (
            "lang.csv, rad 3, kolumn 'Brottstyp': okänd brottstyp 'Fusk i kortspel': lägg till "
            "den i data/metadata/crime_types.csv"
        ),
    ),
    "bad_status": (
        "lang.csv",
        [LONG_HEADER, "2023;Helår;8541;Vaxholm;Klotter;;3;24,4;Reviderad"],
        {},
        "lang.csv, rad 2, kolumn 'Status': okänd status 'Reviderad' (Preliminär eller Slutlig)",
    ),
    "bad_period": (
        "lang.csv",
        [LONG_HEADER, "2023;Vecka 3;8541;Vaxholm;Klotter;;3;24,4;"],
        {},
        (
            "lang.csv, rad 2, kolumn 'Period': okänd period 'Vecka 3' (Helår, Kvartal 1-4 eller en "
            "månad)"
        ),
    ),
    "unknown_region": (
        "lang.csv",
        [LONG_HEADER, "2023;Helår;;Gondor;Klotter;;3;24,4;"],
        {},
        "lang.csv, rad 2, kolumn 'Region': okänd region 'Gondor'",
    ),
    "unknown_region_id": (
        "lang.csv",
        [LONG_HEADER, "2023;Helår;99999;Gondor;Klotter;;3;24,4;"],
        {},
        "lang.csv, rad 2, kolumn 'Region_ID': okänt Region_ID 99999 och okänd region 'Gondor'",
    ),
    "region_id_disagrees": (
        "lang.csv",
        [LONG_HEADER, "2023;Helår;8496;Vaxholm;Klotter;;3;24,4;"],
        {},
        "lang.csv, rad 2, kolumn 'Region_ID': Region_ID 8496 är 0162 men Region 'Vaxholm' är 0187",
    ),
    "year_out_of_range": (
        "lang.csv",
        [LONG_HEADER, "1890;Helår;8541;Vaxholm;Klotter;;3;24,4;"],
        {},
        "lang.csv, rad 2, kolumn 'År': året 1890 är orimligt",
    ),
    "missing_year": (
        "kommuner.csv",
        [YEARLY, "Vaxholm;5;40,1"],
        {},
        "kommuner.csv: året står varken i filen eller i filnamnet; ange året med --year ÅÅÅÅ",
    ),
    "two_years_in_name": (
        "kommuner_2020_2021.csv",
        [YEARLY, "Vaxholm;5;40,1"],
        {},
        "kommuner_2020_2021.csv: filnamnet nämner flera år (2020, 2021); ange året med --year ÅÅÅÅ",
    ),
    "header_only_yearly": (
        "brott_2023.csv",
        [YEARLY],
        {},
        "brott_2023.csv, rad 1: filen har en rubrikrad men inga datarader",
    ),
    "header_only_long": (
        "lang.csv",
        [LONG_HEADER],
        {},
        "lang.csv, rad 1: filen har en rubrikrad men inga datarader",
    ),
    "truncated_row": (
        "brott_2023.csv",
        [YEARLY, "Vaxholm;5;40,1", "Danderyd;5"],
        {},
        (
            "brott_2023.csv, rad 3, kolumn 'Per 100 000 inv.': raden har 2 fält men väntade 3 "
            "(Kommun;Antal;Per 100 000 inv.)"
        ),
    ),
    "truncated_row_2021": (
        "brott_2021.csv",
        ["Vaxholms kommun;5;40,1", "Danderyds kommun"],
        {},
        (
            "brott_2021.csv, rad 2, kolumn 'Antal': raden har 1 fält men väntade 3 "
            "(Kommun;Antal;Per 100 000 inv.)"
        ),
    ),
    "truncated_row_long": (
        "lang.csv",
        [LONG_HEADER, "2023;Helår;8541;Vaxholm;Klotter;;3"],
        {},
        (
            "lang.csv, rad 2, kolumn 'Per 100 000 inv.': raden har 7 fält men väntade 9 "
            f"({LONG_HEADER})"
        ),
    ),
    "unknown_format": (
        "brott_2023.csv",
        ["hej;hopp", "a;b"],
        {},
        (
            "brott_2023.csv, rad 1: okänt format: väntade rubriken 'Kommun;Antal;Per 100 000 inv.', "
            "Brås årsfil utan rubrik (namn;antal;per 100 000) eller statistikdatabasens kolumner "
            f"({LONG_HEADER})"
        ),
    ),
    "missing_column": (
        "lang.csv",
        ["År;Region;Brottstyp;Antal", "2023;Vaxholm;Klotter;3"],
        {},
        (
            "lang.csv, rad 1: kolumnen 'Per 100 000 inv.' saknas i rubrikraden (hittade: År, "
            "Region, Brottstyp, Antal)"
        ),
    ),
    "bad_year_option": (
        "brott.csv",
        [YEARLY, "Vaxholm;5;40,1"],
        {"year": 1800},
        "brott.csv: året 1800 (--year) är orimligt",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_names_line_and_column(fresh_db: Path, tmp_path: Path, case: str) -> None:
    name, lines, options, message = BROKEN[case]
    path = write(tmp_path, name, lines, bom=True)
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as error:
        import_file(fresh_db, "bra", path, **options)
    assert str(error.value) == message
    assert file_digest(fresh_db) == digest


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leer.csv: filen är tom"),
        (b"\r\n  \r\n", "leer.csv: filen är tom"),
        (
            "Kommun;Antal;Per 100 000 inv.\r\nVaxholm;5;40,1\r\n".encode("utf-16"),
            "leer.csv, rad 1: filen är UTF-16; spara den som UTF-8 eller cp1252",
        ),
        (
            b"Kommun;Antal\x00;x",
            (
                "leer.csv, rad 1, kolumn 'tecken 13': filen innehåller binära tecken (NUL) "
                "och är ingen textfil"
            ),
        ),
    ],
    ids=["empty", "blank", "utf16", "binary"],
)
def test_unreadable_files(fresh_db: Path, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "leer.csv"
    path.write_bytes(content)
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as error:
        import_file(fresh_db, "bra", path, year=2023)
    assert str(error.value) == message
    assert file_digest(fresh_db) == digest


# --- command line --------------------------------------------------------------------------


def test_command_line(fresh_db: Path, tmp_path: Path) -> None:
    good = write(
        tmp_path, "brott_2023.csv", [YEARLY, "Vaxholm;5;40,1", "Hela landet;9;1,0"], bom=True
    )
    done = subprocess.run(
        [sys.executable, "-m", "data", "import", "bra", str(good), "--db", str(fresh_db)],
        cwd=MAIN,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        (
            "brott_2023.csv: 1 rad importerad som bra (bra-årsfil (utf-8, ';')), "
            "import 1; hoppade över 1 rad för Hela landet"
        )
    ]
    bad = write(tmp_path, "fel.csv", [YEARLY, "Vaxholm;12x;40,1"])
    digest = file_digest(fresh_db)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "data",
            "import",
            "bra",
            str(bad),
            "--db",
            str(fresh_db),
            "--year",
            "2022",
        ],
        cwd=MAIN,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["fel: fel.csv, rad 2, kolumn 'Antal': '12x' är inget tal"]
    assert file_digest(fresh_db) == digest
