"""What the CLI and the dashboard share on top of the store: open a workspace's data, build the demo when needed,
pick the default as_of date. No Streamlit here: the dashboard wraps these in its caches."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from pilotage.model import Dataset
from pilotage.store import Store, open_store
from pilotage.workspace import Workspace


def store_for(ws: Workspace) -> Store:
    """The workspace's store, migrated; the demo workspace's store is built on first use."""
    store = open_store(ws)
    store.migrate()
    if ws.demo and store.is_empty():
        from connectors.demo import build_demo_store

        build_demo_store(store)
    return store


def load_dataset(ws: Workspace) -> Dataset:
    return store_for(ws).load()


def default_as_of(ws: Workspace, store: Store | None = None) -> date:
    """The date the data describes: the day of the last successful sync (its start), else today."""
    runs = (store or store_for(ws)).runs(limit=20)
    ok = runs.loc[runs["status"] == "ok", "started_at"]
    if ok.empty:
        return pd.Timestamp.now(tz="UTC").date()
    return (ok.max() - timedelta(milliseconds=1)).date()
