"""The shared chart layer: time encoded as time (years and ISO weeks), readable heights,
every ranking label kept, hidden points drawn as hidden, tooltips titled in the UI's language
and legend entries for bands and trend lines."""

from __future__ import annotations

import pandas as pd
import pytest
import vl_convert as vlc

from ui import charts


def test_iso_week_monday_matches_isocalendar() -> None:
    weeks = pd.DataFrame({"year": [2026, 2025, 2020, 2026], "week": [47, 1, 53, 1]})
    mondays = charts.iso_week_monday(weeks["year"], weeks["week"])
    for monday, (year, week) in zip(mondays, weeks.itertuples(index=False), strict=True):
        assert monday.weekday() == 0
        assert tuple(monday.isocalendar())[:2] == (year, week)
    # ISO week 1 of 2025 starts in December 2024.
    assert mondays.iloc[1] == pd.Timestamp("2024-12-30")
    assert charts.iso_week_monday(2026, 47) == pd.Timestamp("2026-11-16")


@pytest.mark.parametrize(("lang", "label"), [("sv", "v. 47"), ("en", "w. 47")])
def test_week_axis_is_temporal_and_labelled_as_week(lang: str, label: str, monkeypatch) -> None:
    monkeypatch.setattr(charts, "language", lambda: lang)
    frame = pd.DataFrame({"week": charts.iso_week_monday(2026, pd.Series([46, 47, 48])), "n": 3})
    x = charts.week_x("week", "Vecka", frame["week"])
    chart = alt_chart(frame, x, charts.week_tooltip("week", "Vecka"))
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["type"] == "temporal"
    svg = vlc.vegalite_to_svg(spec)
    assert label in svg
    # The ticks sit on the Mondays: weeks 46, 47 and 48 each labelled once, no week 45.
    for week in (46, 48):
        assert label.replace("47", str(week)) in svg
    assert label.replace("47", "45") not in svg


def alt_chart(frame, x, tooltip):
    import altair as alt

    return alt.Chart(frame).mark_point().encode(x=x, y="n:Q", tooltip=[tooltip])
