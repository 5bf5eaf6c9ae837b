"""Skolverket "Grundskola - Antal elever per årskurs" in the published layout (UTF-8 BOM, five
preamble lines, `;` with a trailing `;`, decimal comma, `.` and `..`), with invented values
(example data, not Skolverket's figures). Real school unit codes of Vaxholm's and Österåker's
layout are not needed: the codes below are invented too.

    .venv/bin/python -m tests.importers.skolverket_fixtures OUT.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

PREAMBLE = [
    "Statistik från Skolverket, https://www.skolverket.se (exempeldata: påhittade värden)",
    "",
    "Grundskola - Antal elever per årskurs",
    "Valt läsår: 2023/24",
    "",
]
HEADER = (
    "Skola;Skol-enhetskod;Skolkommun;Kommun-kod;Typ av huvudman;Huvudman;Huvudman orgnr;"
    "Elever, förskoleklass;Andel (%) flickor, förskoleklass;Elever, årskurs 1-9;"
    "Andel (%) flickor, årskurs 1-9;Elever, årskurs 7;Elever, årskurs 8;Elever, årskurs 9;"
)
# Invented: two Vaxholm schools with åk 9 (120 + 30), one without ('.'), one Österåker school
# whose åk 9 count Skolverket hides ('..').
ROWS = [
    (
        "Exempelskolan;10000001;Vaxholm;0187;Kommunal;Vaxholms kommun;2120002908;.;.;360;48,1;"
        "118;122;120;"
    ),
    "Friskolan Exempel;10000002;Vaxholm;0187;Enskild;Exempel AB;5560000000;.;.;90;51,0;31;29;30;",
    (
        "Lågstadiet Exempel;10000003;Vaxholm;0187;Kommunal;Vaxholms kommun;2120002908;20;..;"
        "120;50,0;.;.;.;"
    ),
    "Liten skola;10000004;Österåker;0117;Enskild;Liten AB;5560000001;.;.;12;..;..;..;..;",
]

# The gymnasium file of the same family ("Gymnasieskola - Antal elever per årskurs"): the
# grade read is "Elever, årskurs 2". Invented: one Vaxholm unit (gy 2: 86), one Österåker unit
# with gy 2 hidden ('..'), one Täby unit without a gy 2 ('.').
GY_PREAMBLE = [
    "Statistik från Skolverket, https://www.skolverket.se (exempeldata: påhittade värden)",
    "",
    "Gymnasieskola - Antal elever per årskurs",
    "Valt läsår: 2023/24",
    "",
]
GY_HEADER = (
    "Skola;Skol-enhetskod;Skolkommun;Kommun-kod;Typ av huvudman;Huvudman;Huvudman orgnr;"
    "Elever, årskurs 1-3;Andel (%) flickor, årskurs 1-3;Elever, årskurs 1;Elever, årskurs 2;"
    "Elever, årskurs 3;"
)
GY_ROWS = [
    "Exempelgymnasiet;20000001;Vaxholm;0187;Kommunal;Vaxholms kommun;2120002908;260;52,3;90;86;84;",
    "Gymnasiet Exempel;20000002;Österåker;0117;Enskild;Exempel AB;5560000002;40;..;14;..;13;",
    "Introgymnasiet;20000003;Täby;0160;Kommunal;Täby kommun;2120000000;25;48,0;25;.;.;",
]


def gymnasium_lines() -> list[str]:
    return [*GY_PREAMBLE, GY_HEADER, *GY_ROWS, *NOTES]


# After the table: a blank line and the report's notes, as in the real file.
NOTES = ["", "Rapportbeskrivning och definitioner etc.  ", "  ", "Uppgifterna avser oktober."]


def lines(rows: list[str] | None = None, *, preamble: list[str] | None = None) -> list[str]:
    return [
        *(PREAMBLE if preamble is None else preamble),
        HEADER,
        *(ROWS if rows is None else rows),
        *NOTES,
    ]


def write(path: Path, text_lines: list[str] | None = None) -> Path:
    path.write_text("\ufeff" + "\n".join(text_lines or lines()) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1])))
