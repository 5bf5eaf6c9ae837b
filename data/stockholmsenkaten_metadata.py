"""Stockholmsenkäten's metadata tables: the items of RISE's seven indices (with each item's answer
range and wording from the 2024 codebook), RISE's cut-offs, and the outcome definitions.

Read by the build from data/metadata/ and data/real/; the pages get them through named queries
and hand them to the analytics, so the scoring rules live in data, not in page code.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data.importers.stockholmsenkaten import read_codebook

DATA_DIR = Path(__file__).resolve().parent
INDEX_ITEMS_FILE = DATA_DIR / "metadata" / "stockholmsenkaten_index_items.csv"
OUTCOME_ITEMS_FILE = DATA_DIR / "metadata" / "stockholmsenkaten_outcome_items.csv"
RISK_CUTOFFS_FILE = DATA_DIR / "real" / "stockholmsenkaten_rise_risk_cutoffs_2024-09-23.csv"
PROTECTIVE_CUTOFFS_FILE = (
    DATA_DIR / "real" / "stockholmsenkaten_rise_protective_cutoffs_2024-09-23.csv"
)
# Rows of RISE's cut-off files: risk row 1 = P75, row 2 = P90; protective row 1 = P15, 2 = P85.
RISK_PERCENTILES = (75, 90)
PROTECTIVE_PERCENTILES = (15, 85)


def index_items() -> pd.DataFrame:
    """index_id, rise_name, rise_item_id, item_id, direction, value_min, value_max, question_sv."""
    items = pd.read_csv(INDEX_ITEMS_FILE, dtype={"direction": int}, keep_default_na=False)
    codebook = read_codebook()
    unknown = sorted(set(items["item_id"]) - set(codebook.items))
    if unknown:
        raise ValueError(f"{INDEX_ITEMS_FILE.name}: items not in the codebook: {unknown}")
    answer_codes = items["item_id"].map(lambda item: codebook.items[item].answer_codes)
    return items.assign(
        value_min=answer_codes.map(min),
        value_max=answer_codes.map(max),
        question_sv=items["item_id"].map(lambda item: codebook.items[item].question),
    )


def rise_cutoffs() -> pd.DataFrame:
    """index_id, percentile, logit: RISE's published cut-offs for the seven indices."""
    names = index_items().drop_duplicates("rise_name").set_index("rise_name")["index_id"]
    parts = []
    for path, percentiles in (
        (RISK_CUTOFFS_FILE, RISK_PERCENTILES),
        (PROTECTIVE_CUTOFFS_FILE, PROTECTIVE_PERCENTILES),
    ):
        wide = pd.read_csv(path)
        if len(wide) != len(percentiles):
            raise ValueError(f"{path.name}: expected {len(percentiles)} rows, got {len(wide)}")
        long = wide.assign(percentile=list(percentiles)).melt(
            id_vars="percentile", var_name="rise_name", value_name="logit"
        )
        parts.append(long)
    cutoffs = pd.concat(parts, ignore_index=True)
    cutoffs["index_id"] = cutoffs["rise_name"].map(names)
    if cutoffs["index_id"].isna().any():
        raise ValueError("a RISE cut-off names an index without items")
    return cutoffs[["index_id", "percentile", "logit"]]


def outcome_items() -> pd.DataFrame:
    """indicator_id, item_id, positive_values, routed_is_no, min_positive."""
    outcomes = pd.read_csv(OUTCOME_ITEMS_FILE, dtype=str, keep_default_na=False)
    return outcomes.assign(
        routed_is_no=outcomes["routed_is_no"] == "true",
        min_positive=outcomes["min_positive"].astype(int),
    )


def load_stockholmsenkaten_metadata(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the three Stockholmsenkäten metadata tables (inside the caller's transaction)."""
    for table, frame in (
        ("stockholmsenkaten_index_items", index_items()),
        ("stockholmsenkaten_cutoffs", rise_cutoffs()),
        ("stockholmsenkaten_outcome_items", outcome_items()),
    ):
        con.register("stockholmsenkaten_rows", frame)
        try:
            # `table` is one of the three fixed names above, never user input.
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM stockholmsenkaten_rows")  # noqa: S608
        finally:
            con.unregister("stockholmsenkaten_rows")
