"""Writes the corpus files for the formats people hold (tests/hardening/corpus/formats_*):
Origo's SPSS pupil files, Brå's workbooks and long layout, NTU's county workbook. The values
are invented (example data in the published layouts). The files are committed; run this only
to change them:

    .venv/bin/python tests/hardening/write_corpus_formats.py

Each case is (file, kind, line, column, message, write): write(path) makes the file. Rows of
expected.csv for other files are kept.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyreadstat

CORPUS = Path(__file__).resolve().parent / "corpus"
PREFIX = "formats_"

PUPILS = {
    "ID": ["X-1", "X-2"],
    "ar": [2024.0, 2024.0],
    "Hemkommun": [19.0, 19.0],
    "ARSKURS": [9.0, 9.0],
    "F2": [1.0, 2.0],
    "F67c": [1.0, 2.0],
}


def sav(changes: dict, *, cut: bool = False) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        columns = {**PUPILS, **changes}
        frame = pd.DataFrame({key: value for key, value in columns.items() if value is not None})
        pyreadstat.write_sav(frame, str(path), file_label="Exempeldata (påhittade värden)")
        if cut:
            whole = path.read_bytes()
            path.write_bytes(whole[: len(whole) // 2])

    return write


CASES: list[tuple[str, str, str, str, str, Callable[[Path], None]]] = [
    (
        "formats_sav_truncated.sav",
        "stockholmsenkaten",
        "",
        "",
        "kan inte läsas som SPSS-fil",
        sav({}, cut=True),
    ),
    (
        "formats_sav_bad_code.sav",
        "stockholmsenkaten",
        "2",
        "F67c",
        "svaret '7' är ingen kod för F67c",
        sav({"F67c": [1.0, 7.0]}),
    ),
    (
        "formats_sav_wrong_municipality.sav",
        "stockholmsenkaten",
        "1",
        "Hemkommun",
        "okänd hemkommun '55'",
        sav({"Hemkommun": [55.0, 19.0]}),
    ),
    (
        "formats_sav_no_grade.sav",
        "stockholmsenkaten",
        "",
        "ARSKURS",
        "variabeln 'ARSKURS' saknas",
        sav({"ARSKURS": None}),
    ),
]


def main() -> None:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
        kept = [row for row in csv.DictReader(handle) if not row["file"].startswith(PREFIX)]
    for path in CORPUS.glob(f"{PREFIX}*"):
        path.unlink()
    rows = []
    for name, kind, line, column, message, write in CASES:
        write(CORPUS / name)
        rows.append(
            {"file": name, "kind": kind, "line": line, "column": column, "message": message}
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, ["file", "kind", "line", "column", "message"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept + rows)
    (CORPUS / "expected.csv").write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(rows)} files written ({PREFIX}*)", file=sys.stderr)


if __name__ == "__main__":
    main()
