"""Population importer: SCB's PxWeb CSV, back-computation from Brå files, example data."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest

BOM = b"\xef\xbb\xbf"
TITLE = '"Folkmängd efter region och år"'


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


def population_rows(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT municipality_code, year, population, method, source_id, is_example "
            "FROM population ORDER BY municipality_code, year"
        ).fetchall()
    finally:
        con.close()


def import_log(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT kind, file_name, format, rows, source_id, is_example FROM imports "
            "ORDER BY import_id"
        ).fetchall()
    finally:
        con.close()


PXWEB = [
    TITLE,
    "",
    '"region","2022","2023"',
    '"0187 Vaxholm","12 167",12300',
    '"01 Stockholms län",2415139,2427800',
    '"00 Riket",10452326,10551707',
]


def test_pxweb_comma_quoted_with_title(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "BE0101N1_20240301.csv", PXWEB, bom=True)
    result = import_file(fresh_db, "population", path)
    assert result.rows == 6
    assert result.file_format == "scb-pxweb-csv (utf-8, ',')"
    assert result.notes == ()
    assert population_rows(fresh_db) == [
        ("0000", 2022, 10452326, "scb", "scb_population", False),
        ("0000", 2023, 10551707, "scb", "scb_population", False),
        ("0001", 2022, 2415139, "scb", "scb_population", False),
        ("0001", 2023, 2427800, "scb", "scb_population", False),
        ("0187", 2022, 12167, "scb", "scb_population", False),
        ("0187", 2023, 12300, "scb", "scb_population", False),
    ]
    assert import_log(fresh_db) == [
        (
            "population",
            "BE0101N1_20240301.csv",
            "scb-pxweb-csv (utf-8, ',')",
            6,
            "scb_population",
            False,
        )
    ]


def test_pxweb_semicolon_cp1252_with_missing_and_footnote(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "folkmangd.csv",
        [
            "region;Folkmängd 2021;Folkmängd 2022",
            "0187 Vaxholm;12 001;12 167",
            "2023 Malung-Sälen;..;9 901",
            "",
            "Fotnot: Uppgifterna avser den 31 december.",
        ],
        encoding="cp1252",
        newline="\n",
    )
    result = import_file(fresh_db, "population", path)
    assert result.file_format == "scb-pxweb-csv (cp1252, ';')"
    assert result.notes == (
        "hoppade över 1 värden som saknas ('..')",
        "hoppade över 1 rader med fotnoter efter tabellen",
    )
    assert [row[:3] for row in population_rows(fresh_db)] == [
        ("0187", 2021, 12001),
        ("0187", 2022, 12167),
        ("2023", 2022, 9901),
    ]


def test_example_flag(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "exempeldata_folkmangd.csv", PXWEB)
    result = import_file(fresh_db, "population", path, example=True)
    assert result.rows == 6
    assert {row[3:] for row in population_rows(fresh_db)} == {
        ("example", "population_example", True)
    }
    assert import_log(fresh_db)[0][4:] == ("population_example", True)


def test_back_computed_from_bra_yearly_file(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "anmalda_brott_2023.csv",
        [
            "Kommun;Antal;Per 100 000 inv.",
            "Hela landet;1 483 452;14 093,1",
            "Vaxholm;1 234;10 032,5",
            "Danderyd;0;0,0",
            "Täby;..;..",
            "Malung-Sälen;812;8 041,2",
        ],
        bom=True,
    )
    result = import_file(fresh_db, "population", path)
    assert result.file_format == "bra-årsfil (utf-8, ';') -> folkmängd bakåträknad"
    assert result.notes == (
        "hoppade över 1 rad för Hela landet",
        "hoppade över 2 kommuner utan takt per 100 000 (0 eller saknas)",
    )
    assert population_rows(fresh_db) == [
        ("0187", 2023, round(1234 * 100_000 / 10032.5), "bra_back_computed", "bra", False),
        ("2023", 2023, round(812 * 100_000 / 8041.2), "bra_back_computed", "bra", False),
    ]
    assert population_rows(fresh_db)[0][2] == 12300


def test_back_computed_from_bra_2021_variant(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "brott_kommuner.csv",
        [
            "Arjeplogs kommun;101;3 521,2",
            "Hofors kommun;950;9 174,8",
            "Rinkeby-Kista;1;1,0",
            "Malung–Sälen kommun;812;8 041,2",
            "Hela landet;1 483 452;14 093,1",
        ],
        encoding="cp1252",
    )
    result = import_file(fresh_db, "population", path, year=2021)
    assert result.notes == ("hoppade över 1 rad för Hela landet och 1 stadsdel i Stockholm",)
    assert [row[:4] for row in population_rows(fresh_db)] == [
        ("2023", 2021, 10098, "bra_back_computed"),
        ("2104", 2021, 10354, "bra_back_computed"),
        ("2506", 2021, 2868, "bra_back_computed"),
    ]


def test_second_import_changes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "folkmangd.csv", PXWEB, bom=True)
    first = import_file(fresh_db, "population", path)
    digest = file_digest(fresh_db)
    second = import_file(fresh_db, "population", path)
    assert second.already_imported
    assert second.import_id == first.import_id
    assert file_digest(fresh_db) == digest


def test_scb_file_replaces_example_rows(fresh_db: Path, tmp_path: Path) -> None:
    example = write(
        tmp_path,
        "exempel.csv",
        ["region,2022,2023", "0187 Vaxholm,12000,12100", "0186 Lidingö,48000,48100"],
    )
    real = write(tmp_path, "scb.csv", ["region,2023,2024", "0187 Vaxholm,12300,12400"])
    import_file(fresh_db, "population", example, example=True)
    import_file(fresh_db, "population", real)
    assert population_rows(fresh_db) == [
        ("0186", 2022, 48000, "example", "population_example", True),
        ("0186", 2023, 48100, "example", "population_example", True),
        ("0187", 2022, 12000, "example", "population_example", True),
        ("0187", 2023, 12300, "scb", "scb_population", False),
        ("0187", 2024, 12400, "scb", "scb_population", False),
    ]


HEADER = '"region","2022","2023"'
BROKEN = {
    "unknown_region_code": (
        "pop.csv",
        [TITLE, "", HEADER, '"0187 Vaxholm",1,2', '"9999 Atlantis",1,2'],
        {},
        "pop.csv, rad 5, kolumn 'region': okänd regionkod '9999' (9999 Atlantis)",
    ),
    "region_without_code": (
        "pop.csv",
        [HEADER, '"Vaxholm",1,2'],
        {},
        (
            "pop.csv, rad 2, kolumn 'region': 'Vaxholm' börjar inte med en regionkod "
            '("0187 Vaxholm")'
        ),
    ),
    "zero_population": (
        "pop.csv",
        [HEADER, '"0187 Vaxholm",0,2'],
        {},
        "pop.csv, rad 2, kolumn '2022': '0' är ingen folkmängd (positivt heltal)",
    ),
    "negative_population": (
        "pop.csv",
        [HEADER, '"0187 Vaxholm",12000,-2'],
        {},
        "pop.csv, rad 2, kolumn '2023': '-2' är ingen folkmängd (positivt heltal)",
    ),
    "fractional_population": (
        "pop.csv",
        [HEADER, '"0187 Vaxholm","12000,5",2'],
        {},
        "pop.csv, rad 2, kolumn '2022': '12000,5' är ingen folkmängd (positivt heltal)",
    ),
    "bad_number": (
        "pop.csv",
        [HEADER, '"0187 Vaxholm",12000,2', '"0186 Lidingö",12x,2'],
        {},
        "pop.csv, rad 3, kolumn '2022': '12x' är inget tal",
    ),
    "empty_value": (
        "pop.csv",
        [HEADER, '"0187 Vaxholm",,2'],
        {},
        "pop.csv, rad 2, kolumn '2022': folkmängd saknas",
    ),
    "duplicate_region": (
        "pop.csv",
        [HEADER, '"0187 Vaxholm",1,2', '"0186 Lidingö",1,2', '"0187 Vaxholm",1,2'],
        {},
        "pop.csv, rad 4, kolumn 'region': dubblett: regionen 0187 finns redan på rad 2",
    ),
    "duplicate_year_column": (
        "pop.csv",
        ['"region","2022","2022"', '"0187 Vaxholm",1,2'],
        {},
        "pop.csv, rad 1, kolumn '2022': året 2022 finns två gånger i rubriken",
    ),
    "bad_year_column": (
        "pop.csv",
        ['"region","2022","Summa"', '"0187 Vaxholm",1,2'],
        {},
        "pop.csv, rad 1, kolumn 'Summa': rubriken 'Summa' är inget år",
    ),
    "truncated_row": (
        "pop.csv",
        [TITLE, "", HEADER, '"0187 Vaxholm",1'],
        {},
        "pop.csv, rad 4, kolumn '2023': raden har 2 fält men rubriken har 3",
    ),
    "header_only": (
        "pop.csv",
        [TITLE, "", HEADER],
        {},
        "pop.csv, rad 3: filen har en rubrikrad men inga datarader",
    ),
    "bra_missing_year": (
        "brott.csv",
        ["Kommun;Antal;Per 100 000 inv.", "Vaxholm;5;40,1"],
        {},
        "brott.csv: året står varken i filen eller i filnamnet; ange året med --year ÅÅÅÅ",
    ),
    "bra_unknown_municipality": (
        "brott_2023.csv",
        ["Kommun;Antal;Per 100 000 inv.", "Vaxholmen;5;40,1"],
        {},
        "brott_2023.csv, rad 2, kolumn 'Kommun': okänd kommun 'Vaxholmen'",
    ),
    "bra_negative_count": (
        "brott_2023.csv",
        ["Kommun;Antal;Per 100 000 inv.", "Vaxholm;-5;40,1"],
        {},
        "brott_2023.csv, rad 2, kolumn 'Antal': '-5' är inget antal (heltal >= 0)",
    ),
    "bra_long_format": (
        "lang.csv",
        ["År;Region;Brottstyp;Antal;Per 100 000 inv.", "2023;Vaxholm;Klotter;3;2"],
        {},
        (
            "lang.csv, rad 1: okänt format för folkmängd: väntade SCB:s PxWeb-CSV (rubrik "
            '"region","2010",...) eller Brås årsfil per kommun'
        ),
    ),
    "unknown_format": (
        "pop.csv",
        ["Kommunkod;Folkmängd", "0187;12000"],
        {},
        (
            "pop.csv, rad 1: okänt format för folkmängd: väntade SCB:s PxWeb-CSV (rubrik "
            '"region","2010",...) eller Brås årsfil per kommun'
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_names_line_and_column(fresh_db: Path, tmp_path: Path, case: str) -> None:
    name, lines, options, message = BROKEN[case]
    path = write(tmp_path, name, lines, bom=True)
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as error:
        import_file(fresh_db, "population", path, **options)
    assert str(error.value) == message
    assert file_digest(fresh_db) == digest


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "pop.csv: filen är tom"),
        (
            f'{HEADER}\r\n"0187 Vaxholm",1,2\r\n'.encode("utf-16"),
            "pop.csv, rad 1: filen är UTF-16; spara den som UTF-8 eller cp1252",
        ),
    ],
    ids=["empty", "utf16"],
)
def test_unreadable_files(fresh_db: Path, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "pop.csv"
    path.write_bytes(content)
    digest = file_digest(fresh_db)
    with pytest.raises(ImportFailed) as error:
        import_file(fresh_db, "population", path)
    assert str(error.value) == message
    assert file_digest(fresh_db) == digest
