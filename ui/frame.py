"""The frame every page shares: filters kept in the URL, labels for example data, the source
line, the table beside each chart and the downloads of exactly the filtered view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from ui import export
from ui.i18n import language, t


def _from_url(key: str) -> str | None:
    return st.query_params.get(key)


def url_selectbox(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str,
    format_func: Callable[[str], str] = str,
) -> str:
    """A selectbox whose value is also the URL parameter `key` (shareable link)."""
    options = list(options)
    initial = _from_url(key)
    if initial not in options:
        initial = default if default in options else options[0]
    if key not in st.session_state:
        st.session_state[key] = initial
    value = st.selectbox(label, options, key=key, format_func=format_func)
    st.query_params[key] = value
    return value


def url_radio(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str,
    format_func: Callable[[str], str] = str,
) -> str:
    """A horizontal radio whose value is also the URL parameter `key`."""
    options = list(options)
    initial = _from_url(key)
    if key not in st.session_state:
        st.session_state[key] = initial if initial in options else default
    value = st.radio(label, options, key=key, format_func=format_func, horizontal=True)
    st.query_params[key] = value
    return value


def url_year_range(label: str, years: Sequence[int], *, key: str) -> tuple[int, int]:
    """A year-range slider kept in the URL as `key=2015-2023`."""
    first, last = min(years), max(years)
    if key not in st.session_state:
        chosen = (first, last)
        text = _from_url(key)
        if text and "-" in text:
            start, _, end = text.partition("-")
            if start.isdigit() and end.isdigit():
                low, high = sorted((int(start), int(end)))
                chosen = (max(first, low), min(last, high))
        st.session_state[key] = chosen
    low, high = st.slider(label, min_value=first, max_value=last, key=key, step=1)
    st.query_params[key] = f"{low}-{high}"
    return low, high


def translated(frame: pd.DataFrame, headings: dict[str, str]) -> pd.DataFrame:
    """`frame` with its columns renamed to the message keys' texts (tables and downloads)."""
    return frame.rename(columns={column: t(key) for column, key in headings.items()})


def example_notice(what: Sequence[str]) -> None:
    """A visible label when the view contains example data."""
    if what:
        parts = ", ".join(part.rstrip(".") for part in what)
        st.warning(t("example_warning", what=parts), icon=":material/warning:")


def source_line(sources: Sequence[tuple[str, str]]) -> None:
    """`Källa: ... Licens: ...` under a chart, one per source shown."""
    for name, licence in dict.fromkeys(sources):
        st.caption(t("source_line", source=name, licence=licence))


def provenance_lines(source: str, filters: dict[str, str], has_example: bool) -> list[str]:
    """The provenance note put at the top of every download."""
    extracted = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    filter_text = ", ".join(f"{name}={value}" for name, value in filters.items())
    example = t("provenance_example") if has_example else t("provenance_real")
    return [
        t("provenance", source=source, extracted=extracted, filters=filter_text, example=example)
    ]


def table_and_downloads(
    frame: pd.DataFrame,
    *,
    key: str,
    source: str,
    filters: dict[str, str],
    has_example: bool,
    column_config: dict | None = None,
    in_expander: bool = True,
) -> None:
    """The accessible table view of a chart and its CSV / Excel (svenska) downloads.

    `in_expander=False` shows the table openly, for pages where the table is the content.
    """
    with st.expander(t("table_view"), expanded=False) if in_expander else st.container():
        st.dataframe(
            frame, hide_index=True, width="stretch", key=f"{key}_table", column_config=column_config
        )
    provenance = provenance_lines(source, filters, has_example)
    stem = f"trygg_vaxholm_{key}_{language()}"
    left, right = st.columns(2)
    left.download_button(
        t("download_csv"),
        export.to_csv(frame, provenance),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
    )
    right.download_button(
        t("download_excel_sv"),
        export.to_excel_swedish(frame, provenance),
        file_name=f"{stem}_excel_sv.csv",
        mime="text/csv",
        key=f"{key}_excel",
    )
    st.caption(t("download_note"))
