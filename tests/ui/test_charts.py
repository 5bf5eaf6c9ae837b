"""The shared chart layer: time encoded as time (years and ISO weeks), readable heights,
every ranking label kept, hidden points drawn as hidden, tooltips titled in the UI's language
and legend entries for bands and trend lines."""

from __future__ import annotations

import html
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from ui import charts


def week_chart(lang: str, monkeypatch: pytest.MonkeyPatch, weeks: list[int]) -> str:
    """The SVG of points at the Mondays of ISO weeks `weeks` of 2026 on the week axis."""
    monkeypatch.setattr("ui.i18n.language", lambda: lang)
    mondays = [pd.Timestamp.fromisocalendar(2026, week, 1) for week in weeks]
    frame = charts.week_fields(pd.DataFrame({"week_start": mondays, "n": range(len(weeks))}))
    x = charts.week_x("week", "Vecka", frame["week"])
    spec = alt.Chart(frame).mark_point().encode(x=x, y="n:Q").properties(width=400).to_dict()
    assert spec["encoding"]["x"]["type"] == "temporal"
    return html.unescape(vlc.vegalite_to_svg(spec))


@pytest.mark.parametrize(("lang", "prefix"), [("sv", "v. "), ("en", "wk ")])
def test_week_axis_is_temporal_with_one_label_per_week(lang, prefix, monkeypatch) -> None:
    svg = week_chart(lang, monkeypatch, [46, 47, 48])
    # The ticks sit on the Mondays: weeks 46, 47 and 48 each labelled once, no week 45.
    assert re.findall(rf">{re.escape(prefix)}(\d+)<", svg) == ["46", "47", "48"]


def test_each_weeks_point_sits_above_its_label(monkeypatch) -> None:
    """Issue 12: week 47's point was drawn above a Sunday tick labelled week 46."""
    svg = week_chart("sv", monkeypatch, [46, 47, 48])
    labels = {
        int(week): float(x)
        for x, week in re.findall(r'transform="translate\(([\d.]+),[\d.]+\)"[^>]*>v\. (\d+)<', svg)
    }
    points = sorted(
        float(x)
        for x in re.findall(r'aria-roledescription="point" transform="translate\(([\d.]+),', svg)
    )
    assert sorted(labels) == [46, 47, 48] and len(points) == 3
    for week, point in zip((46, 47, 48), points, strict=True):
        assert labels[week] == pytest.approx(point, abs=0.5), (week, labels, points)


def test_long_week_axes_label_every_kth_monday_ending_with_the_last() -> None:
    mondays = pd.Series(pd.date_range("2026-01-05", periods=30, freq="7D"))
    values = charts.week_x("week", "Vecka", mondays).to_dict()["axis"]["values"]
    assert len(values) <= charts.MAX_WEEK_LABELS
    last = values[-1]
    assert pd.Timestamp(last["year"], last["month"], last["date"]) == mondays.iloc[-1]


def test_rows_keep_their_height_whatever_the_count() -> None:
    assert charts.rows_height(1) == charts.MIN_HEIGHT
    assert charts.rows_height(26) == 26 * charts.ROW_HEIGHT
