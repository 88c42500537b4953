"""Data & sources: where the figures come from, how fresh and complete they are, what was set aside; the sync
button and board snapshots."""

from __future__ import annotations

import streamlit as st

from presentation.i18n import t
from ui.context import ctx
from ui.data_page import confidence_details, live_sources
from ui.snapshot_panel import snapshot_panel

c = ctx()
st.title(t("data.title"))
st.caption(t("data.intro"))
if c.live:  # a snapshot link shows what was frozen, never the store, its history or the sources
    live_sources(c)
confidence_details(c)
snapshot_panel(c)
