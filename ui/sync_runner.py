"""The data page's sync button: runs `pilotage.application.sync.run_sync` with a Streamlit progress bar."""

from __future__ import annotations

import streamlit as st

from pilotage.application.sync import RunSummary, run_sync
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace
from ui.results import forget_store_overview


def sync_with_progress(ws: Workspace, store: Store, *, full: bool) -> list[RunSummary]:
    bar = st.progress(0.0, text="…")

    def progress(stage: str, done: int, total: int | None, message: str = "") -> None:
        fraction = min(done / total, 1.0) if total else 0.0
        text = f"{stage}: {done}" + (f"/{total}" if total else "") + (f" — {message}" if message else "")
        bar.progress(fraction, text=text)

    summaries = run_sync(ws, store, full=full, progress=progress)
    bar.empty()
    forget_store_overview()
    return summaries
