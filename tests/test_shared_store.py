"""One dashboard process, several companies on one PostgreSQL database (a schema each): the caches never mix
workspaces or data versions, a sync by another process shows at the next page view, and the Data page's sync
button says who holds the sync lock instead of syncing at the same time."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pilotage.application.sync import run_sync
from pilotage.core.workspace import load_workspace
from tests.conftest import drop_postgres_schema, new_postgres_store, postgres_unavailable
from tests.operations_support import jira_emulator, write_workspace
from tests.test_app import DASHBOARD


@pytest.fixture
def companies(tmp_path, monkeypatch):
    """Two workspaces (60 and 30 synthetic issues), each synced into its own schema of the test database."""
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    made = []
    for name, n in (("acme", 60), ("beta", 30)):
        store, schema = new_postgres_store()
        emu = jira_emulator(n)
        path = write_workspace(tmp_path, emu, store.url, name=name)
        made.append((name, store, schema, emu, path))
    monkeypatch.setenv("JIRA_TOKEN", made[0][3].token)  # the emulators share the default token
    monkeypatch.setenv("PILOTAGE_WORKSPACES", str(tmp_path))
    for _name, store, _schema, _emu, path in made:
        assert all(s.ok for s in run_sync(load_workspace(path), store))
    yield {name: (store, emu, path) for name, store, _s, emu, path in made}
    for _name, store, schema, emu, _path in made:
        store.close()
        emu.stop()
        drop_postgres_schema(schema)


def shown_counts(at: AppTest) -> dict[str, int]:
    """The Data page's row counts (table label → rows)."""
    frame = next(df.value for df in at.dataframe if list(df.value.columns) == ["table", "rows"])
    return dict(zip(frame["table"], frame["rows"]))


def open_data_page(at: AppTest, ws: str) -> None:
    at.query_params["ws"] = ws
    at.run()
    assert not at.exception, at.exception


def test_caches_never_mix_workspaces_or_data_versions(companies):
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.switch_page("app_pages/data.py")
    seen = {}
    for ws in ("acme", "beta", "acme"):
        open_data_page(at, ws)
        store = companies[ws][0]
        counts = shown_counts(at)
        seen.setdefault(ws, counts)
        assert seen[ws] == counts  # the same company shows its own figures each time
        assert f"data version {store.data_version()}" in " ".join(c.value for c in at.caption)
    assert seen["acme"] != seen["beta"]

    # another process (the worker) syncs acme: the next page view shows the new version, beta is untouched
    store, emu, path = companies["acme"]
    emu.add_issue({"key": "PAY-999", "type": "Story", "created": "2024-06-03T11:00:00.000+0000"})
    emu.now = emu.now.replace(hour=14)
    assert all(s.ok for s in run_sync(load_workspace(path), store, holder="worker"))
    open_data_page(at, "acme")
    assert shown_counts(at) != seen["acme"]
    assert f"data version {store.data_version()}" in " ".join(c.value for c in at.caption)
    open_data_page(at, "beta")
    assert shown_counts(at) == seen["beta"]


def test_the_sync_button_names_the_worker_holding_the_lock(companies):
    store, _emu, _path = companies["beta"]
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.switch_page("app_pages/data.py")
    open_data_page(at, "beta")
    version = store.data_version()
    with store.sync_lock("worker"):
        next(b for b in at.button if b.label == "Sync now").click().run()
    assert any("A sync of this workspace is already running (worker on " in i.value for i in at.info)
    assert store.data_version() == version
