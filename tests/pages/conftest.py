"""Page tests run each script through Streamlit's AppTest against the session's built db."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "pages").glob("*.py"))
# First runs build caches and import heavy modules; later runs are fast.
TIMEOUT_SECONDS = 60


@pytest.fixture(autouse=True)
def use_built_database(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRYGG_DB", str(built_db))


def app(script: str, *, lang: str | None = None, **query: str) -> AppTest:
    """An AppTest of `script` with optional language and URL parameters, already run."""
    test = AppTest.from_file(str(ROOT / script), default_timeout=TIMEOUT_SECONDS)
    if lang:
        test.session_state["lang"] = lang
    for name, value in query.items():
        test.query_params[name] = value
    return test.run()


def texts(test: AppTest) -> str:
    """Everything the user reads as text: markdown, captions, titles, alerts, metrics."""
    parts = [element.value for element in test.markdown]
    parts += [element.value for element in test.caption]
    parts += [element.value for element in test.title]
    parts += [element.value for element in test.subheader]
    parts += [element.value for element in test.warning]
    parts += [element.value for element in test.info]
    parts += [f"{m.label} {m.value} {m.delta}" for m in test.metric]
    # A backslash escaping punctuation in markdown (ui.format.markdown_text) is not shown.
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(str(part) for part in parts))


def table(test: AppTest, column: str):
    """The one data table on screen that has `column` (tables are not widgets: no key)."""
    matches = [frame.value for frame in test.dataframe if column in frame.value.columns]
    assert len(matches) == 1, f"{len(matches)} tables with column {column!r}"
    return matches[0]


_NUMBER = re.compile(r"^[−-]?\d{1,3}(?:[\u00a0 ,]\d{3})*(?:[.,]\d+)?$|^[−-]?\d+(?:[.,]\d+)?$")


YEAR_COLUMNS = {"År", "Year"}


def numbers(frame, lang: str = "sv"):
    """A table as the user reads it (format.table_text: '1 234,5' in sv, '1,234.5' in en,
    '..') read back as numbers: every column whose filled cells are all numbers in that
    format or '..' becomes float ('..' and '' as NaN); other columns stay text."""
    result = frame.copy()
    for column in result.columns:
        values = result[column]
        # Years stay as the table writes them ("2024").
        if str(column) in YEAR_COLUMNS:
            continue
        if values.dtype != object and not str(values.dtype).startswith("str"):
            continue
        text = values.fillna("").astype(str).str.strip()
        filled = text[(text != "") & (text != "..")]
        if filled.empty or not filled.map(lambda v: bool(_NUMBER.match(v))).all():
            continue
        plain = text.str.replace("\u00a0", "").str.replace(" ", "").str.replace("−", "-")
        plain = plain.str.replace(",", "") if lang == "en" else plain.str.replace(",", ".")
        result[column] = plain.replace({"": None, "..": None}).astype(float)
    return result
