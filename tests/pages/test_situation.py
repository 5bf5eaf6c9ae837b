"""Lägesbild (EST): what a coordinator reads on Monday (last week against the expected, the
alerts, where), filters by key and in the URL, the public small-number rule in tables and
downloads, and the incident list refused without the coordinator role and shown with it."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.pages.conftest import app, numbers, texts
from tests.pages.coordinator import (
    COORDINATOR_EMAIL,
    oidc_secrets,
    page,
    password_secrets,
    record_downloads,
    sign_in,
)

PAGE = "pages/situation.py"
REFUSED = "visas bara för inloggade samordnare"


def dataframes(test) -> list[pd.DataFrame]:
    return [frame.value for frame in test.dataframe]


def incident_tables(test) -> list[pd.DataFrame]:
    return [frame for frame in dataframes(test) if "Beskrivning" in frame.columns]


def test_last_week_against_the_expected_with_its_alerts() -> None:
    test = app(PAGE)
    assert not test.exception
    assert test.selectbox(key="week").value == "2026-W47"
    shown = texts(test)
    # The public sees per-area and per-category totals, not an area's category (a cell).
    assert (
        "**v. 47 2026 (16–22 nov.)**: 33 rapporter, förväntat 18,6. 2 larm: Rindö – "
        "Skadegörelse (.. mot förväntat 0,4); Vaxön – Klotter (.. mot förväntat 1,1)."
    ) in shown
    assert "**Rindö – Skadegörelse**: .. rapporter, förväntat 0,4 (övre gräns 2)" in shown
    assert "Benjamini–Hochberg" in shown and "104 kombinationer" in shown
    assert "exempeldata" in " ".join(w.value for w in test.warning).lower()
    assert "Källa: Exempeldata: EST-rapporter." in shown
    # The public's places: the fixed quarter v. 36–48 2026 that holds the week.
    assert "Flest rapporter: Rindö hamn (färjeläget) – Rindö, 18." in shown


def test_public_visitors_see_no_incidents_and_no_small_counts() -> None:
    test = app(PAGE)
    assert REFUSED in " ".join(info.value for info in test.info)
    assert incident_tables(test) == []
    assert "antal 1–4 visas som <5" in texts(test)
    week = next(frame for frame in dataframes(test) if "Larm" in frame.columns)
    assert set(week["Rapporter"]) == {"15", "13", "<5", "-"}
    for frame in dataframes(test):
        for column in ("Rapporter", "Perioden före"):
            if column in frame.columns:
                numbers = pd.to_numeric(frame[column], errors="coerce")
                assert not numbers.between(1, 4).any(), (column, frame.columns.tolist())
    # Hourly cells would be mostly 1–4: the public gets three-hour bands.
    heat = next(frame for frame in dataframes(test) if "Veckodag" in frame.columns)
    assert list(heat.columns[:3]) == ["Område", "Kategori", "Veckodag"]
    assert list(heat.columns[3:]) == [
        "00–02",
        "03–05",
        "06–08",
        "09–11",
        "12–14",
        "15–17",
        "18–20",
        "21–23",
    ]


def test_public_downloads_carry_the_same_suppression(monkeypatch: pytest.MonkeyPatch) -> None:
    read = record_downloads(monkeypatch)
    test = page(PAGE)
    csv = read(test, "est_week_csv").decode("utf-8")
    assert csv.startswith("# Källa: Exempeldata: EST-rapporter.")
    assert "Skydd av små tal: antal 1–4 visas som <5" in csv
    # The filters in words, not codes.
    assert "Område: Alla områden" in csv and "area=" not in csv
    assert "Resarö,<5," in csv and "Kullö,-," in csv
    heat = read(test, "est_weekday_hour_csv").decode("utf-8")
    # The zero symbol "-" is written as it is (it was "'-": the formula guard).
    assert "'-" not in heat and ",-," in heat
    assert "Område,Kategori,Veckodag" in heat
    report = read(test, "est_report").decode("utf-8")
    assert report.startswith("<!DOCTYPE html>")
    assert "EXEMPELDATA" in report
    assert "Rindö – Skadegörelse (.. mot förväntat 0,4)" in report
    assert "Beskrivning" not in report
    assert "Område: Alla områden" in report and "area=" not in report


def test_filters_by_key_change_the_view_and_the_url() -> None:
    test = app(PAGE)
    test.selectbox(key="area").set_value("rindo").run()
    assert "**v. 47 2026 (16–22 nov.)**: 13 rapporter" in texts(test)
    assert "1 larm: Rindö – Skadegörelse" in texts(test)
    assert test.query_params["area"] == "rindo"
    test.selectbox(key="category").set_value("klotter").run()
    assert test.query_params["category"] == "klotter"
    assert "Inga larm." in texts(test)
    test.radio(key="period").set_value("4").run()
    assert "Trend de senaste 4 veckorna" in texts(test)


def public_period_views(test) -> list[pd.DataFrame]:
    return [
        frame
        for frame in dataframes(test)
        if "Veckodag" in frame.columns or "Perioden före" in frame.columns
    ]


def test_public_places_and_times_are_one_fixed_quarter_whatever_week_or_period() -> None:
    """Two periods (or two weeks) counted back from the week overlap, and their difference gave
    a hidden week's count back; the public now sees the fixed quarter holding the week."""
    test = app(PAGE)
    before = public_period_views(test)
    assert "fast kvartal, v. 36 2026" in texts(test)
    hotspots = next(frame for frame in before if "Perioden före" in frame.columns)
    assert (pd.to_numeric(hotspots["Rapporter"]) >= 5).all()
    for period in ("4", "52"):
        test.radio(key="period").set_value(period).run()
        assert not test.exception
        for old, new in zip(before, public_period_views(test), strict=True):
            pd.testing.assert_frame_equal(old, new)
    test.selectbox(key="week").set_value("2026-W40").run()
    for old, new in zip(before, public_period_views(test), strict=True):
        pd.testing.assert_frame_equal(old, new)
    test.selectbox(key="week").set_value("2026-W35").run()
    assert "fast kvartal, v. 23 2026" in texts(test)
    hotspots = next(
        frame for frame in public_period_views(test) if "Perioden före" in frame.columns
    )
    assert not hotspots.equals(before[0] if "Perioden före" in before[0].columns else before[1])


