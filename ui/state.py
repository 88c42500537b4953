"""Where the dashboard's state lives: the chosen workspace, filters in the URL, and caches keyed on the data version.

Filters (workspace, team, as_of, item, language, snapshot) live in the session (the sidebar widgets, keyed), are
seeded from the query string when it changed (a link followed), and are written back on every run, so the address
bar always holds a link that restores the view. Workspaces come from `PILOTAGE_WORKSPACES` (a folder of workspace files, with a
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
def _workspace(path: str | None, mtime_ns: int, size: int) -> Workspace:
    return load_workspace(path)


def get_workspace(path: Path | None) -> Workspace:
    """The parsed workspace file, read again as soon as it is saved (its modification time or size changed)."""
    stat = path.stat() if path and path.exists() else None
    return _workspace(str(path) if path else None, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


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


# Sidebar widget keys: each widget keeps the user's choice in the session under its key (Streamlit 1.67 rebuilds a
# widget whose `index=`/`value=` changed, dropping the choice); the address only seeds them when it changed.
WIDGET_KEYS = {"lang": "side_lang", "ws": "side_ws", "team": "side_team", "as_of": "side_as_of"}
WRITTEN = "_address_written"  # session key: the filters this session last wrote to the address
KEPT_BY_LINKS = ("lang", "ws")  # a followed link that does not name them leaves them as they were


def address_filters() -> dict[str, str]:
    """The filters the address holds now (empty values left out)."""
    return {k: st.query_params[k] for k in FILTER_KEYS if st.query_params.get(k)}


def read_filters(default_lang: str) -> Filters:
    """This run's filters, and the sidebar widgets put in step with them.

    The address wins when it differs from what this session last wrote there: a first visit, a pasted or followed
    link, the back button. A link is a whole view: filters it does not name go back to their defaults, except the
    language and the workspace. Otherwise the session's choices stand, and the widgets (which hold the user's
    latest click) override them in the router. A page switch in the browser drops the whole query string: the
    session's values stay, and write_filters puts them back in the address.
    """
    state = st.session_state
    address = address_filters()
    remembered = state.setdefault("filters", {})
    followed = bool(address) and address != state.get(WRITTEN)
    values = ({k: remembered[k] for k in KEPT_BY_LINKS if k in remembered} | address) if followed else remembered
    as_of_text = values.get("as_of", "")
    try:
        as_of = date.fromisoformat(as_of_text) if as_of_text else None
    except ValueError:
        as_of = None
    lang = values.get("lang", default_lang)
    filters = Filters(
        ws=values.get("ws", ""), team=values.get("team", ""), as_of=as_of, item=values.get("item", ""),
        lang=lang if lang in i18n.LANGUAGES else default_lang, snapshot=values.get("snapshot", ""),
        exp=values.get("exp", ""), sig=values.get("sig", ""),
    )
    if followed:  # the widgets show what the link asks for (set before they are drawn in this run)
        for name, key in WIDGET_KEYS.items():
            if name in values or name not in KEPT_BY_LINKS:
                state[key] = getattr(filters, name)
    return filters


def write_filters(filters: Filters) -> None:
    """Mirror the filters into the URL and the session (only when they changed, to avoid reruns)."""
    wanted = filters.query()
    st.session_state["filters"] = dict(wanted)
    st.session_state[WRITTEN] = dict(wanted)
    if address_filters() != wanted:
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
