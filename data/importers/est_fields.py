"""Field parsers shared by the EST and insatser importers: header columns in Swedish or English,
dates, times, ISO weeks, list cells and free text cleaned of personal data.

Every parser raises ImportFailed naming the file, line and column (as written in the header).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from data.importers.common import CsvTable, ImportFailed, synonym_columns
from data.importers.redaction import redact

# Earliest date accepted in a report or an action.
EARLIEST_DATE = dt.date(2000, 1, 1)
# Longest free text kept (characters); longer cells are an error rather than cut silently.
MAX_TEXT_LENGTH = 4000
# Separators inside a list cell ("Vaxön | Rindö", "alkohol; narkotika").
LIST_SEPARATORS = re.compile(r"\s*[|;,]\s*")
_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M")
_TIME_PATTERN = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
_WEEK_PATTERN = re.compile(
    r"(?:(?P<year>\d{4})\s*-?\s*W\s*)?(?:v(?:ecka|\.)?\s*|w(?:eek)?\s*)?(?P<week>\d{1,2})",
    re.IGNORECASE,
)


@dataclass
class Columns:
    """Where each canonical column sits in a file's header, and its name as written there."""

    table: CsvTable
    positions: dict[str, int]
    names: dict[str, str] = field(default_factory=dict)

    def cell(self, row: list[str], name: str) -> str:
        position = self.positions.get(name)
        return "" if position is None else row[position].strip()

    def label(self, name: str) -> str:
        return self.names.get(name, name)


def map_columns(
    table: CsvTable,
    required: dict[str, tuple[str, ...]],
    optional: dict[str, tuple[str, ...]],
) -> Columns:
    """Find each column by any of its spellings (case-insensitive); a missing one is an error,
    and so are a file without data rows and a row narrower or wider than the header."""
    columns = map_header(table, required, optional)
    if not table.rows:
        raise ImportFailed(table.path, "filen har en rubrikrad men inga datarader")
    width = len(table.header or [])
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        if len(row) != width:
            raise ImportFailed(
                table.path, f"raden har {len(row)} fält men rubriken har {width}", line=line
            )
    return columns


def map_header(
    table: CsvTable,
    required: dict[str, tuple[str, ...]],
    optional: dict[str, tuple[str, ...]],
) -> Columns:
    """The header part of `map_columns`: the rows are not looked at."""
    header = [name.strip() for name in table.header or []]
    lowered = [name.casefold() for name in header]
    header_line = table.line_numbers[0] - 1 if table.line_numbers else 1
    seen: dict[str, str] = {}
    for index, name in enumerate(lowered):
        if name and name in seen:
            raise ImportFailed(
                table.path, f"kolumnen '{header[index]}' finns två gånger", line=header_line
            )
        seen[name] = header[index]
    synonyms = synonym_columns(header, {**required, **optional})
    if synonyms:
        raise ImportFailed(
            table.path,
            f"kolumnerna '{synonyms[0]}' och '{synonyms[1]}' betyder samma sak; ta bort den ena "
            "(vilken som gäller går inte att avgöra)",
            line=header_line,
            column=synonyms[1],
        )
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    for canonical, spellings in {**required, **optional}.items():
        for spelling in spellings:
            if spelling.casefold() in lowered:
                positions[canonical] = lowered.index(spelling.casefold())
                names[canonical] = header[positions[canonical]]
                break
        else:
            if canonical in required:
                raise ImportFailed(
                    table.path,
                    f"kolumnen '{spellings[0]}' (eller '{spellings[-1]}') saknas i rubrikraden "
                    f"(hittade: {', '.join(header)})",
                    line=header_line,
                )
    return Columns(table, positions, names)


@lru_cache(maxsize=65_536)
def _strptime(text: str, pattern: str) -> dt.datetime | None:
    """`datetime.strptime`, None when `text` does not match (cached: dates repeat in exports)."""
    try:
        return dt.datetime.strptime(text, pattern)
    except ValueError:
        return None


