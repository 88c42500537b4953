"""The dashboard keeps serving while a sync writes and a snapshot is frozen.

A writer process replaces the demo company's Jira data several times (a full run each, alternating two sizes, so
every data version has its own known row counts), a second process freezes snapshots meanwhile, and the dashboard
is read by AppTest visitors, each in its own process (the executive page rendered in a loop), and, with `-m slow`,
by HTTP clients of a real `streamlit run` server. Every page render must succeed and show one data version
throughout: the views it renders were computed from the dataset it holds, and that dataset has exactly the rows
written at its version. Bounded: a few syncs, two visitors, two HTTP clients, a deadline of 90 s.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
import urllib.request

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pilotage.core.store import Store, SyncRecord
from tests.app_support import streamlit_server
from tests.selection import slow_selected
from tests.test_app import DASHBOARD

SIZES = (700, 500)  # work items of the demo company, alternately (500 is its smallest size)
SYNCS = 3
SESSIONS = 2
DEADLINE = 90  # seconds: the most the exercise may take on a loaded machine


def write_syncs(url: str, done) -> None:
    """Writer process: full Jira runs of the demo company at alternating sizes; the row counts go with the run."""
    from connectors.demo import generate

    store = Store(url)
    for i in range(SYNCS):
        batch = generate(seed=7 + i, items=SIZES[i % 2])["jira"]
        counts = {name: len(frame) for name, frame in batch.frames.items()}
        store.apply_sync(batch, SyncRecord("jira", "full", pd.Timestamp("2026-11-23T06:00Z"), stats=counts))
        time.sleep(0.3)
    done.set()


def freeze_snapshots(url: str, started) -> None:
    """Snapshot process: freeze the demo company twice while the writer runs."""
    import os
    from datetime import date

    from pilotage.application import snapshots
    from pilotage.core.workspace import load_workspace

    os.environ["PILOTAGE_DEMO_STORE"] = url
    started.wait(30)
    store = Store(url)
    for i in range(2):
        snapshots.create(load_workspace(), store, as_of=date(2026, 11, 20), title=f"Concurrent board {i}")


def jira_rows_by_version(url: str) -> dict[int, dict[str, int]]:
    """Rows of each Jira table the writer (or the demo build) committed, by the data version of its run."""
    runs = Store(url).runs(limit=100)
    out = {}
    for run in runs.loc[(runs["status"] == "ok") & (runs["source"] == "jira")].itertuples():
        out[int(run.data_version)] = {k: v for k, v in json.loads(run.stats).items() if isinstance(v, int)}
    return out


def jira_rows_at(version: int, by_version: dict[int, dict[str, int]]) -> dict[str, int]:
    """The Jira rows in the store at a data version: those of the last Jira run at or before it."""
    return by_version[max(v for v in by_version if v <= version)]


@pytest.fixture
def demo_copy(tmp_path, monkeypatch):
    """A demo store of its own (the writer changes it), the built-in demo workspace pointed at it."""
    from pilotage.application.service import build_demo_store

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo_store(Store(url), items=SIZES[1])
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", url)
    return url


def render_loop(url: str, done, ready, results) -> None:
    """Dashboard visitors in their own process (AppTest keeps process-wide state): a new visitor renders the
    executive page again and again until the writer is done, then once more; report what each render held."""
    import os

    os.environ["PILOTAGE_DEMO_STORE"] = url
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        finished = done.is_set()
        at = AppTest.from_file(DASHBOARD, default_timeout=DEADLINE)
        at.run()
        if at.exception:
            results.put(("error", at.exception[0].message))
            return
        c = at.session_state["_context"]
        results.put(("render", (c.data.data_version, c.views["meta"]["data_version"], len(c.data.issues))))
        ready.set()
        if finished:
            break
    results.put(("end", None))


def test_pages_render_one_data_version_while_a_sync_and_a_snapshot_run(demo_copy):
    url = demo_copy
    ctx = multiprocessing.get_context("spawn")
    done, ready, results = ctx.Event(), ctx.Event(), ctx.Queue()
    sessions = [ctx.Process(target=render_loop, args=(url, done, ready, results)) for _ in range(SESSIONS)]
    for p in sessions:
        p.start()
    assert ready.wait(DEADLINE), "no session rendered the page"
    writer = ctx.Process(target=write_syncs, args=(url, done))
    freezer = ctx.Process(target=freeze_snapshots, args=(url, ready))
    writer.start()
    freezer.start()
    renders: list[tuple[int, int, int]] = []  # (data version of the dataset, of the views, issues it holds)
    errors: list[str] = []
    ended = 0
    while ended < SESSIONS:
        kind, value = results.get(timeout=DEADLINE + 30)
        if kind == "render":
            renders.append(value)
        else:
            ended += 1
            if kind == "error":
                errors.append(value)
    for p in (*sessions, writer, freezer):
        p.join(60)

    assert errors == []
    assert writer.exitcode == 0 and freezer.exitcode == 0
    expected = jira_rows_by_version(url)
    last = max(expected)
    assert last == 2 + SYNCS  # the demo build wrote its Jira then its GitHub run, then the writer's runs
    for data_version, views_version, issues in renders:
        assert views_version == data_version  # the page rendered views of the data it holds
        assert issues == jira_rows_at(data_version, expected)["issues"], data_version  # never half a sync
    assert {v for v, _, _ in renders} >= {last}  # the sessions saw the syncs land
    assert len({v for v, _, _ in renders}) >= 2

    from pilotage.application import snapshots

    store = Store(url)
    frozen = store.list_snapshots()
    assert len(frozen) == 2
    for snapshot_id in frozen["id"]:
        snap = snapshots.load(store, snapshot_id)  # hash verified
        assert snap.payload["views"]["meta"]["data_version"] == snap.data_version


@pytest.mark.slow
def test_the_server_answers_while_a_sync_writes(demo_copy, request):
    if not slow_selected(request.config):
        pytest.skip("a real streamlit server: run with -m slow")
    ctx = multiprocessing.get_context("spawn")
    done = ctx.Event()
    answers: list[int] = []
    with streamlit_server({"PILOTAGE_DEMO_STORE": demo_copy}) as base:
        writer = ctx.Process(target=write_syncs, args=(demo_copy, done))
        writer.start()

        def client() -> None:
            end = time.monotonic() + DEADLINE
            while time.monotonic() < end and not done.is_set():
                for path in ("_stcore/health", ""):
                    with urllib.request.urlopen(base + path, timeout=10) as response:
                        answers.append(response.status)
                time.sleep(0.05)

        clients = [threading.Thread(target=client) for _ in range(2)]
        for t in clients:
            t.start()
        for t in clients:
            t.join(DEADLINE + 15)
        writer.join(30)
    assert writer.exitcode == 0
    assert len(answers) >= 4 and set(answers) == {200}
