"""The frame every page shares: filters kept in the URL, labels for example data, the source
line, charts in the session's locale with their image downloads, the table beside each chart
and the downloads of exactly the filtered view (CSV, Excel (svenska), a zip with a README).

Image and zip downloads are made only when clicked (a callable `data=`, run by Streamlit in
its own thread): everything they need that depends on the session (texts, language, URL) is
read during the script run and handed over, so the callable touches no Streamlit state.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from ui import cache, export, format
from ui.charts import NUMBER_LOCALES, TIME_LOCALES, localised
from ui.i18n import LANGUAGE_KEY, MESSAGES, in_language, language, t

# Filter names whose value says which small-number rule the view applied.
SUPPRESSION_FILTERS = ("suppression", "suppressed_n_below_30")


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
    """`Källa: ... Licens: ...` under a chart, one per source shown.

    `sources` holds (name in the session's language, licence as stored): the licence is shown
    in the session's language (sources.licence_en in English)."""
    for name, licence in dict.fromkeys(sources):
        st.caption(t("source_line", source=name, licence=licence_label(licence)))


def licence_label(licence: str) -> str:
    """A source's licence (as stored, Swedish) in the session's language (read from the
    cached sources table, a few dozen rows: no cache of its own)."""
    if language() != "en":
        return licence
    sources = cache.sources()
    return dict(zip(sources["licence"], sources["licence_en"], strict=True)).get(licence, licence)


def _extracted() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def licences(source: str) -> list[str]:
    """Licences of the sources named in `source` (a name, or names joined by `,` or `;`)."""
    sources = cache.sources()
    pairs = zip(sources[f"name_{language()}"], sources[in_language("licence")], strict=True)
    return list(dict.fromkeys(licence for name, licence in pairs if name in source))


def permalink() -> str:
    """The URL with the query parameters (filters and language) that recreate this view.

    Relative (`?…`) where the app's own address is unknown, as in tests.
    """
    parameters = {**st.query_params.to_dict(), LANGUAGE_KEY: language()}
    return f"{st.context.url or ''}?{urlencode(parameters)}"


# Shapes of chart specs (the spec without its data) validated against the Vega-Lite schema in
# this process. Altair validates the whole spec on every to_dict, under Streamlit's global
# Altair lock: 12-18 % of a page's run. A chart drawn again by the same code with other data has
# the same shape, and a shape that passed once passes again.
_VALIDATED_SHAPES: set[str] = set()
_DATA_NAME = re.compile(r'("data": \{"name": )"[^"]*"')


def _validated_once(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """`chart`, whose to_dict validates only the first time its spec's shape is seen."""
    to_dict = chart.to_dict

    def once(*args, **kwargs) -> dict:
        spec = to_dict(*args, **{**kwargs, "validate": False})
        text = json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True)
        shape = hashlib.sha256(_DATA_NAME.sub(r'\1""', text).encode()).hexdigest()
        if shape not in _VALIDATED_SHAPES:
            to_dict(*args, **kwargs)  # raises SchemaValidationError for an invalid spec
            _VALIDATED_SHAPES.add(shape)
        return spec

    # Altair's SchemaBase keeps attributes set the usual way as chart properties.
    object.__setattr__(chart, "to_dict", once)
    return chart


def chart_with_images(
    chart: alt.TopLevelMixin, *, key: str, title: str, source: str, has_example: bool
) -> None:
    """`chart` in the session's number and date locale, and its PNG and SVG downloads.

    The images carry `title`, the source line, the extraction date and, for example data,
    a note saying so; they are rendered only when a button is clicked.
    """
    lang = language()
    chart = localised(chart, lang)
    st.altair_chart(_validated_once(chart), key=key)
    found = licences(source)
    lines = [
        t("source_line", source=source, licence=", ".join(found))
        if found
        else t("image_source", source=source),
        t("image_extracted", extracted=_extracted()),
    ]
    if has_example:
        lines.append(t("image_example"))

    def render(image_format: str) -> Callable[[], bytes]:
        def image() -> bytes:
            return export.chart_image(
                chart.to_dict(),
                image_format,
                title=title,
                lines=lines,
                number_locale=NUMBER_LOCALES[lang],
                time_locale=TIME_LOCALES[lang],
            )

        return image

    stem = f"trygg_vaxholm_{key}_{lang}"
    with st.popover(t("download_image"), icon=":material/image:"):
        st.download_button(
            t("download_png"),
            render("png"),
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"{key}_png",
            on_click="ignore",
        )
        st.download_button(
            t("download_svg"),
            render("svg"),
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            key=f"{key}_svg",
            on_click="ignore",
        )


def readme(
    *,
    source: str,
    filters: dict[str, str],
    has_example: bool,
    notes: Sequence[str],
    files: Sequence[str],
) -> str:
    """The zip's README: what the files hold and where they come from, in the session's
    language, with the link that recreates the view."""
    suppression = next(
        (filters[name] for name in SUPPRESSION_FILTERS if filters.get(name)),
        t("readme_suppression_table"),
    )
    filter_text = "\n".join(f"{name} = {value}" for name, value in filter_labels(filters))
    return export.readme_text(
        t("readme_heading"),
        [
            (t("readme_files"), ", ".join(files)),
            (t("readme_source"), source),
            (t("readme_licence"), ", ".join(licences(source)) or "–"),
            (t("readme_extracted"), _extracted()),
            (t("readme_filters"), filter_text or "–"),
            (t("readme_suppression"), suppression),
            (t("readme_series_breaks"), "\n".join(notes) or t("readme_no_series_breaks")),
            (
                t("readme_example"),
                t("provenance_example") if has_example else t("provenance_real"),
            ),
            (t("readme_permalink"), permalink()),
            (t("readme_reading"), t("readme_reading_text")),
        ],
    )


def filter_labels(filters: dict[str, str]) -> list[tuple[str, str]]:
    """The filters as a reader reads them: each name in the session's language (the
    `filter_<name>` message where there is one) and its value as the page passed it (pages
    pass names beside codes, "Vaxholm (0187)")."""
    return [
        (t(f"filter_{name}") if f"filter_{name}" in MESSAGES else name, value)
        for name, value in filters.items()
    ]


def provenance_lines(source: str, filters: dict[str, str], has_example: bool) -> list[str]:
    """The provenance note put at the top of every download."""
    extracted = _extracted()
    filter_text = "; ".join(f"{name}: {value}" for name, value in filter_labels(filters))
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
    notes: Sequence[str] = (),
) -> None:
    """The accessible table view of a chart and its CSV / Excel (svenska) / zip downloads.

    The table is written in the session's number format (format.table_text: 1 234,5, years
    as 2024, ja/nej, missing as ..) and the downloads' decimals are rounded (format.rounded).

    `in_expander=False` shows the table openly, for pages where the table is the content.
    `notes` (series breaks and the like) go into the zip's README.
    """
    with st.expander(t("table_view"), expanded=False) if in_expander else st.container():
        st.dataframe(
            format.table_text(frame),
            hide_index=True,
            width="stretch",
            key=f"{key}_table",
            column_config=column_config,
        )
    frame = format.rounded(frame)
    provenance = provenance_lines(source, filters, has_example)
    stem = f"trygg_vaxholm_{key}_{language()}"
    left, middle, right = st.columns(3)
    left.download_button(
        t("download_csv"),
        export.to_csv(frame, provenance),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )
    middle.download_button(
        t("download_excel_sv"),
        export.to_excel_swedish(frame, provenance),
        file_name=f"{stem}_excel_sv.csv",
        mime="text/csv",
        key=f"{key}_excel",
        on_click="ignore",
    )
    text = readme(
        source=source,
        filters=filters,
        has_example=has_example,
        notes=notes,
        files=[f"{stem}.csv", f"{stem}_excel_sv.csv", "README.txt"],
    )
    right.download_button(
        t("download_zip"),
        lambda: export.data_zip(frame, provenance, text, stem=stem),
        file_name=f"{stem}.zip",
        mime="application/zip",
        key=f"{key}_zip",
        on_click="ignore",
    )
    st.caption(t("download_note"))
