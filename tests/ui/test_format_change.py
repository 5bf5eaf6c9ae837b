"""ui.format.signed_percent: a change from 0 never prints an infinite percentage."""

import math

from ui import format


def test_change_from_zero_reads_as_missing() -> None:
    assert format.signed_percent(math.inf) == format.MISSING
    assert format.signed_percent(math.nan) == format.MISSING
    assert "∞" not in format.signed_percent(math.inf)
