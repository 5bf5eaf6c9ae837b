"""The pupil answers read one wave at a time (as the page's analysis reads them) are exactly
the answers read at once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data import db


def test_answers_one_wave_at_a_time_equal_every_wave_at_once(built_db: Path) -> None:
    con = db.connect(built_db)
    try:
        waves = db.fetch_youth_waves(con)
        parts = list(db.iter_youth_answers(con))
        whole = db.fetch_youth_answers(con)
        one = db.fetch_youth_answers(con, waves[-1])
    finally:
        con.close()
    assert len(waves) == len(parts) > 1
    assert [part["year"].unique().tolist() for part in parts] == [[year] for year in waves]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)
    pd.testing.assert_frame_equal(one, parts[-1])
