"""Where the dashboard's state lives: the chosen workspace, filters in the URL, and caches keyed on the data version.

Filters (workspace, team, as_of, item, language, snapshot) are read from the query string, fall back to the
session (page switches drop the query string) and are written back on every run, so the address bar always holds a
link that restores the view. Workspaces come from `PILOTAGE_WORKSPACES` (a folder of workspace files, with a
picker), `PILOTAGE_WORKSPACE` (one file), else the built-in demo.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from pilotage.core.model import Dataset
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace, load_workspace, workspace_files
from presentation import i18n

FILTER_KEYS = ("ws", "team", "as_of", "item", "lang", "snapshot", "exp", "sig")


def workspace_choices() -> dict[str, Path | None]:
    """Slug → workspace file (None = the built-in demo)."""
    folder = os.environ.get("PILOTAGE_WORKSPACES")
    if folder:
        return {Path(p).stem.lower(): Path(p) for p in workspace_files(folder)}
    single = os.environ.get("PILOTAGE_WORKSPACE")
    if single:
        return {Path(single).stem.lower(): Path(single)}
    return {"demo": None}


@st.cache_resource(show_spinner=False, max_entries=16)
def _workspace(path: str | None, mtime: float) -> Workspace:
    return load_workspace(path)


def get_workspace(path: Path | None) -> Workspace:
    mtime = path.stat().st_mtime if path and path.exists() else 0.0
    return _workspace(str(path) if path else None, mtime)


@st.cache_resource(show_spinner=False, max_entries=16)
def _store(url: str, _ws: Workspace) -> Store:
    from pilotage.application.service import store_for

    return store_for(_ws)  # builds the demo store on first use


def get_store(ws: Workspace) -> Store:
    return _store(ws.store, ws)


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(url: str, version: int, _store: Store) -> Dataset:
    return _store.load()


def get_dataset(ws: Workspace) -> Dataset:
    """The workspace's data at the store's current data version (reloaded only after a sync)."""
    store = get_store(ws)
    return _dataset(ws.store, store.data_version(), store)


@dataclass
class Filters:
    ws: str
    team: str  # "" = all teams
    as_of: date | None
    item: str
    lang: str
    snapshot: str
    exp: str = ""  # expiry and signature of a signed snapshot link
    sig: str = ""

    def query(self) -> dict[str, str]:
        values = {
            "ws": self.ws, "team": self.team, "as_of": self.as_of.isoformat() if self.as_of else "",
            "item": self.item, "lang": self.lang, "snapshot": self.snapshot, "exp": self.exp, "sig": self.sig,
        }
        return {k: v for k, v in values.items() if v}


def read_filters(default_lang: str) -> Filters:
    """Query string first, then what this session last chose, then defaults."""
    qp = st.query_params
    remembered = st.session_state.setdefault("filters", {})

    def pick(key: str, default: str = "") -> str:
        value = qp.get(key)
        if value is None:
            value = remembered.get(key, default)
        return value

    as_of_text = pick("as_of")
    try:
        as_of = date.fromisoformat(as_of_text) if as_of_text else None
    except ValueError:
        as_of = None
    lang = pick("lang", default_lang)
    return Filters(
        ws=pick("ws"), team=pick("team"), as_of=as_of, item=pick("item"),
        lang=lang if lang in i18n.LANGUAGES else default_lang, snapshot=pick("snapshot"),
        exp=pick("exp"), sig=pick("sig"),
    )


def write_filters(filters: Filters) -> None:
    """Mirror the filters into the URL and the session (only when they changed, to avoid reruns)."""
    wanted = filters.query()
    st.session_state["filters"] = dict(wanted)
    current = {k: st.query_params.get(k) for k in FILTER_KEYS if st.query_params.get(k)}
    if current != wanted:
        for k in FILTER_KEYS:
            if k in st.query_params and k not in wanted:
                del st.query_params[k]
        st.query_params.update(wanted)


@st.cache_resource(show_spinner=False, max_entries=32)
def _snapshot(url: str, snapshot_id: str, _store: Store):
    from pilotage.application.snapshots import load

    return load(_store, snapshot_id)  # verifies the hash; snapshots never change once frozen


def get_snapshot(ws: Workspace, snapshot_id: str):
    """The verified snapshot (SnapshotError when missing or tampered with)."""
    return _snapshot(ws.store, snapshot_id, get_store(ws))
