"""Personal data out of free text before anything is stored (DESIGN §3.5).

Three kinds are found and replaced by a marker; the original text is never kept:
- Swedish personal identity numbers and co-ordination numbers (personnummer,
  samordningsnummer): 10 or 12 digits, with or without century, with `-`, `+` or nothing
  before the last four, checked with the `personnummer` package (date and Luhn check digit),
  so an order number that merely looks like one is left alone;
- Swedish phone numbers: a leading 0, 0046 or +46, then 7–9 digits in groups separated by
  spaces or hyphens (070-123 45 67, 08-123 456 78, +46 70 123 45 67, 0046701234567);
- e-mail addresses.

EST descriptions and free place names, and the titles, promises and follow-up notes of insatser,
are redacted (`redact`); notes on survey and Stockholmsenkäten figures have no reason to name a
person, so a note with personal data is refused (`refuse_personal_data`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from personnummer import personnummer

from data.importers.common import ImportFailed

PERSONAL_NUMBER = "personnummer"
PHONE = "telefonnummer"
EMAIL = "e-postadress"
# The text that replaces each kind of personal data.
MARKERS = {
    PERSONAL_NUMBER: "[personnummer borttaget]",
    PHONE: "[telefonnummer borttaget]",
    EMAIL: "[e-postadress borttagen]",
}

# Local part and domain may hold letters such as å, ä, ö (internationalised addresses).
_EMAIL_PATTERN = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
# An address written out to fool a robot: "anna at vaxholm dot se", "anna(at)vaxholm.se",
# "anna [at] vaxholm [punkt] se", "anna snabel-a vaxholm.se".
_AT = r"(?:\s*[(\[{]\s*(?:at|snabel-?a)\s*[)\]}]\s*|\s+(?:at|snabel-?a)\s+|\s*@\s*)"
_DOT = r"(?:\s*[(\[{]\s*(?:dot|punkt)\s*[)\]}]\s*|\s+(?:dot|punkt)\s+|\.)"
_SPELLED_EMAIL_PATTERN = re.compile(
    rf"(?<![\w.+-])[\w.%+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}(?![\w-])",
    re.IGNORECASE,
)
# What people put between digit groups: spaces of every kind (also no-break), or a hyphen, an
# en or em dash or a minus sign, with or without a space on either side ("070 - 123 45 67").
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_GAP = rf"(?:[^\S\n]?[{_DASHES}][^\S\n]?|[^\S\n])"
# 6 or 8 digits (YYMMDD / YYYYMMDD; the century may stand apart: "19 811218"), an optional
# separator (a `+` for someone over 100, or any gap), 4 digits; not inside a longer run of
# digits. The check digit decides (`personnummer`, on the digits with the gaps taken out).
_PERSONAL_NUMBER_PATTERN = re.compile(
    rf"(?<![\d{_DASHES}])(?:\d{{2}}[^\S\n]?)?\d{{6}}(?:[^\S\n]?\+[^\S\n]?|{_GAP})?\d{{4}}(?!\d)"
)
# A leading 0 / +46 / 0046 (optionally "(0)"), or an area code in brackets "(070)", then digit
# groups separated by one gap: 7 to 9 digits after the country or trunk prefix. Not right after
# a dash: "2024-05-01 - 2024-05-07" is a date range, not "05-01 - 2024-05".
_PHONE_PATTERN = re.compile(
    rf"(?<![\w+{_DASHES}])(?:\+|00){_GAP}?46{_GAP}?(?:\(0\){_GAP}?)?[1-9](?:{_GAP}?\d){{6,8}}(?!\d)"
    rf"|(?<![\w+{_DASHES}])0[1-9](?:{_GAP}?\d){{6,8}}(?!\d)"
    rf"|(?<![\w+{_DASHES}])\(0[1-9]\d{{0,2}}\){_GAP}?\d(?:{_GAP}?\d){{4,7}}(?!\d)"
)
# The characters that separate digit groups, taken out before the check digit is computed.
_SEPARATORS = re.compile(rf"[\s{_DASHES}]")


@dataclass(frozen=True)
class Redacted:
    """The cleaned text and the kinds of personal data removed from it (in order found)."""

    text: str
    removed: tuple[str, ...]


def _is_personal_number(candidate: str) -> bool:
    """The candidate's digits (and a `+` for someone over 100), gaps taken out, pass
    `personnummer`'s date and check-digit test."""
    normalised = _SEPARATORS.sub("", candidate)
    try:
        return bool(personnummer.valid(normalised))
    except (ValueError, TypeError):
        return False


