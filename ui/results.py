"""Computed results for the pages, cached on (store, data version, workspace fingerprint, as_of, seed): pages never
compute.

Each function takes the context and returns frames or report objects; Streamlit's resource cache keeps one copy
per data version and workspace settings, so a rerun (a widget click) costs a dictionary look-up, while a sync (new
data version) or a saved edit of the workspace file (new fingerprint) recomputes on the next view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from pilotage.application.views import ViewInputs, compute, views_from
from pilotage.core.model import Dataset
from pilotage.core.workspace import Workspace, fingerprint
from ui.context import Context


@st.cache_resource(show_spinner=False, max_entries=8)
def _computed(url: str, version: int, settings: str, as_of: date, seed: int, _ws: Workspace,
              _data: Dataset) -> ViewInputs:
    return compute(_data, _ws, as_of=as_of, seed=seed)


@st.cache_resource(show_spinner=False, max_entries=8)
def _views(url: str, version: int, settings: str, as_of: date, seed: int, _inputs: ViewInputs) -> dict:
    return views_from(_inputs)


def live_inputs(ws: Workspace, data: Dataset, as_of: date) -> ViewInputs:
    """Reports of the live data (computed once per data version, workspace settings and date): the roadmap
    report's inputs serve the what-if controls."""
    return _computed(ws.store, data.data_version, fingerprint(ws), as_of, ws.metrics.seed, ws, data)


def live_views(ws: Workspace, data: Dataset, as_of: date) -> dict:
    """The views document of the live data (computed once per data version, workspace settings and date)."""
    inputs = live_inputs(ws, data, as_of)
    return _views(ws.store, data.data_version, fingerprint(ws), as_of, ws.metrics.seed, inputs)


@dataclass(frozen=True)
class StoreOverview:
    runs: pd.DataFrame  # source, mode, status, started_at, data_version, message (newest first)
    counts: dict[str, int]  # table → rows
    quarantined: pd.DataFrame  # source, kind, key, reason


@st.cache_resource(show_spinner=False, max_entries=16)
def _store_overview(url: str, version: int, _c: Context) -> StoreOverview:
    runs = _c.store.runs(limit=30)[["source", "mode", "status", "started_at", "data_version", "message"]]
    quarantined = _c.store.quarantined()[["source", "kind", "key", "reason"]]
    return StoreOverview(runs=runs, counts={k: len(v) for k, v in _c.data.frames.items()}, quarantined=quarantined)


def store_overview(c: Context) -> StoreOverview:
    return _store_overview(c.ws.store, c.data.data_version, c)


def forget_store_overview() -> None:
    """A failed sync leaves the data version as it was but adds a run: drop the cached overview."""
    _store_overview.clear()
