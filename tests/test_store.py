"""The store on a real SQLite file and a real PostgreSQL server: round trips, atomic runs, incremental upserts,
migrations, and a reader that keeps reading while another process writes syncs."""

from __future__ import annotations

import multiprocessing as mp
import time

import pandas as pd
import pytest

from pilotage.core.errors import StoreError
from pilotage.core.model import TABLES, Batch, Quarantined, RawPayload, to_frame
from pilotage.core.store import MIGRATIONS, SCHEMA_VERSION, Store, SyncRecord
from tests.conftest import drop_postgres_schema, new_postgres_store, postgres_unavailable

NOW = pd.Timestamp("2026-11-20T12:00Z")


def issues_batch(generation: int, n: int, *, full: bool = True, ids=None) -> Batch:
    """n issues, each with 3 status changes, all tagged with the generation in their summary."""
    keys = ids if ids is not None else [f"P-{i}" for i in range(n)]
    created = pd.Timestamp("2026-01-01T00:00Z")
    issues = to_frame("issues", pd.DataFrame({
        "id": [f"jira:{k}" for k in keys], "source": "jira", "source_id": [k.split("-")[1] for k in keys],
        "key": keys, "project": "P", "issue_type": "Story", "is_subtask": False, "summary": f"gen{generation}",
        "status": "Done", "status_category": "done", "created_at": created, "updated_at": created,
        "story_points": 3.0, "labels": "a b",
    }))
    changes = to_frame("status_changes", pd.DataFrame({
        "item_id": [f"jira:{k}" for k in keys for _ in range(3)], "source": "jira",
        "at": [created + pd.Timedelta(days=d) for _ in keys for d in range(3)],
        "seq": [s for _ in keys for s in range(3)],
        "from_status": [f for _ in keys for f in (None, "To Do", "In Progress")],
        "to_status": [t for _ in keys for t in ("To Do", "In Progress", "Done")],
    }))
    refreshed = set(issues["id"]) if not full else set()
    return Batch("jira", {"issues": issues, "status_changes": changes}, full=full, refreshed=refreshed)


def record(mode="full", watermark=None):
    return SyncRecord("jira", mode, NOW, watermark, {"issues": 1})


def test_round_trip_every_table_type(store):
    batch = issues_batch(1, 5)
    batch.frames["sprints"] = to_frame("sprints", [{"id": "jira:sprint:1", "source": "jira", "board_id": 1, "name": "S1",
                                                    "state": "closed", "start_at": "2026-01-05T09:00:00+01:00"}])
    version = store.apply_sync(batch, record(), raw=[RawPayload("jira", "issue", "1", '{"a": 1}')],
                               quarantined=[Quarantined("jira", "issue", "9", "fields.created: not a date")])
    ds = store.load()
    assert version == ds.data_version == store.data_version() == 1
    for name in ("issues", "status_changes", "sprints"):
        pd.testing.assert_frame_equal(ds.frames[name], batch.frames[name].sort_values(list(TABLES[name].key)).reset_index(drop=True))
    assert ds.sprints.loc[0, "start_at"] == pd.Timestamp("2026-01-05T08:00Z")
    assert [r.payload for r in store.raw("jira")] == ['{"a": 1}']
    assert store.quarantined()["reason"].tolist() == ["fields.created: not a date"]
    assert store.counts()["status_changes"] == 15


def test_incremental_upsert_replaces_only_refreshed_and_deleted(store):
    store.apply_sync(issues_batch(1, 10), record())
    update = issues_batch(2, 0, full=False, ids=["P-3", "P-11"])
    update.deleted = {"jira:P-5"}
    store.apply_sync(update, record("incremental", "w2"))
    ds = store.load()
    assert len(ds.issues) == 10  # 10 − P-5 + P-11
    summaries = dict(zip(ds.issues["key"], ds.issues["summary"]))
    assert summaries["P-3"] == "gen2" and summaries["P-11"] == "gen2" and summaries["P-0"] == "gen1"
    assert "P-5" not in summaries
    assert (ds.status_changes.groupby("item_id").size() == 3).all()  # no duplicated history
    assert store.last_watermark("jira") == "w2"


def test_invalid_batch_is_refused_and_nothing_lost(store):
    store.apply_sync(issues_batch(1, 4), record(watermark="w1"))
    before = store.load()
    bad = issues_batch(2, 4)
    bad.frames["status_changes"] = pd.concat([bad.frames["status_changes"]] * 2)  # duplicate keys
    with pytest.raises(StoreError, match="status_changes: 12 duplicate key"):
        store.apply_sync(bad, record(watermark="w2"))
    after = store.load()
    assert after.data_version == before.data_version
    pd.testing.assert_frame_equal(after.issues, before.issues)
    assert store.last_watermark("jira") == "w1"


