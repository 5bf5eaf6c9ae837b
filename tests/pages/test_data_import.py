"""Import page: only coordinators get it; a broken file shows the error with line and column and
changes nothing; a good file shows what will be stored (personal data already removed), imports
all or nothing, and the Lägesbild picks the new reports up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import file_digest, query_rows
from tests.pages.conftest import texts
from tests.pages.coordinator import page, password_secrets, sign_in

PAGE = "pages/data_import.py"
HEADER = "id;datum;tid;område;plats;kategori;organisation;allvarlighet;beskrivning"
NEW_REPORT = "NY-1;2026-11-20;21:40;Vaxön;Hamnen;Klotter;Polisen;1;Ring 070-174 06 42"


@pytest.fixture
def private_db(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built database for this test to write to."""
    copy = tmp_path / "trygg.duckdb"
    shutil.copyfile(built_db, copy)
    monkeypatch.setenv("TRYGG_DB", str(copy))
    return copy


def upload(test, name: str, text: str):
    test.file_uploader(key="import_file").upload(name, text.encode("utf-8"), "text/csv")
    return test.run()


def test_the_public_gets_no_import(private_db: Path) -> None:
    test = page(PAGE)
    assert "Import av filer visas bara för inloggade samordnare" in texts(test)
    assert not test.get("file_uploader")
    with_secrets = page(PAGE, secrets=password_secrets())
    assert not with_secrets.get("file_uploader")


def test_a_broken_file_shows_line_and_column_and_changes_nothing(private_db: Path) -> None:
    digest = file_digest(private_db)
    test = sign_in(page(PAGE, secrets=password_secrets()))
    test = upload(test, "trasig.csv", f"{HEADER}\n{NEW_REPORT.replace('Vaxön', 'Atlantis')}\n")
    (error,) = test.error
    assert error.value == (
        "Filen kan inte importeras: trasig.csv, rad 2, kolumn 'område': okänt område 'Atlantis'"
    )
    assert not [button for button in test.button if button.key == "import_run"]
    assert file_digest(private_db) == digest


def test_a_good_file_is_checked_imported_and_shown(private_db: Path) -> None:
    test = sign_in(page(PAGE, secrets=password_secrets()))
    test.radio(key="import_kind").set_value("est").run()
    test = upload(test, "veckans_rapporter.csv", f"{HEADER}\n{NEW_REPORT}\n")
    successes = " ".join(message.value for message in test.success)
    assert "Filen är giltig. Rader som kan importeras: 1." in successes
    assert "personuppgifter (telefonnummer) togs bort ur fritexten på 1 rad: rad 2" in texts(test)
    preview = test.dataframe[0].value
    assert preview["Beskrivning"].tolist() == ["Ring [telefonnummer borttaget]"]
    assert query_rows(
        private_db, "SELECT count(*) FROM est_incidents WHERE incident_id = 'NY-1'"
    ) == [(0,)]

    test.button(key="import_run").click().run()
    # Issue 12: the UI's words and plural rule, not the reader's "est-csv (utf-8, ';')".
    done = " ".join(message.value for message in test.success)
    assert "veckans_rapporter.csv: 1 rad importerad (import nr " in done
    assert "utf-8" not in done and "est-csv" not in done
    assert query_rows(
        private_db, "SELECT description FROM est_incidents WHERE incident_id = 'NY-1'"
    ) == [("Ring [telefonnummer borttaget]",)]
    situation = page("pages/situation.py")
    assert "**v. 47 2026 (16–22 nov.)**: 34 rapporter" in texts(situation)

    again = upload(
        sign_in(page(PAGE, secrets=password_secrets())),
        "veckans_rapporter.csv",
        f"{HEADER}\n{NEW_REPORT}\n",
    )
    assert "redan importerad" in texts(again)


def test_a_corrected_file_names_what_it_replaced_and_the_first_file_restores(
    private_db: Path,
) -> None:
    """Issue 14.11: the summary names the rows a file replaced; uploading the earlier file again
    restores its rows (not "redan importerad" while they are gone)."""
    first_text = f"{HEADER}\n{NEW_REPORT}\n"
    corrected_text = f"{HEADER}\n{NEW_REPORT.replace(';1;Ring', ';3;Ring')}\n"

    def import_one(name: str, text: str):
        test = upload(sign_in(page(PAGE, secrets=password_secrets())), name, text)
        test.button(key="import_run").click().run()
        return test

    first = import_one("forsta.csv", first_text)
    (first_id,) = query_rows(
        private_db, "SELECT import_id FROM imports WHERE file_name = 'forsta.csv'"
    )[0]
    corrected = import_one("rattad.csv", corrected_text)
    assert f"Ersatte 1 rad från import nr {first_id} (forsta.csv)." in [
        message.value for message in corrected.info
    ]
    assert query_rows(
        private_db, "SELECT severity FROM est_incidents WHERE incident_id = 'NY-1'"
    ) == [(3,)]

    check = upload(sign_in(page(PAGE, secrets=password_secrets())), "forsta.csv", first_text)
    assert "redan importerad" not in texts(check)
    check.button(key="import_run").click().run()
    done = " ".join(message.value for message in check.success)
    assert f"forsta.csv: 1 rad återställd (import nr {first_id})." in done
    assert query_rows(
        private_db, "SELECT severity, import_id FROM est_incidents WHERE incident_id = 'NY-1'"
    ) == [(1, first_id)]
    assert first.exception == [] and corrected.exception == []


@pytest.mark.parametrize(
    ("lang", "year", "week", "description", "redacted", "yes"),
    [
        ("sv", "År (ISO-vecka)", "Vecka", "Beskrivning", "Personuppgifter borttagna", "ja"),
        ("en", "Year (ISO week)", "Week", "Description", "Personal data removed", "yes"),
    ],
)
def test_the_preview_is_in_the_ui_language(
    private_db: Path,
    lang: str,
    year: str,
    week: str,
    description: str,
    redacted: str,
    yes: str,
) -> None:
    """Issue 12: the preview of a checked file showed the stored column names (incident_id,
    iso_year, was_redacted), True/False and years as numbers; it reads as the other tables."""
    test = sign_in(page(PAGE, secrets=password_secrets(), lang=lang))
    test.radio(key="import_kind").set_value("est").run()
    test = upload(test, "veckans_rapporter.csv", f"{HEADER}\n{NEW_REPORT}\n")
    preview = test.dataframe[0].value
    assert preview[year].tolist() == ["2026"]
    assert preview[week].tolist() == ["47"]
    assert preview[redacted].tolist() == [yes]
    assert preview[description].str.startswith("Ring [").all()
    assert not {"incident_id", "iso_year", "was_redacted", "source_id"} & set(preview.columns)
