"""The "since last board" block of the executive page: what moved since the latest board snapshot, what was
decided then, and how often earlier 85% dates were met.

Live, the figures on screen are compared with the latest snapshot frozen at or before their date; showing a
snapshot, it is compared with the board before it. The comparison (pilotage.application.compare) and the calibration
(pilotage.application.calibration) are cached on the store's snapshot list and the compared figures, so a rerun costs one
small query. Names from Jira/GitHub are escaped before they reach Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from pilotage.application.calibration import calibration
from pilotage.application.compare import compare
from pilotage.application.snapshots import Snapshot, calibration_history, history, latest, ordered_rows, previous
from pilotage.core.errors import SnapshotError
from pilotage.core.store import Store
from pilotage.core.workspace import fingerprint
from presentation.charts import md_text as safe_md
from presentation.i18n import fmt_date, language, t
from ui.context import Context


@dataclass(frozen=True)
class BoardChanges:
    before: Snapshot  # the board compared with
    comparison: dict  # pilotage.application.compare.compare(before's views, the shown views)
    calibration: dict | None  # over every snapshot before the shown figures' date
    refused: tuple[str, ...]  # snapshots left out: modified after freezing


@st.cache_resource(show_spinner=False, max_entries=16)
def _changes(url: str, snapshot_ids: tuple[str, ...], shown: str, as_of: date, _store: Store, _views: dict,
             _snapshot: Snapshot | None) -> BoardChanges | None:
    before = previous(_store, _snapshot) if _snapshot else latest(_store, as_of=as_of)
    if before is None:
        return None
    earlier, refused = history(_store, before=as_of)
    judged = calibration(calibration_history(earlier), _views) if earlier else None
    return BoardChanges(before, compare(before.payload["views"], _views), judged, tuple(refused))


def board_changes(c: Context) -> BoardChanges | None:
    """The comparison for the figures on screen, or None when there is no earlier snapshot."""
    ids = tuple(ordered_rows(c.store)["id"])
    if not ids:
        return None
    shown = f"snapshot:{c.snapshot.id}" if c.snapshot else \
        f"live:{c.data.data_version}:{fingerprint(c.ws)}:{c.ws.metrics.seed}"
    return _changes(c.ws.store, ids, shown, c.as_of, c.store, c.views, c.snapshot)


def since_last_board(c: Context) -> None:
    """Draw the block (a short hint when no board snapshot exists yet)."""
    try:
        with st.spinner(t("spinner.comparison")):
            changes = board_changes(c)
    except SnapshotError as e:
        st.warning(t("since.refused", message=safe_md(e)))
        return
    if changes is None:
        if c.live:
            st.caption(t("since.none"))
        return
    lang, before, cmp = language(), changes.before, changes.comparison
    st.subheader(t("since.title"))
    st.caption(t("since.against", title=safe_md(before.title), as_of=fmt_date(before.as_of),
                 created=fmt_date(before.created_at.date())))
    st.markdown(safe_md(cmp["sentence"][lang]))
    if cmp.get("delivery_sentence"):
        st.markdown(safe_md(cmp["delivery_sentence"][lang]))
    decided = c.store.decisions(before.id)
    if not decided.empty:
        lines = [f"- {safe_md(r.what)} — {safe_md(r.owner)}" + (f" ({safe_md(t('since.due', date=_date(r.due)))})"
                                                                if r.due else "")
                 for r in decided.itertuples()]
        st.markdown(f"**{safe_md(t('since.decided'))}**\n" + "\n".join(lines))
    if changes.calibration and changes.calibration["sentence"]:
        st.info(safe_md(changes.calibration["sentence"][lang]), icon=":material/target:")
    if changes.refused:
        st.caption(t("since.left_out", ids=", ".join(changes.refused)))
    with st.expander(t("since.details")):
        st.dataframe(moves_frame(cmp), hide_index=True, width="stretch", column_config={
            "item": st.column_config.TextColumn(t("pack.col.item")),
            "p85_then": st.column_config.DateColumn(t("pack.col.p85_then"), format="YYYY-MM-DD"),
            "p85_now": st.column_config.DateColumn(t("pack.col.p85_now"), format="YYYY-MM-DD"),
            "move_days": st.column_config.NumberColumn(t("since.col.move_days"), format="%+d"),
            "status_then": st.column_config.TextColumn(t("since.col.status_then")),
            "status_now": st.column_config.TextColumn(t("since.col.status_now")),
            "cost_change": st.column_config.NumberColumn(t("pack.col.cost_change"), format="%+.0f"),
            "cost_now": st.column_config.NumberColumn(t("pack.col.cost_now"), format="%.0f"),
        })
        st.caption(t("since.currency", currency=cmp["currency"]))


def _date(iso: str) -> str:
    return fmt_date(date.fromisoformat(iso[:10]))


def moves_frame(cmp: dict) -> pd.DataFrame:
    """One row per roadmap item of the comparison: item, p85_then, p85_now (dates), move_days (int or NA),
    status_then, status_now (translated words), cost_change, cost_now (currency, float or NA)."""
    def status(figures: dict | None) -> str:
        return t(f"pack.status.{figures['status']}") if figures and figures.get("status") else "—"

    def day(figures: dict | None):
        return date.fromisoformat(figures["p85"]) if figures and figures.get("p85") else None

    rows = [{
        "item": r["name"], "p85_then": day(r["old"]), "p85_now": day(r["new"]), "move_days": r["p85_days"],
        "status_then": status(r["old"]), "status_now": status(r["new"]), "cost_change": r["extra_cost_change"],
        "cost_now": (r["new"] or {}).get("extra_cost"),
    } for r in cmp["items"]]
    frame = pd.DataFrame(rows, columns=["item", "p85_then", "p85_now", "move_days", "status_then", "status_now",
                                        "cost_change", "cost_now"])
    frame["move_days"] = frame["move_days"].astype("Int64")
    frame["cost_change"] = frame["cost_change"].astype("Float64")
    frame["cost_now"] = frame["cost_now"].astype("Float64")
    return frame
