"""Readers and writers: a reader opened after an import sees the new version even while a
reader of the old version is still open in the same process (DuckDB caches one instance per
path for plain connects; readers attach the file instead)."""

from pathlib import Path

from data import db
from data.importers import import_file

ROW = "U07417,0187,Vaxholm,K,2024,T,999.5,,1\n"
HEADER = "kpi,municipality_id,municipality,municipality_type,year,gender,value,status,count\n"


def vaxholm_2024(con) -> list:
    frame = db.fetch_kolada_series(con, "U07417")
    return frame.loc[frame["year"] == 2024, "value"].tolist()


def test_new_reader_sees_the_import_while_the_old_reader_keeps_its_version(
    fresh_db: Path, tmp_path: Path
) -> None:
    old_reader = db.connect(fresh_db)
    old_version = db.database_version(fresh_db)
    assert vaxholm_2024(old_reader) == []

    source = tmp_path / "kolada_2024.csv"
    source.write_text(HEADER + ROW, encoding="utf-8")
    import_file(fresh_db, "kolada", source)

    new_reader = db.connect(fresh_db)
    try:
        assert db.database_version(fresh_db) != old_version
        assert vaxholm_2024(new_reader) == [999.5]
        assert vaxholm_2024(old_reader) == []
    finally:
        new_reader.close()
        old_reader.close()


def test_cursors_of_a_reader_read_the_attached_database(fresh_db: Path) -> None:
    reader = db.connect(fresh_db)
    try:
        cursor = db.cursor(reader)
        assert cursor.execute("SELECT count(*) FROM municipalities").fetchone()[0] > 290
    finally:
        reader.close()
