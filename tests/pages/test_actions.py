"""Insatser och medborgarlöften: the timeline and status, each action's follow-up (the effects
planted in the example data recovered within their intervals, nothing found where nothing was
planted), filters by key and in the URL, incident detail only for coordinators."""

from __future__ import annotations

import re

import pandas as pd

from tests.pages.conftest import app, numbers, table, texts
from tests.pages.coordinator import page, password_secrets, sign_in

PAGE = "pages/actions.py"
REFUSED = "visas bara för inloggade samordnare"
# Effects planted in data/example_est.py (rate ratio after the start; 1.0 = none).
PLANTED = {
    "INS-2025-01": 0.6,
    "INS-2024-03": 0.5,
    "INS-2024-05": 1.0,
    "INS-2025-02": 1.0,
    "INS-2025-04": 0.5,
}


def follow_up_table(test) -> pd.DataFrame:
    return numbers(table(test, "Metod")).set_index("Id")


def test_summary_timeline_and_status() -> None:
    test = app(PAGE)
    assert not test.exception
    shown = texts(test)
    assert (
        "7 insatser under 4 medborgarlöften. Status: pågår 2, planerad 1, genomförd 2, "
        "uppföljd 2. 5 kan följas upp; 1 följs av en säker minskning och 0 av en säker ökning."
    ) in shown
    assert "exempeldata" in " ".join(w.value for w in test.warning).lower()
    actions = table(test, "Medborgarlöfte")
    assert len(actions) == 7
    assert set(actions["Status"]) == {"planerad", "pågår", "genomförd", "uppföljd"}
    assert "Strecket visar senaste veckan med data (2026-11-22)" in shown


def test_planted_effects_are_recovered_within_their_intervals() -> None:
    results = follow_up_table(app(PAGE))
    for action_id, truth in PLANTED.items():
        row = results.loc[action_id]
        # Percent to one decimal, as the page writes the change (was a fraction, 15 digits).
        lower = row["Förändring, nedre gräns (95 %), %"]
        upper = row["Förändring, övre gräns (95 %), %"]
        assert lower == round(lower, 1) and upper == round(upper, 1)
        assert lower <= (truth - 1) * 100 <= upper, (action_id, lower, upper)
    # The planted -40 % is inside its interval, but the interval (-47 to +1 %) carries the
    # uncertainty of each area's own drift and season, so it is no certain decrease.
    assert results.loc["INS-2025-01", "Bedömning"] == "ingen säker förändring"
    assert results.loc["INS-2024-03", "Bedömning"] == "minskning"
    assert results.loc["INS-2024-05", "Bedömning"] == "ingen säker förändring"
    assert results.loc["INS-2025-02", "Metod"] == "mot förväntat antal"
    assert results.loc["INS-2025-02", "Bedömning"] == "ingen säker förändring"
    assert results.loc["INS-2026-03", "Metod"] == "ingen uppföljning"


def test_each_action_says_what_was_found_in_plain_words() -> None:
    shown = texts(app(PAGE))
    assert (
        "176 rapporter under 52 veckor efter start mot 249 under 52 veckor före. Jämfört med "
        "områden utan insatsen: **−25\u00a0%**"
    ) in shown
    assert "För tidigt för uppföljning: minst 8 veckor efter starten behövs." in shown
    assert "Ingen uppföljning ännu: insatsen har inte börjat" in shown
    assert "Ett samband i tid visar inte säkert att insatsen orsakade förändringen." in shown
    # The follow-up notes were stored without the phone number the list held.
    assert "Samordnare nås på [telefonnummer borttaget]." in shown


def test_filters_by_key_and_in_the_url() -> None:
    test = app(PAGE)
    test.selectbox(key="status").set_value("pågår").run()
    assert test.query_params["status"] == "pågår"
    assert len(table(test, "Medborgarlöfte")) == 2
    test.selectbox(key="status").set_value("alla").run()
    test.selectbox(key="area").set_value("kullo").run()
    # The municipality-wide campaign targets Kullö too.
    assert table(test, "Medborgarlöfte")["Id"].tolist() == ["INS-2025-02", "INS-2027-01"]
    shared = app(PAGE, area="resaro", status="genomförd")
    assert table(shared, "Medborgarlöfte")["Id"].tolist() == ["INS-2024-05", "INS-2025-02"]
    promise = "Medborgarlöfte 2023–2026: Tryggare hamn och knutpunkter"
    by_promise = app(PAGE, promise=promise)
    assert set(table(by_promise, "Medborgarlöfte")["Medborgarlöfte"]) == {promise}


