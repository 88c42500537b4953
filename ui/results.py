"""Computed results for the pages, cached on (store, data version, workspace fingerprint, as_of, seed): pages never
compute.

Each function takes the context and returns frames or report objects; Streamlit's resource cache keeps one copy
per data version and workspace settings, so a rerun (a widget click) costs a dictionary look-up, while a sync (new
data version) or a saved edit of the workspace file (new fingerprint) recomputes on the next view.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from metrics.confidence import dropped_values
from pilotage.application import kept
from pilotage.application.views import ViewInputs, compute
from pilotage.core.model import Dataset
from pilotage.core.workspace import Workspace, fingerprint
from ui.context import Context
from ui.state import get_store


@st.cache_resource(show_spinner=False, max_entries=8)
def _computed(url: str, version: int, settings: str, as_of: date, seed: int, _ws: Workspace,
              _data: Dataset) -> ViewInputs:
    return compute(_data, _ws, as_of=as_of, seed=seed)


@st.cache_resource(show_spinner=False, max_entries=8)
def _views(url: str, version: int, stamp: str | None, as_of: date, seed: int, fingerprint: str, _ws: Workspace,
           _data: Dataset) -> dict:
    return kept.views(get_store(_ws), _data, _ws, as_of=as_of, seed=seed)


def live_inputs(ws: Workspace, data: Dataset, as_of: date) -> ViewInputs:
    """Reports of the live data (computed once per data version, workspace settings and date): the roadmap
    report's inputs serve the what-if controls."""
    return _computed(ws.store, data.data_version, fingerprint(ws), as_of, ws.metrics.seed, ws, data)


def live_views(ws: Workspace, data: Dataset, as_of: date) -> dict:
    """The views document of the live data: kept by the sync for its date (pilotage.application.kept), else
    computed once per data stamp, date and workspace settings and kept for every later process."""
    return _views(ws.store, data.data_version, data.data_stamp, as_of, ws.metrics.seed, fingerprint(ws),
                  ws, data)


@dataclass(frozen=True)
class StoreOverview:
    runs: pd.DataFrame  # source, mode, status, started_at, data_version, message (newest first)
    counts: dict[str, int]  # table → rows
    quarantined: pd.DataFrame  # source, kind, key, reason
    dropped: pd.DataFrame  # source, reason, count: values the last good sync of each source dropped (items kept)


@st.cache_resource(show_spinner=False, max_entries=16)
def _store_overview(url: str, version: int, _c: Context) -> StoreOverview:
    all_runs = _c.store.runs(limit=30)
    runs = all_runs[["source", "mode", "status", "started_at", "data_version", "message"]]
    quarantined = _c.store.quarantined()[["source", "kind", "key", "reason"]]
    last_ok = all_runs.loc[all_runs["status"] == "ok"].drop_duplicates("source")  # newest first
    dropped = dropped_values({r.source: json.loads(r.stats or "{}") for r in last_ok.itertuples()})
    return StoreOverview(runs=runs, counts={k: len(v) for k, v in _c.data.frames.items()}, quarantined=quarantined,
                         dropped=dropped)


def store_overview(c: Context) -> StoreOverview:
    return _store_overview(c.ws.store, c.data.data_version, c)


def forget_store_overview() -> None:
    """A failed sync leaves the data version as it was but adds a run: drop the cached overview."""
    _store_overview.clear()
