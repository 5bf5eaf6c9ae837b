"""Every page and the entry script run without an exception, in Swedish and English."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import PAGES, ROOT, TIMEOUT_SECONDS, app


@pytest.mark.parametrize("script", ["dashboard.py", *PAGES])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_runs_without_errors(script: str, lang: str) -> None:
    test = app(script, lang=lang)
    assert not test.exception, [e.value for e in test.exception]
    assert not test.error, [e.value for e in test.error]
    assert test.title, "every page has a title"


def test_pages_folder_holds_the_pages() -> None:
    assert PAGES == [
        "pages/actions.py",
        "pages/crime_trends.py",
        "pages/data_import.py",
        "pages/data_sources.py",
        "pages/overview.py",
        "pages/safety.py",
        "pages/situation.py",
        "pages/youth.py",
    ]


def test_dashboard_offers_both_languages_and_follows_the_choice() -> None:
    test = app("dashboard.py")
    selector = test.selectbox(key="lang")
    assert selector.value == "sv"
    assert selector.options == ["Svenska", "English"]
    assert test.title[0].value == "Trygg i Vaxholm"
    assert test.query_params["lang"] == "sv"
    # AppTest reruns a st.navigation app on its last page only (the entry script's sidebar is
    # not rebuilt), so the choice is made as a returning visitor's session holds it.
    english = app("dashboard.py", lang="en")
    assert english.selectbox(key="lang").value == "en"
    assert english.title[0].value == "Safe in Vaxholm"
    assert english.query_params["lang"] == "en"


def test_language_from_a_shared_url() -> None:
    test = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT_SECONDS)
    test.query_params["lang"] = "en"
    test.run()
    assert test.title[0].value == "Safe in Vaxholm"


def test_first_start_builds_the_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh clone has no database file: the first page run builds it from the bundled files.
    missing = tmp_path / "new" / "trygg.duckdb"
    missing.parent.mkdir()
    monkeypatch.setenv("TRYGG_DB", str(missing))
    test = AppTest.from_file(str(ROOT / "pages/crime_trends.py"), default_timeout=120).run()
    assert not test.exception, [e.value for e in test.exception]
    assert missing.is_file()
    assert "Vaxholm 2023: 1\u00a0167,8" in "\n".join(m.value for m in test.markdown)
