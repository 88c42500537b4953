"""Computed results for the pages, cached on (store, data version, as_of): pages never compute.

Each function takes the context and returns frames or report objects; Streamlit's resource cache keeps one copy
per data version, so a rerun (a widget click) costs a dictionary look-up, and a sync (new data version)
recomputes on the next view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from metrics.work import weekly_counts, work_items
from pilotage.model import Dataset
from pilotage.views import ViewInputs, compute, views_from
from pilotage.workspace import Workspace
from ui.context import Context


@dataclass(frozen=True)
class Overview:
    """Headline figures of the first executive page."""

    weekly_done: pd.DataFrame  # index week start (UTC), column "all": items finished that week
    finished_in_window: int
    in_progress: int
    open_items: pd.DataFrame  # key, name, team, target (date or None), children, remaining, url


@st.cache_resource(show_spinner=False, max_entries=32)
def _overview(url: str, version: int, as_of: date, _ws: Workspace, _data: Dataset) -> Overview:
    weeks = _ws.metrics.window_weeks
    items = work_items(_data, _ws, as_of=as_of)
    done = items["done_at"].where(items["counted"])
    weekly = weekly_counts(done, as_of=as_of, weeks=weeks)
    roadmap_types = list(_ws.jira.roadmap_types) if _ws.jira else ["Epic"]
    epics = _data.issues.loc[_data.issues["issue_type"].isin(roadmap_types)]
    children = items.groupby("parent_id").agg(children=("id", "size"), remaining=("stage", lambda s: int((s != "done").sum())))
    names = {r.key: r.name for r in _ws.roadmap if r.name}
    open_items = pd.DataFrame({
        "key": epics["key"].to_numpy(),
        "name": [names.get(k, s) for k, s in zip(epics["key"], epics["summary"].fillna(""))],
        "team": epics["project"].map(_ws.team_of_project()).fillna("").to_numpy(),
        "target": pd.to_datetime(epics["due_date"], errors="coerce").dt.date.to_numpy(),
        "children": children["children"].reindex(epics["id"]).fillna(0).astype(int).to_numpy(),
        "remaining": children["remaining"].reindex(epics["id"]).fillna(0).astype(int).to_numpy(),
        "url": epics["url"].to_numpy(),
    })
    open_items = open_items.loc[open_items["remaining"] > 0].sort_values("target", na_position="last")
    return Overview(
        weekly_done=weekly,
        finished_in_window=int(weekly["all"].sum()),
        in_progress=int((items["stage"] == "in_progress").sum()),
        open_items=open_items.reset_index(drop=True),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _computed(url: str, version: int, as_of: date, seed: int, _ws: Workspace, _data: Dataset) -> ViewInputs:
    return compute(_data, _ws, as_of=as_of, seed=seed)


@st.cache_resource(show_spinner=False, max_entries=8)
def _views(url: str, version: int, as_of: date, seed: int, _inputs: ViewInputs) -> dict:
    return views_from(_inputs)


def live_inputs(ws: Workspace, data: Dataset, as_of: date) -> ViewInputs:
    """Reports of the live data (computed once per data version and date): the roadmap report's inputs serve
    the what-if controls."""
    return _computed(ws.store, data.data_version, as_of, ws.metrics.seed, ws, data)


def live_views(ws: Workspace, data: Dataset, as_of: date) -> dict:
    """The views document of the live data (computed once per data version and date)."""
    inputs = live_inputs(ws, data, as_of)
    return _views(ws.store, data.data_version, as_of, ws.metrics.seed, inputs)


def overview(c: Context) -> Overview:
    return _overview(c.ws.store, c.data.data_version, c.as_of, c.ws, c.data)


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
