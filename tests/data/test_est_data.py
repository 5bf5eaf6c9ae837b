"""EST data layer: the lists kept as data, the seeded example generator (same seed, same
bytes; the planted spikes and effects are there), and the named queries on the built database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data import db
from data.est_catalog import load_catalog, normalise
from data.example_est import ACTIONS, FIRST_DAY, LAST_DAY, write_est_example_files


@pytest.fixture(scope="module")
def con(built_db: Path):
    connection = db.connect(built_db)
    yield connection
    connection.close()


def test_the_lists_match_names_case_insensitively() -> None:
    catalog = load_catalog()
    assert list(catalog.areas["name_sv"]) == [
        "Vaxön",
        "Rindö",
        "Resarö",
        "Kullö",
        "Bogesundslandet",
        "Skarpö",
        "Tynningö",
        "Övriga öar",
    ]
    assert len(catalog.categories) == 13 and len(catalog.organisations) == 13
    assert catalog.area("  VAXÖN ") == "vaxon"
    assert catalog.area("Other islands") == "ovriga_oar"
    assert catalog.category("ungdomar som samlas / stör") == "ungdomar"
    assert catalog.organisation("Kommunen - gata och park") == "kommunen_gata_park"
    assert catalog.place("vaxon", "hamnen") == "soderhamnen"
    assert catalog.place("rindo", "hamnen") is None
    assert normalise("Hot – och  våld") == "hot-och våld"
    # Every place lies in a known area, every area has at least one place.
    assert set(catalog.places["area_id"]) == set(catalog.areas["area_id"])


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    first = write_est_example_files(tmp_path / "a")
    second = write_est_example_files(tmp_path / "b")
    assert first.incidents.read_bytes() == second.incidents.read_bytes()
    assert first.actions.read_bytes() == second.actions.read_bytes()
    assert first.incidents.read_bytes().startswith("\ufeffid;datum;tid;vecka;område".encode())


def test_the_built_database_holds_three_years_of_example_reports(con) -> None:
    extent = db.fetch_est_extent(con).iloc[0]
    assert pd.Timestamp(extent["first_week"]).date() == FIRST_DAY
    assert pd.Timestamp(extent["last_week"]).date() == LAST_DAY - dt.timedelta(days=6)
    assert extent["n_incidents"] == 3537 and extent["has_example"]
    assert extent["source_ids"] == "est_example"
    weekly = db.fetch_est_weekly_counts(con)
    per_week = weekly.groupby("week_start")["count"].sum()
    assert len(per_week) == 156
    assert 15 < per_week.mean() < 35
    # Summer weekends at the harbour: Vaxön's disorder is higher in July than in February.
    vaxon = weekly[(weekly["area_id"] == "vaxon") & (weekly["category_id"] == "ordningsstorning")]
    months = pd.to_datetime(vaxon["week_start"]).dt.month
    assert vaxon[months == 7]["count"].sum() > 2 * vaxon[months == 2]["count"].sum()


def test_every_reporting_organisation_and_area_occurs(con) -> None:
    weekly = db.fetch_est_weekly_counts(con)
    assert set(weekly["area_id"]) == set(db.fetch_est_areas(con)["area_id"])
    police = db.fetch_est_weekly_counts(con, "polisen")
    assert 0 < police["count"].sum() < weekly["count"].sum()


def test_place_weekday_and_incident_queries_honour_the_filters(con) -> None:
    first, last = dt.date(2026, 8, 24), dt.date(2026, 11, 22)
    places = db.fetch_est_place_counts(con, first, last, "rindo")
    assert set(places["area_id"]) == {"rindo"}
    assert places["count"].is_monotonic_decreasing
    hours = db.fetch_est_weekday_hour(con, first, last, None, "alkohol")
    assert set(hours["weekday"]) <= set(range(1, 8))
    incidents = db.fetch_est_incidents(con, dt.date(2026, 11, 16), last, "rindo", "skadegorelse")
    assert len(incidents) == 10
    assert set(incidents["category_id"]) == {"skadegorelse"}
    everything = db.fetch_est_incidents(con, dt.date(2026, 11, 16), last)
    assert int(places["count"].sum()) > 0 and len(everything) == 33


def test_weekly_place_counts_add_up_to_the_period_counts(con) -> None:
    # The hotspot verdict's history (fetch_est_place_weekly) names places as the ranking does.
    first, last = dt.date(2026, 8, 24), dt.date(2026, 11, 22)
    for filters in ((), ("rindo",), (None, "skadegorelse")):
        weekly = db.fetch_est_place_weekly(con, first, last, *filters)
        places = db.fetch_est_place_counts(con, first, last, *filters)
        named = places[places["place"].notna()].groupby(["area_id", "place"])["count"].sum()
        summed = weekly.groupby(["area_id", "place"])["count"].sum()
        assert len(weekly) > 0
        assert summed.sort_index().to_dict() == named.sort_index().to_dict()
        assert (pd.to_datetime(weekly["week_start"]).dt.day_of_week == 0).all()


def test_actions_round_trip_with_their_lists(con) -> None:
    actions = db.fetch_est_actions(con).set_index("action_id")
    assert len(actions) == len(ACTIONS)
    for action in ACTIONS:
        stored = actions.loc[action.action_id]
        assert list(stored["areas"]) == list(action.areas)
        assert list(stored["categories"]) == list(action.categories)
        assert stored["status"] == action.status
        assert stored["is_example"]


def test_the_schema_refuses_an_impossible_report(con, tmp_path: Path, built_db: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(built_db.read_bytes())
    writer = duckdb.connect(str(copy))
    try:
        with pytest.raises(duckdb.ConstraintException):
            writer.execute(
                "INSERT INTO est_incidents VALUES ('X', DATE '2024-05-01', NULL, 2024, 18, "
                "DATE '2024-05-06', 'vaxon', NULL, NULL, 'klotter', 'polisen', 1, NULL, false, "
                "'est', 1, false)"
            )
        with pytest.raises(duckdb.ConstraintException):
            writer.execute(
                "INSERT INTO est_incidents VALUES ('Y', DATE '2024-05-01', NULL, 2024, 18, "
                "DATE '2024-04-29', 'vaxon', NULL, NULL, 'klotter', 'polisen', 4, NULL, false, "
                "'est', 1, false)"
            )
    finally:
        writer.close()
