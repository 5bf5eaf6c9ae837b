"""Every chart whose lines differ by colour and by dash or shape of the same field keeps one
shared legend: `legend=None` on the dash or shape made Streamlit's Vega-Lite draw no legend at
all (seen in the browser on Brottsutveckling, Trygghet and Insatser)."""

from __future__ import annotations

import json

import pytest

from tests.pages.conftest import app

CHART_PAGES = [
    "pages/overview.py",
    "pages/crime_trends.py",
    "pages/safety.py",
    "pages/youth.py",
    "pages/situation.py",
    "pages/actions.py",
]


def _encodings(spec: object):
    if isinstance(spec, dict):
        if isinstance(spec.get("encoding"), dict):
            yield spec["encoding"]
        for value in spec.values():
            yield from _encodings(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _encodings(value)


@pytest.mark.parametrize("script", CHART_PAGES)
def test_colour_series_keep_their_legend(script: str) -> None:
    test = app(script)
    checked = 0
    for chart in test.get("vega_lite_chart"):
        for encoding in _encodings(json.loads(chart.proto.spec)):
            colour = encoding.get("color", {})
            if not isinstance(colour, dict) or "field" not in colour:
                continue
            for channel in ("strokeDash", "shape"):
                other = encoding.get(channel, {})
                if isinstance(other, dict) and other.get("field") == colour["field"]:
                    checked += 1
                    assert "legend" not in other or other["legend"] is not None, (
                        script,
                        channel,
                    )
                    assert other.get("title") == colour.get("title"), (script, channel)
    if script in {"pages/crime_trends.py", "pages/safety.py", "pages/actions.py"}:
        assert checked, f"{script}: no chart with colour and dash or shape of one field"