def redact(text: str) -> Redacted:
    """Replace personal identity numbers, phone numbers and e-mail addresses in `text`."""
    removed: list[str] = []

    def replace(kind: str):
        def substitute(match: re.Match[str]) -> str:
            if kind == PERSONAL_NUMBER and not _is_personal_number(match.group(0)):
                return match.group(0)
            removed.append(kind)
            return MARKERS[kind]

        return substitute

    cleaned = _EMAIL_PATTERN.sub(replace(EMAIL), text)
    cleaned = _SPELLED_EMAIL_PATTERN.sub(replace(EMAIL), cleaned)
    # Personal numbers before phone numbers: 0101011234 (born 2001) is a valid personnummer
    # and also looks like a phone number.
    cleaned = _PERSONAL_NUMBER_PATTERN.sub(replace(PERSONAL_NUMBER), cleaned)
    cleaned = _PHONE_PATTERN.sub(replace(PHONE), cleaned)
    return Redacted(cleaned, tuple(removed))


def contains_personal_data(text: str) -> bool:
    return bool(redact(text).removed)


def refuse_personal_data(
    text: str, *, path: str | Path, line: int | None, column: str | None
) -> None:
    """Raise ImportFailed if `text` holds personal data: for notes on statistics, which have no
    reason to name a person. The message names the kind found, never the text itself."""
    removed = redact(text).removed
    if removed:
        kinds = ", ".join(sorted(set(removed)))
        raise ImportFailed(
            path,
            f"texten innehåller personuppgifter ({kinds}) och sparas inte; ta bort dem ur filen",
            line=line,
            column=column,
        )


# A wider net than the patterns, in RE2 syntax (pyarrow): a text it does not match holds
# nothing `redact` would remove, so only the texts it matches need `redact`. Python's \d also
# matches digits outside ASCII, so here any character from U+0100 up counts as a digit and the
# net stays wider whatever Unicode version each library knows.
_DIGIT = r"[0-9\x{100}-\x{10FFFF}]"
CANDIDATE_PATTERN = "|".join(
    [
        "@",
        # "at", "(at)", "snabel-a": a spelled-out address (any "at" is a candidate; redact
        # decides).
        r"(?i:(?:^|[^A-Za-z])(?:at|snabel)(?:$|[^A-Za-z]))",
        # A phone number's country code, however spaced.
        r"(?:\+|00)[^0-9]{0,3}46",
        # Ten digits as a personal identity number, with at most three other characters
        # between date and serial (and one after the century).
        rf"(?:^|[^0-9])(?:{_DIGIT}{{2}}[^0-9]?)?{_DIGIT}{{6}}[^0-9]{{0,3}}{_DIGIT}{{4}}(?:$|[^0-9])",
        # A trunk prefix (or "(0"), then six more digits, at most four other characters apart.
        rf"(?:^|[^0-9A-Za-z_+])\(?0[1-9](?:[^0-9]{{0,4}}{_DIGIT}){{6}}",
    ]
)


def candidates(texts: list[str] | pa.Array) -> list[int]:
    """Positions of the texts that may hold personal data (a superset of those `redact`
    changes): one vectorised regular-expression pass instead of three per text."""
    if not texts:
        return []
    try:
        if not isinstance(texts, pa.Array):
            texts = pa.array(texts, pa.large_string())
        found = pc.match_substring_regex(texts, CANDIDATE_PATTERN)
    except (pa.ArrowException, UnicodeError):
        # Text pyarrow cannot hold (a lone surrogate): every text is a candidate.
        return list(range(len(texts)))
    return np.flatnonzero(found.to_numpy(zero_copy_only=False)).tolist()
