"""Brå "Indikatorer för kommuners lägesbild" workbooks in the published layout, with invented
values (example data, not Brå's figures): sheets "... (anmälda)" of reported offences, NTU
sheets with intervals, and "Antal svarande i NTU". `layout="2026"` writes the layout Brå uses
from 2025-12/2026-04: titles with line breaks, geography names one per column, an extra blank
row, so nothing can be found by position."""

from __future__ import annotations

from pathlib import Path

import openpyxl

PLACES = ("Vaxholm", "Stockholms län", "Hela landet")
YEARS = (2022, 2023, 2024)
# Invented: counts and rates per place and year.
COUNTS = {"Vaxholm": (610, 655, 598), "Stockholms län": (301_000, 297_500, 288_100)}
COUNTS["Hela landet"] = (1_440_000, 1_420_500, 1_390_200)
RATES = {"Vaxholm": (4_310.5, 4_598.2, 4_150.0), "Stockholms län": (12_300.1, 12_010.0, 11_550.3)}
RATES["Hela landet"] = (13_700.0, 13_450.8, 13_100.2)
# Invented NTU shares with limits, pooled two years (rows "2021–2022" ... ).
NTU_ROWS = ("2019–2020", "2021–2022", "2023–2024")
NTU = {
    "Vaxholm": ((18.0, 13.1, 22.9), ("..", "..", ".."), (20.5, 15.2, 25.8)),
    "Stockholms län": ((29.8, 29.0, 30.6), (28.7, 27.9, 29.5), (30.2, 29.4, 31.0)),
    "Hela landet": ((28.1, 27.7, 28.5), (27.0, 26.6, 27.4), (28.9, 28.5, 29.3)),
}
RESPONDENTS = {"Vaxholm": (240, 251, 262), "Stockholms län": (9_800, 9_650, 9_420)}
RESPONDENTS["Hela landet"] = (74_000, 73_100, 72_000)
OTRYGG = "Otrygghet vid utevistelse sent på kvällen i bostadsområdet"


def write(path: Path, *, layout: str = "2024", changes: dict | None = None) -> Path:
    """The workbook; `changes` maps (sheet, row, column) -> value to break one cell."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("Anmälda brott totalt (anmälda)")
    sheet.append(["Exempeldata (påhittade värden): Anmälda brott totalt, Vaxholm 2022–2024"])
    if layout == "2026":
        sheet.append([])
    sheet.append(
        ["Område"]
        + [f"Antal {year}" for year in YEARS]
        + [f"Antal per 100 000 inv {year}" for year in YEARS]
    )
    for place in PLACES:
        sheet.append([place, *COUNTS[place], *RATES[place]])
    _ntu(book, "Otrygghet", f"{OTRYGG} 2019–2024, enligt NTU 2019–2024. Andel (%)", NTU, layout)
    respondents = {place: tuple((n, None, None) for n in ns) for place, ns in RESPONDENTS.items()}
    _ntu(
        book,
        "Svarande",
        "Antal svarande i NTU 2019–2024, enligt NTU 2019–2024. Antal",
        respondents,
        layout,
        head="Antal",
    )
    _ntu(
        book,
        "Förtroende",
        "Förtroende för polisen 2019–2024, enligt NTU 2019–2024. Andel (%)",
        NTU,
        layout,
    )
    for (name, row, column), value in (changes or {}).items():
        book[name].cell(row=row, column=column, value=value)
    book.save(path)
    return path


def _ntu(book, name: str, title: str, values: dict, layout: str, head: str = "Andel") -> None:
    sheet = book.create_sheet(name)
    if layout == "2026":
        sheet.append([title.replace(", enligt", ",\nenligt").replace(". ", ".\n")])
        sheet.append([])
        sheet.append([""] + [place for place in PLACES for _ in range(3)])
    else:
        sheet.append([title])
        sheet.append([""] + [cell for place in PLACES for cell in (place, "", "")])
    sheet.append(["År"] + [cell for _ in PLACES for cell in (head, "KI undre", "KI övre")])
    for index, years in enumerate(NTU_ROWS):
        row = [years]
        for place in PLACES:
            row.extend(values[place][index])
        sheet.append(row)
