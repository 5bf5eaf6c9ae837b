"""Survey wave changes carry the design effect of the printed intervals (Monte Carlo).

NTU-like results: the source prints Wilson limits at n / 1.4 (design effect 1.4) and the
true sampling variance is that of n / 1.4 independent respondents. Before, the change test
ignored the design effect and called 9.6-9.8 % of no-change wave pairs a change.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from analytics.change import INCREASE, NO_CERTAIN_CHANGE, compare_shares, wilson_interval
from analytics.safety import INTERVAL_SOURCE, design_effect, successes

DEFF = 1.4


def _printed_row(share: float, n: int) -> dict[str, object]:
    low, high = wilson_interval(share * n / DEFF / 100, n / DEFF)
    return {
        "share": share,
        "n": n,
        "lower": 100 * low,
        "upper": 100 * high,
        "interval_method": INTERVAL_SOURCE,
    }


def test_design_effect_is_read_from_the_printed_interval() -> None:
    assert design_effect(_printed_row(30.0, 1_400)) == pytest.approx(DEFF, rel=0.01)
    assert design_effect({"interval_method": "wilson", "share": 30.0, "n": 100}) == 1.0


def test_no_change_wave_pairs_get_at_most_five_percent_verdicts() -> None:
    rng = np.random.default_rng(187)
    reps, n, p = 1500, 700, 0.3
    effective = round(n / DEFF)
    verdicts = 0
    for hits_before, hits_after in rng.binomial(effective, p, size=(reps, 2)):
        before = _printed_row(100 * hits_before / effective, n)
        after = _printed_row(100 * hits_after / effective, n)
        change = compare_shares(
            successes(before["share"], n),
            n,
            successes(after["share"], n),
            n,
            design_effect_before=design_effect(before),
            design_effect_after=design_effect(after),
        )
        verdicts += change.verdict != NO_CERTAIN_CHANGE
        # The verdict is the printed interval's: never a change when it holds 0.
        assert (change.verdict == NO_CERTAIN_CHANGE) == (change.lower <= 0 <= change.upper)
    assert verdicts / reps <= 0.05 + 2.5 * math.sqrt(0.05 * 0.95 / reps)


def test_design_effect_widens_the_interval_and_can_remove_a_verdict() -> None:
    plain = compare_shares(200, 1000, 240, 1000)
    clustered = compare_shares(
        200, 1000, 240, 1000, design_effect_before=1.4, design_effect_after=1.4
    )
    assert plain.verdict == INCREASE and clustered.verdict == NO_CERTAIN_CHANGE
    assert clustered.upper - clustered.lower > plain.upper - plain.lower
    with pytest.raises(ValueError):
        compare_shares(1, 10, 2, 10, design_effect_before=0.5)
