"""The message catalogue: every key has Swedish and English text and the same placeholders."""

import re
import string

import pytest

from ui.i18n import LANGUAGES, MESSAGES


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_and_the_same_placeholders(key: str) -> None:
    texts = MESSAGES[key]
    assert set(texts) == set(LANGUAGES)
    assert all(text.strip() for text in texts.values())
    assert placeholders(texts["sv"]) == placeholders(texts["en"])


def test_english_spells_out_confidence_interval() -> None:
    """Trygghet's English sentences said "CI" where Insatser says "confidence interval": a
    reader outside statistics does not know the abbreviation (Swedish keeps "KI")."""
    abbreviated = [key for key, texts in MESSAGES.items() if re.search(r"\bCIs?\b", texts["en"])]
    assert abbreviated == []