def test_a_places_mean_severity_over_all_categories_is_hidden_with_its_categories() -> None:
    # Categories differ in the severities they can have, so a place's mean over all categories
    # split its shown total between hidden category counts: it reads ".." where a category
    # of the place is hidden in the quarter, and a number once one category is chosen.
    test = app(PAGE)
    hotspots = next(frame for frame in public_period_views(test) if "Perioden före" in frame)
    severity = hotspots["Allvarlighet (1–3)"]
    assert (severity == "..").any()
    assert severity[severity != ".."].str.fullmatch(r"[1-3],\d").all()
    test.selectbox(key="category").set_value("skadegorelse").run()
    hotspots = next(frame for frame in public_period_views(test) if "Perioden före" in frame)
    severity = hotspots["Allvarlighet (1–3)"].astype(str).str.replace(",", ".")
    assert pd.to_numeric(severity).between(1, 3).all()


def test_a_shared_link_opens_an_older_week_with_its_spike() -> None:
    test = app(PAGE, week="2024-W36", area="kullo", period="26")
    assert test.selectbox(key="week").value == "2024-W36"
    assert test.selectbox(key="area").value == "kullo"
    assert test.radio(key="period").value == "26"
    shown = texts(test)
    assert "v. 36 2024 (2–8 sep.)" in shown
    assert "1 larm: Kullö – Ungdomar som samlas/stör (.. mot förväntat 0,2)" in shown


def test_organisation_filter_models_that_organisations_reports() -> None:
    # Coordinators only: the public's one published table per week counts every report.
    public = app(PAGE, org="raddningstjansten", week="2025-W42")
    assert not [box for box in public.selectbox if box.key == "org"]
    test = sign_in(page(PAGE, secrets=password_secrets(), org="raddningstjansten", week="2025-W42"))
    assert test.selectbox(key="org").value == "raddningstjansten"
    assert "Resarö – Brand" in texts(test)


def test_coordinator_signs_in_with_the_password_and_sees_the_incidents() -> None:
    test = page(PAGE, secrets=password_secrets())
    assert REFUSED in " ".join(info.value for info in test.info)
    assert incident_tables(test) == []
    sign_in(test)
    assert not test.exception
    assert "Inloggad som samordnare." in " ".join(c.value for c in test.sidebar.caption)
    (incidents,) = incident_tables(test)
    assert len(incidents) == 33
    assert "33 rapporter v. 47 2026 (16–22 nov.) med valda filter." in texts(test)
    assert set(incidents["Område"]) >= {"Rindö", "Vaxön"}
    # Coordinators see exact counts.
    week = numbers(next(frame for frame in dataframes(test) if "Larm" in frame.columns))
    assert week["Rapporter"].tolist()[:3] == [15, 13, 1]
    test.button(key="auth_logout").click().run()
    assert incident_tables(test) == []


def test_redacted_text_is_marked_in_the_incident_list() -> None:
    # The example export has a phone number in report EST-2024-00500 (week 2024-W21), which
    # the importer replaced before storing.
    test = sign_in(page(PAGE, secrets=password_secrets(), week="2024-W21", area="vaxon"))
    (incidents,) = incident_tables(test)
    row = incidents.set_index("Id").loc["EST-2024-00500"]
    assert row["Beskrivning"].endswith("kontaktad på [telefonnummer borttaget].")
    assert row["Personuppgifter borttagna"] == "ja"
    assert (
        incidents.drop(index=incidents.index[incidents["Id"] == "EST-2024-00500"])[
            "Personuppgifter borttagna"
        ]
        == ""
    ).all()


def test_wrong_password_is_refused() -> None:
    test = sign_in(page(PAGE, secrets=password_secrets()), "fel lösenord")
    assert "Fel lösenord." in " ".join(e.value for e in test.error)
    assert incident_tables(test) == []
    assert REFUSED in " ".join(info.value for info in test.info)


def test_oidc_coordinator_sees_incidents_and_another_user_does_not() -> None:
    signed_in = {"is_logged_in": True, "email": COORDINATOR_EMAIL, "name": "Samordnare"}
    test = page(PAGE, secrets=oidc_secrets(), user=signed_in)
    assert len(incident_tables(test)) == 1
    other = {"is_logged_in": True, "email": "someone@example.org"}
    test = page(PAGE, secrets=oidc_secrets(), user=other)
    assert incident_tables(test) == []
    assert "inte som samordnare" in " ".join(c.value for c in test.sidebar.caption)
    logged_out = page(PAGE, secrets=oidc_secrets(), user={"is_logged_in": False})
    assert incident_tables(logged_out) == []
    assert logged_out.button(key="auth_oidc_login").label == "Logga in"


def test_english() -> None:
    test = app(PAGE, lang="en")
    shown = texts(test)
    assert "**week 47 2026 (16–22 Nov)**: 33 reports, 18.6 expected. 2 alerts:" in shown
    assert "Rindö – Vandalism (.. vs 0.4 expected)" in shown
    assert "rapporter" not in shown
