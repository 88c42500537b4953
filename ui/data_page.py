"""Blocks of the Data & sources page: live sources, sync and store health; data confidence details."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pilotage.application.sync import configured_sources
from pilotage.core.store import redact
from presentation.i18n import t, tn
from ui.context import Context
from ui.results import store_overview
from ui.sync_runner import sync_with_progress

RATIOS = ("estimated_items", "items_with_start", "epics_with_target", "prs_deployed", "incidents_linked")


def live_sources(c: Context) -> None:
    """Sources, the sync button, sync history, store contents and records set aside (live data only)."""
    st.subheader(t("data.sources"))
    if c.ws.demo:
        st.markdown(t("data.demo_source"))
    if c.ws.jira:
        st.markdown("- " + t("data.source_jira", url=c.ws.jira.url, projects=", ".join(c.ws.jira.projects)))
    if c.ws.github:
        st.markdown("- " + t("data.source_github", url=c.ws.github.url, count=len(c.ws.github.repos)))

    if configured_sources(c.ws):
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
            overview.runs.fillna({"message": ""}), hide_index=True, width="stretch",
            column_order=["source", "mode", "status", "started_at", "message"],
            column_config={
                "source": t("col.source"), "mode": t("col.mode"), "status": t("col.status"),
                "started_at": st.column_config.DatetimeColumn(t("col.started"), format="YYYY-MM-DD HH:mm"),
                "data_version": t("col.version"), "message": t("col.message"),
            },
        )
    with st.expander(t("technical.details")):  # for the CTO: where the data lives and which version is shown
        st.caption(t("data.store", url=redact(c.ws.store), version=c.data.data_version))
        if not overview.runs.empty:
            st.dataframe(overview.runs[["source", "started_at", "data_version"]], hide_index=True, column_config={
                "source": t("col.source"), "data_version": t("col.version"),
                "started_at": st.column_config.DatetimeColumn(t("col.started"), format="YYYY-MM-DD HH:mm"),
            })

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


def dropped_details(dropped: pd.DataFrame) -> None:
    """The values the last sync dropped while keeping their items, per source and reason (nothing when none)."""
    if dropped.empty:
        return
    st.warning(t("dropped.title", count=int(dropped["count"].sum())), icon=":material/filter_alt_off:")
    table = dropped.assign(reason=[t(f"dropped.{r}") for r in dropped["reason"]])
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "source": t("dropped.col.source"), "reason": t("dropped.col.reason"), "count": t("dropped.col.count"),
    })


def confidence_rows(confidence: dict) -> pd.DataFrame:
    """One row per scope and coverage ratio of the export's `confidence` section (overall, teams, repositories)."""
    rows = []
    scopes = [(t("data.conf.overall"), confidence.get("overall", {}))]
    scopes += [(name, ratios) for name, ratios in sorted(confidence.get("teams", {}).items())]
    scopes += [(name, ratios) for name, ratios in sorted(confidence.get("repos", {}).items())]
    for scope, ratios in scopes:
        for ratio_id in RATIOS:
            r = ratios.get(ratio_id)
            if r is None:
                continue
            enough = r.get("ratio") is not None
            rows.append({
                "scope": scope,
                "measure": t(f"data.conf.{ratio_id}"),
                "share": (r["ratio"] * 100) if enough else None,
                "basis": f"{r['numerator']} / {r['denominator']}",
                "state": t("data.conf.low") if r.get("low") else t("data.conf.ok") if enough else t("data.conf.none"),
            })
    return pd.DataFrame(rows, columns=["scope", "measure", "share", "basis", "state"])


def confidence_details(c: Context) -> None:
    st.subheader(t("data.conf.title"))
    st.caption(t("data.conf.help"))
    if c.live:  # a snapshot shows what was frozen, never the store
        dropped_details(store_overview(c).dropped)
    table = confidence_rows(c.views["metrics"].get("confidence", {}))
    if table.empty:
        st.info(t("data.conf.empty"))
        return
    low = table.loc[table["state"] == t("data.conf.low")]
    if not low.empty:
        st.warning(tn("data.conf.low_count", len(low), count=len(low)))
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_config={
            "scope": t("data.conf.col.scope"), "measure": t("data.conf.col.measure"),
            "share": st.column_config.ProgressColumn(t("data.conf.col.share"), format="%.0f%%", min_value=0,
                                                     max_value=100),
            "basis": t("data.conf.col.basis"), "state": t("data.conf.col.state"),
        },
    )
