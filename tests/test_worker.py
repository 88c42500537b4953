"""The sync worker on SQLite and PostgreSQL: two workers started together make one sync (the other names the
holder and skips); SIGTERM in the middle of a run leaves the store as it was and the next run completes; a source
down for three runs turns the pages' freshness line into a warning naming it, and `status` exits 1."""

from __future__ import annotations

import random
import signal
import time

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pilotage.application.freshness import FAILURES_BEFORE_WARNING, SCHEDULE_NOTE, freshness
from pilotage.application.sync import run_sync
from pilotage.application.worker import Schedule, Worker, parse_interval
from pilotage.cli import main
from pilotage.core.errors import SyncBusy
from pilotage.core.store import Store
from pilotage.core.workspace import load_workspace
from tests.operations_support import env, jira_emulator, pilotage, write_workspace
from tests.test_app import DASHBOARD


@pytest.fixture
def emu():
    e = jira_emulator()
    yield e
    e.stop()


def ok_runs(store: Store) -> int:
    runs = store.runs()
    return int((runs["status"] == "ok").sum())


def test_two_workers_started_together_make_one_sync(store, emu, tmp_path):
    path = write_workspace(tmp_path, emu, store.url)
    emu.fail("slow", path="/rest/api/2/search", delay=4)  # the first run holds the lock long enough
    first, second = (pilotage("worker", "--once", "-w", str(path), environ=env(emu)) for _ in range(2))
    results = [(p.wait(60), p.stderr.read()) for p in (first, second)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    skipped = next(err for code, err in results if code == 1)
    assert "skipped: worker on" in skipped and "pid" in skipped  # names who holds the lock
    assert len(store.runs()) == 1 and ok_runs(store) == 1  # the skipped worker recorded nothing either
    assert store.read_note(SCHEDULE_NOTE) is None  # a one-off run sets no schedule for the staleness limit


def test_the_lock_says_who_holds_it_and_is_released(store):
    with store.sync_lock("worker"):
        with pytest.raises(SyncBusy) as busy:
            with Store(store.url).sync_lock("dashboard", wait=0.3):
                pass
        assert busy.value.holder.startswith("worker on ") and "pid" in busy.value.holder
    with Store(store.url).sync_lock("dashboard"):  # free again
        pass


def test_sigterm_mid_run_leaves_the_store_unchanged_then_the_next_run_completes(store, emu, tmp_path, monkeypatch):
    path = write_workspace(tmp_path, emu, store.url)
    monkeypatch.setenv("JIRA_TOKEN", emu.token)
    ws = load_workspace(path)
    [first] = run_sync(ws, store)
    assert first.ok
    before_version, before_counts = store.data_version(), store.counts()
    emu.add_issue({"key": "PAY-999", "type": "Story", "created": "2024-06-03T11:00:00.000+0000"})
    emu.now = emu.now.replace(hour=14)
    slow = emu.fail("slow", path="/rest/api/2/search", delay=30)
    worker = pilotage("worker", "-w", str(path), "--every", "1h", "--jitter", "0", "--full-at", "-1",
                      environ=env(emu))
    deadline = time.time() + 30
    while not slow.fired and time.time() < deadline:
        time.sleep(0.1)
    assert slow.fired, worker.stderr.read() if worker.poll() is not None else "the worker never searched"
    t0 = time.perf_counter()
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(20) == 0
    assert time.perf_counter() - t0 < 10  # it did not wait for the 30 s answer
    assert "rolled back" in worker.stderr.read()
    assert store.read_note(SCHEDULE_NOTE) == "3600.0"  # the pages now call data older than 2 h stale
    assert store.data_version() == before_version and store.counts() == before_counts
    assert ok_runs(store) == 1
    emu.faults.clear()
    again = pilotage("worker", "--once", "-w", str(path), environ=env(emu))
    assert again.wait(60) == 0, again.stderr.read()
    assert store.data_version() == before_version + 1
    assert store.counts()["issues"] == before_counts["issues"] + 1
    line = again.stderr.read()
    assert "workspace=acme source=jira mode=incremental result=ok" in line and "requests=" in line


def test_a_source_down_for_three_runs_warns_and_status_exits_1(store, emu, tmp_path, monkeypatch, capsys):
    path = write_workspace(tmp_path, emu, store.url)
    monkeypatch.setenv("JIRA_TOKEN", emu.token)
    ws = load_workspace(path)
    clock = [time.time()]
    worker = Worker([ws], Schedule(every=3600, jitter=0), log=lambda line: None, clock=lambda: clock[0])
    assert all(s.ok for s in worker.run_once(ws))
    assert main(["status", "-w", str(path)]) == 0
    assert "Data from Jira as of" in capsys.readouterr().out
    emu.fail("500", path="/rest/api/2/serverInfo", times=100)
    for attempt in range(1, FAILURES_BEFORE_WARNING + 1):
        [summary] = worker.run_once(ws)
        assert not summary.ok
        fresh = freshness(ws, store)
        assert fresh.stale == (attempt >= FAILURES_BEFORE_WARNING)
    assert main(["status", "-w", str(path)]) == 1
    out = capsys.readouterr().out
    assert "WARNING: The figures may be out of date: Jira could not be read since" in out
    assert f"({FAILURES_BEFORE_WARNING} attempts failed)" in out
    assert main(["status", "-w", str(path), "--lang", "fr"]) == 1
    assert "Jira n'a pas pu être lu depuis le" in capsys.readouterr().out
    for page in ("app_pages/executive.py", "app_pages/delivery.py"):  # drawn by the router, before any page
        monkeypatch.setenv("PILOTAGE_WORKSPACE", str(path))
        st.cache_resource.clear()
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.switch_page(page)
        at.run()
        assert [w.value for w in at.warning if "Jira could not be read since" in w.value], page


def test_fresh_data_shows_its_time_on_the_page(sqlite_store, emu, tmp_path, monkeypatch):
    path = write_workspace(tmp_path, emu, sqlite_store.url)
    monkeypatch.setenv("JIRA_TOKEN", emu.token)
    monkeypatch.setenv("PILOTAGE_WORKSPACE", str(path))
    assert all(s.ok for s in run_sync(load_workspace(path), sqlite_store))
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert not at.warning
    assert any(c.value.startswith("Données de Jira au ") and ("(il y a " in c.value or "à l'instant" in c.value)
               for c in at.caption)


def test_back_off_after_failures_then_the_schedule_again(sqlite_store, emu, tmp_path, monkeypatch):
    path = write_workspace(tmp_path, emu, sqlite_store.url)
    monkeypatch.setenv("JIRA_TOKEN", emu.token)
    ws = load_workspace(path)
    clock = [1_000_000.0]
    worker = Worker([ws], Schedule(every=3600, jitter=0, retry_first=60), log=lambda line: None,
                    clock=lambda: clock[0], rng=random.Random(1))
    emu.fail("500", path="/rest/api/2/serverInfo", times=3)
    waits = []
    for _ in range(4):
        worker.run_once(ws)
        waits.append(worker._due[ws.slug].at - clock[0])
    assert waits == [60, 120, 240, 3600]


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("15m", 900), ("1h", 3600), ("1d", 86400), ("30", 30)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


def test_parse_interval_refuses_nonsense():
    with pytest.raises(ValueError, match="15m, 1h or 1d"):
        parse_interval("hourly")


def test_the_nightly_full_run(sqlite_store, emu, tmp_path, monkeypatch):
    from datetime import UTC, datetime

    path = write_workspace(tmp_path, emu, sqlite_store.url)
    monkeypatch.setenv("JIRA_TOKEN", emu.token)
    ws = load_workspace(path)
    at = [datetime(2026, 11, 23, 1, 0, tzinfo=UTC)]
    worker = Worker([ws], Schedule(every=3600, jitter=0, nightly_full_hour=2), log=lambda line: None,
                    clock=lambda: at[0].timestamp())
    modes = []
    for hour, day in ((1, 23), (1, 23), (2, 23), (3, 23), (1, 24), (2, 24), (5, 24)):
        at[0] = datetime(2026, 11, day, hour, 30, tzinfo=UTC)
        [summary] = worker.run_once(ws)
        modes.append(summary.mode)
    # the first run is full (nothing stored yet), then one full run a day, the first at or after 02:00 UTC
    assert modes == ["full", "incremental", "full", "incremental", "incremental", "full", "incremental"]
    # A restarted worker reads the day of the last full run from the store, whose runs carry the real time: on the
    # real clock, today's full run (the ones above) is not done again.
    restarted = Worker([ws], Schedule(every=3600, jitter=0, nightly_full_hour=0), log=lambda line: None)
    assert restarted.run_once(ws)[0].mode == "incremental"


@pytest.mark.parametrize(("now", "due"), [
    ("2026-11-23T06:59", None),  # Monday before 07:00: last week's window is over
    ("2026-11-23T07:00", "2026-11-23"),
    ("2026-11-23T15:00", "2026-11-23"),
    ("2026-11-24T07:00", "2026-11-23"),  # a day late still sends
    ("2026-11-24T07:01", None),  # later: wait for next Monday
    ("2026-11-26T12:00", None),
])
def test_when_the_weekly_digest_is_due(now, due):
    from datetime import UTC, date, datetime

    from pilotage.application.digest import digest_due, parse_digest_at

    weekday, hour = parse_digest_at("mon@7")
    result = digest_due(datetime.fromisoformat(now).replace(tzinfo=UTC), weekday, hour)
    assert result == (date.fromisoformat(due) if due else None)


def test_digest_at_refuses_nonsense():
    from pilotage.application.digest import parse_digest_at

    for text in ("monday", "mon@25", "xyz@7"):
        with pytest.raises(ValueError, match="DAY@HOUR"):
            parse_digest_at(text)


def test_one_worker_refreshes_every_workspace_of_the_folder(emu, tmp_path):
    stores = {name: Store(f"sqlite:///{tmp_path / name}.db") for name in ("acme", "beta")}
    for name, store in stores.items():
        write_workspace(tmp_path, emu, store.url, name=name)
    worker = pilotage("worker", "--once", environ=env(emu, PILOTAGE_WORKSPACES=str(tmp_path)))
    assert worker.wait(90) == 0, worker.stderr.read()
    log = worker.stderr.read()
    for name, store in stores.items():
        assert f"workspace={name} source=jira mode=full result=ok" in log
        assert ok_runs(store) == 1
