"""The pieces of the Insatser och medborgarlöften page: filtering, the timeline's data, the
actions table, each action's follow-up sentence and chart, and the coordinators' incident list.
Pages/actions.py composes them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import streamlit as st

from analytics import insats_followup
from analytics.change import DECREASE, INCREASE
from analytics.suppression import SMALL_COUNT_MAX
from ui import cache, charts, est_parts, situation_parts
from ui.est_parts import ALL
from ui.format import markdown_text, number, signed_percent
from ui.frame import chart_with_images, translated
from ui.i18n import in_language, language, t

ACTION_COLUMNS = {
    "action_id": "est_column_id",
    "title": "est_column_action",
    "promise": "est_column_promise",
    "responsible": "est_column_responsible",
    "areas": "est_column_areas",
    "categories": "est_column_categories",
    "start": "est_column_start",
    "end": "est_column_end",
    "status": "est_column_status",
    "follow_up": "est_column_notes",
}
FOLLOW_UP_COLUMNS = {
    "action_id": "est_column_id",
    "title": "est_column_action",
    "method": "est_column_method",
    "weeks_before": "est_column_weeks_before",
    "weeks_after": "est_column_weeks_after",
    "targeted_before": "est_column_targeted_before",
    "targeted_after": "est_column_targeted_after",
    "comparison": "est_column_comparison_after",
    "change": "est_column_change_percent",
    "lower": "est_column_change_lower_percent",
    "upper": "est_column_change_upper_percent",
    "verdict": "est_column_verdict",
}


def source(is_example: bool, *, kind: str = "insatser") -> tuple[str, str]:
    """(name, licence) of the insatser list (or, with kind='est', of the EST reports)."""
    sources = cache.sources().set_index("source_id")
    row = sources.loc[f"{kind}_example" if is_example else kind]
    return row[f"name_{language()}"], row[in_language("licence")]


def filter_actions(actions: pd.DataFrame, *, promise: str, status: str, area: str) -> pd.DataFrame:
    mask = pd.Series(True, index=actions.index)
    if promise != ALL:
        mask &= actions["promise"] == promise
    if status != ALL:
        mask &= actions["status"] == status
    if area != ALL:
        mask &= actions["areas"].map(lambda areas: area in list(areas))
    return actions[mask].reset_index(drop=True)


def _names(ids: object, kind: str) -> str:
    lookup = est_parts.names(kind)
    return ", ".join(lookup.get(identifier, identifier) for identifier in list(ids))


def _areas(action: pd.Series | object) -> str:
    if getattr(action, "targets_all_areas", False):
        return t("est_all_area")
    return _names(action.areas, "area")


def summary_sentence(actions: pd.DataFrame, results: dict) -> str:
    counts = actions["status"].value_counts()
    followed = [results[a] for a in actions["action_id"] if a in results and results[a].computed]
    return t(
        "est_actions_summary",
        n=len(actions),
        promises=actions["promise"].nunique(),
        ongoing=int(counts.get("pågår", 0)),
        planned=int(counts.get("planerad", 0)),
        completed=int(counts.get("genomförd", 0)),
        reviewed=int(counts.get("uppföljd", 0)),
        followed=len(followed),
        decreases=sum(result.verdict == DECREASE for result in followed),
        increases=sum(result.verdict == INCREASE for result in followed),
    )


def timeline_frame(actions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": [f"{a.action_id}: {a.title}" for a in actions.itertuples()],
            "start": actions["start_date"],
            "end": actions["end_date"],
            "status": actions["status"],
            "status_label": [t(f"est_status_{status}") for status in actions["status"]],
        }
    )


def _date(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def action_table(actions: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "action_id": actions["action_id"],
            "title": actions["title"],
            "promise": actions["promise"].fillna(""),
            "responsible": [_names(ids, "organisation") for ids in actions["responsible"]],
            "areas": [_areas(action) for action in actions.itertuples()],
            "categories": [_names(ids, "category") for ids in actions["categories"]],
            "start": [_date(value) for value in actions["start_date"]],
            "end": [_date(value) for value in actions["end_date"]],
            "status": [t(f"est_status_{status}") for status in actions["status"]],
            "follow_up": actions["follow_up"].fillna(""),
        }
    )
    return translated(frame, ACTION_COLUMNS)


def _count(value: float, *, public: bool) -> str:
    return est_parts.count_text(value, public and 1 <= value <= 4)


def change_hidden(result: insats_followup.FollowUp, *, public: bool) -> bool:
    """Whether the public may not see the change: a count of 1–4 before or after (the
    expected count times the change, or the change of a did, gives it back)."""
    counts = [result.targeted_before, result.targeted_after]
    if result.method == insats_followup.METHOD_DID:
        counts += [result.comparison_before, result.comparison_after]
    return public and any(1 <= value <= SMALL_COUNT_MAX for value in counts if pd.notna(value))


def follow_up_sentence(result: insats_followup.FollowUp | None, *, public: bool) -> str:
    if result is None or not result.computed:
        reason = result.reason if result is not None else insats_followup.REASON_NOT_STARTED
        return t(f"est_followup_{reason}", weeks=insats_followup.MIN_WEEKS)
    if change_hidden(result, public=public):
        return t(
            "est_followup_hidden",
            before=_count(result.targeted_before, public=public),
            after=_count(result.targeted_after, public=public),
            weeks_before=result.weeks_before,
            weeks_after=result.weeks_after,
        )
    common = {
        "before": _count(result.targeted_before, public=public),
        "after": _count(result.targeted_after, public=public),
        "weeks_before": result.weeks_before,
        "weeks_after": result.weeks_after,
        "change": signed_percent(result.rate_ratio - 1),
        "lower": signed_percent(result.lower - 1),
        "upper": signed_percent(result.upper - 1),
        "verdict": t(f"verdict_{result.verdict}"),
    }
    if result.method == insats_followup.METHOD_DID:
        return t("est_followup_did", **common)
    return t("est_followup_expected", expected=number(result.comparison_after, 0), **common)


def render_action(
    action: object,
    result: insats_followup.FollowUp | None,
    *,
    public: bool,
    source: str,
    has_example: bool,
) -> None:
    heading = f"{markdown_text(action.action_id)}: {markdown_text(action.title)}"
    st.markdown(f"**{heading}** · {t(f'est_status_{action.status}')}")
    end = _date(action.end_date) or ("–" if action.status == "planerad" else t("est_ongoing"))
    st.caption(
        t(
            "est_action_details",
            promise=markdown_text(action.promise) or "–",
            responsible=_names(action.responsible, "organisation"),
            areas=_areas(action),
            categories=_names(action.categories, "category"),
            start=_date(action.start_date),
            end=end,
        )
    )
    if isinstance(action.follow_up, str) and action.follow_up:
        st.caption(t("est_action_notes", notes=markdown_text(action.follow_up)))
    st.markdown(follow_up_sentence(result, public=public))
    if result is not None and result.computed and not result.blocks.empty:
        labels = {
            "targeted": t("est_group_targeted"),
            "comparison": t("est_group_comparison"),
            "expected": t("est_group_expected"),
        }
        blocks = public_blocks(result, public=public)
        chart_with_images(
            charts.followup_chart(blocks, group_labels=labels),
            key=f"est_followup_chart_{action.action_id}",
            title=f"{action.action_id}: {action.title}",
            source=source,
            has_example=has_example,
        )


def public_blocks(result: insats_followup.FollowUp, *, public: bool) -> pd.DataFrame:
    """The follow-up chart's blocks as the public may see them: a targeted block whose
    reports (mean per week x its weeks) are 1–4 is NaN, and so is a second block of the same
    side when the side's total (shown in the sentence) would give it back; the comparison
    line, scaled to the targeted level, is hidden with the change when that is hidden.
    `suppressed` says which rule hid a block ('primary' 1–4, 'secondary' given back by a
    total, '' shown), for the chart's "<5" and ".." marks."""
    blocks = result.blocks.assign(suppressed="")
    if not public:
        return blocks
    targeted = blocks["group"] == "targeted"
    weeks = _block_weeks(blocks["block"], result.weeks_before, result.weeks_after)
    counts = (blocks["reports_per_week"] * weeks).round()
    for side in (blocks["block"] < 0, blocks["block"] >= 0):
        chosen = targeted & side
        mask = est_parts.count_mask(counts[chosen], with_total=True)
        hidden = mask.index[mask != ""]
        blocks.loc[hidden, "reports_per_week"] = np.nan
        blocks.loc[hidden, "suppressed"] = mask[mask != ""]
    if change_hidden(result, public=public):
        comparison = blocks["group"] == "comparison"
        blocks.loc[comparison, "reports_per_week"] = np.nan
        blocks.loc[comparison, "suppressed"] = "secondary"
    return blocks