def test_failure_inside_the_transaction_rolls_back(store, monkeypatch):
    store.apply_sync(issues_batch(1, 4), record(watermark="w1"))
    before = store.load()
    import pilotage.core.store as store_module

    real = store_module._bulk_insert

    def failing(conn, name, frame):  # the issues table is already replaced when status_changes fails
        if name == "status_changes":
            raise store_module.sa.exc.OperationalError("INSERT", {}, Exception("disk full"))
        real(conn, name, frame)

    monkeypatch.setattr(store_module, "_bulk_insert", failing)
    with pytest.raises(StoreError, match="disk full"):
        store.apply_sync(issues_batch(2, 6), record(watermark="w2"))
    monkeypatch.setattr(store_module, "_bulk_insert", real)
    after = store.load()
    pd.testing.assert_frame_equal(after.issues, before.issues)
    assert after.data_version == before.data_version and store.last_watermark("jira") == "w1"


def test_failed_run_is_recorded_without_touching_data(store):
    store.apply_sync(issues_batch(1, 2), record(watermark="w1"))
    store.record_failed_run("jira", "incremental", NOW, "https://x.atlassian.net refused the token: check JIRA_TOKEN")
    runs = store.runs()
    assert runs["status"].tolist() == ["failed", "ok"]
    assert store.last_watermark("jira") == "w1" and store.data_version() == 1


def test_migrations_are_versioned_and_idempotent(store):
    assert MIGRATIONS[-1][0] == SCHEMA_VERSION
    assert store.migrate() == SCHEMA_VERSION
    assert store.migrate() == SCHEMA_VERSION
    assert store.data_version() == 0 and store.is_empty()


def test_unreachable_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="store"):
        Store("postgresql://nobody@127.0.0.1:1/none").migrate()


# ------------------------------------------------------------------ one process writes, another reads

N_ISSUES = 1500
GENERATIONS = 6


def _writer(url: str) -> None:
    store = Store(url)
    for generation in range(1, GENERATIONS + 1):
        store.apply_sync(issues_batch(generation, N_ISSUES), SyncRecord("jira", "full", NOW))
        time.sleep(0.05)


def _reader(url: str, results) -> None:
    store = Store(url)
    seen = []
    deadline = time.time() + 60
    while time.time() < deadline:
        ds = store.load()
        gens = set(ds.issues["summary"])
        seen.append((ds.data_version, len(ds.issues), len(ds.status_changes), sorted(gens)))
        if ds.data_version > GENERATIONS:
            break
    results.put(seen)


def _concurrent(url: str) -> list:
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    Store(url).apply_sync(issues_batch(0, N_ISSUES), SyncRecord("jira", "full", NOW))  # version 1 = gen0
    reader = ctx.Process(target=_reader, args=(url, results))
    writer = ctx.Process(target=_writer, args=(url,))
    reader.start()
    writer.start()
    writer.join(90)
    seen = results.get(timeout=90)
    reader.join(10)
    assert writer.exitcode == 0 and reader.exitcode == 0
    return seen


def _assert_consistent(seen: list) -> None:
    assert len(seen) >= 2
    for version, n_issues, n_changes, gens in seen:
        assert n_issues == N_ISSUES and n_changes == 3 * N_ISSUES  # never a partial sync
        assert gens == [f"gen{version - 1}"]  # the data matches its version
    assert seen[-1][0] == GENERATIONS + 1  # every write landed


def test_reader_never_sees_a_partial_sync_sqlite(tmp_path):
    _assert_consistent(_concurrent(f"sqlite:///{tmp_path / 'concurrent.db'}"))


def test_reader_never_sees_a_partial_sync_postgresql():
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    store, schema = new_postgres_store()
    try:
        store.migrate()
        _assert_consistent(_concurrent(store.url))
    finally:
        store.close()
        drop_postgres_schema(schema)


def test_a_version_1_store_is_upgraded_in_place(tmp_path):
    import sqlalchemy as sa

    import pilotage.core.store as store_module

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Store(url)
    with old._tx(write=True) as conn:  # what a store made before snapshots existed looks like
        store_module._migration_1(conn)
        old._set_meta(conn, "schema_version", "1")
        old._set_meta(conn, "data_version", "7")
    old.close()
    store = Store(url)
    assert store.migrate() == SCHEMA_VERSION
    assert store.data_version() == 7  # data kept
    assert sa.inspect(store.engine).has_table("snapshots")
