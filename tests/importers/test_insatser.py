"""Insatser importer: the list of actions (CSV and Excel, Swedish and English headers), list
cells and "alla", status rules, personal data removed, broken files that fail naming line and
column and leave the database unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from data.example_est import ACTIONS_FILE_NAME, write_est_example_files
from data.importers import import_file
from data.importers.common import ImportFailed
from tests.conftest import file_digest, query_rows

HEADER = "id;titel;medborgarlöfte;ansvariga;områden;kategorier;start;slut;status;uppföljning"
ROW = (
    "I-1;Patrull vid hamnen;Tryggare hamn;Polisen | Trygghetssamordnare;Vaxön;"
    "Ordningsstörning | Alkohol;2025-05-02;;pågår;Varje fredag"
)
# A second action: names in list cells separated by "," and ";" ("alla" = every area).
UNQUOTED_ROW = (
    "I-2;Föräldramöten;Mot langning;Kommunen, Skola;alla;Alkohol; Narkotika;2025-03-03;"
    "2025-06-30;genomförd;"
)
ALL_AREAS = [
    "vaxon",
    "rindo",
    "resaro",
    "kullo",
    "bogesundslandet",
    "skarpo",
    "tynningo",
    "ovriga_oar",
]


def write(path: Path, lines: list[str], *, encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def actions(db_path: Path) -> list[tuple]:
    return query_rows(
        db_path,
        "SELECT action_id, title, promise, responsible, areas, targets_all_areas, categories, "
        "start_date, end_date, status, follow_up, was_redacted, source_id, is_example "
        "FROM est_actions ORDER BY action_id",
    )


def test_swedish_list_imports_with_lists_and_all(fresh_db: Path, tmp_path: Path) -> None:
    source = write(
        tmp_path / "insatser.csv",
        [
            HEADER,
            ROW,
            UNQUOTED_ROW,
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "insatser", source)
    # A ';' inside a ';'-separated cell needs quotes; unquoted it splits the row.
    assert failure.value.line == 3
    assert "raden har 11 fält men rubriken har 10" in str(failure.value)
    write(
        source,
        [
            HEADER,
            ROW,
            UNQUOTED_ROW.replace("Alkohol; Narkotika", '"Alkohol; Narkotika"'),
        ],
    )
    result = import_file(fresh_db, "insatser", source)
    assert (result.rows, result.file_format) == (2, "insatser-csv (utf-8, ';')")
    assert actions(fresh_db) == [
        (
            "I-1",
            "Patrull vid hamnen",
            "Tryggare hamn",
            ["polisen", "kommunen_trygghet"],
            ["vaxon"],
            False,
            ["ordningsstorning", "alkohol"],
            dt.date(2025, 5, 2),
            None,
            "pågår",
            "Varje fredag",
            False,
            "insatser",
            False,
        ),
        (
            "I-2",
            "Föräldramöten",
            "Mot langning",
            ["kommunen", "skola"],
            ALL_AREAS,
            True,
            ["alkohol", "narkotika"],
            dt.date(2025, 3, 3),
            dt.date(2025, 6, 30),
            "genomförd",
            None,
            False,
            "insatser",
            False,
        ),
    ]


def test_english_excel_list(fresh_db: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "id",
            "title",
            "promise",
            "responsible",
            "areas",
            "categories",
            "start",
            "end",
            "status",
            "follow_up",
        ]
    )
    sheet.append(
        [
            "E-1",
            "Lighting",
            "Safer places",
            "Municipality – streets and parks",
            "Rindö",
            "Graffiti | Unsafe place",
            dt.date(2024, 10, 1),
            dt.date(2024, 12, 20),
            "followed up",
            "Done",
        ]
    )
    path = tmp_path / "actions.xlsx"
    workbook.save(path)
    result = import_file(fresh_db, "insatser", path)
    assert result.file_format == "insatser-xlsx"
    ((action_id, _, _, responsible, areas, _, categories, start, end, status, *_),) = actions(
        fresh_db
    )
    assert (action_id, responsible, areas, categories) == (
        "E-1",
        ["kommunen_gata_park"],
        ["rindo"],
        ["klotter", "otrygg_plats"],
    )
    assert (start, end, status) == (dt.date(2024, 10, 1), dt.date(2024, 12, 20), "uppföljd")


def test_personal_data_in_follow_up_text_is_redacted(fresh_db: Path, tmp_path: Path) -> None:
    row = ROW.replace("Varje fredag", "Kontakt: 070-174 06 42 eller nils@example.se")
    result = import_file(fresh_db, "insatser", write(tmp_path / "pii.csv", [HEADER, row]))
    ((*_, follow_up, redacted, _, _),) = actions(fresh_db)
    assert follow_up == "Kontakt: [telefonnummer borttaget] eller [e-postadress borttagen]"
    assert redacted is True
    assert result.notes and "rad 2" in result.notes[0]


def test_the_bundled_example_list_imports(fresh_db: Path, tmp_path: Path) -> None:
    files = write_est_example_files(tmp_path)
    assert files.actions.name == ACTIONS_FILE_NAME
    result = import_file(fresh_db, "insatser", files.actions, example=True)
    assert result.rows == 7
    statuses = query_rows(
        fresh_db, "SELECT status, count(*) FROM est_actions GROUP BY ALL ORDER BY 1"
    )
    assert statuses == [("genomförd", 2), ("planerad", 1), ("pågår", 2), ("uppföljd", 2)]
    assert query_rows(fresh_db, "SELECT DISTINCT source_id, is_example FROM est_actions") == [
        ("insatser_example", True)
    ]


BROKEN = [
    ("unknown_area", ROW.replace(";Vaxön;", ";Atlantis;"), "områden", "okänd område 'Atlantis'"),
    ("unknown_category", ROW.replace("Alkohol", "Spöken"), "kategorier", "okänd kategori"),
    ("unknown_org", ROW.replace("Polisen", "NASA"), "ansvariga", "okänd organisation 'NASA'"),
    ("no_areas", ROW.replace(";Vaxön;", ";;"), "områden", "område saknas"),
    ("bad_start", ROW.replace("2025-05-02", "2 maj"), "start", "inget datum"),
    ("end_before_start", ROW.replace(";;pågår", ";2025-01-01;pågår"), "slut", "före startdatum"),
    ("ended_without_end", ROW.replace(";;pågår", ";;genomförd"), "slut", "behöver ett slutdatum"),
    ("bad_status", ROW.replace("pågår", "kanske"), "status", "planerad, pågår, genomförd"),
    ("no_title", ROW.replace("Patrull vid hamnen", ""), "titel", "titel saknas"),
]


@pytest.mark.parametrize(("name", "row", "column", "message"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_list_fails_naming_line_and_column_and_changes_nothing(
    fresh_db: Path, tmp_path: Path, name: str, row: str, column: str, message: str
) -> None:
    import_file(fresh_db, "insatser", write(tmp_path / "first.csv", [HEADER, ROW]))
    digest = file_digest(fresh_db)
    good = ROW.replace("I-1", "I-0")
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "insatser", write(tmp_path / f"{name}.csv", [HEADER, good, row]))
    assert (failure.value.line, failure.value.column) == (3, column)
    assert message in str(failure.value)
    assert str(failure.value).startswith(f"{name}.csv, rad 3, kolumn '{column}'")
    assert file_digest(fresh_db) == digest


def test_duplicate_id_names_the_first_line(fresh_db: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failure:
        import_file(fresh_db, "insatser", write(tmp_path / "dup.csv", [HEADER, ROW, ROW]))
    assert (failure.value.line, failure.value.column) == (3, "id")
    assert "finns redan på rad 2" in str(failure.value)
