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

import streamlit as st

from pilotage.application.calibration import calibration
from pilotage.application.compare import compare
from pilotage.application.snapshots import Snapshot, calibration_history, history, latest, ordered_rows, previous
from pilotage.core.errors import SnapshotError
from pilotage.core.store import Store
from pilotage.core.workspace import fingerprint
from presentation.charts import md_text as safe_md
from presentation.decisions import follow_ups
from presentation.i18n import fmt_date, language, t
from presentation.tables import moves_table
from ui.context import Context
from ui.tables import show_table


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
    decided = c.store.decisions(before.id, with_options=True)
    if not decided.empty:
        lines = [f"- {safe_md(r.what)} — {safe_md(r.owner)}" + (f" ({safe_md(t('since.due', date=_date(r.due)))})"
                                                                if r.due else "")
                 for r in decided.itertuples()]
        st.markdown(f"**{safe_md(t('since.decided'))}**\n" + "\n".join(lines))
        for line in follow_ups(decided, before.payload["views"], c.views):  # what became of the options chosen
            st.info(safe_md(line), icon=":material/fact_check:")
    if changes.calibration and changes.calibration["sentence"]:
        st.info(safe_md(changes.calibration["sentence"][lang]), icon=":material/target:")
    if changes.refused:
        st.caption(t("since.left_out", ids=", ".join(changes.refused)))
    with st.expander(t("since.details")):
        show_table(moves_table(cmp, cmp["currency"]))  # the board pack's table of moves


def _date(iso: str) -> str:
    return fmt_date(date.fromisoformat(iso[:10]))
