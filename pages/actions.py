"""Insatser och medborgarlöften: the actions on a timeline with their status, and for each
the follow-up – did reports in the targeted areas and categories fall, against areas without
the action or against the expected count? Incident detail is for coordinators only."""

import datetime as dt

import pandas as pd
import streamlit as st

from ui import actions_parts, auth, cache, charts, est_parts
from ui.est_parts import ALL
from ui.frame import (
    chart_with_images,
    example_notice,
    source_line,
    table_and_downloads,
    url_selectbox,
)
from ui.i18n import t

STATUSES = ("planerad", "pågår", "genomförd", "uppföljd")

st.title(t("est_page_actions"))
st.caption(t("est_actions_intro"))
auth.login_panel()
public = not auth.is_coordinator()

# 1. Filters (kept in the URL)
actions = cache.est_actions()
if actions.empty:
    st.info(t("est_no_actions"))
    st.stop()
promises = sorted(actions["promise"].dropna().unique())
left, middle, right = st.columns([2, 1, 1])
with left:
    promise = url_selectbox(
        t("est_filter_promise"),
        [ALL, *promises],
        key="promise",
        default=ALL,
        format_func={ALL: t("est_all_promise"), **{p: p for p in promises}}.get,
    )
with middle:
    status = url_selectbox(
        t("est_filter_status"),
        [ALL, *STATUSES],
        key="status",
        default=ALL,
        format_func={
            ALL: t("est_all_status"),
            **{status: t(f"est_status_{status}") for status in STATUSES},
        }.get,
    )
with right:
    area = url_selectbox(
        t("est_filter_area"),
        [ALL, *est_parts.names("area")],
        key="area",
        default=ALL,
        format_func=est_parts.option_label("area"),
    )

# 2. Data
extent = cache.est_extent().iloc[0]
first_week = pd.Timestamp(extent["first_week"]).date() if extent["n_incidents"] else None
last_week = pd.Timestamp(extent["last_week"]).date() if extent["n_incidents"] else None

# 3. Analytics
chosen = actions_parts.filter_actions(actions, promise=promise, status=status, area=area)
results = est_parts.follow_ups(first_week, last_week) if first_week else {}
table = actions_parts.follow_up_table(chosen, results, public=public)

# 4. Render
is_example = bool(actions["is_example"].any()) or bool(extent["has_example"])
example_notice([t("est_actions_example_what")] if is_example else [])
source = actions_parts.source(is_example)
filters = {"promise": promise, "status": status, "area": area}
filters["suppression"] = t("est_suppression_public") if public else t("est_suppression_none")
st.markdown(actions_parts.summary_sentence(chosen, results))
if chosen.empty:
    st.info(t("no_data"))
    st.stop()

st.subheader(t("est_heading_timeline"))
data_end = pd.Timestamp(last_week) + pd.Timedelta(days=6) if last_week else pd.Timestamp.now()
chart_with_images(
    charts.timeline_chart(actions_parts.timeline_frame(chosen), today=data_end),
    key="est_timeline_chart",
    title=f"{t('est_page_actions')}: {t('est_heading_timeline').lower()}",
    source=source[0],
    has_example=is_example,
)
st.caption(t("est_timeline_note", date=data_end.date().isoformat()))
table_and_downloads(
    actions_parts.action_table(chosen),
    key="est_actions",
    source=source[0],
    filters=filters,
    has_example=is_example,
)

st.subheader(t("est_heading_followup"))
st.caption(t("est_followup_method"))
est_source = actions_parts.source(is_example, kind="est")
for action in chosen.itertuples():
    with st.container(border=True):
        actions_parts.render_action(
            action,
            results.get(action.action_id),
            public=public,
            source=est_source[0],
            has_example=is_example,
        )
source_line([source, est_source])
table_and_downloads(
    table,
    key="est_followup",
    source=source[0],
    filters=filters,
    has_example=is_example,
)

st.subheader(t("est_heading_action_incidents"))
if auth.coordinator_gate(t("est_action_incidents_what")):
    action_id = st.selectbox(
        t("est_filter_action"),
        list(chosen["action_id"]),
        key="action",
        format_func=dict(zip(chosen["action_id"], chosen["title"], strict=True)).get,
    )
    incidents = actions_parts.action_incidents(
        chosen.set_index("action_id").loc[action_id], last_week or dt.date.today()
    )
    st.markdown(t("est_action_incidents_summary", n=len(incidents)))
    table_and_downloads(
        incidents,
        key="est_action_incidents",
        source=source[0],
        filters={**filters, "action": action_id},
        has_example=is_example,
        in_expander=False,
    )
