"""The data page's sync button: runs `pilotage.application.sync.run_sync` with a Streamlit progress bar."""

from __future__ import annotations

import streamlit as st

from pilotage.application.sync import RunSummary, run_sync
from pilotage.core.errors import SyncBusy
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace
from presentation.i18n import t
from ui.results import forget_store_overview


def sync_with_progress(ws: Workspace, store: Store, *, full: bool) -> list[RunSummary]:
    bar = st.progress(0.0, text="…")

    def progress(stage: str, done: int, total: int | None, message: str = "") -> None:
        fraction = min(done / total, 1.0) if total else 0.0
        text = f"{stage}: {done}" + (f"/{total}" if total else "") + (f" — {message}" if message else "")
        bar.progress(fraction, text=text)

    try:
        summaries = run_sync(ws, store, full=full, progress=progress, holder="dashboard")
    except SyncBusy as busy:  # a worker (or another visitor) is syncing: say who, do not wait for it
        bar.empty()
        st.info(t("data.sync_busy", holder=busy.holder), icon=":material/sync_lock:")
        return []
    bar.empty()
    forget_store_overview()
    return summaries
