"""The per-run context the router builds and the pages read: workspace, filters, data, in the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from pilotage.application.snapshots import Snapshot
from pilotage.core.model import Dataset
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace
from ui.state import Filters


@dataclass
class Context:
    ws: Workspace
    filters: Filters
    store: Store
    data: Dataset
    as_of: date  # the effective date (filter, else the date of the last sync; a snapshot's own date)
    default_as_of: date
    views: dict  # pilotage.application.views document: live, or frozen in `snapshot`
    snapshot: Snapshot | None = None

    @property
    def live(self) -> bool:
        """False when showing a frozen snapshot: nothing may be recomputed or changed (no what-if, no sync)."""
        return self.snapshot is None


def set_context(ctx: Context) -> None:
    st.session_state["_context"] = ctx


def ctx() -> Context:
    return st.session_state["_context"]
