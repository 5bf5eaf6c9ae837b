"""The survey rule (analytics.suppression.survey_partition_mask) against an attacker who sees a
shown total (Vaxholm, all respondents) and its shown parts (districts, women and men) with
their n and share. The attacker enumerates every respondent count and every number of "yes"
a hidden cell could have given all that is shown (an independent brute force, not the rule's
own reasoning); no hidden cell's share may be pinned to one value."""

from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.suppression import MIN_SURVEY_RESPONDENTS, PRIMARY, survey_partition_mask

TOTAL = "total"


def possible_shares(n, yes, mask, part, *, n_shown_when_hidden, complete):
    """Every share the hidden `part` can have given the shown total and shown parts.

    n_shown_when_hidden: the old page showed n of hidden cells; the attacker then knows it.
    complete: whether the parts make up the whole total (then no unreported rest)."""
    parts = [label for label in n.index if label != TOTAL]
    shown = [label for label in parts if mask[label] == ""]
    rest_n = n[TOTAL] - n[shown].sum()
    rest_yes = yes[TOTAL] - yes[shown].sum()
    others = [label for label in parts if mask[label] != "" and label != part]

    def bounds(label):
        if n_shown_when_hidden:
            return n[label], n[label]
        if mask[label] == PRIMARY:
            return 1, MIN_SURVEY_RESPONDENTS - 1
        return MIN_SURVEY_RESPONDENTS, np.inf

    low = sum(bounds(label)[0] for label in others)
    high = sum(bounds(label)[1] for label in others) if complete else np.inf
    if n_shown_when_hidden and not complete:
        high = np.inf
    own_low, own_high = bounds(part)
    shares = set()
    for size in range(int(own_low), int(min(own_high, rest_n - low)) + 1):
        if rest_n - size > high or rest_n - size < low:
            continue
        first = max(0, rest_yes - (rest_n - size))
        for hits in range(int(first), int(min(size, rest_yes)) + 1):
            shares.add(Fraction(hits, size))
    return shares


@st.composite
def partitions(draw):
    """A total and 2-6 parts (n 3..300, some under 30), maybe with an unreported rest."""
    sizes = draw(
        st.lists(st.one_of(st.integers(3, 29), st.integers(30, 300)), min_size=2, max_size=6)
    )
    rates = draw(
        st.lists(
            st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]), min_size=len(sizes), max_size=len(sizes)
        )
    )
    rest = draw(st.sampled_from([0, 0, 5, 40]))
    rest_rate = draw(st.sampled_from([0.0, 0.5, 1.0]))
    labels = [f"p{k}" for k in range(len(sizes))]
    n = pd.Series([*sizes], index=labels, dtype=float)
    yes = pd.Series([round(s * r) for s, r in zip(sizes, rates, strict=True)], index=labels)
    n[TOTAL] = n.sum() + rest
    yes[TOTAL] = yes.sum() + round(rest * rest_rate)
    return n, yes.astype(float), rest == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partitions())
def test_no_hidden_share_is_pinned_by_total_minus_shown_parts(case):
    n, yes, complete = case
    parts = [label for label in n.index if label != TOTAL]
    mask = survey_partition_mask(n, yes, [(TOTAL, parts)])
    assert (mask[n < MIN_SURVEY_RESPONDENTS] != "").all()
    if mask[TOTAL] != "":
        return
    for part in parts:
        if mask[part] != "":
            shares = possible_shares(
                n, yes, mask, part, n_shown_when_hidden=False, complete=complete
            )
            assert len(shares) >= 2, (part, shares, n.to_dict(), yes.to_dict(), mask.to_dict())


def test_the_old_rule_gave_a_hidden_district_back():
    """Vaxholm 90 % of 538; Bogesundslandet (n 17) hidden, the other districts shown with n:
    the old page's total minus the shown districts pinned Bogesundslandet's share."""
    n = pd.Series({"Vaxön": 215, "Resarö": 118, "Kullö": 81, "Rindö": 37, "Boges": 17})
    yes = pd.Series({"Vaxön": 190, "Resarö": 110, "Kullö": 74, "Rindö": 33, "Boges": 15})
    n[TOTAL], yes[TOTAL] = n.sum() + 70, yes.sum() + 62
    n, yes = n.astype(float), yes.astype(float)
    old = pd.Series("", index=n.index, dtype=object)
    old["Boges"] = PRIMARY
    # The old page: n shown for the hidden district; the districts are all of Vaxholm here.
    n_all = n.copy()
    n_all[TOTAL] = n_all.drop(TOTAL).sum()
    yes_all = yes.copy()
    yes_all[TOTAL] = yes_all.drop(TOTAL).sum()
    pinned = possible_shares(n_all, yes_all, old, "Boges", n_shown_when_hidden=True, complete=True)
    assert pinned == {Fraction(15, 17)}
    mask = survey_partition_mask(n_all, yes_all, [(TOTAL, list(n.index.drop(TOTAL)))])
    assert mask["Rindö"] != ""  # the smallest shown district goes with it
    for part in ("Boges", "Rindö"):
        assert (
            len(
                possible_shares(
                    n_all, yes_all, mask, part, n_shown_when_hidden=False, complete=True
                )
            )
            >= 2
        )


def test_a_rest_of_all_yes_is_not_left_with_hidden_parts():
    # Two hidden districts whose 20 respondents all said yes: both would read 100 %.
    n = pd.Series({"a": 12.0, "b": 8.0, "c": 100.0, TOTAL: 120.0})
    yes = pd.Series({"a": 12.0, "b": 8.0, "c": 60.0, TOTAL: 80.0})
    mask = survey_partition_mask(n, yes, [(TOTAL, ["a", "b", "c"])])
    assert mask["c"] != "" or mask[TOTAL] != ""
