"""Brå's NTU county workbook ("Nationella trygghetsundersökningen – Resultat för län").

One sheet per question, named "R4.1", "R4.2" ...: a title "<nr>. <titel>" (such as "4.1.
Otrygghet vid utevistelse sent på kvällen i bostadsområdet, andel (%)"), then a header row:
a section column (Samtliga 16–84 år / Män / Kvinnor, written once and meant to be filled down),
the region column, one column per year ("2017" ...) and, after the last year, that year's
interval: either two columns ("KI undre", "KI övre"; "nedre"/"övre") or one margin column
("±", "Felmarginal", "Konfidensintervall"), which gives share ± margin. One row per region.

Title and header rows are found by pattern (the header is the first row with two or more year
cells; the title the nearest "<nr>. <titel>" row above it), never by position. Every region
must be a county or the whole country; Stockholms län and Riket are stored (the areas the
Trygghet page compares Vaxholm with), other counties are counted in the summary. Questions are
matched by title to data/metadata/bra_workbook_names.csv (kind ntu); other sheets are skipped
and named. `..`, `.`, `-` are Brå's marks for no value: not stored. A share outside 0–100, a
negative margin or an interval that does not hold its share is refused naming sheet, row and
column. Stored in `survey_results` (survey ntu, one year per value, no n: the county table
does not give the number of respondents) under source `bra_ntu_lan`, so a county result never
replaces the lägesbild workbook's pooled two-year result for the same year.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data.importers import bra
from data.importers.common import Catalog, ImportFailed, ParsedImport, parse_number
from data.importers.survey import _fold
from data.importers.tabular import column_letter

SOURCE_ID = "bra_ntu_lan"
EXAMPLE_SOURCE_ID = "survey_example"
FORMAT = "ntu-län (xlsx)"
BREAK_YEAR = 2017
_SHEET = re.compile(r"^r\s*\d+(?:\.\d+)*$")
_TITLE = re.compile(r"^(?:tabell\s+)?r?(\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
# A trailing unit in the title: ", andel (%)", ". Andel (%)", ", procent".
_UNIT = re.compile(r"\s*[,.]\s*(?:andel|antal|procent)\b.*$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
SECTIONS = {
    "samtliga 16-84 ar": "alla",
    "samtliga": "alla",
    "alla": "alla",
    "man": "män",
    "kvinnor": "kvinnor",
}
# SCB code of a region -> the area name the Trygghet page uses.
STORED_AREAS = {"0001": "Stockholms län", "0000": "Riket"}
_MARKS = ("..", ".", "-", "–", "")


def is_county_workbook(sheets: dict[str, list]) -> bool:
    """Whether the workbook has Brå's "R<nr>" result sheets."""
    return any(_SHEET.match(_fold(name)) for name in sheets)


