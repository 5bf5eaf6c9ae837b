"""The all-pages attacker (bench/attack_all.py) on one seed: no page's public views pin a
hidden count (Lägesbild weeks and hotspots, Brottsutveckling municipalities x crime types,
Trygghet totals and parts). The pages' own attack tests run more seeds and the old rules."""

from bench.attack_all import brottsutveckling, lagesbild, trygghet


def test_no_public_page_pins_a_hidden_count():
    results = {
        "lagesbild": lagesbild((1,)),
        "brottsutveckling": brottsutveckling((1,), bundled=False),
        "trygghet": trygghet(),
    }
    for page, rows in results.items():
        targets = sum(row[2] for row in rows)
        assert targets > 50, f"{page}: only {targets} hidden counts attacked"
        assert all(row[1] == 0 for row in rows), f"{page}: {rows}"
