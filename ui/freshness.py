"""The freshness line every page shows, drawn once by the router (dashboard.py) before the page runs.

A caption when the data is fresh; a warning naming the stale source and since when otherwise. Nothing for the demo
company or a frozen snapshot (its own banner dates it). Read from the store on each run: a failed sync does not
change the data version, so a cache keyed on it would hide the failure."""

from __future__ import annotations

import streamlit as st

from pilotage.application.freshness import freshness
from pilotage.core.errors import PilotageError
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace
from presentation.freshness import freshness_line, freshness_warnings


def show_freshness(ws: Workspace, store: Store) -> None:
    try:
        fresh = freshness(ws, store)
    except (PilotageError, ValueError) as e:  # the pages still render; the data page shows the store's error
        st.caption(str(e))
        return
    line = freshness_line(fresh)
    for warning in freshness_warnings(fresh):
        st.warning(warning, icon=":material/schedule:")
    if line:
        st.caption(line)