def parse_sheets(
    path: Path,
    sheets: dict[str, list[tuple[int, list[str]]]],
    catalog: Catalog,
    *,
    example: bool = False,
) -> ParsedImport:
    """Rows for survey_results from the workbook's R sheets (read by tabular.report_sheets)."""
    # Imported here: bra_workbook imports this module to choose between the two workbooks.
    from data.importers.bra_workbook import known_names

    counties = (set(bra.COUNTY_CODES.values()) | {"0000"}) & catalog.municipality_codes
    records, skipped, known, other_counties = [], [], [], set()
    seen: dict[tuple, tuple[str, int]] = {}
    for name, rows in sheets.items():
        if not _SHEET.match(_fold(name)) or not rows:
            continue
        title, header_at = _find_header(path, name, rows)
        indicator = known_names().get(("ntu", _fold(_UNIT.sub("", title))))
        if indicator is None:
            skipped.append(name)
            continue
        known.append(name)
        for area_code, group, year, share, lower, upper, line in _values(
            path, name, rows, header_at, catalog, counties
        ):
            area = STORED_AREAS.get(area_code)
            if area is None:
                other_counties.add(area_code)
                continue
            key = (indicator, area, year, group)
            if key in seen:
                raise ImportFailed(
                    path,
                    f"bladet '{name}': {group} {area} {year} finns redan på blad "
                    f"'{seen[key][0]}' rad {seen[key][1]}",
                    line=line,
                )
            seen[key] = (name, line)
            records.append(
                ("ntu", indicator, area, year, group, share, None, lower, upper, 1)
                + (year == BREAK_YEAR, None, None)
            )
    if not records:
        if not known:
            raise ImportFailed(
                path,
                f"arbetsboken har inga NTU-frågor som dashboarden känner till (blad: "
                f"{', '.join(skipped)})",
            )
        raise ImportFailed(path, "arbetsboken har inga värden, bara Brås tecken '..' (saknas)")
    columns = ["survey", "indicator_id", "area", "year", "respondent_group", "share", "n"]
    columns += ["ci_lower", "ci_upper", "pooled_years", "series_break", "source_url", "note"]
    frame = pd.DataFrame(records, columns=columns)
    frame["n"] = frame["n"].astype("Int64")
    source_id = EXAMPLE_SOURCE_ID if example else SOURCE_ID
    notes = [f"{len(records)} NTU-resultat för Stockholms län och Riket"]
    if other_counties:
        notes.append(f"{len(other_counties)} andra län lästes men lagras inte")
    if skipped:
        notes.append(f"okända blad hoppades över: {', '.join(skipped)}")
    tables = {"survey_results": frame.assign(source_id=source_id)}
    return ParsedImport(FORMAT, source_id, example, tables, notes)


def _find_header(path: Path, sheet: str, rows: list[tuple[int, list[str]]]) -> tuple[str, int]:
    """(the question's title, index of the header row in `rows`)."""
    header_at = next(
        (
            index
            for index, (_, cells) in enumerate(rows)
            if sum(bool(_YEAR.match(cell.strip())) for cell in cells) >= 2
        ),
        None,
    )
    if header_at is None:
        raise ImportFailed(
            path, f"bladet '{sheet}' saknar rubrikraden (avsnitt, län, ett år per kolumn)"
        )
    for _, cells in reversed(rows[:header_at]):
        text = " ".join(" ".join(cell for cell in cells if cell).split())
        match = _TITLE.match(_fold(text)) if text else None
        if match:
            return text[len(text) - len(match.group("title")) :], header_at
    raise ImportFailed(
        path,
        f"bladet '{sheet}' saknar rubriken '<nr>. <titel>' ovanför rubrikraden",
        line=rows[header_at][0],
    )


