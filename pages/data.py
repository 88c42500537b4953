"""Data & sources: where the figures come from, how fresh they are, what was set aside; the sync button."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pilotage.store import redact
from pilotage.sync import configured_sources
from ui.context import ctx
from ui.i18n import t
from ui.results import store_overview
from ui.snapshot_panel import snapshot_panel
from ui.sync_runner import sync_with_progress

c = ctx()
st.title(t("data.title"))
st.caption(t("data.intro"))

st.subheader(t("data.sources"))
if c.ws.demo:
    st.markdown(t("data.demo_source"))
if c.ws.jira:
    st.markdown("- " + t("data.source_jira", url=c.ws.jira.url, projects=", ".join(c.ws.jira.projects)))
if c.ws.github:
    st.markdown("- " + t("data.source_github", url=c.ws.github.url, count=len(c.ws.github.repos)))
st.caption(t("data.store", url=redact(c.ws.store), version=c.data.data_version))

if configured_sources(c.ws) and not c.filters.snapshot:
    full = st.checkbox(t("data.sync_full"))
    if st.button(t("data.sync_button"), type="primary"):
        for s in sync_with_progress(c.ws, c.store, full=full):
            if s.ok:
                st.success(t("data.sync_done", source=s.source, seconds=f"{s.seconds:.1f}", version=s.data_version))
            else:
                st.error(t("data.sync_failed", source=s.source, message=s.message))
elif not c.ws.demo:
    st.warning(t("data.guide.title"))
if c.ws.demo or not configured_sources(c.ws):
    with st.expander(t("data.guide.title"), expanded=not c.ws.demo):
        st.markdown(t("data.guide"))

overview = store_overview(c)
st.subheader(t("data.last_sync"))
if overview.runs.empty:
    st.info(t("data.no_runs"))
else:
    st.dataframe(
        overview.runs, hide_index=True, width="stretch",
        column_config={
            "source": t("col.source"), "mode": t("col.mode"), "status": t("col.status"),
            "started_at": st.column_config.DatetimeColumn(t("col.started"), format="YYYY-MM-DD HH:mm"),
            "data_version": t("col.version"), "message": t("col.message"),
        },
    )

st.subheader(t("data.counts"))
counts = pd.DataFrame({"table": [t(f"table.{k}") for k in overview.counts], "rows": list(overview.counts.values())})
st.dataframe(counts, hide_index=True, column_config={"table": t("col.table"), "rows": t("col.rows")})

st.subheader(t("data.quarantine"))
st.caption(t("data.quarantine.help"))
if overview.quarantined.empty:
    st.success(t("data.no_quarantine"))
else:
    st.dataframe(
        overview.quarantined, hide_index=True, width="stretch",
        column_config={"source": t("col.source"), "kind": t("col.kind"), "key": t("col.key"),
                       "reason": t("col.reason")},
    )

snapshot_panel(c)
