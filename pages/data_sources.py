"""Data och källor: every source with its licence and last import, the provenance log, the
indicator definitions, and which data are example data."""

import streamlit as st

from ui import cache, format
from ui.frame import licence_label, table_and_downloads, url_selectbox
from ui.i18n import in_language, language, t

THEMES = ("all", "crime", "youth", "school", "context")

st.title(t("page_sources"))
st.caption(t("sources_intro"))

# 1. Filters
theme = url_selectbox(
    t("filter_theme"),
    THEMES,
    key="theme",
    default="all",
    format_func=lambda name: t(f"theme_{name}"),
)

# 2. Data
sources = cache.sources()
imports = cache.imports()
indicators = cache.indicators(None if theme == "all" else theme)

# 3-4. Render
st.markdown(
    t(
        "sources_summary",
        n_sources=len(sources),
        n_example=int(sources["is_example"].sum()),
        n_imports=len(imports),
    )
)

st.subheader(t("sources_heading"))
# Sources that are the municipality's own records, not statistics anyone published.
INTERNAL_SOURCES = ("est", "insatser")


def source_kind(source_id: str, is_example: bool) -> str:
    """What a source's figures are, named honestly: example data, the municipality's own
    records, a figure quoted from a publication (web page, report) or published statistics."""
    if is_example:
        return "example"
    if source_id in INTERNAL_SOURCES:
        return "internal"
    if source_id.endswith("_published"):
        return "published"
    return "real"


for source in sources.itertuples():
    label = t(f"source_kind_{source_kind(source.source_id, source.is_example)}")
    attribution = getattr(source, in_language("attribution"))
    with st.container(border=True):
        st.markdown(f"**{getattr(source, f'name_{language()}')}** · {label}")
        st.markdown(
            f"{getattr(source, in_language('publisher'))}. {t('column_licence')}: {licence_label(source.licence)}. "
            f"{t('column_attribution')}: *{attribution}*"
        )
        note = getattr(source, f"note_{language()}")
        if isinstance(note, str) and note:
            st.caption(note)
        if source.n_imports:
            st.caption(
                f"{t('column_last_import')}: {format.timestamp(source.last_import)} · "
                f"{t('column_rows')}: {format.number(source.rows_imported, 0)}"
            )
        if isinstance(source.url, str) and source.url:
            st.caption(source.url)

st.subheader(t("imports_heading"))
log = imports[
    ["import_id", "kind", "file_name", "format", "rows", "is_example", "imported_at", "sha256"]
].assign(is_example=imports["is_example"].map(lambda flag: t("yes") if flag else t("no")))
log.columns = [
    "id",
    t("column_kind"),
    t("column_file"),
    t("column_format"),
    t("column_rows"),
    t("column_example"),
    t("column_last_import"),
    t("column_sha256"),
]
st.dataframe(format.table_text(log), hide_index=True, key="imports_table")

st.subheader(t("indicators_heading"))
definitions = indicators[
    [
        "indicator_id",
        f"title_{language()}",
        "unit",
        f"definition_{language()}",
        f"caveats_{language()}",
        in_language("attribution"),
        in_language("licence"),
    ]
].assign(unit=indicators["unit"].map(lambda u: t(f"unit_{u}")))
definitions.columns = [
    t("column_indicator"),
    t("column_title"),
    t("column_unit"),
    t("column_definition"),
    t("column_caveats"),
    t("column_source"),
    t("column_licence"),
]
table_and_downloads(
    definitions,
    key="indicators",
    source="Kolada (RKA)",
    filters={"theme": theme},
    has_example=False,
    in_expander=False,
)
