"""The per-run context the router builds and the pages read: workspace, filters, data, in the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from pilotage.model import Dataset
from pilotage.store import Store
from pilotage.workspace import Workspace
from ui.state import Filters


@dataclass
class Context:
    ws: Workspace
    filters: Filters
    store: Store
    data: Dataset
    as_of: date  # the effective date (filter, else the date of the last sync)
    default_as_of: date


def set_context(ctx: Context) -> None:
    st.session_state["_context"] = ctx


def ctx() -> Context:
    return st.session_state["_context"]
