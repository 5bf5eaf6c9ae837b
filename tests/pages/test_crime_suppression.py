"""Small numbers on the crime pages: a Brå long-format file with counts 1–4 is imported into a
private copy of the built database, and every view of Brottsutveckling and Översikt is searched
for the hidden cells: the table, the summary text, the chart's data, the ranking (chart and
table) and the CSV, Excel (svenska) and zip downloads. A hidden count must read "<5" (or ".."
for the cell hidden to protect it), and neither it nor its rate may be found or worked out."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test as app_test_module

from data.importers import import_file
from tests.conftest import query_rows
from tests.pages.conftest import app, texts
from tests.pages.conftest import table as shown_table

CRIME = "pages/crime_trends.py"
OVERVIEW = "pages/overview.py"
VAXHOLM, EKERO, COUNTY = "0187", "0125", "0001"
SUPPRESSION_NOTE = "antal 1–4 visas som <5"
MARK_COLUMN = "Visas inte (<5 = antal 1–4, .. = kan räknas fram ur en summa)"


def _number(text: str) -> float:
    return float(
        text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    )


def table(test, column: str) -> pd.DataFrame:
    """The table on screen with `column`, read back as numbers where the page wrote a column of
    numbers in Swedish format ("1 234,5"); ".." (not shown) and "<5" stay as the user reads them."""
    frame = shown_table(test, column).copy()
    numeric = re.compile(r"^-?[\d\u00a0 ]+(,\d+)?$")
    for name in frame.columns:
        values = frame[name]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        texts_ = values.dropna().astype(str)
        if texts_.empty or not texts_.map(lambda v: v == ".." or bool(numeric.match(v))).all():
            continue
        if not texts_.ne("..").any():
            continue
        frame[name] = values.map(lambda v: v if pd.isna(v) or v == ".." else _number(v))
        if name == "År":
            frame[name] = frame[name].astype(int)
    return frame


def blank(values) -> bool:
    """Every value is not shown: empty or the symbol ".."."""
    frame = pd.DataFrame(values)
    return bool((frame.isna() | frame.eq("..")).all().all())


def visible_counts(ranked: pd.DataFrame, db: dict, year: int) -> float:
    """What an attacker works out from a ranking of rates: each shown rate x population."""
    codes = {name: code for code, name in db["names"].items()}
    rates = pd.to_numeric(ranked["Värde"], errors="coerce").dropna()
    return sum(
        round(rate * db["population"][(codes[name], year)] / 1e5) for name, rate in rates.items()
    )


@pytest.fixture(scope="module")
def small_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A copy of the built database with small counts imported (and what was hidden)."""
    folder = tmp_path_factory.mktemp("small")
    path = folder / "trygg.duckdb"
    shutil.copyfile(built_db, path)
    last = query_rows(path, "SELECT max(year) FROM crime_counts WHERE period = 'year'")[0][0]
    before = last - 1
    members = [
        code
        for (code,) in query_rows(
            path,
            "SELECT municipality_code FROM reference_group_members WHERE group_id = ?",
            ["stockholms_lan"],
        )
    ]
    names = dict(query_rows(path, "SELECT municipality_code, name FROM municipalities"))
    population = {
        (code, year): size
        for code, year, size in query_rows(
            path, "SELECT municipality_code, year, population FROM population"
        )
    }

    def counts(crime: str, year: int) -> dict[str, int]:
        return dict(
            query_rows(
                path,
                "SELECT municipality_code, count FROM crime_counts "
                "WHERE crime_code = ? AND year = ? AND period = 'year'",
                [crime, year],
            )
        )

    # Bicycle theft: Vaxholm 2 and 3 in the last two years, Ekerö 4 in the last; the county
    # row stays the sum of its municipalities, as in Brå's tables.
    small = {("cykelstold", VAXHOLM, before): 2, ("cykelstold", VAXHOLM, last): 3}
    small[("cykelstold", EKERO, last)] = 4
    small[("totalt", VAXHOLM, last)] = 4
    # The file holds each of the two types' whole series (the built example counts with the
    # small ones put in), as Brå publishes them: a type's published counts replace its example
    # counts as a whole (data.db.fetch_crime_series), never only some cells of them.
    years = [year for (year,) in query_rows(path, "SELECT DISTINCT year FROM crime_counts")]
    rows, tables = [], {}
    for crime, year in {(crime, year) for crime, _, _ in small for year in years}:
        values = counts(crime, year)
        values.update({code: n for (c, code, y), n in small.items() if (c, y) == (crime, year)})
        values[COUNTY] = sum(values[code] for code in members)
        tables[(crime, year)] = values
        for code, count in sorted(values.items()):
            if count is not None and (code, year) in population:
                rows.append((crime, code, year, count))
    crime_names = dict(query_rows(path, "SELECT crime_code, name_sv FROM crime_types"))
    lines = ["År;Period;Region;Brottstyp;Antal;Per 100 000 inv.;Status"]
    for crime, code, year, count in rows:
        region = "Stockholms län" if code == COUNTY else names[code]
        rate = f"{count / population[(code, year)] * 1e5:.1f}".replace(".", ",")
        lines.append(f"{year};Helår;{region};{crime_names[crime]};{count};{rate};Slutlig")
    file = folder / "bra_sma_tal.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(path, "bra", file)
    bikes_before = tables[("cykelstold", before)]
    others = {
        code: n for code, n in bikes_before.items() if code in members and code != VAXHOLM and n
    }
    smallest = min(others.values())
    return {
        "path": path,
        "last": last,
        "before": before,
        "small": small,
        "members": members,
        "names": names,
        "population": population,
        "tables": tables,
        # The cell hidden beside Vaxholm's 2 (the smallest other non-zero municipality).
        "secondary_candidates": [code for code, n in others.items() if n == smallest],
    }


