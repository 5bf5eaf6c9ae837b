"""Downloads of exactly the filtered view: CSV (UTF-8, comma) and Excel (svenska).

Both start with provenance lines ("# Källa: ...") and neutralise cells that a spreadsheet
would run as a formula (leading =, +, -, @, tab or carriage return get a leading apostrophe).
Read them back with `pandas.read_csv(path, comment="#")` (Excel (svenska): `sep=";",
decimal=","`, encoding "utf-8-sig").
"""

from __future__ import annotations

import io

import pandas as pd

# Leading characters that make a spreadsheet evaluate a cell (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
                    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES)
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
    neutralise_formulas(frame).to_csv(
        buffer, index=False, sep=";", decimal=",", lineterminator="\r\n"
    )
    text = (
        _with_provenance(buffer.getvalue(), provenance)
        .replace("\n", "\r\n")
        .replace("\r\r\n", "\r\n")
    )
    return text.encode("utf-8-sig")
