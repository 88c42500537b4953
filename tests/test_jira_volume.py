"""Volume measurements of the Jira connector (`python -m pytest -m slow -s tests/test_jira_volume.py`).

A 10,000-issue synthetic emulator (emulators/jira.py `add_synthetic`: ~2.7 changelog entries per issue, one
epic per 50 issues, 12 sprints) is synced into SQLite through `run_sync`, then 1% of the issues change and a second,
incremental run follows. The emulator lives in its own process, so time and memory are the connector's and the
store's. Prints issues/second, requests per 1,000 issues, peak memory (tracemalloc, on a second full run); asserts only
exact request counts.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import time
import tracemalloc

import pytest

from connectors.jira import connector_for
from emulators.jira import JiraEmulator, parse_time
from pilotage.application.sync import run_sync
from pilotage.core.store import Store
from pilotage.core.workspace import parse_workspace
from tests.selection import slow_selected

pytestmark = pytest.mark.slow

ISSUES = 10_000


@pytest.fixture(autouse=True)
def only_when_asked(request):
    if not slow_selected(request.config):
        pytest.skip("volume measurement: run with -m slow")


def serve(conn, mode: str, issues: int) -> None:
    """The emulator's process: build the data, then obey (command, *args) messages until "stop"."""
    emu = JiraEmulator(mode).start()
    emu.add_synthetic(issues, project="SYN", board_id=1)
    for spec in emu.issues.values():  # warm up: the forked process's first pass pays copy-on-write page faults
        emu.render(spec, None, changelog=True)
    conn.send(emu.url)
    while True:
        command, *args = conn.recv()
        if command == "stop":
            emu.stop()
            conn.send(None)
            return
        if command == "change":
            keys, at = args
            for key in keys:
                emu.change(key, at, points=(None, 13))
            emu.now = parse_time("2024-06-03T14:00:00.000+0000")
            conn.send(None)
        elif command == "requests":
            conn.send((len(emu.requests), emu.issues_served(with_changelog=True),
                       emu.issues_served(with_changelog=False)))
            emu.reset_requests()


@pytest.mark.parametrize("mode", ["server", "cloud"])
def test_a_10000_issue_sync_then_an_incremental_run_after_1_percent_changes(mode, tmp_path, monkeypatch):
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(target=serve, args=(child, mode, ISSUES), daemon=True)
    process.start()
    try:
        url = parent.recv()
        monkeypatch.setenv("JIRA_TOKEN", "pat-secret")
        monkeypatch.setenv("JIRA_USER", "cto@example.com")
        jira = {"url": url, "projects": ["SYN"], **({"user_env": "JIRA_USER"} if mode == "cloud" else {})}
        ws = parse_workspace({"jira": jira, "teams": [{"name": "Synthetic", "jira_projects": ["SYN"], "board": 1}]})
        store = Store(f"sqlite:///{tmp_path / 'volume.db'}")
        store.migrate()
        factory = lambda w, s: connector_for(w)  # noqa: E731  (the workspace's own timeout and retries)

        t0, cpu0 = time.perf_counter(), time.process_time()
        [full] = run_sync(ws, store, sources=["jira"], connector_factory=factory)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0  # cpu: this process, not the emulator
        parent.send(("requests",))
        requests, served, _ = parent.recv()
        assert full.ok, full.message
        assert served == ISSUES and full.stats["issues"] == ISSUES
        page = 1000 if mode == "server" else 100  # the emulator's caps: Data Center 1,000, Cloud 100
        pages = math.ceil(ISSUES / min(page, 100))  # we ask for 100 a page
        assert requests == full.stats["requests"] == 2 + 2 + 1 + 1 + 1 + pages  # serverInfo, field ×2, status,
        # versions, sprints, search pages

        # the same full sync again, for its memory: Python allocations traced (slower, so not timed)
        tracemalloc.start()
        [again] = run_sync(ws, store, sources=["jira"], full=True, connector_factory=factory)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        parent.send(("requests",))
        parent.recv()
        assert again.ok and again.stats["issues"] == ISSUES
        print(f"\n{mode}: {ISSUES} issues in {seconds:.1f} s ({ISSUES / seconds:.0f} issues/s; connector "
              f"{full.stats['seconds']:.1f} s, store write {seconds - full.stats['seconds']:.1f} s; {cpu:.1f} s of CPU), "
              f"{requests} requests ({requests / (ISSUES / 1000):.1f} per 1,000 issues), "
              f"{full.stats['changelog_entries']} changelog entries, peak traced memory {peak / 2**20:.0f} MB, "
              f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

        changed = [f"SYN-{n}" for n in range(3, ISSUES + 1, 100)]  # 1%
        parent.send(("change", changed, "2024-06-03T13:00:00.000+0000"))
        parent.recv()
        t0 = time.perf_counter()
        [second] = run_sync(ws, store, sources=["jira"], connector_factory=factory)
        seconds = time.perf_counter() - t0
        parent.send(("requests",))
        requests, served, listed = parent.recv()
        assert second.ok and second.mode == "incremental", second.message
        assert served == len(changed) == 100 and listed == ISSUES
        listing_pages = math.ceil(ISSUES / 1000)
        assert requests == second.stats["requests"] == 2 + 1 + 2 + 1 + 1 + 1 + 1 + listing_pages
        print(f"{mode}: incremental after changing {len(changed)} issues (1%): {requests} requests "
              f"({listing_pages} of them the id/key listing), {served} issues fetched, {seconds:.1f} s")
        assert store.counts()["issues"] == ISSUES
    finally:
        parent.send(("stop",))
        parent.recv()
        process.join(5)
