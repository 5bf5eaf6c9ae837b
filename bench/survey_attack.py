"""How many hidden Trygghet cells an attacker pins exactly, before and after the complementary
rule: every wave of the example data (all indicators, years, groups), each shown total with
its shown parts, n and shares as the page shows them. The attacker is the brute force of
tests/analytics/test_survey_suppression.py (every n and number of "yes" a hidden cell could
have). "complete" also assumes the districts make up all of Vaxholm (a real import may)."""

import pandas as pd

from analytics.safety import PARTITION_KEY, _partitions, successes, suppress_small_cells
from analytics.suppression import MIN_SURVEY_RESPONDENTS, PRIMARY, survey_partition_mask
from data.example_safety import trygghetsmatning_results
from tests.analytics.test_survey_suppression import TOTAL, possible_shares


def attack(frame: pd.DataFrame, *, old: bool, complete: bool) -> tuple[int, int]:
    """(pinned, hidden) over every partition whose total is shown."""
    pinned = hidden_cells = 0
    for _, cells in frame.groupby(PARTITION_KEY, dropna=False):
        cells = cells.set_index(["area", "respondent_group"])
        for total, parts in _partitions(cells.reset_index()):
            parts = [part for part in parts if part in cells.index]
            if total not in cells.index or not parts:
                continue
            sub = cells.loc[[total, *parts]]
            labels = [TOTAL, *range(len(parts))]
            n = pd.Series(sub["true_n"].to_numpy(float), index=labels)
            yes = pd.Series(sub["yes"].to_numpy(float), index=labels)
            if complete:
                n[TOTAL], yes[TOTAL] = n.drop(TOTAL).sum(), yes.drop(TOTAL).sum()
            if old:
                mask = pd.Series("", index=labels, dtype=object)
                mask[n < MIN_SURVEY_RESPONDENTS] = PRIMARY
            elif complete:
                # The rule on the complete table (this partition alone).
                mask = survey_partition_mask(n, yes, [(TOTAL, list(range(len(parts))))])
            else:
                mask = pd.Series(sub["suppressed_how"].to_numpy(), index=labels)
            if mask[TOTAL] != "":
                continue
            for part in range(len(parts)):
                if mask[part] == "":
                    continue
                hidden_cells += 1
                shares = possible_shares(
                    n, yes, mask, part, n_shown_when_hidden=old, complete=complete
                )
                pinned += len(shares) == 1
    return pinned, hidden_cells


def published_example() -> pd.DataFrame:
    """The bundled example Trygghetsmätning as the page publishes it, with each cell's true n
    and number of "yes" beside it (true_n, yes)."""
    raw = trygghetsmatning_results().rename(
        columns={"indicator": "indicator_id", "group": "respondent_group"}
    )
    raw = raw.assign(source_id="example", is_example=True, ci_lower=None, ci_upper=None)
    raw = raw.assign(
        true_n=raw["n"].astype(float),
        yes=[successes(s, n) for s, n in zip(raw["share"], raw["n"], strict=True)],
    )
    new, _ = suppress_small_cells(raw)
    return new.assign(true_n=raw["true_n"], yes=raw["yes"])


def main() -> None:
    new = published_example()
    for complete in (False, True):
        for old in (True, False):
            pinned, hidden = attack(new, old=old, complete=complete)
            print(
                f"{'before' if old else 'after '} districts {'complete' if complete else 'as published'}: "
                f"{pinned} of {hidden} hidden cells pinned exactly"
            )


if __name__ == "__main__":
    main()
