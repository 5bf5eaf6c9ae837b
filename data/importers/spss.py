"""SPSS data files (.sav, .zsav) as Origo delivers Stockholmsenkäten's pupil answers.

`read_sav` returns the cases as a `CsvTable` (cells as the text a CSV export would hold: whole
numbers without decimals, an empty cell for a system-missing value), so the pupil importer
validates one shape whatever the file. User-missing values (99, 999, 996, 998 declared as
missing in SPSS) are kept as their codes, not turned into empty cells: "Ej svar" is an answer
the survey records, an empty cell means the item was not asked. Row numbers are SPSS's case
numbers (the first case is row 1), which is what the Data View shows. Value labels are
returned beside the table: the municipality codes of older files are read through them.
"""

from __future__ import annotations

import math
from pathlib import Path

from data.importers.common import CsvTable, ImportFailed

# The first four bytes of an SPSS system file (.sav) and of a compressed one (.zsav).
SAV_SIGNATURES = (b"$FL2", b"$FL3")


def is_sav(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) in SAV_SIGNATURES


def read_sav(path: str | Path) -> tuple[CsvTable, dict[str, dict[int, str]]]:
    """The cases of an SPSS file as text cells, and the value labels per variable."""
    import pyreadstat  # imported here: only SPSS imports need it

    path = Path(path)
    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, ValueError, OSError) as error:
        raise ImportFailed(path, f"kan inte läsas som SPSS-fil ({error})") from None
    if frame.empty:
        raise ImportFailed(path, "SPSS-filen har inga fall (rader)")
    header = [str(name) for name in frame.columns]
    columns = [[_cell_text(value) for value in frame[name].tolist()] for name in frame.columns]
    rows = [list(row) for row in zip(*columns, strict=True)]
    labels = {
        str(variable): {
            int(code): str(label)
            for code, label in value_labels.items()
            if isinstance(code, int | float) and float(code).is_integer()
        }
        for variable, value_labels in (meta.variable_value_labels or {}).items()
    }
    table = CsvTable(path, header, rows, list(range(1, len(rows) + 1)), "", "sav")
    return table, labels


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()
