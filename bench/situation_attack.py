"""How many hidden Lägesbild counts an attacker pins exactly from every public view across
every week, period, area and category, before (periods counted back from the chosen week,
each view suppressed on its own) and after (fixed 13-week blocks, one masked table per block;
analytics.suppression.published_period / published_entries). Seeded synthetic reports per
week x place x category (tests/analytics/test_suppression_periods.py: 26 weeks, 2 areas,
3 places plus reports without a place, 2 categories), attacked by linear programming over
the weekly published tables plus the hotspot views. Targets: every hidden count of 1-4 and
every week's count of 1-4 at a place (or without one) and category."""

from tests.analytics.test_suppression_periods import (
    CATEGORIES,
    SLOTS,
    WEEKS,
    area_slots,
    new_hotspot_views,
    old_hotspot_views,
    place_data,
    see_weekly_tables,
    week_cells_of_one_to_four,
)
from tests.attacker import Attacker


def main() -> None:
    for seed in (1, 2, 3):
        for old in (True, False):
            data = place_data(seed)
            attacker = Attacker(WEEKS * len(SLOTS) * len(CATEGORIES))
            see_weekly_tables(attacker, data, area_slots=area_slots())
            hidden = (old_hotspot_views if old else new_hotspot_views)(attacker, data)
            weeks = week_cells_of_one_to_four(data)
            entries = {tuple(index) for index in hidden}
            week_pinned = sum(attacker.pinned(index) for index in weeks)
            entry_pinned = sum(attacker.pinned(list(index)) for index in entries)
            print(
                f"seed {seed} {'before' if old else 'after '}: week counts of 1-4 pinned "
                f"{week_pinned} of {len(weeks)}; hidden view entries pinned "
                f"{entry_pinned} of {len(entries)}"
            )


if __name__ == "__main__":
    main()
