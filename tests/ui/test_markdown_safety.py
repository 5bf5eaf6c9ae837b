"""Data shown through st.markdown renders as plain text: no live link, no tracking pixel, no
traceback from a broken URL (issue 14.5)."""

from __future__ import annotations

import re
import string

import pandas as pd
import pytest

from ui.format import markdown_link, markdown_text, trusted_url
from ui.safety_parts import real_source_lines

HOSTILE = [
    "[Logga in med BankID här](http://evil.example/login)",
    "![x](http://evil.example/pixel.png)",
    "<img src=http://evil.example/p.png>",
    "http://evil.example/autolink och www.evil.example",
    "*fet* _kursiv_ `kod` # rubrik | tabell | :red[röd] $x^2$ :material/lock:",
    "rad ett\nrad två\r\n- lista",
]


def unescaped_punctuation(markdown: str) -> list[str]:
    """ASCII punctuation not escaped by a backslash: what markdown may read as syntax (in
    CommonMark a backslash before any ASCII punctuation makes it a literal character)."""
    found, index = [], 0
    while index < len(markdown):
        if markdown[index] == "\\":
            index += 2
            continue
        if markdown[index] in string.punctuation:
            found.append(markdown[index])
        index += 1
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_leaves_no_markdown_syntax(text: str) -> None:
    escaped = markdown_text(text)
    assert unescaped_punctuation(escaped) == []
    assert "\n" not in escaped and "\r" not in escaped
    # Taking the escapes out gives the text back (line breaks as spaces).
    assert re.sub(r"\\(.)", r"\1", escaped) == " ".join(text.replace("\r", " ").split("\n"))


def test_escaped_text_keeps_swedish_letters_and_spaces() -> None:
    assert markdown_text("Åtgärd på Söderhamnen – 50 %") == "Åtgärd på Söderhamnen – 50 \\%"


@pytest.mark.parametrize(
    ("url", "trusted"),
    [
        ("https://www.vaxholm.se/trygghet/matning.pdf", True),
        ("https://bra.se/statistik/ntu.html?ar=2023#tabell", True),
        ("http://www.vaxholm.se/", False),
        ("https://evil.example/", False),
        ("https://vaxholm.se.evil.example/", False),
        ("https://evilvaxholm.se/", False),
        ("https://[vaxholm.se/", False),
        ("https://bra.se/x) ![p](http://evil.example/p.png", False),
        ("javascript:alert(1)", False),
        (None, False),
    ],
)
def test_only_https_pages_of_trusted_publishers_become_links(url: object, trusted: bool) -> None:
    assert (trusted_url(url) is not None) is trusted
    link = markdown_link("källa", url)
    assert link == (f"[källa]({url})" if trusted else "källa")


def test_source_lines_survive_a_broken_url_and_link_only_trusted_pages() -> None:
    rows = pd.DataFrame(
        {
            "kind": ["real", "real", "real"],
            "source_url": [
                "https://[::1]x/",
                "http://evil.example/pixel.png",
                "https://www.vaxholm.se/matning",
            ],
            "year_label": ["2023", "2023", "2023"],
            "area": ["Vaxholm", "Vaxholm", "Vaxholm"],
        }
    )
    lines = real_source_lines(rows)
    assert len(lines) == 1
    assert "(https://www.vaxholm.se/matning)" in lines[0]
