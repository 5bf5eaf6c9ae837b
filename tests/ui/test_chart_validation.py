"""Charts are validated against the Vega-Lite schema once per spec shape, not on every run."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from ui import frame


def _chart(values: list[int], *, mark: str = "line", **top_level: object) -> alt.Chart:
    data = pd.DataFrame({"year": range(len(values)), "value": values})
    chart = alt.Chart(data, **top_level)
    return getattr(chart, f"mark_{mark}")().encode(x="year:O", y="value:Q")


def test_a_shape_is_validated_once_and_other_data_reuses_it(monkeypatch) -> None:
    monkeypatch.setattr(frame, "_VALIDATED_SHAPES", set())
    calls: list[bool] = []
    original = alt.Chart.to_dict

    def counting(self, *args, **kwargs):
        calls.append(kwargs.get("validate", True))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(alt.Chart, "to_dict", counting)
    first = frame._validated_once(_chart([1, 2, 3])).to_dict()
    second = frame._validated_once(_chart([4, 5, 6])).to_dict()
    # The same spec as Altair's own, validated the first time only.
    assert first == original(_chart([1, 2, 3]))
    assert second == original(_chart([4, 5, 6]))
    assert calls == [False, True, False]
    # Another shape (bars) is validated again.
    calls.clear()
    frame._validated_once(_chart([1, 2], mark="bar")).to_dict()
    assert calls == [False, True]


def test_an_invalid_spec_still_fails(monkeypatch) -> None:
    monkeypatch.setattr(frame, "_VALIDATED_SHAPES", set())
    # Altair checks a top-level chart's arguments only in to_dict.
    with pytest.raises(alt.utils.schemapi.SchemaValidationError, match="very wide"):
        frame._validated_once(_chart([1, 2, 3], width="very wide")).to_dict()
    # Not remembered as valid: it fails again, with other data too.
    with pytest.raises(alt.utils.schemapi.SchemaValidationError, match="very wide"):
        frame._validated_once(_chart([4, 5, 6], width="very wide")).to_dict()
