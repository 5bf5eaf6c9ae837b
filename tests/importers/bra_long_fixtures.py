"""Brå's statistics database in the long layout published for all municipalities (År, Månad,
Kvartal, Periodtyp, Periodetikett, Periodnyckel, Period_start, Period_slut, Preliminär, Kommun,
Region_ID, Brott, Brott_ID, Brottsnivå, Förälder_ID, Förälder, Nivå1…Nivå5, Antal, Per100000,
Status_Antal, Status_Per100000), with invented values (example data in the published layout,
not Brå's figures). Region_ID is Brå's own id (data/real/bra_solwebb_region_ids_municipalities.csv:
8541 Vaxholm, 8543 Österåker).

    .venv/bin/python -m tests.importers.bra_long_fixtures OUT.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = (
    "År,Månad,Kvartal,Periodtyp,Periodetikett,Periodnyckel,Period_start,Period_slut,Preliminär,"
    "Kommun,Region_ID,Brott,Brott_ID,Brottsnivå,Förälder_ID,Förälder,Nivå1,Nivå2,Nivå3,Nivå4,"
    "Nivå5,Antal,Per100000,Status_Antal,Status_Per100000"
)
LEVELS = "Totalt antal brott,,,,"


def row(
    year,
    month,
    quarter,
    kind,
    label,
    key,
    start,
    end,
    preliminary,
    place,
    region_id,
    count,
    rate,
    count_status="",
    rate_status="",
) -> str:
    return (
        f"{year},{month},{quarter},{kind},{label},{key},{start},{end},{preliminary},{place},"
        f"{region_id},Totalt antal brott,1,0,,,{LEVELS},{count},{rate},{count_status},"
        f"{rate_status}"
    )


# Invented values: a year, a quarter and a preliminary month whose count Brå hides.
GOOD = [
    HEADER,
    row(
        2024,
        "",
        "",
        "År",
        "2024",
        "2024",
        "2024-01-01",
        "2024-12-31",
        "False",
        "Vaxholm",
        8541,
        598,
        "4150.0",
    ),
    row(
        2024,
        "",
        3,
        "Kvartal",
        "2024 kv 3",
        "2024Q3",
        "2024-07-01",
        "2024-09-30",
        "False",
        "Vaxholm",
        8541,
        171,
        "1186.7",
    ),
    row(
        2025,
        5,
        "",
        "Månad",
        "maj 2025",
        "2025-05",
        "2025-05-01",
        "2025-05-31",
        "True",
        "Österåker",
        8543,
        "",
        "",
        "..",
        "..",
    ),
]


def write(folder: Path, lines: list[str], name: str = "bra_sol_alla_kommuner.csv") -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]).parent, GOOD, Path(sys.argv[1]).name))