def _block_weeks(block: pd.Series, weeks_before: int, weeks_after: int) -> pd.Series:
    """Weeks in each 4-week block (the first before and the last after may be shorter)."""
    size = insats_followup.BLOCK_WEEKS
    first = -(-weeks_before // size)
    last = -(-weeks_after // size) - 1

    def weeks(b: int) -> int:
        if b == -first and weeks_before % size:
            return weeks_before % size
        if b == last and weeks_after % size:
            return weeks_after % size
        return size

    return block.map(weeks).astype(float)


def follow_up_table(
    actions: pd.DataFrame, results: dict[str, insats_followup.FollowUp], *, public: bool
) -> pd.DataFrame:
    rows = []
    for action in actions.itertuples():
        result = results.get(action.action_id)
        computed = result is not None and result.computed
        shown = computed and not change_hidden(result, public=public)
        rows.append(
            {
                "action_id": action.action_id,
                "title": action.title,
                "method": t(f"est_method_{result.method if result else 'none'}"),
                "weeks_before": result.weeks_before if result else 0,
                "weeks_after": result.weeks_after if result else 0,
                "targeted_before": result.targeted_before if computed else float("nan"),
                "targeted_after": result.targeted_after if computed else float("nan"),
                "comparison": round(result.comparison_after, 1) if computed else float("nan"),
                # Percent, as the page says, to one decimal.
                "change": round((result.rate_ratio - 1) * 100, 1) if shown else float("nan"),
                "lower": round((result.lower - 1) * 100, 1) if shown else float("nan"),
                "upper": round((result.upper - 1) * 100, 1) if shown else float("nan"),
                "verdict": t(f"verdict_{result.verdict}") if shown else "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(FOLLOW_UP_COLUMNS))
    frame = est_parts.public_counts(frame, ["targeted_before", "targeted_after"], public=public)
    return translated(frame, FOLLOW_UP_COLUMNS)


def action_incidents(action: pd.Series, last_week: dt.date) -> pd.DataFrame:
    """The reports the follow-up counts after the start: the action's areas and categories in
    the weeks from its start (coordinators only)."""
    end = None if pd.isna(action["end_date"]) else pd.Timestamp(action["end_date"]).date()
    weeks = insats_followup.weeks_after(pd.Timestamp(action["start_date"]).date(), end, last_week)
    if not weeks:
        return situation_parts.incident_table(cache.est_incidents(last_week, last_week).head(0))
    incidents = cache.est_incidents(weeks[0], weeks[-1] + dt.timedelta(days=6), None, None, None)
    chosen = incidents[
        incidents["area_id"].isin(list(action["areas"]))
        & incidents["category_id"].isin(list(action["categories"]))
    ]
    return situation_parts.incident_table(chosen)
