"""Downloads of exactly the filtered view: CSV (UTF-8, comma) and Excel (svenska).

Both start with provenance lines ("# Källa: ...") and neutralise cells that a spreadsheet
would run as a formula (leading =, +, -, @, tab or carriage return get a leading apostrophe).
Read them back with `pandas.read_csv(path, comment="#")` (Excel (svenska): `sep=";",
decimal=","`, encoding "utf-8-sig").

Also the "Ladda ner" zip (both files and a README with the view's metadata) and chart images
(PNG, SVG) rendered offline by vl-convert, which bundles Vega and uses the system's fonts.
No Streamlit here: the texts arrive translated, so these run in a download's own thread.
"""

from __future__ import annotations

import copy
import io
import re
import textwrap
import zipfile
from collections.abc import Sequence

import pandas as pd

# Leading characters that make a spreadsheet evaluate a cell (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The zero symbol "-" alone is no formula: it is written as it is, not as "'-".
SAFE_CELLS = frozenset({"-"})


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of `frame` where text cells starting with a formula character get a leading `'`.

    Numbers are left alone: a negative number is data, not a formula.
    """
    result = frame.copy()
    for column in result.columns:
        if result[column].dtype == object or pd.api.types.is_string_dtype(result[column]):
            result[column] = result[column].map(
                lambda cell: (
                    f"'{cell}"
                    if isinstance(cell, str)
                    and cell.startswith(FORMULA_PREFIXES)
                    and cell not in SAFE_CELLS
                    else cell
                )
            )
    return result


def _with_provenance(body: str, provenance: list[str]) -> str:
    header = "".join(f"# {line}\n" for line in provenance)
    return header + body


def to_csv(frame: pd.DataFrame, provenance: list[str]) -> bytes:
    """UTF-8 CSV, comma separated, decimal point, provenance as leading `#` lines."""
    body = neutralise_formulas(frame).to_csv(index=False, lineterminator="\n")
    return _with_provenance(body, provenance).encode("utf-8")


def to_excel_swedish(frame: pd.DataFrame, provenance: list[str]) -> bytes:
    """CSV that Swedish Excel opens directly: UTF-8 with BOM, `;`, decimal comma."""
    buffer = io.StringIO()
    # Swedish Excel reads "ja"/"nej", not Python's True/False.
    frame = frame.assign(
        **{
            column: frame[column].map({True: "ja", False: "nej"})
            for column in frame.columns
            if pd.api.types.is_bool_dtype(frame[column])
        }
    )
    neutralise_formulas(frame).to_csv(
        buffer, index=False, sep=";", decimal=",", lineterminator="\r\n"
    )
    text = (
        _with_provenance(buffer.getvalue(), provenance)
        .replace("\n", "\r\n")
        .replace("\r\r\n", "\r\n")
    )
    return text.encode("utf-8-sig")


def data_zip(frame: pd.DataFrame, provenance: list[str], readme: str, *, stem: str) -> bytes:
    """A zip of `<stem>.csv`, `<stem>_excel_sv.csv` and `README.txt` (UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.csv", to_csv(frame, provenance))
        archive.writestr(f"{stem}_excel_sv.csv", to_excel_swedish(frame, provenance))
        archive.writestr("README.txt", readme.encode("utf-8"))
    return buffer.getvalue()


def readme_text(heading: str, sections: Sequence[tuple[str, str]]) -> str:
    """A plain-text README: the heading underlined, then `Label: text` per line.

    Multi-line texts are indented under their label.
    """
    lines = [heading, "=" * len(heading), ""]
    for label, text in sections:
        first, *rest = str(text).splitlines() or [""]
        lines.append(f"{label}: {first}")
        lines.extend(f"  {line}" for line in rest)
    return "\n".join(lines) + "\n"


# Width (pixels) of a chart image; Streamlit draws charts as wide as the page instead.
IMAGE_WIDTH = 760
# PNG pixels per CSS pixel: sharp enough for a report or a slide.
PNG_SCALE = 2.0
# Characters per line of the burned-in title (15 px) and subtitle (11 px) at that width.
TITLE_CHARS, SUBTITLE_CHARS = 85, 125
# Compositions that take no top-level width.
_COMPOSED = ("hconcat", "vconcat", "concat", "facet", "repeat")


def _vl_version(spec: dict) -> str | None:
    """'6.4' from the spec's `$schema` (…/vega-lite/v6.4.1.json), if vl-convert has it."""
    import vl_convert

    found = re.search(r"/v(\d+\.\d+)[.\d]*\.json$", spec.get("$schema", ""))
    if found and found.group(1) in vl_convert.get_vegalite_versions():
        return found.group(1)
    return None


def image_spec(spec: dict, *, title: str, lines: Sequence[str]) -> dict:
    """Copy of a Vega-Lite spec with `title` and `lines` (source, extraction date, example
    note) burned in as its title and subtitle, at a fixed width."""
    result = copy.deepcopy(spec)
    result["title"] = {
        "text": textwrap.wrap(title, TITLE_CHARS) or [""],
        "subtitle": [part for line in lines for part in textwrap.wrap(line, SUBTITLE_CHARS)],
        "anchor": "start",
        "fontSize": 15,
        "subtitleFontSize": 11,
        "subtitleColor": "#333333",
        "offset": 12,
    }
    if not any(key in result for key in _COMPOSED):
        result["width"] = IMAGE_WIDTH
    result["background"] = "white"
    result["padding"] = 12
    return result


def chart_image(
    spec: dict,
    image_format: str,
    *,
    title: str,
    lines: Sequence[str],
    number_locale: dict,
    time_locale: dict,
) -> bytes:
    """The chart as PNG or SVG bytes (`image_format` "png" or "svg"), offline.

    `allowed_base_urls=[]` forbids loading data from anywhere: the data is inline.
    """
    import vl_convert  # imported on first use: it loads a JavaScript engine

    options = {
        "vl_version": _vl_version(spec),
        "allowed_base_urls": [],
        "format_locale": number_locale,
        "time_format_locale": time_locale,
    }
    full = image_spec(spec, title=title, lines=lines)
    if image_format == "png":
        return vl_convert.vegalite_to_png(full, scale=PNG_SCALE, **options)
    if image_format == "svg":
        return vl_convert.vegalite_to_svg(full, **options).encode("utf-8")
    raise ValueError(f"unknown image format {image_format!r}")
