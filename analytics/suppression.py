"""The one small-number rule (DESIGN §4), applied identically to charts, tables and downloads.

- Counts 1–4 are hidden and shown as "<5" (primary suppression); 0 is shown as "-" and a
  missing value as "." (Swedish official-statistics symbols).
- Secondary suppression: where a table shows row or column totals, a row or column with
  exactly one hidden cell would give it away (total minus the others), so the smallest other
  non-zero cell of that line (a zero if nothing else is left) is hidden too, shown as "..",
  until no line has exactly one hidden cell.
- Survey cells with fewer than 30 respondents are not shown ("..").

Functions return masks and display frames; callers drop or blank the hidden values in every
view (chart data, table, CSV) from the same mask, so no view can reveal what another hides.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from scipy.optimize import linprog

# Counts from 1 up to this value are hidden (shown as "<5").
SMALL_COUNT_MAX = 4
# Survey cells answered by fewer respondents than this are not shown.
MIN_SURVEY_RESPONDENTS = 30
PRIMARY, SECONDARY = "primary", "secondary"
# Swedish symbols: hidden small count, hidden for another reason, zero, missing.
SYMBOL_SMALL, SYMBOL_HIDDEN, SYMBOL_ZERO, SYMBOL_MISSING = "<5", "..", "-", "."


def small_count_mask(
    counts: pd.DataFrame, *, rows_have_totals: bool = True, columns_have_totals: bool = True
) -> pd.DataFrame:
    """Which cells of a count table to hide: "" (shown), "primary" or "secondary".

    counts: a table of non-negative whole counts (rows x columns, e.g. area x category);
    NaN is missing and never hidden. `rows_have_totals` / `columns_have_totals` say whether
    the view also shows each row's / column's total (then secondary suppression applies).
    """
    values = counts.to_numpy(dtype=float)
    mask = np.full(values.shape, "", dtype=object)
    primary = (values >= 1) & (values <= SMALL_COUNT_MAX)
    mask[primary] = PRIMARY
    changed = True
    while changed:
        changed = False
        lines = []
        if rows_have_totals:
            lines += [(mask[i, :], values[i, :], ("row", i)) for i in range(values.shape[0])]
        if columns_have_totals:
            lines += [(mask[:, j], values[:, j], ("col", j)) for j in range(values.shape[1])]
        for line_mask, line_values, (axis, index) in lines:
            hidden = line_mask != ""
            if hidden.sum() != 1:
                continue
            visible = ~hidden & ~np.isnan(line_values)
            candidates = np.where(visible & (line_values > 0))[0]
            if candidates.size == 0:
                # Only zeros left: hiding one of them still leaves two unknowns.
                candidates = np.where(visible)[0]
            if candidates.size == 0:
                continue
            # Hide the smallest other cell: it loses the least information.
            pick = candidates[np.argmin(line_values[candidates])]
            if axis == "row":
                mask[index, pick] = SECONDARY
            else:
                mask[pick, index] = SECONDARY
            changed = True
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)


def apply_count_mask(counts: pd.DataFrame, mask: pd.DataFrame) -> pd.DataFrame:
    """The numbers a chart or CSV may carry: hidden cells become NaN (same shape)."""
    return counts.where(mask == "", np.nan)


def display_counts(counts: pd.DataFrame, mask: pd.DataFrame) -> pd.DataFrame:
    """Text for tables: numbers, "<5" (primary), ".." (secondary), "-" (zero), "." (missing)."""

    def cell(value: float, how: str) -> str:
        if how == PRIMARY:
            return SYMBOL_SMALL
        if how == SECONDARY:
            return SYMBOL_HIDDEN
        if pd.isna(value):
            return SYMBOL_MISSING
        if value == 0:
            return SYMBOL_ZERO
        return str(int(value))

    return pd.DataFrame(
        [
            [cell(v, m) for v, m in zip(row_values, row_mask, strict=True)]
            for row_values, row_mask in zip(counts.to_numpy(), mask.to_numpy(), strict=True)
        ],
        index=counts.index,
        columns=counts.columns,
    )


def hide_small_survey_cells(
    frame: pd.DataFrame,
    *,
    n_col: str = "n",
    value_cols: tuple[str, ...] = ("share", "ci_lower", "ci_upper"),
) -> tuple[pd.DataFrame, int]:
    """Blank the values of survey cells with n < 30; returns (frame copy, cells hidden).

    Rows keep their keys so a table can say the cell exists but is not shown; a missing n
    (published figures without respondent counts) is left as published.
    """
    result = frame.copy()
    small = result[n_col].notna() & (result[n_col] < MIN_SURVEY_RESPONDENTS)
    present = [column for column in value_cols if column in result]
    result[present] = result[present].astype(float)
    result.loc[small, present] = np.nan
    return result, int(small.sum())


# --- one published table per week: cells with their row, column and grand totals -------------

# The label of the total row and column added by `table_with_totals`.
TOTAL = "__total__"


def table_with_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """`counts` (e.g. area x category) with a total row and column (label TOTAL).

    Every public view of a page that filters by row and column (one area or all, one category
    or all) is an entry of this table, so masking it once with `published_table_mask` covers
    every filter combination and every "total minus parts" between them.
    """
    values = counts.astype(float)
    extended = values.copy()
    extended[TOTAL] = values.sum(axis=1)
    extended.loc[TOTAL] = extended.sum(axis=0)
    return extended


def _can_move(values: np.ndarray, mask: np.ndarray, only=None) -> dict[tuple[int, int], bool]:
    """For each hidden entry of a table with totals: could it be one more or one less, with
    every shown entry, every sum and every symbol's bounds ("<5" is 1..4, ".." any count)
    still holding? An entry that can do neither is pinned: a reader can work it out.

    With the margins' signs flipped (z = -total) every row and column sums to zero, so the
    changes that keep all sums are circulations on the bipartite graph rows x columns whose
    edges are the hidden entries; an entry can change by one exactly when an alternating
    cycle through it has room in every entry (conformal decomposition). Each check is a
    search for a path, so the rule costs milliseconds, not a linear programme per cell.
    only: a test of which hidden entries to check (default all).
    """
    n_rows, n_cols = values.shape
    hidden = [tuple(int(k) for k in index) for index in np.argwhere(mask != "")]
    up, down = {}, {}
    for cell in hidden:
        low, high = (1.0, float(SMALL_COUNT_MAX)) if mask[cell] == PRIMARY else (0.0, np.inf)
        can_up, can_down = values[cell] + 1 <= high, values[cell] - 1 >= low
        margin = (cell[0] == n_rows - 1) != (cell[1] == n_cols - 1)
        up[cell], down[cell] = (can_down, can_up) if margin else (can_up, can_down)

    by_column: dict[int, list[tuple[int, int]]] = {}
    by_row: dict[int, list[tuple[int, int]]] = {}
    for cell in hidden:
        by_column.setdefault(cell[1], []).append(cell)
        by_row.setdefault(cell[0], []).append(cell)

    def path(cell: tuple[int, int], column_to_row: dict, row_to_column: dict) -> bool:
        # From the cell's column back to its row: column -> row over one kind of entry,
        # row -> column over the other, never through the cell itself.
        target, start = cell
        seen_rows, seen_cols, frontier = set(), {start}, [start]
        while frontier:
            next_cols = []
            for column in frontier:
                for other in by_column[column]:
                    if other == cell or not column_to_row[other] or other[0] in seen_rows:
                        continue
                    if other[0] == target:
                        return True
                    seen_rows.add(other[0])
                    for onward in by_row[other[0]]:
                        if onward != cell and row_to_column[onward] and onward[1] not in seen_cols:
                            seen_cols.add(onward[1])
                            next_cols.append(onward[1])
            frontier = next_cols
        return False

    return {
        cell: (up[cell] and path(cell, down, up)) or (down[cell] and path(cell, up, down))
        for cell in hidden
        if only is None or only(cell)
    }


def _hide_one_more(values: np.ndarray, mask: np.ndarray, cell: tuple[int, int]) -> bool:
    """Hide one more shown entry in the row or column of `cell`: an inner cell before a
    total (totals are what most readers want), a non-zero one before a zero, the smallest."""
    i, j = cell
    n_rows, n_cols = values.shape
    line = {(i, c) for c in range(n_cols)} | {(r, j) for r in range(n_rows)}
    shown = [c for c in sorted(line) if mask[c] == ""]
    if not shown:
        return False

    def preference(c: tuple[int, int]) -> tuple[int, int, float]:
        margins = (c[0] == n_rows - 1) + (c[1] == n_cols - 1)
        return (margins, int(values[c] == 0), float(values[c]))

    mask[min(shown, key=preference)] = SECONDARY
    return True


def published_table_mask(counts: pd.DataFrame, *, cells_published: bool = False) -> pd.DataFrame:
    """Which entries of `table_with_totals(counts)` the public may not see.

    The public sees a fixed hierarchy: the row totals, the column totals and the grand total
    (one area, all areas; one category, all categories), and with `cells_published` also the
    cells (one area and one category). Cells not published are marked "secondary" (never
    shown). Counts 1–4 among the published entries are hidden ("<5"); then further entries
    (".."), inner cells first, the smallest first, until no hidden entry of the totals and
    no cell of 1–4 can be worked out from what is shown: not from one line's total minus its
    other entries, not from the bounds "<5" gives (two "<5" summing to 2 are both 1), not
    from any combination of rows and columns (see `_can_move`).
    Returns the mask of the extended table ("" shown, "primary", "secondary").
    """
    extended = table_with_totals(counts)
    values = extended.to_numpy(dtype=float)
    n_rows, n_cols = values.shape
    mask = np.full(values.shape, "", dtype=object)
    if not cells_published:
        mask[: n_rows - 1, : n_cols - 1] = SECONDARY
    small = (values >= 1) & (values <= SMALL_COUNT_MAX)
    mask[small & (mask == "")] = PRIMARY

    def sensitive(cell: tuple[int, int]) -> bool:
        margin = cell[0] == n_rows - 1 or cell[1] == n_cols - 1
        return margin or bool(small[cell])

    while True:
        movable = _can_move(values, mask, only=sensitive)
        pinned = [cell for cell, can in movable.items() if not can]
        if not pinned:
            break
        if not any(_hide_one_more(values, mask, cell) for cell in pinned[:1]) and not any(
            _hide_one_more(values, mask, cell) for cell in pinned[1:]
        ):
            # Every line through a pinned entry is hidden already (a one-row table repeats
            # its total row): hide the smallest shown entry anywhere. If nothing is shown,
            # "<5" itself gives it away (four "<5" cells under a "<5" total are all 1): such
            # an entry is shown as ".." instead, which says less.
            shown = np.argwhere(mask == "")
            if shown.size:
                mask[tuple(shown[np.argmin(values[tuple(shown.T)])])] = SECONDARY
            elif any(mask[cell] == PRIMARY for cell in pinned):
                mask[next(cell for cell in pinned if mask[cell] == PRIMARY)] = SECONDARY
            else:
                break
    return pd.DataFrame(mask, index=extended.index, columns=extended.columns)


# --- survey cells that are parts of a shown total ------------------------------------------


def survey_partition_mask(
    n: pd.Series, yes: pd.Series, partitions: list[tuple[object, list[object]]]
) -> pd.Series:
    """Which survey cells to hide: "" (shown), "primary" (n < 30) or "secondary".

    n, yes: respondents and respondents with the attribute per cell (same index; NaN where
    not known, e.g. a published share without n: such a cell is left as it is).
    partitions: (total, parts): the parts' respondents are among the total's (districts of
    Vaxholm, women and men of all respondents); the parts need not cover the whole total.

    A reader who sees the total and the shown parts knows the rest: its respondents and how
    many of them have the attribute. A hidden cell's share must not follow from that, so a
    hidden cell's n is hidden too (callers blank it), and while a shown total leaves
    - exactly one hidden part (the rest could be that part alone), or
    - a rest whose respondents all have the attribute, or none of them (then every hidden
      part is 100 % or 0 %),
    the shown part with the fewest respondents is hidden as well (".."); if no part is left
    to hide, the total is hidden. Repeats until no partition pins a hidden cell.
    """
    sizes = n.astype(float)
    hits = yes.astype(float)
    mask = pd.Series("", index=n.index, dtype=object)
    mask[sizes.notna() & (sizes < MIN_SURVEY_RESPONDENTS)] = PRIMARY
    changed = True
    while changed:
        changed = False
        for total, parts in partitions:
            parts = [part for part in parts if part in mask.index and pd.notna(sizes[part])]
            if total not in mask.index or mask[total] != "" or pd.isna(sizes[total]):
                continue
            hidden = [part for part in parts if mask[part] != ""]
            if not hidden:
                continue
            shown = [part for part in parts if mask[part] == ""]
            rest_n = sizes[total] - sizes[shown].sum()
            rest_yes = hits[total] - hits[shown].sum()
            if len(hidden) >= 2 and 0 < rest_yes < rest_n:
                continue
            if shown:
                mask[min(shown, key=lambda part: (sizes[part], str(part)))] = SECONDARY
            else:
                mask[total] = SECONDARY
            changed = True
    return mask


# --- period views of the public (hotspots, weekday x time): fixed blocks of weeks ---------

# The public's period views cover one fixed block of this many weeks (a quarter of a year).
PUBLISHED_PERIOD_WEEKS = 13
# Blocks are counted from this Monday, so every block starts on a Monday and never moves.
PERIOD_ORIGIN = dt.date(2000, 1, 3)


def published_period(
    week: dt.date, weeks: int = PUBLISHED_PERIOD_WEEKS, *, offset: int = 0
) -> tuple[dt.date, dt.date]:
    """(first Monday, last Sunday) of the fixed block of `weeks` weeks that holds `week`
    (offset -1: the block before it).

    A period counted back from the chosen week would move with the week and the period's
    length: two such periods overlap, and the one minus the other gives a week's hidden
    count. Fixed blocks are either the same or disjoint, so no public choice of week or
    period length can be subtracted from another.
    """
    index = (week - PERIOD_ORIGIN).days // (7 * weeks) + offset
    first = PERIOD_ORIGIN + dt.timedelta(weeks=index * weeks)
    return first, first + dt.timedelta(weeks=weeks, days=-1)


def published_entries(counts: pd.DataFrame, groups: pd.Series | None = None) -> pd.DataFrame:
    """Every entry the public may see of a block's count table, with what it may not see.

    counts: rows x columns (e.g. places x categories, or weekday-time cells x areas) of one
    block. groups: for each row, the group it belongs to (a place's area); each group is its
    own table (rows nested in groups add nothing across groups). The public reads cells and
    row totals; column totals and the group's total are treated as known too (a reader can
    add them up from the weekly tables), so `published_table_mask(cells_published=True)` is
    applied to each group's table with all its totals.
    Returns a long frame: group, row, column (TOTAL for a row's total), count, how
    ('' shown, 'primary' "<5", 'secondary' ".."); the group's totals have row TOTAL.
    """
    labels = list(counts.index)  # rows may be tuples (area, place): work by position
    table_all = counts.reset_index(drop=True)
    table_all.columns = list(counts.columns)
    keys = (
        pd.Series("", index=table_all.index)
        if groups is None
        else pd.Series(list(groups), index=table_all.index)
    )
    parts = []
    for group, rows in keys.groupby(keys, sort=False):
        table = table_all.loc[rows.index]
        extended = table_with_totals(table).to_numpy()
        mask = published_table_mask(table, cells_published=True).to_numpy()
        row_labels = [labels[k] for k in rows.index] + [TOTAL]
        column_labels = [*table.columns, TOTAL]
        parts.append(
            pd.DataFrame(
                [
                    (group, row_labels[i], column_labels[j], extended[i, j], mask[i, j])
                    for i in range(len(row_labels))
                    for j in range(len(column_labels))
                ],
                columns=["group", "row", "column", "count", "how"],
            )
        )
    columns = ["group", "row", "column", "count", "how"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def rows_fully_shown(entries: pd.DataFrame) -> set[tuple[object, object]]:
    """(group, row) of every row of `published_entries` whose entries are all shown.

    A figure computed over a row's reports of several columns (a place's mean severity over
    all categories) is a weighted sum of the row's cells: where categories differ in the
    severities they can have (graffiti is never 3), it bounds how many of the row's reports
    are in each category, so it may be shown only where every cell of the row is shown
    anyway."""
    hidden = entries.groupby(["group", "row"], sort=False)["how"].apply(
        lambda how: (how != "").any()
    )
    return {key for key, any_hidden in hidden.items() if not any_hidden}


# --- totals and parts of any shape (crime types x municipalities x years) ----------------------


def _first_pinned(
    values: np.ndarray,
    mask: np.ndarray,
    relations: list[tuple[int, np.ndarray]],
    cells: list[int],
    free: set[int],
) -> int | None:
    """The first hidden position of `cells` a reader can work out to one value from every
    shown count, every relation (total = sum of parts + a known rest) and the symbols' bounds
    ("<5" 1..4, ".." 0 or more; a total is its parts' sum where they make it up, else at
    least that): two linear programmes over the hidden counts of its group
    (counts linked through relations) give its least and largest value. Positions found to
    keep a range are added to `free` (hiding more only widens ranges)."""

    hidden = mask != ""
    parent: dict[int, int] = {}

    def find(k: int) -> int:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    involved = []
    for total, parts in relations:
        members = [int(total), *(int(p) for p in parts)]
        secret = [k for k in members if hidden[k]]
        if not secret:
            continue
        involved.append(members)
        for k in secret[1:]:
            parent[find(k)] = find(secret[0])
    groups: dict[int, list[list[int]]] = {}
    for members in involved:
        groups.setdefault(find(next(k for k in members if hidden[k])), []).append(members)
    built: dict[int, tuple[list[int], dict]] = {}

    def programme(group: int) -> tuple[list[int], dict]:
        if group in built:
            return built[group]
        unknowns = sorted(k for k in parent if find(k) == group)
        column = {k: i for i, k in enumerate(unknowns)}
        exact, exact_rhs, at_least, at_least_rhs = [], [], [], []
        for members in groups.get(group, []):
            row = np.zeros(len(unknowns))
            signed = [(members[0], 1.0), *((k, -1.0) for k in members[1:])]
            # total - sum(parts) is 0 where the parts make up the total (an equation), else
            # on the side of 0 it lies on; shown counts move to the right side.
            rest = sum(sign * values[k] for k, sign in signed)
            shown = sum(sign * values[k] for k, sign in signed if k not in column)
            for k, sign in signed:
                if k in column:
                    row[column[k]] += sign
            if rest == 0:
                exact.append(row)
                exact_rhs.append(-shown)
            else:
                # The side the counts lie on (a total below its parts' sum: at most that).
                side = 1.0 if rest > 0 else -1.0
                at_least.append(-side * row)
                at_least_rhs.append(side * shown)
        kwargs = {
            "A_eq": np.array(exact) if exact else None,
            "b_eq": np.array(exact_rhs) if exact else None,
            "A_ub": np.array(at_least) if at_least else None,
            "b_ub": np.array(at_least_rhs) if at_least else None,
            "bounds": [(1, SMALL_COUNT_MAX) if mask[k] == PRIMARY else (0, None) for k in unknowns],
            "method": "highs",
        }
        built[group] = (unknowns, kwargs)
        # Any solution is a count table the public cannot tell from the true one: every
        # count it moves by one or more keeps a range. Two solutions cover most counts at once.
        small = np.array([1.0 if mask[k] == PRIMARY else 0.0 for k in unknowns])
        for sign in (1.0, -1.0):
            witness(unknowns, linprog(sign * small, **kwargs))
        return built[group]

    def witness(unknowns: list[int], result) -> None:
        if result.status == 0:
            moved = np.abs(result.x - values[unknowns]) >= 1 - 1e-6
            free.update(k for k, far in zip(unknowns, moved, strict=True) if far)

    for cell in cells:
        if cell in free:
            continue
        unknowns, kwargs = programme(find(cell))
        if cell in free:
            continue
        objective = np.zeros(len(unknowns))
        objective[unknowns.index(cell)] = 1
        # The true table is a solution: the range is one or more once either end is 1 away.
        for sign in (-1.0, 1.0):
            result = linprog(sign * objective, **kwargs)
            if result.status == 3:  # no upper end
                free.add(cell)
            witness(unknowns, result)
            if cell in free:
                break
        else:
            return cell
    return None


def related_parts_mask(
    values: np.ndarray, mask: np.ndarray, relations: list[tuple[int, np.ndarray]]
) -> np.ndarray:
    """Complementary suppression for counts tied by totals of any shape.

    values: counts (1-D; NaN missing, never hidden). mask: '' | 'primary' | 'secondary' per
    count, the cells already hidden. relations: (position of a total, positions of its parts):
    where the parts add up to the total the public may know total = sum(parts); where they
    do not (offences of no known municipality, a child type not listed), that the total is at
    least their sum (a hidden "<5" under a total 1 above the shown parts is 1). A relation may
    nest in others (a crime type's children, its parent, the county's members).

    While some hidden count can be worked out to one value from everything shown (linear
    programming over the hidden cells: the least and largest value each can take; "<5" is
    1..4, ".." any count), one more count is hidden (".."): of the relations linked to it
    through hidden counts, a part before a total, the nearest, a non-zero one, the smallest. If every count of its
    relations is hidden already, a "<5" pinned by its own bounds becomes "..". Returns the new
    mask (a copy).
    """
    mask = mask.copy()
    # A missing total ties nothing; a missing part is left out (the total is at least the rest).
    relations = [
        (int(total), np.array([int(k) for k in parts if not np.isnan(values[int(k)])], dtype=int))
        for total, parts in relations
        if not np.isnan(values[int(total)])
    ]
    # Relations that share no count are independent (e.g. years): each group on its own.
    parent: dict[int, int] = {}

    def find(k: int) -> int:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for total, parts in relations:
        for k in parts:
            parent[find(int(k))] = find(total)
    groups: dict[int, list[tuple[int, np.ndarray]]] = {}
    for relation in relations:
        groups.setdefault(find(relation[0]), []).append(relation)
    for group in groups.values():
        _hide_until_free(values, mask, group)
    return mask


def _hide_until_free(
    values: np.ndarray, mask: np.ndarray, relations: list[tuple[int, np.ndarray]]
) -> None:
    """related_parts_mask's loop over one group of linked relations (changes `mask`)."""
    through: dict[int, list[tuple[int, np.ndarray]]] = {}
    for total, parts in relations:
        for k in (total, *parts):
            through.setdefault(int(k), []).append((total, parts))
    free: set[int] = set()
    while True:
        cells = [int(k) for k in np.flatnonzero(mask != "") if int(k) in through]
        cell = _first_pinned(values, mask, relations, cells, free)
        if cell is None:
            return
        # One more count of the relations linked to the pinned count through hidden counts:
        # a part before a total, the nearest, a non-zero one, the smallest.
        seen, frontier, shown, level = {cell}, [cell], set(), 0
        while frontier:
            linked = [relation for k in frontier for relation in through.get(k, [])]
            frontier = []
            for total, parts in linked:
                for rank, k in [(1, int(total)), *((0, int(p)) for p in parts)]:
                    if mask[k] == "":
                        shown.add((rank, level, int(values[k] == 0), float(values[k]), k))
                    elif k not in seen:
                        seen.add(k)
                        frontier.append(k)
            level += 1
        if shown:
            mask[min(shown)[4]] = SECONDARY
        elif mask[cell] == PRIMARY:
            mask[cell] = SECONDARY
        else:
            return