class RecordingStorage(MemoryMediaFileStorage):
    """AppTest's media storage, remembered so a download's bytes can be read back."""

    instances: ClassVar[list[MemoryMediaFileStorage]] = []

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        RecordingStorage.instances.append(self)


class RecordingManager(MediaFileManager):
    """AppTest's media file manager, remembering each deferred download's callable (zip)."""

    callables: ClassVar[dict[str, Callable[[], bytes]]] = {}

    def add_deferred(self, data_callable, *args, **kwargs) -> str:
        file_id = super().add_deferred(data_callable, *args, **kwargs)
        RecordingManager.callables[file_id] = data_callable
        return file_id


@pytest.fixture
def download(small_db: dict, monkeypatch: pytest.MonkeyPatch) -> Callable[[object, str], bytes]:
    """read(test, key) -> the bytes of download button `key` (made now or when clicked)."""
    monkeypatch.setenv("TRYGG_DB", str(small_db["path"]))
    st.cache_data.clear()
    RecordingStorage.instances, RecordingManager.callables = [], {}
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingStorage)
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingManager)

    def read(test, key: str) -> bytes:
        (button,) = [b for b in test.get("download_button") if b.proto.id.endswith(f"-{key}")]
        if button.proto.deferred_file_id:
            return RecordingManager.callables[button.proto.deferred_file_id]()
        name = Path(button.proto.url).name
        for storage in reversed(RecordingStorage.instances):
            try:
                return storage.get_file(name).content
            except MediaFileStorageError:
                continue
        raise AssertionError(f"no download {key}")

    return read


def chart_rows(test, key: str) -> pd.DataFrame:
    """Every row chart `key` sends to the browser (all its datasets). Charts carry no key in
    AppTest, so the ranking is the bar chart and the trend chart the other one."""
    bars = key == "ranking_chart"
    (chart,) = [c for c in test.get("vega_lite_chart") if ('"type": "bar"' in c.proto.spec) == bars]
    frames = [pa.ipc.open_stream(data.data.data).read_pandas() for data in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True)


def downloads(test, read, key: str) -> dict[str, tuple[pd.DataFrame, str]]:
    """The CSV, the Excel (svenska) file and both files inside the zip: (frame, raw text)."""
    csv = read(test, f"{key}_csv").decode("utf-8")
    excel = read(test, f"{key}_excel").decode("utf-8-sig")
    result = {
        "csv": (pd.read_csv(io.StringIO(csv), comment="#", dtype=str), csv),
        "excel": (pd.read_csv(io.StringIO(excel), sep=";", comment="#", dtype=str), excel),
    }
    with zipfile.ZipFile(io.BytesIO(read(test, f"{key}_zip"))) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")
            if name.endswith("_excel_sv.csv"):
                frame = pd.read_csv(io.StringIO(text), sep=";", comment="#", dtype=str)
                result["zip_excel"] = (frame, text)
            elif name.endswith(".csv"):
                result["zip_csv"] = (pd.read_csv(io.StringIO(text), comment="#", dtype=str), text)
            else:
                result["readme"] = (pd.DataFrame(), text)
    return result