def _values(
    path: Path,
    sheet: str,
    rows: list[tuple[int, list[str]]],
    header_at: int,
    catalog: Catalog,
    counties: set[str],
) -> list[tuple]:
    """[(area code, group, year, share, lower, upper, line)] of one sheet."""
    header_line, header = rows[header_at]
    years = {
        index: int(_YEAR.match(cell.strip()).group(1))
        for index, cell in enumerate(header)
        if _YEAR.match(cell.strip())
    }
    first, last = min(years), max(years)
    if sorted(years) != list(range(first, last + 1)):
        raise ImportFailed(
            path,
            f"bladet '{sheet}': årskolumnerna står inte intill varandra",
            line=header_line,
            column=column_letter(first),
        )
    if first < 1:
        raise ImportFailed(
            path,
            f"bladet '{sheet}': kolumnen före åren ska ange länet",
            line=header_line,
            column="A",
        )
    region_at, section_at = first - 1, first - 2
    last_year_at = max(years)
    lower_at = upper_at = margin_at = None
    for index in range(last_year_at + 1, len(header)):
        head = _fold(header[index])
        if not head:
            continue
        if "undre" in head or "nedre" in head:
            lower_at = index
        elif "ovre" in head:
            upper_at = index
        elif "±" in head or "felmarginal" in head or "konfidensintervall" in head:
            margin_at = index
    if (lower_at is None) != (upper_at is None):
        raise ImportFailed(
            path,
            f"bladet '{sheet}': intervallet har bara en gräns (ska ha både undre och övre)",
            line=header_line,
            column=column_letter(lower_at if upper_at is None else upper_at),
        )
    found = []
    group = None
    if not any(_cell(cells, region_at) for _, cells in rows[header_at + 1 :]):
        raise ImportFailed(
            path, f"bladet '{sheet}' har inga rader under rubrikraden", line=header_line
        )
    for line, cells in rows[header_at + 1 :]:
        region = _cell(cells, region_at)
        section = _cell(cells, section_at) if section_at >= 0 else ""
        if section:
            group = SECTIONS.get(_fold(section).replace("–", "-"))
            if group is None:
                raise ImportFailed(
                    path,
                    f"bladet '{sheet}': okänt avsnitt '{section}' (Samtliga 16–84 år, Män, "
                    "Kvinnor)",
                    line=line,
                    column=column_letter(section_at),
                )
        if not region:
            continue
        if group is None and section_at < 0:
            group = "alla"
        if group is None:
            raise ImportFailed(
                path,
                f"bladet '{sheet}': raden står före avsnittets namn (Samtliga 16–84 år, Män, "
                "Kvinnor)",
                line=line,
                column=column_letter(section_at),
            )
        code = bra.resolve_region(region, catalog)
        if code not in counties:
            raise ImportFailed(
                path,
                f"bladet '{sheet}': okänt län '{region}'",
                line=line,
                column=column_letter(region_at),
            )
        for index, year in sorted(years.items()):
            share = _number(path, sheet, cells, index, line)
            if share is None:
                continue
            _check_share(path, sheet, share, line, index)
            lower = upper = None
            if index == last_year_at:
                lower, upper = _interval(
                    path, sheet, cells, line, share, (lower_at, upper_at, margin_at), index
                )
            found.append((code, group, year, share, lower, upper, line))
    return found


def _interval(
    path: Path,
    sheet: str,
    cells: list[str],
    line: int,
    share: float,
    where: tuple[int | None, int | None, int | None],
    share_at: int,
) -> tuple[float | None, float | None]:
    lower_at, upper_at, margin_at = where
    if lower_at is not None and upper_at is not None:
        lower = _number(path, sheet, cells, lower_at, line)
        upper = _number(path, sheet, cells, upper_at, line)
        if lower is None or upper is None:
            return None, None
        for value, index in ((lower, lower_at), (upper, upper_at)):
            _check_share(path, sheet, value, line, index)
        if not lower <= share <= upper:
            raise ImportFailed(
                path,
                f"bladet '{sheet}': intervallet {lower}–{upper} innehåller inte {share}",
                line=line,
                column=column_letter(share_at),
            )
        return lower, upper
    if margin_at is not None:
        margin = _number(path, sheet, cells, margin_at, line)
        if margin is None:
            return None, None
        if margin < 0:
            raise ImportFailed(
                path,
                f"bladet '{sheet}': felmarginalen {margin} är negativ",
                line=line,
                column=column_letter(margin_at),
            )
        # Brå's ± interval cut at the ends of the scale a share can take.
        return round(max(0.0, share - margin), 6), round(min(100.0, share + margin), 6)
    return None, None


def _check_share(path: Path, sheet: str, value: float, line: int, index: int) -> None:
    if not 0 <= value <= 100:
        raise ImportFailed(
            path,
            f"bladet '{sheet}': andelen {value:g} ligger inte mellan 0 och 100",
            line=line,
            column=column_letter(index),
        )


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if 0 <= index < len(cells) else ""


def _number(path: Path, sheet: str, cells: list[str], index: int, line: int) -> float | None:
    text = _cell(cells, index)
    if text in _MARKS:
        return None
    return parse_number(text, path=path, line=line, column=column_letter(index))
