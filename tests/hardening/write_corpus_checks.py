"""Writes the corpus files of issue 14.10 for the kolada and population importers
(tests/hardening/corpus/) and their rows of expected.csv, replacing only its own rows. The
files are committed; run this only to change them:

    .venv/bin/python -m tests.hardening.write_corpus_checks

Each case is (file, kind, line, column, message, content as bytes).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from tests.hardening.write_corpus import CORPUS, write_cases

KOLADA_HEADER = "kpi,municipality_id,municipality,municipality_type,year,gender,value,status,count"
# Valid rows (three Stockholm county municipalities, every year and gender once), enough to put
# the NUL beyond byte 4096 of a file that is otherwise importable.
KOLADA_ROWS = [
    f"N00943,{code},,K,{year},{gender},{20 + year % 7}.5,,1"
    for code in ("0114", "0115", "0117")
    for year in range(2010, 2025)
    for gender in ("T", "K", "M")
]


def lines(*rows: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(rows) + "\n").encode(encoding)


CASES: list[tuple[str, str, str, str, str, bytes]] = [
    (
        "kolada_nul_after_4096.csv",
        "kolada",
        "137",
        "tecken 16",
        "binära tecken (NUL)",
        lines(KOLADA_HEADER, *KOLADA_ROWS, "N00943,0187,Vax\x00holm,K,2024,T,20.5,,1"),
    ),
    (
        "kolada_code_contradicts_name.csv",
        "kolada",
        "2",
        "municipality",
        "kommunkoden 0180 och namnet 'Vaxholm' (kod 0187) stämmer inte överens",
        lines(KOLADA_HEADER, "N00943,0180,Vaxholm,K,2020,T,20.5,,1"),
    ),
    (
        "population_future_year.csv",
        "population",
        "1",
        "2099",
        "året 2099 ligger i framtiden",
        lines('"region","2023","2099"', '"0187 Vaxholm",12330,12500'),
    ),
    (
        "population_code_contradicts_name.csv",
        "population",
        "2",
        "region",
        "regionkoden 0180 och namnet 'Vaxholm' (kod 0187) stämmer inte överens",
        lines('"region","2022","2023"', '"0180 Vaxholm",12200,12330'),
    ),
    (
        "population_rate_implausible_2023.csv",
        "population",
        "3",
        "Per 100 000 inv.",
        "ger folkmängden 103400000 för 0187, orimligt",
        lines("Kommun;Antal;Per 100 000 inv.", "Stockholm;100 000;10 000", "Vaxholm;1 034;1,0"),
    ),
]


def main() -> None:
    names = {case[0] for case in CASES}
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
        kept = [row for row in csv.DictReader(handle) if row["file"] not in names]
    written = write_cases(CASES, kept, Path.write_bytes)
    print(f"{written} files written for kolada, population", file=sys.stderr)


if __name__ == "__main__":
    main()