def swedish(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def secret_rates(db: dict, cells: list[tuple[str, str, int]]) -> list[float]:
    return [db["small"][cell] / db["population"][cell[1:]] * 1e5 for cell in cells]


def assert_no_number_near(values: pd.Series, secrets: list[float], where: str) -> None:
    numbers = pd.to_numeric(values.astype(str).str.replace(",", "."), errors="coerce").dropna()
    for secret in secrets:
        assert not ((numbers - secret).abs() < 0.051).any(), f"{secret} found in {where}"


def test_counts_hidden_in_table_summary_chart_ranking_and_downloads(small_db, download) -> None:
    db = small_db
    last, before = db["last"], db["before"]
    test = app(CRIME, series="bra:cykelstold", area=VAXHOLM, measure="count")
    assert not test.exception, [e.value for e in test.exception]
    shown = texts(test)
    assert f"Vaxholm {last}: färre än 5 anmälda brott (<5)" in shown
    assert "Ingen trend beräknas" in shown
    assert f"Skydd av små tal: {before}, {last} visas inte" in shown

    # The table: "<5" for the count, blank interval.
    view = table(test, "Nedre gräns (95 %)").set_index("År")
    for year in (before, last):
        assert view.loc[year, "Antal"] == "<5" and view.loc[year, "Värde"] == "<5"
        assert blank([view.loc[year, "Nedre gräns (95 %)"], view.loc[year, "Övre gräns (95 %)"]])
    # The county column is the total: with two hidden municipalities in the last year, the
    # total minus the shown ones is 3 + 4, never one of them.
    county_last = int(view.loc[last, "Stockholms län"])
    assert county_last == db["tables"][("cykelstold", last)][COUNTY]

    # The chart: no Vaxholm point and no interval in the hidden years.
    rows = chart_rows(test, "crime_chart")
    own = rows[rows.get("series", pd.Series(dtype=str)) == "Vaxholm"]
    # Hidden years are drawn as a gap with a mark: a row without any number.
    hidden_rows = own[own["year"].isin([before, last])]
    assert not own.empty and len(hidden_rows) <= 2
    assert hidden_rows.select_dtypes("number").drop(columns="year").isna().all().all()
    band = rows[rows["lower"].notna()] if "lower" in rows else rows.iloc[0:0]
    assert not band["year"].isin([before, last]).any()

    # The ranking (last year): Vaxholm and Ekerö are not ranked, not drawn, read "<5".
    assert f"Vaxholm rangordnas inte {last}" in shown
    ranking_rows = chart_rows(test, "ranking_chart")
    assert not ranking_rows["name"].isin(["Vaxholm", "Ekerö"]).any()
    ranked = table(test, "Plats").set_index("Kommun")
    # Ranked by rate in both modes: the hidden rates are blank, marked "<5".
    for name in ("Vaxholm", "Ekerö"):
        assert blank([ranked.loc[name, "Värde"], ranked.loc[name, "Plats"]])
        assert ranked.loc[name, MARK_COLUMN] == "<5"
    visible = visible_counts(ranked, db, last)
    assert county_last - visible == 3 + 4, "only the sum of the two hidden is left"

    # Every download: the same symbols, no hidden number, and the suppression noted.
    for key, secrets in (("crime", [2, 3]), ("ranking", [3, 4])):
        for name, (frame, text) in downloads(test, download, key).items():
            if name == "readme":
                assert f"Skydd av små tal: {SUPPRESSION_NOTE}" in text
                continue
            assert SUPPRESSION_NOTE in text.splitlines()[0], (key, name)
            if key == "crime":
                hidden = frame[frame["År"].isin([str(before), str(last)])]
                assert (hidden["Antal"] == "<5").all() and (hidden["Värde"] == "<5").all()
                assert hidden["Nedre gräns (95 %)"].isna().all(), (key, name)
            else:
                hidden = frame[frame["Kommun"].isin(["Vaxholm", "Ekerö"])]
                assert hidden["Värde"].isna().all() and hidden["Plats"].isna().all()
                assert (hidden[MARK_COLUMN] == "<5").all()
            assert not set(map(str, secrets)) & set(hidden.to_numpy().ravel().astype(str))


def test_rates_of_hidden_counts_are_nowhere(small_db, download) -> None:
    db = small_db
    last, before = db["last"], db["before"]
    cells = [("cykelstold", VAXHOLM, before), ("cykelstold", VAXHOLM, last)]
    secrets = secret_rates(db, cells)
    ekero = secret_rates(db, [("cykelstold", EKERO, last)])
    test = app(CRIME, series="bra:cykelstold", area=VAXHOLM, measure="rate")
    assert not test.exception, [e.value for e in test.exception]
    shown = texts(test)
    for secret in [*secrets, *ekero]:
        assert swedish(secret) not in shown
    view = table(test, "Nedre gräns (95 %)").set_index("År")
    assert (
        view.loc[[before, last], ["Värde", "Nedre gräns (95 %)", "Antal"]]
        .map(lambda v: pd.isna(v) or v == "..")
        .sum()
        .sum()
        == 4
    )
    assert (view.loc[[before, last], "Antal"] == "<5").all()
    rows = chart_rows(test, "crime_chart")
    for column in rows.select_dtypes("number"):
        if column != "year":
            assert_no_number_near(rows[column], [*secrets, *ekero], f"chart {column}")
    ranking_rows = chart_rows(test, "ranking_chart")
    assert_no_number_near(ranking_rows["value"], [*secrets, *ekero], "ranking chart")
    ranked = table(test, "Plats").set_index("Kommun")
    assert blank(ranked.loc[["Vaxholm", "Ekerö"], "Värde"])
    assert (
        ranked.loc[
            ["Vaxholm", "Ekerö"], "Visas inte (<5 = antal 1–4, .. = kan räknas fram ur en summa)"
        ]
        == "<5"
    ).all()
    for key in ("crime", "ranking"):
        for name, (frame, _) in downloads(test, download, key).items():
            if name == "readme":
                continue
            for column in frame:
                if column not in ("År", "Plats"):
                    assert_no_number_near(frame[column], [*secrets, *ekero], f"{key} {name}")


def test_the_cell_hidden_to_protect_a_small_count_reads_dots(small_db, download) -> None:
    db = small_db
    before = db["before"]
    # With the last year set to `before`, the ranking is of that year: Vaxholm's 2 alone would
    # be the county total minus the others, so one more municipality is hidden ("..").
    test = app(
        CRIME, series="bra:cykelstold", area=VAXHOLM, measure="count", years=f"2015-{before}"
    )
    ranked = table(test, "Plats").set_index("Kommun")
    marks = ranked.iloc[:, -1]
    dotted = [db["names"][code] for code in db["secondary_candidates"]]
    assert (marks == "..").sum() == 1 and marks[marks == ".."].index[0] in dotted
    assert blank([ranked.loc["Vaxholm", "Värde"]]) and marks.loc["Vaxholm"] == "<5"
    view = table(test, "Nedre gräns (95 %)").set_index("År")
    county = int(view.loc[before, "Stockholms län"])
    hidden_sum = county - visible_counts(ranked, db, before)
    secondary_value = db["tables"][("cykelstold", before)][db["secondary_candidates"][0]]
    assert hidden_sum == 2 + secondary_value and hidden_sum > 4
    # The protected municipality's own view shows ".." for that year, in table and downloads.
    code = next(
        c for c in db["secondary_candidates"] if db["names"][c] in set(marks[marks == ".."].index)
    )
    other = app(CRIME, series="bra:cykelstold", area=code, measure="count")
    own = table(other, "Nedre gräns (95 %)").set_index("År")
    assert own.loc[before, "Antal"] == ".."
    for name, (frame, _) in downloads(other, download, "crime").items():
        if name != "readme":
            assert frame.loc[frame["År"] == str(before), "Antal"].tolist() == [".."], name


def test_overview_hides_a_small_total(small_db, download) -> None:
    """Översikt leads with the real Kolada rate (charts-ui, issue 12); the Brå total with
    Vaxholm's hidden count of 4 must not be found anywhere on it: text, chart data, downloads."""
    db = small_db
    last = db["last"]
    secret = secret_rates(db, [("totalt", VAXHOLM, last)])
    test = app(OVERVIEW)
    assert not test.exception, [e.value for e in test.exception]
    shown = texts(test)
    assert swedish(secret[0]) not in shown
    rows = chart_rows(test, "overview_chart")
    for column in rows.select_dtypes("number"):
        if column != "year":
            assert_no_number_near(rows[column], secret, f"overview chart {column}")
    for name, (frame, _) in downloads(test, download, "overview_total").items():
        if name == "readme":
            continue
        for column in frame.select_dtypes("number"):
            if column != "År":
                assert_no_number_near(frame[column], secret, f"overview {name} {column}")
