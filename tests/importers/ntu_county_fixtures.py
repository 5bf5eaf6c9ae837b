"""Brå's NTU county workbook ("Resultat för län") in the published layout, with invented values
(example data, not Brå's figures): sheets "R4.1" ..., row 1 a note, row 2 "<nr>. <titel>", row
3 the header (section, län, one column per year, the last year's interval after it), sections
"Samtliga 16–84 år", "Män", "Kvinnor" written once and meant to be filled down. `margin=True`
writes the interval as one "±" column; `shift` inserts blank rows above the title, so nothing
can be found by position."""

from __future__ import annotations

from pathlib import Path

import openpyxl

YEARS = (2021, 2022, 2023, 2024)
OTRYGG = "Otrygghet vid utevistelse sent på kvällen i det egna bostadsområdet"
REGIONS = ("Stockholms län", "Uppsala län", "Hela landet")
# Invented: (section, region) -> shares per year, then the last year's lower and upper limit.
SHARES = {
    ("Samtliga 16–84 år", "Stockholms län"): (29.1, 28.4, 30.2, 29.6, 28.8, 30.4),
    ("Samtliga 16–84 år", "Uppsala län"): (25.0, 24.1, "..", 26.3, 24.9, 27.7),
    ("Samtliga 16–84 år", "Hela landet"): (28.0, 27.5, 28.7, 28.2, 27.8, 28.6),
    ("Män", "Stockholms län"): (17.2, 16.8, 18.0, 17.5, 16.5, 18.5),
    ("Män", "Uppsala län"): (14.0, 13.2, 15.1, 14.4, 12.6, 16.2),
    ("Män", "Hela landet"): (16.1, 15.9, 16.6, 16.3, 15.8, 16.8),
    ("Kvinnor", "Stockholms län"): (40.3, 39.6, 41.8, 41.2, 40.0, 42.4),
    ("Kvinnor", "Uppsala län"): (36.0, 35.1, 37.3, 37.9, 35.6, 40.2),
    ("Kvinnor", "Hela landet"): (39.5, 38.9, 40.2, 39.8, 39.2, 40.4),
}


def write(path: Path, *, margin: bool = False, shift: int = 0, changes: dict | None = None) -> Path:
    """The workbook; `changes` maps (sheet, row, column) -> value to break one cell."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    contents = book.create_sheet("Innehåll")
    contents.append(["Exempeldata (påhittade värden) i Brås layout för NTU:s resultat för län"])
    contents.append(["R4.1", f"{OTRYGG}, andel (%)"])
    sheet = book.create_sheet("R4.1")
    for _ in range(shift):
        sheet.append([])
    sheet.append(["Exempeldata (påhittade värden), inte Brås siffror"])
    sheet.append([f"4.1. {OTRYGG}, andel (%), {YEARS[0]}–{YEARS[-1]}"])
    interval = ["± (95 % KI) 2024"] if margin else ["KI undre 2024", "KI övre 2024"]
    sheet.append(["", "Län", *[str(year) for year in YEARS], *interval])
    for (section, region), values in SHARES.items():
        first = section if region == REGIONS[0] else None
        shares, (lower, upper) = values[:4], values[4:]
        limits = [round((upper - lower) / 2, 1)] if margin else [lower, upper]
        sheet.append([first, region, *shares, *limits])
    other = book.create_sheet("R4.9")
    other.append(["Exempeldata (påhittade värden)"])
    other.append(["4.9. Förtroende för polisen, andel (%)"])
    other.append(["", "Län", *[str(year) for year in YEARS]])
    other.append(["Samtliga 16–84 år", "Stockholms län", 60.0, 61.0, 59.5, 60.2])
    for (name, row, column), value in (changes or {}).items():
        book[name].cell(row=row, column=column).value = value
    book.save(path)
    return path