def parse_date(
    text: str, *, path: Path, line: int, column: str, latest: dt.date | None
) -> tuple[dt.date, dt.time | None]:
    """A date (2024-05-01, 20240501, or with a time: 2024-05-01 21:30); returns date and time."""
    cleaned = text.strip()
    for pattern in _DATE_FORMATS:
        moment = _strptime(cleaned, pattern)
        if moment is None:
            continue
        day = moment.date()
        if day < EARLIEST_DATE:
            raise ImportFailed(
                path, f"datumet {day} är före {EARLIEST_DATE}", line=line, column=column
            )
        if latest is not None and day > latest:
            raise ImportFailed(path, f"datumet {day} ligger i framtiden", line=line, column=column)
        has_time = "%H" in pattern
        return day, moment.time() if has_time else None
    raise ImportFailed(
        path,
        f"'{text}' är inget datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2024-05-01)",
        line=line,
        column=column,
    )


def parse_time(text: str, *, path: Path, line: int, column: str) -> dt.time | None:
    """Empty, or a clock time 21:30 / 21.30 / 21:30:00."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _TIME_PATTERN.fullmatch(cleaned)
    if match:
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour < 24 and minute < 60 and second < 60:
            return dt.time(hour, minute, second)
    raise ImportFailed(path, f"'{text}' är ingen klockslag (skriv TT:MM)", line=line, column=column)


def check_week(text: str, day: dt.date, *, path: Path, line: int, column: str) -> None:
    """A `vecka` cell must name the ISO week of the date (5, v5, vecka 5, 2024-W05)."""
    cleaned = text.strip()
    if not cleaned:
        return
    match = _WEEK_PATTERN.fullmatch(cleaned)
    if not match:
        raise ImportFailed(path, f"'{text}' är ingen veckobeteckning", line=line, column=column)
    year, week, _ = day.isocalendar()
    stated_week = int(match["week"])
    stated_year = int(match["year"]) if match["year"] else year
    if not 1 <= stated_week <= 53:
        raise ImportFailed(path, f"vecka {stated_week} finns inte", line=line, column=column)
    if (stated_year, stated_week) != (year, week):
        raise ImportFailed(
            path,
            f"vecka {cleaned} stämmer inte med datumet {day}, som ligger i ISO-vecka "
            f"{year}-W{week:02d}",
            line=line,
            column=column,
        )


def split_list(text: str) -> list[str]:
    """The names in a list cell, in order, without empty entries or repeats."""
    return list(dict.fromkeys(part for part in LIST_SEPARATORS.split(text.strip()) if part))


def match_names(
    text: str,
    lookup: Callable[[str], str | None],
    *,
    what: str,
    path: Path,
    line: int,
    column: str,
    everything: tuple[str, ...] | None = None,
) -> list[str]:
    """Ids of the names in a list cell; "alla"/"all" means `everything` when allowed."""
    names = split_list(text)
    if not names:
        raise ImportFailed(path, f"{what} saknas", line=line, column=column)
    if everything is not None and len(names) == 1 and names[0].casefold() in ALL_WORDS:
        return list(everything)
    ids = []
    for name in names:
        found = lookup(name)
        if found is None:
            raise ImportFailed(path, f"okänd {what} '{name}'", line=line, column=column)
        ids.append(found)
    return list(dict.fromkeys(ids))


# Words that mean "every area" / "every category" in a list cell.
ALL_WORDS = ("alla", "all", "hela kommunen", "whole municipality")


@dataclass
class TextCleaner:
    """Redacts free text cell by cell and remembers which lines lost what (for the notes)."""

    path: Path
    affected: dict[int, set[str]] = field(default_factory=dict)

    def clean(self, text: str, *, line: int, column: str) -> tuple[str | None, bool]:
        cleaned = text.strip()
        if len(cleaned) > MAX_TEXT_LENGTH:
            raise ImportFailed(
                self.path,
                f"texten har {len(cleaned)} tecken; högst {MAX_TEXT_LENGTH} tillåts",
                line=line,
                column=column,
            )
        if not cleaned:
            return None, False
        result = redact(cleaned)
        if result.removed:
            self.affected.setdefault(line, set()).update(result.removed)
        return result.text, bool(result.removed)

    def note(self) -> list[str]:
        """One import note naming the rows whose text was redacted (none if nothing was)."""
        if not self.affected:
            return []
        lines = sorted(self.affected)
        kinds = sorted(set().union(*self.affected.values()))
        shown = ", ".join(str(line) for line in lines[:20])
        more = f" och {len(lines) - 20} till" if len(lines) > 20 else ""
        rows = "rad" if len(lines) == 1 else "rader"
        note = (
            f"personuppgifter ({', '.join(kinds)}) togs bort ur fritexten på {len(lines)} "
            f"{rows}: rad {shown}{more}; originaltexten sparades inte"
        )
        return [note]
