"""ui.format.signed_percent: a change from 0 never prints an infinite percentage."""

import math

from ui import format


def test_change_from_zero_reads_as_missing() -> None:
    assert format.signed_percent(math.inf) == format.MISSING
    assert format.signed_percent(math.nan) == format.MISSING
    assert "∞" not in format.signed_percent(math.inf)


def test_year_ranges_join_consecutive_years() -> None:
    assert format.year_ranges([2013, 2011, 2012, 2016]) == "2011–2013, 2016"
    assert format.year_ranges([2020]) == "2020"
    assert format.year_ranges([]) == ""
