"""Stockholmsenkäten's metadata tables: the items of RISE's seven indices (with each item's answer
range and wording from the 2024 codebook, RISE's recoding of its answer codes and RISE's Rasch
item thresholds), RISE's cut-offs, and the outcome definitions.

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
# RISE's recoding of each item's answer codes (2024 codebook codes) into the 0-based response
# categories its Rasch thresholds assume; transcribed from RISE's public scripts.
RECODING_FILE = DATA_DIR / "metadata" / "stockholmsenkaten_rise_recoding.csv"
ITEM_PARAMETERS_FILE = DATA_DIR / "real" / "stockholmsenkaten_rise_item_parameters_2024-01-23.csv"
OUTCOME_ITEMS_FILE = DATA_DIR / "metadata" / "stockholmsenkaten_outcome_items.csv"
RISK_CUTOFFS_FILE = DATA_DIR / "real" / "stockholmsenkaten_rise_risk_cutoffs_2024-09-23.csv"
PROTECTIVE_CUTOFFS_FILE = (
    DATA_DIR / "real" / "stockholmsenkaten_rise_protective_cutoffs_2024-09-23.csv"
)
# Rows of RISE's cut-off files: risk row 1 = P75, row 2 = P90; protective row 1 = P15, 2 = P85.
RISK_PERCENTILES = (75, 90)
PROTECTIVE_PERCENTILES = (15, 85)


def item_recoding() -> pd.DataFrame:
    """item_id, rise_item_id, answer_code, answer_label_sv, rise_category, reversed: RISE's
    recoding of every answer code of every index item (checked against the codebook)."""
    recoding = pd.read_csv(
        RECODING_FILE,
        dtype={"answer_code": int, "rise_category": int},
        keep_default_na=False,
        converters={"reversed": lambda text: {"true": True, "false": False}[text]},
    )
    codebook = read_codebook()
    for item_id, rows in recoding.groupby("item_id", sort=False):
        item = codebook.items.get(item_id)
        if item is None:
            raise ValueError(f"{RECODING_FILE.name}: item {item_id} is not in the codebook")
        if (
            set(rows["answer_code"]) != set(item.answer_codes)
            or rows["answer_code"].duplicated().any()
        ):
            raise ValueError(
                f"{RECODING_FILE.name}: {item_id} must recode each of the codebook's answer codes "
                f"{sorted(item.answer_codes)} once"
            )
        categories = set(rows["rise_category"])
        if categories != set(range(max(categories) + 1)):
            raise ValueError(f"{RECODING_FILE.name}: {item_id}: categories must be 0, 1, 2, ...")
    return recoding


def item_thresholds() -> pd.DataFrame:
    """rise_name, rise_item_id, thresholds (a tuple of 1-4 logits): RISE's partial credit
    model thresholds of every item in every index (an item of two indices has two rows)."""
    raw = pd.read_csv(ITEM_PARAMETERS_FILE)
    columns = [column for column in raw if column.startswith("Threshold.")]
    thresholds = [tuple(float(v) for v in row if pd.notna(v)) for row in raw[columns].to_numpy()]
    if any(not values for values in thresholds):
        raise ValueError(f"{ITEM_PARAMETERS_FILE.name}: an item has no threshold")
    return pd.DataFrame(
        {"rise_name": raw["Index"], "rise_item_id": raw["itemnr"], "thresholds": thresholds}
    )


def index_items() -> pd.DataFrame:
    """index_id, rise_name, rise_item_id, item_id, value_min, value_max, question_sv,
    answer_codes, categories (RISE's category of each answer code, same order), thresholds.

    Every item must have RISE's thresholds, and no recoded category may exceed its number of
    thresholds (a partial credit item with k thresholds has categories 0..k).
    """
    items = pd.read_csv(INDEX_ITEMS_FILE, keep_default_na=False)
    codebook = read_codebook()
    unknown = sorted(set(items["item_id"]) - set(codebook.items))
    if unknown:
        raise ValueError(f"{INDEX_ITEMS_FILE.name}: items not in the codebook: {unknown}")
    recoding = item_recoding().sort_values(["item_id", "answer_code"])
    by_item = recoding.groupby("item_id", sort=False)
    codes = by_item["answer_code"].agg(list)
    categories = by_item["rise_category"].agg(list)
    missing = sorted(set(items["item_id"]) - set(codes.index))
    if missing:
        raise ValueError(f"{RECODING_FILE.name}: no recoding for {missing}")
    items = items.merge(item_thresholds(), on=["rise_name", "rise_item_id"], how="left")
    if items["thresholds"].isna().any():
        absent = items.loc[items["thresholds"].isna(), "rise_item_id"].tolist()
        raise ValueError(f"{ITEM_PARAMETERS_FILE.name}: no thresholds for {absent}")
    items = items.assign(
        value_min=items["item_id"].map(lambda item: min(codebook.items[item].answer_codes)),
        value_max=items["item_id"].map(lambda item: max(codebook.items[item].answer_codes)),
        question_sv=items["item_id"].map(lambda item: codebook.items[item].question),
        answer_codes=items["item_id"].map(codes),
        categories=items["item_id"].map(categories),
        thresholds=items["thresholds"].map(list),
    )
    too_many = items[items["categories"].map(max) > items["thresholds"].map(len)]
    if not too_many.empty:
        raise ValueError(
            f"{RECODING_FILE.name}: more categories than RISE has thresholds for "
            f"{too_many['item_id'].tolist()}"
        )
    return items


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