def test_incident_detail_is_refused_without_the_role() -> None:
    test = app(PAGE)
    assert REFUSED in " ".join(info.value for info in test.info)
    assert not [f for f in test.dataframe if "Beskrivning" in f.value.columns]
    assert "action" not in [widget.key for widget in test.selectbox]


def test_coordinator_sees_the_reports_behind_a_follow_up() -> None:
    test = sign_in(page(PAGE, secrets=password_secrets()))
    assert not test.exception
    test.selectbox(key="action").set_value("INS-2024-03").run()
    incidents = table(test, "Beskrivning")
    assert set(incidents["Område"]) == {"Rindö"}
    assert set(incidents["Kategori"]) <= {"Klotter", "Skadegörelse", "Otrygg plats/belysning"}
    # The same reports the follow-up counted after the start (5 in 12 weeks).
    assert len(incidents) == 5
    assert "5 rapporter i insatsens områden och kategorier sedan starten." in texts(test)
    assert "5 rapporter under 12 veckor efter start" in texts(test)


def test_english() -> None:
    test = app(PAGE, lang="en")
    shown = texts(test)
    assert (
        "7 actions under 4 citizen promises. Status: ongoing 2, planned 1, completed 2, followed up 2."
        in shown
    )
    assert "Compared with areas without the action: **−25%**" in shown
    verdicts = table(test, "Method").set_index("Id")["Verdict"]
    assert verdicts["INS-2024-03"] == "decrease"
    assert verdicts["INS-2025-01"] == "no certain change"


def test_public_follow_up_hides_a_change_that_gives_a_small_count_back() -> None:
    """Issue 11 item 7: with 1-4 reports after the start, "förväntat N ... -69 %" gave the
    hidden count back (N x 0.31); the public sees neither the change nor its interval, and
    the chart carries no block of 1-4 reports."""
    from types import SimpleNamespace

    import pandas as pd

    from analytics import insats_followup
    from ui import actions_parts

    blocks = pd.DataFrame(
        {
            "block": [-2, -1, 0, 1, -2, -1, 0, 1],
            "group": ["targeted"] * 4 + ["expected"] * 4,
            "reports_per_week": [2.0, 1.75, 0.5, 0.25, 2.0, 1.8, 1.6, 1.5],
        }
    )
    result = SimpleNamespace(
        method=insats_followup.METHOD_EXPECTED,
        computed=True,
        targeted_before=15,
        targeted_after=3,
        comparison_before=float("nan"),
        comparison_after=9.7,
        weeks_before=8,
        weeks_after=8,
        rate_ratio=0.31,
        lower=0.1,
        upper=0.9,
        verdict="decrease",
        blocks=blocks,
    )
    assert actions_parts.change_hidden(result, public=True)
    assert not actions_parts.change_hidden(result, public=False)
    shown = actions_parts.public_blocks(result, public=True)
    counts = shown["reports_per_week"] * 4
    targeted = shown["group"] == "targeted"
    assert not counts[targeted].between(1, 4).any()
    # Block 0 (2 reports) and block 1 (1 report) are hidden; the expected line stays.
    assert shown.loc[targeted & (shown["block"] >= 0), "reports_per_week"].isna().all()
    assert shown.loc[~targeted, "reports_per_week"].notna().all()


def test_every_action_lies_within_its_promises_years() -> None:
    """Issue 12: INS-2027-01 (starting 2027-01-15) was listed under a 2023–2026 promise."""
    shown = table(app(PAGE), "Medborgarlöfte")
    assert len(shown) == 7
    for row in shown.to_dict("records"):
        first, last = (
            int(year) for year in re.search(r"(\d{4})–(\d{4})", row["Medborgarlöfte"]).groups()
        )
        start = int(row["Start"][:4])
        assert first <= start <= last, row
